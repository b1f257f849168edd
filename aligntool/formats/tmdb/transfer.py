"""Moving units in and out of a TM database: TMX import (streamed, one transaction per file), TMX export,
dedupe (the rules of ``tmx dedupe``), stats, and review write-back."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from aligntool.core.datatypes import TranslationUnit
from aligntool.core.errors import ConfigError
from aligntool.core.languages import base_language
from aligntool.core.signature import base_signature, file_hash
from aligntool.formats.tmdb.codes import codes_from_json, codes_to_json
from aligntool.formats.tmdb.store import ImportResult, TmDatabase, from_timestamp
from aligntool.formats.tmx.reader import TmxReader
from aligntool.formats.tmx.tools import bilingual_props, unit_identity
from aligntool.formats.tmx.writer import TmxHeader, TmxWriter


def _units_with_codes(reader: TmxReader) -> Iterator[tuple[TranslationUnit, dict[str, str]]]:
    """Each unit with its variants' inline codes in their stored form (the reader gives them:
    :func:`aligntool.formats.tmx.inline.seg_coded`, the one TMX level-2 parser)."""
    for unit in reader:
        yield unit, _stored_codes(unit)


def _stored_codes(unit: TranslationUnit) -> dict[str, str]:
    """A unit's inline codes in their stored form, per language tag (none for most units)."""
    return {tag: stored for tag, codes in unit.codes.items() if (stored := codes_to_json(codes))}


def import_tmx(db: TmDatabase, path: str | Path, *, force: bool = False, name: str | None = None) -> ImportResult:
    """Add the units of one TMX file in one transaction (all or nothing); a file imported before (same
    SHA-256) is skipped unless ``force``."""
    path = Path(path)
    label = name or path.name
    digest = file_hash(path)
    if not force and db.imported(digest):
        return ImportResult(label, already=True)
    reader = TmxReader(path)
    with db.writer() as conn:
        def units() -> Iterator[tuple[TranslationUnit, dict[str, str]]]:
            yield from _units_with_codes(reader)

        def srclang() -> str:  # the header is known once the first unit has been read
            header = reader.header
            return header.srclang if header is not None and header.srclang != "*all*" else ""

        result = db.add(conn, label, units(), digest, srclang=srclang)
    return result


def add_units(db: TmDatabase, name: str, units: Iterable[TranslationUnit], *, replace_previous: bool = False) -> \
        ImportResult:
    """Add units made by aligntool itself (a review save, a run's output) in one transaction; with
    ``replace_previous`` the units an earlier call with the same ``name`` added are removed first."""
    with db.writer() as conn:
        if replace_previous:
            db.remove_import(conn, name)
        return db.add(conn, name, ((unit, _stored_codes(unit)) for unit in units))


def _tu_rows(db: TmDatabase) -> Iterator[tuple[int, TranslationUnit, str | None]]:
    """Every unit, in id order, with its source language (streamed)."""
    cursor = db.conn.execute(
        "SELECT tu.id, tu.tuid, tu.created, tu.changed, tu.changeid, tu.props, tu.notes, tu.srclang, tuv.lang, "
        "tuv.text, tuv.codes FROM tu JOIN tuv ON tuv.tu = tu.id ORDER BY tu.id, tuv.seq")
    current: TranslationUnit | None = None
    current_id = -1
    srclang: str | None = None
    for unit_id, tuid, created, changed, changeid, props, notes, src, lang, text, codes in cursor:
        if unit_id != current_id:
            if current is not None:
                yield current_id, current, srclang
            current_id, srclang = unit_id, src
            current = TranslationUnit(
                variants={}, props=[tuple(p) for p in json.loads(props)] if props else [],
                notes=json.loads(notes) if notes else [], tuid=tuid, creationdate=from_timestamp(created),
                changedate=from_timestamp(changed), changeid=changeid)
        if current is not None and lang not in current.variants:
            current.variants[lang] = text
            if codes:
                current.codes[lang] = codes_from_json(codes)
    if current is not None:
        yield current_id, current, srclang


def export_tmx(db: TmDatabase, output: str | Path, *, source_lang: str | None = None,
               target_langs: Iterable[str] = ()) -> TmxWriter:
    """Write the database (or one language pair / one source with some targets) as TMX 1.4b, streamed.

    Without languages every unit is written as stored (multilingual units stay multilingual); with
    ``source_lang`` and ``target_langs`` each unit keeps those languages and is left out when it lacks the
    source or all targets; per-target props (``x-origin-ru``) lose their suffix in a two-language unit.
    """
    targets = {base_language(t) for t in target_langs}
    source = base_language(source_lang) if source_lang else None
    if targets and source is None:
        raise ConfigError("--to needs --from: the source language of the exported units")
    srclang = _source_tag(db, source)
    header = TmxHeader(srclang=srclang, props=base_signature().with_fields(
        **{"exported-from": db.path.name}).props())
    with TmxWriter(output, header) as writer:
        for _unit_id, unit, _src in _tu_rows(db):
            if source is not None:
                kept = {tag: text for tag, text in unit.variants.items()
                        if base_language(tag) == source or not targets or base_language(tag) in targets}
                source_tags = [tag for tag in kept if base_language(tag) == source]
                if not source_tags or len(kept) < 2:
                    writer.skipped_units += 1
                    continue
                ordered = {source_tags[0]: kept[source_tags[0]],
                           **{tag: text for tag, text in kept.items() if tag != source_tags[0]}}
                props = unit.props
                others = [tag for tag in ordered if tag != source_tags[0]]
                if len(others) == 1:
                    props = bilingual_props(props, others[0], unit.variants)
                unit = replace(unit, variants=ordered, props=props)
            writer.write(unit)
    return writer


def _source_tag(db: TmDatabase, source: str | None) -> str:
    if source is None:
        row = db.conn.execute("SELECT srclang, count(*) AS n FROM tu WHERE srclang IS NOT NULL GROUP BY srclang "
                              "ORDER BY n DESC LIMIT 1").fetchone()
        return row[0] if row else "*all*"
    row = db.conn.execute("SELECT lang FROM tuv WHERE base = ? LIMIT 1", (source,)).fetchone()
    return row[0] if row else source


def dedupe(db: TmDatabase, *, keep: str = "first") -> int:
    """Remove units whose texts (all languages, trimmed) repeat another unit's, as ``tmx dedupe`` does: keep
    the first imported, or the newest (``changedate``, else ``creationdate``; the first among equals).
    Returns how many were removed. One transaction."""
    if keep not in ("first", "newest"):
        raise ConfigError(f"--keep must be 'first' or 'newest', not '{keep}'")
    with db.writer() as conn:
        conn.execute("CREATE TEMP TABLE IF NOT EXISTS ident(id INTEGER PRIMARY KEY, h INTEGER, moment INTEGER)")
        conn.execute("DELETE FROM ident")
        batch: list[tuple[int, int, int]] = []
        for unit_id, unit, _src in _tu_rows(db):
            moment = unit.changedate or unit.creationdate
            digest = int.from_bytes(unit_identity(unit)[:8], "little", signed=True)
            batch.append((unit_id, digest, int(moment.timestamp()) if moment else 0))
            if len(batch) >= 20000:
                conn.executemany("INSERT INTO ident VALUES(?, ?, ?)", batch)
                batch.clear()
        conn.executemany("INSERT INTO ident VALUES(?, ?, ?)", batch)
        conn.execute("CREATE INDEX IF NOT EXISTS temp.ident_h ON ident(h, moment, id)")
        if keep == "first":
            doomed = "SELECT id FROM ident WHERE id NOT IN (SELECT min(id) FROM ident GROUP BY h)"
        else:
            doomed = ("SELECT i.id FROM ident i WHERE EXISTS (SELECT 1 FROM ident j WHERE j.h = i.h AND "
                      "(j.moment > i.moment OR (j.moment = i.moment AND j.id < i.id)))")
        removed = db.delete_units(conn, doomed)
        conn.execute("DROP TABLE ident")
    return removed


@dataclass
class TmStats:
    """What a TM database holds."""

    path: str
    units: int = 0
    bytes: int = 0
    languages: dict[str, int] = field(default_factory=dict)  # language tag → variants
    origins: dict[str, int] = field(default_factory=dict)  # x-origin → units
    imports: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"path": self.path, "units": self.units, "bytes": self.bytes, "languages": self.languages,
                "origins": self.origins, "imports": self.imports}


def tm_stats(db: TmDatabase) -> TmStats:
    """Units, variants per language, units per origin, the imports, the file size (database and its log)."""
    stats = TmStats(str(db.path), units=db.count())
    stats.bytes = sum(os.path.getsize(p) for p in (db.path, Path(f"{db.path}-wal")) if os.path.exists(p))
    stats.languages = {lang: int(n) for lang, n in db.conn.execute(
        "SELECT lang, count(*) FROM tuv GROUP BY lang ORDER BY count(*) DESC")}
    stats.origins = {origin or "-": int(n) for origin, n in db.conn.execute(
        "SELECT origin, count(*) FROM tu GROUP BY origin ORDER BY count(*) DESC")}
    stats.imports = [{"name": name, "units": units, "skipped": skipped, "finished": finished}
                     for name, units, skipped, finished in db.conn.execute(
                         "SELECT name, units, skipped, finished FROM imports ORDER BY id")]
    return stats
