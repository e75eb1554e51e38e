"""Material's stylesheets reach readers without rules for components the guide
does not use (hooks/prune_theme_css.py), and with every rule it does use."""

from __future__ import annotations

import re

from conftest import NAV_SOURCES, built_path
from hooks.prune_theme_css import SCRIPT_MADE_FOR, classes_in_use, prune

# Made by Material's script, never written in a page: search results, tooltips,
# the back-to-top button, the dialog, the header's page title, the scrolling table.
SCRIPT_MADE = ["md-search-result__item", "md-search-result__link", "md-tooltip2", "md-tooltip2--active",
               "md-top", "md-dialog--active", "md-header__title--active", "md-typeset__scrollwrap"]


def test_a_rule_goes_only_when_none_of_its_selectors_can_match():
    css = (".used{a:1}.unused{b:2}.used,.unused .x{c:3}"
           ".used:not(.unused){d:4}@media screen{.unused{e:5}.used{f:6}}@keyframes k{0%{g:7}}"
           "[data-md-color-primary=red]{h:8}[data-md-color-primary=custom]{i:9}")
    pruned = prune(css, {"used", "data-md-color-primary=custom"})
    assert "unused{" not in pruned and "b:2" not in pruned and "e:5" not in pruned and "h:8" not in pruned
    for kept in ("a:1", ".used{c:3}", "d:4", "f:6", "@keyframes k", "i:9"):
        assert kept.replace("{", "") in pruned.replace("{", ""), (kept, pruned)


def test_script_made_elements_of_absent_content_are_not_counted(tmp_path):
    (tmp_path / "index.html").write_text('<p class="md-typeset">x</p>', encoding="utf-8")
    (tmp_path / "bundle.js").write_text('h("div",{class:"md-code__button md-tooltip2"});q(".tabbed-labels")',
                                        encoding="utf-8")
    used = classes_in_use(tmp_path)
    assert {"md-typeset", "md-tooltip2"} <= used
    assert not {"md-code__button", "tabbed-labels"} & used
    assert {needed for needed, _ in SCRIPT_MADE_FOR} >= {"highlight", "tabbed-set"}


def published_css(site) -> str:
    return "".join(path.read_text(encoding="utf-8") for path in (site / "assets/stylesheets").glob("main.*.min.css"))


def test_the_published_theme_stylesheet_keeps_what_pages_and_scripts_use(site):
    css = published_css(site)
    used = set()
    for src in NAV_SOURCES:
        for value in re.findall(r'class="([^"]*)"', (site / built_path(src)).read_text(encoding="utf-8")):
            used.update(value.split())
    styled = set(re.findall(r"\.(-?[A-Za-z_][\w-]*)", css))
    # Classes of the theme's own layout that every page has.
    for name in ("md-header", "md-nav__link", "md-search__input", "md-sidebar", "md-footer", "md-typeset",
                 "admonition", "md-content", *SCRIPT_MADE):
        assert name in styled, f"the published stylesheet lost the rules for .{name}"
    assert used & styled >= {"md-header", "md-typeset"}


def test_the_published_theme_stylesheet_has_no_rules_for_unused_components(site):
    styled = set(re.findall(r"\.(-?[A-Za-z_][\w-]*)", published_css(site)))
    for unused in ("md-banner", "md-version", "md-source", "md-annotation", "highlight", "md-post", "mermaid"):
        assert unused not in styled, f".{unused} is styled although no page uses it"
