"""The Zensical report's comparison (tools/zensical_report.py), on the real
publishing build: it finds what the guide relies on there, and flags each
thing a build without it lacks. Zensical itself is not installed here (it
runs in CI, in its own environment); these tests need only the MkDocs build.
"""

from __future__ import annotations

import os
import re
import shutil
from unittest import mock

import pytest

from conftest import SITE_URL
from tools import zensical_report as report


@pytest.fixture(scope="module")
def facts() -> report.Project:
    with mock.patch.dict(os.environ, {"SITE_URL": SITE_URL}):
        return report.Project.load()


def rows_by_feature(rows: list[report.Row]) -> dict[str, report.Row]:
    return {row.feature: row for row in rows}


def test_the_publishing_build_compared_with_itself_has_everything_and_nothing_missing(site, facts):
    build = report.Build.read(site)
    build.files.add(report.PROBE_FILE)  # as the probe hook leaves it where hooks run
    rows = rows_by_feature(report.compare(facts, build, build, build, build))
    assert not [feature for feature, row in rows.items() if row.missing]
    # Each check found the feature it looks for, so a build without it would differ.
    pages = len(facts.review_dates())
    assert pages >= 10 and rows["Pages that show their review date"].mkdocs == f"{pages} of {pages}"
    for feature in ("Numbered notes (footnote markers)", "Glossary terms (`<abbr>` described by its definition)",
                    "Link-preview cards (og:image that exists)", "Pages with a canonical address"):
        assert int(rows[feature].mkdocs) > 0, feature
    assert "review-dates" in facts.css_classes() and "page-share" in facts.css_classes()


def test_a_build_without_hooks_or_overrides_is_reported_feature_by_feature(site, facts, tmp_path):
    """What Zensical's build lacked, made by hand from a copy of the real one."""
    bare = tmp_path / "bare"
    shutil.copytree(site, bare)
    shutil.rmtree(bare / "print_page")
    for page in bare.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        html = re.sub(r"<abbr[^>]*>(.*?)</abbr>", r"\1", html, flags=re.S)  # no glossary hook
        html = re.sub(r'<sup id="fnref[^"]*"', "<sup", html)  # no citations hook ...
        html = html.replace("</article>", "<p>[@dhurat2013]</p></article>", 1)  # ... so markers stay
        html = re.sub(r'<aside class="review-dates".*?</aside>', "", html, flags=re.S)  # no overrides
        html = html.replace("</head>", '<script src="https://unpkg.com/iframe-worker/shim"></script></head>')
        page.write_text(html, encoding="utf-8")
    mk, zen = report.Build.read(site), report.Build.read(bare)
    rows = rows_by_feature(report.compare(facts, mk, zen, mk, None))
    missing = {feature for feature, row in rows.items() if row.missing}
    assert missing == {
        "Pages",
        "Citations: `[@key]` markers left as plain text",
        "Numbered notes (footnote markers)",
        "Glossary terms (`<abbr>` described by its definition)",
        "Pages that show their review date",
        "Page parts the project's CSS styles (share, download, review dates…)",
        "Files loaded from other hosts",
        "MkDocs hooks run (a probe hook added to the copy)",
        "Offline copy (`OFFLINE=true`) builds",
    }
    assert "print_page/index.html" in rows["Pages"].zensical
    assert "review-dates" in rows["Page parts the project's CSS styles (share, download, review dates…)"].zensical
    assert "print_page/index.html" in report.only_in(mk, zen)


def test_each_workaround_changes_the_copy_and_says_what_it_did(facts, tmp_path):
    config = tmp_path / "mkdocs.yml"
    config.write_text("theme:\n  name: material\n  custom_dir: overrides\n  icon:\n    logo: guide/mark\n"
                      "markdown_extensions:\n"
                      "  - pymdownx.snippets:\n      base_path: [!relative $config_dir/includes]\n", encoding="utf-8")
    pattern = {workaround: found for found, workaround in report.WORKAROUNDS}
    relative = report._resolve_relative_tag(tmp_path, None, facts)
    error = "RuntimeError: undefined value (in main.html:6)"
    overrides = report._drop_overrides(tmp_path, re.search(pattern[report._drop_overrides], error), facts)
    missing = 'template not found: tried to include non-existing template ".icons/guide/mark.svg" (in partials/logo.html:8)'
    icon = report._drop_own_icon(tmp_path, re.search(pattern[report._drop_own_icon], missing), facts)
    text = config.read_text(encoding="utf-8")
    assert f'base_path: ["{(tmp_path / "includes").as_posix()}"]' in text and "!relative" not in text
    assert "`!relative`" in relative
    assert "custom_dir: overrides" not in text and error in overrides
    assert "logo: guide/mark" not in text.replace("# logo: guide/mark", "") and "`guide/mark`" in icon


def test_warnings_about_many_files_are_counted_once():
    output = "\n".join([
        "WARNING -  [privacy] External file: https://unpkg.com/iframe-worker/shim in 'index.html'",
        "WARNING -  [privacy] External file: https://unpkg.com/iframe-worker/shim in 'about.html'",
        "Build finished in 0.4s",
        "RuntimeError: undefined value (in main.html:6)",
    ])
    assert report.warnings_of(output) == [
        "`WARNING -  [privacy] External file: https://unpkg.com/iframe-worker/shim` in 2 files",
        "`RuntimeError: undefined value (in main.html:6)`",
    ]
