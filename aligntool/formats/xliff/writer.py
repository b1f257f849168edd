"""XLIFF for post-editing: a streaming, atomic writer (1.2, optionally 2.1) and a streaming reader (1.2, 2.x).

One ``trans-unit`` (2.x: ``unit``) per sentence, grouped by the paragraph it came from; machine
translations are marked for review (1.2 ``state="needs-review-translation"``, ``state-qualifier=
"mt-suggestion"``; 2.x ``state="initial"``), translation-memory matches as translated (``exact-match``).
The term check goes into a ``note``, the reproducibility signature into the file header.

OmegaT 3.6's built-in XLIFF filter shows the *target* text as the segment to edit (the post-editing
workflow), so every unit carries a target: the MT or TM text, or a copy of the source when there is none.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from aligntool.core.atomic import atomic_output
from aligntool.core.errors import ConfigError, ParseError
from aligntool.core.inline import CodeAt, CodedText, InlineCode
from aligntool.core.safexml import iterparse_safe
from aligntool.core.xmltext import REPLACEMENT, XmlTextCleaner
from aligntool.formats.tmx.writer import PROP_CONTEXT  # the same "where in the document" as the TMX unit prop
from aligntool.formats.xliff.codes import coded_element, write_inline
from aligntool.version import __version__

NS_12 = "urn:oasis:names:tc:xliff:document:1.2"
NS_2 = "urn:oasis:names:tc:xliff:document:2.0"
NS_11 = "urn:oasis:names:tc:xliff:document:1.1"  # read like 1.2
NS_MATCHES = "urn:oasis:names:tc:xliff:matches:2.0"  # 2.x translation candidates (TM matches)
TM_ORIGIN = "aligntool-tm"  # alt-trans/match origin of a TM match: "aligntool-tm" or "aligntool-tm:<its x-origin>"
VERSIONS = ("1.2", "2.1")
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
SIGNATURE_NOTE = "aligntool-signature"  # 1.2 note@from, 2.x note@category of the header note
TERMS_NOTE = "aligntool-terms"
#: origin of the target → (1.2 state, 1.2 state-qualifier, 2.x state)
STATES: dict[str, tuple[str, str, str]] = {
    "mt": ("needs-review-translation", "mt-suggestion", "initial"),
    "tm": ("translated", "exact-match", "translated"),
    # filled from a fuzzy TM match (translate --tm-fill-fuzzy): to be checked like MT
    "tm-fuzzy": ("needs-review-translation", "fuzzy-match", "initial"),
    "aligned": ("translated", "leveraged-tm", "translated"),
    # no translation: the source is copied, as CAT tools expect (OmegaT's XLIFF filter edits the target)
    "source-copy": ("needs-translation", "", "initial"),
}
# C0 controls other than TAB/LF/CR, lone surrogates and U+FFFE/U+FFFF cannot appear in XML 1.0.


@dataclass(frozen=True)
class XliffMatch:
    """A TM match offered for a unit: 1.2 ``<alt-trans match-quality>``, 2.x ``<mtc:match similarity>``."""

    source: str
    target: str
    score: int
    origin: str = ""  # the match's x-origin in the TM
    source_codes: tuple[CodeAt, ...] = ()  # the stored segments' inline codes, at offsets of source / target
    target_codes: tuple[CodeAt, ...] = ()


@dataclass(frozen=True)
class XliffUnit:
    """One sentence: ``origin`` is a key of :data:`STATES` (None: no target yet); ``group`` its paragraph."""

    id: str
    source: str
    target: str | None = None
    origin: str | None = None
    group: str = "1"
    context: str = ""
    notes: tuple[str, ...] = ()
    source_codes: tuple[CodeAt, ...] = ()  # inline codes at offsets of ``source`` / ``target``
    target_codes: tuple[CodeAt, ...] = ()
    matches: tuple[XliffMatch, ...] = ()


class XliffWriter:
    """Streams units into one XLIFF file; the file appears only when the writer closes without error."""

    #: units left out (TMX leaves out a unit it cannot write; XLIFF writes every one)
    skipped_units = 0

    def __init__(self, path: str | Path, source_lang: str, target_lang: str, original: str,
                 signature: str = "", version: str = "1.2", datatype: str = "plaintext") -> None:
        if version not in VERSIONS:
            raise ConfigError(f"XLIFF version must be one of {', '.join(VERSIONS)}, not {version!r}")
        self.path = Path(path)
        self.source_lang, self.target_lang = source_lang, target_lang
        self.original, self.signature, self.version, self.datatype = original, signature, version, datatype
        self.units = 0
        self._cleaner = XmlTextCleaner()
        self._group: str | None = None
        self._contexts: list[Any] = []

    def __enter__(self) -> XliffWriter:
        from lxml import etree

        self._output = atomic_output(self.path, "wb")
        handle: IO[bytes] = self._output.__enter__()
        self._xf_context = etree.xmlfile(handle, encoding="utf-8")
        self._xf = self._xf_context.__enter__()
        self._xf.write_declaration()
        self._open_file()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        try:
            if exc_type is None:
                while self._contexts:
                    self._contexts.pop().__exit__(None, None, None)
            self._xf_context.__exit__(exc_type, exc, tb)
        finally:
            self._output.__exit__(exc_type, exc, tb)

    def _enter(self, tag: str, attrib: dict[str, str], nsmap: dict[str | None, str] | None = None) -> None:
        context = self._xf.element(tag, attrib, nsmap=nsmap) if nsmap else self._xf.element(tag, attrib)
        context.__enter__()
        self._contexts.append(context)

    @property
    def replaced_characters(self) -> int:
        """Characters XML forbids that this writer replaced (:mod:`aligntool.core.xmltext`)."""
        return self._cleaner.replaced_characters

    def _clean(self, text: str) -> str:
        return self._cleaner.clean(text)

    def _open_file(self) -> None:
        from lxml import etree

        if self.version == "1.2":
            ns = f"{{{NS_12}}}"
            self._enter(f"{ns}xliff", {"version": "1.2"}, {None: NS_12})
            self._enter(f"{ns}file", {
                "original": self._clean(self.original), "source-language": self.source_lang,
                "target-language": self.target_lang, "datatype": self.datatype, "tool-id": "aligntool",
                "date": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")})
            header = etree.Element(f"{ns}header", nsmap={None: NS_12})
            etree.SubElement(header, f"{ns}tool", {"tool-id": "aligntool", "tool-name": "aligntool",
                                                    "tool-version": __version__})
            if self.signature:
                note = etree.SubElement(header, f"{ns}note", {"from": SIGNATURE_NOTE})
                note.text = self._clean(self.signature)
            self._xf.write(header)
            self._enter(f"{ns}body", {})
        else:
            ns = f"{{{NS_2}}}"
            self._enter(f"{ns}xliff", {"version": self.version, "srcLang": self.source_lang,
                                       "trgLang": self.target_lang}, {None: NS_2})
            self._enter(f"{ns}file", {"id": "f1", "original": self._clean(self.original)})
            if self.signature:
                notes = etree.Element(f"{ns}notes", nsmap={None: NS_2})
                etree.SubElement(notes, f"{ns}note", {"category": SIGNATURE_NOTE}).text = self._clean(self.signature)
                self._xf.write(notes)

    def write(self, unit: XliffUnit) -> None:
        """Add one unit (a new ``group`` starts when ``unit.group`` changes)."""
        from lxml import etree

        if unit.group != self._group:
            if self._group is not None:
                self._contexts.pop().__exit__(None, None, None)
            self._group = unit.group
            self._open_group(unit)
        if self.version == "1.2":
            ns = f"{{{NS_12}}}"
            element = etree.Element(f"{ns}trans-unit", {"id": unit.id, XML_SPACE: "preserve"}, nsmap={None: NS_12})
            numbers: dict[int, int] = {}  # a code's id, the same in source and target
            self._inline(etree.SubElement(element, f"{ns}source"), unit.source, unit.source_codes, numbers)
            if unit.target is not None:
                target = etree.SubElement(element, f"{ns}target")
                self._inline(target, unit.target, unit.target_codes, numbers)
                if unit.origin is not None:
                    target.set("state", STATES[unit.origin][0])
                    if STATES[unit.origin][1]:
                        target.set("state-qualifier", STATES[unit.origin][1])
            for text in unit.notes:
                etree.SubElement(element, f"{ns}note", {"from": TERMS_NOTE}).text = self._clean(text)
            for match in unit.matches:
                alt = etree.SubElement(element, f"{ns}alt-trans", {"match-quality": str(match.score),
                                                                  "origin": _match_origin(match)})
                match_numbers: dict[int, int] = {}  # the match's own codes, numbered apart from the unit's
                self._inline(etree.SubElement(alt, f"{ns}source"), match.source, match.source_codes, match_numbers)
                self._inline(etree.SubElement(alt, f"{ns}target"), match.target, match.target_codes, match_numbers)
        else:
            ns = f"{{{NS_2}}}"
            element = etree.Element(f"{ns}unit", {"id": f"u{unit.id}", XML_SPACE: "preserve"}, nsmap={None: NS_2})
            if unit.matches:
                mtc = f"{{{NS_MATCHES}}}"
                matches = etree.SubElement(element, f"{mtc}matches", nsmap={"mtc": NS_MATCHES})
                for match in unit.matches:
                    candidate = etree.SubElement(matches, f"{mtc}match", {
                        "ref": f"#s{unit.id}", "similarity": f"{match.score:.1f}", "type": "tm",
                        "origin": _match_origin(match)})
                    match_data: dict[str, str] = {}  # its codes' native content, in the match's own originalData
                    match_numbers: dict[int, int] = {}
                    self._inline(etree.SubElement(candidate, f"{ns}source"), match.source, match.source_codes,
                                 match_numbers, match_data)
                    self._inline(etree.SubElement(candidate, f"{ns}target"), match.target, match.target_codes,
                                 match_numbers, match_data)
                    if match_data:
                        original_data = etree.Element(f"{ns}originalData")
                        for ref, native in match_data.items():
                            etree.SubElement(original_data, f"{ns}data", {"id": ref}).text = self._clean(native)
                        candidate.insert(0, original_data)
            if unit.notes:
                notes = etree.SubElement(element, f"{ns}notes")
                for text in unit.notes:
                    etree.SubElement(notes, f"{ns}note", {"category": TERMS_NOTE}).text = self._clean(text)
            data: dict[str, str] = {}  # 2.x: native code content, in the unit's originalData
            original = etree.SubElement(element, f"{ns}originalData")
            segment = etree.SubElement(element, f"{ns}segment", {"id": f"s{unit.id}"} if unit.matches else {})
            if unit.origin is not None and unit.target is not None:
                segment.set("state", STATES[unit.origin][2])
                segment.set("subState", f"aligntool:{unit.origin}")
            numbers = {}
            self._inline(etree.SubElement(segment, f"{ns}source"), unit.source, unit.source_codes, numbers, data)
            if unit.target is not None:
                self._inline(etree.SubElement(segment, f"{ns}target"), unit.target, unit.target_codes, numbers, data)
            for ref, native in data.items():
                etree.SubElement(original, f"{ns}data", {"id": ref}).text = self._clean(native)
            if not data:
                element.remove(original)
        self._xf.write(element, "\n")  # one unit per line: diffable, and greppable by a translator
        self.units += 1

    def _inline(self, parent: Any, text: str, codes: tuple[CodeAt, ...], numbers: dict[int, int],
                data: dict[str, str] | None = None) -> None:
        """Text, with its inline codes as XLIFF elements (:func:`aligntool.formats.xliff.codes.write_inline`)."""
        if not codes:
            parent.text = self._clean(text)
            return
        cleaned = tuple(replace(c, code=replace(c.code, native=self._clean(c.code.native),
                                                content=self._clean(c.code.content))) for c in codes)
        write_inline(parent, CodedText(self._clean(text), cleaned), self.version, numbers, data)

    def _open_group(self, unit: XliffUnit) -> None:
        from lxml import etree

        if self.version == "1.2":
            ns = f"{{{NS_12}}}"
            self._enter(f"{ns}group", {"id": f"p{unit.group}"})
            if unit.context:
                group = etree.Element(f"{ns}context-group", {"purpose": "location"}, nsmap={None: NS_12})
                etree.SubElement(group, f"{ns}context", {"context-type": PROP_CONTEXT}).text = \
                    self._clean(unit.context)
                self._xf.write(group)
        else:
            attrib = {"id": f"p{unit.group}", "type": "aligntool:paragraph"}
            if unit.context:
                attrib["name"] = self._clean(unit.context)
            self._enter(f"{{{NS_2}}}group", attrib)


# ---- reading ----------------------------------------------------------------------------------------

#: inline elements whose content is native code, not text (1.2 and 2.x)
_CODE = frozenset({"bpt", "ept", "ph", "it", "sub", "x", "bx", "ex", "sc", "ec", "sm", "em"})


@dataclass
class XliffEntry:
    """A unit as read back: texts, its state (1.2 ``state`` or 2.x ``state``), notes, group and context."""

    id: str
    source: str
    target: str | None
    state: str | None
    notes: list[str] = field(default_factory=list)
    group: str | None = None
    context: str = ""
    translate: bool = True
    #: the source with its inline codes (:mod:`aligntool.formats.xliff.codes`), and pairs around all of it
    coded: CodedText | None = field(default=None, compare=False)
    wrap: tuple[InlineCode, ...] = field(default=(), compare=False)


@dataclass
class XliffFile:
    """Header facts: version, languages, the signature note, and counts of inline codes left out."""

    version: str = ""
    source_lang: str = ""
    target_lang: str = ""
    original: str = ""
    signature: str = ""
    dropped_codes: Counter[str] = field(default_factory=Counter)


def inline_text(element: Any, dropped: Counter[str]) -> str:
    """An element's text with inline markup removed (code elements counted in ``dropped``)."""
    parts = [element.text or ""]
    for child in element:
        name = _local(child.tag)
        if name in _CODE:
            dropped[name] += 1
        elif name == "cp":  # 2.x: a character XML cannot carry
            parts.append(REPLACEMENT)
        elif name:
            parts.append(inline_text(child, dropped))
        parts.append(child.tail or "")
    return "".join(parts)


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def read_xliff(source: str | Path | IO[bytes], info: XliffFile | None = None,
               display_name: str | None = None) -> Iterator[XliffEntry]:
    """Stream the units of an XLIFF 1.2 or 2.x file (each is dropped once read); fills ``info`` on the way."""

    info = info if info is not None else XliffFile()
    name = display_name or str(source)
    groups: list[tuple[str | None, str]] = []
    for event, element in iterparse_safe(source, ("start", "end"), display_name=display_name):
        local = _local(element.tag)
        namespace = element.tag[1:].split("}")[0] if str(element.tag).startswith("{") else ""
        if event == "start":
            if local == "xliff":
                if namespace not in (NS_12, NS_2, NS_11, ""):
                    raise ParseError(f"the root element is <{local}> in namespace '{namespace}', expected XLIFF "
                                     "1.2 or 2.x: this is not an XLIFF file", name, element.sourceline)
                info.version = element.get("version", "")
                info.source_lang = element.get("srcLang", "")
                info.target_lang = element.get("trgLang", "")
            elif local == "file":
                info.original = element.get("original", "")
                info.source_lang = element.get("source-language", info.source_lang)
                info.target_lang = element.get("target-language", info.target_lang)
            elif local == "group":
                groups.append((element.get("id"), element.get("name", "")))
            continue
        if local == "group":
            if groups:
                groups.pop()
        elif local == "note" and element.get("from", element.get("category")) == SIGNATURE_NOTE:
            info.signature = element.text or ""
        elif local == "context" and element.get("context-type") == PROP_CONTEXT and groups:
            groups[-1] = (groups[-1][0], element.text or "")
        elif local in ("trans-unit", "unit"):
            yield _entry(element, namespace, groups, info.dropped_codes)
            element.clear(keep_tail=True)
    if not info.version:
        raise ParseError("no <xliff> root element: this is not an XLIFF file", name)


def _entry(element: Any, namespace: str, groups: Sequence[tuple[str | None, str]],
           dropped: Counter[str]) -> XliffEntry:
    ns = f"{{{namespace}}}" if namespace else ""
    translate = element.get("translate", "yes") != "no"
    group, context = groups[-1] if groups else (None, "")
    if namespace != NS_2:
        source = element.find(f"{ns}source")
        target = element.find(f"{ns}target")
        notes = [note.text or "" for note in element.findall(f"{ns}note")]
        coded, wrap = coded_element([source] if source is not None else [])
        return XliffEntry(element.get("id", ""), inline_text(source, dropped) if source is not None else "",
                          inline_text(target, dropped) if target is not None else None,
                          target.get("state") if target is not None else None, notes, group, context, translate,
                          coded, wrap)
    sources, targets, state = [], [], None
    source_elements = []
    for segment in element:
        if _local(segment.tag) not in ("segment", "ignorable"):
            continue
        source, target = segment.find(f"{ns}source"), segment.find(f"{ns}target")
        if source is not None:
            source_elements.append(source)
        sources.append(inline_text(source, dropped) if source is not None else "")
        targets.append(inline_text(target, dropped) if target is not None else None)
        state = state or segment.get("state")
    notes = [note.text or "" for note in element.iterfind(f"{ns}notes/{ns}note")]
    has_target = any(t is not None for t in targets)
    target_text = "".join(t or "" for t in targets) if has_target else None
    coded, wrap = coded_element(source_elements)
    return XliffEntry(element.get("id", ""), "".join(sources), target_text, state, notes, group, context, translate,
                      coded, wrap)



#: Target states (1.2 and 2.x) of a translation a person finished: such a unit is not machine-translated (the
#: reader leaves it out) and its target is never overwritten (the translated XLIFF keeps it).
KEPT_STATES = frozenset({"final", "signed-off", "reviewed"})


def is_finished(entry: XliffEntry) -> bool:
    """A unit whose target is a person's finished work (a non-empty target in one of :data:`KEPT_STATES`)."""
    return bool(entry.target and entry.target.strip()) and (entry.state or "").lower() in KEPT_STATES


def unit_entry(element: Any) -> XliffEntry:
    """One ``trans-unit``/``unit`` element as :func:`read_xliff` reads it (without its group's context)."""
    tag = element.tag if isinstance(element.tag, str) else ""
    namespace = tag[1:tag.index("}")] if tag.startswith("{") else ""
    return _entry(element, namespace, (), Counter())


# ---- the translation job's XLIFF output ----------------------------------------------------------------

#: ``translate --format`` values: one, or several joined by commas (``tmx,document``); ``both`` is tmx,xliff;
#: ``omegat`` is an OmegaT project per target language (aligntool.jobs.omegat_project)
OUTPUT_FORMATS = ("tmx", "xliff", "both", "document", "omegat")


def output_kinds(value: str) -> frozenset[str]:
    """The outputs a ``--format`` value asks for: a subset of tmx, xliff, document."""
    kinds: set[str] = set()
    for part in (p.strip() for p in value.split(",")):
        if part not in OUTPUT_FORMATS:
            raise ConfigError(f"--format must be one of {', '.join(OUTPUT_FORMATS)} (or several joined by "
                              f"commas, e.g. tmx,document), not {value!r}")
        kinds.update(("tmx", "xliff") if part == "both" else (part,))
    return frozenset(kinds)


def check_output_format(value: str, version: str = "1.2") -> str:
    """Validate ``--format`` and ``--xliff-version`` (before any file is read)."""
    output_kinds(value)
    if version not in VERSIONS:
        raise ConfigError(f"--xliff-version must be one of {', '.join(VERSIONS)}, not {version!r}")
    return value


def sentence_unit(index: int, source: str, target: str, origin: str, paragraph: int, context: str,
                  terms: str | None = None, source_codes: tuple[CodeAt, ...] = (),
                  target_codes: tuple[CodeAt, ...] = (), matches: Sequence[XliffMatch] = ()) -> XliffUnit:
    """The unit for the document's ``index``-th sentence (0-based, like ``x-segment``); an empty translation
    becomes a copy of the source marked ``needs-translation``, so the segment is not hidden from the translator.
    ``matches``: fuzzy TM matches offered beside the target."""
    return XliffUnit(str(index), source, target or source, origin if target else "source-copy", str(paragraph + 1),
                     context, (f"terms: {terms}",) if terms else (), source_codes,
                     target_codes if target else source_codes, tuple(matches))


def _match_origin(match: XliffMatch) -> str:
    return f"{TM_ORIGIN}:{match.origin}" if match.origin else TM_ORIGIN
