"""After the build, check every link and image in the finished HTML.

MkDocs validates Markdown links only. Links written in raw HTML, in templates
or by hooks are checked here: each local href/src must point at a file in the
build, and each #fragment at an id on the target page. Problems are logged as
warnings naming the page, so `mkdocs build --strict` fails.
"""

from __future__ import annotations

import posixpath
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

EXTERNAL_SCHEMES = {"http", "https", "mailto", "tel", "data", "javascript"}
LINK_ATTRIBUTES = {("a", "href"), ("link", "href"), ("img", "src"), ("script", "src"), ("source", "src")}


class _Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name in ("id", "name"):
            if attributes.get(name):
                self.ids.add(attributes[name])
        for linked_tag, attribute in LINK_ATTRIBUTES:
            if tag == linked_tag and attributes.get(attribute):
                self.links.append(attributes[attribute])


def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8", errors="replace"))
    return page


def _target(site: Path, page_rel: str, url_path: str, base_path: str) -> Path:
    if url_path.startswith("/"):
        if not url_path.startswith(base_path):
            return site / "__outside_site__"
        joined = url_path[len(base_path):]
    else:
        joined = posixpath.normpath(posixpath.join(posixpath.dirname(page_rel), url_path))
    target = site / unquote(joined)
    if url_path.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target


def broken_links(site: Path, base_path: str = "/", made_later: frozenset[str] = frozenset()) -> list[tuple[str, str, str]]:
    """Return (page, link, problem) for every local link that does not resolve.

    `made_later`: build-relative paths of files a later publishing step writes
    (the PDF); tools/publish.py checks links to them once they exist.
    """
    pages = {p.relative_to(site).as_posix(): p for p in site.rglob("*.html")}
    parsed = {rel: _parse(path) for rel, path in pages.items()}
    found = []
    for rel, page in sorted(parsed.items()):
        for link in page.links:
            parts = urlsplit(link)
            if parts.scheme in EXTERNAL_SCHEMES or link.startswith("//"):
                continue
            if parts.scheme:
                found.append((rel, link, f"uses the unsupported scheme '{parts.scheme}:'"))
                continue
            if parts.path:
                target = _target(site, rel, parts.path, base_path)
                if target.relative_to(site).as_posix() in made_later:
                    continue
                if not target.is_file():
                    found.append((rel, link, "points to a file that is not in the build"))
                    continue
            else:
                target = pages[rel]
            fragment = unquote(parts.fragment)
            if fragment and target.suffix == ".html":
                target_rel = target.relative_to(site).as_posix()
                ids = parsed[target_rel].ids if target_rel in parsed else _parse(target).ids
                if fragment not in ids:
                    found.append((rel, link, f"points to '#{fragment}', which is not on {target_rel}"))
    return found
