"""Shared TBX reader/writer; TBX v3 (TBX-Basic) and TBX2 ``martif`` differ only in class attributes.

Mapping (both layouts): entry id → entry ``id``; entry type → ``<admin type="projectSubset">``; note →
``<note>``; source → ``<admin type="source">``; term kind → ``termType`` (full: fullForm, abbr: acronym,
short: shortForm, variant: variant); status → ``administrativeStatus`` (preferred: preferredTerm,
admitted: admittedTerm, deprecated: supersededTerm, forbidden: deprecatedTerm); term note → term
``<note>``. Case rules, ``fixed``/``poss`` flags and form overrides have no TBX-Basic data category
and are not exported (they come back as the defaults).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from aligntool.core.errors import ParseError
from aligntool.core.safexml import parse_safe
from aligntool.core.signature import content_hash
from aligntool.formats.glossary.base import GlossaryFormat
from aligntool.formats.glossary.model import ENTRY_TYPES, Entry, Term, default_case, default_kind

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
KIND_TO_TBX = {"full": "fullForm", "abbr": "acronym", "short": "shortForm", "variant": "variant"}
TBX_TO_KIND = {**{v: k for k, v in KIND_TO_TBX.items()}, "abbreviation": "abbr", "phrase": "full"}
STATUS_TO_TBX = {"preferred": "preferredTerm-admn-sts", "admitted": "admittedTerm-admn-sts",
                 "deprecated": "supersededTerm-admn-sts", "forbidden": "deprecatedTerm-admn-sts"}
TBX_TO_STATUS = {v: k for k, v in STATUS_TO_TBX.items()}


class TbxLikeFormat(GlossaryFormat):
    """TBX family: element names and root attributes are class attributes."""

    multilingual = True
    extension = "tbx"
    carries = ("id", "type", "note", "source", "terms", "status", "kind", "term note")
    namespace: ClassVar[str] = ""
    root_tag: ClassVar[str] = ""
    root_attributes: ClassVar[dict[str, str]] = {}
    header_tag: ClassVar[str] = ""
    entry_tag: ClassVar[str] = ""
    lang_tag: ClassVar[str] = ""
    term_tag: ClassVar[str] = ""
    encoding_desc: ClassVar[str | None] = None  # TBX2 names its constraint specification here

    def _q(self, tag: str) -> str:
        return f"{{{self.namespace}}}{tag}" if self.namespace else tag

    def dumps(self, entries: Sequence[Entry], source: str, targets: Sequence[str]) -> str:
        from lxml import etree

        nsmap = {None: self.namespace} if self.namespace else None
        root = etree.Element(self._q(self.root_tag), nsmap=nsmap)
        for key, value in self.root_attributes.items():
            root.set(key, value)
        root.set(XML_LANG, source)
        header = etree.SubElement(root, self._q(self.header_tag))
        desc = etree.SubElement(etree.SubElement(header, self._q("fileDesc")), self._q("sourceDesc"))
        languages = [source, *[t for t in targets if t != source]]
        etree.SubElement(desc, self._q("p")).text = (
            f"aligntool glossary export ({', '.join(languages)}); content "
            f"{content_hash(*(e.id for e in entries))}")
        if self.encoding_desc:
            encoding = etree.SubElement(header, self._q("encodingDesc"))
            p = etree.SubElement(encoding, self._q("p"), type="XCSURI")
            p.text = self.encoding_desc
        body = etree.SubElement(etree.SubElement(root, self._q("text")), self._q("body"))
        for entry in entries:
            self._write_entry(body, entry, languages)
        return etree.tostring(root, encoding="unicode", pretty_print=True).join(
            ['<?xml version="1.0" encoding="UTF-8"?>\n', ""])

    def _write_entry(self, body: Any, entry: Entry, languages: Sequence[str]) -> None:
        from lxml import etree

        terms = [t for t in entry.terms if t.lang in languages and t.text]
        if not terms:
            return
        node = etree.SubElement(body, self._q(self.entry_tag), id=entry.id)
        etree.SubElement(node, self._q("admin"), type="projectSubset").text = entry.type
        if entry.source:
            etree.SubElement(node, self._q("admin"), type="source").text = entry.source
        if entry.note:
            etree.SubElement(node, self._q("note")).text = entry.note
        for lang in languages:
            lang_terms = [t for t in terms if t.lang == lang]
            if not lang_terms:
                continue
            lang_node = etree.SubElement(node, self._q(self.lang_tag))
            lang_node.set(XML_LANG, lang)
            for term in lang_terms:
                group = etree.SubElement(lang_node, self._q(self.term_tag))
                etree.SubElement(group, self._q("term")).text = term.text
                etree.SubElement(group, self._q("termNote"), type="termType").text = KIND_TO_TBX[term.kind]
                etree.SubElement(group, self._q("termNote"),
                                 type="administrativeStatus").text = STATUS_TO_TBX[term.status]
                if term.note:
                    etree.SubElement(group, self._q("note")).text = term.note

    # ---- reading ----------------------------------------------------------------------------------
    def loads(self, text: str, path: str = "<input>", source: str = "en", target: str = "ru") -> list[Entry]:

        tree = parse_safe(_BytesSource(text), display_name=path)
        root = tree.getroot()
        local = _local(root.tag)
        if local != self.root_tag:
            raise ParseError(f"root element is <{local}>, expected <{self.root_tag}> "
                             f"({self.description})", path, root.sourceline)
        return [self._read_entry(node, path) for node in root.iter() if _local(node.tag) == self.entry_tag]

    def _read_entry(self, node: Any, path: str) -> Entry:
        entry = Entry(node.get("id") or f"entry-{node.sourceline}", line=node.sourceline)
        for child in node:
            name = _local(child.tag)
            if name == "admin" and child.get("type") == "projectSubset":
                value = (child.text or "").strip()
                entry.type = value if value in ENTRY_TYPES else "concept"
            elif name == "admin" and child.get("type") == "source":
                entry.source = child.text or ""
            elif name == "note":
                entry.note = child.text or ""
            elif name == self.lang_tag:
                lang = child.get(XML_LANG) or child.get("lang") or ""
                if not lang:
                    raise ParseError(f"<{self.lang_tag}> without xml:lang", path, child.sourceline)
                entry.terms.extend(self._read_term(group, lang.split("-")[0].lower())
                                   for group in child if _local(group.tag) == self.term_tag)
        return entry

    def _read_term(self, group: Any, lang: str) -> Term:
        term = Term("", lang, line=group.sourceline)
        kind = None
        for child in group:
            name = _local(child.tag)
            if name == "term":
                term.text = "".join(child.itertext())
            elif name == "termNote" and child.get("type") == "termType":
                kind = TBX_TO_KIND.get((child.text or "").strip())
            elif name == "termNote" and child.get("type") == "administrativeStatus":
                term.status = TBX_TO_STATUS.get((child.text or "").strip(), "preferred")
            elif name == "note":
                term.note = child.text or ""
        term.case = default_case(term.text)

        term.kind = kind or default_kind(term.text)
        return term


class _BytesSource:
    """A readable binary stream over text (what the safe parser reads)."""

    def __init__(self, text: str) -> None:
        import io

        self._stream = io.BytesIO(text.encode("utf-8"))

    def read(self, size: int = -1) -> bytes:
        return self._stream.read(size)

    def close(self) -> None:
        self._stream.close()


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""
