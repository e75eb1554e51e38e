"""Check every page's front matter and expose its review dates to the templates.

Each page must say what it is (title, description) and when it was last
reviewed and is next due. A missing or malformed field logs a warning that
names the file, so `mkdocs build --strict` stops before anything is published.
"""

from __future__ import annotations

import datetime
import logging
import re

log = logging.getLogger("mkdocs.hooks.page_meta")

DESCRIPTION_MAX = 160
REQUIRED = ("title", "description", "last_reviewed", "next_review")
IMG_TAG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
ALT_ATTR = re.compile(r"""\balt\s*=\s*(["'])(.*?)\1""", re.IGNORECASE | re.DOTALL)


def _as_date(value) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def problems(meta: dict, today: datetime.date) -> list[str]:
    """Return what is wrong with one page's front matter, in plain words."""
    found = []
    for key in REQUIRED:
        if meta.get(key) in (None, ""):
            found.append(f"front matter is missing '{key}'")
    description = meta.get("description")
    if isinstance(description, str) and len(description) > DESCRIPTION_MAX:
        found.append(
            f"'description' is {len(description)} characters; the limit is {DESCRIPTION_MAX}"
        )
    dates = {}
    for key in ("last_reviewed", "next_review"):
        if meta.get(key) in (None, ""):
            continue
        dates[key] = _as_date(meta[key])
        if dates[key] is None:
            found.append(f"'{key}' is {meta[key]!r}, not a date in the form YYYY-MM-DD")
    last, due = dates.get("last_reviewed"), dates.get("next_review")
    if last and last > today:
        found.append(f"'last_reviewed' ({last}) is in the future")
    if last and due and due <= last:
        found.append(f"'next_review' ({due}) must come after 'last_reviewed' ({last})")
    if due and due < today:
        found.append(f"the review was due on {due}: review the page, then update both dates")
    return found


def on_page_markdown(markdown, page, config, files):
    for problem in problems(page.meta, datetime.date.today()):
        log.warning("%s: %s", page.file.src_uri, problem)
    for key in ("last_reviewed", "next_review"):
        date = _as_date(page.meta.get(key))
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
