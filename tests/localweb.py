"""A small web of sites served on 127.0.0.1 for the tests: routes with bodies, statuses,
validators (ETag / Last-Modified and 304), delays, endless bodies and proxying."""

from __future__ import annotations

import gzip
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

LOCAL = "http://127.0.0.1"
"""The address an in-process test client speaks to: the web reader answers only to the names
it is reached by, and the client's own "testserver" is none of them."""


@dataclass
class Route:
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    etag: str | None = None
    last_modified: str | None = None
    delay: float = 0.0
    endless: bool = False
    gzip: bool = False
    raw: bytes | None = None
    """Sent as it is instead of an HTTP response (a broken server), then the connection closed."""
    handler: Callable[[BaseHTTPRequestHandler], Route | None] | None = None


class LocalWeb:
    """Use as a context manager; `route()` what it serves, `url()` where, `hits` what it got."""

    def __init__(self, host: str = "127.0.0.1") -> None:
        self.routes: dict[str, Route] = {}
        self.hits: Counter[str] = Counter()
        self.proxied: list[str] = []
        self.request_headers: dict[str, dict[str, str]] = {}
        self.bodies: list[tuple[str, bytes]] = []
        web = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *_: object) -> None:
                pass

            def do_GET(self) -> None:
                web.serve(self)

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                web.bodies.append((self.path, self.rfile.read(length)))
                web.serve(self)

        class Server(ThreadingHTTPServer):
            def handle_error(self, request: object, client_address: object) -> None:
                """A client that went away (timed out, killed) is part of the tests."""

        self.server = Server((host, 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> LocalWeb:
        self.thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    @property
    def base(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}"

    def url(self, path: str) -> str:
        return self.base + path

    def route(self, path: str, body: str | bytes = b"", **options: object) -> str:
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.routes[path] = Route(body=data, **options)  # type: ignore[arg-type]
        return self.url(path)

    def serve(self, request: BaseHTTPRequestHandler) -> None:
        target = request.path
        if target.startswith("http://"):
            self.proxied.append(target)
            parts = urlsplit(target)
            target = parts.path + (f"?{parts.query}" if parts.query else "")
        self.hits[target] += 1
        self.request_headers[target] = {k.lower(): v for k, v in request.headers.items()}
        route = self.routes.get(target) or self.routes.get(target.split("?")[0])
        if route is not None and route.handler is not None:
            route = route.handler(request)
        if route is None:
            self._send(request, 404, {"Content-Type": "text/plain"}, b"not found")
            return
        if route.delay:
            time.sleep(route.delay)
        if route.raw is not None:
            try:
                request.wfile.write(route.raw)
                request.wfile.flush()
            except (BrokenPipeError, ConnectionResetError):
                pass
            request.close_connection = True
            return
        headers = {"Content-Type": route.content_type, **route.headers}
        if route.etag:
            headers["ETag"] = route.etag
            if request.headers.get("If-None-Match") == route.etag:
                self._send(request, 304, {"ETag": route.etag}, b"")
                return
        if route.last_modified:
            headers["Last-Modified"] = route.last_modified
            if request.headers.get("If-Modified-Since") == route.last_modified and not route.etag:
                self._send(request, 304, {}, b"")
                return
        if route.endless:
            self._send_endless(request, headers)
            return
        body = route.body
        if route.gzip:
            body = gzip.compress(body)
            headers["Content-Encoding"] = "gzip"
        self._send(request, route.status, headers, body)

    @staticmethod
    def _send(request: BaseHTTPRequestHandler, status: int, headers: dict[str, str], body: bytes) -> None:
        try:
            request.send_response(status)
            for key, value in headers.items():
                request.send_header(key, value)
            request.send_header("Content-Length", str(len(body)))
            request.end_headers()
            request.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass

    @staticmethod
    def _send_endless(request: BaseHTTPRequestHandler, headers: dict[str, str]) -> None:
        """A body that never ends (chunked, a chunk every 50 ms), for a bounded 30 s at most."""
        try:
            request.send_response(200)
            for key, value in headers.items():
                request.send_header(key, value)
            request.send_header("Transfer-Encoding", "chunked")
            request.end_headers()
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                chunk = b"<p>" + b"more " * 2000 + b"</p>"
                request.wfile.write(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
                request.wfile.flush()
                time.sleep(0.05)
        except (BrokenPipeError, ConnectionResetError):
            pass
