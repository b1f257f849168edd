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

#: TMX nests at most ~12 levels (tmx/body/tu/tuv/seg/hi/bpt/sub/…); real files stay far below this.
MAX_DEPTH = 64
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


def iterparse_safe(source: str | Path | IO[bytes], events: tuple[str, ...] = ("start", "end"), *,
                   max_depth: int = MAX_DEPTH, max_bytes: int = MAX_BYTES,
                   display_name: str | None = None) -> Iterator[tuple[str, Any]]:
    """Stream ``(event, element)`` pairs like ``lxml.etree.iterparse``, safely.

    ``start`` events are always tracked internally (for the depth limit) but only yielded when asked
    for. Entity references in text raise :class:`ParseError`; so does a DOCTYPE with entity
    declarations, excessive depth or size, and any XML syntax error (with line and column).
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
    want_start = "start" in events
    depth = 0
    first = True
    try:
        context = etree.iterparse(stream, events=("start", "end"), **safe_parser_options())
        for event, element in context:
            if event == "start":
                if first:
                    _check_doctype(element, name)
                    first = False
                depth += 1
                if depth > max_depth:
                    raise ParseError(f"elements are nested more than {max_depth} levels deep; "
                                     "this is not a TMX file a CAT tool wrote", name, element.sourceline)
                if want_start:
                    yield event, element
            else:
                depth -= 1
                for child in element:
                    if not isinstance(child.tag, str) and child.tag is etree.Entity:
                        raise ParseError(f"entity reference {child.text} is not allowed; write the "
                                         "character itself", name, child.sourceline)
                yield event, element
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

    root = None
    for _event, element in iterparse_safe(source, ("end",), max_bytes=max_bytes, display_name=display_name):
        root = element
    if root is None:
        raise ParseError("the file contains no XML element", display_name or str(source))
    return etree.ElementTree(root)
