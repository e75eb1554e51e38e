"""Reading the evidence: citation numbers a finger can hit, sources and term
definitions shown only when a reader asks (nothing set up on load), a source
list a phone can fold away, and a checklist a reader can tick. Issue 12 §3, §6,
§7 and issue 14 §1, checked in the session's Chromium against the publishing
build."""

from __future__ import annotations

import functools
import re
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import expect

from conftest import NAV_SOURCES, ROOT, built_path, open_page

PHONE = {"width": 360, "height": 800}
CITED = "your-options-compared.md"  # the page with the most citations and terms
CHECKLIST = "talking-to-a-professional.md"
TIPS = "[role=tooltip], .guide-tip, .md-tooltip, .md-tooltip2"


# Pages whose source cites anything (a cited page must then show citation numbers).
CITING = [src for src in NAV_SOURCES if "[@" in (ROOT / "docs" / src).read_text(encoding="utf-8")]


@pytest.fixture
def new_page(new_page):
    """As conftest's, with motion reduced: nothing is caught mid-animation."""
    return functools.partial(new_page, reduced_motion="reduce")


def tip_text(page) -> str | None:
    """The text of the tooltip on show, or None when none is shown."""
    return page.evaluate(
        """sel => { const t = [...document.querySelectorAll(sel)].find(e => e.checkVisibility());
                    return t ? t.textContent : null; }""",
        TIPS,
    )


# ---------------------------------------------------------------- citation numbers


@pytest.mark.parametrize("src", [pytest.param(src, id=src) for src in NAV_SOURCES])
def test_citation_clusters_are_sorted_with_three_or_more_in_a_row_as_a_range(site, src):
    soup = BeautifulSoup((site / built_path(src)).read_text(encoding="utf-8"), "html.parser")
    for sup in soup.select("article sup:has(a.footnote-ref)"):
        shown = sup.get_text()
        numbers = []
        for part in shown.split(","):
            first, _, last = part.partition("–")
            if last:
                assert int(last) - int(first) >= 2, f"{src}: {shown!r} makes a range of two"
                numbers += range(int(first), int(last) + 1)
            else:
                numbers.append(int(first))
        assert numbers == sorted(set(numbers)), f"{src}: citation {shown!r} is not in order"
        # Every number shown is a link to its source on the page.
        ends = [int(a.get_text()) for a in sup.select("a.footnote-ref")]
        assert ends == [int(n) for n in re.findall(r"\d+", shown)], f"{src}: {shown!r} has a number that is no link"


def test_some_page_shows_a_range_of_sources(site):
    shown = [sup.get_text() for src in NAV_SOURCES
             for sup in BeautifulSoup((site / built_path(src)).read_text(encoding="utf-8"), "html.parser")
             .select("article sup:has(a.footnote-ref)")]
    assert any("–" in text for text in shown), "no cluster of three sources in a row, so ranges went untested"


TARGETS = """() => {
  const small = [...document.querySelectorAll('article a.footnote-ref')].map(a => {
    const r = a.getBoundingClientRect(); return {text: a.textContent, width: r.width, height: r.height};
  });
  // The lines of each paragraph with citations: the gaps between its lines of text
  // (the text only, not the numbers) are all one line height.
  const uneven = [];
  for (const p of document.querySelectorAll('article p:has(a.footnote-ref)')) {
    const tops = new Set();
    const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (n.parentElement.closest('sup') || !n.textContent.trim()) continue;
      const range = document.createRange(); range.selectNodeContents(n);
      for (const r of range.getClientRects()) tops.add(Math.round(r.top));
    }
    const sorted = [...tops].sort((a, b) => a - b), line = parseFloat(getComputedStyle(p).lineHeight);
    for (let i = 1; i < sorted.length; i++)
      if (Math.abs(sorted[i] - sorted[i - 1] - line) > 1.5) uneven.push([p.textContent.slice(0, 40), sorted[i] - sorted[i - 1], line]);
  }
  return {targets: small, uneven};
}"""


@pytest.mark.parametrize("src", [pytest.param(src, id=src) for src in CITING])
def test_every_citation_number_is_a_24px_target_on_a_phone_without_spreading_the_lines(src, server, new_page):
    page = new_page(viewport=PHONE)
    open_page(page, server, src)
    found = page.evaluate(TARGETS)
    assert found["targets"], f"{src}: no citation numbers found"
    small = [t for t in found["targets"] if t["width"] < 24 or t["height"] < 24]
    assert not small, f"{src}: {len(small)} citation numbers smaller than 24×24 px: {small[:5]}"
    assert not found["uneven"], f"{src}: citation numbers spread these lines apart: {found['uneven'][:3]}"


# ---------------------------------------------------------------- terms


def test_glossary_terms_are_keyboard_stops_described_by_their_definition(server, new_page):
    page = new_page()
    open_page(page, server, CITED)
    terms = page.locator("article abbr.term")
    assert terms.count() >= 5
    for index in range(terms.count()):
        term = terms.nth(index)
        definition = page.locator(f"#{term.get_attribute('aria-describedby')}").text_content()
        assert definition and len(definition) > 20
        # The word is read as itself (no title read in its place); the definition is its description.
        assert term.get_attribute("title") is None
        expect(term).to_have_accessible_description(definition)
        assert term.get_attribute("tabindex") == "0"
    # Reached by the Tab key like any link.
    page.locator("article h1").click()
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('abbr.term')"):
            break
    else:
        pytest.fail("Tab never reached a glossary term")


def test_a_focused_term_shows_its_definition_without_javascript(server, new_page):
    page = new_page(java_script_enabled=False)
    open_page(page, server, CITED)
    term = page.locator("article abbr.term").first
    definition = page.locator(f"#{term.get_attribute('aria-describedby')}")
    assert not definition.is_visible()
    term.focus()
    assert definition.is_visible()


# ---------------------------------------------------------------- tooltips on demand


def test_no_tooltip_exists_until_a_reader_asks(server, new_page):
    page = new_page()
    open_page(page, server, CITED)
    page.wait_for_timeout(500)
    assert page.locator("article a.footnote-ref").count() > 50
    assert page.locator(TIPS).count() == 0, "tooltips were set up when the page loaded"
    # Material's own tooltips would read titles: none on the markers or terms.
    assert page.locator("article :is(a.footnote-ref, abbr)[title]").count() == 0
    page.hover("article a.footnote-ref >> nth=0")
    page.wait_for_timeout(100)
    assert page.locator(TIPS).count() == 1, "hovering a citation made no tooltip, or more than one"


def test_a_focused_citation_shows_its_source_and_escape_closes_it(server, new_page):
    page = new_page()
    open_page(page, server, CITED)
    link = page.locator("article a.footnote-ref").first
    # Material writes the links out in full once its script runs: read the fragment.
    key = link.get_attribute("href").split("#fn:")[1]
    source = " ".join(page.locator(f'[id="fn:{key}"]').inner_text().split())
    link.focus()
    shown = tip_text(page)
    assert shown and shown.startswith(link.text_content() + ". "), f"no tooltip with the source, got {shown!r}"
    assert " ".join(shown.split()[1:])[:40] == source[:40]
    expect(link).to_have_accessible_description(re.compile(re.escape(source[:30])))
    page.keyboard.press("Escape")
    assert tip_text(page) is None, "Escape left the tooltip open"


def test_a_focused_term_shows_its_definition(server, new_page):
    page = new_page(viewport=PHONE)
    open_page(page, server, CITED)
    term = page.locator("article abbr.term").first
    definition = page.locator(f"#{term.get_attribute('aria-describedby')}").text_content()
    term.focus()
    assert tip_text(page) == definition
    box, tip = term.bounding_box(), page.locator(".guide-tip").bounding_box()
    assert tip["x"] >= 0 and tip["x"] + tip["width"] <= PHONE["width"], "the tooltip runs off the screen"
    assert tip["y"] >= box["y"] + box["height"] or tip["y"] + tip["height"] <= box["y"], "the tooltip hides its term"


def test_a_tap_shows_the_tooltip_and_a_second_tap_follows_the_link(server, new_page):
    page = new_page(viewport=PHONE, has_touch=True, is_mobile=True)
    open_page(page, server, CITED)
    term = page.locator("article abbr.term").first
    term.tap()
    assert tip_text(page) == page.locator(f"#{term.get_attribute('aria-describedby')}").text_content()
    link = page.locator("article a.footnote-ref").nth(3)
    link.scroll_into_view_if_needed()
    link.tap()
    shown = tip_text(page)
    assert shown and shown.startswith(link.text_content() + ". "), f"a tap showed {shown!r}"
    assert urlsplit(page.url).fragment == "", "the first tap jumped to the source list"
    link.tap()
    page.wait_for_timeout(200)
    assert urlsplit(page.url).fragment == link.get_attribute("href").split("#")[1], "a second tap did not go to the source"


def test_tooltips_work_on_a_page_reached_by_instant_navigation(server, new_page):
    page = new_page()
    open_page(page, server, "index.md")
    page.locator(".md-sidebar--primary a[href$='your-options-compared/']").first.click()
    page.wait_for_url("**/your-options-compared/")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("performance.getEntriesByType('navigation').length") == 1
    link = page.locator("article a.footnote-ref").first
    link.focus()
    assert tip_text(page), "no tooltip after instant navigation"


# ---------------------------------------------------------------- sources for this page


def test_sources_are_open_without_javascript_at_body_size(server, new_page):
    page = new_page(viewport=PHONE, java_script_enabled=False)
    open_page(page, server, CITED)
    assert page.locator("details.page-sources[open]").count() == 1
    note = page.locator(".page-sources .footnote li").first
    assert note.is_visible()
    sizes = page.evaluate("""() => [getComputedStyle(document.querySelector('.page-sources .footnote li')).fontSize,
                                    getComputedStyle(document.querySelector('article > p')).fontSize]""")
    assert sizes[0] == sizes[1] == "16px", f"sources at {sizes[0]}, body text at {sizes[1]}"
    assert page.locator("h2#sources-for-this-page").is_visible(), "the heading the contents list links to is gone"


def test_sources_fold_away_on_a_phone_and_print_open(server, new_page):
    page = new_page(viewport=PHONE)
    open_page(page, server, CITED)
    note = page.locator(".page-sources .footnote li").first
    toggle = page.locator(".page-sources > summary")
    assert note.is_visible() and toggle.is_visible()
    toggle.click()
    assert not note.is_visible(), "the sources did not fold away"
    page.emulate_media(media="print")
    assert note.is_visible(), "folded sources stay folded on paper"
    assert not toggle.is_visible(), "the fold control prints"


def test_sources_have_no_fold_control_on_a_wide_screen(server, new_page):
    page = new_page()
    open_page(page, server, CITED)
    assert not page.locator(".page-sources > summary").is_visible()
    assert page.locator(".page-sources .footnote li").first.is_visible()


# ---------------------------------------------------------------- the questions checklist


def test_checklist_ticks_stay_after_a_reload_and_are_sent_nowhere(server, new_page):
    page = new_page()
    open_page(page, server, CHECKLIST)
    sent = []
    # What a script could send with: fetch, XHR, a beacon, or anything but a GET.
    page.on("request", lambda request: sent.append(request.url)
            if request.method != "GET" or request.resource_type in ("fetch", "xhr", "ping") else None)
    boxes = page.locator("article .task-list-item > input[type=checkbox]")
    assert boxes.count() >= 10
    boxes.nth(1).check()
    boxes.nth(4).check()
    page.wait_for_timeout(200)
    assert not sent, f"ticking a box sent something: {sent}"
    page.reload()
    page.wait_for_load_state("networkidle")
    ticked = page.evaluate("[...document.querySelectorAll('article .task-list-item > input')].map(b => b.checked)")
    assert [i for i, on in enumerate(ticked) if on] == [1, 4]
    boxes.nth(1).uncheck()
    page.reload()
    page.wait_for_load_state("networkidle")
    assert not boxes.nth(1).is_checked() and boxes.nth(4).is_checked()
    assert "Nothing is sent anywhere" in page.locator("article").inner_text()


def test_checklist_prints_with_empty_boxes(server, new_page):
    page = new_page()
    open_page(page, server, CHECKLIST)
    box = page.locator("article .task-list-item > input[type=checkbox]").first
    box.check()
    page.emulate_media(media="print")
    look = box.evaluate("b => { const s = getComputedStyle(b); return {appearance: s.appearance, border: parseFloat(s.borderTopWidth), "
                        "style: s.borderTopStyle, visible: b.checkVisibility(), width: b.getBoundingClientRect().width}; }")
    # appearance: none draws no tick, whatever the reader ticked on screen.
    assert look["appearance"] == "none" and look["visible"], f"printed boxes are not plain empty boxes: {look}"
    assert look["border"] >= 1 and look["style"] == "solid" and look["width"] >= 8, f"printed boxes have no edge: {look}"
