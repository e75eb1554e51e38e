"""The publishing build: what CI publishes, and what the tests check.

    python -m tools.publish [--site-dir DIR]

Steps, in order; any failure stops the build with a message and a non-zero
exit, so nothing half-built is published:
1. the site: `mkdocs build --strict` (links, anchors, front matter, citations);
2. the whole-guide PDF, printed by Chromium into the site (tools/pdf.py);
3. the offline copy, a second build zipped into the site (tools/offline.py);
last: links to files made after `mkdocs build` (mkdocs.yml extra.downloads) resolve.

All or nothing: the steps write into a folder beside the target (.site.building-…),
which takes the target's place only when every step has passed. A failed, stopped
or killed build leaves the previous site as it was (a killed one's folder is
cleared by the next build). One build at a time: a second waits for the first
(a lock file, .site.lock, beside the target).
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import fcntl
import os
import posixpath
import shutil
import signal
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.config.base import ValidationError
from mkdocs.config.config_options import URL

from guide import facts, links
from tools import offline, pdf
from tools.mkdocs_build import BuildError, mkdocs_build


def build(site_dir: Path, config=None) -> dict[str, float]:
    """Run every step into a new folder, then put it in site_dir's place; return how
    long each step took, in seconds. On any failure site_dir is left as it was."""
    site_dir = Path(site_dir)
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    with _one_build_at_a_time(site_dir):
        _clear_leftovers(site_dir)
        work = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.building-", dir=site_dir.parent))
        try:
            timings = _steps(work, config)
            _replace(site_dir, work)
        finally:
            shutil.rmtree(work, ignore_errors=True)
    return timings


@contextlib.contextmanager
def _one_build_at_a_time(site_dir: Path):
    lock_path = site_dir.parent / f".{site_dir.name}.lock"
    with open(lock_path, "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(f"Another publishing build is writing {site_dir}: waiting for it to finish "
                  f"(lock file {lock_path})", file=sys.stderr, flush=True)
            fcntl.flock(lock, fcntl.LOCK_EX)
        yield  # the lock ends when the file closes, even if this process is killed


def _clear_leftovers(site_dir: Path) -> None:
    """Folders a killed build left: a half-made site goes; a previous site that was
    being replaced comes back if the new one never took its place."""
    for leftover in sorted(site_dir.parent.glob(f".{site_dir.name}.previous-*")):
        if site_dir.exists():
            shutil.rmtree(leftover, ignore_errors=True)
        else:
            leftover.rename(site_dir)
    for leftover in site_dir.parent.glob(f".{site_dir.name}.building-*"):
        shutil.rmtree(leftover, ignore_errors=True)


def _replace(site_dir: Path, work: Path) -> None:
    """Put the finished build in site_dir's place: two renames on one disk."""
    work.chmod(0o755)  # mkdtemp makes it private; a site is read by a web server
    if not site_dir.exists():
        work.rename(site_dir)
        return
    previous = site_dir.parent / f".{site_dir.name}.previous-{os.getpid()}"
    site_dir.rename(previous)
    work.rename(site_dir)
    shutil.rmtree(previous, ignore_errors=True)


def _steps(site_dir: Path, config=None) -> dict[str, float]:
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


class _Stopped(Exception):
    pass


def _stopped(signum, frame):
    raise _Stopped()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site-dir", type=Path, default=facts.ROOT / "site")
    args = parser.parse_args(argv)
    problem = site_url_problem(os.environ.get("SITE_URL"))
    if problem:
        print(f"error: {problem}", file=sys.stderr)
        return 2
    config = facts.load()
    # Stopped (Ctrl+C, or a CI job cancelled): clean up as for a failure, and say so.
    signal.signal(signal.SIGTERM, _stopped)
    try:
        timings = build(args.site_dir.resolve(), config)
    except BuildError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except (KeyboardInterrupt, _Stopped):
        print(f"error: the build was stopped; {args.site_dir} is as it was before", file=sys.stderr)
        return 130
    except OSError as error:
        what = "the disk is full" if error.errno == errno.ENOSPC else error.strerror or str(error)
        print(f"error: {what} ({error.filename or args.site_dir}); nothing was published and "
              f"{args.site_dir} is as it was before", file=sys.stderr)
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
