"""Glossary: one file (includes/glossary.yml) defines each medical term once.

    markdown_extensions:
      - guide_markdown.glossary:
          glossary: includes/glossary.yml

Every term (and each form listed under `also:`, and their capitalised forms)
becomes an abbreviation of Python-Markdown's `abbr` extension, through its own
glossary. Only its first use in a page's text is marked: headings, later uses,
the source notes and the reference list stay plain, so the text is not a sea of
dotted underlines. The marked term is a keyboard stop whose accessible
description is its definition, kept hidden right after it:

    <abbr class="term" tabindex="0" aria-describedby="def-scalp">scalp</abbr><span id="def-scalp" hidden>…</span>

(no `title`: it would become the term's accessible name, read instead of the
word). docs/assets/js/tips.js shows the definition when a reader asks for it.
`<!-- glossary -->` becomes the list of every term (definition-list Markdown,
with an id `term-…` on each), and that page has no tooltips at all.

Checking the file is the caller's job: `load(path)` returns its problems.
"""

from __future__ import annotations

import os
import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass, field
from pathlib import Path

from markdown import Extension, Markdown
from markdown.extensions.abbr import AbbrExtension
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from guide_markdown.data import read_yaml, when_changed

LIST_MARKER = "<!-- glossary -->"
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


@dataclass
class Glossary:
    path: Path
    terms: list[dict] = field(default_factory=list)  # the sound entries, in file order
    problems: list[str] = field(default_factory=list)


def load(path: os.PathLike | str) -> Glossary:
    """Read the glossary; keep what is sound and say what is not."""
    data, problems = read_yaml(path, list, "a list of terms")
    found = Glossary(Path(path), problems=problems)
    seen: dict[str, str] = {}  # every spelling, lower case -> the term that defines it
    for number, entry in enumerate(data, start=1):
        problems = entry_problems(number, entry)
        if problems:
            found.problems += problems
            continue
        term = entry["term"]
        for form in (term, *entry.get("also", [])):
            if form.lower() in seen:
                first = seen[form.lower()]
                where = "" if first == term else f" (by '{first}' and by '{term}')"
                found.problems.append(f"'{form}' is defined twice{where}: keep one entry and delete the other")
            seen.setdefault(form.lower(), term)
        found.terms.append(entry)
    return found


def entry_problems(number: int, entry) -> list[str]:
    """What is wrong with one entry, in plain words."""
    if not isinstance(entry, dict) or not entry.get("term") or not entry.get("definition"):
        return [f"entry {number} needs a 'term' and a 'definition'"]
    term, also, definition = entry["term"], entry.get("also", []), entry["definition"]
    found = []
    if not isinstance(term, str) or not term.strip():
        found.append(f"entry {number}: 'term' must be text, not {term!r} (put it in double quotes)")
        term = f"entry {number}"
    if not isinstance(also, list) or not all(isinstance(form, str) and form.strip() for form in also):
        found.append(f"'{term}': 'also' must be a list of words, such as also: [PRP], not {also!r}")
    if not isinstance(definition, str):
        found.append(f"'{term}': 'definition' must be text (put it in double quotes)")
    elif '"' in definition or "\n" in definition.strip():
        found.append(f"'{term}': keep the definition to one line without double quotes")
    unknown = sorted(set(entry) - {"term", "also", "definition"}, key=str)
    if unknown:
        found.append(f"'{term}': unknown field {', '.join(map(repr, unknown))} (known: term, also, definition)")
    return found


load_cached = when_changed(load)


def variants(entry: dict) -> list[str]:
    """Every spelling a page may use: the term, its listed forms, and capitalised forms."""
    forms = [entry["term"], *entry.get("also", [])]
    forms += [f[0].upper() + f[1:] for f in forms if f[0].islower()]
    return list(dict.fromkeys(forms))


def anchor(term: str) -> str:
    """The id of a term on the Glossary page."""
    return "term-" + re.sub(r"[^a-z0-9]+", "-", term.lower()).strip("-")


def listing(terms: list[dict]) -> str:
    """Every term and its definition, alphabetically, as a definition list."""
    return "\n\n".join(
        f"{e['term'][0].upper() + e['term'][1:]} {{ #{anchor(e['term'])} }}\n:   {e['definition'].strip()}"
        for e in sorted(terms, key=lambda e: e["term"].lower())
    )


class ListingPreprocessor(Preprocessor):
    def __init__(self, md: Markdown, terms: list[dict], page: dict):
        super().__init__(md)
        self.terms = terms
        self.page = page

    def run(self, lines: list[str]) -> list[str]:
        text = "\n".join(lines)
        self.page["is_glossary"] = LIST_MARKER in text
        if not self.page["is_glossary"]:
            return lines
        return text.replace(LIST_MARKER, listing(self.terms)).split("\n")


def _unwrap(parent: etree.Element, child: etree.Element) -> None:
    """Replace an element by its text, keeping the text that follows it."""
    text = (child.text or "") + (child.tail or "")
    index = list(parent).index(child)
    if index:
        before = parent[index - 1]
        before.tail = (before.tail or "") + text
    else:
        parent.text = (parent.text or "") + text
    parent.remove(child)


def _plain_zone(element: etree.Element) -> bool:
    """Headings, the source notes and the reference list carry no tooltips."""
    classes = (element.get("class") or "").split()
    return (element.tag in HEADINGS or (element.tag == "div" and "footnote" in classes)
            or (element.tag == "ol" and "references" in classes))


def definition_id(term: str) -> str:
    """The id of a term's definition on a page that uses it ("def-scalp")."""
    return "def-" + anchor(term).removeprefix("term-")


def _mark(parent: etree.Element, term: etree.Element, ident: str) -> None:
    """Make an abbreviation a focusable term described by its hidden definition."""
    definition = etree.Element("span", {"id": ident, "hidden": "hidden"})
    definition.text = term.attrib.pop("title")
    definition.tail, term.tail = term.tail, None
    term.set("class", "term")
    term.set("tabindex", "0")
    term.set("aria-describedby", ident)
    parent.insert(list(parent).index(term) + 1, definition)


class FirstUseTreeprocessor(Treeprocessor):
    """Mark each definition's first use in the text; make the rest plain."""

    def __init__(self, md: Markdown, page: dict, ids: dict[str, str]):
        super().__init__(md)
        self.page = page
        self.ids = ids  # definition -> id of its hidden copy

    def run(self, root: etree.Element) -> None:
        seen: set[str] = set()

        def walk(parent: etree.Element, plain: bool) -> None:
            for child in list(parent):
                if child.tag == "abbr" and (plain or child.get("title") in seen):
                    _unwrap(parent, child)
                    continue
                if child.tag == "abbr":
                    seen.add(child.get("title"))
                    _mark(parent, child, self.ids[child.get("title")])
                    continue
                walk(child, plain or _plain_zone(child))

        walk(root, self.page.get("is_glossary", False))


class GlossaryExtension(Extension):
    def __init__(self, **kwargs):
        self.config = {"glossary": ["includes/glossary.yml", "The glossary file (YAML)."]}
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:
        terms = load_cached(self.getConfig("glossary")).terms
        abbr = next((e for e in md.registeredExtensions if isinstance(e, AbbrExtension)), None)
        if abbr is None:
            abbr = AbbrExtension()
            abbr.extendMarkdown(md)
        abbr.load_glossary({form: entry["definition"].strip() for entry in terms for form in variants(entry)})
        ids = {entry["definition"].strip(): definition_id(entry["term"]) for entry in terms}
        abbr.reset()
        page: dict = {}
        # After snippets are inserted (32), before raw HTML (the marker is a comment) is set aside (20).
        md.preprocessors.register(ListingPreprocessor(md, terms, page), "guide_glossary", 22)
        # After abbr (7) writes the tooltips, before toc (5) reads the headings.
        md.treeprocessors.register(FirstUseTreeprocessor(md, page, ids), "guide_glossary_first_use", 6)


def makeExtension(**kwargs) -> GlossaryExtension:
    return GlossaryExtension(**kwargs)
