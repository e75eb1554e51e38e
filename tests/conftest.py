"""Shared fixtures: build the site once, exactly as publishing does, then
serve it on 127.0.0.1 under the same path as the published site."""

from __future__ import annotations

import os
from pathlib import Path
from unittest import mock
from urllib.parse import urlsplit

import pytest
import yaml

from tools import publish
from tools.pdf import serve

ROOT = Path(__file__).resolve().parent.parent
# A published address with a path, like GitHub Pages gives, so that links
# which only work at the root of a domain are caught.
SITE_URL = "https://example.github.io/microneedling-guide/"
SITE_PATH = urlsplit(SITE_URL).path
# The publishing workflow passes the repository's new-issue form.
FEEDBACK_URL = "https://github.com/example/microneedling-guide/issues/new"


class _Loader(yaml.SafeLoader):
    """Reads mkdocs.yml, treating its !ENV and !!python tags as plain values."""


_Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def load_config() -> dict:
    return yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Loader)


def _flatten(nav) -> list[tuple[str, str]]:
    found = []
    for item in nav:
        if isinstance(item, str):
            found.append((item, item))
        elif isinstance(item, dict):
            for title, value in item.items():
                if isinstance(value, list):
                    found.extend(_flatten(value))
                else:
                    found.append((title, value))
    return found


NAV = _flatten(load_config()["nav"])
"""(title, source path) for every page in the nav, in nav order."""
NAV_SOURCES = [src for _, src in NAV]


def built_path(src: str) -> str:
    """The build-relative HTML path of a Markdown source, with directory URLs."""
    if src == "index.md":
        return "index.html"
    if src.endswith("/index.md"):
        return src[: -len(".md")] + ".html"
    return src[: -len(".md")] + "/index.html"


def page_url(src: str) -> str:
    """The published URL path of a page, under SITE_PATH."""
    html = built_path(src)
    return SITE_PATH + (html[: -len("index.html")] if html.endswith("index.html") else html)


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The publishing build, made once per test session."""
    site_dir = tmp_path_factory.mktemp("build") / "site"
    with mock.patch.dict(os.environ, {"SITE_URL": SITE_URL, "FEEDBACK_URL": FEEDBACK_URL}):
        publish.build(site_dir)
    return site_dir


@pytest.fixture(scope="session")
def server(site):
    """Base URL (ending in /) of the build served on 127.0.0.1 at a free port,
    under the published path (the same server the PDF step uses)."""
    with serve(site, SITE_PATH) as base:
        yield base


@pytest.fixture(scope="session")
def browser():
    """The system Chromium driven by Playwright (never `playwright install`)."""
    from playwright.sync_api import sync_playwright

    from tools.browser import LAUNCH_ARGS, find_chromium

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=find_chromium(), args=LAUNCH_ARGS)
        yield chromium
        chromium.close()
