"""The stylesheets and scripts readers download are the sources without comments."""

from __future__ import annotations

import shutil
import subprocess

import tinycss2

from conftest import ROOT
from hooks.minify import OWN_CSS, OWN_JS, minify, own_scripts


def selectors(css: str) -> list[str]:
    rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    return [tinycss2.serialize(rule.prelude).strip() for rule in rules if rule.type in ("qualified-rule", "at-rule")]


def test_the_published_stylesheets_keep_every_rule_and_lose_every_comment(site):
    sources = sorted((ROOT / "docs" / OWN_CSS).glob("*.css"))
    assert sources
    for source in sources:
        text = source.read_text(encoding="utf-8")
        published = (site / OWN_CSS / source.name).read_text(encoding="utf-8")
        assert "/*" in text, f"{source.name} has no comment: this test proves nothing for it"
        assert "/*" not in published, f"{source.name} is published with comments"
        assert selectors(published) == selectors(text)
        assert len(published) < len(text)


def test_a_stylesheet_that_does_not_parse_is_reported_with_its_line():
    _, errors = minify("a { color: red; }\n}\n")
    assert errors and errors[0].startswith("line 2:")


def test_the_published_scripts_lose_their_comments_and_still_parse(site):
    sources = own_scripts(ROOT / "docs" / OWN_JS)
    assert len(sources) >= 4, f"only {len(sources)} of our own scripts found"
    node = shutil.which("node")
    for source in sources:
        published = site / OWN_JS / source.name
        text = published.read_text(encoding="utf-8")
        assert "/*" in source.read_text(encoding="utf-8") or "// " in source.read_text(encoding="utf-8"), (
            f"{source.name} has no comment: this test proves nothing for it")
        assert "/*" not in text and "\n//" not in text and len(text) < source.stat().st_size, (
            f"{source.name} is published with its comments")
        if node:
            checked = subprocess.run([node, "--check", str(published)], capture_output=True, text=True)
            assert checked.returncode == 0, f"{source.name} no longer parses: {checked.stderr}"


def test_vendored_scripts_are_published_as_shipped(site):
    vendored = [path for path in sorted((ROOT / "docs" / OWN_JS).glob("*.js")) if path not in own_scripts(path.parent)]
    assert vendored, "no vendored script (one with a -LICENSE.txt beside it) to check"
    for path in vendored:
        assert (site / OWN_JS / path.name).read_bytes() == path.read_bytes()
