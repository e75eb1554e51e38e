"""Citations: `[@key]` (or `[@a; @b]`) becomes a numbered note built from the
references file, each page lists its sources at its foot, and
`<!-- references -->` becomes the full list, all from the same entries.

    markdown_extensions:
      - guide_markdown.citations:
          references: includes/references.yml
          references_page: /references.md

The notes are Python-Markdown footnotes (the `footnotes` extension), numbered
in order of first citation on the page. Each links to its entry in the full
list at `references_page`, as written in a Markdown link: from the docs folder
here, which MkDocs makes relative (validation.links.absolute_links: relative_to_docs). A citation whose key is not a sound
entry is left as written, for the build to report (`unresolved`); checking the
file is the caller's job too (`references.load(path).problems`).

The steps, each its own function so it can change alone: parse a cluster
(`cluster_keys`), number the page's sources (`PageSources`), write the marker
for a cluster (`marker`, `ClusterTreeprocessor`), the page's source list (`sources_section`) and the
full list (`reference_list`).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown import Extension, Markdown
from markdown.extensions.footnotes import FootnoteExtension
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from guide_markdown import references

CITATION = re.compile(r"\[((?:@[\w-]+\s*;?\s*)+)\]")
KEY = re.compile(r"@([\w-]+)")
LIST_MARKER = "<!-- references -->"
# A page's notes, as the footnotes extension writes them: <li id="fn:KEY">.
NOTE_ID = re.compile(r'<li id="fn:([\w-]+)"')


def cluster_keys(cluster: str) -> list[str]:
    """The keys of one citation, in the order written: '[@a; @b]' -> ['a', 'b']."""
    return KEY.findall(cluster)


class PageSources:
    """The sources one page cites, numbered in order of first citation."""

    def __init__(self) -> None:
        self.keys: list[str] = []

    def cite(self, keys: list[str]) -> list[int]:
        for key in keys:
            if key not in self.keys:
                self.keys.append(key)
        return [self.keys.index(key) + 1 for key in keys]


def ranges(numbers: list[int]) -> list[tuple[int, int]]:
    """Sorted numbers as runs: three or more in a row become one range, so
    [7, 2, 4, 3] reads "2–4, 7"; two in a row stay two ("2, 3")."""
    runs: list[list[int]] = []
    for number in sorted(set(numbers)):
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    found: list[tuple[int, int]] = []
    for run in runs:
        if len(run) >= 3:
            found.append((run[0], run[-1]))
        else:
            found.extend((number, number) for number in run)
    return found


def marker(keys: list[str], numbers: list[int]) -> str:
    """The marker for one cluster: a footnote reference for each source, in the order
    of their numbers on the page (the footnotes' own), each source once. Written side
    by side, they become one marker ("2–4, 7") in `ClusterTreeprocessor`."""
    by_number = dict(sorted(zip(numbers, keys)))
    return "".join(f"[^{key}]" for key in by_number.values())


def sources_section(keys: list[str], entries: dict[str, dict], references_page: str, place_marker: str) -> str:
    """The page's "Sources for this page": one note per source, linking to its full entry."""
    notes = "\n".join(
        f"[^{key}]: {references.short_text(entries[key])} [Full reference]({references_page}#ref-{key})"
        for key in keys
    )
    return f"\n\n## Sources for this page\n\n{place_marker}\n\n{notes}\n"


def reference_list(entries: dict[str, dict]) -> str:
    """Every reference in full, by authors then year; each has the id `ref-KEY`."""
    items = [
        f'<li id="ref-{key}" markdown>{references.full_text(entry)}</li>'
        for key, entry in sorted(entries.items(), key=references.sort_key)
    ]
    return '<ol class="references" markdown>\n' + "\n".join(items) + "\n</ol>"


def cited_keys(html: str) -> list[str]:
    """The keys a page rendered by this extension cites, from its notes."""
    return NOTE_ID.findall(html)


def unresolved(html: str) -> list[str]:
    """Keys of citations left as written, because no sound entry has them."""
    return [key for match in CITATION.finditer(html) for key in cluster_keys(match.group(1))]


def _is_reference(element: etree.Element) -> bool:
    """A footnote reference as the footnotes extension writes it: <sup id="fnref…"><a>N</a></sup>."""
    return (element.tag == "sup" and (element.get("id") or "").startswith("fnref") and len(element) == 1
            and element[0].tag == "a" and (element[0].text or "").isdigit())


def _is_first(reference: etree.Element) -> bool:
    """The page's first citation of its source, where the source list's ↩ points."""
    return reference.get("id", "").startswith("fnref:")


class ClusterTreeprocessor(Treeprocessor):
    """References written side by side become one marker, sorted, ranges collapsed
    ("2–4, 7"): <sup><span id="fnref:a"><a class="footnote-ref" href="#fn:a">2</a></span>–
    <span id="fnref:b"></span><span id="fnref:c"><a …>4</a></span>,<span …>…7…</span></sup>.
    Each number shown stays the footnotes' own link (`a.footnote-ref`). A source's
    first citation keeps its id, where the source list's ↩ points; later ones
    lose theirs, which nothing links to."""

    def run(self, root: etree.Element) -> None:
        for parent in list(root.iter()):
            children = list(parent)
            index = 0
            while index < len(children):
                run = [children[index]] if _is_reference(children[index]) else []
                while (run and not (run[-1].tail or "") and index + len(run) < len(children)
                       and _is_reference(children[index + len(run)])):
                    run.append(children[index + len(run)])
                if len(run) > 1:
                    self.merge(parent, run)
                elif run and not _is_first(run[0]):
                    del run[0].attrib["id"]
                index += max(len(run), 1)

    @staticmethod
    def merge(parent: etree.Element, run: list[etree.Element]) -> None:
        position = list(parent).index(run[0])
        cluster = etree.Element("sup")
        cluster.tail = run[-1].tail
        # Each number's link, in a span with the id where that is the source's first citation.
        by_number: dict[int, etree.Element] = {}
        for sup in run:
            parent.remove(sup)
            sup.tag, sup.tail = "span", None
            by_number.setdefault(int(sup[0].text), sup if _is_first(sup) else sup[0])

        def add(number: int, shown: bool = True) -> None:
            item = by_number[number]
            if not shown:
                if item.tag != "span":
                    return
                item.remove(item[0])
            cluster.append(item)

        for first, end in ranges(list(by_number)):
            if len(cluster):
                cluster[-1].tail = ","
            add(first)
            if end != first:
                cluster[-1].tail = "\u2013"
                for middle in range(first + 1, end):
                    add(middle, shown=False)
                add(end)
        parent.insert(position, cluster)


class CollapsibleSources(Treeprocessor):
    """The page's source list in <details class="page-sources" open>: open without
    JavaScript and on paper, and a phone can fold it away (assets/css/extra.css shows
    the summary on phones only). Its heading stays outside, for the contents list."""

    def run(self, root: etree.Element) -> None:
        for parent in list(root.iter()):
            for index, child in enumerate(list(parent)):
                if child.tag == "div" and "footnote" in (child.get("class") or "").split():
                    count = len(child.findall("./ol/li"))
                    wrapper = etree.Element("details", {"class": "page-sources", "open": "open"})
                    summary = etree.SubElement(wrapper, "summary", {"class": "page-sources__toggle"})
                    summary.text = f"Show or hide the list ({count} source{'' if count == 1 else 's'})"
                    wrapper.tail, child.tail = child.tail, None
                    parent.remove(child)
                    wrapper.append(child)
                    parent.insert(index, wrapper)


# Anything in square brackets with an @ in it, on one line: what a writer means as a citation.
CITATION_LIKE = re.compile(r"\[[^\[\]\n]*@[^\[\]\n]*\]")


def not_understood(text: str) -> list[str]:
    """Citations in a page's text that `CITATION` cannot read ('[see @a]', '[@a, p. 7]',
    '[@a.b]'), as written; those it can read but whose key is unknown are `unresolved`."""
    return list(dict.fromkeys(m.group(0) for m in CITATION_LIKE.finditer(text) if not CITATION.fullmatch(m.group(0))))


class CitationsPreprocessor(Preprocessor):
    def __init__(self, md: Markdown, entries: dict[str, dict], references_page: str, place_marker: str):
        super().__init__(md)
        self.entries = entries
        self.references_page = references_page
        self.place_marker = place_marker

    def run(self, lines: list[str]) -> list[str]:
        text = "\n".join(lines)
        page = PageSources()

        def replace(match: re.Match) -> str:
            keys = cluster_keys(match.group(1))
            if any(key not in self.entries for key in keys):
                return match.group(0)
            return marker(keys, page.cite(keys))

        text = CITATION.sub(replace, text)
        if page.keys:
            text += sources_section(page.keys, self.entries, self.references_page, self.place_marker)
        if LIST_MARKER in text:
            text = text.replace(LIST_MARKER, reference_list(self.entries))
        return text.split("\n")


class CitationsExtension(Extension):
    def __init__(self, **kwargs):
        self.config = {
            "references": ["includes/references.yml", "The references file (YAML)."],
            "references_page": [
                "/references.md",
                "Where the full list is (the page holding <!-- references -->), as a Markdown link target.",
            ],
        }
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:
        footnotes = next((e for e in md.registeredExtensions if isinstance(e, FootnoteExtension)), None)
        if footnotes is None:
            footnotes = FootnoteExtension()
            footnotes.extendMarkdown(md)
        # One way back per source, to where the page first cites it: the footnotes
        # extension adds a ↩ for every citation (eleven in a row for a source cited
        # eleven times), which a reader cannot tell apart and a phone pays to download.
        if "footnote-duplicate" in md.treeprocessors:
            md.treeprocessors.deregister("footnote-duplicate")
        entries = references.load_cached(self.getConfig("references")).entries
        # After snippets are inserted (32) and code blocks set aside (25), before raw HTML is (20).
        md.preprocessors.register(
            CitationsPreprocessor(md, entries, self.getConfig("references_page"), footnotes.getConfig("PLACE_MARKER")),
            "guide_citations", 22,
        )
        # After the footnotes' numbers are written (inline, 20) and their list ordered (19).
        md.treeprocessors.register(ClusterTreeprocessor(md), "guide_citation_clusters", 18)
        # After the footnotes extension puts the list in place (50).
        md.treeprocessors.register(CollapsibleSources(md), "guide_collapsible_sources", 17)


def makeExtension(**kwargs) -> CitationsExtension:
    return CitationsExtension(**kwargs)
