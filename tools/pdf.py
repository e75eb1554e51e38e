"""The whole guide as one PDF, printed by the system Chromium from the print page.

    python -m tools.pdf SITE_DIR      # after `mkdocs build`; SITE_URL as for the build

The print-site plugin puts every page of the nav, in nav order, on one page
(print_page/) with a cover and a contents list. This step serves the built
site on 127.0.0.1 under site_url's path (tools/server.py; Material's JavaScript
needs it), opens that page in Chromium through Playwright, adds tools/pdf.css, and prints
a tagged PDF with bookmarks. Chromium ignores CSS target-counter(), so the
contents' page numbers come from a second pass: the first PDF's named
destinations say where each chapter starts. pikepdf then sets the metadata and packs the file,
dated by the edition (or SOURCE_DATE_EPOCH) with an id made from its content, so two
builds of the same commit give the same bytes.

Any failure raises PdfError with what to do; a PDF from an earlier build is
removed first, so a failed step never leaves a stale one behind.
"""

from __future__ import annotations

import concurrent.futures
import datetime
import io
import os
import re
import sys
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

from mkdocs.config.defaults import MkDocsConfig

from guide import facts
from tools.browser import LAUNCH_ARGS, ChromiumMissing, find_chromium
from tools.server import SiteServer

STYLESHEET = Path(__file__).with_name("pdf.css")
PRINT_PAGE = "print_page/"
MAX_PASSES = 4
KEYWORDS = "microneedling; hair loss; alopecia; patient information"
# The nav's "Home" is a web word; the contents list calls the first chapter this.
HOME_TITLE = "Introduction"
CREATOR = "MkDocs, Material for MkDocs, mkdocs-print-site-plugin, Chromium"


class PdfError(RuntimeError):
    pass


def publisher(config: MkDocsConfig) -> str:
    """The PDF's author: the guide's publisher, as the site names it; no person is named."""
    return f"The editors of {config.site_name}"


def file_name(config: MkDocsConfig) -> str:
    name = facts.downloads(config).get("pdf")
    if not name:
        raise PdfError(f"{config.config_file_path}: 'extra.downloads.pdf' (the PDF's file name) is not set")
    return name


# --- printing ----------------------------------------------------------------

# Runs in the print page before the first pass.
PREPARE = r"""
({downloads, homeTitle}) => {
  const time = document.querySelector("#print-site-cover-page time[data-edition-date]");
  if (!time || !time.textContent.trim()) {
    throw new Error("the cover has no edition date (<time data-edition-date>, filled in by hooks/print_page.py)");
  }
  // Collapsed blocks print open; images load before printing.
  document.querySelectorAll("details").forEach(d => { d.open = true; });
  document.querySelectorAll("img[loading]").forEach(i => i.removeAttribute("loading"));
  // Material's scripts make some same-page links absolute; plain #fragments become links inside the PDF.
  // The PDF holds no downloads: links to them go to the published files.
  const here = location.href.split("#")[0];
  for (const link of document.querySelectorAll("a[href]")) {
    const [page, fragment] = link.href.split("#");
    const url = new URL(link.href);
    const published = url.origin === location.origin && downloads[url.pathname.split("/").pop()];
    if (published) link.setAttribute("href", published);
    else if (page === here && fragment) link.setAttribute("href", "#" + fragment);
  }
  // "Home" is a web word: on paper the first chapter is the introduction.
  const home = document.querySelector("#print-page-toc a[href='#index']");
  if (home && homeTitle) home.textContent = homeTitle;
  // The closing page (hooks/print_page.py) is listed last.
  const closing = document.querySelector("#pdf-closing > h1");
  const list = document.querySelector("#print-page-toc ul");
  if (closing && list) {
    const item = document.createElement("li");
    const link = document.createElement("a");
    link.href = "#pdf-closing";
    link.textContent = closing.textContent;
    item.append(link);
    list.append(item);
  }
  // On paper a link shows no address: a reference's "Source page" shows the address itself,
  // and a web link in a chapter shows its address once, unless the References already do.
  const listed = new Set();
  for (const link of document.querySelectorAll("ol.references a[href^='http']")) {
    if (!/\d/.test(link.textContent)) link.textContent = link.href;
    listed.add(link.href);
  }
  const shown = new Set();
  for (const link of document.querySelectorAll("section.print-page a[href^='http']")) {
    if (link.closest("ol.references, div.footnote") || listed.has(link.href) || shown.has(link.href)) continue;
    if (link.textContent.includes(link.hostname)) continue;
    shown.add(link.href);
    const address = document.createElement("span");
    address.className = "pdf-link-address";
    address.textContent = " (" + link.href.replace(/^https?:\/\//, "").replace(/\/$/, "") + ")";
    link.after(address);
  }
  const links = [...document.querySelectorAll("#print-page-toc a[href^='#']")];
  for (const link of links) {
    const number = document.createElement("span");
    number.className = "pdf-toc-page";
    number.setAttribute("aria-label", "page");
    link.append(number);
  }
  return links.map(link => decodeURIComponent(link.getAttribute("href").slice(1)));
}
"""

# One References section at the back: each chapter's "Sources for this page" goes, and
# its citation numbers become the References list's numbers, linked to their entries,
# so a number on paper is the number a reader finds in the list. Keyed only on the
# footnotes' markup (a.footnote-ref -> #…fn:KEY, div.footnote li#…fn:KEY), not on
# how a cluster of citations is drawn; a range such as "2–4" is read through the
# chapter's own list. Returns what it changed, or a problem.
RELINK_CITATIONS = r"""
() => {
  const keyOf = (value) => { const m = /(?:^|-)fn:(.+)$/.exec(decodeURIComponent(value || "")); return m && m[1]; };
  const entries = [...document.querySelectorAll("ol.references > li[id]")];
  if (!entries.length) return {problem: "the print page has no References list (ol.references)"};
  const prefix = entries[0].id.slice(0, entries[0].id.indexOf("ref-"));
  const number = new Map(entries.map((li, i) => [li.id.slice(prefix.length + 4), i + 1]));
  const start = Number(entries[0].parentElement.getAttribute("start") || 1);
  for (const [key, n] of number) number.set(key, n + start - 1);
  const isRef = (node) => node.nodeType === 1 && (node.matches("a.footnote-ref") || node.querySelector("a.footnote-ref"));
  const isSeparator = (node) => (node.nodeType === 3 && !node.textContent.trim())
    || (node.nodeType === 1 && node.tagName === "SUP" && !node.querySelector("a") && /^[\s,;–-]*$/.test(node.textContent));
  let clusters = 0, unknown = [];
  for (const section of document.querySelectorAll("section.print-page")) {
    const local = [...section.querySelectorAll("div.footnote li[id]")].map(li => keyOf(li.id));
    const seen = new Set();
    for (const ref of section.querySelectorAll("a.footnote-ref")) {
      if (seen.has(ref)) continue;
      const first = ref.closest("sup") || ref;
      // The cluster: this marker and the markers and separators right after it.
      const nodes = [first];
      let next = first.nextSibling;
      while (next && (isRef(next) || isSeparator(next))) { nodes.push(next); next = next.nextSibling; }
      while (nodes.length && !isRef(nodes[nodes.length - 1])) nodes.pop();
      const keys = new Set();
      for (const node of nodes) {
        const refs = node.nodeType === 1 ? (node.matches("a.footnote-ref") ? [node] : [...node.querySelectorAll("a.footnote-ref")]) : [];
        for (const a of refs) { seen.add(a); keys.add(keyOf(a.getAttribute("href"))); }
      }
      const text = nodes.map(n => n.textContent).join("");
      for (const [, a, b] of text.matchAll(/(\d+)\s*[–-]\s*(\d+)/g)) {
        for (let i = Number(a); i <= Number(b); i++) if (local[i - 1]) keys.add(local[i - 1]);
      }
      const numbers = [...keys].map(key => [number.get(key), key]);
      unknown.push(...numbers.filter(([n]) => !n).map(([, key]) => key));
      numbers.sort((x, y) => x[0] - y[0]);
      const sup = document.createElement("sup");
      sup.className = "pdf-citation";
      numbers.forEach(([n, key], i) => {
        if (i) sup.append(",");
        const a = document.createElement("a");
        a.className = "footnote-ref";
        a.href = "#" + prefix + "ref-" + key;
        a.textContent = String(n);
        sup.append(a);
      });
      first.before(sup);
      nodes.forEach(node => node.remove());
      clusters += 1;
    }
    for (const list of section.querySelectorAll("div.footnote")) {
      // The list may sit in a <details> that lets a phone fold it away.
      const box = list.closest("details.page-sources") || list;
      const heading = box.previousElementSibling;
      if (heading && /^H[2-6]$/.test(heading.tagName)) heading.remove();
      box.remove();
    }
  }
  if (unknown.length) return {problem: "citations of sources that are not in References: " + [...new Set(unknown)].join(", ")};
  return {clusters};
}
"""

SET_NUMBERS = """
(numbers) => {
  for (const link of document.querySelectorAll("#print-page-toc a[href^='#']")) {
    const id = decodeURIComponent(link.getAttribute("href").slice(1));
    link.querySelector(".pdf-toc-page").textContent = numbers[id] ?? "";
  }
}
"""


def _destination_pages(pdf: bytes) -> dict[str, int]:
    """Named destination -> page number (1-based), from a PDF Chromium printed."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    pages = {}
    for name, destination in reader.named_destinations.items():
        number = reader.get_destination_page_number(destination)
        if number is not None and number >= 0:
            # Chromium names each destination after its element's id, as a PDF name ("/id").
            pages[unquote(str(name)).removeprefix("/")] = number + 1
    return pages


def _print_once(page) -> bytes:
    return page.pdf(prefer_css_page_size=True, print_background=True, tagged=True, outline=True)


def print_guide(site_dir: Path, config: MkDocsConfig) -> tuple[bytes, int]:
    """Print the print page to PDF bytes; return them and the number of passes."""
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    if not (site_dir / PRINT_PAGE / "index.html").is_file():
        raise PdfError(
            f"{site_dir / PRINT_PAGE / 'index.html'} is missing: the print-site plugin did not run "
            "(is it listed, and enabled, under 'plugins' in mkdocs.yml?)"
        )
    try:
        chromium_path = find_chromium()
    except ChromiumMissing as error:
        raise PdfError(f"cannot print the PDF: {error}") from None
    css = STYLESHEET.read_text(encoding="utf-8")
    running_title = config.site_name.replace("\\", "\\\\").replace('"', '\\"')
    css += f'\n@page {{ @top-center {{ content: "{running_title}"; }} }}\n@page :first {{ @top-center {{ content: none; }} }}\n'

    with SiteServer(site_dir, facts.base_path(config)) as server, sync_playwright() as playwright:
        base_url = server.url
        try:
            browser = playwright.chromium.launch(executable_path=chromium_path, args=LAUNCH_ARGS)
        except PlaywrightError as error:
            raise PdfError(
                f"Chromium at {chromium_path} did not start: {error.message.splitlines()[0]}. "
                "Install a working Chromium ('sudo apt-get install chromium' on Debian/Ubuntu) "
                "or set CHROMIUM_PATH to a Chromium or Chrome executable."
            ) from None
        try:
            page = browser.new_page()
            errors: list[str] = []
            page.on("pageerror", lambda error: errors.append(str(error)))
            response = page.goto(base_url + PRINT_PAGE, wait_until="load")
            if response is None or not response.ok:
                raise PdfError(f"the print page did not load from {base_url + PRINT_PAGE}")
            # print-site's script copies the contents list in once the page is ready.
            page.wait_for_selector("#print-page-toc ul", state="attached", timeout=30_000)
            page.evaluate("document.fonts.ready")
            if errors:
                raise PdfError("the print page's JavaScript failed: " + "; ".join(errors))
            published = {name: facts.published_url(config, name) for name in facts.downloads(config).values()}
            targets = page.evaluate(PREPARE, {"downloads": published, "homeTitle": HOME_TITLE})
            relinked = page.evaluate(RELINK_CITATIONS)
            if "problem" in relinked:
                raise PdfError(relinked["problem"])
            if not targets:
                raise PdfError("the print page has no contents list (print-site's add_table_of_contents)")
            page.add_style_tag(content=css)
            page.evaluate("document.fonts.ready")

            numbers: dict[str, int] = {}
            for passes in range(1, MAX_PASSES + 1):
                pdf = _print_once(page)
                found = _destination_pages(pdf)
                missing = [t for t in targets if t not in found]
                if missing:
                    raise PdfError(f"chapters with no destination in the PDF: {missing}")
                current = {t: found[t] for t in targets}
                if current == numbers:
                    return pdf, passes
                numbers = current
                page.evaluate(SET_NUMBERS, numbers)
            raise PdfError(f"the contents' page numbers did not settle after {MAX_PASSES} passes")
        except PlaywrightError as error:
            raise PdfError(f"Chromium failed while printing the guide: {error.message.splitlines()[0]}") from None
        finally:
            browser.close()


# --- finishing ---------------------------------------------------------------


def build_date(config: MkDocsConfig) -> datetime.datetime:
    """The PDF's creation date: SOURCE_DATE_EPOCH when set (reproducible-builds.org),
    else the edition date at midnight UTC; never the clock, so two builds of one
    commit give the same bytes."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        if not epoch.isdigit():
            raise PdfError(f"SOURCE_DATE_EPOCH is {epoch!r}; it should be a number of seconds since 1970")
        return datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc)
    edition = facts.edition_date(config)
    return datetime.datetime(edition.year, edition.month, edition.day, tzinfo=datetime.timezone.utc)


def _structure_elements(root):
    """The tag tree's elements (not its content references), each once, in reading order."""
    import pikepdf

    seen = set()
    stack = [root.get("/K")]
    while stack:
        item = stack.pop()
        if isinstance(item, pikepdf.Array):
            stack.extend(reversed(list(item)))
        elif isinstance(item, pikepdf.Dictionary) and item.get("/Type") not in ("/MCR", "/OBJR"):
            key = item.objgen if item.is_indirect else None
            if key and key in seen:
                continue
            if key:
                seen.add(key)
            yield item
            if "/K" in item:
                stack.append(item.K)


def renumber_structure_ids(document) -> int:
    """Give the tag tree's element ids (Chromium's "node00000594", from its DOM node
    numbers, which differ from run to run) numbers in reading order; table cells'
    /Headers and the id tree follow. Returns how many ids there were."""
    import pikepdf

    root = document.Root.get("/StructTreeRoot")
    if root is None:
        return 0
    renamed: dict[str, str] = {}
    elements = []
    for item in _structure_elements(root):
        if "/ID" in item:
            renamed[str(item.ID)] = f"id{len(renamed) + 1:08d}"
            elements.append(item)
    if not renamed:
        return 0

    def headers(attributes):
        for attribute in attributes if isinstance(attributes, pikepdf.Array) else [attributes]:
            if isinstance(attribute, pikepdf.Dictionary) and "/Headers" in attribute:
                attribute.Headers = pikepdf.Array([pikepdf.String(renamed.get(str(h), str(h))) for h in attribute.Headers])

    for item in _structure_elements(root):
        if "/A" in item:
            headers(item.A)
    names = []
    for element in elements:
        element.ID = pikepdf.String(renamed[str(element.ID)])
        names += [element.ID, element]
    root.IDTree = document.make_indirect(pikepdf.Dictionary(Names=pikepdf.Array(names)))
    return len(renamed)


def finish(pdf: bytes, config: MkDocsConfig) -> bytes:
    """Set the document metadata (title, author, subject, keywords, language), open the
    bookmarks panel, and pack the file small; Chromium's tags, bookmarks and links stay.

    qpdf (through pikepdf) stores the thousands of small tag objects in compressed
    object streams, which about halves the file.
    """
    import pikepdf

    description = " ".join((config.site_description or "").split())
    language = config.theme["language"]
    with pikepdf.open(io.BytesIO(pdf)) as document:
        # XMP metadata, mirrored into the document information dictionary.
        with document.open_metadata(set_pikepdf_as_editor=False) as xmp:
            xmp["dc:title"] = config.site_name
            xmp["dc:creator"] = [publisher(config)]
            xmp["dc:description"] = description
            xmp["dc:language"] = [language]
            xmp["pdf:Keywords"] = KEYWORDS
            xmp["xmp:CreatorTool"] = CREATOR
            xmp["xmp:CreateDate"] = xmp["xmp:ModifyDate"] = build_date(config).isoformat()
        document.docinfo["/Subject"] = description
        document.Root.Lang = pikepdf.String(language)
        document.Root.PageMode = pikepdf.Name.UseOutlines
        renumber_structure_ids(document)
        out = io.BytesIO()
        # The document id is a hash of the content, not of the time: the same commit, the same bytes.
        document.save(out, object_stream_mode=pikepdf.ObjectStreamMode.generate, compress_streams=True,
                      deterministic_id=True)
    return out.getvalue()


def local_links(pdf: bytes, site_url: str) -> list[str]:
    """Web links in the PDF that point at this machine (a link that missed its target),
    other than to site_url itself (a build for reading on this machine has a local one)."""
    from pypdf import PdfReader

    found = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A")
            uri = str(action.get_object().get("/URI", "")) if action else ""
            host = urlsplit(uri).hostname or ""
            if uri.startswith("file:") or (host in ("127.0.0.1", "localhost", "::1") and not uri.startswith(site_url)):
                found.append(uri)
    return found


def build_pdf(site_dir: Path, config: MkDocsConfig) -> dict:
    """Print the guide into site_dir; return facts about the result."""
    target = site_dir / file_name(config)
    target.unlink(missing_ok=True)
    start = time.perf_counter()
    # In a thread of its own: Playwright's sync API refuses to start where an event
    # loop already runs (a test session whose browser fixture is open, say).
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        pdf, passes = pool.submit(print_guide, site_dir, config).result()
    stray = local_links(pdf, config.site_url)
    if stray:
        raise PdfError(
            "links in the PDF point at the local test server instead of inside the PDF or the web: "
            + ", ".join(sorted(set(stray))[:10])
        )
    pdf = finish(pdf, config)
    partial = target.with_name(target.name + ".part")
    partial.write_bytes(pdf)
    os.replace(partial, target)
    return {"path": target, "bytes": len(pdf), "passes": passes, "seconds": time.perf_counter() - start}


# The template's link text says "(PDF)" until the PDF exists (overrides/main.html).
SIZE_PLACEHOLDER = '<span class="guide-download__size">(PDF)</span>'
SIZE_SPAN = re.compile(r'<span class="guide-download__size">\(PDF[^<]*\)</span>')


def fill_in_size(site_dir: Path, size: int) -> int:
    """Put the PDF's size into every page's download link; return how many pages have one."""
    filled = SIZE_PLACEHOLDER.replace("(PDF)", f"(PDF, {human_size(size)})")
    pages = 0
    for path in site_dir.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        new, count = SIZE_SPAN.subn(filled, html)
        if count:
            path.write_text(new, encoding="utf-8")
            pages += 1
    if not pages:
        raise PdfError(f"no page in {site_dir} has the PDF download link ({SIZE_PLACEHOLDER} in overrides/main.html)")
    return pages


def publish(site_dir: Path, config: MkDocsConfig) -> dict:
    """The publishing step: print the PDF, then show its size in every page's download link."""
    made = build_pdf(site_dir, config)
    made["pages_linking"] = fill_in_size(site_dir, made["bytes"])
    return made


def human_size(size: int) -> str:
    """A file size as readers see it: '850 KB', '1.4 MB'."""
    if size < 1_000_000:
        return f"{max(1, round(size / 1000))} KB"
    return f"{size / 1_000_000:.1f} MB"


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    try:
        made = publish(Path(argv[0]).resolve(), facts.load())
    except PdfError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"{made['path']}: {human_size(made['bytes'])}, {made['passes']} passes, {made['seconds']:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
