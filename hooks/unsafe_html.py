"""No page runs code or loads another site's page: raw HTML in a page may not
hold <script>, <iframe>, <object>, <embed>, <form>, <base> or <meta>, an event
handler attribute (onclick=…) or a javascript: address. Each logs a warning
naming the page and the element, so `mkdocs build --strict` stops. (The
Content-Security-Policy in overrides/main.html would block most of these in
the browser; this says so at build time, where the writer can fix it.)
"""

from __future__ import annotations

import logging
from html.parser import HTMLParser

log = logging.getLogger("mkdocs.hooks.unsafe_html")

REFUSED_ELEMENTS = {"script", "iframe", "frame", "object", "embed", "form", "base", "meta", "applet"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "xlink:href", "poster"}


class _Finder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in REFUSED_ELEMENTS:
            self.found.append(f"<{tag}> is not allowed in a page (it can run code or show another site): remove it")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=…>: event handlers are not allowed in a page (they run code): "
                                  f"remove {name}=")
            elif name in URL_ATTRIBUTES and "".join((value or "").split()).lower().startswith(("javascript:", "vbscript:")):
                self.found.append(f"<{tag} {name}=\"javascript:…\">: javascript: addresses are not allowed in a "
                                  "page (they run code): link to a page instead")


def problems(html: str) -> list[str]:
    finder = _Finder()
    finder.feed(html)
    finder.close()
    return finder.found


def on_page_content(html, page, config, files):
    for problem in dict.fromkeys(problems(html)):
        log.warning("%s: %s", page.file.src_uri, problem)
    return html
