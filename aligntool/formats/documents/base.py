"""One contract for every document reader, and the document model they all produce.

A reader turns a file into a :class:`SourceDocument`: the paragraphs a translator would translate, each
with its text and where it came from (``context``: "h1", "table 1, row 2, cell 1", "footnote 3",
"page 2"…), plus what the reader left out (``skipped``) and warnings (``warnings``). Sentence splitting is
not a reader's business: :func:`aligntool.engines.segmentation.sentences.document_sentences` hands every paragraph to
``aligntool.engines.segmentation``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

from aligntool.core.errors import AligntoolWarning
from aligntool.core.inline import CodeAt, InlineCode


class DocumentWarning(AligntoolWarning):
    """Something a reader could not carry over faithfully (PDF layout, pages without text, skipped content)."""


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A block of translatable text; ``start`` is its offset in the decoded file (plain text only).

    ``codes``: its inline codes at offsets of ``text`` (:mod:`aligntool.core.inline`); ``wrap``: the codes of
    formatting that covers the whole paragraph, in writing order (not codes, kept for a writer that rebuilds it).
    """

    text: str
    context: str
    start: int | None = None
    codes: tuple[CodeAt, ...] = ()
    wrap: tuple[InlineCode, ...] = ()


@dataclass
class SourceDocument:
    """What a reader found in one file.

    ``text`` is the decoded file for plain text (segment offsets refer to it), else None.
    ``skipped`` counts what was left out, by kind ("script", "code block", "repeated header line"…).
    """

    path: Path
    format: str
    paragraphs: list[Paragraph] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)
    warnings: list[str] = field(default_factory=list)
    text: str | None = None

    @property
    def name(self) -> str:
        """The file name (what units carry as ``x-document``)."""
        return self.path.name

    def skipped_summary(self) -> str:
        """``"code block (1), script (3)"`` (empty when nothing was skipped)."""
        return ", ".join(f"{kind} ({count})" for kind, count in sorted(self.skipped.items()))


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of a document: its paragraph (index into ``paragraphs``) and that paragraph's context.

    ``start``/``end`` are offsets in the decoded file for plain text, else in the paragraph's text.
    ``codes``: the paragraph's inline codes that fall to this sentence (:func:`aligntool.core.inline.split_coded`),
    at offsets of ``text``.
    """

    text: str
    start: int
    end: int
    paragraph: int
    context: str
    codes: tuple[CodeAt, ...] = ()


class DocumentReader:
    """Base class: subclasses set the class attributes and implement :meth:`parse`."""

    name: ClassVar[str] = ""  # the format name (``--input-format``, ``SourceDocument.format``)
    #: (package to import, extra to install) when the reader needs an optional package
    requires: ClassVar[tuple[str, str] | None] = None

    def parse(self, data: bytes, path: Path) -> SourceDocument:
        """The document in ``data`` (the whole file, already size-checked); errors name ``path``."""
        raise NotImplementedError


def clean_text(text: str) -> str:
    """Runs of spaces and tabs become one space; each line is trimmed; empty lines inside are dropped."""
    lines = (" ".join(line.split()) for line in text.replace("\r", "\n").split("\n"))
    return "\n".join(line for line in lines if line)
