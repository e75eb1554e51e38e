"""Bad input stops the build with a message naming the file and the problem.

Each case breaks one thing in a copy of the project and runs the same strict
build that publishing runs. A new mistake to guard against is one more row.
The added mistakes are independent of each other, so one copy carries them all
and is built once; each test still finds its own mistake's message, as a
warning or an error, in that build's log.
"""

from __future__ import annotations

import re

import pytest

from conftest import append, assert_fails, copy_project, strict_build

RISKS = "docs/risks-and-side-effects.md"
ABOUT = "docs/about.md"
REFERENCES = "includes/references.yml"

# What is added where, and the message the build must give.
ADDED = {
    "a link to a missing page": (
        RISKS, "See [the missing page](no-such-page.md).", r"risks-and-side-effects\.md.*no-such-page\.md"),
    "a link to a missing anchor": (
        RISKS, "See [a missing section](glossary.md#no-such-section).", r"risks-and-side-effects\.md.*no-such-section"),
    "a broken link in raw HTML": (
        RISKS, '<p><a href="../no-such-folder/">A raw link</a></p>', r"risks-and-side-effects/index\.html.*no-such-folder"),
    "a missing image": (
        RISKS, "![A diagram of the scalp](assets/images/no-such-diagram.png)",
        r"risks-and-side-effects\.md.*no-such-diagram\.png"),
    "an image without alt text": (
        RISKS, "![](assets/images/favicon.svg)", r"risks-and-side-effects/index\.html: an image has no alt text"),
    "an image from another host": (
        ABOUT, '<img src="https://example.com/pixel.png" alt="A tracking pixel">',
        r"External file: https://example\.com/pixel\.png"),
    "a link to an unknown download": (
        ABOUT, "Get [the audio book](download:audio).", r"about\.md: 'download:audio' names no file in extra\.downloads"),
    "an unknown citation key": (
        RISKS, "This has a made-up source [@nosuchstudy2099].",
        r"risks-and-side-effects\.md: unknown citation key '@nosuchstudy2099'"),
    "a reference that nothing cites": (
        REFERENCES, "uncited2020:\n  authors: Nobody N\n  year: 2020\n  title: Never cited\n  published: Nowhere",
        r"references\.yml: reference 'uncited2020' is not cited"),
}

# Front-matter fields of the risks page set to a new value (None: removed), and the message.
FRONT_MATTER = {
    "a missing review date": (
        {"next_review": None}, r"risks-and-side-effects\.md: front matter is missing 'next_review'"),
    "a malformed review date": (
        {"last_reviewed": "26/11/2026"}, r"risks-and-side-effects\.md: 'last_reviewed' is '26/11/2026', not a date"),
    "an overdue review": (
        {"last_reviewed": "2020-01-01", "next_review": "2021-01-01"},
        r"risks-and-side-effects\.md: the review was due on 2021-01-01"),
    "a description that is too long": (
        {"description": "word " * 40}, r"risks-and-side-effects\.md: 'description' is \d+ characters"),
}


def test_the_unbroken_copy_builds(project):
    result = strict_build(project)
    assert result.returncode == 0, result.stderr


@pytest.fixture(scope="module")
def every_added_mistake(tmp_path_factory):
    """The strict build of one copy with every mistake in ADDED: its exit code and
    the lines it logged as warnings or errors."""
    project = copy_project(tmp_path_factory.mktemp("mistakes"))
    for where, text, _ in ADDED.values():
        append(project / where, text)
    result = strict_build(project)
    return result.returncode, [line for line in result.stderr.splitlines() if line.startswith(("WARNING", "ERROR"))]


@pytest.mark.slow
@pytest.mark.parametrize("mistake", ADDED)
def test_an_added_mistake_stops_the_build(every_added_mistake, mistake):
    returncode, problems = every_added_mistake
    assert returncode != 0, "the build passed although the input was broken"
    message = ADDED[mistake][2]
    assert any(re.search(message, line) for line in problems), (
        f"{message!r} is not among the build's warnings and errors:\n" + "\n".join(problems))


@pytest.mark.parametrize("mistake", FRONT_MATTER)
def test_a_front_matter_mistake_stops_the_build(project, mistake):
    fields, message = FRONT_MATTER[mistake]
    text = (project / RISKS).read_text(encoding="utf-8")
    for key, value in fields.items():
        line = "" if value is None else f"{key}: {value}\n"
        text, found = re.subn(rf"^{key}:.*\n", line, text, count=1, flags=re.M)
        assert found, f"{RISKS} has no '{key}' in its front matter"
    (project / RISKS).write_text(text, encoding="utf-8")
    assert_fails(project, message)


def test_a_reference_with_a_malformed_doi_fails(project):
    append(project / REFERENCES,
           "baddoi2020:\n  authors: Nobody N\n  year: 2020\n  title: Bad DOI\n  published: Nowhere\n  doi: not-a-doi")
    append(project / RISKS, "Cited here [@baddoi2020].")
    assert_fails(project, r"references\.yml: reference 'baddoi2020' has a malformed doi")
