"""Check every page's front matter and expose its review dates to the templates.

Each page must say what it is (title, description) and when it was last
reviewed and is next due. A missing or malformed field logs a warning that
names the file, so `mkdocs build --strict` stops before anything is published.
"""

from __future__ import annotations

import datetime
import logging
import re

from guide.facts import as_date, front_matter_problems

log = logging.getLogger("mkdocs.hooks.page_meta")

IMG_TAG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
ALT_ATTR = re.compile(r"""\balt\s*=\s*(["'])(.*?)\1""", re.IGNORECASE | re.DOTALL)


def on_page_markdown(markdown, page, config, files):
    for problem in front_matter_problems(page.meta, datetime.date.today()):
        log.warning("%s: %s", page.file.src_uri, problem)
    for key in ("last_reviewed", "next_review"):
        date = as_date(page.meta.get(key))
        if date:
            page.meta[key] = date
            page.meta[f"{key}_text"] = f"{date.day} {date:%B %Y}"
    return markdown


def on_page_content(html, page, config, files):
    for tag in IMG_TAG.findall(html):
        alt = ALT_ATTR.search(tag)
        if not alt or not alt.group(2).strip():
            log.warning("%s: an image has no alt text: %s", page.file.src_uri, tag[:120])
    return html
