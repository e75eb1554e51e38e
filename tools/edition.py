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
