"""No Markdown is left on show: after a page is built, a citation the citations
extension did not understand (`[see @key]`, `[@key, p. 7]`) or a reference-style
link with no target (`[text][name]`) would reach readers as brackets. Each logs a
warning naming the page, so `mkdocs build --strict` stops. (Unknown citation
keys are reported by hooks/sources_check.py.)
"""

from __future__ import annotations

import logging
import re
from html.parser import HTMLParser

from guide_markdown import citations

log = logging.getLogger("mkdocs.hooks.leftover_markup")

# [text][name] and [text][] that Python-Markdown left as written: no [name]: address for it.
REFERENCE_LINK = re.compile(r"\[[^\[\]\n]+\]\[[^\[\]\n]*\]")
CODE = {"code", "pre", "script", "style", "kbd", "samp"}


class _Text(HTMLParser):
    """The page's text as a reader sees it, without code (where brackets are meant)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.in_code = 0

    def handle_starttag(self, tag, attrs):
        self.in_code += tag in CODE

    def handle_endtag(self, tag):
        self.in_code -= tag in CODE and self.in_code > 0

    def handle_data(self, data):
        if not self.in_code:
            self.parts.append(data)


def page_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts)


def on_page_content(html, page, config, files):
    text = page_text(html)
    for written in citations.not_understood(text):
        log.warning("%s: the citation '%s' is not understood: write [@key] or [@key1; @key2] with keys from "
                    "the references file (letters, digits and hyphens), and put words and page numbers "
                    "outside the brackets", page.file.src_uri, written)
    for written in dict.fromkeys(REFERENCE_LINK.findall(text)):
        log.warning("%s: the link '%s' has no address: write [text](page.md), or define [%s]: followed by "
                    "the address", page.file.src_uri, written, written.rsplit("[", 1)[1].rstrip("]") or "text")
    return html
