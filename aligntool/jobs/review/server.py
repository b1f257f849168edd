"""The review web app: a standard-library HTTP server on 127.0.0.1 that serves the page and a JSON API.

Every request needs the session's random token: in the ``token`` query parameter (the URL the command
prints), or afterwards in the ``X-Review-Token`` header (API calls) or the cookie set with the page
(scripts and styles). Changing requests (POST) accept the header only (a token in the address of a POST is
refused, not ignored), so another site cannot make the browser post with the cookie; a POST whose ``Origin``
(or ``Sec-Fetch-Site``) shows it comes from another site is refused too. The ``Host`` header must name this
server (no DNS rebinding). Bodies are bounded (``MAX_BODY``, a valid ``Content-Length`` required) and checked
by :mod:`aligntool.jobs.review.requests`: malformed JSON, deep nesting, ``NaN``/``Infinity`` and text that is not
Unicode (lone surrogates) are answered 400 with one line, never a traceback or a dropped connection.
"""

from __future__ import annotations

import hmac
import json
import secrets
import threading
import time
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from typing import Any
from urllib.parse import parse_qs, urlsplit

from aligntool.core.errors import AligntoolError, first_line
from aligntool.jobs.review.requests import BadRequest, content_length, parse_body, query_int
from aligntool.jobs.review.session import ReviewSession, SaveConflict

ASSETS = {"/": ("review.html", "text/html; charset=utf-8"),
          "/review.js": ("review.js", "text/javascript; charset=utf-8"),
          "/review.css": ("review.css", "text/css; charset=utf-8")}
# No inline script or style, nothing from elsewhere: even a missed escape could not run a script.
_CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
MAX_BODY = 16 << 20


@dataclass
class ServerOptions:
    """Where and how long to serve."""

    host: str = "127.0.0.1"
    port: int = 0  # 0: a free port chosen by the system
    idle_timeout: float = 1800.0  # seconds without any request (the open page pings every minute)


class ReviewServer(ThreadingHTTPServer):
    """HTTP server bound to one :class:`ReviewSession` and one token."""

    daemon_threads = True

    def __init__(self, session: ReviewSession, options: ServerOptions | None = None, token: str | None = None) -> None:
        self.options = options or ServerOptions()
        self.session = session
        self.token = token or secrets.token_urlsafe(24)
        self.last_request = time.monotonic()
        self.stopped_idle = False
        super().__init__((self.options.host, self.options.port), _Handler)

    @property
    def url(self) -> str:
        """The address to open, token included."""
        host, port = self.server_address[:2]
        return f"http://{host}:{port}/?token={self.token}"

    def serve_until_stopped(self) -> None:
        """Serve until :meth:`shutdown`, Ctrl-C (KeyboardInterrupt propagates after a clean close) or idle."""
        watcher = threading.Thread(target=self._watch_idle, name="review-idle", daemon=True)
        watcher.start()
        try:
            self.serve_forever(poll_interval=0.2)
        finally:
            self.server_close()

    def _watch_idle(self) -> None:
        while True:
            time.sleep(min(1.0, self.options.idle_timeout / 4))
            if time.monotonic() - self.last_request > self.options.idle_timeout:
                self.stopped_idle = True
                self.shutdown()
                return

    def start_in_thread(self) -> threading.Thread:
        """Serve from a background thread (tests, benchmarks); stop with :meth:`shutdown`."""
        thread = threading.Thread(target=self.serve_until_stopped, name="review-server", daemon=True)
        thread.start()
        return thread


class _Handler(BaseHTTPRequestHandler):
    server: ReviewServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the terminal shows only what the command prints."""

    # -- access ---------------------------------------------------------------------------------------

    def _authorised(self, query: dict[str, list[str]], allow_cookie: bool) -> bool:
        expected = self.server.token
        offered = [self.headers.get("X-Review-Token", ""), *query.get("token", [])]
        if allow_cookie:
            for part in self.headers.get("Cookie", "").split(";"):
                name, _, value = part.strip().partition("=")
                if name == "review_token":
                    offered.append(value)
        return any(value and hmac.compare_digest(value, expected) for value in offered)

    def _host_ok(self) -> bool:
        port = self.server.server_address[1]
        return self.headers.get("Host", "") in (f"127.0.0.1:{port}", f"localhost:{port}")

    def _same_origin(self) -> bool:
        """A changing request comes from this server's own page (or from a script, which sends no Origin)."""
        port = self.server.server_address[1]
        origin = self.headers.get("Origin")
        if origin is not None and origin not in (f"http://127.0.0.1:{port}", f"http://localhost:{port}"):
            return False
        return self.headers.get("Sec-Fetch-Site", "same-origin") in ("same-origin", "none")

    def _gate(self, allow_cookie: bool) -> tuple[str, dict[str, list[str]]] | None:
        self.server.last_request = time.monotonic()
        parts = urlsplit(self.path)
        query = parse_qs(parts.query)
        if not self._host_ok() or not self._authorised(query, allow_cookie):
            message = b"403 Forbidden: open the address 'aligntool review' printed (with its token)\n"
            self._send(HTTPStatus.FORBIDDEN, message, "text/plain; charset=utf-8")
            return None
        return parts.path, query

    # -- responses ------------------------------------------------------------------------------------

    def _send(self, status: HTTPStatus, body: bytes, content_type: str, extra: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("Content-Security-Policy", _CSP)
        for key, value in (extra or {}).items():
            self.send_header(key, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _json(self, payload: Any, status: HTTPStatus = HTTPStatus.OK) -> None:
        self._send(status, json.dumps(payload, ensure_ascii=False).encode("utf-8"), "application/json; charset=utf-8")

    def _error(self, exc: Exception) -> None:
        status = HTTPStatus.CONFLICT if isinstance(exc, SaveConflict) else HTTPStatus.BAD_REQUEST
        self._json({"error": first_line(exc), "conflict": isinstance(exc, SaveConflict)}, status)

    def _internal(self, exc: BaseException) -> None:
        """A bug answered as one line (500), never a traceback on the terminal or a dropped connection."""
        self.close_connection = True
        self._json({"error": f"internal error: {type(exc).__name__}: {first_line(exc)}", "conflict": False},
                   HTTPStatus.INTERNAL_SERVER_ERROR)

    # -- routes ---------------------------------------------------------------------------------------

    def do_GET(self) -> None:
        """Page, assets and read-only API."""
        gate = self._gate(allow_cookie=True)
        if gate is None:
            return
        path, query = gate
        if path in ASSETS:
            name, content_type = ASSETS[path]
            body = resources.files("aligntool.jobs.review").joinpath("static", name).read_bytes()
            cookie = {"Set-Cookie": f"review_token={self.server.token}; HttpOnly; SameSite=Strict; Path=/"}
            self._send(HTTPStatus.OK, body, content_type, cookie if path == "/" else None)
            return
        session = self.server.session
        try:
            if path == "/api/rows":
                def first(name: str, default: str = "") -> str:
                    return query.get(name, [default])[0]

                filters = [f for f in first("filter").split(",") if f]
                self._json(session.query(first("lang") or None, filters, first("q"),
                                         query_int(first("offset", "0"), "offset", 0, 1 << 40),
                                         query_int(first("limit", "100"), "limit", 1, 10_000)))
            elif path == "/api/meta":
                self._json(session.meta())
            elif path == "/favicon.ico":
                self._send(HTTPStatus.NO_CONTENT, b"", "image/x-icon")
            elif path == "/api/ping":
                self._json({"ok": True})
            else:
                self._send(HTTPStatus.NOT_FOUND, b"not found\n", "text/plain; charset=utf-8")
        except (AligntoolError, BadRequest, ValueError) as exc:
            self._error(exc)
        except Exception as exc:  # a bug: one line to the page, never a traceback
            self._internal(exc)

    def do_POST(self) -> None:
        """Corrections, undo and save (token in the header only, from this server's own page)."""
        gate = self._gate(allow_cookie=False)
        if gate is None:
            return
        path, query = gate
        if "token" in query or not self._same_origin():
            self.close_connection = True
            message = (b"403 Forbidden: changes take the token from the X-Review-Token header only, and only "
                       b"from the review page itself\n")
            self._send(HTTPStatus.FORBIDDEN, message, "text/plain; charset=utf-8")
            return
        try:
            length = content_length(self.headers.get("Content-Length"), MAX_BODY)
        except BadRequest as exc:
            self.close_connection = True  # the body's end is unknown: the connection cannot be reused
            self._json({"error": str(exc), "conflict": False}, exc.status)
            return
        try:
            request = parse_body(self.rfile.read(length))
            session = self.server.session
            if path == "/api/op":
                self._json(session.apply(request))
            elif path == "/api/save":
                self._json(session.save(force=bool(request.get("force"))))
            else:
                self._send(HTTPStatus.NOT_FOUND, b"not found\n", "text/plain; charset=utf-8")
        except (AligntoolError, BadRequest, ValueError, TypeError, OverflowError, RecursionError) as exc:
            self._error(exc)
        except Exception as exc:  # a bug: one line to the page, never a traceback
            self._internal(exc)
