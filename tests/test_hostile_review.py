"""Issue #27, items 9-11: the review server refuses query tokens and foreign origins on changes, answers
malformed requests with one line (never a traceback or a hang), and splits at the page's UTF-16 cursor."""

from __future__ import annotations

import http.client
import json
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from aligntool.core.datatypes import TranslationUnit
from aligntool.formats.tmx.reader import read_tmx
from aligntool.formats.tmx.writer import TmxHeader, write_tmx
from aligntool.jobs.review.requests import utf16_to_index
from aligntool.jobs.review.server import ReviewServer, ServerOptions
from aligntool.jobs.review.session import ReviewSession


@pytest.fixture()
def served(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> Iterator[tuple[ReviewServer, Path]]:
    tmx = tmp_path / "t.tmx"
    write_tmx(tmx, TmxHeader(srclang="en"), [
        TranslationUnit({"en": "😀😀😀 First. Second.", "ru": "Первое. Второе."}, tuid="a"),
        TranslationUnit({"en": "Three.", "ru": "Три."}, tuid="b"),
    ])
    server = ReviewServer(ReviewSession(tmx), ServerOptions(idle_timeout=60))
    thread = server.start_in_thread()
    yield server, tmx
    server.shutdown()
    thread.join(timeout=5)
    assert "Traceback" not in capfd.readouterr().err  # nothing a request did reached the terminal


def _request(server: ReviewServer, method: str, path: str, body: bytes | None = None,
             headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    port = server.server_address[1]
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.putrequest(method, path, skip_accept_encoding=True)
        sent = {"X-Review-Token": server.token, **(headers or {})}
        if body is not None and "Content-Length" not in sent:
            sent["Content-Length"] = str(len(body))
        for key, value in sent.items():
            connection.putheader(key, value)
        connection.endheaders(body)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def _error(payload: bytes) -> str:
    message = json.loads(payload)["error"]
    assert "\n" not in message
    return message


def test_post_with_the_token_in_the_address_is_refused(served: tuple[ReviewServer, Path]) -> None:
    server, tmx = served
    before = tmx.read_bytes()
    op = json.dumps({"op": "edit", "id": 0, "target": "Взломано."}).encode()
    for path in (f"/api/op?token={server.token}", f"/api/save?token={server.token}"):
        status, _ = _request(server, "POST", path, op, {"X-Review-Token": "", "Origin": "http://evil.example"})
        assert status == 403
        status, _ = _request(server, "POST", path, op)  # even with the header: no token in addresses
        assert status == 403
    assert server.session.version == 0 and tmx.read_bytes() == before


def test_post_from_a_foreign_origin_is_refused(served: tuple[ReviewServer, Path]) -> None:
    server, _tmx = served
    op = json.dumps({"op": "approve", "ids": [0]}).encode()
    assert _request(server, "POST", "/api/op", op, {"Origin": "http://evil.example"})[0] == 403
    assert _request(server, "POST", "/api/op", op, {"Sec-Fetch-Site": "cross-site"})[0] == 403
    assert server.session.version == 0
    port = server.server_address[1]
    assert _request(server, "POST", "/api/op", op, {"Origin": f"http://127.0.0.1:{port}"})[0] == 200
    assert server.session.version == 1


@pytest.mark.parametrize(("body", "headers", "status", "needle"), [
    (b"[" * 100_000 + b"]" * 100_000, None, 400, "nested"),
    (b'{"op": "edit", "id": 0, "target": ' + b"[" * 20 + b"1" + b"]" * 20 + b"}", None, 400, "nested"),
    (b'{"op": "split", "id": 0, "source_at": Infinity}', None, 400, "Infinity"),
    (b'{"op": "split", "id": 0, "source_at": 1e999}', None, 400, "out of range"),
    (b'{"op": "split", "id": 0, "source_at": NaN}', None, 400, "NaN"),
    (b'{"op": "approve"}', {"Content-Length": "abc"}, 400, "Content-Length"),
    (b'{"op": "approve"}', {"Content-Length": "-1"}, 400, "Content-Length"),
    (b'{"op": "approve"}', {"Content-Length": "99999999999999999999"}, 413, "too large"),
    (b'{"op": "edit", "id": 0, "target": "\\ud800"}', None, 400, "lone surrogate"),
    (b"\xff\xfe{}", None, 400, "not UTF-8"),
    (b'{"op": "split", "id": 0, "source_at": "x"}', None, 400, "whole number"),
    (b'{"op": "edit", "id": 0, "target": 5, "bogus": 1}', None, 400, "wrong arguments"),
    (b'"just a string"', None, 400, "JSON object"),
])
def test_malformed_requests_are_one_line_answers(served: tuple[ReviewServer, Path], body: bytes,
                                                 headers: dict[str, str] | None, status: int, needle: str) -> None:
    server, _tmx = served
    got, payload = _request(server, "POST", "/api/op", body, headers)
    assert got == status, payload
    assert needle in _error(payload)
    assert server.session.version == 0
    # the server still answers, and every page and search still works
    assert _request(server, "GET", "/api/rows?q=First")[0] == 200


def test_negative_content_length_does_not_block(served: tuple[ReviewServer, Path]) -> None:
    server, _tmx = served
    port = server.server_address[1]
    with socket.create_connection(("127.0.0.1", port), timeout=5) as raw:
        raw.sendall(b"POST /api/op HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nX-Review-Token: %s\r\n"
                    b"Content-Length: -1\r\n\r\n" % (port, server.token.encode()))
        answer = raw.recv(4096)  # answered at once, not when the client hangs up
    assert answer.startswith(b"HTTP/1.1 400")
    assert server.session.version == 0


@pytest.mark.parametrize("query", ["offset=abc", "limit=-5", "offset=-1", "limit=99999999999999999999"])
def test_bad_paging_parameters_are_400(served: tuple[ReviewServer, Path], query: str) -> None:
    server, _tmx = served
    status, payload = _request(server, "GET", f"/api/rows?{query}")
    assert status == 400 and _error(payload)


def test_split_at_the_cursor_counts_utf16_units_like_the_page(served: tuple[ReviewServer, Path]) -> None:
    server, tmx = served
    assert server.session.rows[0].variants["en"] == "😀😀😀 First. Second."
    cursor = len("😀😀😀 First. ".encode("utf-16-le")) // 2  # what a textarea's selectionStart says
    op = json.dumps({"op": "split", "id": server.session.rows[0].id, "source_at": cursor, "target_at": 8}).encode()
    status, payload = _request(server, "POST", "/api/op", op)
    assert status == 200, payload
    assert [row.variants["en"] for row in server.session.rows[:2]] == ["😀😀😀 First.", "Second."]
    assert [row.variants["ru"] for row in server.session.rows[:2]] == ["Первое.", "Второе."]
    assert _request(server, "POST", "/api/save", b"{}")[0] == 200
    assert [u.variants["en"] for u in read_tmx(tmx)][:2] == ["😀😀😀 First.", "Second."]


def test_utf16_offsets() -> None:
    assert utf16_to_index("a😀b", 0, "x") == 0
    assert utf16_to_index("a😀b", 1, "x") == 1
    assert utf16_to_index("a😀b", 2, "x") == 1  # inside the pair: before the emoji
    assert utf16_to_index("a😀b", 3, "x") == 2
    assert utf16_to_index("a😀b", 99, "x") == 3
