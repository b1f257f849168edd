"""Candidate terms a corpus uses that the glossary lacks: acronyms, capitalised names, quoted names.

Candidates are ranked by frequency (then length); each keeps the first place it was seen
(``file:line``) and that line as context, so a terminologist can judge it without opening the file.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from aligntool.core.words import JOINED_WORD
from aligntool.engines.terminology.termbase import Glossary
from aligntool.formats.documents.reading import document_lines, read_document

_QUOTED = re.compile(r"[“«\"]([^“”«»\"\n]{2,60})[”»\"]")
#: lower-case words allowed inside a capitalised name (Council of Foreign Ministers)
CONNECTORS = frozenset({"of", "the", "on", "for", "and", "in", "de", "по", "о", "и", "туралы"})
#: capitalised words that start sentences or dates and are not names on their own
STOPWORDS = frozenset({"The", "A", "An", "In", "On", "At", "It", "This", "That", "According", "He", "She",
                       "We", "They", "Our", "No", "So", "And", "But", "If", "Indeed", "Therefore",
                       "January", "February", "March", "April", "May", "June", "July", "August",
                       "September", "October", "November", "December"})
_ROMAN = re.compile(r"^[IVXLC]+$")


@dataclass
class Candidate:
    """A candidate term with its frequency and first occurrence."""

    text: str
    kind: str  # acronym | name | quoted
    count: int
    where: str
    context: str


def _is_capitalised(word: str) -> bool:
    return word[:1].isupper()


def _is_acronym(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters) and not _ROMAN.match(word)


def _sentence_start(line: str, position: int) -> bool:
    before = line[:position].rstrip(" \"“«'([")
    return not before or before[-1] in ".!?:;-–—"


def candidates_in_line(line: str, covered: bytes | None = None) -> Iterable[tuple[str, str]]:
    """``(text, kind)`` for every candidate in one line; ``covered`` marks characters of known terms,
    which are skipped and end a capitalised run."""
    covered = covered or bytes(len(line))
    for match in _QUOTED.finditer(line):
        inner = match.group(1).strip(" ,.")
        start = match.start(1)
        if inner[:1].isupper() and len(inner.split()) <= 5 and not all(covered[start:start + len(inner)]):
            yield inner, "quoted"
    words = [w for w in JOINED_WORD.finditer(line) if not any(covered[w.start():w.end()])]
    index = 0
    while index < len(words):
        word = words[index].group()
        if _is_acronym(word):
            yield word, "acronym"
        if not _is_capitalised(word) or word in STOPWORDS or _is_acronym(word):
            index += 1
            continue
        run = [index]
        probe = index + 1
        while probe < len(words):
            gap = line[words[probe - 1].end():words[probe].start()]
            nxt = words[probe].group()
            if gap.strip() or any(covered[words[probe - 1].end():words[probe].start()]):
                break
            if _is_capitalised(nxt):
                run.append(probe)
            elif nxt not in CONNECTORS:
                break
            probe += 1
        while run and words[run[-1]].group() in CONNECTORS:
            run.pop()
        if len(run) >= 2:
            yield line[words[run[0]].start():words[run[-1]].end()], "name"
        elif run and len(word) >= 3 and not _ROMAN.match(word) \
                and not _sentence_start(line, words[run[0]].start()):
            yield re.sub(r"['’]s$", "", word), "name"
        index = max(probe, index + 1)


def coverage(text: str, glossary: Glossary, lang: str) -> bytes:
    """1 for every character inside a glossary match."""
    covered = bytearray(len(text))
    for match in glossary.find(text, lang):
        covered[match.start:match.end] = b"\1" * (match.end - match.start)
    return bytes(covered)


def extract_candidates(paths: Iterable[str | Path], glossary: Glossary, lang: str = "en",
                       min_count: int = 1) -> list[Candidate]:
    """Candidates not covered by the glossary, most frequent first."""
    found: dict[str, Candidate] = {}
    for path in paths:
        for where, line in document_lines(read_document(path)):
            for text, kind in candidates_in_line(line, coverage(line, glossary, lang)):
                if text in found:
                    found[text].count += 1
                    continue
                context = line.strip()
                if len(context) > 160:
                    at = max(0, context.find(text) - 60)
                    context = ("…" if at else "") + context[at:at + 160] + "…"
                found[text] = Candidate(text, kind, 1, where, context)
    ranked = [c for c in found.values() if c.count >= min_count]
    ranked.sort(key=lambda c: (-c.count, -len(c.text), c.text))
    return ranked
