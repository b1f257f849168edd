"""One safe way to parse untrusted XML (TMX, TBX, SRX): no entities, no DTD, no network, bounded.

Files from customers and CAT tools are untrusted. The parser never loads a DTD or anything over the
network, refuses documents that declare entities (billion laughs, external entities), limits the
nesting depth and the number of bytes read, and reports malformed input as :class:`ParseError`
with line and column. lxml is imported lazily so that ``import aligntool`` stays light.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from aligntool.core.errors import ParseError
from aligntool.core.safeio import open_input

#: Elements nested deeper than this are refused (TMX needs about 12 levels). libxml2 without
#: XML_PARSE_HUGE stops at 256 itself (its error is turned into the same message); a caller may lower
#: the limit, which aligntool then checks on every element it yields.
MAX_DEPTH = 256
_LIBXML2_MAX_DEPTH = 256
#: Larger inputs are refused unless the caller raises the limit explicitly.
MAX_BYTES = 8 * 1024**3


class _BoundedReader(io.RawIOBase):
    """A binary stream that raises once more than ``limit`` bytes have been read."""

    def __init__(self, raw: IO[bytes], limit: int, path: str) -> None:
        self._raw = raw
        self._limit = limit
        self._path = path
        self.consumed = 0

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        data = self._raw.read(size if size is not None and size >= 0 else 1 << 16)
        self.consumed += len(data)
        if self.consumed > self._limit:
            raise ParseError(f"the file is larger than the limit of {self._limit} bytes; "
                             "raise the limit if the file is trusted", self._path)
        return data

    def close(self) -> None:
        self._raw.close()
        super().close()


def safe_parser_options() -> dict[str, Any]:
    """Keyword arguments for ``lxml.etree.XMLParser``/``iterparse`` that keep parsing local and inert."""
    return {
        "resolve_entities": False,
        "no_network": True,
        "load_dtd": False,
        "dtd_validation": False,
        "huge_tree": False,  # libxml2's own limits on text node size and depth stay on
        "remove_comments": True,
        "remove_pis": True,
    }


ENTITIES_REFUSED = ("the file declares XML entities in its DOCTYPE; aligntool refuses them "
                    "for safety (entity expansion, external files). Remove the DOCTYPE "
                    "declarations and try again")

#: libxml2 stops some entity bombs itself before aligntool sees the DOCTYPE (lxml 6: "Maximum entity
#: amplification factor exceeded"; older: "Detected an entity reference loop"). The user is told the
#: same thing either way, whatever libxml2's wording of the day.
_LIBXML2_ENTITY_ABUSE = ("amplification", "entity reference loop", "entity loop")


def _check_doctype(element: Any, path: str) -> None:
    docinfo = element.getroottree().docinfo
    dtd = docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise ParseError(ENTITIES_REFUSED, path, element.sourceline)


def _check_root(root: Any, root_tag: str | None, path: str) -> None:
    if root_tag is not None and root.tag != root_tag:
        raise ParseError(f"the root element is <{root.tag}>, expected <{root_tag}>: this is not a "
                         f"{root_tag.upper()} file", path, root.sourceline)


def _subtree_depth(element: Any) -> int:
    """Levels from ``element`` down to its deepest descendant (1 for a leaf)."""
    return 1 + max((_subtree_depth(child) for child in element), default=0)


def _check_depth(element: Any, max_depth: int, path: str, subtree: bool) -> None:
    # With every element's end event, each checks itself; with a tag filter, a yielded one checks its content.
    depth = sum(1 for _ in element.iterancestors()) + (_subtree_depth(element) if subtree else 1)
    if depth > max_depth:
        raise ParseError(f"elements are nested {depth} levels deep, more than the limit of {max_depth}; "
                         "this is not a TMX/TBX/SRX file a CAT tool writes", path, element.sourceline)


def iterparse_safe(source: str | Path | IO[bytes], events: tuple[str, ...] = ("end",), *,
                   tags: tuple[str, ...] | None = None, root_tag: str | None = None,
                   max_bytes: int = MAX_BYTES, display_name: str | None = None,
                   check_entities: bool = True, max_depth: int = MAX_DEPTH) -> Iterator[tuple[str, Any]]:
    """Stream ``(event, element)`` pairs like ``lxml.etree.iterparse``, safely.

    ``tags`` limits the events to those elements (much faster for TMX: only ``header`` and ``tu``);
    ``root_tag`` is the root element the document must have. ``check_entities=False`` leaves the
    entity-reference check to the caller (``parse_safe`` checks the finished tree once).
    A DOCTYPE with entity declarations, an entity reference inside a yielded element, a yielded element
    (or its content) nested deeper than ``max_depth`` levels (anything deeper than 256 levels anywhere),
    more than ``max_bytes`` bytes and any XML syntax error raise :class:`ParseError` (with line and
    column where known).
    """
    from lxml import etree

    name = display_name or (str(source) if isinstance(source, (str, Path)) else "<input>")
    if isinstance(source, (str, Path)):

        raw: IO[bytes] = open_input(source, "XML")  # closed in the finally below
    else:
        raw = source
    stream = _BoundedReader(raw, max_bytes, name)
    first = True
    try:
        context = etree.iterparse(stream, events=events, tag=tags, **safe_parser_options())
        for event, element in context:
            if first:
                _check_doctype(element, name)
                _check_root(element.getroottree().getroot(), root_tag, name)
                first = False
            if event == "end" and max_depth < _LIBXML2_MAX_DEPTH:  # deeper: libxml2 refuses it (costs nothing)
                _check_depth(element, max_depth, name, subtree=tags is not None)
            if check_entities and event == "end":
                # Only entities from an external DTD that was not loaded can get here (declared ones are
                # refused above, undeclared ones are syntax errors).
                for entity in element.iter(etree.Entity):
                    raise ParseError(f"entity reference {entity.text} is not allowed; write the character "
                                     "itself", name, entity.sourceline)
            yield event, element
        if first and context.root is not None:
            _check_doctype(context.root, name)
            _check_root(context.root, root_tag, name)
    except etree.XMLSyntaxError as exc:
        line, column = exc.position if exc.position else (exc.lineno, None)
        if any(marker in str(exc.msg).lower() for marker in _LIBXML2_ENTITY_ABUSE):
            raise ParseError(ENTITIES_REFUSED, name, line, column) from None
        if "Excessive depth" in str(exc.msg):  # libxml2's own limit (256 levels)
            raise ParseError(f"elements are nested more than {min(max_depth, 256)} levels deep; this is not a "
                             "TMX/TBX/SRX file a CAT tool writes", name, line, column) from None
        reason = next((part.strip() for part in str(exc.msg).splitlines() if part.strip()), "not well-formed")
        raise ParseError(f"malformed XML: {reason}", name, line, column) from None
    finally:
        if isinstance(source, (str, Path)):
            raw.close()


def parse_safe(source: str | Path | IO[bytes], *, max_bytes: int = 256 * 1024**2,
               display_name: str | None = None, max_depth: int = MAX_DEPTH) -> Any:
    """Parse a small XML document (SRX, TBX, config) into an lxml element tree, safely."""
    from lxml import etree

    name = display_name or str(source)
    root = None
    for _event, element in iterparse_safe(source, ("end",), max_bytes=max_bytes, display_name=display_name,
                                          check_entities=False, max_depth=max_depth):
        root = element
    if root is None:
        raise ParseError("the file contains no XML element", name)
    for entity in root.iter(etree.Entity):
        raise ParseError(f"entity reference {entity.text} is not allowed; write the character itself",
                         name, entity.sourceline)
    return etree.ElementTree(root)
