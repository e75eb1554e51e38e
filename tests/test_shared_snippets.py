"""The "when to get medical help" block is written once (includes/) and shown on every page that needs it."""

from __future__ import annotations

from bs4 import BeautifulSoup

from conftest import built_path, edit, strict_build

HELP_PAGES = ("risks-and-side-effects.md", "having-treatment.md")
HELP_TITLE = "When to get medical help after microneedling"


def help_block(site, src):
    soup = BeautifulSoup((site / built_path(src)).read_text(encoding="utf-8"), "html.parser")
    for callout in soup.select("article .admonition"):
        title = callout.select_one(".admonition-title")
        if title and title.get_text(" ", strip=True) == HELP_TITLE:
            return callout
    return None


def test_pages_about_treatment_show_the_same_help_block(site):
    blocks = {src: help_block(site, src) for src in HELP_PAGES}
    missing = [src for src, block in blocks.items() if block is None]
    assert not missing, f"no '{HELP_TITLE}' block on {missing}"
    texts = {block.get_text(" ", strip=True) for block in blocks.values()}
    assert len(texts) == 1, "the help block differs between pages: it should come from one snippet"


def test_the_help_block_names_emergency_signs(site):
    text = help_block(site, HELP_PAGES[0]).get_text(" ", strip=True).lower()
    for sign in ("emergency number", "breathe", "pus", "high temperature"):
        assert sign in text, f"the help block does not mention '{sign}'"


def test_a_missing_snippet_stops_the_build(project):
    edit(project / "docs/having-treatment.md", '--8<-- "get-help-urgently.md"', '--8<-- "no-such-snippet.md"')
    result = strict_build(project)
    assert result.returncode != 0, "the build passed although a snippet file is missing"
    assert "no-such-snippet.md" in result.stderr, result.stderr
