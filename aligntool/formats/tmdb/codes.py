"""Inline codes stored beside a TM segment's code-free text: JSON of the inline model, and codes from TMX.

The TM matches on the code-free text (:mod:`aligntool.core.inline` keeps codes beside the text, at offsets);
the codes are kept so an export can write TMX level 2 again, and their sequence feeds the tag penalty of the
fuzzy score. Stored form, one list per code: ``[offset, kind, pair, type, native, content, [[name, value], …]]``.
"""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

from aligntool.core.inline import CodeAt, CodedText, CodeKind, InlineCode
from aligntool.formats.tmdb.tokens import tokenize


def codes_to_json(codes: tuple[CodeAt, ...]) -> str | None:
    """The stored form of ``codes`` (None when there are none)."""
    if not codes:
        return None
    return json.dumps([[c.offset, c.code.kind.value, c.code.pair, c.code.type, c.code.native, c.code.content,
                        [list(a) for a in c.code.attrs]] for c in codes], ensure_ascii=False, separators=(",", ":"))


def codes_from_json(value: str | None) -> tuple[CodeAt, ...]:
    """Codes back from their stored form."""
    if not value:
        return ()
    out = []
    for offset, kind, pair, kind_type, native, content, attrs in json.loads(value):
        code = InlineCode(CodeKind(kind), int(pair), str(kind_type), str(native), str(content),
                          tuple((str(k), str(v)) for k, v in attrs))
        out.append(CodeAt(int(offset), code))
    return tuple(out)


def stripped_codes(text: str, codes: tuple[CodeAt, ...]) -> tuple[CodeAt, ...]:
    """``codes`` of ``text`` at offsets of ``text.strip()`` (codes in the trimmed ends kept at the ends)."""
    lead, length = len(text) - len(text.lstrip()), len(text.strip())
    return tuple(replace(c, offset=min(max(c.offset - lead, 0), length)) for c in codes)


def tag_sequence(codes: tuple[CodeAt, ...], text: str) -> list[str]:
    """What the tag penalty compares: each code as its kind, type and the number of words of ``text`` before
    it, in text order. A code of another type, a code missing or added, and a code moved to another word
    each cost one edit; spaces and markup (``<b>`` vs ``**``) do not count."""
    return [f"{c.code.kind.value}:{c.code.type}@{_words_before(text, c.offset)}" for c in codes]


def _words_before(text: str, offset: int) -> int:
    return len(tokenize(text[:offset]).words)


def _inner_text(element: Any) -> str:
    """Native markup inside a code element (``sub`` flows included as text)."""
    return "".join(element.itertext())


def seg_coded(seg: Any) -> CodedText:
    """A TMX ``<seg>`` as code-free text and codes (``bpt/ept/ph/it/ut`` hold native code, ``hi`` is a
    paired code around translatable text). The text equals what :func:`aligntool.formats.tmx.reader.seg_text` gives."""
    parts: list[str] = []
    codes: list[CodeAt] = []
    isolated = [10_000]
    types: dict[int, str] = {}

    def walk(element: Any) -> None:
        parts.append(element.text or "")
        for child in element:
            tag = child.tag if isinstance(child.tag, str) else ""
            offset = sum(len(p) for p in parts)
            attrs = tuple((str(k), str(v)) for k, v in child.attrib.items())
            if tag in ("bpt", "ept"):
                pair = _pair_number(child.get("i"), isolated)
                kind = CodeKind.OPEN if tag == "bpt" else CodeKind.CLOSE
                kind_type = child.get("type") or types.get(pair) or "bpt"  # an ept has the type of its bpt
                types.setdefault(pair, kind_type)
                codes.append(CodeAt(offset, InlineCode(kind, pair, kind_type, _inner_text(child), attrs=attrs)))
            elif tag == "it":
                kind = CodeKind.OPEN if child.get("pos") == "begin" else CodeKind.CLOSE
                isolated[0] += 1
                codes.append(CodeAt(offset, InlineCode(kind, isolated[0], child.get("type") or tag,
                                                       _inner_text(child), attrs=attrs)))
            elif tag in ("ph", "ut"):
                isolated[0] += 1
                codes.append(CodeAt(offset, InlineCode(CodeKind.ISOLATED, isolated[0], child.get("type") or tag,
                                                       _inner_text(child), attrs=attrs)))
            elif tag:
                pair = _pair_number(child.get("x"), isolated)
                codes.append(CodeAt(offset, InlineCode(CodeKind.OPEN, pair, child.get("type") or tag, attrs=attrs)))
                walk(child)
                end = sum(len(p) for p in parts)
                codes.append(CodeAt(end, InlineCode(CodeKind.CLOSE, pair, child.get("type") or tag)))
            parts.append(child.tail or "")

    walk(seg)
    return CodedText("".join(parts), tuple(codes))


def _pair_number(value: str | None, counter: list[int]) -> int:
    if value is not None and value.strip().isdigit():
        return int(value)
    counter[0] += 1
    return counter[0]


def has_codes(seg: Any) -> bool:
    """Whether a ``<seg>`` has any inline element (most do not: the fast path skips :func:`seg_coded`)."""
    return len(seg) > 0 and any(isinstance(child.tag, str) for child in seg)
