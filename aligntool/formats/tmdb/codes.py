"""Inline codes stored beside a TM segment's code-free text: JSON of the inline model (TMX codes are read by
:func:`aligntool.formats.tmx.inline.seg_coded`, as every TMX reader gives them).

The TM matches on the code-free text (:mod:`aligntool.core.inline` keeps codes beside the text, at offsets);
the codes are kept so an export can write TMX level 2 again, and their sequence feeds the tag penalty of the
fuzzy score. Stored form, one list per code: ``[offset, kind, pair, type, native, content, [[name, value], …]]``.
"""

from __future__ import annotations

import json
from dataclasses import replace

from aligntool.core.inline import CodeAt, CodeKind, InlineCode
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
