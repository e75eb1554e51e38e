"""Reading in a real browser: private, accessible, usable by keyboard, on a
phone and without JavaScript. Each test opens its own context in the one
Chromium of the session, against the publishing build served on 127.0.0.1."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest

from conftest import NAV, NAV_SOURCES, ROOT, SITE_PATH, open_page, origin, page_url

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
NARROW = {"width": 360, "height": 740}
# With scripts on, Material's header labels are replaced by real buttons (overrides/main.html).
MENU_BUTTON = 'button.md-header__button[data-toggles="__drawer"]'
SEARCH_BUTTON = 'button.md-header__button[data-toggles="__search"]'

PAGES = [pytest.param(src, id=src) for src in NAV_SOURCES]


def every_html_page(site: Path) -> list[str]:
    """URL paths of every HTML file in the build (nav pages, 404, print page, redirects)."""
    return [SITE_PATH + path.relative_to(site).as_posix() for path in sorted(site.rglob("*.html"))]




# ---------------------------------------------------------------- privacy


def test_no_page_requests_another_host(site, server, new_page):
    page = new_page()
    own = origin(server)
    elsewhere: dict[str, set[str]] = {}
    current = {"path": ""}
    page.context.on(
        "request",
        lambda request: None
        if request.url.startswith((own + "/", "data:", "blob:", "about:"))
        else elsewhere.setdefault(current["path"], set()).add(request.url),
    )
    paths = every_html_page(site)
    assert len(paths) >= len(NAV_SOURCES)
    for path in paths:
        current["path"] = path
        page.goto(own + path)
        page.wait_for_load_state("networkidle")
    assert not elsewhere, f"requests to other hosts: {elsewhere}"


# ---------------------------------------------------------------- accessibility


@pytest.mark.parametrize("src", PAGES)
def test_page_has_no_axe_violations_in_either_scheme_or_size(src, server, new_page):
    axe = AXE.read_text(encoding="utf-8")
    problems = []
    for scheme, material_scheme in (("light", "default"), ("dark", "slate")):
        for name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
            page = new_page(viewport=viewport, color_scheme=scheme, bypass_csp=True)  # axe is injected inline
            open_page(page, server, src)
            shown = page.get_attribute("body", "data-md-color-scheme")
            assert shown == material_scheme, f"{src}: {scheme} system preference showed {shown}"
            page.add_script_tag(content=axe)
            result = page.evaluate(
                "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
            )
            for violation in result["violations"]:
                targets = [" ".join(node["target"]) for node in violation["nodes"][:3]]
                problems.append(f"{scheme}/{name}: {violation['id']} ({violation['help']}) at {targets}")
            page.context.close()
    assert not problems, f"{src}:\n" + "\n".join(problems)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_open_phone_menu_and_search_results_have_no_axe_violations(scheme, server, new_page):
    axe = AXE.read_text(encoding="utf-8")
    problems = []
    for panel in ("menu", "search"):
        page = new_page(viewport=PHONE, color_scheme=scheme, reduced_motion="reduce", bypass_csp=True)  # axe, inline
        open_page(page, server, "index.md")
        if panel == "menu":
            page.click(MENU_BUTTON)  # focuses the first link on the menu's open panel
            page.wait_for_function("!!document.activeElement.closest('.md-sidebar--primary')")
        else:
            page.click(SEARCH_BUTTON)
            page.keyboard.type("scalp")
            page.wait_for_selector(".md-search-result__item", timeout=15_000)
        page.add_script_tag(content=axe)
        result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS)
        for violation in result["violations"]:
            targets = [" ".join(node["target"]) for node in violation["nodes"][:3]]
            problems.append(f"{panel}: {violation['id']} ({violation['help']}) at {targets}")
    assert not problems, f"{scheme}:\n" + "\n".join(problems)


def test_first_tab_reaches_a_visible_skip_link_that_moves_to_the_content(server, new_page):
    page = new_page()
    open_page(page, server, "what-the-research-shows.md")
    page.keyboard.press("Tab")
    focused = page.evaluate(
        """() => { const e = document.activeElement, r = e.getBoundingClientRect();
                   return {cls: e.className, text: e.textContent.trim(), href: e.getAttribute('href'),
                           top: r.top, height: r.height, width: r.width} }"""
    )
    assert "md-skip" in focused["cls"], f"first Tab went to {focused}"
    assert focused["top"] >= 0 and focused["height"] >= 24 and focused["width"] >= 24, focused
    page.keyboard.press("Enter")
    page.wait_for_function("location.hash !== ''")
    heading = page.evaluate("document.querySelector(location.hash).getBoundingClientRect().top")
    header = page.evaluate("document.querySelector('.md-header').getBoundingClientRect().bottom")
    assert heading >= header - 1, "the skip link's target sits under the sticky header"


DESCRIBE = """window.__describe = (e) => {
  if (!e || e === document.body) return {key: null};
  const ring = e.matches('.md-option') ? e.nextElementSibling : e;
  const style = getComputedStyle(ring), r = ring.getBoundingClientRect();
  return {
    key: e.dataset.tabKey || null,
    label: (e.getAttribute('aria-label') || e.textContent || e.tagName).trim().slice(0, 60),
    ring: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
    // Whatever is drawn at the control's centre must be the control (or its label);
    // fully faded layers (a closed tooltip) are not drawn.
    covered: (() => {
      // A term that wraps onto a second line: the middle of its first line, not of the
      // box around both lines (which can fall on the next word or a citation number).
      const b = ring.getClientRects()[0] || ring.getBoundingClientRect();
      const seen = (x) => { for (; x; x = x.parentElement) if (parseFloat(getComputedStyle(x).opacity) < 0.1) return false; return true; };
      const t = document.elementsFromPoint(b.x + b.width / 2, b.y + b.height / 2).find(seen);
      return !t || ring.contains(t) || t.contains(ring) || e.contains(t) ? null
             : `${t.tagName} in ${t.closest("[class]")?.className} at ${Math.round(b.x)},${Math.round(b.y)}`;
    })(),
    inView: r.bottom > 0 && r.top < innerHeight,
  };
}"""

FOCUSABLE = """() => {
  const all = document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]');
  let n = 0;
  for (const e of all) {
    if (e.tabIndex < 0 || e.disabled || e.closest('[hidden], [inert]')) continue;
    if (!e.checkVisibility({visibilityProperty: true})) continue;
    // A radio group is one Tab stop: the checked option, or the first if none is.
    if (e.matches('.md-option') && (document.querySelector('.md-option:checked') || document.querySelector('.md-option')) !== e) continue;
    e.dataset.tabKey = String(n++);
  }
  return n;
}"""


@pytest.mark.parametrize("src", PAGES)
def test_tab_reaches_every_control_with_a_ring_the_header_never_hides(src, server, new_page):
    # Reduced motion: each control is checked where it settles, not mid-fade.
    page = new_page(reduced_motion="reduce")
    open_page(page, server, src)
    page.evaluate(DESCRIBE)
    expected = page.evaluate(FOCUSABLE)
    assert expected > len(NAV_SOURCES), f"{src}: only {expected} focusable controls found"
    reached, problems = set(), []
    for _ in range(expected + 5):
        page.keyboard.press("Tab")
        now = page.evaluate("window.__describe(document.activeElement)")
        if now.get("covered"):
            # The last footnote's tooltip closes a moment after focus moves on.
            page.wait_for_timeout(600)
            now = page.evaluate("window.__describe(document.activeElement)")
        if now["key"] is None:
            continue
        reached.add(now["key"])
        if not now["ring"]:
            problems.append(f"no visible focus ring on {now['label']!r}")
        if not now["inView"]:
            problems.append(f"{now['label']!r} is focused outside the window")
        elif now["covered"]:
            problems.append(f"{now['label']!r} is focused but covered by {now['covered']}")
    missing = expected - len(reached)
    assert not missing, f"{src}: {missing} of {expected} controls never got keyboard focus"
    assert not problems, f"{src}:\n" + "\n".join(dict.fromkeys(problems))


def test_phone_menu_and_search_open_from_the_keyboard(server, new_page):
    page = new_page(viewport=PHONE)
    open_page(page, server, "index.md")
    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Tab")
    menu = page.evaluate(
        "({tag: document.activeElement.tagName, name: document.activeElement.getAttribute('aria-label'),"
        " expanded: document.activeElement.getAttribute('aria-expanded')})"
    )
    assert menu == {"tag": "BUTTON", "name": "Menu", "expanded": "false"}, menu
    page.keyboard.press("Enter")
    assert page.is_checked("#__drawer"), "Enter on the menu button did not open the menu"
    assert page.get_attribute(MENU_BUTTON, "aria-expanded") == "true"
    page.wait_for_function("!!document.activeElement.closest('.md-sidebar--primary')", timeout=5_000)
    # The focused link is on the drawer's open panel, not a closed sub-panel the drawer scrolled to.
    placed = page.evaluate(
        """() => { const bar = document.querySelector('.md-sidebar--primary'), b = bar.getBoundingClientRect(),
                          r = document.activeElement.getBoundingClientRect();
                   return {sideways: bar.querySelector('.md-sidebar__scrollwrap').scrollLeft,
                           inside: r.left >= b.left - 1 && r.right <= b.right + 1} }"""
    )
    assert placed == {"sideways": 0, "inside": True}, f"the menu opened with its focus off its open panel: {placed}"
    page.focus(MENU_BUTTON)
    page.keyboard.press(" ")
    assert not page.is_checked("#__drawer"), "Space on the menu button did not close the menu"
    assert page.get_attribute(MENU_BUTTON, "aria-expanded") == "false"
    for _ in range(5):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('aria-label')") == "Search this guide":
            break
    else:
        pytest.fail("Tab never reached the search button")
    assert page.evaluate("document.activeElement.tagName") == "BUTTON"
    page.keyboard.press("Enter")
    page.wait_for_function("document.activeElement.matches('.md-search__input')")
    page.keyboard.type("needle")
    page.wait_for_selector(".md-search-result__item", timeout=10_000)


HEADER_CONTROLS = """() => [...document.querySelectorAll('.md-header__button:is([for=__drawer], [for=__search], [data-toggles])')].map(e => ({tag: e.tagName, toggles: e.dataset.toggles || null,
     shown: e.checkVisibility()}))"""


def test_header_menu_and_search_are_single_buttons_after_instant_navigation(server, new_page):
    page = new_page(viewport=PHONE)
    open_page(page, server, "index.md")
    expected = [{"tag": "BUTTON", "toggles": "__drawer", "shown": True},
                {"tag": "BUTTON", "toggles": "__search", "shown": True}]
    assert page.evaluate(HEADER_CONTROLS) == expected
    title, src = NAV[2]
    page.click(MENU_BUTTON)
    page.locator(".md-sidebar--primary .md-nav__link", has_text=title).first.click()
    page.wait_for_function(f"location.pathname === {page_url(src)!r}")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("!!window.document$"), "expected Material's instant navigation"
    assert page.evaluate(HEADER_CONTROLS) == expected, "instant navigation changed the header's buttons"
    page.click(MENU_BUTTON)
    assert page.is_checked("#__drawer"), "the menu button stopped working after instant navigation"


def test_header_menu_and_search_buttons_hide_where_material_hides_them(server, new_page):
    page = new_page(viewport=DESKTOP)
    open_page(page, server, "index.md")
    assert [c["shown"] for c in page.evaluate(HEADER_CONTROLS)] == [False, False]
    page.set_viewport_size({"width": 1000, "height": 800})  # tablet: menu button, search box
    assert [c["shown"] for c in page.evaluate(HEADER_CONTROLS)] == [True, False]


def test_palette_toggle_works_by_keyboard_and_is_remembered(server, new_page):
    page = new_page(color_scheme="light")
    open_page(page, server, "index.md")
    assert page.get_attribute("body", "data-md-color-scheme") == "default"
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('.md-option')"):
            break
    else:
        pytest.fail("Tab never reached the palette toggle")
    page.keyboard.press("ArrowDown")
    page.wait_for_function("document.body.dataset.mdColorScheme === 'slate'")
    open_page(page, server, "glossary.md")
    assert page.get_attribute("body", "data-md-color-scheme") == "slate", "the choice was not remembered"


@pytest.mark.parametrize("system,shown", [("light", "default"), ("dark", "slate")])
def test_colour_scheme_follows_the_system_preference(system, shown, server, new_page):
    page = new_page(color_scheme=system)
    open_page(page, server, "index.md")
    assert page.get_attribute("body", "data-md-color-scheme") == shown


LONGEST_TRANSITION = """() => {
  let longest = 0;
  for (const e of document.querySelectorAll('*')) {
    const s = getComputedStyle(e);
    for (const part of (s.transitionDuration + ',' + s.animationDuration).split(','))
      longest = Math.max(longest, parseFloat(part) || 0);
  }
  return longest;
}"""


@pytest.mark.parametrize("motion,moves", [("no-preference", True), ("reduce", False)])
def test_motion_stops_when_the_reader_asks_for_less(motion, moves, server, new_page):
    page = new_page(reduced_motion=motion)
    open_page(page, server, "index.md")
    longest = page.evaluate(LONGEST_TRANSITION)
    smooth = page.evaluate("getComputedStyle(document.documentElement).scrollBehavior") == "smooth"
    if moves:
        assert longest >= 0.1, "expected the theme's transitions without a preference"
    else:
        assert longest <= 0.001 and not smooth, f"a {longest}s transition runs despite reduced motion"


# ---------------------------------------------------------------- small screens


@pytest.mark.parametrize("src", PAGES)
def test_page_never_scrolls_sideways_at_360px(src, server, new_page):
    page = new_page(viewport=NARROW)
    open_page(page, server, src)
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{src}: the page is {overflow}px wider than a 360px screen"
    tables = page.evaluate(
        """() => [...document.querySelectorAll('article table')].map(t => {
             // The box the reader sees: the table, or the scrolling box that clips it.
             let box = t;
             while (box && !(['auto', 'scroll'].includes(getComputedStyle(box).overflowX)
                             && box.scrollWidth > box.clientWidth)) box = box.parentElement;
             const r = (box && box !== document.documentElement ? box : t).getBoundingClientRect();
             return {left: r.left, right: r.right};
           })"""
    )
    for number, table in enumerate(tables, start=1):
        assert table["left"] >= 0 and table["right"] <= NARROW["width"], f"{src}: table {number} sticks out: {table}"


def test_a_table_too_wide_for_a_phone_scrolls_inside_its_own_box(server, new_page):
    page = new_page(viewport=NARROW)
    open_page(page, server, "what-the-research-shows.md")
    assert page.locator("article table").count(), "the research page has no table"
    # Tables of up to four columns wrap to fit (tests/test_look.py); a future table
    # with many columns may not, so give one eight columns of long words.
    page.evaluate(
        """() => { for (const row of document.querySelector('article table').rows)
                     for (let n = 0; n < 5; n++) row.append(Object.assign(document.createElement(row.cells[0].tagName),
                                                                          {textContent: 'Microneedling'.repeat(2)})) }"""
    )
    box = page.evaluate(
        """() => { let box = document.querySelector('article table');
                   while (box && !(['auto', 'scroll'].includes(getComputedStyle(box).overflowX)
                                   && box.scrollWidth > box.clientWidth)) box = box.parentElement;
                   const r = box && box.getBoundingClientRect();
                   return {found: !!box && box !== document.documentElement, right: r && r.right,
                           page: document.documentElement.scrollWidth - document.documentElement.clientWidth} }"""
    )
    assert box["found"], "the wide table has no box of its own that scrolls"
    assert box["right"] <= NARROW["width"], f"the table's box is wider than the screen: {box}"
    assert box["page"] <= 0, f"the wide table made the whole page scroll sideways: {box}"


# ---------------------------------------------------------------- without JavaScript


def article_text(page) -> str:
    """The words a reader sees in the article; buttons are left out, as they only
    exist to run a script (copying a link) and are hidden when scripts are off."""
    return " ".join(page.evaluate(
        """() => { const copy = document.querySelector('article');
                   const hidden = [...copy.querySelectorAll('button')].map(b => [b, b.style.display]);
                   hidden.forEach(([b]) => b.style.display = 'none');
                   const text = copy.innerText;
                   hidden.forEach(([b, display]) => b.style.display = display);
                   return text; }"""
    ).split())


@pytest.mark.parametrize("src", PAGES)
def test_page_shows_the_same_article_text_without_javascript(src, server, new_page):
    with_js = new_page()
    open_page(with_js, server, src)
    without_js = new_page(java_script_enabled=False)
    open_page(without_js, server, src)
    text = article_text(without_js)
    assert without_js.is_visible("article h1"), f"{src}: the heading is hidden without JavaScript"
    assert text == article_text(with_js), f"{src}: the article text differs without JavaScript"


def test_every_page_is_reachable_through_the_menu_without_javascript(server, new_page):
    page = new_page(java_script_enabled=False)
    open_page(page, server, "index.md")
    for title, src in NAV[1:] + NAV[:1]:
        link = page.locator(".md-sidebar--primary .md-nav__link", has_text=title).first
        link.click()
        page.wait_for_load_state("load")
        assert urlsplit(page.url).path == page_url(src), f"the menu link '{title}' went to {page.url}"
        assert page.is_visible("article h1")


def test_phone_menu_opens_and_navigates_without_javascript(server, new_page):
    page = new_page(viewport=PHONE, java_script_enabled=False)
    open_page(page, server, "index.md")
    title, src = NAV[3]
    link = page.locator(".md-sidebar--primary .md-nav__link", has_text=title).first
    assert not link.is_visible(), "the menu should start closed on a phone"
    page.click('label.md-header__button[for="__drawer"]')
    assert link.is_visible(), "the menu did not open"
    link.click()
    page.wait_for_load_state("load")
    assert urlsplit(page.url).path == page_url(src)


# ---------------------------------------------------------------- page weight


def test_search_loads_its_index_only_when_the_reader_searches(server, new_page):
    page = new_page(viewport=PHONE)
    requested = []
    page.on("request", lambda request: requested.append(urlsplit(request.url).path))
    open_page(page, server, "index.md")
    page.wait_for_timeout(500)
    early = [path for path in requested if "search_index" in path or "/workers/search" in path]
    assert not early, f"a first visit already loaded search: {early}"
    page.click(SEARCH_BUTTON)
    page.keyboard.type("scalp")
    page.wait_for_selector(".md-search-result__item", timeout=15_000)
    assert any(path.endswith("search/search_index.json") for path in requested)
