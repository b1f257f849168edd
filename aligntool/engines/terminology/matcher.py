"""Find glossary forms in text: word boundaries, per-term case rules, longest match wins.

Comparison folds what should never decide a match (ё/е, typographic apostrophes and hyphens, no-break
spaces) without changing string lengths, so offsets into the folded text are offsets into the original.
Kazakh attaches case suffixes to the word (``ұйымы`` → ``ұйымының``) or after a hyphen (``ҰҚШҰ-ның``).
A hyphen before a capital or a digit joins one name (``Kanal-Avangard``: ``Kanal`` alone is not there, so
"operation Kanal-Avangard" is not "Operation Kanal"); in Kazakh a hyphen also joins a suffix (``ҰҚШҰ-ның``);
``CSTO-led`` still contains ``CSTO``. A form never starts or ends inside a joined word. By default
(``strict=False``) a Kazakh form may be followed by letters of the same word and the match then covers the
whole word: good for *finding* terms. The term scorer uses
``strict=True``: only the generated paradigm counts, so a wrong suffix (``Панкинға``) is not a match.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Generic, TypeVar

P = TypeVar("P")

_FOLD = str.maketrans({"ё": "е", "Ё": "Е", "’": "'", "ʼ": "'", "‘": "'", "\u2011": "-", "\u2010": "-",
                       "\u00a0": " ", "\u202f": " ", "«": '"', "»": '"', "“": '"', "”": '"', "„": '"'})
#: The longest run of letters a Kazakh suffix chain adds to a form (…ұйымдарымыздың).
MAX_KK_SUFFIX = 12


def normalise(text: str) -> str:
    """Length-preserving normalisation (ё→е, apostrophes, quotes, hyphens, no-break spaces)."""
    return text.translate(_FOLD)


def fold_case(text: str) -> str:
    """Lower-case without changing the length (characters whose lower case is longer stay as they are)."""
    # The whole string at once when that keeps its length (every character then lowered to one character), as
    # the matcher folds every text it scans: str.lower is one C call. Σ is lowered by context (σ/ς) as a whole.
    low = text.lower()
    if len(low) == len(text) and "Σ" not in text:
        return low
    out = []
    for char in text:
        low = char.lower()
        out.append(low if len(low) == 1 else char)
    return "".join(out)


def _same(segment: str, form: str, case: str) -> bool:
    if case == "sensitive":
        return segment == form
    if case == "insensitive":
        return fold_case(segment) == fold_case(form)
    return segment[1:] == form[1:] and fold_case(segment[:1]) == fold_case(form[:1])


class FormIndex(Generic[P]):
    """Forms indexed by their first two folded characters, for scanning a text once."""

    def __init__(self, forms: Sequence[tuple[str, str, P]], lang: str, strict: bool = False) -> None:
        self.lang = lang
        self.strict = strict
        self._by_key: dict[str, list[tuple[str, str, P]]] = {}
        for form, case, payload in forms:
            norm = normalise(form)
            if not norm.strip():
                continue
            key = fold_case(norm[:2])
            self._by_key.setdefault(key, []).append((norm, case, payload))

    def find(self, text: str) -> list[tuple[int, int, P]]:
        """Non-overlapping matches ``(start, end, payload)`` in text order; longer forms win."""
        norm = normalise(text)
        folded = fold_case(norm)
        candidates: list[tuple[int, int, int, P]] = []
        length = len(norm)
        for pos in range(length):
            if norm[pos].isalnum():
                if pos > 0 and (norm[pos - 1].isalnum() or _joined(norm, pos - 1, self.lang)):
                    continue
            elif norm[pos] != '"':
                continue
            bucket = self._by_key.get(folded[pos:pos + 2])
            if not bucket:
                continue
            for form, case, payload in bucket:
                end = pos + len(form)
                if end > length or not _same(norm[pos:end], form, case):
                    continue
                stop = self._right_edge(norm, end, form)
                if stop is not None:
                    candidates.append((pos, stop, len(form), payload))
        candidates.sort(key=lambda c: (-c[2], -(c[1] - c[0]), c[0]))
        taken: list[tuple[int, int, P]] = []
        used = bytearray(length + 1)
        for start, stop, _n, payload in candidates:
            if any(used[start:stop]):
                continue
            used[start:stop] = b"\1" * (stop - start)
            taken.append((start, stop, payload))
        taken.sort(key=lambda t: t[0])
        return taken

    def _right_edge(self, text: str, end: int, form: str) -> int | None:
        if end == len(text) or not (text[end].isalnum() or _joined(text, end, self.lang)):
            return end
        if self.strict or self.lang != "kk" or not form[-1].isalnum():
            return None
        stop = end + 1 if text[end] == "-" else end
        while stop < len(text) and text[stop].isalpha():
            stop += 1
        return stop if stop - end <= MAX_KK_SUFFIX else None


def _joined(text: str, index: int, lang: str) -> bool:
    """A hyphen that joins one word: before a capital or digit (Kanal-Avangard), in Kazakh also before a
    suffix (ҰҚШҰ-ның); not in CSTO-led."""
    if text[index] != "-" or not 0 < index < len(text) - 1 or not text[index - 1].isalnum():
        return False
    after = text[index + 1]
    return after.isupper() or after.isdigit() or (lang == "kk" and after.isalpha())


def find_forms(text: str, forms: Sequence[tuple[str, str, P]], lang: str,
               strict: bool = False) -> list[tuple[int, int, P]]:
    """One-off search of ``(form, case, payload)`` triples in text (see :class:`FormIndex`)."""
    return FormIndex(forms, lang, strict).find(text)
