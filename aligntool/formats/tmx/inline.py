"""TMX 1.4b level 2: inline codes in ``<seg>`` as ``bpt/ept`` (a pair, tied by ``i``), ``ph`` (isolated) and
``it`` (half a pair whose other half is in another segment), the native markup as their content.

Numbering, as CAT tools expect: ``i`` is unique per segment (1, 2 … by opening order; Trados rejects a reused
one), ``x`` ties a code across the languages of a unit (the same code has the same ``x`` in every ``<tuv>``:
numbered in the order of the first variant, the source). Reading gives the codes back at offsets of the
segment's code-free text, each pair numbered by its ``x`` (so source and target codes of a unit match), and
``<hi>`` content read as text.
"""

from __future__ import annotations

from typing import Any

from aligntool.core.inline import (
    CodeAt,
    CodedBuilder,
    CodedText,
    CodeKind,
    InlineCode,
    standard_type,
    type_from_standard,
    unmatched,
)


def escape_text(text: str) -> str:
    """XML character data (a raw CR is written as a reference so that it survives)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


def x_numbers(codes: tuple[CodeAt, ...], numbers: dict[int, int] | None = None) -> dict[int, int]:
    """Pair number → TMX ``x`` (1, 2 … in order of appearance), extending ``numbers``."""
    numbers = {} if numbers is None else numbers
    for placed in codes:
        numbers.setdefault(placed.code.pair, len(numbers) + 1)
    return numbers


def seg_markup(coded: CodedText, numbers: dict[int, int]) -> str:
    """The content of a ``<seg>``: escaped text with the codes as level-2 elements (``numbers``: pair → x)."""
    broken = unmatched(coded.codes)
    parts: list[str] = []
    position = 0
    i_of: dict[int, int] = {}
    for index, placed in enumerate(coded.codes):
        parts.append(escape_text(coded.text[position:placed.offset]))
        position = placed.offset
        code = placed.code
        x = numbers.setdefault(code.pair, len(numbers) + 1)
        native = escape_text(code.native or code.content)
        type_ = f' type="{standard_type(code.type, "tmx")}"'
        if code.kind is CodeKind.ISOLATED:
            parts.append(f'<ph x="{x}"{type_}>{native}</ph>')
        elif index in broken:
            pos = "begin" if code.kind is CodeKind.OPEN else "end"
            parts.append(f'<it pos="{pos}" x="{x}"{type_}>{native}</it>')
        elif code.kind is CodeKind.OPEN:
            i_of[code.pair] = len(i_of) + 1
            parts.append(f'<bpt i="{i_of[code.pair]}" x="{x}"{type_}>{native}</bpt>')
        else:
            parts.append(f'<ept i="{i_of[code.pair]}">{native}</ept>')
    parts.append(escape_text(coded.text[position:]))
    return "".join(parts)


def seg_coded(seg: Any) -> CodedText:
    """A ``<seg>`` element as code-free text and codes (whitespace as written)."""
    builder = CodedBuilder()
    open_pairs: dict[str, tuple[int, str]] = {}  # i → (our pair, its type)
    _walk(seg, builder, open_pairs)
    return builder.exact()


def _pair_for(element: Any, builder: CodedBuilder) -> int:
    x = element.get("x")
    return int(x) if x is not None and x.isdigit() else 100_000 + builder.new_pair()


def _walk(element: Any, builder: CodedBuilder, open_pairs: dict[str, tuple[int, str]]) -> None:
    builder.text(element.text or "")
    for child in element:
        tag = child.tag if isinstance(child.tag, str) else ""
        native = "".join(child.itertext())
        type_ = type_from_standard(child.get("type") or tag, "tmx")
        if tag == "bpt":
            pair = _pair_for(child, builder)
            open_pairs[child.get("i", "")] = (pair, type_)
            builder.code(InlineCode(CodeKind.OPEN, pair, type_, native))
        elif tag == "ept":
            pair, type_ = open_pairs.pop(child.get("i", ""), (0, type_))
            builder.code(InlineCode(CodeKind.CLOSE, pair or _pair_for(child, builder), type_, native))
        elif tag in ("ph", "ut"):
            builder.code(InlineCode(CodeKind.ISOLATED, _pair_for(child, builder), type_, native))
        elif tag == "it":
            kind = CodeKind.CLOSE if child.get("pos") == "end" else CodeKind.OPEN
            builder.code(InlineCode(kind, _pair_for(child, builder), type_, native))
        elif tag:  # <hi>, <sub> outside a code: text
            _walk(child, builder, open_pairs)
        builder.text(child.tail or "")
