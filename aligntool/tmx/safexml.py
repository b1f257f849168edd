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

from aligntool.errors import InputError, ParseError

#: libxml2 (without XML_PARSE_HUGE) refuses documents nested deeper than this; TMX needs about 12 levels.
MAX_DEPTH = 256
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


def _check_doctype(element: Any, path: str) -> None:
    docinfo = element.getroottree().docinfo
    dtd = docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise ParseError("the file declares XML entities in its DOCTYPE; aligntool refuses them "
                         "for safety (entity expansion, external files). Remove the DOCTYPE "
                         "declarations and try again", path, element.sourceline)


def _check_root(root: Any, root_tag: str | None, path: str) -> None:
    if root_tag is not None and root.tag != root_tag:
        raise ParseError(f"the root element is <{root.tag}>, expected <{root_tag}>: this is not a "
                         f"{root_tag.upper()} file", path, root.sourceline)


def iterparse_safe(source: str | Path | IO[bytes], events: tuple[str, ...] = ("end",), *,
                   tags: tuple[str, ...] | None = None, root_tag: str | None = None,
                   max_bytes: int = MAX_BYTES, display_name: str | None = None,
                   check_entities: bool = True) -> Iterator[tuple[str, Any]]:
    """Stream ``(event, element)`` pairs like ``lxml.etree.iterparse``, safely.

    ``tags`` limits the events to those elements (much faster for TMX: only ``header`` and ``tu``);
    ``root_tag`` is the root element the document must have. ``check_entities=False`` leaves the
    entity-reference check to the caller (``parse_safe`` checks the finished tree once).
    A DOCTYPE with entity declarations, an entity reference inside a yielded element, nesting deeper
    than libxml2's limit of 256 levels, more than ``max_bytes`` bytes and any XML syntax error raise
    :class:`ParseError` (with line and column where known).
    """
    from lxml import etree

    name = display_name or (str(source) if isinstance(source, (str, Path)) else "<input>")
    if isinstance(source, (str, Path)):
        try:
            raw: IO[bytes] = open(source, "rb")  # noqa: SIM115 - closed in the finally below
        except FileNotFoundError:
            raise InputError(f"{name}: no such file") from None
        except IsADirectoryError:
            raise InputError(f"{name}: is a directory, expected an XML file") from None
        except OSError as exc:
            raise InputError(f"{name}: cannot read ({exc.strerror})") from None
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
        raise ParseError(f"malformed XML: {exc.msg}", name, line, column) from None
    finally:
        if isinstance(source, (str, Path)):
            raw.close()


def parse_safe(source: str | Path | IO[bytes], *, max_bytes: int = 256 * 1024**2,
               display_name: str | None = None) -> Any:
    """Parse a small XML document (SRX, TBX, config) into an lxml element tree, safely."""
    from lxml import etree

    name = display_name or str(source)
    root = None
    for _event, element in iterparse_safe(source, ("end",), max_bytes=max_bytes, display_name=display_name,
                                          check_entities=False):
        root = element
    if root is None:
        raise ParseError("the file contains no XML element", name)
    for entity in root.iter(etree.Entity):
        raise ParseError(f"entity reference {entity.text} is not allowed; write the character itself",
                         name, entity.sourceline)
    return etree.ElementTree(root)
