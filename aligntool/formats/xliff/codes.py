"""XLIFF inline elements as codes, both ways: 1.2 ``g/x/bx/ex/bpt/ept/ph/it`` and 2.x ``pc/ph/sc/ec``.

Reading (:func:`coded_element`): the text of a ``<source>``/``<target>`` with each inline element as a code of
:mod:`aligntool.core.inline`; a code's native markup is the element itself, so a unit written back carries the
same elements. Writing (:func:`write_inline`): a coded text into an lxml element, as XLIFF 1.2 ``bpt/ept/ph/it``
(native content inside, ``id`` per code, ``rid`` tying a pair) or 2.1 ``sc/ec/ph`` with the native content in
the unit's ``originalData``; a code read from XLIFF is written as the element it came from where the version
matches. Markers (1.2 ``mrk``, 2.x ``mrk/sm/em``) are not codes: their text is read, the marker left out.
"""

from __future__ import annotations

from typing import Any

from aligntool.core.inline import CodedBuilder, CodedText, CodeKind, InlineCode, standard_type, unmatched

#: 1.2 and 2.x element → (kind, type); ``it`` gets its kind from ``pos``
_ELEMENTS: dict[str, tuple[CodeKind, str]] = {
    "x": (CodeKind.ISOLATED, "x"), "ph": (CodeKind.ISOLATED, "ph"), "bx": (CodeKind.OPEN, "bx"),
    "ex": (CodeKind.CLOSE, "ex"), "bpt": (CodeKind.OPEN, "bpt"), "ept": (CodeKind.CLOSE, "ept"),
    "sc": (CodeKind.OPEN, "sc"), "ec": (CodeKind.CLOSE, "ec"),
}


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _xml(element: Any) -> str:
    from lxml import etree

    return etree.tostring(element, encoding="unicode", with_tail=False)


def coded_element(elements: list[Any]) -> tuple[CodedText, tuple[InlineCode, ...]]:
    """The text of ``elements`` (a 1.2 ``source``, or the 2.x sources of a unit's segments, joined) with their
    inline codes, whitespace collapsed as every reader does; and the pairs around the whole text."""
    builder = CodedBuilder()
    pairs: dict[str, int] = {}  # XLIFF id/rid of an open code → our pair number
    for element in elements:
        _walk(element, builder, pairs)
    return builder.build()


def _walk(element: Any, builder: CodedBuilder, pairs: dict[str, int]) -> None:
    builder.text(element.text or "")
    for child in element:
        name = _local(child.tag)
        if name in ("g", "pc"):  # a pair around text
            pair = builder.open(name, _shell(child), _ids(child))
            _walk(child, builder, pairs)
            builder.close(pair, name, f"</{name}>")
        elif name in _ELEMENTS or name == "it":
            kind, type_ = _ELEMENTS.get(name, (CodeKind.OPEN, "it"))
            if name == "it":
                kind = CodeKind.CLOSE if child.get("pos") in ("close", "end") else CodeKind.OPEN
            key = child.get("rid") or child.get("startRef") or child.get("id") or ""
            native, content = _xml(child), "".join(child.itertext())
            if kind is CodeKind.OPEN and name != "it" and child.get("isolated") != "yes":
                pairs[key] = builder.open(type_, native, _ids(child))
            elif kind is CodeKind.CLOSE and key in pairs and name != "it":
                builder.close(pairs.pop(key), type_, native)
            else:  # a code whose partner is in another unit, or an it
                builder.code(InlineCode(kind, builder.new_pair(), type_, native, content, _ids(child)))
        elif name == "cp":  # 2.x: a character XML cannot carry
            builder.text("\ufffd")
        elif name:  # mrk, sm/em …: the text counts, the marker does not
            _walk(child, builder, pairs)
        builder.text(child.tail or "")


def _shell(element: Any) -> str:
    shell = element.makeelement(element.tag, dict(element.attrib), nsmap=element.nsmap)
    return _xml(shell)


def _ids(element: Any) -> tuple[tuple[str, str], ...]:
    return tuple((f"xliff-{name}", element.get(name)) for name in ("id", "ctype", "type")
                 if element.get(name) is not None)


# ---- writing --------------------------------------------------------------------------------------------

def write_inline(parent: Any, coded: CodedText, version: str, numbers: dict[int, int],
                 data: dict[str, str] | None = None) -> None:
    """Put ``coded`` into ``parent`` (a ``source``/``target``) as text and inline elements.

    ``numbers``: our pair number → the code's XLIFF id in this unit (the same for source and target, so a CAT
    tool ties them). 1.2: ``bpt/ept`` (``rid``), ``ph``, ``it`` for a pair broken by the segment, native markup
    as content. 2.1: ``sc/ec`` (``startRef``; ``isolated="yes"`` when broken), ``ph``, native markup in
    ``data`` (``originalData``: id → content), referenced by ``dataRef``.
    """
    from lxml import etree

    ns = parent.tag[: parent.tag.index("}") + 1] if parent.tag.startswith("{") else ""
    broken = unmatched(coded.codes)
    parent.text = None
    last: Any = None
    position = 0
    for index, placed in enumerate(coded.codes):
        _append_text(parent, last, coded.text[position:placed.offset])
        position = placed.offset
        code = placed.code
        number = str(numbers.setdefault(code.pair, len(numbers) + 1))
        if version == "1.2":
            last = _element_12(etree, parent, ns, code, number, index in broken)
        else:
            last = _element_2(etree, parent, ns, code, number, index in broken, data if data is not None else {})
    _append_text(parent, last, coded.text[position:])


def _append_text(parent: Any, last: Any, text: str) -> None:
    if not text:
        return
    if last is None:
        parent.text = (parent.text or "") + text
    else:
        last.tail = (last.tail or "") + text


def _native(code: InlineCode) -> str:
    return code.native or code.content


def _element_12(etree: Any, parent: Any, ns: str, code: InlineCode, number: str, broken: bool) -> Any:
    if broken or code.kind is CodeKind.ISOLATED:
        if code.kind is CodeKind.ISOLATED:
            element = etree.SubElement(parent, f"{ns}ph", {"id": number})
        else:
            element = etree.SubElement(parent, f"{ns}it", {
                "id": number, "pos": "open" if code.kind is CodeKind.OPEN else "close"})
    elif code.kind is CodeKind.OPEN:
        element = etree.SubElement(parent, f"{ns}bpt", {"id": number, "rid": number})
    else:
        element = etree.SubElement(parent, f"{ns}ept", {"id": f"{number}e", "rid": number})
    if element.tag != f"{ns}ept":  # ept has no ctype in the 1.2 schema
        element.set("ctype", standard_type(code.type, "xliff12"))
    element.text = _native(code)
    return element


def _element_2(etree: Any, parent: Any, ns: str, code: InlineCode, number: str, broken: bool,
               data: dict[str, str]) -> Any:
    attrs: dict[str, str] = {}
    native = _native(code)
    if code.kind is CodeKind.ISOLATED:
        name, attrs["id"] = "ph", number
        ref = f"d{number}"
    elif code.kind is CodeKind.OPEN:
        name, attrs["id"] = "sc", number
        ref = f"d{number}"
        if broken:
            attrs["isolated"] = "yes"
    else:
        name = "ec"
        ref = f"d{number}e"
        if broken:
            attrs["isolated"] = "yes"
            attrs["id"] = f"{number}e"
        else:
            attrs["startRef"] = number
    if native:
        data[ref] = native
        attrs["dataRef"] = ref
    if "startRef" not in attrs:  # a closing code with startRef has its opening code's type
        attrs["type"] = "fmt" if code.kind is not CodeKind.ISOLATED else "ui" if code.type == "image" else "other"
    return etree.SubElement(parent, f"{ns}{name}", attrs)
