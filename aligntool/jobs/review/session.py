"""A review session: one TMX in memory as rows, the corrections a reviewer makes, undo, paging, save.

Rows in ``rows`` are never changed in place: an operation builds new rows and splices them in, so undo
only has to splice the old objects back. Every public method takes the session lock (the web server
answers requests on several threads).
"""

from __future__ import annotations

import getpass
import hashlib
import shutil
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from aligntool.core.datatypes import TranslationUnit
from aligntool.core.errors import ConfigError, InputError
from aligntool.core.signature import Signature, base_signature
from aligntool.engines.alignment.beads import format_bead
from aligntool.engines.segmentation.segmenter import segment
from aligntool.engines.terminology.termbase import Glossary
from aligntool.formats.tmdb.search import fuzzy
from aligntool.formats.tmdb.store import TmDatabase
from aligntool.formats.tmdb.transfer import add_units
from aligntool.formats.tmx.reader import TmxReader
from aligntool.formats.tmx.tools import bilingual_props
from aligntool.formats.tmx.writer import (
    PROP_ALIGN_BEAD,
    PROP_ALIGN_SCORE,
    PROP_DOCUMENT,
    PROP_MT_CAPPED,
    PROP_MT_MODEL,
    PROP_ORIGIN,
    PROP_SEGMENT,
    PROP_TERMS,
    TmxHeader,
    format_tmx_date,
    parse_language_prop,
    write_tmx,
)
from aligntool.jobs.review.requests import is_unicode, utf16_to_index
from aligntool.jobs.review.rows import (
    ReviewRow,
    interleave,
    merged_bead,
    read_align_report,
    row_codes,
    row_from_unit,
    row_to_unit,
    split_sentences,
)
from aligntool.jobs.review.terms import RowScorer, RowTerms

FILTERS = ("doubtful", "terms", "unreviewed")
MAX_PAGE = 500
#: Props shown as evidence beside a row, also in their per-language form (the others stay in the file untouched).
_EVIDENCE = frozenset({PROP_ALIGN_SCORE, PROP_ALIGN_BEAD, PROP_MT_MODEL, PROP_MT_CAPPED, PROP_DOCUMENT, PROP_SEGMENT,
                       PROP_TERMS, PROP_ORIGIN})


class SaveConflict(InputError):
    """The file changed on disk since it was loaded; saving would overwrite someone else's work."""


class ReviewError(ConfigError):
    """An operation that cannot apply to these rows (merge the last row, split a multilingual one…)."""


@dataclass(frozen=True)
class FileStamp:
    """What the file looked like when loaded: size, modification time and content hash."""

    size: int
    mtime_ns: int
    digest: str

    @classmethod
    def of(cls, path: Path) -> FileStamp:
        """Stamp of the file as it is now."""
        stat = path.stat()
        digest = hashlib.sha256()
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        return cls(stat.st_size, stat.st_mtime_ns, digest.hexdigest())


@dataclass
class _Step:
    label: str
    splices: list[tuple[int, int, list[ReviewRow]]] = field(default_factory=list)  # (start, new count, old rows)


class ReviewSession:
    """Load ``path`` (and an align report), answer page queries, apply corrections, save atomically."""

    def __init__(self, path: str | Path, *, report: str | Path | None = None, glossary: str | Path | None = None,
                 doubt_below: float = 0.5, changeid: str | None = None, tm_db: str | Path | None = None) -> None:
        self.path = Path(path)
        if not self.path.is_file():
            raise InputError(f"{self.path}: no such TMX file; give the file 'aligntool align' or 'translate' wrote")
        self.doubt_below = doubt_below
        self.changeid = changeid or _user()
        self.lock = threading.RLock()
        self.stamp = FileStamp.of(self.path)
        reader = TmxReader(self.path)
        units = list(reader)
        self.header: TmxHeader = reader.header or TmxHeader(srclang="")
        languages: dict[str, None] = {}
        for unit in units:
            languages.update(dict.fromkeys(unit.variants))
        source = self.header.srclang if self.header.srclang in languages else next(iter(languages), "")
        if not source:
            raise InputError(f"{self.path}: the TMX has no units and no source language to review")
        self.source_lang = source
        self.target_langs = [lang for lang in languages if lang != source]
        self.rows: list[ReviewRow] = [row_from_unit(i, unit) for i, unit in enumerate(units)]
        self._positions: dict[int, int] | None = None
        self._tuids: set[str] | None = None
        self._matching: tuple[tuple[object, ...], list[int]] | None = None
        if report is not None:
            if len(self.target_langs) != 1:
                raise InputError(f"{report}: an align report goes with a two-language TMX; {self.path} has "
                                 f"{len(self.target_langs)} target languages")
            extra = read_align_report(report, source, self.target_langs[0], len(self.rows))
            self.rows = interleave(self.rows, extra)
            previous = "0"
            for row in self.rows:  # report beads get "7.2" after unit 7, so no tuid is used twice
                if row.unit is None:
                    row.tuid = self._fresh_tuid(previous)
                elif row.unit.tuid:
                    previous = row.unit.tuid
        self.terms: RowScorer | None = None
        if glossary is not None:

            self.terms = RowScorer(Glossary.load(glossary), source)
        self.tm: Any = None  # a TM database: its best match beside each row; reviewed rows written back on save
        self._tm_matches: dict[tuple[str, str], dict[str, Any] | None] = {}
        if tm_db is not None:
            self.tm = TmDatabase(tm_db, create=True)
        self._next_id = len(self.rows)
        self._undo: list[_Step] = []
        self.version = 0
        self.saved_version = 0

    # -- reading ------------------------------------------------------------------------------------

    @property
    def dirty(self) -> bool:
        """Corrections not yet saved."""
        return self.version != self.saved_version

    def meta(self) -> dict[str, Any]:
        """File, languages and counts for the page header."""
        with self.lock:
            return {"file": self.path.name, "source_lang": self.source_lang, "target_langs": self.target_langs,
                    "row_count": len(self.rows), "glossary": self.terms is not None, "dirty": self.dirty,
                    "can_undo": bool(self._undo), "undo_label": self._undo[-1].label if self._undo else ""}

    def query(self, lang: str | None = None, filters: Iterable[str] = (), search: str = "", offset: int = 0,
              limit: int = 100) -> dict[str, Any]:
        """One page of the rows that pass the filters: ``{total, offset, rows}``."""
        lang = self._lang(lang)
        wanted = set(filters)
        unknown = wanted - set(FILTERS)
        if unknown:
            raise ReviewError(f"unknown filter {', '.join(sorted(unknown))}; use {', '.join(FILTERS)}")
        needle = search.casefold().strip()
        limit = max(1, min(limit, MAX_PAGE))
        with self.lock:
            checks: list[Callable[[ReviewRow], bool]] = []
            if "doubtful" in wanted:
                checks.append(lambda row: row.doubtful(lang, self.doubt_below))
            if "unreviewed" in wanted:
                checks.append(lambda row: lang not in row.reviewed)
            if "terms" in wanted:
                checks.append(lambda row: getattr(self._terms(row, lang), "status", "") == "fail")
            if needle:
                checks.append(lambda row: needle in row.variants.get(self.source_lang, "").casefold()
                              or needle in row.variants.get(lang, "").casefold())
            if checks:
                # Paging through one filter scans the rows once (until the next correction changes them).
                key = (lang, frozenset(wanted), needle, self.version)
                if self._matching is None or self._matching[0] != key:
                    self._matching = (key, [i for i, row in enumerate(self.rows) if all(c(row) for c in checks)])
                matching = self._matching[1]
                total = len(matching)
                page = matching[offset:offset + limit]
            else:
                total = len(self.rows)
                page = list(range(offset, min(offset + limit, total)))
            return {"total": total, "offset": offset, "lang": lang,
                    "rows": [self._row_json(i, self.rows[i], lang) for i in page], **self.meta()}

    def _row_json(self, index: int, row: ReviewRow, lang: str) -> dict[str, Any]:
        terms = self._terms(row, lang)
        stale = (PROP_ALIGN_SCORE, PROP_ALIGN_BEAD) if row.structural or row.unit is None else ()
        evidence = [[k, v] for k, v in (row.unit.props if row.unit is not None else [])
                    if _evidence(k) and k not in stale]
        if stale and row.bead is not None:
            evidence.append([PROP_ALIGN_BEAD, format_bead(row.bead)])
        return {
            "id": row.id, "index": index, "source": row.variants.get(self.source_lang, ""),
            "target": row.variants.get(lang, ""), "origin": row.origin(lang), "score": row.score,
            "reasons": row.reasons, "doubtful": row.doubtful(lang, self.doubt_below), "in_tm": row.in_tm,
            "reviewed": lang in row.reviewed, "changed": row.changed, "no_counterpart": row.no_counterpart,
            "capped": row.capped(lang), "one_sided": row.one_sided(lang),
            "terms": terms.as_json() if terms is not None else None, "evidence": evidence,
            "notes": row.unit.notes if row.unit is not None else [],
            "tm": self._tm_match(row.variants.get(self.source_lang, ""), lang),
        }

    def _tm_match(self, source: str, lang: str) -> dict[str, Any] | None:
        """The TM's best match for a row's source into ``lang`` (cached per text), or None."""
        if self.tm is None or not source.strip():
            return None
        key = (source, lang)
        if key not in self._tm_matches:
            found = fuzzy(self.tm, source, self.source_lang, lang, top=1)
            self._tm_matches[key] = found[0].as_dict() if found else None
        return self._tm_matches[key]

    def _terms(self, row: ReviewRow, lang: str) -> RowTerms | None:
        if self.terms is None:
            return None
        cached = row.terms.get(lang)
        if not isinstance(cached, RowTerms):
            cached = self.terms.score(row.variants.get(self.source_lang, ""), row.variants.get(lang, ""), lang)
            row.terms[lang] = cached  # a cache: the row's texts never change in place
        return cached

    def _lang(self, lang: str | None) -> str:
        if not lang:
            return self.target_langs[0] if self.target_langs else self.source_lang
        if lang not in self.target_langs:
            raise ReviewError(f"{lang} is not a target language of {self.path.name} "
                              f"({', '.join(self.target_langs)})")
        return lang

    def _index(self, row_id: int) -> int:
        if self._positions is None:
            self._positions = {row.id: i for i, row in enumerate(self.rows)}
        try:
            return self._positions[int(row_id)]
        except (KeyError, ValueError, TypeError) as exc:
            raise ReviewError(f"row {row_id} does not exist (reload the page)") from exc

    # -- corrections --------------------------------------------------------------------------------

    def apply(self, request: dict[str, Any]) -> dict[str, Any]:
        """Run one operation from the page: ``{"op": "merge", "id": 12, …}``; returns the new meta."""
        ops: dict[str, Callable[..., None]] = {
            "edit": self.edit, "merge": self.merge, "split": self.split, "move": self.move,
            "no_counterpart": self.no_counterpart, "approve": self.approve, "undo": self.undo,
        }
        name = request.get("op")
        if name not in ops:
            raise ReviewError(f"unknown operation {name!r}")
        args = {k: v for k, v in request.items() if k != "op" and not (name == "undo" and k == "lang")}
        if name == "split":  # the page's cursor offsets count UTF-16 code units (JavaScript strings)
            args = self._code_point_offsets(args)
        try:
            ops[name](**args)
        except TypeError as exc:
            raise ReviewError(f"{name}: wrong arguments ({exc})") from exc
        return self.meta()

    def _code_point_offsets(self, args: dict[str, Any]) -> dict[str, Any]:
        """``source_at``/``target_at`` from UTF-16 code units (what a textarea's selectionStart counts) to
        indices into the row's texts (what :meth:`split` takes)."""
        with self.lock:
            row = self.rows[self._index(args.get("id"))]
            lang = self._lang(args.get("lang"))
        converted = dict(args)
        for key, column in (("source_at", self.source_lang), ("target_at", lang)):
            if converted.get(key) is not None:
                converted[key] = utf16_to_index(row.variants.get(column, ""), converted[key], key)
        return converted

    def _commit(self, label: str, start: int, old_count: int, new_rows: Sequence[ReviewRow],
                step: _Step | None = None) -> None:
        own = step is None
        step = step or _Step(label)
        step.splices.append((start, len(new_rows), self.rows[start:start + old_count]))
        self.rows[start:start + old_count] = list(new_rows)
        if old_count != len(new_rows):
            self._positions = None
        elif self._positions is not None:
            for offset, row in enumerate(new_rows):
                self._positions[row.id] = start + offset
        if own:
            self._push(step)

    def _push(self, step: _Step) -> None:
        if step.splices:
            self._undo.append(step)
            self.version += 1

    def _fresh(self, row: ReviewRow, **changes: Any) -> ReviewRow:
        """A changed copy of ``row``, in the TM when both sides have text and it is not marked otherwise."""
        new = replace(row.clone(), **changes)
        if "variants" in changes:
            new.terms = {}  # the term status was for the old texts
        new.in_tm = _tm_ready(new)
        return new

    def edit(self, id: int, lang: str | None = None, target: str | None = None,
             source: str | None = None) -> None:
        """Replace the target (and/or source) text of a row; the row counts as reviewed."""
        lang = self._lang(lang)
        with self.lock:
            index = self._index(id)
            row = self.rows[index]
            variants = dict(row.variants)
            for text in (target, source):
                if text is not None and not is_unicode(str(text)):
                    raise ReviewError("the text contains a lone surrogate (not a Unicode character); retype it")
            if target is not None:
                variants[lang] = str(target)
            if source is not None:
                variants[self.source_lang] = str(source)
            if variants == row.variants:
                return
            new = self._fresh(row, variants=variants, changed=True, reviewed={*row.reviewed, lang})
            self._commit("edit", index, 1, [new])

    def approve(self, ids: Sequence[int] | int, lang: str | None = None) -> None:
        """Mark rows as checked by a person (``x-origin=reviewed`` on save)."""
        lang = self._lang(lang)
        with self.lock:
            step = _Step("approve")
            for row_id in [ids] if isinstance(ids, int) else list(ids):
                index = self._index(row_id)
                row = self.rows[index]
                if lang in row.reviewed:
                    continue
                new = self._fresh(row, reviewed={*row.reviewed, lang})
                self._commit("approve", index, 1, [new], step)
            self._push(step)

    def no_counterpart(self, id: int, lang: str | None = None) -> None:
        """Toggle "no counterpart": the row stays visible but is left out of the TM."""
        lang = self._lang(lang)
        with self.lock:
            index = self._index(id)
            row = self.rows[index]
            new = self._fresh(row, no_counterpart=not row.no_counterpart, changed=True,
                              reviewed={*row.reviewed, lang})
            self._commit("no counterpart", index, 1, [new])

    def merge(self, id: int, lang: str | None = None) -> None:
        """Join a row with the next one (texts joined with a space, in every language)."""
        lang = self._lang(lang)
        with self.lock:
            index = self._index(id)
            if index + 1 >= len(self.rows):
                raise ReviewError("the last row has no next row to merge with")
            first, second = self.rows[index], self.rows[index + 1]
            variants = {key: _join(first.variants.get(key, ""), second.variants.get(key, ""))
                        for key in {**first.variants, **second.variants}}
            new = self._fresh(first, variants=variants, bead=merged_bead(first.bead, second.bead), score=None,
                              reasons=[], changed=True, structural=True, no_counterpart=False,
                              reviewed={lang} | (first.reviewed & second.reviewed))
            self._commit("merge", index, 2, [new])

    def split(self, id: int, lang: str | None = None, source_at: int | None = None,
              target_at: int | None = None) -> None:
        """Split a two-language row in two at character offsets; a missing offset falls on a sentence end."""
        lang = self._lang(lang)
        with self.lock:
            index = self._index(id)
            row = self.rows[index]
            if len(row.variants) > 2:
                raise ReviewError("split works on two-language rows; this unit has "
                                  f"{len(row.variants)} languages")
            source, target = row.variants.get(self.source_lang, ""), row.variants.get(lang, "")
            if source_at is None and target_at is None:
                source_at = _boundary(source, self.source_lang, 0.5)
            if source_at is None:
                source_at = _boundary(source, self.source_lang, int(target_at or 0) / max(len(target), 1))
            if target_at is None:
                target_at = _boundary(target, lang, int(source_at) / max(len(source), 1))
            s_at = max(0, min(int(source_at), len(source)))
            t_at = max(0, min(int(target_at), len(target)))
            parts = [(source[:s_at].strip(), target[:t_at].strip()), (source[s_at:].strip(), target[t_at:].strip())]
            if not any(parts[0]) or not any(parts[1]):
                raise ReviewError("nothing to split here: put the cursor inside the text")
            first = self._fresh(row, variants={self.source_lang: parts[0][0], lang: parts[0][1]}, bead=None,
                                score=None, reasons=[], changed=True, structural=True,
                                reviewed={*row.reviewed, lang})
            second = self._new_row(row, {self.source_lang: parts[1][0], lang: parts[1][1]}, lang)
            self._commit("split", index, 1, [first, second])

    def move(self, id: int, direction: str, column: str = "target", lang: str | None = None) -> None:
        """Move a sentence between neighbouring rows in one column.

        ``down``: the row's last sentence becomes the first of the next row; ``up``: its first sentence
        becomes the last of the previous row.
        """
        lang = self._lang(lang)
        if direction not in ("up", "down") or column not in ("source", "target"):
            raise ReviewError("move needs direction up|down and column source|target")
        key = self.source_lang if column == "source" else lang
        with self.lock:
            index = self._index(id)
            other = index + 1 if direction == "down" else index - 1
            if not 0 <= other < len(self.rows):
                raise ReviewError(f"there is no row {'below' if direction == 'down' else 'above'} this one")
            row, neighbour = self.rows[index], self.rows[other]
            sentences = split_sentences(row.variants.get(key, ""), key)
            if not sentences:
                raise ReviewError(f"the {column} of this row is empty: nothing to move")
            moved = sentences[-1] if direction == "down" else sentences[0]
            rest = " ".join(sentences[:-1] if direction == "down" else sentences[1:])
            there = neighbour.variants.get(key, "")
            news = []
            for base, text in ((row, rest), (neighbour, _join(moved, there) if direction == "down"
                                             else _join(there, moved))):
                new = self._fresh(base, variants={**base.variants, key: text}, bead=None, score=None, reasons=[],
                                  changed=True, structural=True, reviewed={*base.reviewed, lang})
                news.append(new)
            start = min(index, other)
            self._commit("move sentence", start, 2, news if direction == "down" else news[::-1])

    def undo(self) -> None:
        """Revert the last operation."""
        with self.lock:
            if not self._undo:
                raise ReviewError("nothing to undo")
            step = self._undo.pop()
            for start, count, old in reversed(step.splices):
                self.rows[start:start + count] = old
            self._positions = None
            self.version += 1

    def _new_row(self, origin: ReviewRow, variants: dict[str, str], lang: str) -> ReviewRow:
        """The second half of a split: the unit's dates and notes, a fresh tuid, no bead or segment."""
        self._next_id += 1
        unit = None
        if origin.unit is not None:
            dropped = {PROP_SEGMENT, PROP_ALIGN_SCORE, PROP_ALIGN_BEAD}
            unit = TranslationUnit(variants={}, props=[p for p in origin.unit.props if p[0] not in dropped],
                                   tuid=self._fresh_tuid(origin.unit.tuid), creationdate=origin.unit.creationdate)
        row = ReviewRow(self._next_id, variants, unit=unit, changed=True, structural=True, reviewed={lang})
        row.in_tm = _tm_ready(row)
        return row

    def _fresh_tuid(self, base: str | None) -> str | None:
        """``7.2``, ``7.3``…: a tuid no unit of the session has (None lets the writer number it)."""
        if base is None:
            return None
        if self._tuids is None:
            self._tuids = {row.unit.tuid for row in self.rows if row.unit is not None and row.unit.tuid}
        number = 2
        while f"{base}.{number}" in self._tuids:
            number += 1
        self._tuids.add(f"{base}.{number}")
        return f"{base}.{number}"

    # -- saving -------------------------------------------------------------------------------------

    def backup_path(self) -> Path:
        """Where the original is kept: ``FILE.tmx.orig`` beside it."""
        return self.path.with_name(self.path.name + ".orig")

    def save(self, force: bool = False) -> dict[str, Any]:
        """Write the TMX atomically (original kept once as ``.orig``); refuse if it changed on disk."""
        with self.lock:
            if self.path.exists() and FileStamp.of(self.path) != self.stamp and not force:
                raise SaveConflict(f"{self.path} changed on disk since it was loaded; nothing was saved. "
                                   "Reload it to see the other changes, or save anyway to overwrite them")
            backup = self.backup_path()
            if not backup.exists() and self.path.exists():
                shutil.copy2(self.path, backup)
            now = datetime.now(timezone.utc)
            header = replace(self.header, props=_review_props(self.header.props, now, self.changeid))
            left_out = 0
            codes_dropped = 0  # inline codes of texts edited with their source (split, merge): not carried
            reviewed: list[TranslationUnit] = []

            def units() -> Iterable[TranslationUnit]:
                nonlocal left_out, codes_dropped
                for row in self.rows:
                    if not row.in_tm or row.no_counterpart:
                        left_out += 1
                        continue
                    terms: dict[str, str] = {}
                    if self.terms is not None and row.changed:
                        source = row.variants.get(self.source_lang, "")
                        for lang, text in row.variants.items():
                            if lang != self.source_lang:
                                terms[lang] = self.terms.x_terms(source, text, lang)
                    unit = row_to_unit(row, self.source_lang, self.changeid, now, terms)
                    if row.changed:
                        codes_dropped += row_codes(row, self.source_lang).dropped
                    if self.tm is not None and row.reviewed:
                        reviewed.append(reviewed_unit(unit, self.source_lang, row.reviewed))
                    yield unit

            writer = write_tmx(self.path, header, units())
            tm_added = 0
            if self.tm is not None:  # this file's reviewed rows replace what its earlier saves wrote back
                tm_added = add_units(self.tm, f"review:{self.path.resolve()}", reviewed, replace_previous=True).units
                self._tm_matches.clear()
            self.stamp = FileStamp.of(self.path)
            self.saved_version = self.version
            return {"saved": str(self.path), "backup": str(backup), "units": writer.units_written,
                    "left_out": left_out + writer.skipped_units, "tm_added": tm_added,
                    "codes_dropped": codes_dropped, **self.meta()}


def reviewed_unit(unit: TranslationUnit, source_lang: str, reviewed: set[str]) -> TranslationUnit:
    """The part of a saved unit a reviewer checked: the source and the reviewed languages (for the TM)."""
    variants = {lang: text for lang, text in unit.variants.items() if lang == source_lang or lang in reviewed}
    props = unit.props
    targets = [lang for lang in variants if lang != source_lang]
    if len(targets) == 1 and len(unit.variants) > 2:
        props = bilingual_props(props, targets[0], unit.variants)
    return replace(unit, variants=variants, props=props)


def _tm_ready(row: ReviewRow) -> bool:
    return not row.no_counterpart and len(row.variants) >= 2 and all(text.strip() for text in row.variants.values())


def _evidence(kind: str) -> bool:
    parsed = parse_language_prop(kind)
    return kind in _EVIDENCE or (parsed is not None and parsed[0] in _EVIDENCE)


def _join(first: str, second: str) -> str:
    return " ".join(part for part in (first.strip(), second.strip()) if part)


def _boundary(text: str, lang: str, share: float) -> int:
    """The sentence end in ``text`` nearest to ``share`` of its length (the text's end if one sentence)."""

    ends = [s.end for s in segment(text, lang, newlines="space")][:-1]
    if not ends:
        return len(text)
    goal = share * len(text)
    return min(ends, key=lambda end: abs(end - goal))


def _review_props(props: Sequence[tuple[str, str]], now: datetime, changeid: str) -> list[tuple[str, str]]:
    """Header props plus the review's signature fields (replacing an earlier review's)."""

    version = base_signature().fields["version"]
    fields = Signature({"review-version": version, "reviewed": format_tmx_date(now), "reviewer": changeid})
    new = fields.props()
    keys = {k for k, _ in new}
    return [p for p in props if p[0] not in keys] + new


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "reviewer"
