"""Cheap lexical evidence that two sentences translate each other.

Each sentence becomes a set of keys: normalised numbers and dates (``n:2022``; ``10.02.2022`` and
``February 10, 2022`` share ``n:10 n:2 n:2022``), punctuation signature (``p:?``, ``p:q`` for quotes,
``p:;*2`` for two semicolons), URLs and e-mails (``u:…``), cross-script word keys (``c:panki`` for
``Pankin``/``Панкина``: capitalised words; ``w:…`` other words, for cognates) and glossary entry ids
(``g:<id>``). Word keys that occur in only one of the two documents cannot help and are dropped; the
rest are weighted by rarity (IDF) and by kind.
"""

from __future__ import annotations

import math
import re
from array import array
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, Protocol, overload

import numpy as np

from aligntool.core.words import JOINED_LETTER_WORD
from aligntool.engines.alignment.transliteration import match_key

# A URL does not end with the punctuation of the sentence around it ("see www.x.org/a)?").
_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"«»]*[^\s<>\"«».,;:!?)\]]|[\w.+-]+@[\w-]+(?:\.[\w-]+)+",
                  re.IGNORECASE)
_DATE = re.compile(r"(?<!\d)(\d{1,2})[./](\d{1,2})[./](\d{4}|\d{2})(?!\d)")
# 1,000 / 1.000 / 1 000 (also no-break and thin spaces) are one number; 3,5 and 3.5 are the same decimal.
_NUMBER = re.compile(r"(?<![\d.,])\d{1,3}(?:[,.\u00a0\u202f ]\d{3})+(?![\d])(?:[.,]\d+)?|\d+(?:[.,]\d+)?")
# Punctuation signature: how many of each a sentence has (a French translation may split a German
# sentence at its semicolons; the count then still agrees over the bead).
_PUNCTUATION = {
    "?": re.compile(r"\?"), "!": re.compile("!"), "q": re.compile("[\"“”«»„‟‹›]"), "(": re.compile(r"[(\[{]"),
    ";": re.compile(";"), ":": re.compile(r":(?!//)"),
}
MAX_PUNCTUATION = 3
_GROUPED = re.compile(r"(\d{1,3})((?:[,.\u00a0\u202f ]\d{3})+)([.,]\d+)?")

# Multipliers by kind of key: a shared number or URL is stronger evidence than a shared word prefix.
KIND_WEIGHTS: dict[str, float] = {"n": 2.0, "u": 3.0, "g": 2.0, "c": 1.5, "w": 1.0, "p": 1.0}
# Kinds of key kept even when only one document has them.
ONE_SIDED_KINDS = frozenset("nup")
# Strong evidence: a translation keeps its URLs, question and exclamation marks and glossary terms, so
# one of these without a partner in the bead counts against it more than an unmatched word does.
# (Quotes, brackets, colons and semicolons are often restyled by translators; numbers get rewritten as
# words or unit conversions, and OCR garbles them.)
STRONG_KINDS = frozenset("ug")
STRONG_KEYS = frozenset({"p:?", "p:!"})
# Languages that capitalise every noun: a capital letter there says nothing about names.
NOUN_CAPITALISING = frozenset({"de", "lb"})


class GlossaryLike(Protocol):
    """What the aligner needs from :class:`aligntool.engines.terminology.termbase.Glossary`."""

    def find(self, text: str, lang: str) -> Sequence[Any]: ...


@lru_cache(maxsize=1)
def _months() -> tuple[dict[str, int], re.Pattern[str]]:
    exact: dict[str, int] = {}
    stems: list[str] = []
    text = resources.files("aligntool.engines.alignment.data").joinpath("months.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, _, number = line.partition("\t")
        exact[name] = int(number)
        if len(name) >= 5:
            stems.append(name)
    pattern = re.compile("|".join(sorted(map(re.escape, stems), key=len, reverse=True)))
    return exact, pattern


def month_number(word: str) -> int | None:
    """1–12 when ``word`` names a month (en, ru, kk, de, fr; inflected forms included), else None."""
    lower = word.lower()
    exact, stems = _months()
    if lower in exact:
        return exact[lower]
    match = stems.match(lower)
    return exact[match.group()] if match else None


def normalise_number(token: str) -> str:
    """``1,000``/``1 000``/``1.000`` → ``1000``; ``3,5`` → ``3.5``; ``007`` → ``7``.

    One group of three digits after a comma or point is read as thousands (``3,500 people``,
    ``1.000 Franken``), which is the common case in news text.
    """
    token = token.strip()
    match = _GROUPED.fullmatch(token)
    if match:
        digits = match.group(1) + re.sub(r"\D", "", match.group(2))
        if match.group(3):
            digits += "." + match.group(3)[1:]
    else:
        digits = token.replace(",", ".")
    whole, _, fraction = digits.partition(".")
    whole = whole.lstrip("0") or "0"
    fraction = fraction.rstrip("0")
    return whole + ("." + fraction if fraction else "")


def sentence_keys(text: str, lang: str, glossary: GlossaryLike | None = None) -> set[str]:
    """The evidence keys of one sentence (see the module docstring)."""
    keys: set[str] = set()
    for url in _URL.findall(text):
        keys.add("u:" + url.lower())
    rest = _URL.sub(" ", text)
    for name, pattern in _PUNCTUATION.items():
        count = len(pattern.findall(rest))
        if name == "q":
            count = (count + 1) // 2  # quotes come in pairs
        if count:
            keys.add(f"p:{name}" + (f"*{min(count, MAX_PUNCTUATION)}" if count > 1 else ""))
    for day, month, year in _DATE.findall(rest):
        keys.update(("n:" + normalise_number(day), "n:" + normalise_number(month), "n:" + year))
    rest = _DATE.sub(" ", rest)
    for number in _NUMBER.findall(rest):
        keys.add("n:" + normalise_number(number.strip()))
    names_marked = lang not in NOUN_CAPITALISING
    for position, match in enumerate(JOINED_LETTER_WORD.finditer(rest)):
        word = match.group()
        month = month_number(word)
        if month is not None:
            keys.add(f"n:{month}")
            continue
        capitalised = word[:1].isupper()
        acronym = len(word) >= 2 and word.isupper()
        if len(word) < 4 and not acronym:
            continue
        key = match_key(word)
        if len(key) < 2:
            continue
        kind = "c" if names_marked and capitalised and (position > 0 or acronym) else "w"
        keys.add(f"{kind}:{key}")
    if glossary is not None:
        for hit in glossary.find(text, lang):
            keys.add(f"g:{hit.entry.id}")
    return keys


class Ragged:
    """Per-sentence integer arrays stored end to end (values and offsets): two arrays for a whole document
    instead of one small array per sentence (about 100 bytes of overhead each)."""

    __slots__ = ("offsets", "values")

    def __init__(self, values: np.ndarray, offsets: np.ndarray) -> None:
        self.values = values
        self.offsets = offsets

    @classmethod
    def from_rows(cls, rows: Iterable[Iterable[int]]) -> Ragged:
        """Rows read one at a time (only the compact arrays grow)."""
        values = array("i")
        offsets = array("q", [0])
        for row in rows:
            values.extend(row)
            offsets.append(len(values))
        return cls(np.frombuffer(values, dtype=np.int32), np.frombuffer(offsets, dtype=np.int64))

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def __getitem__(self, row: int) -> np.ndarray:
        if row < 0:
            row += len(self)
        return self.values[self.offsets[row]:self.offsets[row + 1]]

    def __iter__(self) -> Iterator[np.ndarray]:
        for row in range(len(self)):
            yield self[row]

    def lengths(self) -> np.ndarray:
        """Number of values in each row."""
        return np.diff(self.offsets)

    def take(self, rows: Sequence[int]) -> Ragged:
        """These rows, in this order."""
        return Ragged.from_rows(self[row].tolist() for row in rows)


class KeyTable(Sequence[tuple[str, ...]]):
    """The evidence keys of every sentence of a document, compactly: each distinct key string once and
    one id array (a set per sentence costs about 2 KB; this about 4 bytes per key)."""

    def __init__(self, vocabulary: Sequence[str], ids: Ragged) -> None:
        self.vocabulary = vocabulary
        self.ids = ids

    @classmethod
    def build(cls, sentences: Iterable[Iterable[str]]) -> KeyTable:
        """From per-sentence key collections, read one at a time."""
        index: dict[str, int] = {}
        ids = Ragged.from_rows([index.setdefault(key, len(index)) for key in keys] for keys in sentences)
        return cls(list(index), ids)

    def __len__(self) -> int:
        return len(self.ids)

    @overload
    def __getitem__(self, row: int) -> tuple[str, ...]: ...

    @overload
    def __getitem__(self, row: slice) -> KeyTable: ...

    def __getitem__(self, row: int | slice) -> tuple[str, ...] | KeyTable:
        if isinstance(row, slice):
            return KeyTable(self.vocabulary, self.ids.take(range(len(self))[row]))
        vocabulary = self.vocabulary
        return tuple(vocabulary[key] for key in self.ids[row].tolist())


@dataclass
class SideFeatures:
    """One document's evidence: per sentence, key ids; prefix sums of the keys' weights."""

    keys: Ragged
    prefix: np.ndarray  # prefix[i] = total weight of sentences < i
    strong_prefix: np.ndarray  # the same for strong keys only (STRONG_KINDS, STRONG_KEYS)


class PostingIndex:
    """For each key id, the sorted sentence indices of the target document that contain it."""

    def __init__(self, side: SideFeatures, weights: np.ndarray, strong: np.ndarray) -> None:
        self.weights = weights
        self.strong = strong  # per key: a number, URL, punctuation mark or glossary term
        keys = side.keys
        rows = np.repeat(np.arange(len(keys), dtype=np.int64), keys.lengths())
        order = np.argsort(keys.values, kind="stable")  # by key, then sentence
        offsets = np.zeros(len(weights) + 1, dtype=np.int64)
        offsets[1:] = np.cumsum(np.bincount(keys.values, minlength=len(weights)))
        self.postings = Ragged(rows[order], offsets)


def _weight(kind: str, df: int, n_sentences: int) -> float:
    # IDF scaled to 0..1, times the kind's multiplier: a key in one sentence per document weighs ~1.
    n = max(n_sentences, 3)
    return KIND_WEIGHTS.get(kind, 1.0) * math.log(n / df) / math.log(n / 2)


def _expand(sentence: Iterable[str]) -> list[str]:
    """Keys as a multiset: ``p:;*2`` (two semicolons) becomes ``p:;`` twice; names become words."""
    out: list[str] = []
    for key in sentence:
        if key.startswith("c:"):
            # A name and the same word in lower case must meet ("Himalaya" in German, "himalayenne").
            out.append("w" + key[1:])
        elif key.startswith("p:") and "*" in key:
            name, _, count = key.partition("*")
            out.extend([name] * int(count))
        else:
            out.append(key)
    return out


def build_features(src_keys: Sequence[Iterable[str]], tgt_keys: Sequence[Iterable[str]]
                   ) -> tuple[SideFeatures, SideFeatures, PostingIndex]:
    """Keep the keys both documents share (and one-sided numbers, URLs, punctuation), weight them, and
    index the target side.

    A key ``p:;*2`` counts twice (punctuation signature); sentences may thus hold a key more than once.
    The documents are read twice, a sentence at a time (counts, then ids), so no per-sentence copy of
    them is ever held.
    """
    names: set[str] = set()
    src_df: dict[str, int] = {}
    tgt_df: dict[str, int] = {}
    for documents, df in ((src_keys, src_df), (tgt_keys, tgt_df)):
        for sentence in documents:
            names.update(key for key in sentence if key.startswith("c:"))
            for key in set(_expand(sentence)):
                df[key] = df.get(key, 0) + 1
    # Words without a partner anywhere in the other document say nothing (most words have no cognate);
    # a number, URL or punctuation mark without one marks its sentence as possibly untranslated.
    shared = sorted((set(src_df) & set(tgt_df)) | {key for key in (set(src_df) ^ set(tgt_df))
                                                    if key[0] in ONE_SIDED_KINDS})
    ids = {key: index for index, key in enumerate(shared)}
    total = len(src_keys) + len(tgt_keys)
    weight_of = np.array([_weight("c" if "c" + key[1:] in names else key[0],
                                  src_df.get(key, 0) + tgt_df.get(key, 0), total)
                          for key in shared], dtype=np.float64)

    strong = np.array([key[0] in STRONG_KINDS or key in STRONG_KEYS for key in shared], dtype=bool)

    def side(all_keys: Sequence[Iterable[str]]) -> SideFeatures:
        sums = np.zeros(len(all_keys) + 1)
        strong_sums = np.zeros(len(all_keys) + 1)

        def rows() -> Iterator[list[int]]:
            for index, sentence in enumerate(all_keys):
                kept = np.array(sorted(ids[key] for key in _expand(sentence) if key in ids), dtype=np.int64)
                weights = weight_of[kept] if len(kept) else np.zeros(0)
                sums[index + 1] = sums[index] + float(weights.sum())
                strong_sums[index + 1] = strong_sums[index] + (
                    float(weights[strong[kept]].sum()) if len(kept) else 0.0)
                yield kept.tolist()

        return SideFeatures(Ragged.from_rows(rows()), sums, strong_sums)

    src_side = side(src_keys)
    tgt_side = side(tgt_keys)
    return src_side, tgt_side, PostingIndex(tgt_side, weight_of, strong)
