"""Words of a sentence with their offsets, and the evidence a case rule gives about one rendering of a term.

Shared by the Russian and Kazakh case rules (:mod:`aligntool.engines.terminology.case_ru`,
:mod:`aligntool.engines.terminology.case_kk`) and the check that calls them
(:mod:`aligntool.engines.terminology.case_check`).
"""

from __future__ import annotations

import functools
import re
import sys
from dataclasses import dataclass
from importlib import resources
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

#: A word (hyphenated words and suffixes after a hyphen stay one word: ҰҚШҰ-ға, государства-члены, из-за),
#: or one punctuation character.
_TOKEN = re.compile(r"\w+(?:[-‑]\w+)*|[^\w\s]")


@dataclass(frozen=True)
class Token:
    """One word or punctuation mark: ``sentence[start:end] == text``."""

    text: str
    start: int
    end: int

    @property
    def word(self) -> bool:
        """A word, not punctuation."""
        return self.text[:1].isalnum()

    @property
    def lower(self) -> str:
        """Lower case, ё as е."""
        return self.text.lower().replace("ё", "е")


@dataclass(frozen=True)
class Evidence:
    """What excludes the case of a rendering: the cases the context allows and where that comes from.

    ``allowed`` are plain case names (Russian pymorphy3 grammemes nomn … loct; Kazakh nom … attr);
    ``source`` says it for a message: "after «о»", "before «туралы»"; ``rule`` names the rule (for tests);
    ``prefer``: the case to suggest (the governed one: accusative after поддержал, not the subject's
    nominative); ``excluded``: when set, the message names what is excluded rather than what is allowed.
    """

    allowed: frozenset[str]
    source: str
    rule: str
    prefer: str = ""
    excluded: frozenset[str] = frozenset()


@functools.lru_cache(maxsize=256)
def tokenize(sentence: str) -> tuple[Token, ...]:
    """The words and punctuation of a sentence, with offsets."""
    return tuple(Token(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(sentence))


def clause_start(tokens: tuple[Token, ...], index: int) -> int:
    """The first word of the clause the word at ``index`` is in (after the last punctuation mark before it)."""
    while index > 0 and tokens[index - 1].word:
        index -= 1
    return index


def span(tokens: tuple[Token, ...], start: int, end: int) -> tuple[int, int] | None:
    """Indices of the first and last token inside ``[start, end)``, or None."""
    inside = [i for i, t in enumerate(tokens) if t.start >= start and t.end <= end]
    return (inside[0], inside[-1]) if inside else None


@functools.lru_cache(maxsize=4)
def load_rules(name: str) -> dict[str, Any]:
    """A TOML rule file from ``aligntool/engines/terminology/data``."""
    text = resources.files("aligntool.engines.terminology").joinpath(f"data/{name}").read_text("utf-8")
    return tomllib.loads(text)
