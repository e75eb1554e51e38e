"""Shared fixtures: build the site once, exactly as publishing does, then
serve it on 127.0.0.1 under the same path as the published site."""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from unittest import mock
from urllib.parse import urlsplit

import pytest

from guide import facts
from tools import publish
from tools.server import SiteServer

ROOT = Path(__file__).resolve().parent.parent
# A published address with a path, like GitHub Pages gives, so that links
# which only work at the root of a domain are caught.
SITE_URL = "https://example.github.io/microneedling-guide/"
SITE_PATH = urlsplit(SITE_URL).path
# The publishing workflow passes the repository's new-issue form.
FEEDBACK_URL = "https://github.com/example/microneedling-guide/issues/new"


CONFIG = facts.load()
"""mkdocs.yml as MkDocs reads it, without the publishing workflow's settings."""
PAGES = {page.src: page for page in facts.pages(CONFIG)}
"""Every page in the nav, in nav order, by source path."""
NAV = [(page.title, page.src) for page in PAGES.values()]
"""(title, source path) for every page in the nav, in nav order."""
NAV_SOURCES = list(PAGES)


def built_path(src: str) -> str:
    """The build-relative HTML file of a page."""
    return PAGES[src].dest


def page_url(src: str) -> str:
    """The published URL path of a page, under SITE_PATH."""
    return SITE_PATH + PAGES[src].url


def _publish(site_dir: Path) -> None:
    with mock.patch.dict(os.environ, {"SITE_URL": SITE_URL, "FEEDBACK_URL": FEEDBACK_URL}):
        publish.build(site_dir)


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The publishing build, made once per test session: with pytest-xdist, the first
    worker to need it builds it into the session's shared folder while the others wait."""
    if "PYTEST_XDIST_WORKER" not in os.environ:
        site_dir = tmp_path_factory.mktemp("build") / "site"
        _publish(site_dir)
        return site_dir
    shared = tmp_path_factory.getbasetemp().parent
    site_dir, done = shared / "build" / "site", shared / "build.done"
    with open(shared / "build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            _publish(site_dir)
            done.touch()
    return site_dir


@pytest.fixture(scope="session")
def server(site):
    """Base URL (ending in /) of the build served on 127.0.0.1 at a free port,
    under the published path (the same server the PDF step uses)."""
    with SiteServer(site, SITE_PATH) as served:
        yield served.url


@pytest.fixture(scope="session")
def browser():
    """The system Chromium driven by Playwright (never `playwright install`)."""
    from playwright.sync_api import sync_playwright

    from tools.browser import LAUNCH_ARGS, find_chromium

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=find_chromium(), args=LAUNCH_ARGS)
        yield chromium
        chromium.close()


DESKTOP = {"width": 1280, "height": 800}


@pytest.fixture
def new_page(browser):
    """A page in a fresh context (no cache, no stored palette), 1280×800 unless
    the options (as for browser.new_context) say otherwise."""
    contexts = []

    def make(**options):
        context = browser.new_context(**{"viewport": DESKTOP, **options})
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def origin(url: str) -> str:
    """scheme://host:port of an address."""
    return "{0.scheme}://{0.netloc}".format(urlsplit(url))


def open_page(page, server: str, src: str) -> None:
    """Open a nav page of the served build and wait until its requests settle."""
    response = page.goto(origin(server) + page_url(src))
    assert response and response.ok, f"{src}: {response.status if response else 'no response'}"
    page.wait_for_load_state("networkidle")


# --- Quick runs: `scripts/test --quick` runs only what needs no build and no browser ----

HEAVY_FIXTURES = {"site", "server", "browser", "project", "renamed_copy"}


def pytest_collection_modifyitems(items):
    for item in items:
        if HEAVY_FIXTURES & set(item.fixturenames) or item.get_closest_marker("slow"):
            item.add_marker(pytest.mark.slow)


# --- Broken copies: a copy of the project's sources that a test may break ----

COPIED = ("mkdocs.yml", "docs", "includes", "guide", "guide_markdown", "hooks", "overrides", "tools", "social-cards")


def copy_project(target: Path) -> Path:
    """Copy the project's sources into target (a new folder), safe to break."""
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target / name)
    return target


@pytest.fixture
def project(tmp_path) -> Path:
    """A copy of the project's sources, safe to break."""
    return copy_project(tmp_path)


def strict_build(project: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(project / "site")],
        cwd=project,
        # As publishing builds (tools/mkdocs_build.py), with the social cards and the print page.
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "PUBLISH": "true"},
        capture_output=True,
        text=True,
    )


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not found in {path}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + "\n\n" + text + "\n", encoding="utf-8")


def assert_fails(project: Path, *expected: str) -> None:
    result = strict_build(project)
    assert result.returncode != 0, "the build passed although the input was broken"
    assert "Traceback" not in result.stderr, f"a mistake in the content gave a traceback:\n{result.stderr}"
    for pattern in expected:
        assert re.search(pattern, result.stderr), f"{pattern!r} not in the build's messages:\n{result.stderr}"
