"""A ready-to-open OmegaT project: the source documents, our translations as a TMX that OmegaT matches, the
glossary, our sentence rules and filter settings (layout in docs/omegat.md)::

    omegat-en-ru/
      omegat.project              source/target language, sentence segmentation on
      omegat/filters.xml          Word, HTML, text and XLIFF filters with the settings our TMX assumes
      omegat/segmentation.conf    our sentence rules (OmegaT 3.6 reads this file) …
      omegat/segmentation.srx     … and the same rules as SRX 2.0 (OmegaT 4 and later)
      source/                     the documents as given
      tm/auto/aligntool.en-ru.tmx every sentence with OmegaT's tag text (inserted as the translation)
      glossary/aligntool.utf8     the glossary, OmegaT's tab-separated form
      target/, dictionary/        empty; OmegaT writes the translated documents into target/

The TMX in ``tm/auto/`` is not the level-2 TMX of ``aligntool translate`` (which Trados and memoQ read): OmegaT
3.6 reads an external TMX's inline elements as nothing (or, with a non-default preference, numbers them per
sentence), so its tags are written as the text OmegaT itself shows (:mod:`aligntool.formats.documents.omegat.tags`).
"""

from __future__ import annotations

import copy
import io
import re
import shutil
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from aligntool.core.atomic import atomic_output
from aligntool.core.datatypes import TranslationUnit
from aligntool.core.errors import ConfigError, InputError
from aligntool.core.inline import CodedText
from aligntool.core.safexml import parse_safe
from aligntool.formats.documents.omegat.tags import STYLE_BY_SUFFIX, OmegatSegment, paragraph_segments
from aligntool.formats.tmx.writer import TmxHeader, TmxWriter

if TYPE_CHECKING:
    from lxml.etree import _Element

#: Version string OmegaT 3.6 writes into segmentation.conf; an older one makes it merge in its defaults.
SEGMENTATION_CONF_VERSION = "0.2.2"
_SRX_NS = "{http://www.lisa.org/srx20}"

_PROJECT = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<omegat>
    <project version="1.0">
        <source_dir>__DEFAULT__</source_dir>
        <source_dir_excludes/>
        <target_dir>__DEFAULT__</target_dir>
        <tm_dir>__DEFAULT__</tm_dir>
        <glossary_dir>__DEFAULT__</glossary_dir>
        <glossary_file>__DEFAULT__</glossary_file>
        <dictionary_dir>__DEFAULT__</dictionary_dir>
        <source_lang>{source}</source_lang>
        <target_lang>{target}</target_lang>
        <sentence_seg>{sentence_seg}</sentence_seg>
        <support_default_translations>true</support_default_translations>
        <remove_tags>false</remove_tags>
    </project>
</omegat>
"""

#: The filters a shipped project uses. Word: footnotes, headers and footers translated, run changes
#: aggregated into one tag (what our tag text assumes). HTML: link targets, image sources and language
#: attributes are not segments (aligntool never translates them either). Text: one paragraph per line.
FILTERS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<filters removeTags="true" removeSpacesNonseg="true" preserveSpaces="false" ignoreFileContext="false">
    <filter className="org.omegat.filters3.xml.openxml.OpenXMLFilter" enabled="true">
        <files sourceFilenameMask="*.docx" targetFilenamePattern="${filename}"/>
        <option name="aggregateTags" value="true"/>
        <option name="translateFootnotes" value="true"/>
        <option name="translateEndnotes" value="true"/>
        <option name="translateHeaders" value="true"/>
        <option name="translateFooters" value="true"/>
        <option name="translateComments" value="false"/>
    </filter>
    <filter className="org.omegat.filters2.html2.HTMLFilter2" enabled="true">
        <files sourceFilenameMask="*.htm*" targetFilenamePattern="${filename}"
               sourceEncoding="UTF-8" targetEncoding="UTF-8"/>
        <files sourceFilenameMask="*.xhtml" targetFilenamePattern="${filename}"
               sourceEncoding="UTF-8" targetEncoding="UTF-8"/>
        <option name="translateHref" value="false"/>
        <option name="translateSrc" value="false"/>
        <option name="translateLang" value="false"/>
        <option name="translateHreflang" value="false"/>
        <option name="translateValue" value="false"/>
        <option name="translateButtonValue" value="false"/>
        <option name="paragraphOnBr" value="false"/>
        <option name="skipMeta" value="true"/>
    </filter>
    <filter className="org.omegat.filters2.text.TextFilter" enabled="true">
        <files sourceFilenameMask="*.txt" targetFilenamePattern="${filename}"
               sourceEncoding="UTF-8" targetEncoding="UTF-8"/>
        <option name="segmentOn" value="BREAKS"/>
    </filter>
    <filter className="org.omegat.filters3.xml.xliff.XLIFFFilter" enabled="true">
        <files sourceFilenameMask="*.xlf" targetFilenamePattern="${filename}"
               sourceEncoding="UTF-8" targetEncoding="UTF-8"/>
        <files sourceFilenameMask="*.xliff" targetFilenamePattern="${filename}"
               sourceEncoding="UTF-8" targetEncoding="UTF-8"/>
    </filter>
</filters>
"""


@dataclass(frozen=True)
class OmegatDocument:
    """A source document and its sentences grouped by paragraph: ``(source, translation or None)``.

    ``data``: the file to put in ``source/`` when it is not the file as given (a DOCX rebuilt with one run per
    formatting change, so that OmegaT's tags are exactly the document's codes).
    """

    path: Path
    paragraphs: Sequence[Sequence[tuple[CodedText, CodedText | None]]]
    data: bytes | None = None


@dataclass
class ProjectReport:
    """What :func:`write_project` wrote: the project folder, its TMX units, and documents left out."""

    root: Path
    tmx: Path
    units: int = 0
    documents: list[Path] = field(default_factory=list)
    left_out: list[Path] = field(default_factory=list)  # no OmegaT filter for their format


def _conf_rule(rule_break: bool, before: str | None, after: str | None) -> str:
    # A missing pattern in SRX matches anywhere, like an empty one; OmegaT needs both set.
    return ('        <void method="add">\n         <object class="org.omegat.core.segmentation.Rule">\n'
            f'          <void property="afterbreak"><string>{escape(after or "")}</string></void>\n'
            f'          <void property="beforebreak"><string>{escape(before or "")}</string></void>\n'
            f'          <void property="breakRule"><boolean>{str(rule_break).lower()}</boolean></void>\n'
            "         </object>\n        </void>\n")


def _first_map_only(maps: list[_Element], language: str) -> list[_Element]:
    # OmegaT 3.6 always cascades (rules of every matching map, in order); SRX cascade="no" means only the
    # first matching map applies, so for a known project language only that map is kept.
    for maprule in maps:
        try:
            if re.fullmatch(maprule.get("languagepattern", ".*"), language):
                return [maprule]
        except re.error:
            return maps
    return []


def srx_to_segmentation_conf(srx: str, language: str | None = None, name: str = "<srx>") -> str:
    """Translate SRX 2.0 text into OmegaT 3.6's ``segmentation.conf`` (same rules, same order).

    With ``cascade="no"`` in the SRX header, give the project's source ``language`` so that only the
    first matching ``<languagemap>`` is kept (OmegaT 3.6 itself always cascades).
    """
    root = parse_safe(io.BytesIO(srx.encode("utf-8")), display_name=name).getroot()
    body = root.find(f"{_SRX_NS}body")
    if body is None:
        raise InputError(f"{name}: not an SRX 2.0 file (no <body> in the {_SRX_NS[1:-1]} namespace)")
    rules_by_name: dict[str, list[str]] = {}
    for languagerule in body.iter(f"{_SRX_NS}languagerule"):
        rendered = []
        for rule in languagerule.iter(f"{_SRX_NS}rule"):
            before = rule.find(f"{_SRX_NS}beforebreak")
            after = rule.find(f"{_SRX_NS}afterbreak")
            rendered.append(_conf_rule(rule.get("break", "yes") != "no",
                                       before.text if before is not None else None,
                                       after.text if after is not None else None))
        rules_by_name[languagerule.get("languagerulename", "")] = rendered
    header = root.find(f"{_SRX_NS}header")
    languagemaps = list(body.iter(f"{_SRX_NS}languagemap"))
    if header is not None and header.get("cascade", "no") == "no" and language is not None:
        languagemaps = _first_map_only(languagemaps, language)
    maps = []
    for maprule in languagemaps:
        rule_name = maprule.get("languagerulename", "")
        rules = rules_by_name.get(rule_name)
        if rules is None:
            raise InputError(f"{name}: <languagemap> refers to the unknown languagerule '{rule_name}'")
        pattern = escape(maprule.get("languagepattern", ".*"))
        maps.append(
            '  <void method="add">\n   <object class="org.omegat.core.segmentation.MapRule">\n'
            f'    <void property="language"><string>{escape(rule_name)}</string></void>\n'
            f'    <void property="pattern"><string>{pattern}</string></void>\n'
            '    <void property="rules">\n     <object class="java.util.ArrayList">\n'
            + "".join(rules)
            + "     </object>\n    </void>\n   </object>\n  </void>\n"
        )
    subflows = header is None or header.get("segmentsubflows", "yes") == "yes"
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<java version="17" class="java.beans.XMLDecoder">\n'
        ' <object class="org.omegat.core.segmentation.SRX">\n'
        '  <void property="mappingRules">\n' + "".join(maps) + "  </void>\n"
        f'  <void property="segmentSubflows"><boolean>{str(subflows).lower()}</boolean></void>\n'
        f'  <void property="version"><string>{SEGMENTATION_CONF_VERSION}</string></void>\n'
        " </object>\n</java>\n"
    )


def project_xml(source_tag: str, target_tag: str, sentence_seg: bool = True) -> str:
    """The ``omegat.project`` file."""
    return _PROJECT.format(source=escape(source_tag), target=escape(target_tag),
                           sentence_seg=str(sentence_seg).lower())


def _write_text(path: Path, text: str) -> None:
    with atomic_output(path, "w", encoding="utf-8") as handle:
        handle.write(text)


def _copy(source: Path, target: Path) -> None:
    with open(source, "rb") as handle, atomic_output(target, "wb") as out:
        shutil.copyfileobj(handle, out)


_XLIFF12 = "urn:oasis:names:tc:xliff:document:1.2"


def omegat_ready_xliff(path: Path) -> bytes | None:
    """An XLIFF 1.2 file as OmegaT 3.6 can translate it, or None for another XLIFF version.

    OmegaT 3.6's XLIFF filter translates the text of ``<target>`` (it passes ``<source>`` through untouched), so
    a unit without a target shows nothing and a machine translation in the target is shown as the text to
    translate. Every unit without a target gets a copy of its source, marked ``state="needs-translation"``; our
    translations then come from ``tm/auto/`` like those of any other document.
    """
    from lxml import etree

    tree = parse_safe(path)
    root = tree.getroot()
    if root.tag != f"{{{_XLIFF12}}}xliff":
        return None
    for unit in root.iter(f"{{{_XLIFF12}}}trans-unit"):
        source = unit.find(f"{{{_XLIFF12}}}source")
        if source is None or unit.find(f"{{{_XLIFF12}}}target") is not None:
            continue
        target = etree.Element(f"{{{_XLIFF12}}}target", state="needs-translation")
        target.text = source.text
        for child in source:
            target.append(copy.deepcopy(child))
        source.addnext(target)
        target.tail = source.tail
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8")


def document_segments(document: OmegatDocument) -> list[OmegatSegment]:
    """Every sentence of ``document`` as OmegaT's text (tag style from the file's extension)."""
    style = STYLE_BY_SUFFIX[document.path.suffix.lower()]
    return [segment for paragraph in document.paragraphs for segment in paragraph_segments(paragraph, style)]


def write_project(root: Path, source_tag: str, target_tag: str, documents: Sequence[OmegatDocument], *,
                  srx: str | None = None, glossary: str | None = None,
                  header_props: Sequence[tuple[str, str]] = ()) -> ProjectReport:
    """Write (or refresh) the OmegaT project in ``root``; every file is written atomically.

    ``srx``: SRX 2.0 text of the sentence rules (OmegaT's defaults when None); ``glossary``: the OmegaT
    glossary text (:class:`aligntool.formats.glossary.omegat.OmegatFormat`). A document OmegaT has no
    filter for here (Markdown, PDF) is left out of ``source/`` and named in the report.
    """
    names: dict[str, Path] = {}
    for document in documents:
        other = names.setdefault(document.path.name, document.path)
        if other != document.path:
            raise ConfigError(f"an OmegaT project holds one file per name: {other} and {document.path} are both "
                              f"'{document.path.name}'; rename one or translate them separately")
    for sub in ("source", "target", "tm/auto", "glossary", "dictionary", "omegat"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    _write_text(root / "omegat.project", project_xml(source_tag, target_tag))
    _write_text(root / "omegat" / "filters.xml", FILTERS)
    if srx is not None:
        _write_text(root / "omegat" / "segmentation.conf", srx_to_segmentation_conf(srx, source_tag))
        _write_text(root / "omegat" / "segmentation.srx", srx)
    if glossary is not None:
        _write_text(root / "glossary" / "aligntool.utf8", glossary)
    tmx = root / "tm" / "auto" / f"aligntool.{source_tag.split('-')[0]}-{target_tag.split('-')[0]}.tmx"
    report = ProjectReport(root, tmx)
    with TmxWriter(tmx, TmxHeader(srclang=source_tag, props=list(header_props))) as writer:
        for document in documents:
            if document.path.suffix.lower() not in STYLE_BY_SUFFIX:
                report.left_out.append(document.path)
                continue
            if document.path.suffix.lower() in (".xlf", ".xliff"):
                prepared = omegat_ready_xliff(document.path)
                if prepared is None:  # XLIFF 2: OmegaT 3.6 has no filter for it
                    report.left_out.append(document.path)
                    continue
                with atomic_output(root / "source" / document.path.name, "wb") as out:
                    out.write(prepared)
            elif document.data is not None:
                with atomic_output(root / "source" / document.path.name, "wb") as out:
                    out.write(document.data)
            else:
                _copy(document.path, root / "source" / document.path.name)
            report.documents.append(document.path)
            for segment in document_segments(document):
                if segment.target is not None:
                    writer.write(TranslationUnit({source_tag: segment.source, target_tag: segment.target}))
        report.units = writer.units_written
    return report
