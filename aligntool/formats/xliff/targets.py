"""The translated XLIFF file: the source XLIFF with a ``<target>`` for every unit the reader translated.

Units are found in the reader's order (translatable, with source text); each gets its translation as its
target, the inline codes written back as the elements they were read from (``g``/``pc`` around their text,
``x``/``ph``/``bpt``… as they were), marked for review as MT output (1.2 ``state="needs-review-translation"``,
2.x ``state="initial"``). A 2.x unit whose source was several segments gets the translation in its first
segment's target (the others' targets empty): a sentence of ours may span them. Everything else is kept.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from aligntool.core.inline import CodedText, CodeKind, InlineCode
from aligntool.core.safexml import parse_safe
from aligntool.formats.xliff.codes import coded_element
from aligntool.formats.xliff.writer import NS_2, STATES, is_finished, unit_entry

_LOCAL = "}"


def _local(tag: Any) -> str:
    return tag.rsplit(_LOCAL, 1)[-1] if isinstance(tag, str) else ""


def write_xliff_targets(data: bytes, display_name: str, translations: Sequence[CodedText | None],
                        wraps: Sequence[tuple[InlineCode, ...]], target_lang: str) -> bytes:
    """The XLIFF in ``data`` with targets filled from ``translations`` (one per paragraph the reader returned)."""
    from lxml import etree

    tree = parse_safe(io.BytesIO(data), display_name=display_name)
    root = tree.getroot()
    index = 0
    for element in root.iter():
        name = _local(element.tag)
        if name == "file" and element.get("target-language") is not None:
            element.set("target-language", target_lang)
        if name == "xliff" and element.get("trgLang") is not None:
            element.set("trgLang", target_lang)
        if name not in ("trans-unit", "unit"):
            continue
        sources = [s for s in element.iter() if _local(s.tag) == "source"]
        if element.get("translate", "yes") == "no" or not coded_element(sources)[0].text:  # as the reader
            continue
        if is_finished(unit_entry(element)):  # a person's finished target: the reader left it out, kept as it is
            continue
        if index >= len(translations):
            break
        translation, wrap = translations[index], wraps[index] if index < len(wraps) else ()
        index += 1
        if translation is None:
            continue
        ns = element.tag[: element.tag.index("}") + 1] if element.tag.startswith("{") else ""
        if ns == f"{{{NS_2}}}":
            segments = [s for s in element if _local(s.tag) in ("segment", "ignorable")]
            for number, segment in enumerate(segments):
                target = _target(etree, segment, ns)
                if number == 0:
                    _fill(etree, target, translation, wrap)
                    if _local(segment.tag) == "segment":
                        segment.set("state", STATES["mt"][2])
                else:
                    target.text = None
        else:
            target = _target(etree, element, ns)
            _fill(etree, target, translation, wrap)
            target.set("state", STATES["mt"][0])
            target.set("state-qualifier", STATES["mt"][1])
    out: bytes = etree.tostring(tree, xml_declaration=True, encoding="UTF-8")
    return out


def _target(etree: Any, parent: Any, ns: str) -> Any:
    """The ``target`` of a trans-unit or segment, made right after its ``source`` when missing (schema order)."""
    target = parent.find(f"{ns}target")
    if target is None:
        source = parent.find(f"{ns}source")
        target = etree.Element(f"{ns}target")
        if source is not None:
            source.addnext(target)
            target.tail, source.tail = source.tail, None
        else:
            parent.append(target)
    for child in list(target):
        target.remove(child)
    target.text = None
    return target


def _fill(etree: Any, target: Any, coded: CodedText, wrap: Sequence[InlineCode]) -> None:
    """Text and codes into ``target``: pairs read from ``g``/``pc`` become that element around their text;
    other codes are their elements again."""
    stack: list[tuple[int | None, Any]] = [(None, target)]

    def add_text(text: str) -> None:
        if not text:
            return
        parent = stack[-1][1]
        if len(parent):
            parent[-1].tail = (parent[-1].tail or "") + text
        else:
            parent.text = (parent.text or "") + text

    codes = [*((0, c) for c in wrap if c.kind is CodeKind.OPEN), *((p.offset, p.code) for p in coded.codes)]
    closing = [c for c in wrap if c.kind is CodeKind.CLOSE]
    position = 0
    for offset, code in [*codes, *((len(coded.text), c) for c in closing)]:
        add_text(coded.text[position:offset])
        position = max(position, offset)
        native = code.native
        if code.kind is CodeKind.OPEN and native.rstrip().endswith("/>") and code.type in ("g", "pc"):
            element = etree.fromstring(native)
            stack[-1][1].append(element)
            stack.append((code.pair, element))
        elif code.kind is CodeKind.CLOSE and any(pair == code.pair for pair, _ in stack):
            while stack[-1][0] != code.pair:
                stack.pop()
            stack.pop()
        elif native.startswith("<"):
            stack[-1][1].append(etree.fromstring(native))
    add_text(coded.text[position:])
