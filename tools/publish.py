"""The publishing build: what CI publishes, and what the tests check.

    python -m tools.publish [--site-dir DIR]

Steps, in order; any failure stops the build with a message and a non-zero
exit, so nothing half-built is published:
1. the site: `mkdocs build --strict` (links, anchors, front matter, citations);
2. the whole-guide PDF, printed by Chromium into the site (tools/pdf.py);
3. the offline copy, a second build zipped into the site (tools/offline.py);
last: links to files made after `mkdocs build` (mkdocs.yml extra.downloads) resolve.
"""

from __future__ import annotations

import argparse
import os
import posixpath
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.config.base import ValidationError
from mkdocs.config.config_options import URL

from guide import facts, links
from tools import offline, pdf
from tools.mkdocs_build import BuildError, mkdocs_build


def build(site_dir: Path, config=None) -> dict[str, float]:
    """Run every step; return how long each took, in seconds."""
    timings = {}
    config = config or facts.load()
    start = time.perf_counter()
    mkdocs_build(site_dir)
    timings["site"] = time.perf_counter() - start
    start = time.perf_counter()
    try:
        pdf.publish(site_dir, config)
    except pdf.PdfError as error:
        raise BuildError(f"the whole-guide PDF was not made: {error}") from None
    timings["pdf"] = time.perf_counter() - start
    start = time.perf_counter()
    try:
        offline.publish(site_dir, config)
    except offline.OfflineError as error:
        raise BuildError(str(error)) from None
    timings["offline"] = time.perf_counter() - start
    check_download_links(site_dir, config)
    return timings


def check_download_links(site_dir: Path, config) -> None:
    """The build's link check skipped links to files made after it; check them now they exist."""
    downloads = set(facts.downloads(config).values())
    problems = [
        f"{page}: the link '{link}' {problem}"
        for page, link, problem in links.broken_links(site_dir, facts.base_path(config))
        if posixpath.basename(link.split("#")[0]) in downloads
    ]
    if problems:
        raise BuildError("links to downloads do not resolve:\n" + "\n".join(problems))


def site_url_problem(value: str | None) -> str | None:
    """What is wrong with SITE_URL, and what to set; None when it is fine or unset
    (then mkdocs.yml's default builds the site for reading on this machine)."""
    if value is None:
        return None
    try:
        if not value:
            raise ValidationError("it is empty")
        URL(is_dir=True).validate(value)
        if urlsplit(value).scheme not in ("http", "https"):
            raise ValidationError("it should start with https://")
    except ValidationError as error:
        return (f"SITE_URL is {value!r}, which is not a web address ({error}). Set it to the address "
                "the site is published at, with https:// and a slash at the end, for example "
                "SITE_URL=https://example.github.io/microneedling-guide/ ; or leave it unset to build "
                "the site for reading on this machine.")
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site-dir", type=Path, default=facts.ROOT / "site")
    args = parser.parse_args(argv)
    problem = site_url_problem(os.environ.get("SITE_URL"))
    if problem:
        print(f"error: {problem}", file=sys.stderr)
        return 2
    config = facts.load()
    try:
        timings = build(args.site_dir.resolve(), config)
    except BuildError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    for step, seconds in timings.items():
        print(f"{step}: {seconds:.1f} s")
    print(f"Built into {args.site_dir} for {config.site_url}")
    address = urlsplit(config.site_url)
    if "SITE_URL" not in os.environ and address.path == "/":
        print("To read it on this machine: unzip the offline copy (the .zip in that folder) and open its "
              f"index.html, or serve the folder with 'python3 -m http.server --bind {address.hostname} "
              f"--directory {args.site_dir} {address.port or 80}' and open {config.site_url}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
