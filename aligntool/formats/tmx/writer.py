"""Streaming, atomic TMX 1.4b writer (level 2 where a unit has inline codes: :mod:`aligntool.formats.tmx.inline`).

Units are serialised one at a time, so memory does not grow with the number of units; the file appears
under its final name only when the writer closes without an error.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path
from types import TracebackType
from typing import IO

from aligntool.core.atomic import text_output
from aligntool.core.datatypes import TranslationUnit
from aligntool.core.inline import CodeAt, CodedText
from aligntool.core.languages import base_language
from aligntool.core.xmltext import XmlTextCleaner
from aligntool.formats.tmx.inline import escape_text, seg_markup
from aligntool.version import __version__

# C0 controls other than TAB/LF/CR, lone surrogates and U+FFFE/U+FFFF are not allowed in XML 1.0.

# Unit props aligntool writes (other stages add their own ``x-…`` props; TMX allows any type). This module is
# the one place that names them: every command builds its props with :func:`unit_props`.
PROP_DOCUMENT = "x-document"  # source file name
PROP_SEGMENT = "x-segment"  # 0-based index of the unit's (first) source segment in the document's segmentation
PROP_CONTEXT = "x-context"  # where in the document the segment is: "line 3", "table 1, row 2, cell 1", "page 4"
PROP_ORIGIN = "x-origin"  # where the target text came from: one of ORIGINS
PROP_MT_MODEL = "x-mt-model"  # model id@revision, for x-origin=mt
PROP_MT_ENGINE = "x-mt-engine"  # the engine(s) that produced the text, where not the run's engine (re-decoding)
PROP_MT_CAPPED = "x-mt-capped"  # "1" when the MT output reached the length limit (may be cut short)
PROP_CODES_FALLBACK = "x-codes-fallback"  # "1": inline codes put in source order, not all by aligned words
PROP_TERMS = "x-terms"  # glossary term outcomes, e.g. ``csto=ok; nato(2)=enforced`` (aligntool.engines.terminology)
PROP_ALIGN_SCORE = "x-align-score"  # aligner confidence of the bead, 0..1 (x-origin=aligned)
PROP_ALIGN_BEAD = "x-align-bead"  # the bead's sentence indices, ``[2]:[2, 3]`` (x-origin=aligned)
PROP_TM_SCORE = "x-tm-score"  # fuzzy score (0..100) of the best TM match offered or filled in (aligntool.formats.tmdb)
PROP_TM_ORIGIN = "x-tm-origin"  # that match's own x-origin in the TM ("-" when it had none)
PROP_TM_MATCH = "x-tm-match"  # that match's target (numbers carried), where MT was kept and the match only offered
ORIGINS = ("mt", "aligned", "tm", "reviewed")  # reviewed: a person approved or corrected it (review)
# In a multilingual unit the per-target props carry the language: ``x-origin-ru``, ``x-mt-model-kk``.
PER_LANGUAGE_PROPS = (PROP_ORIGIN, PROP_MT_MODEL, PROP_MT_ENGINE, PROP_MT_CAPPED, PROP_TERMS, PROP_TM_SCORE,
                      PROP_TM_ORIGIN, PROP_TM_MATCH, PROP_CODES_FALLBACK)


def language_prop(name: str, lang: str) -> str:
    """The per-target form of a prop in a multilingual unit: ``x-origin`` + ``ru-RU`` → ``x-origin-ru``."""
    return f"{name}-{base_language(lang)}"


def parse_language_prop(kind: str, languages: Iterable[str] = ()) -> tuple[str, str] | None:
    """``x-terms-kk`` → ``("x-terms", "kk")`` for a per-target prop, else None.

    A prop is per-target when its name is one of :data:`PER_LANGUAGE_PROPS` plus ``-<lang>``, or when it
    ends in ``-<lang>`` for one of ``languages`` (the unit's languages: props other tools added).
    """
    for name in PER_LANGUAGE_PROPS:
        if kind.startswith(name + "-") and kind != name:
            return name, kind[len(name) + 1:].lower()
    bases = {base_language(lang) for lang in languages}
    name, sep, suffix = kind.rpartition("-")
    if sep and name and suffix.lower() in bases:
        return name, suffix.lower()
    return None


def unit_props(document: str | None = None, segment: int | None = None, origin: str | None = None,
               mt_model: str | None = None, terms: str | None = None, lang: str | None = None,
               align_score: float | None = None, align_bead: str | None = None,
               context: str | None = None, mt_engine: str | None = None,
               mt_capped: bool = False, tm_score: int | None = None, tm_origin: str | None = None,
               tm_match: str | None = None, codes_fallback: bool = False) -> list[tuple[str, str]]:
    """The standard aligntool props of a unit, in a fixed order; None and empty values are left out.

    With ``lang`` the per-target props (origin, model, engine, capped, terms, TM match) get its suffix, for a
    multilingual unit.
    """
    if origin is not None and origin not in ORIGINS:
        raise ValueError(f"x-origin must be one of {', '.join(ORIGINS)}, not {origin!r}")
    if segment is not None and segment < 0:
        raise ValueError(f"x-segment is a 0-based index, not {segment}")
    props: list[tuple[str, str]] = []
    if document is not None:
        props.append((PROP_DOCUMENT, document))
    if segment is not None:
        props.append((PROP_SEGMENT, str(segment)))
    if context:
        props.append((PROP_CONTEXT, context))
    for name, value in ((PROP_ORIGIN, origin), (PROP_MT_MODEL, mt_model), (PROP_MT_ENGINE, mt_engine),
                        (PROP_MT_CAPPED, "1" if mt_capped else None), (PROP_TERMS, terms),
                        (PROP_TM_SCORE, str(tm_score) if tm_score is not None else None), (PROP_TM_ORIGIN, tm_origin),
                        (PROP_TM_MATCH, tm_match), (PROP_CODES_FALLBACK, "1" if codes_fallback else None)):
        if value:
            props.append((language_prop(name, lang) if lang else name, value))
    if align_score is not None:
        props.append((PROP_ALIGN_SCORE, f"{align_score:.3f}"))
    if align_bead is not None:
        props.append((PROP_ALIGN_BEAD, align_bead))
    return props


def format_tmx_date(moment: datetime) -> str:
    """TMX date: UTC, ``YYYYMMDDThhmmssZ``."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")


_escape_text = escape_text  # one owner: aligntool.formats.tmx.inline


def _escape_attr(text: str) -> str:
    return _escape_text(text).replace('"', "&quot;").replace("\n", "&#10;").replace("\t", "&#9;")


@dataclass
class TmxHeader:
    """The ``<header>`` element; every attribute the TMX 1.4b DTD requires has a value."""

    srclang: str
    adminlang: str = "en-US"
    datatype: str = "plaintext"
    segtype: str = "sentence"
    o_tmf: str = "aligntool"
    creationtool: str = "aligntool"
    creationtoolversion: str = __version__
    creationdate: datetime = field(default_factory=lambda: datetime.now(timezone.utc))
    props: list[tuple[str, str]] = field(default_factory=list)


class TmxWriter:
    """Write a TMX file unit by unit: ``with TmxWriter(path, header) as tmx: tmx.write(unit)``.

    Every unit gets a ``tuid`` (its 1-based number unless the unit has one) and a ``creationdate``
    (the header's unless the unit has one). Segment text is stripped; variants that are empty after
    stripping are left out, and a unit left with fewer than two languages is skipped and counted in
    ``skipped_units`` (a CAT tool would otherwise insert an empty or wrong-language translation).
    Characters XML 1.0 forbids are replaced by U+FFFD and counted in ``replaced_characters``.
    The file is written atomically; the path ``-`` writes to standard output.
    """

    def __init__(self, path: str | Path, header: TmxHeader) -> None:
        self.path = Path(path)
        self.header = header
        self.units_written = 0
        self._cleaner = XmlTextCleaner()
        self.skipped_units = 0
        self._default_date = format_tmx_date(header.creationdate)
        self._context = text_output(self.path)  # "-": stdout; a file is written atomically
        self._out: IO[str] | None = None

    def __enter__(self) -> TmxWriter:
        self._out = self._context.__enter__()
        self._write_header()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if exc_type is None and self._out is not None:
            self._out.write("  </body>\n</tmx>\n")
        self._context.__exit__(exc_type, exc, tb)
        self._out = None

    @property
    def replaced_characters(self) -> int:
        """Characters XML forbids that this writer replaced (:mod:`aligntool.core.xmltext`)."""
        return self._cleaner.replaced_characters

    def _clean(self, text: str) -> str:
        return self._cleaner.clean(text)

    def _coded(self, text: str, codes: tuple[CodeAt, ...]) -> CodedText:
        """Text stripped and cleaned like a plain segment, its codes moved with it (kept at the ends)."""
        lead = len(text) - len(text.lstrip())
        stripped = self._clean(text.strip())
        return CodedText(stripped, tuple(replace(c, offset=min(max(c.offset - lead, 0), len(stripped)))
                                         for c in codes))

    def _text(self, text: str) -> str:
        return _escape_text(self._clean(text))

    def _attr(self, text: str) -> str:
        return _escape_attr(self._clean(text))

    def _write_header(self) -> None:
        h = self.header
        out = self._out
        if out is None:
            raise RuntimeError("TmxWriter used outside its 'with' block")
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        out.write('<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n')
        out.write('<tmx version="1.4">\n')
        out.write(
            f'  <header creationtool="{self._attr(h.creationtool)}"'
            f' creationtoolversion="{self._attr(h.creationtoolversion)}"'
            f' segtype="{self._attr(h.segtype)}" o-tmf="{self._attr(h.o_tmf)}"'
            f' adminlang="{self._attr(h.adminlang)}" srclang="{self._attr(h.srclang)}"'
            f' datatype="{self._attr(h.datatype)}" creationdate="{format_tmx_date(h.creationdate)}"'
        )
        if h.props:
            out.write(">\n")
            for prop_type, value in h.props:
                out.write(f'    <prop type="{self._attr(prop_type)}">{self._text(value)}</prop>\n')
            out.write("  </header>\n")
        else:
            out.write("/>\n")
        out.write("  <body>\n")

    def write(self, unit: TranslationUnit) -> None:
        """Append one ``<tu>`` (or skip it, see the class docstring)."""
        out = self._out
        if out is None:
            raise RuntimeError("TmxWriter used outside its 'with' block")
        tuvs = []
        numbers: dict[int, int] = {}  # pair → x, numbered in the first (source) variant's order
        for lang, text in unit.variants.items():
            codes = unit.codes.get(lang)
            seg = (_escape_text(self._clean(text.strip())) if not codes
                   else seg_markup(self._coded(text, codes), numbers))
            if seg:
                # ``ru_RU`` does not match ``ru-RU`` in CAT tools; the underscore form never gets written.
                tag = self._attr(lang.strip().replace("_", "-"))
                tuvs.append(f'      <tuv xml:lang="{tag}"><seg>{seg}</seg></tuv>\n')
        if len(tuvs) < 2:
            self.skipped_units += 1
            return
        tuid = unit.tuid if unit.tuid is not None else str(self.units_written + 1)
        attrs = f' tuid="{self._attr(tuid)}"'
        created = format_tmx_date(unit.creationdate) if unit.creationdate else self._default_date
        attrs += f' creationdate="{created}"'
        if unit.changedate is not None:
            attrs += f' changedate="{format_tmx_date(unit.changedate)}"'
        if unit.changeid:
            attrs += f' changeid="{self._attr(unit.changeid)}"'
        parts = [f"    <tu{attrs}>\n"]
        for note in unit.notes:
            parts.append(f"      <note>{_escape_text(self._clean(note))}</note>\n")
        for prop_type, value in unit.props:
            parts.append(f'      <prop type="{self._attr(prop_type)}">{self._text(value)}</prop>\n')
        parts.extend(tuvs)
        parts.append("    </tu>\n")
        out.write("".join(parts))
        self.units_written += 1


def write_tmx(path: str | Path, header: TmxHeader, units: Iterable[TranslationUnit]) -> TmxWriter:
    """Write all units to ``path`` atomically; returns the closed writer (for its counters)."""
    with TmxWriter(path, header) as writer:
        for unit in units:
            writer.write(unit)
    return writer
