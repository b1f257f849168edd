"""Translation memory for pre-translation: exact matches from existing TMX files.

Languages match by base language (``en`` matches ``en-US`` and ``en-GB``), as OmegaT does. Source text
matches exactly after Unicode NFC normalisation and stripping of leading/trailing whitespace — the same
comparison a CAT tool makes for a 100 % match. When several units give a translation for the same
source text, the newest (``changedate``, else ``creationdate``) wins; among equals, the first one read.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from datetime import datetime, timezone
from pathlib import Path

from aligntool.core.datatypes import TranslationUnit
from aligntool.core.languages import base_language
from aligntool.formats.tmx.reader import TmxReader

_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def match_key(text: str) -> str:
    """The form in which source texts are compared."""
    return unicodedata.normalize("NFC", text).strip()


class TranslationMemory:
    """Exact-match lookup: source text → translation per target language."""

    def __init__(self, source_tag: str, target_tags: Iterable[str]) -> None:
        self.source = base_language(source_tag)
        self.targets = {base_language(tag) for tag in target_tags}
        # (target base language, source key) → (date, translation)
        self._entries: dict[tuple[str, str], tuple[datetime, str]] = {}
        self.units_read = 0
        self.units_used = 0
        self.files: list[str] = []

    @classmethod
    def load(cls, paths: Iterable[str | Path], source_tag: str,
             target_tags: Iterable[str]) -> TranslationMemory:
        """Read every unit of the given TMX files that has the source and at least one target language."""
        memory = cls(source_tag, target_tags)
        for path in paths:
            memory.add_file(path)
        return memory

    def add_file(self, path: str | Path) -> None:
        """Add the units of one TMX file (streamed; only the needed languages are kept)."""
        self.files.append(str(path))
        for unit in TmxReader(path):
            self.add(unit)

    def add(self, unit: TranslationUnit) -> bool:
        """Add one unit; returns whether it contributed a translation."""
        self.units_read += 1
        by_base: dict[str, str] = {}
        for tag, text in unit.variants.items():
            by_base.setdefault(base_language(tag), text)
        source = by_base.get(self.source)
        if source is None or not source.strip():
            return False
        key = match_key(source)
        date = unit.changedate or unit.creationdate or _EPOCH
        used = False
        for target in self.targets:
            translation = by_base.get(target)
            if translation is None or not translation.strip():
                continue
            current = self._entries.get((target, key))
            if current is None or date > current[0]:
                self._entries[(target, key)] = (date, translation.strip())
            used = True
        self.units_used += used
        return used

    def lookup(self, source_text: str, target_tag: str) -> str | None:
        """The stored translation of exactly this source text into that language, or None."""
        entry = self._entries.get((base_language(target_tag), match_key(source_text)))
        return entry[1] if entry else None

    def __len__(self) -> int:
        return len(self._entries)
