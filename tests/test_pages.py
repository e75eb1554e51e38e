"""Every page of the guide, checked one by one in the publishing build.

Each test is parametrised over the nav, with the page's source path as the
test id, so a failure names the page.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from urllib.parse import quote

import pytest
from bs4 import BeautifulSoup

from conftest import CONFIG, FEEDBACK_URL, NAV, NAV_SOURCES, ROOT, built_path
from guide import facts
from guide_markdown import glossary, references
from tools.readability import TARGET_GRADE, grade, main_text

# Words that keep their capital inside a sentence-case heading.
PROPER_NOUNS = {
    "I", "US", "FDA", "NHS", "PRP", "PubMed", "PMC", "Jadad", "DOI", "PMID", "PDF",
    "Food", "Drug", "Administration", "America", "American", "UK", "Europe",
    "India", "China", "Iran", "Indonesia", "Pakistan", "Egypt", "Chinese", "Indian",
}
REFERENCES = references.load(facts.references_file(CONFIG))
# Pages whose main text is about the guide itself, not about treatment.
NOT_CLINICAL = {"references.md", "about.md"}


def front_matter(src: str) -> dict:
    return facts.front_matter(CONFIG, src)


def soup_of(site: Path, src: str) -> BeautifulSoup:
    return BeautifulSoup((site / built_path(src)).read_text(encoding="utf-8"), "html.parser")


def article(soup: BeautifulSoup):
    found = soup.select_one("article.md-content__inner")
    assert found is not None, "the page has no article element"
    return found


pages = pytest.mark.parametrize("src", NAV_SOURCES)


def test_every_markdown_file_is_in_the_nav():
    on_disk = sorted(p.relative_to(ROOT / "docs").as_posix() for p in (ROOT / "docs").rglob("*.md"))
    assert sorted(NAV_SOURCES) == on_disk


@pages
def test_page_has_exactly_one_h1_matching_its_title(site, src):
    headings = article(soup_of(site, src)).find_all("h1")
    assert len(headings) == 1, f"{len(headings)} h1 headings"
    title = front_matter(src)["title"]
    assert headings[0].get_text(" ", strip=True).replace("¶", "").strip() == title


@pages
def test_page_shows_when_it_was_reviewed_and_is_next_due(site, src):
    meta = front_matter(src)
    box = soup_of(site, src).select_one("article .review-dates")
    assert box is not None, "no review dates next to the content"
    text = box.get_text(" ", strip=True)
    last, due = meta["last_reviewed"], meta["next_review"]
    assert f"Page last reviewed: {last.day} {last:%B %Y}" in text
    assert f"Next review due: {due.day} {due:%B %Y}" in text
    assert "does not replace advice" in text


@pages
def test_page_offers_a_way_to_report_a_mistake_in_the_same_place(site, src):
    link = soup_of(site, src).select_one("article .review-dates .feedback a")
    assert link is not None, "no feedback link under the review dates"
    title = front_matter(src)["title"]
    assert link["href"] == f"{FEEDBACK_URL}?title=" + quote(f"Feedback on: {title}")


@pages
def test_headings_do_not_skip_levels(site, src):
    levels = [int(h.name[1]) for h in article(soup_of(site, src)).find_all(re.compile(r"^h[1-6]$"))]
    assert levels and levels[0] == 1
    for before, after in zip(levels, levels[1:]):
        assert after <= before + 1, f"heading levels jump from h{before} to h{after}: {levels}"


@pages
def test_headings_are_in_sentence_case(site, src):
    for heading in article(soup_of(site, src)).find_all(re.compile(r"^h[1-6]$")):
        words = re.findall(r"[A-Za-z][A-Za-z'’-]*", heading.get_text(" ", strip=True).replace("¶", ""))
        for word in words[1:]:
            if word[0].isupper() and not word.isupper() and word not in PROPER_NOUNS:
                pytest.fail(f"'{word}' is capitalised in the heading '{heading.get_text(strip=True)}'")


@pages
def test_main_text_reads_at_grade_8_or_below(site, src):
    html = (site / built_path(src)).read_text(encoding="utf-8")
    assert main_text(html), "no main text found"
    assert grade(html) <= TARGET_GRADE


@pytest.mark.parametrize("src", [src for src in NAV_SOURCES if src not in NOT_CLINICAL])
def test_every_number_about_treatment_carries_a_citation(site, src):
    """A number in the text is a claim: the sentence block holding it cites its source."""
    body = article(soup_of(site, src))
    for element in body.select(".review-dates, .footnote, .md-source-file, h1, h2, h3, h4, .no-citation"):
        element.decompose()
    uncited = []
    for block in body.select("p, li, tr"):
        if block.find(["p", "li"]):
            continue
        text = block.get_text(" ", strip=True)
        if re.search(r"\d", re.sub(r"\bPDF\b.*?\b[KM]B\b|\bgrade \d\b", "", text)) and not block.select("a.footnote-ref"):
            uncited.append(text[:100])
    assert not uncited, "numbers without a citation:\n" + "\n".join(uncited)


@pages
def test_no_sentence_is_copied_from_the_source_article(site, src):
    fingerprints = {
        line.strip()
        for line in (ROOT / "tests/data/article-shingles.txt").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    }
    words = re.findall(r"[a-z0-9']+", main_text((site / built_path(src)).read_text(encoding="utf-8")).lower())
    copied = [
        " ".join(words[i:i + 8])
        for i in range(len(words) - 7)
        if hashlib.sha256(" ".join(words[i:i + 8]).encode()).hexdigest()[:16] in fingerprints
    ]
    assert not copied, f"runs of 8 words copied from the article: {copied[:5]}"


def test_nav_lists_the_pages_in_order(site):
    soup = soup_of(site, "index.md")
    labels = [a.get_text(" ", strip=True) for a in soup.select("nav.md-nav--primary > ul > li > a")]
    assert labels == [title for title, _ in NAV]


def test_every_reference_appears_on_the_references_page(site):
    soup = soup_of(site, "references.md")
    listed = {li["id"] for li in soup.select("ol.references li[id]")}
    assert listed == {f"ref-{key}" for key in REFERENCES.entries}


def test_unverified_identifiers_are_never_published(site):
    unverified = [str(v) for entry in REFERENCES.entries.values() for v in (entry.get("unverified") or {}).values()]
    assert unverified, "expected some identifiers held back as unverified"
    for path in site.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        leaked = [value for value in unverified if value in text]
        assert not leaked, f"{path.relative_to(site)} publishes unverified identifiers {leaked}"


def test_glossary_terms_are_listed_and_their_definitions_given_where_used(site):
    terms = glossary.load(facts.glossary_file(CONFIG)).terms
    listing = soup_of(site, "glossary.md")
    for entry in terms:
        item = listing.find(id=glossary.anchor(entry["term"]))
        assert item is not None and item.name == "dt", f"{entry['term']} is not on the Glossary page"
        shown = " ".join(item.find_next_sibling("dd").get_text().split())
        assert shown == " ".join(entry["definition"].split())
    described = set()
    for src in NAV_SOURCES:
        if src == "glossary.md":
            continue
        text = article(soup_of(site, src))
        for term in text.find_all("abbr"):
            definition = text.find(id=term["aria-describedby"])
            assert definition is not None, f"{src}: {term.get_text()!r} points to no definition"
            described.add(definition.get_text())
    unused = [e["term"] for e in terms if e["definition"].strip() not in described]
    assert not unused, f"terms defined but never explained where used: {unused}"


def test_no_reviewer_or_credential_is_claimed(site):
    for src in NAV_SOURCES:
        text = article(soup_of(site, src)).get_text(" ", strip=True)
        assert not re.search(r"\b(Dr\.?|MD|MBBS|FRCP|PhD)\s+[A-Z]|reviewed by (Dr|Professor)", text), src
    about = article(soup_of(site, "about.md")).get_text(" ", strip=True).lower()
    assert "not been reviewed by a clinician" in about or "has not been reviewed by a doctor" in about


def test_source_notes_name_authors_sensibly(site):
    notes = [
        note.get_text(" ", strip=True)
        for src in NAV_SOURCES
        for note in article(soup_of(site, src)).select(".footnote li[id]")
    ]
    assert any(n.startswith("Dhurat R and others (2013)") for n in notes)
    assert any(n.startswith("US Food and Drug Administration (2020)") for n in notes)
    assert any(n.startswith("Authors not recorded (2022)") for n in notes)
    assert not [n for n in notes if n.count("(") != n.count(")")], "unbalanced brackets in a source note"
