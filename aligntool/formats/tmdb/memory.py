"""The translation memory as ``translate`` uses it: one TM database, or TMX files read into a temporary one.

Per sentence and target language it gives the best exact match (which replaces MT) and the fuzzy matches
at or above the run's minimum score (offered to the translator, or filled in with ``--tm-fill-fuzzy``).
Memory stays flat in the TM's size: lookups go to the database file, never into a dict of the whole TM.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from pathlib import Path

from aligntool.core.defaults import DEFAULT_TM_MIN_SCORE
from aligntool.core.errors import ConfigError
from aligntool.core.inline import CodeAt
from aligntool.core.signature import file_hash
from aligntool.formats.tmdb.codes import stripped_codes
from aligntool.formats.tmdb.search import Match, exact, fuzzy
from aligntool.formats.tmdb.store import TmDatabase, is_database
from aligntool.formats.tmdb.transfer import import_tmx


def tm_fingerprint(path: str | Path) -> str:
    """The signature value of a ``--tm`` input: a TMX file's hash, a database's content fingerprint (its
    unit count and last import, without reading the whole file)."""
    if is_database(path):
        with TmDatabase(path) as db:
            return db.fingerprint()
    return file_hash(path)


class TmMatcher:
    """Exact and fuzzy lookup for one source language into several targets.

    ``lookup`` keeps the interface of the old exact-only memory: the best exact translation or None.
    """

    def __init__(self, db: TmDatabase, source_tag: str, *, min_score: float = DEFAULT_TM_MIN_SCORE, top: int = 3,
                 temporary: tempfile.TemporaryDirectory[str] | None = None) -> None:
        self.db = db
        self.source_tag = source_tag
        self.min_score = min_score
        self.top = top
        self._temporary = temporary

    @classmethod
    def open(cls, paths: Sequence[str | Path], source_tag: str, *, min_score: float = DEFAULT_TM_MIN_SCORE,
             top: int = 3) -> TmMatcher:
        """A database (one path) or TMX files (imported into a temporary database for this run)."""
        if not 0 <= min_score <= 100:
            raise ConfigError(f"--tm-min-score must be 0..100, not {min_score:g}")
        databases = [Path(p) for p in paths if is_database(p)]
        if databases:
            if len(paths) > 1:
                raise ConfigError("--tm: give one TM database, or TMX files, not both; add the TMX files to the "
                                  f"database first: aligntool tm import FILE.tmx --db {databases[0]}")
            return cls(TmDatabase(databases[0]), source_tag, min_score=min_score, top=top)
        temporary = tempfile.TemporaryDirectory(prefix="aligntool-tm-")
        try:
            db = TmDatabase(Path(temporary.name) / "tm.sqlite", create=True)
            for path in paths:
                import_tmx(db, path, force=True, name=str(path))
        except BaseException:
            temporary.cleanup()
            raise
        return cls(db, source_tag, min_score=min_score, top=top, temporary=temporary)

    def lookup(self, source_text: str, target_tag: str) -> str | None:
        """The stored translation of exactly this source text into that language, or None."""
        found = exact(self.db, source_text, self.source_tag, target_tag)
        return found[0].target if found else None

    def matches(self, source_text: str, target_tag: str,
                codes: tuple[CodeAt, ...] | None = None) -> tuple[Match | None, list[Match]]:
        """The best exact match (or None) and the fuzzy matches ≥ the minimum score that are not exact.

        ``codes``: the sentence's inline codes (None: not compared). The same text with other codes is still the
        exact match (its text replaces MT; the codes are placed in it) but ranks below one with the same codes.
        """
        found = exact(self.db, source_text, self.source_tag, target_tag, codes)
        if found:
            return found[0], []
        offers = fuzzy(self.db, source_text, self.source_tag, target_tag, minimum=self.min_score, top=self.top,
                       codes=codes)
        return None, [m for m in offers if m.score < 100]

    def codes(self, source_text: str, target_tag: str,
              codes: tuple[CodeAt, ...] | None = None) -> tuple[tuple[CodeAt, ...], tuple[CodeAt, ...]] | None:
        """The inline codes of the exact match :meth:`matches` gives (its source's, its translation's, at offsets
        of the trimmed texts), None without a match or when the match has no codes."""
        found = exact(self.db, source_text, self.source_tag, target_tag, codes)
        if not found or not (found[0].source_codes or found[0].target_codes):
            return None
        best = found[0]
        return stripped_codes(best.source, best.source_codes), stripped_codes(best.target, best.target_codes)

    def close(self) -> None:
        """Close the database (and remove the temporary one)."""
        self.db.close()
        if self._temporary is not None:
            self._temporary.cleanup()
            self._temporary = None
