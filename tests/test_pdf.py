"""The whole-guide PDF and printing a single page.

The PDF is read back with pypdf (a different library from the one that
finishes it), from the session's publishing build.
"""

from __future__ import annotations

import functools
import io
import collections
import json
import math
import re
import statistics
import shutil
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader
from pypdf.generic import IndirectObject

from conftest import CONFIG, FEEDBACK_URL, NAV, SITE_PATH, SITE_URL, built_path, page_url
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


_FRAGMENTS: dict[tuple[int, int], list] = {}


def fragments(reader: PdfReader, index: int, with_size: bool = False) -> list[tuple]:
    """The text drawn on a page: (x, y, text) in points from the bottom left, or
    (x, y, text, font size in points) with with_size."""
    key = (id(reader), index)
    if key not in _FRAGMENTS:
        found = []

        def visit(text, cm, tm, font, size):
            if text.strip():
                x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
                y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
                scale = math.hypot(tm[0], tm[1]) * math.hypot(cm[0], cm[1])
                found.append((x, y, text.strip(), round(size * scale, 1)))

        reader.pages[index].extract_text(visitor_text=visit)
        _FRAGMENTS[key] = found
    return _FRAGMENTS[key] if with_size else [f[:3] for f in _FRAGMENTS[key]]


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
    assert not re.search(r"\bHome\b", contents), "the contents call the first chapter 'Home', a web word"
    chapters = [(pdf.HOME_TITLE if src == "index.md" else title, page_key(src)) for title, src in NAV]
    position = 0
    for title, key in chapters + [("Who made this guide", "pdf-closing")]:
        number = destinations[key] + 1
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


def reference_numbers(site: Path) -> dict[str, int]:
    """Source key -> its number in the References list (ordered by authors, then year)."""
    soup = BeautifulSoup((site / built_path("references.md")).read_text(encoding="utf-8"), "html.parser")
    items = soup.select("ol.references > li[id^='ref-']")
    return {li["id"].removeprefix("ref-"): number for number, li in enumerate(items, start=1)}


def text_in(fragments: list[tuple[float, float, str]], rect) -> str:
    x0, y0, x1, y1 = (float(v) for v in rect)
    return "".join(t for x, y, t in fragments if x0 - 1 <= x <= x1 and y0 - 2 <= y <= y1 + 1).strip()


def test_citation_numbers_are_the_reference_numbers_and_lead_to_the_entry(site, reader, links, destinations):
    # On paper there is one list of sources, so a citation's number must be its number
    # in that list, and the link must land on that entry.
    numbers = reference_numbers(site)
    citations = [(page, a) for page, a in links if (dest_name_of(a) or "").startswith("references-ref-")]
    assert len(citations) > 100, f"only {len(citations)} citation links in the PDF"
    wrong = []
    for page, annotation in citations:
        key = dest_name_of(annotation).removeprefix("references-ref-")
        assert key in numbers and dest_name_of(annotation) in destinations, f"page {page + 1}: cites unknown '{key}'"
        # The separator after a number may be drawn in the same run ("5,").
        drawn = re.match(r"\d*", text_in(fragments(reader, page), annotation["/Rect"])).group(0)
        if drawn != str(numbers[key]):
            wrong.append(f"page {page + 1}: {key} drawn as {drawn!r}, listed as {numbers[key]}")
    assert not wrong, "citation numbers that differ from the References list:\n" + "\n".join(wrong[:10])
    to_notes = sorted({dest_name_of(a) for _, a in links if "fn:" in (dest_name_of(a) or "")})
    assert not to_notes, f"links to per-chapter source lists, which the PDF leaves out: {to_notes[:5]}"


def test_only_one_list_of_sources_at_the_back(reader, texts):
    titles = []

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.append(squash(item.title))

    walk(reader.outline)
    assert titles.count("References") == 1, f"'References' headings in the PDF: {titles.count('References')}"
    repeated = [i + 1 for i, text in enumerate(texts) if "Sources for this page" in text]
    assert not repeated, f"chapters repeat their own source lists on pages {repeated}"


def test_doi_and_pubmed_links_stay_web_links(site, links):
    soup = BeautifulSoup((site / built_path("references.md")).read_text(encoding="utf-8"), "html.parser")
    wanted = {a["href"] for a in soup.select("ol.references a[href]")
              if urlsplit(a["href"]).hostname in ("doi.org", "pubmed.ncbi.nlm.nih.gov", "pmc.ncbi.nlm.nih.gov")}
    assert wanted, "the references page has no DOI or PubMed links"
    in_pdf = {uri_of(a) for _, a in links}
    missing = sorted(wanted - in_pdf)
    assert not missing, f"DOI/PubMed links that are not clickable in the PDF: {missing[:10]}"


# --- on paper --------------------------------------------------------------------

PDF_CSS = (Path(pdf.__file__).with_name("pdf.css")).read_text(encoding="utf-8")
MM = 72 / 25.4
# Words that only make sense on a screen, or the web page's buttons and links.
WEB_ONLY = ("↩", "click", "point at", "Share this page", "Copy link", "Email a link", "Download the whole guide",
            "Report a mistake or something unclear", "How to report a mistake", "open index.html",
            "at the bottom of each page", "Full reference", "Jump back")


def chapter_pages(texts, destinations) -> dict[str, str]:
    """Source path -> the text of its chapter's pages."""
    starts = [(destinations[page_key(src)], src) for _, src in NAV] + [(destinations["pdf-closing"], None)]
    return {src: " ".join(texts[a:b]) for (a, src), (b, _) in zip(starts, starts[1:])}


def test_body_text_is_12_point(reader):
    # Sized as drawn (font size times the text and page transforms), weighted by characters.
    sizes = collections.Counter()
    for index in range(2, len(reader.pages)):
        for _, _, text, size in fragments(reader, index, with_size=True):
            sizes[size] += len(text)
    body, count = sizes.most_common(1)[0]
    assert count > sum(sizes.values()) / 2, f"no one size for most of the text: {sizes.most_common(5)}"
    assert body >= 12, f"body text is {body} pt; older readers need 12 pt (11 pt at the least)"
    small = sum(n for size, n in sizes.items() if size < 10.5) / sum(sizes.values())
    # Superscript citation numbers and the running head and page numbers are smaller, and few.
    assert small < 0.08, f"{small:.0%} of the text is under 10.5 pt: {sizes.most_common(8)}"


def test_lines_are_60_to_75_characters_long(reader, destinations):
    first, last = destinations[page_key(NAV[1][1])], destinations[page_key("glossary.md")]
    lengths = [len(line) for index in range(first, last)
               for line in reader.pages[index].extract_text().splitlines() if len(line) > 40]
    median = statistics.median(lengths)
    assert 60 <= median <= 75, f"full lines have {median} characters (median); aim for 60 to 75"


def test_no_text_is_drawn_left_of_the_page_margin(reader):
    match = re.search(r"@page \{[^}]*?margin: [\d.]+mm [\d.]+mm [\d.]+mm ([\d.]+)mm", PDF_CSS)
    assert match, "tools/pdf.css has no @page margin to check against"
    margin = float(match.group(1)) * MM
    outside = [f"page {index + 1}: {text[:20]!r} at {x / MM:.1f} mm"
               for index in range(len(reader.pages))
               for x, _, text in fragments(reader, index) if x < margin - 0.5]
    assert not outside, "text left of the margin (cut off when printed):\n" + "\n".join(outside[:10])


def test_no_web_only_words_or_buttons(texts, destinations):
    found = [f"page {i + 1}: {word!r}" for i, text in enumerate(texts) for word in WEB_ONLY
             if word.lower() in text.lower()]
    assert not found, "words or buttons for the web in the PDF:\n" + "\n".join(found[:10])
    # Paper has its own words, where the web page's would not do (a `.pdf-only` paragraph).
    assert "at the back of this booklet" in " ".join(texts[destinations["index"]:destinations[page_key(NAV[1][1])]])


def test_every_chapter_ends_with_its_review_dates(texts, destinations):
    chapters = chapter_pages(texts, destinations)
    for _, src in NAV:
        meta = facts.front_matter(CONFIG, src)
        last, due = facts.as_date(meta["last_reviewed"]), facts.as_date(meta["next_review"])
        wanted = (f"Page last reviewed: {last.day} {last:%B %Y} · "
                  f"Next review due: {due.day} {due:%B %Y}")
        assert wanted in chapters[src], f"{src}: the chapter does not say '{wanted}'"


def test_closing_page_says_who_made_it_where_it_lives_and_how_to_give_feedback(texts, destinations):
    closing = " ".join(texts[destinations["pdf-closing"]:])
    assert destinations["pdf-closing"] == len(texts) - 1, "the closing page is not the last page"
    assert CONFIG.site_author in closing, "the closing page does not name the guide's editors"
    assert "No doctor, nurse or other clinician has reviewed it" in closing
    assert SITE_URL in closing, "the closing page does not give the live site's address"
    assert FEEDBACK_URL in closing, "the closing page does not say where to give feedback"
    edition = facts.edition_date(CONFIG)
    assert f"{edition.day} {edition:%B %Y}" in closing, "the closing page does not date this copy"


def test_reference_web_addresses_are_printed_once(texts, destinations):
    # On paper a link's address cannot be seen: the References print each source's address.
    # Entries with a DOI or PubMed number show those instead.
    references = " ".join(texts[destinations["references"]:destinations["about"]])
    assert "Source page" not in references, "references still say 'Source page', which shows no address on paper"
    assert "https://www.skinhealthinfo.org.uk/condition/alopecia-areata/" in references.replace(" ", "")


def test_every_web_address_in_the_chapters_is_printed(site, texts):
    # A link on paper cannot be followed: its address is printed, in the text or its reference.
    printed = "".join("".join(text.split()) for text in texts[1:-1])
    soup = BeautifulSoup((site / "print_page" / "index.html").read_text(encoding="utf-8"), "html.parser")
    missing = set()
    for link in soup.select("section.print-page a[href^='http']"):
        host = urlsplit(link["href"]).hostname
        if host in ("doi.org", "pubmed.ncbi.nlm.nih.gov", "pmc.ncbi.nlm.nih.gov") or link.find_parent(class_="footnote"):
            continue
        address = re.sub(r"^https?://", "", link["href"]).rstrip("/")
        if address not in printed and unquote(address).replace(" ", "") not in printed:
            missing.add(link["href"])
    assert not missing, f"web links whose address is nowhere in the PDF: {sorted(missing)[:10]}"


def test_two_prints_of_the_same_build_are_byte_identical(site, site_copy, monkeypatch):
    monkeypatch.setenv("SITE_URL", SITE_URL)
    monkeypatch.setenv("FEEDBACK_URL", FEEDBACK_URL)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    pdf.build_pdf(site_copy, facts.load())
    first, second = (site / PDF_NAME).read_bytes(), (site_copy / PDF_NAME).read_bytes()
    assert first == second, f"two prints differ ({len(first):,} and {len(second):,} bytes)"
    info = PdfReader(site / PDF_NAME).metadata
    edition = facts.edition_date(CONFIG)
    assert info["/CreationDate"].startswith(f"D:{edition:%Y%m%d}000000"), info["/CreationDate"]


def test_source_date_epoch_dates_the_pdf(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    assert pdf.build_date(CONFIG).isoformat() == "2026-01-01T00:00:00+00:00"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    with pytest.raises(pdf.PdfError, match="SOURCE_DATE_EPOCH"):
        pdf.build_date(CONFIG)


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
    # The site step copies the finished build (it was already checked) into the publishing
    # build's new folder; the PDF step runs for real.
    finished = site_copy.parent / "finished"
    shutil.copytree(site_copy, finished)
    monkeypatch.setattr(publish, "mkdocs_build",
                        lambda site_dir, *args, **kwargs: shutil.copytree(finished, site_dir, dirs_exist_ok=True))
    assert (site_copy / PDF_NAME).is_file()
    with pytest.raises(publish.BuildError) as failure:
        publish.build(site_copy)
    message = str(failure.value)
    assert "PDF" in message and "apt-get install chromium" in message and "CHROMIUM_PATH" in message
    assert (site_copy / PDF_NAME).is_file(), "the failed build did not leave the previous site as it was"


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
