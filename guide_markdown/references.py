"""The guide's sources: includes/references.yml, read and checked.

Pure Python (no Markdown, no MkDocs), so the citations extension, the build's
checks and the tests all read the file the same way.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from guide_markdown.data import read_yaml, when_changed

REQUIRED = ("authors", "year", "title", "published")
IDENTIFIER_FORMS = {
    "doi": re.compile(r"^10\.\d{4,9}/\S+$"),
    "pmid": re.compile(r"^\d{5,9}$"),
    "pmcid": re.compile(r"^PMC\d+$"),
    "url": re.compile(r"^https?://\S+$"),
}


@dataclass
class References:
    path: Path
    entries: dict[str, dict] = field(default_factory=dict)  # the entries that can be cited, by key
    problems: list[str] = field(default_factory=list)  # what is wrong with the file, in plain words
    broken: set[str] = field(default_factory=set)  # keys whose entry has a problem


def entry_problems(key: str, entry) -> list[str]:
    """What is wrong with one entry, in plain words."""
    if not isinstance(entry, dict):
        return [f"reference '{key}' must be a mapping"]
    found = [f"reference '{key}' is missing '{name}'" for name in REQUIRED if not entry.get(name)]
    for name, form in IDENTIFIER_FORMS.items():
        value = entry.get(name)
        if value is not None and not form.match(str(value)):
            found.append(f"reference '{key}' has a malformed {name}: {value!r}")
    return found


def load(path: os.PathLike | str) -> References:
    """Read the references file; keep what is sound and say what is not."""
    data, problems = read_yaml(path, dict, "a mapping of reference keys to entries")
    found = References(Path(path), problems=problems)
    for key, entry in data.items():
        problems = entry_problems(str(key), entry)
        found.problems += problems
        if problems:
            found.broken.add(str(key))
        else:
            found.entries[str(key)] = entry
    return found


load_cached = when_changed(load)


def links(entry: dict) -> list[tuple[str, str]]:
    """The web links for one reference: DOI, PubMed, PMC or the page it was read on."""
    found = []
    if entry.get("doi"):
        found.append((f"doi:{entry['doi']}", f"https://doi.org/{entry['doi']}"))
    if entry.get("pmid"):
        found.append((f"PubMed {entry['pmid']}", f"https://pubmed.ncbi.nlm.nih.gov/{entry['pmid']}/"))
    if entry.get("pmcid"):
        found.append((f"PubMed Central {entry['pmcid']}", f"https://pmc.ncbi.nlm.nih.gov/articles/{entry['pmcid']}/"))
    if entry.get("url") and not found:
        found.append(("Source page", entry["url"]))
    return found


def full_text(entry: dict) -> str:
    """One reference in full, as Markdown."""
    title = entry["title"].rstrip(".")
    text = f"{entry['authors']} ({entry['year']}). {title}. *{entry['published']}*."
    if entry.get("note"):
        text += f" {entry['note']}"
    link_text = " · ".join(f"[{label}]({url})" for label, url in links(entry))
    return f"{text} {link_text}".strip()


def short_text(entry: dict) -> str:
    """The reference in a line: first author, year, title and where it was published.

    No italics: they would make most pages load the italic font for the notes alone.
    """
    authors = entry["authors"]
    # Authors are a comma-separated list; an organisation or a note in brackets is kept whole.
    if "," in authors and not authors.startswith("Authors not recorded"):
        first_author = authors.split(",")[0] + " and others"
    else:
        first_author = authors.split(" (")[0]
    title = entry["title"].rstrip(".")
    return f"{first_author} ({entry['year']}). {title}. {entry['published']}."


def sort_key(item: tuple[str, dict]) -> tuple[str, str]:
    """The References list's order: by authors, then year."""
    return item[1]["authors"].lower(), str(item[1]["year"])
