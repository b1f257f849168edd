"""Rows of the review page: one per TMX unit (or per bead the align report left out), and back to units.

A row keeps the unit it came from, so everything the reviewer did not touch (tuid, dates, notes, other
props) is written back unchanged.
"""

from __future__ import annotations

import copy
import csv
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from aligntool.core.datatypes import TranslationUnit
from aligntool.core.errors import InputError, ParseError
from aligntool.core.inline import CodeAt, CodedText
from aligntool.engines.alignment.beads import Bead, format_bead, parse_bead
from aligntool.engines.segmentation.segmenter import segment
from aligntool.engines.translation.placement import place_codes
from aligntool.formats.tmx.writer import (
    PROP_ALIGN_BEAD,
    PROP_ALIGN_SCORE,
    PROP_CODES_FALLBACK,
    PROP_MT_CAPPED,
    PROP_ORIGIN,
    PROP_TERMS,
    language_prop,
    unit_props,
)

REVIEWED = "reviewed"


@dataclass
class ReviewRow:
    """One side-by-side row: ``variants`` maps language tag → text, the source language first."""

    id: int
    variants: dict[str, str]
    unit: TranslationUnit | None = None  # what the row came from (None: a report bead or a new row)
    bead: Bead | None = None
    score: float | None = None
    reasons: list[str] = field(default_factory=list)  # why the aligner doubted it (from its report)
    in_tm: bool = True  # report beads are not in the TM until a reviewer approves or fixes them
    reviewed: set[str] = field(default_factory=set)  # target languages a reviewer approved or edited
    changed: bool = False  # text or structure differs from the file
    structural: bool = False  # merged, split or sentences moved: the old bead and score no longer apply
    no_counterpart: bool = False
    tuid: str | None = None  # for a row without a unit (a report bead): given at load, unique in the file
    terms: dict[str, object] = field(default_factory=dict, compare=False)  # cache, per target language

    def clone(self) -> ReviewRow:
        """A deep copy (for undo)."""
        return copy.deepcopy(self)

    def prop(self, prop_type: str, lang: str | None = None) -> str | None:
        """A prop of the original unit, the per-language form (``x-origin-ru``) first."""
        if self.unit is None:
            return None
        if lang is not None:
            for key in (language_prop(prop_type, lang), f"{prop_type}-{lang}"):
                value = self.unit.prop(key)
                if value is not None:
                    return value
        return self.unit.prop(prop_type)

    def origin(self, lang: str) -> str:
        """Where the target text came from: reviewed, or the file's ``x-origin`` ('' if unknown)."""
        if lang in self.reviewed:
            return REVIEWED
        if self.unit is None:
            return "aligned" if self.bead is not None else ""
        return self.prop(PROP_ORIGIN, lang) or ""

    def capped(self, lang: str) -> bool:
        """The MT output hit the length limit (translate marks it with a prop)."""
        return (self.prop(PROP_MT_CAPPED, lang) or "").lower() in ("1", "true", "yes")

    def doubtful(self, lang: str, below: float) -> bool:
        """The aligner reported it, it scores below ``below``, a side is empty or the output was capped."""
        return bool(self.reasons or (self.score is not None and self.score < below) or self.one_sided(lang)
                    or self.capped(lang))

    def one_sided(self, lang: str) -> bool:
        """Source or target is empty: a 1-0 or 0-1 bead."""
        source = next(iter(self.variants.values()), "")
        return not source.strip() or not self.variants.get(lang, "").strip()


def row_from_unit(row_id: int, unit: TranslationUnit) -> ReviewRow:
    """A row for a unit read from the TMX."""
    score_text = unit.prop(PROP_ALIGN_SCORE)
    bead_text = unit.prop(PROP_ALIGN_BEAD)
    try:
        score = float(score_text) if score_text is not None else None
    except ValueError:
        score = None
    bead = None
    if bead_text:
        try:
            bead = parse_bead(bead_text)
        except ParseError:
            bead = None
    return ReviewRow(row_id, dict(unit.variants), unit=unit, bead=bead, score=score)


def read_align_report(path: str | Path, source_lang: str, target_lang: str, first_id: int) -> list[ReviewRow]:
    """Rows for the beads an ``aligntool align --report`` file lists (columns found by their header names)."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read the align report ({exc}); give the file --report wrote") from exc
    if not lines or not lines[0].startswith("#"):
        raise ParseError("not an align report: the first line should be '# bead<TAB>score<TAB>reason…'", path, 1)
    names = [name.strip() for name in lines[0].lstrip("#").split("\t")]
    missing = {"bead", "source", "target"} - set(names)
    if missing:
        raise ParseError(f"align report header lacks {', '.join(sorted(missing))}", path, 1)
    rows = []
    for number, values in enumerate(csv.reader(lines[1:], delimiter="\t", quoting=csv.QUOTE_NONE), start=2):
        if not values or not "".join(values).strip():
            continue
        record = dict(zip(names, values, strict=False))
        bead = parse_bead(record.get("bead", ""), path, number)
        try:
            score = float(record.get("score", "") or 0.0)
        except ValueError as exc:
            raise ParseError(f"score {record.get('score')!r} is not a number", path, number) from exc
        reasons = [r.strip() for r in record.get("reason", "").split(";") if r.strip()] or ["reported"]
        variants = {source_lang: record.get("source", ""), target_lang: record.get("target", "")}
        # status "kept": the bead is in the TMX and the report only says why to look at it.
        kept = record.get("status", "left out").strip() == "kept"
        rows.append(ReviewRow(first_id + len(rows), variants, bead=bead, score=score, reasons=reasons, in_tm=kept))
    return rows


def interleave(rows: Sequence[ReviewRow], reported: Sequence[ReviewRow]) -> list[ReviewRow]:
    """Report beads kept in the TMX lend their reasons to its row; the others go between the TMX rows in
    document order (by their sentence indices)."""
    by_bead = {row.bead.key(): row for row in rows if row.bead is not None}
    pending = []
    for extra in reported:
        row = by_bead.get(extra.bead.key()) if extra.in_tm and extra.bead is not None else None
        if row is not None:
            row.reasons = extra.reasons
        else:
            extra.in_tm = False
            pending.append(extra)
    out: list[ReviewRow] = []
    for row in rows:
        while pending and row.bead is not None and _before(pending[0].bead, row.bead):
            out.append(pending.pop(0))
        out.append(row)
    return out + pending


def _before(bead: Bead | None, kept: Bead) -> bool:
    if bead is None:
        return False
    if bead.src and kept.src:
        return bead.src[0] < kept.src[0]
    return bool(bead.tgt and kept.tgt and bead.tgt[0] < kept.tgt[0])


def merged_bead(first: Bead | None, second: Bead | None) -> Bead | None:
    """The bead of two merged rows (None unless both are known)."""
    if first is None or second is None:
        return None
    return Bead(tuple(sorted({*first.src, *second.src})), tuple(sorted({*first.tgt, *second.tgt})))


@dataclass
class RowCodes:
    """The inline codes a saved row writes: per language tag; ``fallback``: languages whose codes were placed
    in an edited text without full word evidence (``x-codes-fallback``); ``dropped``: codes of edited texts that
    could not be carried (the source itself was edited: split, merge)."""

    codes: dict[str, tuple[CodeAt, ...]] = field(default_factory=dict)
    fallback: set[str] = field(default_factory=set)
    dropped: int = 0


def row_codes(row: ReviewRow, source_lang: str) -> RowCodes:
    """A row's inline codes (TMX level 2): a text the reviewer left as it was keeps its codes; an edited
    translation of an unedited source gets the source's codes placed in it by word alignment, as translate
    places them in MT output (:func:`aligntool.engines.translation.placement.place_codes`)."""
    out = RowCodes()
    base = row.unit
    if base is None or not base.codes:
        return out
    source_text = row.variants.get(source_lang, "")
    source_codes = base.codes.get(source_lang, ()) if base.variants.get(source_lang) == source_text else ()
    for lang, text in row.variants.items():
        original = base.codes.get(lang, ())
        if base.variants.get(lang) == text:
            if original:
                out.codes[lang] = original
        elif lang != source_lang and source_codes:
            placement = place_codes(CodedText(source_text, source_codes), text)
            out.codes[lang] = placement.coded.codes
            if not placement.confident:
                out.fallback.add(lang)
        else:
            out.dropped += len(original)
    return out


def row_to_unit(row: ReviewRow, source_lang: str, changeid: str, now: datetime,
                terms: dict[str, str]) -> TranslationUnit:
    """The unit to write: original metadata, ``x-origin=reviewed`` for reviewed languages, fresh term status.

    ``terms`` maps a target language to its re-scored ``x-terms`` value (languages without a glossary
    check are absent; a stale ``x-terms`` of an edited language is then dropped, not kept).
    """
    base = row.unit or TranslationUnit(variants={})
    multilingual = len(row.variants) > 2
    targets = [lang for lang in row.variants if lang != source_lang]
    dropped: set[str] = set()
    if row.structural:
        dropped |= {PROP_ALIGN_SCORE, PROP_ALIGN_BEAD}
    props = [(k, v) for k, v in base.props if k not in dropped]
    if row.unit is None or row.structural:  # a report bead, or a merge: the bead it is now
        first_source = row.bead.src[0] if row.unit is None and row.bead is not None and row.bead.src else None
        props += unit_props(segment=first_source, align_bead=format_bead(row.bead) if row.bead else None)
    for lang in targets:
        suffix = lang if multilingual else None
        if lang in row.reviewed:
            [(key, value)] = unit_props(origin=REVIEWED, lang=suffix)
            props = _set_prop(props, key, value, aliases=() if multilingual else (language_prop(PROP_ORIGIN, lang),))
        if row.changed or lang in terms:
            key = language_prop(PROP_TERMS, lang) if multilingual else PROP_TERMS
            props = [(k, v) for k, v in props if k != key] + unit_props(terms=terms.get(lang) or None, lang=suffix)
    coded = row_codes(row, source_lang)
    for lang in targets:  # an edited text's codes were placed anew: its fallback mark says how, now
        if base.variants.get(lang) == row.variants[lang]:
            continue
        key = language_prop(PROP_CODES_FALLBACK, lang) if multilingual else PROP_CODES_FALLBACK
        props = [(k, v) for k, v in props if k != key]
        if lang in coded.fallback:
            props += unit_props(codes_fallback=True, lang=lang if multilingual else None)
    touched = row.changed or bool(row.reviewed)
    return TranslationUnit(
        variants=dict(row.variants), props=props, notes=list(base.notes), tuid=base.tuid or row.tuid,
        creationdate=base.creationdate, changedate=now if touched else base.changedate,
        changeid=changeid if touched else base.changeid, codes=coded.codes,
    )


def _set_prop(props: list[tuple[str, str]], key: str, value: str, aliases: Sequence[str] = ()) -> list[tuple[str, str]]:
    """Replace the first ``key`` (or an alias) prop in place, drop the others; append if absent."""
    out: list[tuple[str, str]] = []
    placed = False
    for k, v in props:
        if k == key or k in aliases:
            if not placed:
                out.append((key, value))
                placed = True
            continue
        out.append((k, v))
    if not placed:
        out.append((key, value))
    return out


def split_sentences(text: str, lang: str) -> list[str]:
    """The sentences of a row's text, with the project's segmenter."""

    return [s.text for s in segment(text, lang, newlines="space")] or ([text] if text.strip() else [])
