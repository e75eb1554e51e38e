"""The static server the tests, the PDF step and the benchmark serve builds with
(tools/server.py): it behaves like the real host, so page-weight figures are fair."""

from __future__ import annotations

import gzip
import http.client
import socket

import pytest

from tools.server import SiteServer

HTML = "<!doctype html><title>t</title>" + "<p>Microneedling and hair loss.</p>" * 200


@pytest.fixture
def served(tmp_path):
    (tmp_path / "index.html").write_text(HTML, encoding="utf-8")
    (tmp_path / "404.html").write_text("<p>not here</p>", encoding="utf-8")
    (tmp_path / "risks").mkdir()
    (tmp_path / "risks" / "index.html").write_text(HTML, encoding="utf-8")
    (tmp_path / "font.woff2").write_bytes(b"wOF2" + bytes(range(256)) * 8)
    (tmp_path.parent / "secret.txt").write_text("outside the site", encoding="utf-8")
    with SiteServer(tmp_path, "/guide/") as server:
        yield server


def get(server, path, gzip_ok=True):
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    connection.request("GET", path, headers={"Accept-Encoding": "gzip, deflate"} if gzip_ok else {})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response, body


def test_server_gzips_html_when_the_browser_accepts_it(served):
    response, body = get(served, "/guide/")
    assert response.status == 200
    assert response.getheader("Content-Encoding") == "gzip"
    assert gzip.decompress(body).decode("utf-8") == HTML
    assert len(body) < len(HTML.encode("utf-8")) / 5


def test_server_sends_plain_html_without_accept_encoding(served):
    response, body = get(served, "/guide/", gzip_ok=False)
    assert response.getheader("Content-Encoding") is None
    assert body.decode("utf-8") == HTML


def test_server_leaves_fonts_uncompressed(served):
    response, body = get(served, "/guide/font.woff2")
    assert response.getheader("Content-Encoding") is None
    assert response.getheader("Content-Type") == "font/woff2"
    assert len(body) == 4 + 256 * 8


def test_server_logs_exactly_the_bytes_sent_on_the_wire(served):
    served.take_log()
    with socket.create_connection(("127.0.0.1", served.port), timeout=10) as sock:
        sock.sendall(b"GET /guide/risks/ HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip\r\nConnection: close\r\n\r\n")
        received = b""
        while chunk := sock.recv(65536):
            received += chunk
    assert served.take_log() == [("/guide/risks/", 200, len(received))]


def test_server_serves_only_under_the_site_path(served):
    assert get(served, "/risks/")[0].status == 404
    assert get(served, "/guide/../secret.txt")[0].status == 404
    response, body = get(served, "/guide/missing/", gzip_ok=False)
    assert response.status == 404 and b"not here" in body


def test_server_redirects_folders_to_their_slash_url(served):
    assert get(served, "/guide")[0].getheader("Location") == "/guide/"
    response, _ = get(served, "/guide/risks")
    assert response.status == 301 and response.getheader("Location") == "/guide/risks/"
