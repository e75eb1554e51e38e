"""Finish the print-site page (the whole guide on one page, printed to the PDF)
after print-site writes it (hooks run after plugins), before hooks/html_check.py
checks every link on it.

- print-site gives each page's ids a page prefix so they stay unique on the
  combined page, and rewrites links to match. It misses ids on inline tags
  that follow another tag on the same line (footnote markers, `<sup
  id="fnref:…">`), so the footnotes' "jump back" links would point nowhere.
  This hook renames those ids.
- Each chapter ends with its review dates (the pages show them from the
  template, which print-site does not use), the cover gets the edition date,
  and a closing page says who made the guide, where it lives and how to
  give feedback (includes/pdf-closing.html), so the print page and the PDF
  say so even when read from the offline copy.
- Search engines are asked not to list the combined page.
- print-site's script, which builds the page's contents list, is loaded there
  only: the plugin adds it to every page (about 1 KB on each first visit).
"""

from __future__ import annotations

import html as html_lib
import logging
import re
from pathlib import Path

import jinja2
from mkdocs.utils import get_relative_url

from guide import facts

log = logging.getLogger("mkdocs.hooks.print_page")

PAGE_SECTION = re.compile(r'<section class="print-page" id="([^"]+)"')
LOCAL_HREF = re.compile(r'href="#([^"]+)"')
ID = re.compile(r'\bid="([^"]+)"')
SCRIPT = "js/print-site.js"
CLOSING_TEMPLATE = Path(__file__).resolve().parent.parent / "includes" / "pdf-closing.html"
EDITION_TIME = "<time data-edition-date></time>"
# print-site closes its pages' container just before its heading styles.
PAGES_END = re.compile(r"</div>(?=<style>\.print-site-enumerate-headings)")


def fix_ids(html: str) -> str:
    """Prefix each id that a link on the page expects prefixed, within its page's section."""
    wanted = set(LOCAL_HREF.findall(html))
    starts = [(m.start(), m.group(1)) for m in PAGE_SECTION.finditer(html)]
    if not starts:
        return html
    parts = [html[: starts[0][0]]]
    for index, (start, key) in enumerate(starts):
        end = starts[index + 1][0] if index + 1 < len(starts) else len(html)

        def rename(match: re.Match, key=key) -> str:
            ident = match.group(1)
            prefixed = f"{key}-{ident}"
            if ident not in wanted and prefixed in wanted:
                return f'id="{prefixed}"'
            return match.group(0)

        parts.append(ID.sub(rename, html[start:end]))
    return "".join(parts)


def on_config(config):
    # After print-site's own on_config (hooks follow plugins), which added the script.
    config.extra_javascript = [script for script in config.extra_javascript if str(script) != SCRIPT]
    return config


def review_dates(meta: dict) -> str:
    """The review dates as a page shows them (overrides/main.html), for the print page.
    A page missing one is already a build error (hooks/page_meta.py); show what it has."""
    shown = [
        f'{label}: <time datetime="{meta[key]}">{meta[key + "_text"]}</time>'
        for key, label in (("last_reviewed", "Page last reviewed"), ("next_review", "Next review due"))
        if meta.get(key + "_text")
    ]
    return f'<p class="pdf-review-dates">{" · ".join(shown)}</p>' if shown else ""


def on_page_content(html, page, config, files):
    # print-site (a plugin, so before this hook) kept the page's HTML as page.html.
    if getattr(page, "html", None):
        page.html += review_dates(page.meta)
    return html


def closing_page(config) -> str:
    template = jinja2.Template(CLOSING_TEMPLATE.read_text(encoding="utf-8"), autoescape=True)
    return template.render(config=config, feedback_url=config.extra.get("feedback_url") or "")


def edition_time(config) -> str:
    edition = facts.edition_date(config)
    text = html_lib.escape(f"{edition.day} {edition:%B %Y}")
    return f'<time data-edition-date datetime="{edition.isoformat()}">{text}</time>'


def on_post_build(config):
    plugin = config.plugins.get("print-site")
    if plugin is None or not plugin.config.get("enabled"):
        return
    page = plugin.print_page
    path = Path(page.file.abs_dest_path)
    if path.is_file():
        html = fix_ids(path.read_text(encoding="utf-8"))
        if EDITION_TIME not in html:
            log.warning("the print page's cover has no %s (includes/pdf-cover.html)", EDITION_TIME)
        html, found = PAGES_END.subn(lambda m: closing_page(config) + m.group(0), html, count=1)
        if not found:
            log.warning("print_page/: no place for the closing page (has print-site changed its layout?)")
        html = html.replace(EDITION_TIME, edition_time(config))
        # The PDF's source repeats every page; search engines should list the pages themselves.
        html = html.replace("<head>", '<head>\n<meta name="robots" content="noindex">', 1)
        script = get_relative_url(SCRIPT, page.file.url)
        html = html.replace("</body>", f'<script src="{script}"></script>\n</body>', 1)
        path.write_text(html, encoding="utf-8")
