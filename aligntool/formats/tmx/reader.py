"""Streaming, tolerant, safe TMX reader.

Reads TMX 1.1–1.4b as written by CAT tools: ``xml:lang`` or TMX 1.1 ``lang``, dates with or without
separators, UTF-8 with or without BOM, UTF-16 with BOM. Memory stays constant in the number of units
(each ``<tu>`` is dropped once read). Untrusted input is handled by :mod:`aligntool.core.safexml`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import IO, Any

from aligntool.core.datatypes import TranslationUnit
from aligntool.core.errors import ConfigError, ParseError
from aligntool.core.inline import CodeAt
from aligntool.core.languages import normalise_tag
from aligntool.core.safexml import MAX_BYTES, iterparse_safe
from aligntool.formats.tmx.inline import seg_coded
from aligntool.formats.tmx.writer import TmxHeader

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
#: Inline codes whose content is native markup, not translatable text.
_CODE_ELEMENTS = frozenset({"bpt", "ept", "ph", "it", "ut"})
_DATE = re.compile(
    r"^\s*(\d{4})-?(\d{2})-?(\d{2})(?:[T ](\d{2}):?(\d{2}):?(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?\s*$"
)


@functools.lru_cache(maxsize=1024)
def parse_tmx_date(value: str | None) -> datetime | None:
    """``20241030T120000Z``, ``2024-10-30T12:00:00Z``, ``2024-10-30`` … → aware UTC datetime, else None."""
    if not value:
        return None
    match = _DATE.match(value)
    if not match:
        return None
    year, month, day, hour, minute, second, zone = match.groups()
    try:
        moment = datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0))
    except ValueError:
        return None
    if zone and zone != "Z":
        sign = 1 if zone[0] == "+" else -1
        digits = zone[1:].replace(":", "")
        moment -= sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
    return moment.replace(tzinfo=timezone.utc)


def element_lang(element: Any) -> str | None:
    """The language of a ``tuv``/``prop``/``note``: ``xml:lang``, else the TMX 1.1 ``lang``."""
    value = element.get(XML_LANG)
    if value is None:
        value = element.get("lang")
    return value.strip() if value is not None else None


@functools.lru_cache(maxsize=256)
def clean_tag(tag: str) -> str:
    """``ru_ru`` → ``ru-RU``; what does not look like a language tag is returned unchanged."""
    try:
        return normalise_tag(tag)
    except ConfigError:
        return tag


def seg_text(seg: Any) -> str:
    """Translatable text of a ``<seg>``: text and ``<hi>`` content, without native inline codes."""
    parts = [seg.text or ""]
    for child in seg:
        if isinstance(child.tag, str) and child.tag not in _CODE_ELEMENTS:
            parts.append(seg_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _props_and_notes(element: Any) -> tuple[list[tuple[str, str]], list[str]]:
    props: list[tuple[str, str]] = []
    notes: list[str] = []
    for child in element:
        if child.tag == "prop":
            props.append((child.get("type", ""), child.text or ""))
        elif child.tag == "note":
            notes.append(child.text or "")
    return props, notes


def header_from_element(element: Any) -> TmxHeader:
    """A :class:`TmxHeader` from a ``<header>`` element; missing attributes become empty strings."""
    props, _notes = _props_and_notes(element)
    created = parse_tmx_date(element.get("creationdate")) or datetime.now(timezone.utc)
    srclang = element.get("srclang", "").strip()
    return TmxHeader(
        srclang=clean_tag(srclang) if srclang and srclang != "*all*" else srclang,
        adminlang=element.get("adminlang", ""),
        datatype=element.get("datatype", ""),
        segtype=element.get("segtype", ""),
        o_tmf=element.get("o-tmf", ""),
        creationtool=element.get("creationtool", ""),
        creationtoolversion=element.get("creationtoolversion", ""),
        creationdate=created,
        props=props,
    )


def unit_from_element(tu: Any, srclang: str | None = None) -> TranslationUnit:
    """A :class:`TranslationUnit` from a ``<tu>``: the first ``seg`` of the first ``tuv`` per language."""
    props: list[tuple[str, str]] = []
    notes: list[str] = []
    variants: dict[str, str] = {}
    codes: dict[str, tuple[CodeAt, ...]] = {}
    for child in tu:  # one pass over the children: this is the reader's hot loop
        tag = child.tag
        if tag == "tuv":
            lang = element_lang(child)
            seg = child.find("seg")
            if lang and seg is not None:
                tag = clean_tag(lang)
                if tag in variants:
                    continue
                if len(seg):  # level 2: inline codes (a plain segment has no children: the fast path)
                    coded = seg_coded(seg)
                    variants[tag] = coded.text
                    if coded.codes:
                        codes[tag] = coded.codes
                else:
                    variants[tag] = seg.text or ""
        elif tag == "prop":
            props.append((child.get("type", ""), child.text or ""))
        elif tag == "note":
            notes.append(child.text or "")
    if srclang and variants and next(iter(variants)) != srclang:
        source_key = next((key for key in variants if key.lower() == srclang.lower()), None)
        if source_key is not None:
            variants = {source_key: variants[source_key],
                        **{k: v for k, v in variants.items() if k != source_key}}
    return TranslationUnit(
        variants=variants,
        props=props,
        notes=notes,
        tuid=tu.get("tuid"),
        creationdate=parse_tmx_date(tu.get("creationdate")),
        changedate=parse_tmx_date(tu.get("changedate")),
        changeid=tu.get("changeid"),
        line=tu.sourceline,
        codes=codes,
    )


class TmxReader:
    """Iterate over the units of a TMX file: ``for unit in TmxReader(path): …``.

    ``header`` is set once the ``<header>`` element has been read (before the first unit).
    """

    def __init__(self, source: str | Path | IO[bytes], *, max_bytes: int = MAX_BYTES,
                 display_name: str | None = None) -> None:
        self.source = source
        self.max_bytes = max_bytes
        self.name = display_name or (str(source) if isinstance(source, (str, Path)) else "<input>")
        self.header: TmxHeader | None = None
        self.units_read = 0

    def __iter__(self) -> Iterator[TranslationUnit]:
        for unit, _element in self.with_elements():
            yield unit

    def with_elements(self) -> Iterator[tuple[TranslationUnit, Any]]:
        """The units with their ``<tu>`` elements (for what a unit does not carry, e.g. inline codes); an
        element is valid only until the next pair is asked for."""
        for _event, element in iterparse_safe(self.source, ("end",), tags=("header", "tu"), root_tag="tmx",
                                              max_bytes=self.max_bytes, display_name=self.name):
            if element.tag == "header":
                self.header = header_from_element(element)
                continue
            srclang = self.header.srclang if self.header else None
            unit = unit_from_element(element, srclang)
            self.units_read += 1
            yield unit, element
            # Free what was read: the element and the siblings already processed.
            element.clear(keep_tail=False)
            parent = element.getparent()
            if parent is not None:
                while element.getprevious() is not None:
                    del parent[0]


def read_tmx(source: str | Path | IO[bytes], **options: Any) -> Iterator[TranslationUnit]:
    """Stream the units of a TMX file."""
    yield from TmxReader(source, **options)


def read_tmx_header(source: str | Path, **options: Any) -> TmxHeader:
    """Only the header of a TMX file (stops reading at the first unit)."""
    reader = TmxReader(source, **options)
    for _unit in reader:
        break
    if reader.header is None:
        raise ParseError("no <header> element before the first unit", reader.name)
    return reader.header
