"""The guide's Markdown features work in plain Python-Markdown, with no MkDocs:
any Python-Markdown based engine can build the pages."""

from __future__ import annotations

import re
import subprocess
import sys

import markdown
import pytest

from conftest import ROOT
from guide_markdown.citations import ranges

REFERENCES = """
smith2020:
  authors: Smith A, Jones B
  year: 2020
  title: A trial
  published: Journal 1(1)
jones2019:
  authors: Jones B
  year: 2019
  title: A review
  published: Journal 2(2)
  doi: 10.1000/xyz
brown2018:
  authors: Brown C
  year: 2018
  title: A third
  published: Journal 3(3)
green2017:
  authors: Green D
  year: 2017
  title: A fourth
  published: Journal 4(4)
white2016:
  authors: White E
  year: 2016
  title: A fifth
  published: Journal 5(5)
"""
GLOSSARY = """
- term: scalp
  definition: The skin on the top of your head.
"""


@pytest.fixture
def render(tmp_path):
    (tmp_path / "references.yml").write_text(REFERENCES, encoding="utf-8")
    (tmp_path / "glossary.yml").write_text(GLOSSARY, encoding="utf-8")

    def convert(text: str) -> str:
        return markdown.markdown(text, extensions=[
            "abbr", "attr_list", "def_list", "footnotes", "md_in_html", "pymdownx.tasklist",
            "guide_markdown.citations", "guide_markdown.glossary", "guide_markdown.task_lists",
        ], extension_configs={
            "guide_markdown.citations": {"references": tmp_path / "references.yml", "references_page": "refs.html"},
            "guide_markdown.glossary": {"glossary": tmp_path / "glossary.yml"},
        })

    return convert


def test_the_extensions_import_no_mkdocs():
    code = ("import sys, guide_markdown.citations, guide_markdown.glossary, guide_markdown.task_lists; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'mkdocs'))")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_citations_are_numbered_in_order_of_first_use_with_the_sources_below(render):
    html = render("Needles help [@jones2019]. Maybe [@smith2020; @jones2019].")
    markers = re.findall(r'class="footnote-ref" href="#fn:([\w-]+)">(\d+)<', html)
    assert markers == [("jones2019", "1"), ("jones2019", "1"), ("smith2020", "2")]
    assert "<h2>Sources for this page</h2>" in html
    assert 'href="refs.html#ref-jones2019">Full reference</a>' in html
    assert "Smith A and others (2020). A trial. Journal 1(1)." in html


def shown_markers(html: str) -> list[str]:
    """What a reader sees of each citation marker: its superscript's text."""
    return [re.sub(r"<[^>]+>", "", sup) for sup in re.findall(r"<sup[^>]*>(.*?)</sup>", html) if "footnote-ref" in sup]


@pytest.mark.parametrize(("numbers", "expected"), [
    ([7, 2, 4, 3], [(2, 4), (7, 7)]),
    ([8, 6], [(6, 6), (8, 8)]),
    ([2, 3], [(2, 2), (3, 3)]),
    ([5, 1, 2, 3, 4, 4], [(1, 5)]),
    ([1, 2, 3, 5, 6, 7], [(1, 3), (5, 7)]),
])
def test_numbers_are_sorted_with_three_or_more_in_a_row_as_one_range(numbers, expected):
    assert ranges(numbers) == expected


def test_a_cluster_shows_its_numbers_sorted_with_ranges_collapsed(render):
    html = render("One [@smith2020]. Two [@jones2019]. Three [@brown2018]. Four [@green2017]. Five [@white2016].\n\n"
                  "Both [@jones2019; @smith2020]. Four [@green2017; @jones2019; @brown2018; @white2016]. "
                  "Five [@white2016; @smith2020; @brown2018; @green2017; @jones2019].")
    assert shown_markers(html) == ["1", "2", "3", "4", "5", "1,2", "2–5", "1–5"]


def test_every_source_in_a_range_keeps_the_id_its_way_back_points_to(render):
    html = render("All [@white2016; @green2017; @brown2018; @jones2019; @smith2020].")
    assert shown_markers(html) == ["1–5"]
    backrefs = re.findall(r'class="footnote-backref" href="#([^"]+)"', html)
    assert len(backrefs) == 5
    for target in backrefs:
        assert f'id="{target}"' in html
    # Only the ends of the range are numbers to follow; each still links to its source.
    assert re.findall(r'<a class="footnote-ref" href="#fn:([\w-]+)">', html) == ["white2016", "smith2020"]


def test_a_citation_of_an_unknown_key_is_left_as_written(render):
    assert "[@nobody2000]" in render("Claim [@nobody2000].")


def test_the_reference_list_takes_the_place_of_its_marker(render):
    html = render("<!-- references -->")
    assert html.index('id="ref-jones2019"') < html.index('id="ref-smith2020"')
    assert 'href="https://doi.org/10.1000/xyz"' in html


def test_a_term_is_marked_at_its_first_use_in_the_text_only(render):
    html = render("# Your scalp\n\nThe scalp heals. The scalp again.")
    assert html.count("<abbr") == 1
    assert '<h1>Your scalp</h1>' in html


def test_a_marked_term_is_a_keyboard_stop_described_by_its_hidden_definition(render):
    html = render("The scalp heals.")
    assert ('<abbr aria-describedby="def-scalp" class="term" tabindex="0">scalp</abbr>'
            '<span hidden="hidden" id="def-scalp">The skin on the top of your head.</span> heals.') in html
    # No title: it would be read as the term's name instead of the word itself.
    assert "title=" not in html


def test_the_glossary_list_takes_the_place_of_its_marker_without_tooltips(render):
    html = render("<!-- glossary -->\n\nThe scalp.")
    assert '<dt id="term-scalp">Scalp</dt>' in html and "<abbr" not in html


def test_a_task_list_checkbox_is_named_by_its_item(render):
    assert 'aria-label="Ask about needle length"' in render("- [ ] Ask about needle length")
