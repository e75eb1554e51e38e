"""Check every page's front matter (guide/facts.py) and expose its review dates to the templates.

Each page must say what it is (title, description) and when it was last
reviewed and is next due. A missing or malformed field logs a warning that
names the file, so `mkdocs build --strict` stops before anything is published.
The sitemap gives each page's last review as its date, not the build's.
"""

from __future__ import annotations

import datetime
import logging

from guide.facts import as_date, front_matter_problems, front_matter_text_problems

log = logging.getLogger("mkdocs.hooks.page_meta")


def on_page_markdown(markdown, page, config, files):
    # A block MkDocs could not read leaves page.meta empty: say why, not that every field is missing.
    problems = front_matter_text_problems(page.file.content_string)
    for problem in problems or front_matter_problems(page.meta, datetime.date.today()):
        log.warning("%s: %s", page.file.src_uri, problem)
    for key in ("last_reviewed", "next_review"):
        date = as_date(page.meta.get(key))
        if date:
            page.meta[key] = date
            page.meta[f"{key}_text"] = f"{date.day} {date:%B %Y}"
    if as_date(page.meta.get("last_reviewed")):
        page.update_date = page.meta["last_reviewed"].isoformat()
    return markdown
