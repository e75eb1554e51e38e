"""Bad input stops the build with a message naming the file and the problem.

Each case breaks one thing in a copy of the project and runs the same strict
build that publishing runs. A new mistake to guard against is one more row.
The added mistakes are independent of each other, so one copy carries them all
and is built once; each test still finds its own mistake's message, as a
warning or an error, in that build's log. A mistake that makes a data file
unreadable would hide the others, so those are built one at a time.
"""

from __future__ import annotations

import re

import pytest

from conftest import append, assert_fails, copy_project, strict_build

RISKS = "docs/risks-and-side-effects.md"
ABOUT = "docs/about.md"
REFERENCES = "includes/references.yml"
GLOSSARY = "includes/glossary.yml"
A_REFERENCE = "\n  authors: Nobody N\n  year: 2020\n  title: A study\n  published: Nowhere\n"

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
    "a citation with a page number in its brackets": (
        RISKS, "A fact [@chu2021, p. 7].", r"risks-and-side-effects\.md: the citation '\[@chu2021, p\. 7\]' is not understood"),
    "a citation with a word in its brackets": (
        RISKS, "A fact [see @chu2021].", r"risks-and-side-effects\.md: the citation '\[see @chu2021\]' is not understood"),
    "a citation key with a dot": (
        RISKS, "A fact [@smith.2020].", r"risks-and-side-effects\.md: the citation '\[@smith\.2020\]' is not understood"),
    "a citation of an unknown key in a shared snippet": (
        "includes/get-help-urgently.md", "A fact [@nosuchstudy2099].",
        r"having-treatment\.md: unknown citation key '@nosuchstudy2099'"),
    "a reference-style link with no address": (
        RISKS, "See [the leaflet][nope].", r"risks-and-side-effects\.md: the link '\[the leaflet\]\[nope\]' has no address"),
    "a script in a page": (
        RISKS, "<script>alert(1)</script>", r"risks-and-side-effects\.md: <script> is not allowed in a page"),
    "an event handler in a page": (
        RISKS, '<p onclick="alert(1)">Tap me</p>', r"risks-and-side-effects\.md: <p onclick=…>: event handlers are not allowed"),
    "an iframe in a page": (
        RISKS, '<iframe src="https://example.org/"></iframe>', r"risks-and-side-effects\.md: <iframe> is not allowed"),
    "an object in a page": (RISKS, '<object data="x.swf"></object>', r"risks-and-side-effects\.md: <object> is not allowed"),
    "an embed in a page": (RISKS, '<embed src="x.swf">', r"risks-and-side-effects\.md: <embed> is not allowed"),
    "a form in a page": (
        RISKS, '<form action="https://example.org/"><input name="q"></form>', r"risks-and-side-effects\.md: <form> is not allowed"),
    "a base address in a page": (RISKS, '<base href="https://example.org/">', r"risks-and-side-effects\.md: <base> is not allowed"),
    "a meta element in a page": (
        RISKS, '<meta http-equiv="refresh" content="0; url=https://example.org/">', r"risks-and-side-effects\.md: <meta> is not allowed"),
    "a javascript: link in a page": (
        RISKS, "[Tap](javascript:alert(1))", r'risks-and-side-effects\.md: <a href="javascript:…">: javascript: addresses are not allowed'),
    "a reference that nothing cites": (
        REFERENCES, "uncited2020:\n  authors: Nobody N\n  year: 2020\n  title: Never cited\n  published: Nowhere",
        r"references\.yml: reference 'uncited2020' is not cited"),
}

# Mistakes that stop a whole data file from being read, so that every citation or
# term would also be reported: each gets a build of its own.
UNREADABLE = {
    "a reference key written twice": (
        REFERENCES, "chu2021:" + A_REFERENCE, r"references\.yml: line \d+: 'chu2021' is written twice \(first on line \d+\)"),
    "a glossary term defined again as another term's other form": (
        GLOSSARY, "- term: hair tonic\n  also: [minoxidil]\n  definition: Something.",
        r"glossary\.yml: 'minoxidil' is defined twice \(by 'minoxidil' and by 'hair tonic'\)"),
    "a glossary term that is not text": (
        GLOSSARY, "- term: 123\n  definition: A number.", r"glossary\.yml: entry \d+: 'term' must be text"),
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


# A line of a file changed (a regular expression and its replacement), and the message.
EDITED = {
    "a reference's authors written as a list": (
        REFERENCES, r"^(chu2021:\n  authors:) .*$", r"\1 [Chu S, Mehrmal S]",
        r"references\.yml: reference 'chu2021': write 'authors' on one line"),
    "a reference's year with a letter O for a zero": (
        REFERENCES, r"^(chu2021:\n  authors: .*\n  year:) .*$", r"\1 2O24",
        r"references\.yml: reference 'chu2021': 'year' is '2O24'; write the year in four digits"),
    "a reference's year in quotes": (
        REFERENCES, r"^(chu2021:\n  authors: .*\n  year:) .*$", r'\1 "2021"',
        r"references\.yml: reference 'chu2021': 'year' is '2021' in quotes; write it without quotes: year: 2021"),
    "a reference's year after this year": (
        REFERENCES, r"^(chu2021:\n  authors: .*\n  year:) .*$", r"\1 2099",
        r"references\.yml: reference 'chu2021': 'year' is 2099, after this year"),
    "a reference's address without https": (
        REFERENCES, r"^(chu2021:\n(?:  .*\n)*?  title: .*\n)", r"\1  url: http://example.org/paper\n",
        r"references\.yml: reference 'chu2021' has a malformed url: 'http://example\.org/paper'"),
    "a reference without a title": (
        REFERENCES, r"^(chu2021:\n(?:  .*\n)*?)  title: .*\n", r"\1", r"references\.yml: reference 'chu2021' is missing 'title'"),
    "a glossary term's other forms as one word, not a list": (
        GLOSSARY, r"^  also: \[PRP\]$", "  also: PRP", r"glossary\.yml: 'platelet-rich plasma': 'also' must be a list"),
    "a title with an unquoted colon": (
        RISKS, r"^title: .*$", "title: Risks: what can go wrong",
        r"risks-and-side-effects\.md: the front matter is not valid YAML \(line 2\): put a value .* in double quotes"),
    "a title starting with a bracket": (
        RISKS, r"^title: .*$", "title: [Draft] Risks", r"risks-and-side-effects\.md: the front matter is not valid YAML"),
    "a review date that is not in the calendar": (
        RISKS, r"^last_reviewed: .*$", "last_reviewed: 2026-13-01",
        r"risks-and-side-effects\.md: 'last_reviewed' \(line 4\) is 2026-13-01, which is not a date"),
    "a review date with a time": (
        RISKS, r"^last_reviewed: .*$", "last_reviewed: 2026-11-01 10:30:00",
        r"risks-and-side-effects\.md: 'last_reviewed' has a time .*write the day alone, 2026-11-01"),
    "a page without its opening front-matter line": (
        RISKS, r"\A---\n", "", r"risks-and-side-effects\.md: the page must start with a line '---'"),
    "a title the social card's font cannot draw": (
        RISKS, r"^title: .*$", "title: 脱发 risks",
        r"risks-and-side-effects\.md: the title has characters the social card's font cannot draw \(脱 发\)"),
    "a next review more than two years away": (
        RISKS, r"^next_review: .*$", "next_review: 2030-01-01",
        r"risks-and-side-effects\.md: 'next_review' \(2030-01-01\) is more than two years after"),
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


@pytest.mark.parametrize("mistake", UNREADABLE)
def test_a_mistake_that_makes_a_data_file_unreadable_stops_the_build(project, mistake):
    where, text, message = UNREADABLE[mistake]
    append(project / where, text)
    assert_fails(project, message)


@pytest.mark.parametrize("mistake", EDITED)
def test_an_edited_mistake_stops_the_build(project, mistake):
    where, pattern, replacement, message = EDITED[mistake]
    text = (project / where).read_text(encoding="utf-8")
    text, found = re.subn(pattern, replacement, text, count=1, flags=re.M)
    assert found, f"{where} has nothing matching {pattern!r}"
    (project / where).write_text(text, encoding="utf-8")
    assert_fails(project, message)


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


def test_a_heading_in_another_script_gets_a_readable_anchor(project):
    append(project / RISKS, "## Риски и побочные эффекты\n\nText.")
    result = strict_build(project)
    assert result.returncode == 0, result.stderr
    html = (project / "site" / "risks-and-side-effects" / "index.html").read_text(encoding="utf-8")
    assert '<h2 id="риски-и-побочные-эффекты">' in html
