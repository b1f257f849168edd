"""What the review server accepts from a request, checked before any operation runs.

A request that is not what the page sends (a wrong or missing ``Content-Length``, a body that is not UTF-8
JSON, nesting deeper than an operation needs, ``NaN``/``Infinity`` or numbers beyond float range, text with
lone surrogates, an out-of-range paging parameter) is a :class:`BadRequest`: the server answers it with its
status and one line, and nothing changes.
"""

from __future__ import annotations

import json
import math
from http import HTTPStatus

#: Operations are flat objects with at most a list of row ids inside: anything deeper is not from the page.
MAX_JSON_DEPTH = 8


class BadRequest(ValueError):
    """A malformed request (answered with ``status``, 400 unless said otherwise)."""

    def __init__(self, message: str, status: HTTPStatus = HTTPStatus.BAD_REQUEST) -> None:
        super().__init__(message)
        self.status = status


def content_length(value: str | None, maximum: int) -> int:
    """The body's length from its header: digits only, at most ``maximum`` (a missing header: no body)."""
    if value is None or value.strip() == "":
        return 0
    text = value.strip()
    if not text.isascii() or not text.isdigit():
        raise BadRequest(f"Content-Length must be a number of bytes, not {value[:40]!r}")
    if len(text) > 18 or int(text) > maximum:
        raise BadRequest(f"request too large (more than {maximum} bytes)", HTTPStatus.REQUEST_ENTITY_TOO_LARGE)
    return int(text)


def _reject_constant(name: str) -> float:
    raise BadRequest(f"{name} is not a number the review page sends")


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise BadRequest(f"the number {text[:40]} is out of range")
    return value


def is_unicode(text: str) -> bool:
    """Whether ``text`` is real Unicode text (no lone surrogates, which no file can hold)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _check(value: object, depth: int) -> None:
    if depth > MAX_JSON_DEPTH:
        raise BadRequest(f"the request is nested more than {MAX_JSON_DEPTH} levels deep")
    if isinstance(value, str):
        if not is_unicode(value):
            raise BadRequest("the text contains a lone surrogate (not a Unicode character); retype it")
    elif isinstance(value, dict):
        for key, item in value.items():
            _check(key, depth + 1)
            _check(item, depth + 1)
    elif isinstance(value, list):
        for item in value:
            _check(item, depth + 1)


def parse_body(data: bytes) -> dict[str, object]:
    """A request body as the JSON object the page sends (an empty body is ``{}``)."""
    if not data.strip():
        return {}
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise BadRequest("the request body is not UTF-8") from None
    try:
        value = json.loads(text, parse_constant=_reject_constant, parse_float=_finite)
    except RecursionError:
        raise BadRequest(f"the request is nested more than {MAX_JSON_DEPTH} levels deep") from None
    except json.JSONDecodeError as exc:
        raise BadRequest(f"the request is not JSON ({exc.msg} at character {exc.pos})") from None
    except ValueError as exc:  # e.g. an integer with more digits than Python converts
        raise BadRequest(f"the request is not usable JSON ({exc})") from None
    if not isinstance(value, dict):
        raise BadRequest("expected a JSON object")
    _check(value, 0)
    return value


def query_int(value: str, name: str, low: int, high: int) -> int:
    """A whole-number query parameter within ``[low, high]``."""
    text = value.strip()
    if not text.isascii() or not text.lstrip("-").isdigit() or len(text) > 15:
        raise BadRequest(f"{name} must be a whole number, not {value[:40]!r}")
    number = int(text)
    if not low <= number <= high:
        raise BadRequest(f"{name} must be between {low} and {high}, not {number}")
    return number


def utf16_to_index(text: str, offset: object, name: str) -> int:
    """A position given in UTF-16 code units (a browser's ``selectionStart``) as an index into ``text``.

    JavaScript counts a character outside the Basic Multilingual Plane (an emoji) as two units; Python as one.
    An offset inside such a pair falls before the character; one past the end is the end.
    """
    if isinstance(offset, bool) or not isinstance(offset, (int, float)) or not math.isfinite(offset) \
            or offset != int(offset):
        raise BadRequest(f"{name} must be a whole number of characters")
    wanted = int(offset)
    if wanted < 0:
        raise BadRequest(f"{name} must not be negative")
    units = 0
    for index, char in enumerate(text):
        step = 2 if ord(char) > 0xFFFF else 1
        if units + step > wanted:
            return index
        units += step
    return len(text)
