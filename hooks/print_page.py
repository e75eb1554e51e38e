"""Finish the print-site page (the whole guide on one page, printed to the PDF)
after print-site writes it (hooks run after plugins), before hooks/html_check.py
checks every link on it.

- print-site gives each page's ids a page prefix so they stay unique on the
  combined page, and rewrites links to match. It misses ids on inline tags
  that follow another tag on the same line (footnote markers, `<sup
  id="fnref:…">`), so the footnotes' "jump back" links would point nowhere.
  This hook renames those ids.
- Search engines are asked not to list the combined page.
- print-site's script, which builds the page's contents list, is loaded there
  only: the plugin adds it to every page (about 1 KB on each first visit).
"""

from __future__ import annotations

import re
from pathlib import Path

from mkdocs.utils import get_relative_url

PAGE_SECTION = re.compile(r'<section class="print-page" id="([^"]+)"')
LOCAL_HREF = re.compile(r'href="#([^"]+)"')
ID = re.compile(r'\bid="([^"]+)"')
SCRIPT = "js/print-site.js"


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


def on_post_build(config):
    plugin = config.plugins.get("print-site")
    if plugin is None or not plugin.config.get("enabled"):
        return
    page = plugin.print_page
    path = Path(page.file.abs_dest_path)
    if path.is_file():
        html = fix_ids(path.read_text(encoding="utf-8"))
        # The PDF's source repeats every page; search engines should list the pages themselves.
        html = html.replace("<head>", '<head>\n<meta name="robots" content="noindex">', 1)
        script = get_relative_url(SCRIPT, page.file.url)
        html = html.replace("</body>", f'<script src="{script}"></script>\n</body>', 1)
        path.write_text(html, encoding="utf-8")
