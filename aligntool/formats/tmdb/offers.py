"""The fuzzy matches a translate run offered, as a TMX for the translator's CAT tool.

OmegaT shows the units of TMX files in a project's ``tm/`` folder as reference matches (scored by its own
matcher), so the file holds each offered match as stored in the TM: its source and target, with the score it
had for the new sentence (``x-tm-score``) and its origin. The file is created only once a match is added.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from types import TracebackType

from aligntool.core.datatypes import TranslationUnit
from aligntool.formats.tmdb.search import Match
from aligntool.formats.tmx.writer import PROP_TM_ORIGIN, PROP_TM_SCORE, TmxHeader, TmxWriter


class FuzzyTmx:
    """``with FuzzyTmx(path, …) as out: out.add(matches)``; writes ``path`` atomically if anything was added."""

    def __init__(self, path: Path, source_tag: str, target_tag: str, header_props: list[tuple[str, str]]) -> None:
        self.path = path
        self.source_tag, self.target_tag = source_tag, target_tag
        self.header = TmxHeader(srclang=source_tag, props=header_props)
        self.units_written = 0
        self._writer: TmxWriter | None = None
        self._seen: set[int] = set()

    def __enter__(self) -> FuzzyTmx:
        return self

    def add(self, matches: Sequence[Match]) -> None:
        """Add the matches offered for one sentence (each stored unit once per file)."""
        for match in matches:
            if match.unit in self._seen:
                continue
            self._seen.add(match.unit)
            if self._writer is None:
                self._writer = TmxWriter(self.path, self.header).__enter__()
            props = [(PROP_TM_SCORE, str(match.score)), (PROP_TM_ORIGIN, match.origin or "-")]
            self._writer.write(TranslationUnit({self.source_tag: match.source, self.target_tag: match.target}, props,
                                               changedate=match.changed, changeid=match.changeid))
            self.units_written = self._writer.units_written

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if self._writer is not None:
            self._writer.__exit__(exc_type, exc, tb)
