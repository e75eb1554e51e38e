"""Bad input stops the build with a message naming the file and the problem.

Each case breaks one thing in a copy of the project and runs the same strict
build that publishing runs.
"""

from __future__ import annotations

import re

from conftest import append, assert_fails, strict_build

RISKS = "docs/risks-and-side-effects.md"


def test_the_unbroken_copy_builds(project):
    result = strict_build(project)
    assert result.returncode == 0, result.stderr


def test_a_link_to_a_missing_page_fails(project):
    append(project / RISKS, "See [the missing page](no-such-page.md).")
    assert_fails(project, r"risks-and-side-effects\.md.*no-such-page\.md")


def test_a_link_to_a_missing_anchor_fails(project):
    append(project / RISKS, "See [a missing section](glossary.md#no-such-section).")
    assert_fails(project, r"risks-and-side-effects\.md.*no-such-section")


def test_a_broken_link_in_raw_html_fails(project):
    append(project / RISKS, '<p><a href="../no-such-folder/">A raw link</a></p>')
    assert_fails(project, r"risks-and-side-effects/index\.html.*no-such-folder")


def test_an_unknown_citation_key_fails(project):
    append(project / RISKS, "This has a made-up source [@nosuchstudy2099].")
    assert_fails(project, r"risks-and-side-effects\.md: unknown citation key '@nosuchstudy2099'")


def test_a_reference_that_nothing_cites_fails(project):
    append(project / "includes/references.yml",
           "uncited2020:\n  authors: Nobody N\n  year: 2020\n  title: Never cited\n  published: Nowhere")
    assert_fails(project, r"references\.yml: reference 'uncited2020' is not cited")


def test_a_reference_with_a_malformed_doi_fails(project):
    append(project / "includes/references.yml",
           "baddoi2020:\n  authors: Nobody N\n  year: 2020\n  title: Bad DOI\n  published: Nowhere\n  doi: not-a-doi")
    append(project / RISKS, "Cited here [@baddoi2020].")
    assert_fails(project, r"references\.yml: reference 'baddoi2020' has a malformed doi")


def test_a_missing_review_date_fails(project):
    text = (project / RISKS).read_text(encoding="utf-8")
    (project / RISKS).write_text(re.sub(r"^next_review:.*\n", "", text, count=1, flags=re.M), encoding="utf-8")
    assert_fails(project, r"risks-and-side-effects\.md: front matter is missing 'next_review'")


def test_a_malformed_review_date_fails(project):
    text = (project / RISKS).read_text(encoding="utf-8")
    (project / RISKS).write_text(
        re.sub(r"^last_reviewed:.*$", "last_reviewed: 26/11/2026", text, count=1, flags=re.M), encoding="utf-8")
    assert_fails(project, r"risks-and-side-effects\.md: 'last_reviewed' is '26/11/2026', not a date")


def test_an_overdue_review_fails(project):
    text = (project / RISKS).read_text(encoding="utf-8")
    text = re.sub(r"^last_reviewed:.*$", "last_reviewed: 2020-01-01", text, count=1, flags=re.M)
    text = re.sub(r"^next_review:.*$", "next_review: 2021-01-01", text, count=1, flags=re.M)
    (project / RISKS).write_text(text, encoding="utf-8")
    assert_fails(project, r"risks-and-side-effects\.md: the review was due on 2021-01-01")


def test_a_description_that_is_too_long_fails(project):
    text = (project / RISKS).read_text(encoding="utf-8")
    (project / RISKS).write_text(
        re.sub(r"^description:.*$", "description: " + "word " * 40, text, count=1, flags=re.M), encoding="utf-8")
    assert_fails(project, r"risks-and-side-effects\.md: 'description' is \d+ characters")


def test_a_missing_image_fails(project):
    append(project / RISKS, "![A diagram of the scalp](assets/images/no-such-diagram.png)")
    assert_fails(project, r"risks-and-side-effects\.md.*no-such-diagram\.png")


def test_an_image_without_alt_text_fails(project):
    append(project / RISKS, "![](assets/images/favicon.svg)")
    assert_fails(project, r"risks-and-side-effects/index\.html: an image has no alt text")
