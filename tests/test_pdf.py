"""The whole-guide PDF and printing a single page.

The PDF is read back with pypdf (a different library from the one that
finishes it), from the session's publishing build.
"""

from __future__ import annotations

import functools
import io
import json
import re
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader
from pypdf.generic import IndirectObject

from conftest import CONFIG, NAV, SITE_PATH, SITE_URL, built_path, page_url
from guide import facts
from guide.links import broken_links
from hooks.print_page import fix_ids
from tools import pdf, publish

PDF_NAME = facts.downloads(CONFIG)["pdf"]
MAX_BYTES = 3_000_000
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "0.0.0.0"}


def page_key(src: str) -> str:
    """The id print-site gives a page's section on the print page ('index', 'what-is-microneedling')."""
    html = built_path(src)
    return "index" if html == "index.html" else html[: -len("/index.html")].replace("/", "-")


def heading(site: Path, src: str) -> str:
    soup = BeautifulSoup((site / built_path(src)).read_text(encoding="utf-8"), "html.parser")
    h1 = soup.select_one("article h1")
    for link in h1.select(".headerlink"):
        link.decompose()
    return " ".join(h1.get_text(" ").split())


def squash(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def reader(site) -> PdfReader:
    return PdfReader(site / PDF_NAME)


@pytest.fixture(scope="module")
def texts(reader) -> list[str]:
    return [squash(page.extract_text() or "") for page in reader.pages]


@pytest.fixture(scope="module")
def destinations(reader) -> dict[str, int]:
    """Named destination (without the leading '/') -> 0-based page index."""
    found = {}
    for name, destination in reader.named_destinations.items():
        found[str(name).removeprefix("/")] = reader.get_destination_page_number(destination)
    return found


@pytest.fixture(scope="module")
def links(reader) -> list[tuple[int, dict]]:
    """(page index, link annotation) for every link in the PDF."""
    found = []
    for index, page in enumerate(reader.pages):
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            if annotation.get("/Subtype") == "/Link":
                found.append((index, annotation))
    return found


def uri_of(annotation) -> str | None:
    action = annotation.get("/A")
    action = action.get_object() if action is not None else None
    if action is not None and action.get("/S") == "/URI":
        return str(action["/URI"])
    return None


def dest_name_of(annotation) -> str | None:
    dest = annotation.get("/Dest")
    action = annotation.get("/A")
    action = action.get_object() if action is not None else None
    if dest is None and action is not None and action.get("/S") == "/GoTo":
        dest = action.get("/D")
    if isinstance(dest, IndirectObject):
        dest = dest.get_object()
    return None if dest is None else str(dest).removeprefix("/")


# --- the file -----------------------------------------------------------------


def test_pdf_is_published_in_the_site_at_its_stable_address(site):
    path = site / PDF_NAME
    assert path.is_file(), f"{PDF_NAME} is not in the build"
    assert path.read_bytes()[:5] == b"%PDF-"
    assert re.fullmatch(r"[a-z0-9-]+\.pdf", PDF_NAME), "the file name should read like the guide's title"


def test_pdf_stays_under_3_mb(site):
    size = (site / PDF_NAME).stat().st_size
    assert size < MAX_BYTES, f"the PDF is {size:,} bytes; the limit is {MAX_BYTES:,}"


# --- contents and order ---------------------------------------------------------


def test_every_nav_chapter_starts_a_page_in_nav_order(site, texts, destinations):
    starts = []
    for title, src in NAV:
        key = page_key(src)
        assert key in destinations, f"{src}: no destination '{key}' for its chapter in the PDF"
        index = destinations[key]
        assert heading(site, src) in texts[index], f"{src}: its heading is not on the chapter's first page {index + 1}"
        starts.append(index)
    assert starts == sorted(starts) and len(set(starts)) == len(starts), (
        f"chapters do not start on pages in nav order: {dict(zip([s for _, s in NAV], starts))}"
    )


def test_glossary_and_references_come_after_every_chapter_of_advice(destinations):
    starts = {src: destinations[page_key(src)] for _, src in NAV}
    back = [src for src in starts if src in ("glossary.md", "references.md")]
    assert back == ["glossary.md", "references.md"]
    advice = [src for src in starts if src not in back and src != "about.md"]
    assert max(starts[s] for s in advice) < starts["glossary.md"] < starts["references.md"]


def test_contents_page_lists_every_chapter_with_its_page_number(reader, texts, destinations):
    index = next((i for i in (1, 2) if "Contents" in texts[i]), None)
    assert index, "no contents page right after the cover"
    # Layout mode reads each line left to right, as a reader sees it.
    contents = squash(reader.pages[index].extract_text(extraction_mode="layout"))
    position = 0
    for title, src in NAV:
        number = destinations[page_key(src)] + 1
        match = re.compile(re.escape(title) + r"\s*" + str(number) + r"\b").search(contents, position)
        assert match, f"the contents do not list '{title}' with page {number} after the previous chapter"
        position = match.end()


def test_cover_has_title_edition_site_address_and_advice_notice(texts):
    cover = texts[0]
    edition = facts.edition_date(CONFIG)
    assert CONFIG.site_name in cover
    assert f"{edition.day} {edition:%B %Y}" in cover, "the cover does not give the edition date"
    assert SITE_URL in cover, "the cover does not give the live site's address"
    assert "Not a substitute for professional advice" in cover


def test_bookmarks_cover_every_chapter_and_its_sections(site, reader, destinations):
    outline = reader.outline
    top = []  # (title, page index, child bookmarks)
    for i, item in enumerate(outline):
        if not isinstance(item, list):
            children = outline[i + 1] if i + 1 < len(outline) and isinstance(outline[i + 1], list) else []
            top.append((squash(item.title), reader.get_destination_page_number(item), children))
    previous = -1
    for _, src in NAV:
        wanted = (heading(site, src), destinations[page_key(src)])
        found = [i for i, (title, page, _) in enumerate(top) if (title, page) == wanted]
        assert found, f"{src}: no bookmark '{wanted[0]}' to page {wanted[1] + 1}"
        assert found[0] > previous, f"{src}: its bookmark is out of nav order"
        previous = found[0]
        sections = BeautifulSoup((site / built_path(src)).read_text(encoding="utf-8"), "html.parser").select("article h2")
        if sections:
            assert top[found[0]][2], f"{src}: the chapter's bookmark has no section bookmarks under it"


# --- links ----------------------------------------------------------------------


def test_every_internal_link_lands_on_a_destination_in_the_pdf(links, destinations):
    internal = [(page, dest_name_of(a)) for page, a in links if uri_of(a) is None]
    assert len(internal) > len(NAV), "expected the contents, footnotes and cross-references as internal links"
    missing = sorted({name for _, name in internal if name not in destinations})
    assert not missing, f"internal links to destinations that are not in the PDF: {missing[:10]}"


def test_no_link_points_to_this_machine_or_a_file(links):
    bad = []
    for _, annotation in links:
        uri = uri_of(annotation)
        if uri is None:
            continue
        parts = urlsplit(uri)
        if parts.scheme not in ("http", "https", "mailto") or (parts.hostname or "") in LOCAL_HOSTS:
            bad.append(uri)
    assert not bad, f"links to the local machine or to files: {bad[:10]}"


def test_links_between_pages_stay_inside_the_pdf(links):
    # The cover's link to the live site is the one link meant to go there, besides
    # downloads (the offline zip), which are files on the site, not pages in the PDF.
    to_site = [
        uri_of(a) for _, a in links
        if (uri_of(a) or "").startswith(SITE_URL) and uri_of(a) != SITE_URL and not uri_of(a).endswith(".zip")
    ]
    assert not to_site, f"links to pages of the guide that go to the web instead of inside the PDF: {to_site[:10]}"


def test_citations_and_footnotes_jump_inside_the_pdf(site, links, destinations):
    html = (site / "print_page" / "index.html").read_text(encoding="utf-8")
    citation_targets = set(re.findall(r'class="footnote-ref" href="#([^"]+)"', html))
    full_reference_targets = set(re.findall(r'href="#(references-ref-[^"]+)"', html))
    assert citation_targets and full_reference_targets, "the print page has no citations to check"
    linked = {dest_name_of(a) for _, a in links if uri_of(a) is None}
    for name in sorted(citation_targets | full_reference_targets):
        assert name in linked, f"no link in the PDF jumps to '{name}'"
        assert name in destinations, f"'{name}' is not a destination in the PDF"


def test_doi_and_pubmed_links_stay_web_links(site, links):
    soup = BeautifulSoup((site / built_path("references.md")).read_text(encoding="utf-8"), "html.parser")
    wanted = {a["href"] for a in soup.select("ol.references a[href]")
              if urlsplit(a["href"]).hostname in ("doi.org", "pubmed.ncbi.nlm.nih.gov", "pmc.ncbi.nlm.nih.gov")}
    assert wanted, "the references page has no DOI or PubMed links"
    in_pdf = {uri_of(a) for _, a in links}
    missing = sorted(wanted - in_pdf)
    assert not missing, f"DOI/PubMed links that are not clickable in the PDF: {missing[:10]}"


# --- document properties ---------------------------------------------------------


def test_pdf_has_title_publisher_subject_and_language(site, reader):
    info = reader.metadata
    assert info.title == CONFIG.site_name
    # The same publisher as the pages' structured data (overrides/partials/share-meta.html).
    [data] = [json.loads(s.string) for s in BeautifulSoup((site / "index.html").read_text(encoding="utf-8"),
                                                          "html.parser").select('script[type="application/ld+json"]')]
    assert info.author == data["publisher"]["name"]
    assert info.subject == " ".join(CONFIG.site_description.split())
    root = reader.trailer["/Root"]
    assert str(root["/Lang"]) == CONFIG.theme["language"]
    assert root["/ViewerPreferences"]["/DisplayDocTitle"] is True or bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    xmp = reader.xmp_metadata
    assert xmp is not None and xmp.dc_title.get("x-default") == CONFIG.site_name


def test_pdf_is_tagged(reader):
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"], "the PDF is not marked as tagged"
    tree = root["/StructTreeRoot"].get_object()
    assert tree.get("/K") is not None, "the structure tree is empty"


def test_every_font_is_embedded(reader):
    checked = set()
    missing = []
    for index, page in enumerate(reader.pages):
        fonts = (page.get("/Resources") or {}).get("/Font") or {}
        for font in fonts.values():
            font = font.get_object()
            name = str(font.get("/BaseFont"))
            if name in checked:
                continue
            checked.add(name)
            for part in [font] + [d.get_object() for d in font.get("/DescendantFonts") or []]:
                descriptor = part.get("/FontDescriptor")
                if descriptor is None:
                    continue
                descriptor = descriptor.get_object()
                if not any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")):
                    missing.append(f"{name} (page {index + 1})")
    assert checked, "no fonts found"
    assert not missing, f"fonts not embedded: {missing}"


def test_every_page_but_the_cover_has_its_number_and_the_running_title(texts):
    total = len(texts)
    assert f"1 / {total}" not in texts[0], "the cover should not carry a page number"
    for number, text in enumerate(texts[1:], start=2):
        assert f"{number} / {total}" in text, f"page {number} does not say '{number} / {total}'"
        assert CONFIG.site_name in text, f"page {number} has no running title"


# --- the download link -----------------------------------------------------------


def test_every_page_links_to_the_pdf_with_its_real_size(site):
    size = pdf.human_size((site / PDF_NAME).stat().st_size)
    for _, src in NAV:
        soup = BeautifulSoup((site / built_path(src)).read_text(encoding="utf-8"), "html.parser")
        link = soup.select_one(f'article a[href$="{PDF_NAME}"]')
        assert link is not None, f"{src}: no link to the PDF"
        assert squash(link.get_text()) == f"Download the whole guide (PDF, {size})", f"{src}: {link.get_text()!r}"
        assert (site / built_path(src)).parent.joinpath(link["href"]).resolve() == (site / PDF_NAME).resolve()


def _answer_from_build(site: Path, route):
    """Answer a request for the published address from the build."""
    path = urlsplit(route.request.url).path
    rel = path[len(SITE_PATH):] if path.startswith(SITE_PATH) else None
    target = None if rel is None else site / rel
    if target is not None and (path.endswith("/") or target.is_dir()):
        target = target / "index.html"
    if target is None or not target.is_file():
        route.fulfill(status=404, body="not in the build")
    else:
        route.fulfill(path=target)


def test_download_link_still_works_after_instant_navigation(browser, site):
    # Material makes a link instant only when it matches the sitemap, whose
    # addresses are the published ones; so the site is opened at its published
    # address, with every request answered from the build.
    context = browser.new_context(accept_downloads=True, viewport={"width": 1280, "height": 800})
    try:
        context.route(SITE_URL + "**", functools.partial(_answer_from_build, site))
        page = context.new_page()
        page.goto(SITE_URL, wait_until="networkidle")
        page.evaluate("window.__beforeInstantNavigation = true")
        title, src = NAV[2]
        page.locator(".md-sidebar--primary a.md-nav__link", has_text=title).first.click()
        page.wait_for_url(SITE_URL + page_url(src).removeprefix(SITE_PATH))
        page.locator("article h1", has_text=heading(site, src)).wait_for()
        assert page.evaluate("window.__beforeInstantNavigation === true"), (
            "the click reloaded the page: instant navigation was not used, so this test proves nothing"
        )
        with page.expect_download() as download_info:
            page.locator(f'.guide-download a[href$="{PDF_NAME}"]').click()
        download = download_info.value
        assert download.url == SITE_URL + PDF_NAME
        assert download.suggested_filename == PDF_NAME
        # Chromium cancels downloads answered by a test route, so fetch the same address to check what it serves.
        size = page.evaluate("url => fetch(url).then(r => r.arrayBuffer()).then(b => b.byteLength)", download.url)
        assert size == (site / PDF_NAME).stat().st_size
    finally:
        context.close()


# --- printing one page -----------------------------------------------------------


@pytest.fixture
def print_page_of(browser, server):
    contexts = []

    def open_printed(src: str):
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        contexts.append(context)
        page = context.new_page()
        page.goto(server + page_url(src).removeprefix(urlsplit(server).path))
        page.emulate_media(media="print")
        return page

    yield open_printed
    for context in contexts:
        context.close()


def test_printing_a_page_shows_only_its_content_title_dates_and_address(print_page_of):
    src = "risks-and-side-effects.md"
    page = print_page_of(src)
    for selector in (".md-header", ".md-sidebar--primary", ".md-search", ".md-footer", ".guide-download",
                     ".md-content__button", ".md-top"):
        for element in page.locator(selector).all():
            assert not element.is_visible(), f"printing {src} shows {selector}"
    assert page.locator("article h1").first.is_visible()
    dates = page.locator(".review-dates")
    assert dates.is_visible() and "last reviewed" in dates.inner_text()
    address = page.locator(".print-only")
    assert address.is_visible(), "the printed page does not say where it came from"
    assert SITE_URL + "risks-and-side-effects/" in address.inner_text()


def test_printing_a_page_uses_the_readers_paper_size(print_page_of):
    page = print_page_of("what-is-microneedling.md")
    # With CSS page sizes preferred, a stray `@page { size: A4 }` (print-site's own
    # stylesheet) would win over the reader's US Letter.
    printed = PdfReader(io.BytesIO(page.pdf(format="Letter", prefer_css_page_size=True)))
    box = printed.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792), "the page was not printed on Letter"
    assert not page.locator('link[href*="print-site"]').count(), "print-site's stylesheet is loaded on ordinary pages"


# --- failing loudly --------------------------------------------------------------


@pytest.fixture
def site_copy(site, tmp_path) -> Path:
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    return copy


def test_missing_chromium_stops_the_build_with_what_to_install(site_copy, monkeypatch):
    monkeypatch.setenv("CHROMIUM_PATH", str(site_copy / "no-such-chromium"))
    monkeypatch.setenv("SITE_URL", SITE_URL)
    # The site step copies the finished build (it was already checked); the PDF step runs for real.
    monkeypatch.setattr(publish, "mkdocs_build", lambda site_dir, *args, **kwargs: None)
    assert (site_copy / PDF_NAME).is_file()
    with pytest.raises(publish.BuildError) as failure:
        publish.build(site_copy)
    message = str(failure.value)
    assert "PDF" in message and "apt-get install chromium" in message and "CHROMIUM_PATH" in message
    assert not (site_copy / PDF_NAME).exists(), "a PDF from an earlier build was left behind"


def test_a_chromium_that_will_not_start_stops_the_pdf_with_what_to_install(site_copy, monkeypatch):
    fake = site_copy / "fake-chromium"
    fake.write_text('#!/bin/sh\n[ "$1" = "--version" ] && echo "Chromium 1.0" && exit 0\nexit 1\n')
    fake.chmod(0o755)
    monkeypatch.setenv("CHROMIUM_PATH", str(fake))
    monkeypatch.setenv("SITE_URL", SITE_URL)
    with pytest.raises(pdf.PdfError) as failure:
        pdf.build_pdf(site_copy, facts.load())
    message = str(failure.value)
    assert "did not start" in message and "apt-get install chromium" in message
    assert not (site_copy / PDF_NAME).exists(), "a PDF from an earlier build was left behind"


def test_publishing_stops_when_a_download_link_has_no_file(site_copy, monkeypatch):
    monkeypatch.setenv("SITE_URL", SITE_URL)
    (site_copy / PDF_NAME).unlink()
    with pytest.raises(publish.BuildError, match=re.escape(PDF_NAME)):
        publish.check_download_links(site_copy, facts.load())


def test_download_size_placeholder_is_filled_on_every_page(tmp_path):
    for name in ("index.html", "a/index.html"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(f"<p>{pdf.SIZE_PLACEHOLDER}</p>", encoding="utf-8")
    assert pdf.fill_in_size(tmp_path, 1_234_567) == 2
    assert "(PDF, 1.2 MB)" in (tmp_path / "a/index.html").read_text(encoding="utf-8")


def test_missing_download_link_is_an_error(tmp_path):
    (tmp_path / "index.html").write_text("<p>no link</p>", encoding="utf-8")
    with pytest.raises(pdf.PdfError, match="download link"):
        pdf.fill_in_size(tmp_path, 1000)


# --- the print page's links ------------------------------------------------------


def test_print_page_hook_gives_footnote_markers_the_ids_their_links_expect():
    html = (
        '<section class="print-page" id="risks" heading-number="1">'
        '<p><abbr title="x">term</abbr> text <sup id="fnref:a"><a href="#risks-fn:a">1</a></sup></p>'
        '<li id="risks-fn:a"><a href="#risks-fnref:a">back</a></li></section>'
        '<section class="print-page" id="other" heading-number="2"><sup id="fnref:a"></sup></section>'
    )
    fixed = fix_ids(html)
    assert '<sup id="risks-fnref:a">' in fixed
    assert '<section class="print-page" id="other" heading-number="2"><sup id="fnref:a">' in fixed, (
        "an id in another page's section was renamed"
    )


def test_print_page_shows_each_page_as_built(site):
    # print-site keeps each page's HTML when it sees it: nothing may change a page after that.
    printed = BeautifulSoup((site / "print_page" / "index.html").read_text(encoding="utf-8"), "html.parser")
    checked = 0
    for _, src in NAV:
        page = BeautifulSoup((site / built_path(src)).read_text(encoding="utf-8"), "html.parser")
        wanted = [i.get("aria-label") for i in page.select('article input[type="checkbox"]')]
        section = printed.select_one(f'section.print-page[id="{page_key(src)}"]')
        assert section is not None, f"{src}: not on the print page"
        assert [i.get("aria-label") for i in section.select('input[type="checkbox"]')] == wanted, src
        checked += len(wanted)
    assert checked, "no task list in the guide to compare"


def test_search_engines_are_asked_not_to_list_the_print_page(site):
    soup = BeautifulSoup((site / "print_page" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert soup.select_one('head meta[name="robots"][content="noindex"]') is not None
    for _, src in NAV:
        page = BeautifulSoup((site / built_path(src)).read_text(encoding="utf-8"), "html.parser")
        assert page.select_one('meta[name="robots"][content*="noindex"]') is None, f"{src} is hidden from search engines"


def test_print_page_links_all_land(site):
    broken = [b for b in broken_links(site, SITE_PATH) if b[0] == "print_page/index.html"]
    assert not broken, broken[:10]


def test_link_check_skips_only_files_made_after_the_build(tmp_path):
    (tmp_path / "index.html").write_text('<a href="guide.pdf">PDF</a> <a href="other.pdf">x</a>', encoding="utf-8")
    found = broken_links(tmp_path, "/", frozenset({"guide.pdf"}))
    assert [link for _, link, _ in found] == ["other.pdf"]
    assert len(broken_links(tmp_path, "/")) == 2
