"""The guide's edition date: the newest `last_reviewed` date of any page.

Derived from the pages' front matter, so there is nothing to keep in step:
reviewing any page makes a new edition (PDF cover, offline copy's name).
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*\n", re.DOTALL)

DESCRIPTION_MAX = 160
REQUIRED = ("title", "description", "last_reviewed", "next_review")


def as_date(value) -> datetime.date | None:
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
        dates[key] = as_date(meta[key])
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


def edition_date(docs: Path = ROOT / "docs") -> datetime.date:
    dates = []
    for page in sorted(docs.rglob("*.md")):
        match = FRONT_MATTER.match(page.read_text(encoding="utf-8"))
        meta = yaml.safe_load(match.group(1)) if match else None
        value = (meta or {}).get("last_reviewed")
        if isinstance(value, datetime.date):
            dates.append(value)
    if not dates:
        raise ValueError(f"no page in {docs} has a last_reviewed date")
    return max(dates)


if __name__ == "__main__":
    print(edition_date().isoformat())
