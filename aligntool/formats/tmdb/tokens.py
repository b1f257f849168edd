"""What TM matching compares: a segment's match key, its words, numbers and punctuation.

* The **match key** (exact lookup) is the text in Unicode NFC with whitespace runs folded to one space and
  trimmed: the comparison a CAT tool makes for a 100 % match.
* **Words** are casefolded letter/digit runs (``don't`` is one word); a **number** (``12``, ``1,000.50``,
  ``10.02.2022``, ``12:30``) stands in the word sequence as one placeholder slot, so a differing number costs
  a small penalty and is carried into the target (a placeable) instead of counting as a changed word.
* **Punctuation** is every other visible character, compared as its own sequence.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

#: the word-sequence slot of a number
NUMBER_SLOT = "\x01"
_TOKEN = re.compile(
    r"(?P<num>\d+(?:[.,:/\u00a0\u202f-]\d+)*)(?!\w)"  # 12, 1,000.50, 10.02.2022, 12:30, 2022-02-10
    r"|(?P<word>\w+(?:['\u2019]\w+)*)"  # words, don't, l'homme
    r"|(?P<punct>[^\w\s])"
)


def match_key(text: str) -> str:
    """The form in which sources are compared for an exact match: NFC, whitespace folded, trimmed."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def number_value(token: str) -> str:
    """The digits of a number token (``1,000`` and ``1 000`` are the same value)."""
    return "".join(ch for ch in token if ch.isdigit())


@dataclass(frozen=True, slots=True)
class SegmentTokens:
    """A segment as matching sees it.

    ``words``: casefolded words, a number as :data:`NUMBER_SLOT`; ``cased``: the same with the original case;
    ``numbers``: the number tokens as written, in order; ``punct``: the punctuation characters, in order.
    """

    words: tuple[str, ...]
    cased: tuple[str, ...]
    numbers: tuple[str, ...]
    punct: tuple[str, ...]

    @property
    def index_words(self) -> frozenset[str]:
        """The distinct words the inverted index holds for this segment (numbers are not indexed)."""
        return frozenset(word for word in self.words if word != NUMBER_SLOT)


def tokenize(text: str) -> SegmentTokens:
    """Split ``text`` into words (numbers as slots), the numbers themselves and punctuation."""
    words: list[str] = []
    cased: list[str] = []
    numbers: list[str] = []
    punct: list[str] = []
    for match in _TOKEN.finditer(unicodedata.normalize("NFC", text)):
        kind = match.lastgroup
        token = match.group()
        if kind == "num":
            words.append(NUMBER_SLOT)
            cased.append(NUMBER_SLOT)
            numbers.append(token)
        elif kind == "word":
            words.append(token.casefold())
            cased.append(token)
        else:
            punct.append(token)
    return SegmentTokens(tuple(words), tuple(cased), tuple(numbers), tuple(punct))


_WORD_OR_NUMBER = re.compile(r"\d+(?:[.,:/\u00a0\u202f-]\d+)*(?!\w)|(\w+(?:['\u2019]\w+)*)")


def index_words(text: str) -> tuple[set[str], int]:
    """The distinct casefolded words of ``text`` (no numbers, no punctuation), which the index stores, and the
    length of its word sequence (numbers included): the fast path of :func:`tokenize` for import."""
    found = _WORD_OR_NUMBER.findall(unicodedata.normalize("NFC", text))
    return {word.casefold() for word in found if word}, len(found)


def prepare(text: str) -> tuple[str, set[str], int]:
    """What import stores for a text: its match key, its index words and its word count (NFC computed once)."""
    normal = unicodedata.normalize("NFC", text)
    found = _WORD_OR_NUMBER.findall(normal)
    return " ".join(normal.split()), {word.casefold() for word in found if word}, len(found)
