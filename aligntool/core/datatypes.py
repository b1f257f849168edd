"""Plain data passed between pipeline stages (segment → translate → align → TMX)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from aligntool.core.inline import CodeAt


@dataclass(frozen=True, slots=True)
class Segment:
    """A sentence (or heading, list item) of a document: ``text == document[start:end]``."""

    text: str
    start: int
    end: int


@dataclass(slots=True)
class TranslationUnit:
    """One TMX ``<tu>``: the same segment in several languages, plus metadata.

    ``variants`` maps a language tag (``en-US``) to the segment text; the source language comes first.
    ``props`` is a list of ``(type, value)`` pairs because TMX allows repeated prop types.
    ``codes`` maps a language tag to the inline codes of that variant, at offsets of its (code-free) text
    (:mod:`aligntool.core.inline`); written as TMX 1.4b level 2.
    """

    variants: dict[str, str]
    props: list[tuple[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    tuid: str | None = None
    creationdate: datetime | None = None
    changedate: datetime | None = None
    changeid: str | None = None  # who made the last change (TMX ``changeid``)
    line: int | None = None  # where a reader found it, for error messages
    codes: dict[str, tuple[CodeAt, ...]] = field(default_factory=dict)

    def prop(self, prop_type: str) -> str | None:
        """The first prop of that type, or None."""
        for key, value in self.props:
            if key == prop_type:
                return value
        return None
