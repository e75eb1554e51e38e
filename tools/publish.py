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
import posixpath
import sys
import time
from pathlib import Path

from guide import facts, links
from tools import offline, pdf
from tools.mkdocs_build import BuildError, mkdocs_build


def build(site_dir: Path) -> dict[str, float]:
    """Run every step; return how long each took, in seconds."""
    timings = {}
    config = facts.load()
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site-dir", type=Path, default=facts.ROOT / "site")
    args = parser.parse_args(argv)
    try:
        timings = build(args.site_dir.resolve())
    except BuildError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    for step, seconds in timings.items():
        print(f"{step}: {seconds:.1f} s")
    print(f"Built into {args.site_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
