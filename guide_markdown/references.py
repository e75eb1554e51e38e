"""The guide's sources: includes/references.yml, read and checked.

Pure Python (no Markdown, no MkDocs), so the citations extension, the build's
checks and the tests all read the file the same way.
"""

from __future__ import annotations

import datetime
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from guide_markdown.data import read_yaml, when_changed

REQUIRED = ("authors", "year", "title", "published")
TEXT_FIELDS = ("authors", "title", "published", "note")
# Each identifier as it must be written, and an example to copy.
IDENTIFIER_FORMS = {
    "doi": (re.compile(r"^10\.\d{4,9}/\S+$"), "10.4103/0974-7753.114700"),
    "pmid": (re.compile(r"^\d{5,9}$"), '"23960389"'),
    "pmcid": (re.compile(r"^PMC\d+$"), "PMC3746236"),
    "url": (re.compile(r"^https://[^\s/]+\.[^\s/]+\S*$"), "https://www.example.org/page"),
}
# `unverified`: identifiers seen only on an aggregator, kept for the next reviewer, never published.
KNOWN_FIELDS = (*REQUIRED, "note", *IDENTIFIER_FORMS, "unverified")
# What to write instead of a year when a source gives none (it shows in brackets after the authors).
NO_YEAR = ("undated", "year not recorded")


@dataclass
class References:
    path: Path
    entries: dict[str, dict] = field(default_factory=dict)  # the entries that can be cited, by key
    problems: list[str] = field(default_factory=list)  # what is wrong with the file, in plain words
    broken: set[str] = field(default_factory=set)  # keys whose entry has a problem
    readable: bool = True  # False when the file itself could not be read: no entry is known


def entry_problems(key: str, entry, this_year: int | None = None) -> list[str]:
    """What is wrong with one entry, in plain words, each saying what to write instead."""
    if not isinstance(entry, dict):
        return [f"reference '{key}' must be a mapping of fields (authors, year, title, published)"]
    this_year = this_year or datetime.date.today().year
    found = [f"reference '{key}' is missing '{name}'" for name in REQUIRED if entry.get(name) in (None, "")]
    for name in sorted(set(entry) - set(KNOWN_FIELDS), key=str):
        found.append(f"reference '{key}' has an unknown field '{name}' (known: {', '.join(KNOWN_FIELDS)})")
    for name in TEXT_FIELDS:
        value = entry.get(name)
        if value in (None, ""):
            continue
        if isinstance(value, list) and name == "authors":
            found.append(f"reference '{key}': write 'authors' on one line, separated by commas "
                         f"(authors: Chu S, Mehrmal S), not as a list")
        elif not isinstance(value, str) or not value.strip():
            found.append(f"reference '{key}': '{name}' must be text, not {value!r} (put it in double quotes)")
    year = entry.get("year")
    if year not in (None, "", *NO_YEAR):
        if isinstance(year, str) and re.fullmatch(r"\d{4}", year.strip()):
            found.append(f"reference '{key}': 'year' is {year!r} in quotes; write it without quotes: year: {year.strip()}")
        elif isinstance(year, bool) or not isinstance(year, int) or not 1000 <= year <= 9999:
            found.append(f"reference '{key}': 'year' is {year!r}; write the year in four digits, such as 2024 "
                         f"(or '{NO_YEAR[0]}')")
        elif year > this_year:
            found.append(f"reference '{key}': 'year' is {year}, after this year ({this_year})")
    unverified = entry.get("unverified")
    if unverified is not None and not isinstance(unverified, dict):
        found.append(f"reference '{key}': 'unverified' must be a mapping, such as {{pmid: \"30886475\"}}")
    for name, (form, example) in IDENTIFIER_FORMS.items():
        for where, fields in (("", entry), ("unverified ", unverified if isinstance(unverified, dict) else {})):
            value = fields.get(name)
            if value is not None and not form.match(str(value)):
                found.append(f"reference '{key}' has a malformed {where}{name}: {value!r} (write it like {example})")
    return found


def load(path: os.PathLike | str) -> References:
    """Read the references file; keep what is sound and say what is not."""
    data, problems = read_yaml(path, dict, "a mapping of reference keys to entries")
    found = References(Path(path), problems=problems, readable=not problems)
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
