"""The weekly external link check (tools/external_links.py), run offline
against a small site and a local server on 127.0.0.1 that plays every kind
of remote answer."""

from __future__ import annotations

import http.server
import socket
import threading

import pytest

from conftest import SITE_URL
from tools import external_links


class _Remote(http.server.BaseHTTPRequestHandler):
    """Stands in for the sites the guide links to."""

    calls: dict[str, int] = {}

    def log_message(self, *args):
        pass

    def _answer(self, with_body: bool):
        path = self.path
        _Remote.calls[path] = _Remote.calls.get(path, 0) + 1
        if path == "/moved":
            return self._send(301, location="/ok")
        if path == "/moved-to-gone":
            return self._send(301, location="/gone")
        if path == "/no-head" and not with_body:
            return self._send(405)
        if path == "/flaky":  # fails to HEAD and GET once, then works
            return self._send(503 if _Remote.calls[path] <= 2 else 200, body=with_body)
        status = {"/ok": 200, "/no-head": 200, "/gone": 404, "/refuses-robots": 403, "/down": 500}.get(path, 404)
        self._send(status, body=with_body)

    def _send(self, status, location=None, body=False):
        self.send_response(status)
        if location:
            self.send_header("Location", location)
        self.send_header("Content-Length", "2" if body else "0")
        self.end_headers()
        if body:
            self.wfile.write(b"ok")

    def do_HEAD(self):
        self._answer(with_body=False)

    def do_GET(self):
        self._answer(with_body=True)


@pytest.fixture(scope="module")
def remote():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Remote)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(autouse=True)
def no_waiting(monkeypatch):
    monkeypatch.setattr(external_links, "RETRY_DELAY", 0)
    monkeypatch.setattr(external_links, "TIMEOUT", 5)
    _Remote.calls.clear()


@pytest.fixture
def closed_port_url():
    """An address on 127.0.0.1 where nothing listens."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/"


def _page(path, *hrefs, canonical=None):
    path.parent.mkdir(parents=True, exist_ok=True)
    head = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    links = "".join(f'<a href="{href}">link</a>' for href in hrefs)
    path.write_text(f"<!doctype html><html><head>{head}</head><body>{links}</body></html>", encoding="utf-8")


def test_finds_each_external_link_once_with_the_pages_linking_to_it(tmp_path, remote):
    _page(tmp_path / "index.html", f"{remote}/ok", f"{remote}/gone#results")
    _page(tmp_path / "risks" / "index.html", f"{remote}/gone", f"{remote}/gone#methods")
    assert external_links.find_links(tmp_path) == {
        f"{remote}/ok": ["index.html"],
        f"{remote}/gone": ["index.html", "risks/index.html"],
    }


def test_internal_links_and_links_to_the_site_itself_are_not_external(tmp_path):
    _page(tmp_path / "index.html", "risks/", "#top", "../glossary/#dermal-papilla", "mailto:editors@example.org",
          f"{SITE_URL}risks/", "https://example.github.io/another-project/", "https://doi.org/10.4103/0974-7753.114700")
    assert list(external_links.find_links(tmp_path, SITE_URL)) == [
        "https://example.github.io/another-project/", "https://doi.org/10.4103/0974-7753.114700"]


def test_the_site_knows_its_own_address_from_the_home_page(tmp_path):
    _page(tmp_path / "index.html", canonical=SITE_URL)
    assert external_links.own_address(tmp_path) == SITE_URL


@pytest.mark.parametrize("path", ["/ok", "/moved", "/no-head"])
def test_a_working_link_is_ok(remote, path):
    assert external_links.check(remote + path).verdict == "ok"


@pytest.mark.parametrize("path", ["/gone", "/moved-to-gone", "/down"])
def test_a_missing_or_failing_page_is_broken(remote, path):
    result = external_links.check(remote + path)
    assert result.verdict == "broken"
    assert "HTTP" in result.detail


def test_a_passing_server_error_is_asked_again_before_it_counts(remote):
    assert external_links.check(remote + "/flaky").verdict == "ok"


def test_a_host_that_does_not_answer_is_broken(closed_port_url):
    result = external_links.check(closed_port_url)
    assert result.verdict == "broken"
    assert "no answer" in result.detail


def test_a_server_refusing_the_checker_is_left_for_a_person(remote):
    assert external_links.check(remote + "/refuses-robots").verdict == "check by hand"


def test_a_broken_link_fails_the_check_and_the_report_names_its_page(tmp_path, remote, capsys):
    site = tmp_path / "site"
    # The link to the site's own (unreachable) address is not checked.
    _page(site / "index.html", f"{remote}/ok", f"{SITE_URL}about/", canonical=SITE_URL)
    _page(site / "what-the-research-shows" / "index.html", f"{remote}/gone", f"{remote}/refuses-robots")
    summary = tmp_path / "summary.md"
    assert external_links.main([str(site), "--summary", str(summary)]) == 1
    written = summary.read_text(encoding="utf-8")
    assert "3 checked: 1 ok, 1 broken, 1 to check by hand." in written
    assert f"| {remote}/gone | HTTP 404 | what-the-research-shows/index.html |" in written
    assert f"| {remote}/refuses-robots | HTTP 403" in written
    assert written in capsys.readouterr().out


def test_the_check_passes_when_no_link_is_broken(tmp_path, remote):
    _page(tmp_path / "index.html", f"{remote}/ok", f"{remote}/refuses-robots")
    assert external_links.main([str(tmp_path)]) == 0


def test_a_folder_without_pages_is_an_error_naming_it(tmp_path, capsys):
    assert external_links.main([str(tmp_path / "not-built")]) == 2
    assert "not-built: no HTML pages found" in capsys.readouterr().err
