"""Citations: `[@key]` in a page becomes a numbered footnote built from
includes/references.yml, and `<!-- references -->` becomes the full list.

One source for every reference: the markers, their tooltips, the per-page
"Sources" list and the References page all come from the same entry.
An unknown key, a malformed entry or a reference nothing cites logs a
warning naming the file, so `mkdocs build --strict` stops.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

import yaml

log = logging.getLogger("mkdocs.hooks.citations")

SOURCE = Path("includes/references.yml")
CITATION = re.compile(r"\[((?:@[\w-]+\s*;?\s*)+)\]")
KEY = re.compile(r"@([\w-]+)")
LIST_MARKER = "<!-- references -->"
REQUIRED = ("authors", "year", "title", "published")
IDENTIFIER_FORMS = {
    "doi": re.compile(r"^10\.\d{4,9}/\S+$"),
    "pmid": re.compile(r"^\d{5,9}$"),
    "pmcid": re.compile(r"^PMC\d+$"),
    "url": re.compile(r"^https?://\S+$"),
}

_references: dict[str, dict] = {}
_cited: dict[str, set[str]] = {}
_source_path: Path = SOURCE


def load(path: Path) -> tuple[dict[str, dict], list[str]]:
    """Read the references file; return the entries and any problems found."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        return {}, [f"cannot read it: {error}"]
    if not isinstance(data, dict):
        return {}, ["it must be a mapping of reference keys to entries"]
    problems = []
    for key, entry in data.items():
        if not isinstance(entry, dict):
            problems.append(f"reference '{key}' must be a mapping")
            continue
        for field in REQUIRED:
            if not entry.get(field):
                problems.append(f"reference '{key}' is missing '{field}'")
        for field, form in IDENTIFIER_FORMS.items():
            value = entry.get(field)
            if value is not None and not form.match(str(value)):
                problems.append(f"reference '{key}' has a malformed {field}: {value!r}")
    return data, problems


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


def short_text(key: str, entry: dict, page_src: str) -> str:
    """The footnote shown under the page and as the marker's tooltip.

    No italics: they would make most pages load the italic font for the notes alone.
    """
    authors = entry["authors"]
    # Authors are a comma-separated list; an organisation or a note in brackets is kept whole.
    if "," in authors and not authors.startswith("Authors not recorded"):
        first_author = authors.split(",")[0] + " and others"
    else:
        first_author = authors.split(" (")[0]
    title = entry["title"].rstrip(".")
    depth = page_src.count("/")
    target = "../" * depth + "references.md"
    return (
        f"{first_author} ({entry['year']}). {title}. {entry['published']}. "
        f"[Full reference]({target}#ref-{key})"
    )


def on_config(config):
    global _references, _source_path
    _source_path = Path(config.config_file_path).parent / SOURCE
    _references, problems = load(_source_path)
    for problem in problems:
        log.warning("%s: %s", SOURCE, problem)
    _cited.clear()
    return config


def on_page_markdown(markdown, page, config, files):
    src = page.file.src_uri
    keys_in_order: list[str] = []

    def replace(match: re.Match) -> str:
        markers = []
        for key in KEY.findall(match.group(1)):
            if key not in _references:
                log.warning("%s: unknown citation key '@%s' (not in %s)", src, key, SOURCE)
                continue
            _cited.setdefault(key, set()).add(src)
            if key not in keys_in_order:
                keys_in_order.append(key)
            markers.append(f"[^{key}]")
        # A separator, or markers side by side read as one number ("5" "3" as "53").
        return "<sup>,</sup>".join(markers)

    markdown = CITATION.sub(replace, markdown)
    if keys_in_order:
        notes = "\n".join(f"[^{k}]: {short_text(k, _references[k], src)}" for k in keys_in_order)
        markdown += f"\n\n## Sources for this page\n\n///Footnotes Go Here///\n\n{notes}\n"
    if LIST_MARKER in markdown:
        markdown = markdown.replace(LIST_MARKER, reference_list())
    return markdown


def reference_list() -> str:
    def sort_key(item):
        return (item[1]["authors"].lower(), str(item[1]["year"]))

    items = [
        f'<li id="ref-{key}" markdown>{full_text(entry)}</li>'
        for key, entry in sorted(_references.items(), key=sort_key)
    ]
    return '<ol class="references" markdown>\n' + "\n".join(items) + "\n</ol>"


def on_post_build(config):
    for key in _references:
        if key not in _cited:
            log.warning("%s: reference '%s' is not cited on any page", SOURCE, key)
