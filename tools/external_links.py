"""Check every external link in a built site and report the broken ones.

    python -m tools.external_links SITE_DIR [--site-url URL] [--summary FILE]

Reads the <a href> links of every HTML page in SITE_DIR, leaves out links to
the site itself (--site-url, by default the home page's canonical address),
asks each external address once (HEAD, then GET when a server answers HEAD badly) and sorts it:

- ok: the address answers, after any redirects;
- broken: not found, gone, a server error twice, or no answer at all;
- check by hand: the server refuses automated requests (401, 403, 429, 999),
  as some publishers do; a person has to open it in a browser.

Exit status 1 when a link is broken, so the scheduled workflow fails and tells
the maintainers; 2 when SITE_DIR has no pages. `--summary` appends a Markdown
report (the workflow passes $GITHUB_STEP_SUMMARY).
"""

from __future__ import annotations

import argparse
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

import requests

from guide import links

# Servers that refuse robots answer with these; they say nothing about the page.
REFUSED = {401, 403, 429, 999}
# Servers that mishandle HEAD answer with any of these; GET is asked before judging.
RETRY_WITH_GET = {400, 403, 405, 406, 429, 500, 501, 503}
TIMEOUT = 30
ATTEMPTS = 2
RETRY_DELAY = 10.0
# Some publishers block the default python-requests agent outright.
USER_AGENT = "Mozilla/5.0 (compatible; microneedling-guide link check)"


def own_address(site_dir: Path) -> str | None:
    """The site's published address: the home page's canonical link."""
    home = site_dir / "index.html"
    canonical = [link.url for link in links.read(home).links if link.rel == "canonical"] if home.is_file() else []
    return canonical[0] if canonical else None


def find_links(site_dir: Path, site_url: str | None = None) -> dict[str, list[str]]:
    """Every external http(s) address (without #fragment) -> the pages linking to it."""
    found: dict[str, list[str]] = {}
    for name, page in links.read_site(site_dir).items():
        for link in page.links:
            url = urldefrag(link.url).url
            parts = urlsplit(url)
            if link.tag != "a" or parts.scheme not in ("http", "https") or not parts.netloc:
                continue
            if site_url and url.startswith(site_url):
                continue
            pages = found.setdefault(url, [])
            if name not in pages:
                pages.append(name)
    return found


@dataclass(frozen=True)
class Result:
    url: str
    verdict: str  # "ok", "broken" or "check by hand"
    detail: str


def _status(session: requests.Session, url: str) -> int:
    response = session.head(url, allow_redirects=True, timeout=TIMEOUT)
    if response.status_code in RETRY_WITH_GET:
        with session.get(url, allow_redirects=True, timeout=TIMEOUT, stream=True) as response:
            pass
    return response.status_code


def check(url: str) -> Result:
    """Ask for one address, once more after a pause if the answer may be passing."""
    with requests.Session() as session:
        session.headers["User-Agent"] = USER_AGENT
        for attempt in range(1, ATTEMPTS + 1):
            try:
                status = _status(session, url)
            except requests.RequestException as error:
                result = Result(url, "broken", f"no answer ({type(error).__name__})")
            else:
                if status < 400:
                    return Result(url, "ok", f"HTTP {status}")
                if status in REFUSED:
                    return Result(url, "check by hand", f"HTTP {status}: refuses automated checks")
                result = Result(url, "broken", f"HTTP {status}")
                if status < 500:
                    return result
            if attempt < ATTEMPTS:
                time.sleep(RETRY_DELAY)
        return result


def check_all(urls: list[str], workers: int = 8) -> list[Result]:
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(check, urls))


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def report(results: list[Result], links: dict[str, list[str]]) -> str:
    """A Markdown report: counts, then each broken or unchecked link with its pages."""
    counts = {verdict: sum(r.verdict == verdict for r in results) for verdict in ("ok", "broken", "check by hand")}
    lines = [
        "## External links",
        "",
        f"{len(results)} checked: {counts['ok']} ok, {counts['broken']} broken, "
        f"{counts['check by hand']} to check by hand.",
    ]
    for verdict, heading in (("broken", "Broken"), ("check by hand", "Check by hand (the server refused the checker)")):
        rows = [r for r in results if r.verdict == verdict]
        if rows:
            lines += ["", f"### {heading}", "", "| link | answer | on pages |", "| --- | --- | --- |"]
            lines += [f"| {_cell(r.url)} | {r.detail} | {_cell(', '.join(links[r.url]))} |" for r in rows]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site_dir", type=Path, help="a built site")
    parser.add_argument("--site-url", help="the site's own address; links to it are not external")
    parser.add_argument("--summary", type=Path, help="append the Markdown report to this file")
    args = parser.parse_args(argv)

    if not any(args.site_dir.rglob("*.html")):
        print(f"error: {args.site_dir}: no HTML pages found; build the site first", file=sys.stderr)
        return 2
    links = find_links(args.site_dir, args.site_url or own_address(args.site_dir))
    results = check_all(sorted(links))
    text = report(results, links)
    print(text)
    if args.summary:
        with args.summary.open("a", encoding="utf-8") as summary:
            summary.write(text)
    return 1 if any(r.verdict == "broken" for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
