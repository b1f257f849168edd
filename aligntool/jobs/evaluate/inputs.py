"""Hypotheses and references for evaluation: read from TMX or line-aligned text, paired, reconciled.

Pairing never drops a segment silently: every hypothesis without a reference, every reference without a
hypothesis, and every empty reference (which no metric can score) is counted in :class:`Reconciliation`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from aligntool.core.errors import ConfigError, InputError
from aligntool.core.languages import base_language
from aligntool.core.safeio import read_text
from aligntool.formats.tmx.reader import TmxReader
from aligntool.formats.tmx.writer import PROP_DOCUMENT

MATCH_KEYS = ("source", "tuid")


@dataclass(frozen=True, slots=True)
class ScoredSegment:
    """One segment of a hypothesis or reference file, with the key it is paired by."""

    key: tuple[str, int]  # (source text, tuid or line number; occurrence number among equal keys)
    text: str
    source: str | None
    document: str
    where: str  # FILE:LINE, for messages and the per-sentence table


@dataclass
class SideFile:
    """A hypothesis or reference file read into segments (in file order)."""

    path: Path
    kind: str  # tmx | text
    segments: list[ScoredSegment]
    source_lang: str | None = None
    target_lang: str | None = None


@dataclass
class Reconciliation:
    """How the segments of one hypothesis file and the reference were accounted for."""

    system: str
    hypotheses: int
    references: int
    scored: int
    hypotheses_without_reference: list[str] = field(default_factory=list)  # where
    references_without_hypothesis: list[str] = field(default_factory=list)
    empty_references: list[str] = field(default_factory=list)
    not_in_every_system: int = 0  # paired here, but another system lacks the segment

    def balanced(self) -> bool:
        """``hypotheses`` and ``references`` are fully accounted for by the lists and counts."""
        matched = self.scored + len(self.empty_references) + self.not_in_every_system
        return (self.hypotheses == matched + len(self.hypotheses_without_reference)
                and self.references == matched + len(self.references_without_hypothesis))

    def as_dict(self) -> dict[str, object]:
        """JSON-ready form."""
        return {
            "system": self.system, "hypotheses": self.hypotheses, "references": self.references,
            "scored": self.scored, "hypotheses_without_reference": self.hypotheses_without_reference,
            "references_without_hypothesis": self.references_without_hypothesis,
            "empty_references": self.empty_references, "not_in_every_system": self.not_in_every_system,
        }


@dataclass(frozen=True, slots=True)
class EvaluationRow:
    """One scored segment: the reference and every system's hypothesis for it."""

    source: str | None
    reference: str
    hypotheses: tuple[str, ...]
    document: str
    where: tuple[str, ...]  # each system's FILE:LINE


def is_tmx(path: Path) -> bool:
    """A ``.tmx`` file (anything else is read as line-aligned UTF-8 text)."""
    return path.suffix.lower() == ".tmx"


def _pick_language(path: Path, found: Sequence[str], wanted: str | None, source_lang: str) -> str:
    if wanted is not None:
        if base_language(wanted) not in found:
            have = ", ".join(found) or "none"
            raise InputError(f"{path}: no {base_language(wanted)} segments in this TMX (it has: {have}); "
                             "choose another language with --to")
        return base_language(wanted)
    if len(found) == 1:
        return found[0]
    if not found:
        raise InputError(f"{path}: no translations besides the source language {source_lang}")
    raise ConfigError(f"{path}: several target languages ({', '.join(found)}); choose one with --to")


def read_tmx_side(path: Path, source_lang: str | None, target_lang: str | None, match: str) -> SideFile:
    """The units of a TMX file that have the target language, keyed by source text or tuid."""

    reader = TmxReader(path)
    units = list(reader)
    header_source = base_language(reader.header.srclang) if reader.header and reader.header.srclang else None
    source = base_language(source_lang) if source_lang else header_source
    if source is None:
        raise ConfigError(f"{path}: the TMX header names no source language; give it with --from")
    languages: dict[str, None] = {}
    for unit in units:
        for tag in unit.variants:
            if base_language(tag) != source:
                languages.setdefault(base_language(tag))
    target = _pick_language(path, list(languages), target_lang, source)
    seen: dict[str, int] = defaultdict(int)
    segments: list[ScoredSegment] = []
    for unit in units:
        texts = {base_language(tag): text for tag, text in unit.variants.items()}
        if target not in texts:
            continue
        source_text = texts.get(source)
        if match == "tuid":
            if not unit.tuid:
                raise InputError(f"{path}:{unit.line}: a unit without tuid; pair by source text instead "
                                 "(--match source)")
            name = unit.tuid
        else:
            if source_text is None:
                raise InputError(f"{path}:{unit.line}: a unit without {source} text; pair by tuid (--match tuid)")
            name = " ".join(source_text.split())
        occurrence = seen[name]
        seen[name] += 1
        segments.append(ScoredSegment((name, occurrence), texts[target], source_text,
                                unit.prop(PROP_DOCUMENT) or path.name, f"{path}:{unit.line}"))
    return SideFile(path, "tmx", segments, source, target)


def read_text_side(path: Path, sources: Sequence[str] | None = None) -> SideFile:
    """Line-aligned text: one segment per line; a final newline does not make an extra segment."""
    lines = read_text(path).split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    segments = [ScoredSegment((str(number), 0), line, sources[number - 1] if sources else None, path.name,
                        f"{path}:{number}")
                for number, line in enumerate(lines, start=1)]
    return SideFile(path, "text", segments)


def read_source_lines(path: Path) -> list[str]:
    """The source side of line-aligned text (for the term check and the per-sentence table)."""
    return [seg.text for seg in read_text_side(path).segments]


def _by_position(hyp: SideFile, ref: SideFile) -> SideFile:
    """Text on one side: pair by position, so both sides must have the same number of segments."""
    if len(hyp.segments) != len(ref.segments):
        raise InputError(f"{hyp.path} has {len(hyp.segments)} segments but {ref.path} has {len(ref.segments)}; "
                         "line-aligned files must have one line per segment")
    rekeyed = [ScoredSegment(ref_seg.key, seg.text, seg.source or ref_seg.source,
                       seg.document if hyp.kind == "tmx" else ref_seg.document, seg.where)
               for seg, ref_seg in zip(hyp.segments, ref.segments, strict=True)]
    return SideFile(hyp.path, hyp.kind, rekeyed, hyp.source_lang, hyp.target_lang)


def pair(systems: Sequence[SideFile], reference: SideFile, names: Sequence[str]) -> tuple[list[EvaluationRow],
                                                                                         list[Reconciliation]]:
    """Rows scored for every system (in reference order) and each system's reconciliation."""
    if not reference.segments:
        raise InputError(f"{reference.path}: no reference segments")
    aligned = [_by_position(system, reference) if "text" in (system.kind, reference.kind) else system
               for system in systems]
    ref_keys = {seg.key for seg in reference.segments}
    empty_refs = {seg.key for seg in reference.segments if not seg.text.strip()}
    lookups = [{seg.key: seg for seg in system.segments} for system in aligned]
    in_all = set.intersection(*(set(lookup) for lookup in lookups)) & ref_keys
    reconciliations = []
    for name, system, lookup in zip(names, aligned, lookups, strict=True):
        paired = set(lookup) & ref_keys
        reconciliations.append(Reconciliation(
            system=name, hypotheses=len(system.segments), references=len(reference.segments),
            scored=len(in_all - empty_refs),
            hypotheses_without_reference=[seg.where for seg in system.segments if seg.key not in ref_keys],
            references_without_hypothesis=[seg.where for seg in reference.segments if seg.key not in lookup],
            empty_references=[seg.where for seg in reference.segments if seg.key in paired & empty_refs],
            not_in_every_system=len((paired - in_all) - empty_refs),
        ))
    rows = [EvaluationRow(source=ref_seg.source or lookups[0][ref_seg.key].source, reference=ref_seg.text,
                hypotheses=tuple(lookup[ref_seg.key].text for lookup in lookups),
                document=lookups[0][ref_seg.key].document if reference.kind == "text" else ref_seg.document,
                where=tuple(lookup[ref_seg.key].where for lookup in lookups))
            for ref_seg in reference.segments if ref_seg.key in in_all and ref_seg.key not in empty_refs]
    if not rows:
        raise InputError(f"{reference.path}: no segment of the reference has a hypothesis in every system "
                         f"(paired by {'position' if reference.kind == 'text' else 'source text or tuid'})")
    return rows, reconciliations


def read_side(path: Path, source_lang: str | None, target_lang: str | None, match: str,
              sources: Sequence[str] | None = None) -> SideFile:
    """A TMX or text file, chosen by extension."""
    if match not in MATCH_KEYS:
        raise ConfigError(f"--match must be one of {', '.join(MATCH_KEYS)}, not {match!r}")
    if is_tmx(path):
        return read_tmx_side(path, source_lang, target_lang, match)
    return read_text_side(path, sources)
