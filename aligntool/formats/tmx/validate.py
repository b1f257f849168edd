"""TMX 1.4b validation: structural rules plus the pitfalls that make CAT tools reject or misread a file.

Streams like the reader (constant memory). Each problem has a line number, a severity and a short code.
Optional DTD/XSD validation (``schema_problems``) loads the whole file and is meant for tests and audits.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aligntool.core.errors import InputError, ParseError
from aligntool.core.safexml import MAX_BYTES, iterparse_safe, safe_parser_options
from aligntool.formats.tmx.reader import XML_LANG, element_lang
from aligntool.formats.tmx.writer import ORIGINS, PROP_ORIGIN, PROP_SEGMENT, parse_language_prop

HEADER_ATTRIBUTES = ("creationtool", "creationtoolversion", "segtype", "o-tmf", "adminlang", "srclang",
                     "datatype")
SEGTYPES = frozenset({"block", "sentence", "phrase", "paragraph"})
_SEGTYPE_LIST = ", ".join(sorted(SEGTYPES))
DATE_ATTRIBUTES = ("creationdate", "changedate", "lastusagedate")
_TMX_DATE = re.compile(r"^\d{8}T\d{6}Z$")
_LANG_TAG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")
#: How many units to list for one kind of language gap before summarising.
_MAX_LISTED = 10


@dataclass(frozen=True)
class Problem:
    """One finding: ``severity`` is ``error`` (CAT tools reject or misread) or ``warning``."""

    path: str
    line: int | None
    severity: str
    code: str
    message: str
    column: int | None = None

    def format(self) -> str:
        """``file.tmx:12: error: … [code]``."""
        where = self.path + (f":{self.line}" if self.line is not None else "")
        if self.line is not None and self.column is not None:
            where += f":{self.column}"
        return f"{where}: {self.severity}: {self.message} [{self.code}]"


class _Checker:
    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []
        self.srclang: str | None = None
        self.units = 0
        # language set of a unit (lower-case tags) → (count, first lines)
        self.lang_sets: dict[frozenset[str], tuple[int, list[int]]] = {}
        self.display: dict[str, str] = {}  # lower-case tag → as first written

    def add(self, line: int | None, severity: str, code: str, message: str) -> None:
        self.problems.append(Problem(self.path, line, severity, code, message))

    def dates(self, element: Any) -> None:
        for name in DATE_ATTRIBUTES:
            value = element.get(name)
            if value is not None and not _TMX_DATE.match(value):
                self.add(element.sourceline, "error", "date",
                         f"<{element.tag}> {name}=\"{value}\" is not a TMX date (YYYYMMDDThhmmssZ, UTC)")

    def lang_tag(self, element: Any, value: str, what: str) -> None:
        if "_" in value:
            self.add(element.sourceline, "error", "underscore-lang",
                     f"{what} \"{value}\" uses an underscore; CAT tools do not match it to "
                     f"\"{value.replace('_', '-')}\" — write it with a hyphen")
        elif not _LANG_TAG.match(value):
            self.add(element.sourceline, "warning", "lang-tag",
                     f"{what} \"{value}\" is not a language tag like en-US")

    def root(self, element: Any) -> None:
        version = element.get("version")
        if version != "1.4":
            self.add(element.sourceline, "warning", "version",
                     f"<tmx version=\"{version}\">: this validator checks TMX 1.4b")

    def header(self, element: Any) -> None:
        line = element.sourceline
        for name in HEADER_ATTRIBUTES:
            if element.get(name) is None:
                if name == "srclang":
                    self.add(line, "error", "no-srclang",
                             "the header has no srclang; OmegaT rejects the whole file")
                else:
                    self.add(line, "error", "header-attribute",
                             f"the header lacks the required attribute {name}")
        segtype = element.get("segtype")
        if segtype is not None and segtype not in SEGTYPES:
            self.add(line, "error", "segtype", f"segtype=\"{segtype}\" is not one of {_SEGTYPE_LIST}")
        srclang = element.get("srclang")
        if srclang is not None:
            srclang = srclang.strip()
            if srclang != "*all*":
                self.lang_tag(element, srclang, "srclang")
                self.srclang = srclang.lower()
        adminlang = element.get("adminlang")
        if adminlang:
            self.lang_tag(element, adminlang, "adminlang")
        self.dates(element)

    def unit(self, tu: Any) -> None:
        self.units += 1
        line = tu.sourceline
        self.dates(tu)
        segtype = tu.get("segtype")
        if segtype is not None and segtype not in SEGTYPES:
            self.add(line, "error", "segtype", f"segtype=\"{segtype}\" is not one of {_SEGTYPE_LIST}")
        for prop in tu.iterchildren("prop"):
            self.prop(prop)
        langs: list[str] = []
        for tuv in tu.iterchildren("tuv"):
            lang = self.tuv(tuv)
            if lang is not None:
                if lang.lower() in langs:
                    self.add(tuv.sourceline, "warning", "duplicate-lang",
                             f"the unit has two <tuv> in {lang}; CAT tools use only one of them")
                langs.append(lang.lower())
                self.display.setdefault(lang.lower(), lang)
        if not langs:
            self.add(line, "error", "no-tuv", "the unit has no <tuv> with a language")
            return
        if self.srclang is not None and self.srclang not in langs:
            self.add(line, "error", "no-source-tuv",
                     f"the unit has no <tuv> in the source language {self.srclang} (header srclang)")
        key = frozenset(langs)
        count, lines = self.lang_sets.get(key, (0, []))
        if len(lines) < _MAX_LISTED:
            lines.append(line)
        self.lang_sets[key] = (count + 1, lines)

    def prop(self, prop: Any) -> None:
        kind = prop.get("type")
        value = (prop.text or "").strip()
        if kind is None:
            self.add(prop.sourceline, "error", "prop-type", "<prop> without the required type attribute")
        elif PROP_ORIGIN in (kind, (parse_language_prop(kind) or ("",))[0]) and value not in ORIGINS:
            self.add(prop.sourceline, "error", PROP_ORIGIN,
                     f"{kind} \"{value}\" is not one of {', '.join(ORIGINS)}")
        elif kind == PROP_SEGMENT and not value.isdigit():
            self.add(prop.sourceline, "error", PROP_SEGMENT,
                     f"{PROP_SEGMENT} \"{value}\" is not a segment index (0, 1, 2 …)")

    def tuv(self, tuv: Any) -> str | None:
        line = tuv.sourceline
        self.dates(tuv)
        lang = tuv.get(XML_LANG)
        if lang is None:
            old = element_lang(tuv)
            hint = f" (it has the TMX 1.1 lang=\"{old}\"; write xml:lang)" if old else ""
            self.add(line, "error", "tuv-no-lang",
                     f"<tuv> without xml:lang{hint}; OmegaT rejects the whole file")
            lang = old
        elif not lang.strip():
            self.add(line, "error", "tuv-no-lang",
                     "<tuv> with an empty xml:lang; OmegaT rejects the whole file")
            lang = None
        else:
            self.lang_tag(tuv, lang.strip(), "xml:lang")
        segs = list(tuv.iterchildren("seg"))
        if len(segs) != 1:
            self.add(line, "error", "seg-count", f"<tuv> must contain exactly one <seg>, found {len(segs)}")
        for seg in segs[:1]:
            if len(seg):
                self.inline(seg)
            text = "".join(seg.itertext())
            if not text.strip():
                self.add(seg.sourceline, "warning", "empty-seg", "empty <seg>: a CAT tool inserts nothing")
            elif text != text.strip() and len(seg) == 0:
                self.add(seg.sourceline, "warning", "seg-whitespace",
                         "<seg> starts or ends with whitespace; exact matches in OmegaT will fail")
        return lang.strip() if lang else None

    def inline(self, seg: Any) -> None:
        """Level 2: every ``bpt`` has one ``ept`` after it with the same ``i``, an ``i`` is used once per
        segment (Trados: TagAnchorAlreadyUsed), ``it`` says ``pos``."""
        opened: set[str] = set()
        closed: set[str] = set()
        for element in seg.iter("bpt", "ept", "it"):
            i = element.get("i")
            if element.tag == "it":
                if element.get("pos") not in ("begin", "end"):
                    self.add(element.sourceline, "error", "inline-code", '<it> needs pos="begin" or pos="end"')
            elif i is None:
                self.add(element.sourceline, "error", "inline-code", f"<{element.tag}> without the required i")
            elif element.tag == "bpt":
                if i in opened:
                    self.add(element.sourceline, "error", "inline-code",
                             f'<bpt i="{i}"> is used twice in one segment; CAT tools reject it (number them 1, 2 …)')
                opened.add(i)
            elif i not in opened or i in closed:
                self.add(element.sourceline, "error", "inline-code",
                         f'<ept i="{i}"> has no <bpt i="{i}"> before it in the segment (write a lone half as <it>)')
            else:
                closed.add(i)
        for i in sorted(opened - closed):
            self.add(seg.sourceline, "error", "inline-code",
                     f'<bpt i="{i}"> has no <ept i="{i}"> in the segment (write a lone half as <it>)')

    def finish(self) -> None:
        if not self.lang_sets:
            return
        all_langs = frozenset().union(*self.lang_sets)
        for langs, (count, lines) in sorted(self.lang_sets.items(), key=lambda item: item[1][1][0]):
            missing = sorted(self.display[tag] for tag in all_langs - langs)
            if not missing and len(langs) >= 2:
                continue
            shown = ", ".join(map(str, lines))
            if count > len(lines):
                shown += f" and {count - len(lines)} more"
            if len(langs) < 2:
                only = ", ".join(sorted(self.display[tag] for tag in langs))
                message = (f"{count} unit(s) have only one language ({only}), "
                           f"lines {shown}; OmegaT inserts a wrong-language text as the translation")
            else:
                message = (f"{count} unit(s) lack {', '.join(missing)}, lines {shown}; OmegaT inserts a "
                           "<tuv> of another language as the translation when the target language is missing")
            self.add(lines[0], "error", "missing-target", message)


def validate_tmx(path: str | Path, *, max_bytes: int = MAX_BYTES) -> list[Problem]:
    """All problems found in one TMX file, in file order (language gaps last)."""
    checker = _Checker(str(path))
    seen_header = False
    first = True
    try:
        for _event, element in iterparse_safe(path, ("end",), tags=("header", "tu"), root_tag="tmx",
                                              max_bytes=max_bytes):
            if first:
                checker.root(element.getroottree().getroot())
                first = False
            tag = element.tag
            if tag == "header":
                seen_header = True
                checker.header(element)
            elif tag == "tu":
                checker.unit(element)
                element.clear(keep_tail=False)
                parent = element.getparent()
                while parent is not None and element.getprevious() is not None:
                    del parent[0]
    except ParseError as exc:
        checker.problems.append(Problem(str(path), exc.line, "error", "xml", exc.reason, exc.column))
        return checker.problems
    if not seen_header:
        checker.add(None, "error", "no-header", "the file has no <header>; OmegaT rejects it")
    checker.finish()
    return checker.problems


def schema_problems(path: str | Path, *, dtd: str | Path | None = None,
                    xsd: str | Path | None = None) -> list[Problem]:
    """Validate against the TMX DTD and/or an XML Schema (loads the whole file; for tests and audits)."""
    from lxml import etree


    options = safe_parser_options()
    tree = etree.parse(str(path), etree.XMLParser(**options))
    problems: list[Problem] = []
    validators: list[tuple[str, Any]] = []
    for kind, schema in (("dtd", dtd), ("xsd", xsd)):
        if schema is None:
            continue
        if not Path(schema).is_file():
            raise InputError(f"{schema}: no such {kind.upper()} file")
        try:  # the schema is trusted local material; xml.xsd is imported from beside it
            validators.append((kind, etree.DTD(str(schema)) if kind == "dtd"
                               else etree.XMLSchema(etree.parse(str(schema)))))
        except (etree.DTDParseError, etree.XMLSchemaParseError, etree.XMLSyntaxError) as exc:
            raise InputError(f"{schema}: not a usable {kind.upper()} ({exc})") from None
    for code, validator in validators:
        if not validator.validate(tree):
            for entry in validator.error_log:
                problems.append(Problem(str(path), entry.line, "error", code, entry.message, entry.column))
    return problems


def count_errors(problems: Iterable[Problem]) -> int:
    """How many problems are errors (not warnings)."""
    return sum(1 for problem in problems if problem.severity == "error")
