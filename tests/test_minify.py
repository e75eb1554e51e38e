"""The stylesheets readers download are the source stylesheets without comments."""

from __future__ import annotations

import tinycss2

from conftest import ROOT
from hooks.minify_css import OWN, minify


def selectors(css: str) -> list[str]:
    rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    return [tinycss2.serialize(rule.prelude).strip() for rule in rules if rule.type in ("qualified-rule", "at-rule")]


def test_the_published_stylesheets_keep_every_rule_and_lose_every_comment(site):
    sources = sorted((ROOT / "docs" / OWN).glob("*.css"))
    assert sources
    for source in sources:
        text = source.read_text(encoding="utf-8")
        published = (site / OWN / source.name).read_text(encoding="utf-8")
        assert "/*" in text, f"{source.name} has no comment: this test proves nothing for it"
        assert "/*" not in published, f"{source.name} is published with comments"
        assert selectors(published) == selectors(text)
        assert len(published) < len(text)


def test_a_stylesheet_that_does_not_parse_is_reported_with_its_line():
    _, errors = minify("a { color: red; }\n}\n")
    assert errors and errors[0].startswith("line 2:")
