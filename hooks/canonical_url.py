"""Every page's canonical address is its published one, with directory URLs.

The offline copy turns directory URLs off so that pages open as files, and
MkDocs then gives each page a canonical address ending in `.html`, which the
published site does not serve. This keeps every address a reader may copy or
print (canonical link, link previews, share button, printed footer) pointing
at the page on the published site.
"""

from __future__ import annotations

from urllib.parse import urljoin


def directory_url(url: str) -> str:
    """`x.html` -> `x/`, `x/index.html` -> `x/`, `index.html` -> `` (directory URLs unchanged)."""
    if url == "index.html" or url.endswith("/index.html"):
        return url[: -len("index.html")]
    if url.endswith(".html"):
        return url[: -len(".html")] + "/"
    return url


def on_pre_page(page, config, files):
    if config.site_url and not config.use_directory_urls:
        base = config.site_url if config.site_url.endswith("/") else config.site_url + "/"
        page.canonical_url = urljoin(base, directory_url(page.url))
    return page
