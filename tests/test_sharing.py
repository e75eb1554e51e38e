"""Sharing links: stable addresses, link previews, structured data, the
sitemap, section links and the share button.

The HTML checks read the publishing build (`site`); the behaviour checks run
in Chromium against it (`server`, `browser`). Per-page tests take the page's
source path as their id, so a failure names the page.
"""

from __future__ import annotations

import datetime
import functools
import json
import os
import re
import shutil
import subprocess
import sys
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup
from PIL import Image

from conftest import CONFIG, NAV, NAV_SOURCES, PAGES, ROOT, SITE_PATH, SITE_URL, built_path, page_url
from guide import facts
from tools.server import SiteServer

PUBLISHED_URLS = ROOT / "tests" / "published-urls.txt"
SITE_NAME = CONFIG.site_name
CARD_SIZE = (1200, 630)
# Tags every page needs for a rich preview; Material's social plugin writes
# most of them, overrides/partials/share-meta.html the rest.
OPEN_GRAPH = ("og:title", "og:description", "og:url", "og:type", "og:site_name", "og:locale",
              "og:image", "og:image:width", "og:image:height", "og:image:alt")
TWITTER = ("twitter:card", "twitter:title", "twitter:description", "twitter:image", "twitter:image:alt")
URL_TAGS = ("og:url", "og:image", "twitter:image")

pages = pytest.mark.parametrize("src", NAV_SOURCES)


def published_paths() -> list[str]:
    lines = PUBLISHED_URLS.read_text(encoding="utf-8").splitlines()
    edition = facts.edition_date(CONFIG).isoformat()
    return [line.strip().replace("{edition}", edition) for line in lines if line.strip() and not line.startswith("#")]


def front_matter(src: str) -> dict:
    return facts.front_matter(CONFIG, src)


def absolute_url(src: str) -> str:
    return SITE_URL + PAGES[src].url


@functools.lru_cache(maxsize=None)
def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def soup_of(site: Path, src: str) -> BeautifulSoup:
    return _soup(site / built_path(src))


def meta_tags(soup: BeautifulSoup) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for tag in soup.select("head meta[content]"):
        key = tag.get("property") or tag.get("name")
        if key:
            found.setdefault(key, []).append(tag["content"])
    return found


def json_ld(soup: BeautifulSoup) -> list:
    return [json.loads(script.string) for script in soup.select('script[type="application/ld+json"]')]


def in_build(site: Path, url_path: str) -> Path:
    """The file in the build that a path under site_url serves."""
    relative = unquote(url_path.lstrip("/"))
    target = site / relative
    if url_path.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target


# --- Titles, descriptions, canonical addresses -------------------------------


def test_page_titles_are_unique(site):
    titles = [soup_of(site, src).title.get_text(strip=True) for src in NAV_SOURCES]
    repeated = sorted({t for t in titles if titles.count(t) > 1})
    assert not repeated, f"titles used by more than one page: {repeated}"


@pages
def test_title_reads_page_then_site(site, src):
    title = soup_of(site, src).title.get_text(strip=True)
    page_title = front_matter(src)["title"]
    expected = SITE_NAME if page_title == SITE_NAME else f"{page_title} – {SITE_NAME}"
    assert title == expected


def test_meta_descriptions_are_unique(site):
    descriptions = [meta_tags(soup_of(site, src))["description"][0] for src in NAV_SOURCES]
    repeated = sorted({d for d in descriptions if descriptions.count(d) > 1})
    assert not repeated, f"descriptions used by more than one page: {repeated}"


@pages
def test_meta_description_comes_from_front_matter(site, src):
    assert meta_tags(soup_of(site, src))["description"] == [front_matter(src)["description"]]


@pages
def test_canonical_url_is_the_published_address(site, src):
    canonical = soup_of(site, src).select('head link[rel="canonical"]')
    assert [link["href"] for link in canonical] == [absolute_url(src)]


# --- Link previews -----------------------------------------------------------


@pages
def test_page_has_every_link_preview_tag_once(site, src):
    tags = meta_tags(soup_of(site, src))
    missing = [key for key in OPEN_GRAPH + TWITTER if not tags.get(key)]
    repeated = [key for key in OPEN_GRAPH + TWITTER if len(tags.get(key, [])) > 1]
    assert not missing, f"missing: {missing}"
    assert not repeated, f"more than once: {repeated}"
    assert tags["twitter:card"] == ["summary_large_image"]
    assert tags["og:site_name"] == [SITE_NAME]
    assert tags["og:description"] == [front_matter(src)["description"]]


@pages
def test_preview_urls_are_absolute_and_under_site_url(site, src):
    tags = meta_tags(soup_of(site, src))
    for key in URL_TAGS:
        for url in tags.get(key, []):
            assert url.startswith(SITE_URL), f"{key} is {url}, not under {SITE_URL}"
    assert tags["og:url"] == [absolute_url(src)]


@pages
def test_preview_image_is_a_1200x630_png_in_the_build(site, src):
    tags = meta_tags(soup_of(site, src))
    [url] = tags["og:image"]
    assert tags["twitter:image"] == [url]
    image_file = in_build(site, "/" + url[len(SITE_URL):])
    assert image_file.is_file(), f"{url} is not in the build"
    with Image.open(image_file) as image:
        assert image.format == "PNG"
        assert image.size == CARD_SIZE
    assert (tags["og:image:width"], tags["og:image:height"]) == ([str(CARD_SIZE[0])], [str(CARD_SIZE[1])])


@pages
def test_preview_image_alt_names_the_page(site, src):
    tags = meta_tags(soup_of(site, src))
    assert front_matter(src)["title"] in tags["og:image:alt"][0]
    assert tags["twitter:image:alt"] == tags["og:image:alt"]


def _luminance(rgb) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(v) for v in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def test_card_text_has_enough_contrast(site):
    # The card's background (a corner pixel) against its lightest pixel (the text).
    with Image.open(site / "assets" / "images" / "social" / "index.png") as image:
        rgb = image.convert("RGB")
        background = rgb.getpixel((4, 4))
        text = max((colour for _, colour in rgb.getcolors(1 << 24)), key=_luminance)
    lighter, darker = sorted((_luminance(background), _luminance(text)), reverse=True)
    assert (lighter + 0.05) / (darker + 0.05) >= 4.5


def test_offline_copy_shares_published_addresses(site):
    # The copy's pages are files (x.html); what a reader copies, shares or prints
    # must still be the page on the published site.
    [archive_path] = site.glob("*-offline-*.zip")
    with zipfile.ZipFile(archive_path) as archive:
        for src in NAV_SOURCES:
            [member] = [m for m in archive.namelist() if m.split("/", 1)[1] == PAGES[src].file_dest]
            soup = BeautifulSoup(archive.read(member).decode("utf-8"), "html.parser")
            assert soup.select_one('link[rel="canonical"]')["href"] == absolute_url(src), src
            assert soup.select_one(".page-share")["data-share-url"] == absolute_url(src), src


# --- Structured data ---------------------------------------------------------


@pages
def test_json_ld_describes_the_page_as_a_medical_web_page(site, src):
    [data] = json_ld(soup_of(site, src))
    meta = front_matter(src)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "MedicalWebPage"
    assert data["name"] == meta["title"]
    assert data["description"] == meta["description"]
    assert data["url"] == absolute_url(src)
    assert datetime.date.fromisoformat(data["lastReviewed"]) == meta["last_reviewed"]
    assert {item["@type"] for item in data["about"]} == {"MedicalTherapy", "MedicalCondition"}
    assert data["audience"]["@type"] == "Patient"


@pages
def test_json_ld_claims_no_reviewer(site, src):
    # No clinician has reviewed the guide; the publisher is the editors, not a person.
    [data] = json_ld(soup_of(site, src))
    assert "reviewedBy" not in data
    assert data["publisher"]["@type"] == "Organization"


# --- Sitemap, robots.txt and the list of published addresses -----------------


def sitemap_locations(site: Path) -> list[str]:
    tree = ET.parse(site / "sitemap.xml")
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    return [loc.text.strip() for loc in tree.getroot().findall("s:url/s:loc", namespace)]


def test_sitemap_lists_every_page_by_absolute_address(site):
    locations = sitemap_locations(site)
    missing = [absolute_url(src) for src in NAV_SOURCES if absolute_url(src) not in locations]
    assert not missing, f"pages missing from sitemap.xml: {missing}"
    outside = [loc for loc in locations if not loc.startswith(SITE_URL)]
    assert not outside, f"sitemap.xml addresses not under {SITE_URL}: {outside}"


def test_sitemap_addresses_resolve_in_the_build(site):
    missing = [loc for loc in sitemap_locations(site) if not in_build(site, "/" + loc[len(SITE_URL):]).is_file()]
    assert not missing, f"sitemap.xml lists addresses the build does not serve: {missing}"


def test_robots_txt_points_to_the_sitemap(site):
    lines = (site / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert f"Sitemap: {SITE_URL}sitemap.xml" in lines
    assert "Disallow: /" not in lines


def test_every_page_is_in_the_published_list():
    listed = published_paths()
    missing = ["/" + page_url(src)[len(SITE_PATH):] for src in NAV_SOURCES
               if "/" + page_url(src)[len(SITE_PATH):] not in listed]
    assert not missing, f"add these to {PUBLISHED_URLS.name}: {missing}"


def _fetch(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, b""


REFRESH = re.compile(rb'http-equiv="refresh" content="0; url=([^"]+)"')


@pytest.mark.parametrize("path", published_paths())
def test_published_address_still_resolves(site, server, path):
    status, body = _fetch(server + path.lstrip("/"))
    assert status == 200, f"{path} answers {status} in the publishing build"
    assert in_build(site, path).is_file()
    redirect = REFRESH.search(body)
    if redirect:
        # A renamed page: the redirect must land on a page that exists.
        target = urljoin(server + path.lstrip("/"), redirect.group(1).decode())
        assert _fetch(target)[0] == 200


# --- Share control (HTML) ----------------------------------------------------


@pages
def test_email_link_carries_the_page_address(site, src):
    link = soup_of(site, src).select_one(".page-share a.page-share__email")
    assert link is not None, "no email link in the share control"
    href = link["href"]
    assert href.startswith("mailto:?subject=")
    assert absolute_url(src) in unquote(href)


# --- Redirects and offline cards, on a copy of the project --------------------

OLD_NAME = "how-microneedling-works.md"
NEW_NAME = "how-it-may-help-hair-grow.md"
NOT_COPIED = shutil.ignore_patterns(".git", ".venv", "node_modules", ".cache", "site", "site-*", "__pycache__",
                                    ".pytest_cache", "benchmark-results", "*.pdf", "*.zip")


def not_copied(folder: str, names: list[str]) -> set[str]:
    """Build output and caches; of the social cards' folder, all but its committed fonts,
    so the copy draws every card afresh."""
    if Path(folder) == ROOT / "social-cards":
        return {name for name in names if name != "fonts"}
    return set(NOT_COPIED(folder, names))
# Runs `mkdocs build` with every network connection refused and reported.
NO_NETWORK = r"""
import socket, sys
def refuse(*args, **kwargs):
    sys.stderr.write("NETWORK ATTEMPT %r\n" % (args[:2],))
    raise OSError("network access is blocked in this build")
socket.socket.connect = socket.socket.connect_ex = refuse
socket.create_connection = socket.getaddrinfo = refuse
from mkdocs.__main__ import cli
cli(sys.argv[1:], prog_name="mkdocs")
"""


@pytest.fixture(scope="module")
def renamed_copy(tmp_path_factory):
    """A copy of the project with one page renamed and its redirect added,
    built with no cached cards and no network: (site directory, stderr)."""
    project = tmp_path_factory.mktemp("renamed") / "project"
    shutil.copytree(ROOT, project, ignore=not_copied)
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert text.count("redirect_maps: {}") == 1, "mkdocs.yml no longer has an empty redirect_maps"
    config.write_text(text.replace("redirect_maps: {}", f"redirect_maps:\n        {OLD_NAME}: {NEW_NAME}"),
                      encoding="utf-8")
    site_dir = project / "site-out"
    result = subprocess.run(
        [sys.executable, "-c", NO_NETWORK, "build", "--strict", "--site-dir", str(site_dir)],
        cwd=project, capture_output=True, text=True,
        env={**os.environ, "SITE_URL": SITE_URL, "NO_MKDOCS_2_WARNING": "1", "PUBLISH": "true"},
    )
    assert result.returncode == 0, f"the build of the copy failed:\n{result.stderr[-3000:]}"
    return site_dir, result.stderr


def test_social_cards_build_with_no_network(renamed_copy):
    site_dir, log = renamed_copy
    assert "NETWORK ATTEMPT" not in log
    cards = sorted((site_dir / "assets" / "images" / "social").glob("*.png"))
    assert len(cards) >= len(NAV_SOURCES)


def test_renamed_page_redirects_to_its_new_address(renamed_copy, browser):
    site_dir, _ = renamed_copy
    with SiteServer(site_dir, SITE_PATH) as served:
        base = served.url
        page = browser.new_page()
        page.goto(base + "how-microneedling-works/")
        page.wait_for_url(base + "how-it-may-help-hair-grow/")
        assert page.locator("h1").count() == 1
        page.close()


# --- In Chromium -------------------------------------------------------------

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 800}}
NO_WEB_SHARE = "delete Navigator.prototype.share; delete Navigator.prototype.canShare;"
FAKE_WEB_SHARE = """
window.__shared = [];
Object.defineProperty(Navigator.prototype, "share", {
  configurable: true,
  value: function (data) { window.__shared.push(data); return Promise.resolve(); },
});
"""


def sections(site: Path) -> list[tuple[str, str]]:
    """(page source, heading id) for every h2 and h3 that has a permalink."""
    found = []
    for src in NAV_SOURCES:
        for heading in soup_of(site, src).select("article h2[id], article h3[id]"):
            if heading.select_one("a.headerlink"):
                found.append((src, heading["id"]))
    return found


def deep_section(site: Path) -> tuple[str, str]:
    """A heading halfway down the longest page, so opening it must scroll."""
    longest = max(NAV_SOURCES, key=lambda src: (site / built_path(src)).stat().st_size)
    ids = [heading_id for src, heading_id in sections(site) if src == longest]
    assert ids, f"{longest} has no h2 or h3 with a permalink"
    return longest, ids[len(ids) // 2]


@pytest.fixture
def context(browser, server):
    made = []

    def make(init_script: str = NO_WEB_SHARE, **options):
        ctx = browser.new_context(**{**DESKTOP, **options})
        ctx.grant_permissions(["clipboard-read", "clipboard-write"], origin=server.split(SITE_PATH)[0])
        ctx.add_init_script(init_script)
        made.append(ctx)
        return ctx.new_page()

    yield make
    for ctx in made:
        ctx.close()


def confirmation(page, text: str):
    """Wait for Material's toast to show `text` in its live region; return the region."""
    region = page.locator(".md-dialog.md-dialog--active .md-dialog__inner")
    region.filter(has_text=text).wait_for(state="visible", timeout=5000)
    return region


def clipboard(page) -> str:
    return page.evaluate("navigator.clipboard.readText()")


def test_every_section_has_a_permalink(site):
    for src in NAV_SOURCES:
        headings = soup_of(site, src).select("article h2[id], article h3[id]")
        without = [h["id"] for h in headings if not h.select_one("a.headerlink")]
        assert not without, f"{src}: headings with no permalink: {without}"
    assert sections(site), "no page has an h2 or h3"


@pytest.mark.parametrize("options", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_clicking_a_permalink_copies_the_section_address(site, server, context, options):
    src, heading_id = sections(site)[0]
    page = context(**options)
    page.goto(server + page_url(src)[len(SITE_PATH):])
    link = page.locator(f'[id="{heading_id}"] a.headerlink')
    link.scroll_into_view_if_needed()
    link.click()
    region = confirmation(page, "Link to this section copied")
    assert region.get_attribute("role") == "status"
    assert clipboard(page) == f"{absolute_url(src)}#{heading_id}"
    assert page.url.endswith(f"#{heading_id}")


def test_share_button_uses_the_web_share_api_when_present(site, server, context):
    src = NAV_SOURCES[1]
    page = context(FAKE_WEB_SHARE)
    page.goto(server + page_url(src)[len(SITE_PATH):])
    button = page.locator(".page-share__button")
    assert button.inner_text().strip() == "Share"
    button.click()
    page.wait_for_function("window.__shared.length > 0")
    [shared] = page.evaluate("window.__shared")
    assert shared["url"] == absolute_url(src)
    assert shared["title"] == f"{front_matter(src)['title']} – {SITE_NAME}"


def test_share_button_copies_the_link_without_web_share(site, server, context):
    src = NAV_SOURCES[1]
    page = context()
    page.goto(server + page_url(src)[len(SITE_PATH):])
    button = page.locator(".page-share__button")
    assert button.inner_text().strip() == "Copy link"
    button.click()
    confirmation(page, "Link to this page copied")
    assert clipboard(page) == absolute_url(src)


def test_share_button_works_from_the_keyboard(site, server, context):
    src = NAV_SOURCES[1]
    page = context()
    page.goto(server + page_url(src)[len(SITE_PATH):])
    page.locator(".page-share__button").focus()
    page.keyboard.press("Enter")
    confirmation(page, "Link to this page copied")
    assert clipboard(page) == absolute_url(src)


def test_share_button_works_after_instant_navigation(site, browser):
    # Material makes links instant only when they match its sitemap, and it drops
    # the port when comparing; so this test opens the site at its published
    # address, with every request answered from the build.
    first, (second_title, second) = NAV_SOURCES[0], NAV[1]
    ctx = browser.new_context(**DESKTOP)
    try:
        ctx.grant_permissions(["clipboard-read", "clipboard-write"], origin=SITE_URL.split(SITE_PATH)[0])
        ctx.add_init_script(NO_WEB_SHARE)
        ctx.route(SITE_URL + "**", functools.partial(_answer_from_build, site))
        page = ctx.new_page()
        page.goto(absolute_url(first), wait_until="networkidle")
        page.evaluate("window.__sameDocument = true")
        page.locator(".md-sidebar--primary a.md-nav__link", has_text=second_title).first.click()
        page.wait_for_url(absolute_url(second))
        page.locator("h1", has_text=front_matter(second)["title"]).wait_for()
        assert page.evaluate("window.__sameDocument === true"), "the page was reloaded, not swapped in"
        page.locator(".page-share__button").click()
        confirmation(page, "Link to this page copied")
        assert clipboard(page) == absolute_url(second)
    finally:
        ctx.close()


def _answer_from_build(site: Path, route):
    path = urlsplit(route.request.url).path
    target = in_build(site, path[len(SITE_PATH) - 1:]) if path.startswith(SITE_PATH) else None
    if target is None or not target.is_file():
        route.fulfill(status=404, body="not in the build")
    else:
        route.fulfill(path=target)




def test_share_controls_are_at_least_24px(site, server, context):
    page = context(**PHONE)
    page.goto(server + page_url(NAV_SOURCES[1])[len(SITE_PATH):])
    # Section links inside a closed <details> are out of reach until it is opened.
    targets = page.locator(".page-share__button, .page-share__email, article :is(h2, h3) > a.headerlink")
    targets = targets.filter(visible=True)
    assert targets.count() >= 2
    for index in range(targets.count()):
        target = targets.nth(index)
        target.scroll_into_view_if_needed()
        box = target.bounding_box()
        assert box["width"] >= 24 and box["height"] >= 24, f"{target.evaluate('e => e.outerHTML')[:80]}: {box}"


def test_share_button_and_section_links_have_names(site, server, context):
    page = context()
    page.goto(server + page_url(NAV_SOURCES[1])[len(SITE_PATH):])
    assert page.get_by_role("button", name="Copy link").count() == 1
    assert page.get_by_role("link", name="Email a link").count() == 1
    assert page.get_by_role("group", name="Share this page").count() == 1
    for link in page.locator("article a.headerlink").all():
        assert link.get_attribute("aria-label").startswith("Copy link to section: ")
        assert len(link.get_attribute("aria-label")) > len("Copy link to section: ")


def test_without_javascript_only_the_email_link_shows(server, browser):
    ctx = browser.new_context(java_script_enabled=False, **DESKTOP)
    try:
        page = ctx.new_page()
        page.goto(server + page_url(NAV_SOURCES[1])[len(SITE_PATH):])
        assert page.locator(".page-share__email").is_visible()
        assert page.locator(".page-share__button").is_hidden(), "a button that cannot work is shown"
    finally:
        ctx.close()


def test_sharing_sends_no_request_to_another_host(site, server, context):
    page = context()
    hosts = set()
    # A worker made from a blob: (assets/js/search-on-demand.js) is no request to a host.
    page.on("request", lambda request: request.url.startswith("blob:") or hosts.add(urlsplit(request.url).hostname))
    src, heading_id = sections(site)[0]
    page.goto(server + page_url(src)[len(SITE_PATH):])
    page.locator(".page-share__button").click()
    confirmation(page, "Link to this page copied")
    page.locator(f'[id="{heading_id}"] a.headerlink').click()
    confirmation(page, "Link to this section copied")
    assert hosts == {"127.0.0.1"}


@pytest.mark.parametrize("options", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_section_link_opens_with_heading_below_the_header(site, server, context, options):
    src, heading_id = deep_section(site)
    page = context(**options)
    page.goto(server + page_url(src)[len(SITE_PATH):] + "#" + heading_id, wait_until="networkidle")
    page.evaluate("document.fonts.ready.then(() => true)")
    header = page.locator("header.md-header").bounding_box()
    heading = page.locator(f'[id="{heading_id}"]').bounding_box()
    viewport = options["viewport"]
    assert heading["y"] >= header["y"] + header["height"], f"heading at {heading['y']}, header ends {header['y'] + header['height']}"
    assert heading["y"] + heading["height"] <= viewport["height"], "the heading is not in view"
    assert page.evaluate("window.scrollY") > 0, "the page did not scroll to the section"
