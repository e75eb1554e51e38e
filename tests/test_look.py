"""How the guide looks to a reader, measured in a real browser: type sizes and
weights, colours and contrast, tables and headings on a phone, the header, the
keyboard's first stops, and a clean printout. Issue 12's "on screen" list.

Each test opens its own context in the session's one Chromium, against the
publishing build served on 127.0.0.1 (tests/conftest.py)."""

from __future__ import annotations

import functools

import pytest
from bs4 import BeautifulSoup

import conftest
from conftest import NAV_SOURCES, ROOT, built_path

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 360, "height": 800}
SMALLEST = {"width": 320, "height": 640}
PAGES = [pytest.param(src, id=src) for src in NAV_SOURCES]
SCHEMES = [pytest.param("light", id="light"), pytest.param("dark", id="dark")]

# Contrast (WCAG 2.x relative luminance), with colours given as the browser
# computes them ("rgb(…)" / "rgba(…)"); a see-through colour is laid over the
# first opaque background behind the element.
COLOUR_JS = """window.__look = (() => {
  const parse = (c) => { const m = c.match(/rgba?\\(([^)]+)\\)/); if (!m) return null;
    const [r, g, b, a = 1] = m[1].split(/[ ,\\/]+/).filter(Boolean).map(Number); return [r, g, b, a]; };
  const over = (top, bottom) => top.slice(0, 3).map((v, i) => v * top[3] + bottom[i] * (1 - top[3])).concat(1);
  const background = (e) => {
    const layers = [];
    for (let x = e; x; x = x.parentElement) {
      const c = parse(getComputedStyle(x).backgroundColor);
      if (c && c[3] > 0) { layers.push(c); if (c[3] === 1) break; }
    }
    let colour = [255, 255, 255, 1];
    for (const layer of layers.reverse()) colour = over(layer, colour);
    return colour;
  };
  const lum = (c) => { const [r, g, b] = c.slice(0, 3).map(v => { v /= 255;
    return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; }); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
  const contrast = (fg, e) => { const bg = background(e); const c = parse(fg); return ratio(c[3] < 1 ? over(c, bg) : c, bg); };
  return {parse, background, ratio, contrast};
})()"""


@pytest.fixture
def new_page(new_page):
    """As conftest's, with motion reduced: nothing is caught mid-animation."""
    return functools.partial(new_page, reduced_motion="reduce")


def open_page(page, server: str, src: str) -> None:
    """Open a page as conftest does, with the colour helpers loaded."""
    conftest.open_page(page, server, src)
    page.evaluate(COLOUR_JS)


def px(value: str) -> float:
    return float(value.removesuffix("px"))


# ---------------------------------------------------------------- type and hierarchy


TEXT_SIZES = """() => {
  const size = (e) => parseFloat(getComputedStyle(e).fontSize), shown = (sel) => [...document.querySelectorAll(sel)].filter(e => e.checkVisibility());
  const label = (e) => [e.textContent.trim().slice(0, 40), size(e)];
  return {
    body: shown('article > p, article > ul > li, article > ol > li, article dd, .review-dates p').map(label),
    callouts: shown('article .admonition :is(.admonition-title, p, li)').map(label),
    tables: shown('article :is(th, td)').map(label),
  };
}"""


@pytest.mark.parametrize("src", PAGES)
def test_text_on_a_phone_is_body_size_in_callouts_and_at_least_15px_in_tables(src, server, new_page):
    page = new_page(viewport=PHONE)
    open_page(page, server, src)
    sizes = page.evaluate(TEXT_SIZES)
    assert sizes["body"], f"{src}: no body text found"
    body = min(size for _, size in sizes["body"])
    assert body >= 16, f"{src}: body text smaller than 16px: {[t for t in sizes['body'] if t[1] < 16][:5]}"
    small = [t for t in sizes["callouts"] if t[1] < body]
    assert not small, f"{src}: callout text smaller than the {body}px body text: {small[:5]}"
    small = [t for t in sizes["tables"] if t[1] < 15]
    assert not small, f"{src}: table text smaller than 15px: {small[:5]}"


TITLES = """() => [...document.querySelectorAll('article :is(h1, h2, h3)')].filter(e => e.checkVisibility()).map(e => ({
  text: e.textContent.trim().slice(0, 40), weight: parseInt(getComputedStyle(e).fontWeight),
  contrast: window.__look.contrast(getComputedStyle(e).color, e)}))"""


@pytest.mark.parametrize("src", PAGES)
def test_titles_are_bold_and_dark_in_both_schemes(src, server, new_page):
    page = new_page(viewport=PHONE, color_scheme="light")
    open_page(page, server, src)
    for scheme in ("default", "slate"):
        # The palette toggle does the same: it sets the scheme on <body>.
        page.evaluate("scheme => document.body.setAttribute('data-md-color-scheme', scheme)", scheme)
        titles = page.evaluate(TITLES)
        assert titles, f"{src}: no titles"
        # Bold (600 or more), and at least 7:1, so a title reads at a glance.
        weak = [t for t in titles if t["weight"] < 600 or t["contrast"] < 7]
        assert not weak, f"{src} ({scheme}): titles too light or faint: {weak[:4]}"


# ---------------------------------------------------------------- colour


@pytest.mark.parametrize("scheme", SCHEMES)
def test_colours_the_accessibility_checker_cannot_see_pass_contrast(scheme, server, new_page):
    """axe checks the text it can see. Visited links (hidden from scripts), the
    focus ring, the header and the callouts' edges and icons are checked here."""
    page = new_page(viewport=DESKTOP, color_scheme=scheme)
    open_page(page, server, "risks-and-side-effects.md")
    found = page.evaluate(
        """() => {
          const look = window.__look, article = document.querySelector('article');
          const visited = look.parse(getComputedStyle(document.body).getPropertyValue('--guide-visited').trim()
                                     .replace(/^#(..)(..)(..)$/, (_, r, g, b) => `rgb(${parseInt(r, 16)}, ${parseInt(g, 16)}, ${parseInt(b, 16)})`));
          const out = {visited: [], edges: [], header: null};
          for (const box of [article, ...document.querySelectorAll('article .admonition')])
            out.visited.push(look.ratio(visited, look.background(box)));
          for (const box of document.querySelectorAll('article .admonition')) {
            const edge = look.parse(getComputedStyle(box).borderLeftColor);
            const icon = look.parse(getComputedStyle(box.querySelector('.admonition-title'), '::before').backgroundColor);
            out.edges.push([box.className, look.ratio(edge, look.background(article)), look.ratio(icon, look.background(box))]);
          }
          const title = document.querySelector('.md-header__topic .md-ellipsis');
          out.header = look.contrast(getComputedStyle(title).color, title);
          return out;
        }"""
    )
    assert min(found["visited"]) >= 4.5, f"visited links: {found['visited']}"
    assert found["edges"], "the Risks page has no callouts to check"
    for name, edge, icon in found["edges"]:
        assert edge >= 3 and icon >= 3, f"{name}: edge {edge:.2f}:1 on the page, icon {icon:.2f}:1 in the box"
    assert found["header"] >= 4.5, f"header title {found['header']:.2f}:1"
    # The focus ring around a link in the text.
    page.locator("article > p a").first.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    ring = page.evaluate(
        """() => { const e = document.activeElement, s = getComputedStyle(e);
                   return {inArticle: !!e.closest('article'), width: parseFloat(s.outlineWidth), style: s.outlineStyle,
                           contrast: window.__look.contrast(s.outlineColor, e.parentElement)} }"""
    )
    assert ring["inArticle"] and ring["style"] != "none" and ring["width"] >= 2, ring
    assert ring["contrast"] >= 3, f"focus ring {ring['contrast']:.2f}:1"


# ---------------------------------------------------------------- tables


@pytest.mark.parametrize("javascript", [True, False], ids=["scripts", "no-scripts"])
@pytest.mark.parametrize("src", PAGES)
def test_nothing_scrolls_sideways_at_320px(src, javascript, server, new_page):
    page = new_page(viewport=SMALLEST, java_script_enabled=javascript)
    open_page(page, server, src)
    found = page.evaluate(
        """() => ({
          page: document.documentElement.scrollWidth - document.documentElement.clientWidth,
          // A table, or any box between it and the article, that has to scroll sideways.
          tables: [...document.querySelectorAll('article table')].flatMap((t, n) => {
            const out = [];
            for (let x = t; x && x.tagName !== 'ARTICLE'; x = x.parentElement)
              if (x.scrollWidth > x.clientWidth + 1) out.push(`table ${n + 1}: ${x.tagName}.${x.className} ${x.scrollWidth}>${x.clientWidth}`);
            const r = t.getBoundingClientRect();
            if (r.left < 0 || r.right > innerWidth) out.push(`table ${n + 1}: ${r.left}..${r.right}`);
            return out;
          }),
        })"""
    )
    assert found["page"] <= 0, f"{src}: the page is {found['page']}px wider than a 320px screen"
    assert not found["tables"], f"{src}: tables wider than a 320px screen: {found['tables']}"


def test_a_long_unbreakable_word_in_a_table_wraps_on_a_phone(server, new_page):
    page = new_page(viewport=SMALLEST)
    open_page(page, server, "what-the-research-shows.md")
    page.evaluate("document.querySelector('article table td').textContent += ' ' + 'x'.repeat(200)")
    found = page.evaluate(
        """() => { const t = document.querySelector('article table'), cell = t.querySelector('td');
                   return {right: t.getBoundingClientRect().right, cell: cell.scrollWidth - cell.clientWidth,
                           page: document.documentElement.scrollWidth - document.documentElement.clientWidth} }"""
    )
    assert found["right"] <= SMALLEST["width"] and found["page"] <= 0 and found["cell"] <= 1, found


WORDS_CUT_IN_CELLS = r"""() => {
  // For each visible table cell, the widest ordinary word in it, drawn on its own
  // in the cell's font, against the room the cell gives its text.
  const canvas = document.createElement('canvas').getContext('2d'), cut = [];
  for (const cell of document.querySelectorAll('article :is(th, td)')) {
    const head = cell.closest('thead');  // a header row kept for screen readers only is 1px wide
    if (!cell.checkVisibility() || (head && head.getBoundingClientRect().width < 2)) continue;
    const style = getComputedStyle(cell);
    canvas.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    const room = cell.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    for (const word of cell.textContent.split(/\s+/).filter(w => /^[A-Za-z'’()-]{2,16}[.,:;]?$/.test(w)))
      if (canvas.measureText(word).width > room + 1) cut.push([word, Math.round(room)]);
  }
  return cut;
}"""


@pytest.mark.parametrize("src", PAGES)
def test_no_table_cuts_an_ordinary_word_in_two_on_a_phone(src, server, new_page):
    """A label squeezed into a narrow column reads as 'Wha t you wan t to kno w'."""
    page = new_page(viewport=PHONE)
    open_page(page, server, src)
    cut = page.evaluate(WORDS_CUT_IN_CELLS)
    assert not cut, f"{src}: words wider than their table cell at 360px: {cut[:8]}"


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_a_long_tables_header_row_stays_in_view(viewport, server, new_page):
    page = new_page(viewport=viewport)
    # The longest table: the studies' needle lengths and how often they needled.
    open_page(page, server, "what-is-microneedling.md")
    table = page.locator("article table").first
    assert table.locator("tbody tr").count() >= 8, "expected the long table of studies"
    # Scroll until the middle of the table sits under the site's header.
    page.evaluate(
        """() => { const t = document.querySelector('article table'), r = t.getBoundingClientRect();
                   scrollBy(0, r.top + r.height / 2 - 100) }"""
    )
    found = page.evaluate(
        """() => { const t = document.querySelector('article table');
                   const top = Math.min(...[...t.querySelectorAll('th')].map(th => th.getBoundingClientRect().top));
                   return {header: document.querySelector('.md-header').getBoundingClientRect().bottom,
                           top, table: t.getBoundingClientRect().top} }"""
    )
    assert found["table"] < 0, f"the test did not scroll into the table: {found}"
    assert abs(found["top"] - found["header"]) <= 2, f"the header row is not in view under the site's header: {found}"


# ---------------------------------------------------------------- headings


LINK_LINE = """(heading) => {
  const link = heading.querySelector('.headerlink'), text = [...heading.childNodes].filter(n => n.nodeType === 3).pop();
  const range = document.createRange();
  range.setStart(text, Math.max(0, text.length - 1)); range.setEnd(text, text.length);
  const last = [...range.getClientRects()].pop();
  // Every piece of the link's box (padding included) is centred on the last word's line.
  const middles = [...link.getClientRects()].filter(r => r.width > 0).map(r => (r.top + r.bottom) / 2);
  return {heading: heading.textContent.trim().slice(0, 40), lastTop: last.top, lastBottom: last.bottom,
          middles, sameLine: middles.length > 0 && middles.every(m => m >= last.top - 1 && m <= last.bottom + 1)};
}"""


def test_a_section_link_never_wraps_onto_a_line_of_its_own(server, new_page):
    page = new_page(viewport=PHONE)
    open_page(page, server, "what-the-research-shows.md")
    # Worst case: a heading whose words exactly fill the line, so only the link could wrap.
    page.evaluate(
        """() => { const h = document.querySelector('article h2:has(.headerlink)'), copy = h.cloneNode(true);
                   copy.id = 'look-test'; h.after(copy);
                   const text = [...copy.childNodes].find(n => n.nodeType === 3), range = document.createRange();
                   range.selectNodeContents(text);
                   copy.style.boxSizing = 'content-box';
                   copy.style.width = range.getBoundingClientRect().width + 'px'; }"""
    )
    for viewport in (PHONE, SMALLEST, DESKTOP):
        page.set_viewport_size(viewport)
        checked = page.evaluate(f"() => [...document.querySelectorAll('article :is(h2, h3):has(.headerlink)')].map({LINK_LINE})")
        assert len(checked) > 3
        alone = [c for c in checked if not c["sameLine"]]
        assert not alone, f"at {viewport['width']}px, section links not on the line of the heading's last word: {alone}"


def test_section_links_on_a_touch_screen_are_a_clear_link_not_grey_marks(server, new_page):
    page = new_page(viewport=PHONE, has_touch=True, is_mobile=True)
    open_page(page, server, "risks-and-side-effects.md")
    assert page.evaluate("matchMedia('(hover: none)').matches")
    links = page.evaluate(
        """() => [...document.querySelectorAll('article :is(h2, h3) > .headerlink')].map(a => {
             const s = getComputedStyle(a), icon = getComputedStyle(a, '::after'), r = a.getBoundingClientRect();
             return {text: window.__look.parse(s.color)[3], opacity: parseFloat(s.opacity),
                     icon: icon.content !== 'none' && parseFloat(icon.width) > 0 ? window.__look.contrast(icon.backgroundColor, a) : 0,
                     width: r.width, height: r.height} })"""
    )
    assert links
    for link in links:
        # The pilcrow itself is not drawn; a link icon in the link colour is.
        assert link["text"] == 0, f"the ¶ mark shows: {link}"
        assert link["opacity"] == 1 and link["icon"] >= 3, f"the link icon is faint or missing: {link}"
        assert link["width"] >= 24 and link["height"] >= 24, link


# ---------------------------------------------------------------- docs chrome


def test_no_page_says_made_with_material(site):
    for path in sorted(site.rglob("*.html")):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        text = " ".join(soup.get_text(" ").split())
        assert "Made with" not in text, f"{path.relative_to(site)}: 'Made with' in the page"
        assert not soup.select('a[href*="squidfunk"], a[href*="mkdocs-material"]'), f"{path.relative_to(site)}: theme credit link"


MARK = ROOT / "overrides/.icons/guide/mark.svg"
FAVICON = ROOT / "docs/assets/images/favicon.svg"


def drawing(svg: str) -> list[tuple]:
    """The shapes of a drawing, without their colours."""
    return [tuple(shape.get(key) for key in ("d", "cx", "cy", "r"))
            for shape in BeautifulSoup(svg, "html.parser").select("path, circle")]


def test_logo_and_favicon_are_the_guides_own_svg(site):
    mark = drawing(MARK.read_text(encoding="utf-8"))
    assert mark
    for path in (MARK, FAVICON):
        svg = path.read_text(encoding="utf-8")
        assert svg.lstrip().startswith("<svg") and "http" not in svg.replace("http://www.w3.org/2000/svg", ""), path
    assert drawing(FAVICON.read_text(encoding="utf-8")) == mark, "the favicon does not show the header's mark"
    for src in NAV_SOURCES:
        soup = BeautifulSoup((site / built_path(src)).read_text(encoding="utf-8"), "html.parser")
        logo = soup.select_one(".md-header .md-logo svg")
        assert logo and drawing(str(logo)) == mark, f"{src}: the header shows another logo: {logo}"
        icon = soup.select_one('link[rel="icon"]')
        assert icon and icon["href"].endswith("assets/images/favicon.svg"), f"{src}: favicon is {icon}"


BESIDE = """() => { const text = document.querySelector('article').getBoundingClientRect();
  return [...document.querySelectorAll('.md-sidebar')].filter(s => s.checkVisibility())
    .map(s => s.getBoundingClientRect()).filter(r => r.width > 0 && r.height > 0 && r.left >= text.right - 1).length }"""

MENU_AND_LINE = """() => {
  const menu = document.querySelector('.md-sidebar--primary');
  const sections = [...document.querySelectorAll('article h2[id]')].map(h => h.id);
  const listed = new Set([...menu.querySelectorAll('a[href*="#"]')].filter(a => a.checkVisibility())
    .map(a => decodeURIComponent(a.hash.slice(1))));
  // Characters on a full line of the longest paragraph.
  const p = [...document.querySelectorAll('article > p')].sort((a, b) => b.textContent.length - a.textContent.length)[0];
  const ctx = document.createElement('canvas').getContext('2d'), style = getComputedStyle(p);
  ctx.font = `${style.fontSize} ${style.fontFamily}`;
  const perChar = ctx.measureText(p.textContent).width / p.textContent.length;
  return {missing: sections.filter(id => !listed.has(id)), line: Math.round(p.getBoundingClientRect().width / perChar)};
}"""


@pytest.mark.parametrize("src", PAGES)
def test_on_a_wide_screen_no_contents_list_sits_beside_the_text(src, server, new_page):
    page = new_page(viewport=DESKTOP)
    open_page(page, server, src)
    assert page.evaluate(BESIDE) == 0, f"{src}: a list sits to the right of the text"
    found = page.evaluate(MENU_AND_LINE)
    assert not found["missing"], f"{src}: sections not listed in the menu: {found['missing']}"
    assert found["line"] <= 80, f"{src}: about {found['line']} characters a line (aim for 60 to 75)"
    page.set_viewport_size({"width": 1000, "height": 800})  # a tablet: the menu is behind its button
    assert page.evaluate(BESIDE) == 0, f"{src}: a list sits to the right of the text on a tablet"


HEADER_TOPICS = """() => { const header = document.querySelector('.md-header').getBoundingClientRect();
  return [...document.querySelectorAll('.md-header__topic .md-ellipsis')].map(e => {
    const r = e.getBoundingClientRect();
    return {text: e.textContent.trim(), wide: e.scrollWidth - e.clientWidth, tall: e.scrollHeight - e.clientHeight,
            inside: r.top >= header.top && r.bottom <= header.bottom && r.left >= 0} }) }"""


@pytest.mark.parametrize("src", PAGES)
def test_the_header_title_is_never_cut_short_on_a_phone(src, server, new_page):
    page = new_page(viewport=PHONE)
    open_page(page, server, src)
    for viewport in (PHONE, SMALLEST):
        page.set_viewport_size(viewport)
        # Both titles: the guide's name, and the page's, shown once the reader scrolls.
        topics = page.evaluate(HEADER_TOPICS)
        assert len(topics) == 2
        cut = [t for t in topics if t["wide"] > 0 or t["tall"] > 0 or not t["inside"]]
        assert not cut, f"{src} at {viewport['width']}px: {cut}"


# ---------------------------------------------------------------- keyboard


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_first_tab_stops_are_all_visible_and_keep_the_focus(viewport, server, new_page):
    # With the theme's fades running, as most readers have them.
    page = new_page(viewport=viewport, reduced_motion="no-preference")
    open_page(page, server, "what-the-research-shows.md")
    stops = []
    for number in range(1, 9):
        page.keyboard.press("Tab")
        page.wait_for_timeout(450)  # longer than any fade in the header (0.4 s)
        stops.append(page.evaluate(
            """(number) => { const e = document.activeElement;
                 if (!e || e === document.body) return {number, lost: true};
                 const shown = e.matches('.md-option') ? e.nextElementSibling || e : e, r = shown.getBoundingClientRect();
                 return {number, name: (e.getAttribute('aria-label') || e.textContent).trim().slice(0, 40), cls: e.className,
                         width: r.width, height: r.height, seen: shown.checkVisibility({opacityProperty: true, visibilityProperty: true}),
                         inSearch: !!e.closest('.md-search__output')} }""",
            number,
        ))
    bad = [s for s in stops if s.get("lost") or s["width"] < 1 or s["height"] < 1 or not s["seen"] or s["inSearch"]]
    assert not bad, f"invisible Tab stops (the fifth must be a visible control): {bad}"


@pytest.mark.parametrize("scheme", SCHEMES)
def test_the_skip_link_is_opaque_and_readable(scheme, server, new_page):
    page = new_page(color_scheme=scheme)
    open_page(page, server, "index.md")
    page.keyboard.press("Tab")
    page.wait_for_timeout(300)
    skip = page.evaluate(
        """() => { const e = document.activeElement, s = getComputedStyle(e), look = window.__look;
                   const bg = look.parse(s.backgroundColor), fg = look.parse(s.color);
                   return {cls: e.className, opacity: parseFloat(s.opacity), bgAlpha: bg[3], fgAlpha: fg[3],
                           contrast: look.ratio(fg, bg), size: parseFloat(s.fontSize)} }"""
    )
    assert "md-skip" in skip["cls"], skip
    assert skip["opacity"] == 1 and skip["bgAlpha"] == 1 and skip["fgAlpha"] == 1, f"see-through skip link: {skip}"
    assert skip["contrast"] >= 4.5 and skip["size"] >= 16, skip


# ---------------------------------------------------------------- paper


def test_a_printed_page_is_dark_text_on_white_without_screen_furniture(server, new_page):
    page = new_page(color_scheme="dark")  # a reader on dark mode presses Ctrl+P
    open_page(page, server, "what-the-research-shows.md")
    page.emulate_media(media="print")
    found = page.evaluate(
        """() => { const look = window.__look, p = document.querySelector('article > p'), h1 = document.querySelector('article h1');
                   const bg = look.background(p);
                   return {bg: bg.slice(0, 3), text: look.contrast(getComputedStyle(p).color, p),
                           title: look.contrast(getComputedStyle(h1).color, h1), weight: parseInt(getComputedStyle(h1).fontWeight),
                           links: [...document.querySelectorAll('article .headerlink')].filter(a => a.checkVisibility()).length,
                           tables: [...document.querySelectorAll('article table')].map(t => getComputedStyle(t).display),
                           heads: [...document.querySelectorAll('article thead')].map(t => getComputedStyle(t).display),
                           width: document.querySelector('article').getBoundingClientRect().width / innerWidth} }"""
    )
    assert found["bg"] == [255, 255, 255], found
    assert found["text"] >= 7 and found["title"] >= 7 and found["weight"] >= 600, found
    assert found["links"] == 0, "section links print"
    assert set(found["tables"]) == {"table"} and set(found["heads"]) == {"table-header-group"}, found
    assert found["width"] > 0.8, f"the text uses only {found['width']:.0%} of the paper's width"


# ---------------------------------------------------------------- safety first


def test_the_get_help_box_on_risks_starts_within_two_phone_screens(server, new_page):
    """Issue 12: a worried reader on a phone meets 'when to get medical help'
    before they have scrolled past two screens, not six screens down."""
    page = new_page(viewport=PHONE)
    open_page(page, server, "risks-and-side-effects.md")
    top = page.evaluate("""() => {
      const box = [...document.querySelectorAll('article .admonition.danger')]
        .find(e => /get medical help/i.test(e.textContent));
      return box ? box.getBoundingClientRect().top + window.scrollY : null;
    }""")
    assert top is not None, "no 'When to get medical help' box on the Risks page"
    assert top < 2 * PHONE["height"], f"the box starts {top:.0f}px down, beyond two {PHONE['height']}px screens"
