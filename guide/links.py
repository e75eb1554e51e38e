"""The one walker over a built site's HTML: every page's links, images and ids.

MkDocs validates Markdown links only; links written in raw HTML, in templates
or by hooks are checked on the finished pages. Used by the build's own check
(hooks/html_check.py), the publishing build's download check (tools/publish.py),
the offline copy's check (tools/offline.py), the external link checker
(tools/external_links.py) and the tests.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

EXTERNAL_SCHEMES = {"http", "https", "mailto", "tel", "data", "javascript"}
LINK_ATTRIBUTES = {("a", "href"), ("link", "href"), ("img", "src"), ("script", "src"), ("source", "src")}


@dataclass(frozen=True)
class Link:
    tag: str  # a, link, img, script or source
    url: str  # as written in the page
    rel: str = ""  # a <link>'s rel: "canonical", "stylesheet"…


@dataclass
class Page:
    ids: set[str] = field(default_factory=set)
    links: list[Link] = field(default_factory=list)
    images_without_alt: list[str] = field(default_factory=list)


class _Parser(HTMLParser):
    def __init__(self, page: Page):
        super().__init__(convert_charrefs=True)
        self.page = page

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name in ("id", "name"):
            if attributes.get(name):
                self.page.ids.add(attributes[name])
        for linked_tag, attribute in LINK_ATTRIBUTES:
            if tag == linked_tag and attributes.get(attribute):
                self.page.links.append(Link(tag, attributes[attribute].strip(), attributes.get("rel") or ""))
        if tag == "img" and not (attributes.get("alt") or "").strip():
            self.page.images_without_alt.append(attributes.get("src") or "")


def read(path: Path) -> Page:
    page = Page()
    _Parser(page).feed(path.read_text(encoding="utf-8", errors="replace"))
    return page


def read_site(site: Path) -> dict[str, Page]:
    """Every HTML page of a build, by its path in the build ('risks/index.html')."""
    return {path.relative_to(site).as_posix(): read(path) for path in sorted(site.rglob("*.html"))}


def is_external(url: str) -> bool:
    return urlsplit(url).scheme in EXTERNAL_SCHEMES or url.startswith("//")


def _target(site: Path, page_rel: str, url_path: str, base_path: str, pages_are_files: bool) -> Path:
    if url_path.startswith("/"):
        if pages_are_files or not url_path.startswith(base_path):
            return site / "__outside_site__"
        joined = url_path[len(base_path):]
    else:
        joined = posixpath.normpath(posixpath.join(posixpath.dirname(page_rel), url_path))
    target = site / unquote(joined)
    if not pages_are_files and (url_path.endswith("/") or target.is_dir()):
        target = target / "index.html"
    return target


def broken_links(
    site: Path,
    base_path: str = "/",
    made_later: frozenset[str] = frozenset(),
    pages_are_files: bool = False,
    pages: dict[str, Page] | None = None,
) -> list[tuple[str, str, str]]:
    """Return (page, link, problem) for every local link that does not resolve.

    `base_path`: the path the site is served under (links starting with it are local).
    `made_later`: build-relative paths of files a later publishing step writes
    (the PDF, the offline zip); tools/publish.py checks links to them once they exist.
    `pages_are_files`: the pages are opened from a folder (the offline copy), so a
    link must name a file: a folder does not open, nor does an absolute path.
    """
    pages = read_site(site) if pages is None else pages
    found = []
    for rel, page in pages.items():
        for link in page.links:
            parts = urlsplit(link.url)
            if is_external(link.url):
                continue
            if parts.scheme:
                found.append((rel, link.url, f"uses the unsupported scheme '{parts.scheme}:'"))
                continue
            if parts.path:
                target = _target(site, rel, parts.path, base_path, pages_are_files)
                if target.relative_to(site).as_posix() in made_later:
                    continue
                if not target.is_file():
                    where = "a folder" if target.is_dir() else "a file that is not in the build"
                    found.append((rel, link.url, f"points to {where}"))
                    continue
            else:
                target = site / rel
            fragment = unquote(parts.fragment)
            if fragment and target.suffix == ".html":
                target_rel = target.relative_to(site).as_posix()
                ids = pages[target_rel].ids if target_rel in pages else read(target).ids
                if fragment not in ids:
                    found.append((rel, link.url, f"points to '#{fragment}', which is not on {target_rel}"))
    return found
