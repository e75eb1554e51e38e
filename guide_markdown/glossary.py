"""Glossary: one file (includes/glossary.yml) defines each medical term once.

Every page gets the definitions as abbreviations, so a term shows its plain
meaning as a tooltip where it is first used in the page's text (headings,
later uses, source notes and the reference list stay plain, so the text is
not a sea of dotted underlines); the Glossary page gets the same definitions as a list in place
of `<!-- glossary -->`.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

import yaml

log = logging.getLogger("mkdocs.hooks.glossary")

SOURCE = Path("includes/glossary.yml")
LIST_MARKER = "<!-- glossary -->"
ABBR = re.compile(r'<abbr title="([^"]*)">(.*?)</abbr>', re.DOTALL)
# Headings, source notes and the reference list stay plain.
NO_TOOLTIPS = re.compile(
    r'<h([1-6])\b.*?</h\1>|<div class="footnote">.*|<ol class="references">.*?</ol>', re.DOTALL
)

_terms: list[dict] = []


def load(path: Path) -> tuple[list[dict], list[str]]:
    """Read the glossary; return its terms and any problems found."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        return [], [f"cannot read it: {error}"]
    if not isinstance(data, list):
        return [], ["it must be a list of terms"]
    problems, seen = [], set()
    for number, entry in enumerate(data, start=1):
        if not isinstance(entry, dict) or not entry.get("term") or not entry.get("definition"):
            problems.append(f"entry {number} needs a 'term' and a 'definition'")
            continue
        term = entry["term"]
        if term.lower() in seen:
            problems.append(f"'{term}' is defined twice")
        seen.add(term.lower())
        if '"' in entry["definition"] or "\n" in entry["definition"].strip():
            problems.append(f"'{term}': keep the definition to one line without double quotes")
    return data, problems


def variants(entry: dict) -> list[str]:
    """Every spelling a page may use: the term, its listed forms, and capitalised forms."""
    forms = [entry["term"], *entry.get("also", [])]
    forms += [f[0].upper() + f[1:] for f in forms if f[0].islower()]
    return list(dict.fromkeys(forms))


def anchor(term: str) -> str:
    return "term-" + re.sub(r"[^a-z0-9]+", "-", term.lower()).strip("-")


def on_config(config):
    global _terms
    _terms, problems = load(Path(config.config_file_path).parent / SOURCE)
    for problem in problems:
        log.warning("%s: %s", SOURCE, problem)
    return config


def on_page_markdown(markdown, page, config, files):
    if LIST_MARKER in markdown:
        entries = sorted(_terms, key=lambda e: e["term"].lower())
        listing = "\n\n".join(
            f"{e['term'][0].upper() + e['term'][1:]} {{ #{anchor(e['term'])} }}\n:   {e['definition'].strip()}"
            for e in entries
        )
        markdown = markdown.replace(LIST_MARKER, listing)
    # One definition per paragraph: a single long block is re-scanned line by line
    # by Markdown, which doubled the build time.
    abbreviations = "\n\n".join(
        f"*[{form}]: {entry['definition'].strip()}" for entry in _terms for form in variants(entry)
    )
    return f"{markdown}\n\n{abbreviations}\n"


def on_page_content(html, page, config, files):
    def plain(match: re.Match) -> str:
        return ABBR.sub(r"\2", match.group(0))

    if page.file.src_uri == "glossary.md":
        return ABBR.sub(r"\2", html)
    html = NO_TOOLTIPS.sub(plain, html)
    seen: set[str] = set()

    def first_use_only(match: re.Match) -> str:
        if match.group(1) in seen:
            return match.group(2)
        seen.add(match.group(1))
        return match.group(0)

    return ABBR.sub(first_use_only, html)
