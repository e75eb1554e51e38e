"""Serve a build on 127.0.0.1 as a real host serves it: the PDF step, the tests
and the benchmark all use this one server.

`python -m http.server` does not compress, which makes every page look three
times heavier than on GitHub Pages. This one gzips text types, serves the build
under the published path (site_url's path; Material's scripts need it), answers
404 with the site's 404.html, and logs the bytes it sends for each request.
"""

from __future__ import annotations

import gzip
import mimetypes
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

# What GitHub Pages compresses; fonts, images and archives are already compressed.
COMPRESSIBLE = ("text/", "application/javascript", "application/json", "application/xml",
                "image/svg+xml", "application/manifest+json")
# GitHub Pages sends this on every file.
CACHE_CONTROL = "max-age=600"

mimetypes.add_type("font/woff2", ".woff2")
mimetypes.add_type("application/javascript", ".js")
mimetypes.add_type("image/svg+xml", ".svg")


class SiteServer:
    """Serve `root` at http://127.0.0.1:<free port><prefix>, in a thread.

    `log` holds one (path, status, bytes sent on the wire) per request.
    """

    def __init__(self, root: Path, prefix: str = "/"):
        if not prefix.startswith("/") or not prefix.endswith("/"):
            raise ValueError(f"prefix must start and end with '/': {prefix!r}")
        self.root = Path(root).resolve()
        self.prefix = prefix
        self.log: list[tuple[str, int, int]] = []
        self._lock = threading.Lock()
        self._cache: dict[Path, bytes] = {}
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    @property
    def port(self) -> int:
        return self._httpd.server_address[1]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}{self.prefix}"

    def __enter__(self) -> "SiteServer":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def take_log(self) -> list[tuple[str, int, int]]:
        """Return the requests logged so far and start a new log."""
        with self._lock:
            log, self.log = self.log, []
        return log

    def _record(self, path: str, status: int, sent: int) -> None:
        with self._lock:
            self.log.append((path, status, sent))

    def _gzipped(self, file: Path) -> bytes:
        # mtime=0 keeps the output identical from run to run.
        if file not in self._cache:
            self._cache[file] = gzip.compress(file.read_bytes(), compresslevel=6, mtime=0)
        return self._cache[file]

    def resolve(self, url_path: str) -> tuple[int, Path | None, str | None]:
        """(status, file, redirect location) for a request path."""
        path = unquote(urlsplit(url_path).path)
        if not path.startswith(self.prefix):
            if path + "/" == self.prefix:
                return HTTPStatus.MOVED_PERMANENTLY, None, self.prefix
            return HTTPStatus.NOT_FOUND, None, None
        relative = path[len(self.prefix):]
        target = (self.root / relative).resolve()
        if target != self.root and self.root not in target.parents:
            return HTTPStatus.NOT_FOUND, None, None
        if target.is_dir():
            if not path.endswith("/"):
                return HTTPStatus.MOVED_PERMANENTLY, None, path + "/"
            target = target / "index.html"
        if target.is_file():
            return HTTPStatus.OK, target, None
        return HTTPStatus.NOT_FOUND, None, None

    def _handler(self):
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_HEAD(self):
                self._respond(head=True)

            def do_GET(self):
                self._respond(head=False)

            def _respond(self, head: bool):
                status, file, location = server.resolve(self.path)
                if status == HTTPStatus.NOT_FOUND and (server.root / "404.html").is_file():
                    file = server.root / "404.html"
                body, encoding, ctype = b"", None, "text/plain"
                if file is not None:
                    ctype = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
                    accepts_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
                    if accepts_gzip and ctype.startswith(COMPRESSIBLE):
                        body, encoding = server._gzipped(file), "gzip"
                    else:
                        body = file.read_bytes()
                    if ctype.startswith("text/") or ctype.endswith(("javascript", "json", "xml")):
                        ctype += "; charset=utf-8"
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Cache-Control", CACHE_CONTROL)
                self.send_header("Vary", "Accept-Encoding")
                if encoding:
                    self.send_header("Content-Encoding", encoding)
                if location:
                    self.send_header("Location", location)
                self.end_headers()
                # Header bytes as sent; BaseHTTPRequestHandler keeps them until end_headers().
                header_bytes = self._header_bytes
                if not head:
                    self.wfile.write(body)
                server._record(self.path, int(status), header_bytes + (0 if head else len(body)))

            def end_headers(self):
                self._header_bytes = sum(len(chunk) for chunk in getattr(self, "_headers_buffer", [])) + 2
                super().end_headers()

        return Handler
