"""The offline copy: unzipped into a folder and opened from file:// in Chromium,
every link resolves to a file, search finds things, and nothing leaves the machine."""

from __future__ import annotations

import zipfile
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from conftest import CONFIG, NAV, NAV_SOURCES, PAGES
from guide import facts
from tools import offline

LOCAL_SCHEMES = ("file:", "data:", "blob:", "about:")


@pytest.fixture(scope="session")
def offline_zip(site) -> Path:
    found = sorted(site.glob("*.zip"))
    assert len(found) == 1, f"expected one offline zip in the site, found {[p.name for p in found]}"
    return found[0]


@pytest.fixture(scope="session")
def offline_copy(offline_zip, tmp_path_factory) -> Path:
    """The copy as a reader has it after unzipping: one folder holding index.html."""
    target = tmp_path_factory.mktemp("unzipped")
    with zipfile.ZipFile(offline_zip) as archive:
        archive.extractall(target)
    folders = [p for p in target.iterdir()]
    assert len(folders) == 1 and folders[0].is_dir(), f"the zip should hold one folder, not {folders}"
    return folders[0]


def offline_page(copy: Path, src: str) -> Path:
    return copy / PAGES[src].file_dest


def test_zip_is_named_after_the_guide_and_its_edition(offline_zip, offline_copy):
    assert offline_zip.name == f"microneedling-guide-offline-{facts.edition_date(CONFIG).isoformat()}.zip"
    assert offline_copy.name == offline_zip.stem


def test_the_copy_as_unzipped_passes_the_offline_check(offline_copy):
    # The same check the publishing build runs before zipping: every link names a
    # file in the copy, search has its index, nothing loads from unpkg.com.
    assert offline.problems(offline_copy) == []


def test_every_page_of_the_copy_links_to_the_pdf_inside_the_copy(site, offline_copy):
    # Read from a folder, the PDF must open without the internet: it travels in the zip.
    name = facts.downloads(CONFIG)["pdf"]
    assert (offline_copy / name).read_bytes() == (site / name).read_bytes(), "the copy's PDF is not the site's"
    for src in NAV_SOURCES:
        page = offline_page(offline_copy, src)
        links = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select(f'a[href$="{name}"]')
        assert links, f"{src}: no link to the PDF"
        for link in links:
            assert "://" not in link["href"], f"{src}: the PDF link goes to the web: {link['href']}"
            assert (page.parent / link["href"]).resolve() == (offline_copy / name).resolve(), link["href"]
            assert "(PDF, " in link.get_text(), f"{src}: the PDF link does not give its size"


def test_the_copys_print_page_shows_its_edition_date(offline_copy):
    soup = BeautifulSoup((offline_copy / "print_page.html").read_text(encoding="utf-8"), "html.parser")
    edition = facts.edition_date(CONFIG)
    dates = [t.get_text(strip=True) for t in soup.select("time[data-edition-date]")]
    assert dates and all(d == f"{edition.day} {edition:%B %Y}" for d in dates), dates


@pytest.fixture
def file_page(browser):
    """A page that records every request other than file://, data: and blob:."""
    context = browser.new_context()
    page = context.new_page()
    page.outside = []
    page.errors = []
    context.on("request", lambda r: None if r.url.startswith(LOCAL_SCHEMES) else page.outside.append(r.url))
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    yield page
    context.close()


@pytest.mark.parametrize("src", NAV_SOURCES)
def test_page_opens_from_the_folder_without_a_request_leaving_the_machine(src, offline_copy, file_page):
    file_page.goto(offline_page(offline_copy, src).as_uri())
    file_page.wait_for_load_state("networkidle")
    assert file_page.is_visible("article h1"), f"{src}: no heading shown from file://"
    assert file_page.evaluate("getComputedStyle(document.body).fontFamily").startswith('"Atkinson'), (
        f"{src}: the stylesheets did not load from the folder"
    )
    assert not file_page.outside, f"{src}: requests left the machine: {file_page.outside}"
    assert not file_page.errors, f"{src}: script errors: {file_page.errors}"


def test_search_in_the_copy_returns_results(offline_copy, file_page):
    file_page.goto(offline_page(offline_copy, "index.md").as_uri())
    file_page.wait_for_load_state("networkidle")
    # Material's search reacts to typing, not to page.fill().
    file_page.click(".md-search__input")
    file_page.keyboard.type("scalp")
    file_page.wait_for_selector(".md-search-result__item", timeout=15_000)
    first = file_page.locator(".md-search-result__item a").first
    href = first.get_attribute("href")
    assert href.startswith("file:") or not urlsplit(href).scheme, f"a search result leads to {href}"
    first.click()
    file_page.wait_for_load_state("load")
    assert file_page.url.startswith("file:") and ".html" in file_page.url
    assert not file_page.outside, f"requests left the machine: {file_page.outside}"
    assert not file_page.errors, f"script errors: {file_page.errors}"


def test_menu_links_in_the_copy_open_pages(offline_copy, file_page):
    file_page.goto(offline_page(offline_copy, "index.md").as_uri())
    for title, src in NAV[1:]:
        file_page.locator(".md-sidebar--primary .md-nav__link", has_text=title).first.click()
        file_page.wait_for_load_state("load")
        assert file_page.url == offline_page(offline_copy, src).as_uri(), f"'{title}' opened {file_page.url}"
    assert not file_page.outside, f"requests left the machine: {file_page.outside}"


def test_phone_menu_button_in_the_copy_opens_the_menu_and_its_links(offline_copy, file_page):
    file_page.set_viewport_size({"width": 390, "height": 844})
    file_page.goto(offline_page(offline_copy, "index.md").as_uri())
    file_page.wait_for_load_state("networkidle")
    title, src = NAV[3]
    file_page.click('button.md-header__button[data-toggles="__drawer"]')
    assert file_page.get_attribute('button[data-toggles="__drawer"]', "aria-expanded") == "true"
    file_page.locator(".md-sidebar--primary .md-nav__link", has_text=title).first.click()
    file_page.wait_for_load_state("load")
    assert file_page.url == offline_page(offline_copy, src).as_uri(), f"'{title}' opened {file_page.url}"
    assert file_page.locator('.md-header__button:is([for=__drawer], [data-toggles="__drawer"])').count() == 1
    assert not file_page.errors, f"script errors: {file_page.errors}"
