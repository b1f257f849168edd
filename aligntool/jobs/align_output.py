"""Writing an alignment: TMX units for confident beads, a report for everything left out, TSV and beads."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from aligntool.core.datatypes import TranslationUnit
from aligntool.core.inline import CodeAt, CodedText, join_coded, tie_codes
from aligntool.core.signature import Signature
from aligntool.engines.alignment.beads import Bead, format_bead
from aligntool.engines.alignment.debris import is_debris
from aligntool.formats.tmx.writer import TmxHeader, TmxWriter, unit_props

FORMATS = ("tmx", "beads", "tsv")


@dataclass
class Selection:
    """Beads split into those that go into the TM and those that are reported instead."""

    kept: list[Bead] = field(default_factory=list)
    doubtful: list[Bead] = field(default_factory=list)  # below --min-score
    unmatched: list[Bead] = field(default_factory=list)  # 1-0 and 0-1


def select(beads: Iterable[Bead], min_score: float = 0.0) -> Selection:
    """Null beads never enter a TM; beads scoring below ``min_score`` are held back for review."""
    selection = Selection()
    for bead in beads:
        if bead.is_null:
            selection.unmatched.append(bead)
        elif bead.score < min_score:
            selection.doubtful.append(bead)
        else:
            selection.kept.append(bead)
    return selection


def bead_texts(bead: Bead, src: Sequence[str], tgt: Sequence[str]) -> tuple[str, str]:
    """The bead's source and target text (sentences joined with a space)."""
    return " ".join(src[i] for i in bead.src), " ".join(tgt[j] for j in bead.tgt)


def _write_units(writer: TmxWriter, beads: Iterable[Bead], src: Sequence[str], tgt: Sequence[str],
                 src_tag: str, tgt_tag: str, document: str, src_codes: Sequence[tuple[CodeAt, ...]] = (),
                 tgt_codes: Sequence[tuple[CodeAt, ...]] = ()) -> None:
    for bead in beads:
        source, target = bead_texts(bead, src, tgt)
        # x-segment is the unit's first source sentence (the TMX tools' convention); the whole bead
        # goes into x-align-bead.
        props = unit_props(document=document, segment=bead.src[0], origin="aligned", align_score=bead.score,
                           align_bead=format_bead(bead))
        codes: dict[str, tuple[CodeAt, ...]] = {}
        if src_codes or tgt_codes:  # formatted documents: each side's codes, tied across the two sides
            source_codes = _bead_codes(bead.src, src, src_codes)
            codes = {src_tag: source_codes, tgt_tag: tie_codes(source_codes, _bead_codes(bead.tgt, tgt, tgt_codes))}
        writer.write(TranslationUnit(variants={src_tag: source, tgt_tag: target}, props=props, codes=codes))


def _bead_codes(indices: Sequence[int], sentences: Sequence[str],
                codes: Sequence[tuple[CodeAt, ...]]) -> tuple[CodeAt, ...]:
    """The codes of a bead's sentences at offsets of their joined text (as :func:`bead_texts` joins them)."""
    if not codes:
        return ()
    joined = join_coded([CodedText(sentences[i], codes[i]) for i in indices], [" "] * (len(indices) - 1))
    return joined.codes


def write_tmx_units(path: str | Path, beads: Iterable[Bead], src: Sequence[str], tgt: Sequence[str],
                    src_tag: str, tgt_tag: str, signature: Signature, document: str,
                    src_codes: Sequence[tuple[CodeAt, ...]] = (), tgt_codes: Sequence[tuple[CodeAt, ...]] = ()) -> int:
    """Write one ``<tu>`` per bead (atomically); returns the number of units. ``src_codes``/``tgt_codes``: each
    sentence's inline codes (formatted documents), written as TMX level 2."""
    header = TmxHeader(srclang=src_tag, props=signature.props())
    with TmxWriter(path, header) as writer:
        _write_units(writer, beads, src, tgt, src_tag, tgt_tag, document, src_codes, tgt_codes)
    return writer.units_written


def write_corpus_tmx(path: str | Path,
                     documents: Iterable[tuple[str, Iterable[Bead], Sequence[str], Sequence[str]]],
                     src_tag: str, tgt_tag: str, signature: Signature) -> int:
    """One TMX for many documents ((name, beads, source sentences, target sentences), streamed); each
    unit's ``x-document`` names its document. Returns the number of units."""
    header = TmxHeader(srclang=src_tag, props=signature.props())
    with TmxWriter(path, header) as writer:
        for document, beads, src, tgt in documents:
            _write_units(writer, beads, src, tgt, src_tag, tgt_tag, document)
    return writer.units_written


def _cell(text: str) -> str:
    return " ".join(text.split())


def write_tsv(out: IO[str], beads: Iterable[Bead], src: Sequence[str], tgt: Sequence[str]) -> None:
    """``source<TAB>target<TAB>score`` per bead (whitespace inside a cell folded to single spaces)."""
    for bead in beads:
        source, target = bead_texts(bead, src, tgt)
        out.write(f"{_cell(source)}\t{_cell(target)}\t{bead.score:.3f}\n")


def write_beads(out: IO[str], beads: Iterable[Bead]) -> None:
    """The gold-file format: ``[3]:[3, 4]`` per line, every bead including 1-0 and 0-1."""
    for bead in beads:
        out.write(format_bead(bead) + "\n")


DOUBT = 0.5  # beads kept in the TM but scoring below this are listed in the report too


def write_report(out: IO[str], beads: Iterable[Bead], src: Sequence[str], tgt: Sequence[str],
                 min_score: float, doubt: float = DOUBT) -> int:
    """Beads a reviewer should look at, in document order, with the reason; returns how many.

    Listed: beads without a counterpart, beads left out under ``min_score``, and beads kept although
    they score below ``doubt`` or some evidence speaks against them. The reason names the evidence
    against the bead (length, lexical, MT); when none does, a neighbouring alignment was about as good
    ("ambiguous").
    """
    out.write("# bead\tscore\tstatus\treason\tsource\ttarget\n")
    count = 0
    for bead in beads:
        if bead.is_null:
            text = src[bead.src[0]] if bead.src else tgt[bead.tgt[0]]
            status, reasons = "left out", ["no words (debris)" if is_debris(text) else "no counterpart"]
        elif bead.score < min_score or bead.score < doubt or (bead.evidence and bead.evidence.reasons()):
            status = "left out" if bead.score < min_score else "kept"
            reasons = (bead.evidence.reasons() if bead.evidence is not None else []) or [
                "ambiguous (another alignment is about as good)"]
            if bead.score < min_score:
                reasons.insert(0, f"score below {min_score:g}")
        else:
            continue
        source, target = bead_texts(bead, src, tgt)
        out.write(f"{format_bead(bead)}\t{bead.score:.3f}\t{status}\t{'; '.join(reasons)}\t"
                  f"{_cell(source)}\t{_cell(target)}\n")
        count += 1
    return count
