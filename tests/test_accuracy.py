"""Accuracy guards: corrections to what the pages say must not quietly come back.

Each check reads the Markdown sources (docs/ and the shared snippets in
includes/) one sentence at a time, with the sources that sentence cites. A
sentence without its own citation is covered by the next citation in the same
paragraph, list item or table row (or, at the end of one, by the last), as a
reader would take it. A failure names the file and quotes the sentence.

These read the sources, not the build, so they run in a second and need no site.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
SOURCES = sorted((ROOT / "docs").rglob("*.md")) + sorted((ROOT / "includes").glob("*.md"))
FRONT_MATTER = re.compile(r"\A---\s*\n.*?\n---\s*\n", re.DOTALL)
CITATION = re.compile(r"\[((?:@[\w-]+\s*;?\s*)+)\]")
KEY = re.compile(r"@([\w-]+)")
SENTENCE_END = re.compile(r"(?<=[.!?])(?:\*\*)?\s+")
LIST_ITEM = re.compile(r"^\s*(?:[-*]|\d+\.)\s+(?:\[[ x]\]\s+)?")

# Trials that enrolled women only: they cannot support a claim about men.
WOMEN_ONLY = {"women2022", "liang2022"}


@dataclass
class Sentence:
    path: Path
    text: str
    keys: frozenset[str]  # its own citations, or those that cover it
    own: frozenset[str]  # only the citations written in the sentence itself
    block: str

    def __str__(self) -> str:
        return f"{self.path.relative_to(ROOT)}: {self.text[:160]!r}"


def blocks(markdown: str) -> list[str]:
    """Paragraphs, list items and table rows, each as one string; headings and markers left out."""
    markdown = FRONT_MATTER.sub("", markdown)
    markdown = re.sub(r"<!--.*?-->", "", markdown, flags=re.DOTALL)
    found, current = [], []

    def close():
        if current:
            found.append(" ".join(current))
            current.clear()

    for line in markdown.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith(("#", "!!!", "--8<--", "{")) or set(stripped) <= set("|-: "):
            close()
        elif stripped.startswith("|"):
            close()
            found.append(stripped)
        elif LIST_ITEM.match(line):
            close()
            current.append(LIST_ITEM.sub("", line).strip())
        else:
            current.append(stripped)
    close()
    return found


def sentences_of(path: Path) -> list[Sentence]:
    found = []
    for block in blocks(path.read_text(encoding="utf-8")):
        if block.startswith("|"):
            parts = [cell.strip() for cell in block.strip("|").split("|") if cell.strip()]
        else:
            parts = [part.strip() for part in SENTENCE_END.split(block) if part.strip()]
        own = [frozenset(k for m in CITATION.finditer(part) for k in KEY.findall(m.group(1))) for part in parts]
        for index, part in enumerate(parts):
            keys = own[index]
            if not keys:
                later = [k for k in own[index + 1:] if k]
                earlier = [k for k in own[:index] if k]
                keys = later[0] if later else (earlier[-1] if earlier else frozenset())
            text = re.sub(r"\s+([.,;:])", r"\1", " ".join(CITATION.sub("", part).replace("*", "").split()))
            found.append(Sentence(path, text, keys, own[index], CITATION.sub("", block).replace("*", "")))
    return found


SENTENCES = [sentence for path in SOURCES for sentence in sentences_of(path)]


def offending(predicate) -> list[str]:
    return [str(s) for s in SENTENCES if predicate(s)]


def test_the_checks_read_the_pages():
    cited = [s for s in SENTENCES if s.keys]
    assert len(cited) > 200, f"only {len(cited)} cited sentences found: the reader is broken"


# ---------------------------------------------------------------- US regulation


def test_class_ii_is_never_described_as_covering_products_that_only_improve_the_look_of_skin():
    """21 CFR 878.4430 covers devices that puncture the skin. Products that stay out of
    the living layers and claim only a smoother or brighter look are generally not
    devices at all, so 'devices used to improve the look of the skin are class II' is wrong."""
    wrong = offending(
        lambda s: re.search(r"\bclass II\b", s.text, re.IGNORECASE)
        and re.search(r"\blook\b|appearance|\bcosmetic\b|aesthetic", s.text, re.IGNORECASE)
        and not re.search(r"pierc|punctur|living", s.text, re.IGNORECASE)
    )
    assert not wrong, "class II described without saying the needles pierce the skin:\n" + "\n".join(wrong)


def test_the_glossary_says_class_ii_is_not_a_finding_that_a_device_works():
    terms = yaml.safe_load((ROOT / "includes/glossary.yml").read_text(encoding="utf-8"))
    definition = next(t["definition"] for t in terms if t["term"] == "class II medical device")
    assert re.search(r"does not (show|mean)", definition), definition
    assert not re.search(r"\blook of\b|appearance", definition), definition


def test_no_page_says_a_device_is_approved_or_cleared_for_hair_loss():
    wrong = offending(
        lambda s: re.search(r"\b(is|are|was|been) (fda[- ])?(approved|cleared|authori[sz]ed|allowed) for hair loss", s.text, re.I)
        and not re.search(r"\b(no|not|never|none|wary|claims?)\b", s.text, re.I)
    )
    assert not wrong, "\n".join(wrong)


# ---------------------------------------------------------------- who was studied


def test_a_claim_about_men_is_never_cited_to_a_trial_of_women_only():
    wrong = offending(lambda s: s.keys & WOMEN_ONLY and re.search(r"\bmen\b", s.text, re.IGNORECASE))
    assert not wrong, "a sentence about men cites a women-only trial:\n" + "\n".join(wrong)


# ---------------------------------------------------------------- sources that do not say it

# (key, what the source does not say, unless the sentence also says this, why)
NOT_IN_SOURCE = [
    ("chu2021", r"itch|bleed|blood", None,
     "Chu 2021 does not list itching or bleeding: cite the FDA's list (fda2025devices) for those"),
    ("liang2022", r"itch", r"both groups|as common|equal",
     "Liang 2022 found itching about equally in both groups: say so, or do not cite it for itching"),
    ("ocampogarza2020", r"skin and scars|skin research|not the main cause|blood flow.*cause", None,
     "Ocampo-Garza 2020 does not say this"),
    ("malhotra2020", r"\bno hairs?\b", None,
     "Malhotra 2020's summary reports ratings only: say that, not that no hairs were counted"),
    ("arora2022", r"about the same", None, "Arora 2022 found no clear difference, not 'about the same'"),
    ("prp2025", r"about the same", None, "the 2025 PRP trial found no clear difference, not 'about the same'"),
    ("gowda2021", r"\bhome\b", r"interview",
     "the warning about home use comes from an interview with one of Gowda 2021's authors, not the review"),
    ("xu2024", r"15\.82", None, "Xu 2024's pooled value of 15.82 is implausible: do not quote it"),
    ("gupta2023", r"\b27 (trials|studies)\b", r"minoxidil|PRP|platelet",
     "Gupta 2023's 27 trials are of several treatments, not 27 microneedling trials"),
]


@pytest.mark.parametrize("key, claim, unless, why", NOT_IN_SOURCE, ids=[row[0] for row in NOT_IN_SOURCE])
def test_a_source_is_not_cited_for_what_it_does_not_say(key, claim, unless, why):
    wrong = offending(
        lambda s: key in s.keys
        and re.search(claim, s.text, re.IGNORECASE)
        and not (unless and re.search(unless, s.text, re.IGNORECASE))
    )
    assert not wrong, why + ":\n" + "\n".join(wrong)


# Details we saw only in a secondary copy, not in the study's own record: wherever a
# page gives one, the same paragraph, list item or table row must say where it came from.
# (key, the detail, how the page says it is secondary, where the detail came from)
SECONDARY_ONLY = [
    ("dhurat2013", r"\b1\.5 ?mm", r"later review", "a table in a later review"),
    ("kumar2018", r"cosmetic|how (the )?hair looks?|real difference|\b12 weeks", r"summary|copy|reported",
     "copies of its summary on other websites"),
    ("women2022", r"0\.26|follow-up|step down", r"news report", "a news report (Dermatology Advisor)"),
    ("adistri2024", r"\b0\.6 ?mm", r"thesis", "a university thesis record of the same trial"),
]


@pytest.mark.parametrize("key, detail, marker, origin", SECONDARY_ONLY, ids=[row[0] for row in SECONDARY_ONLY])
def test_a_detail_from_a_secondary_copy_says_so(key, detail, marker, origin):
    wrong = offending(
        lambda s: key in s.keys
        and re.search(detail, s.text, re.IGNORECASE)
        and not re.search(marker, s.block, re.IGNORECASE)
    )
    assert not wrong, f"this detail comes only from {origin}: say so beside it:\n" + "\n".join(wrong)


def test_no_serious_side_effects_is_always_said_with_how_small_and_short_the_trials_were():
    wrong = offending(
        lambda s: "english2022" in s.keys
        and re.search(r"\bserious\b", s.text, re.IGNORECASE)
        and not re.search(r"\bsmall\b|\bshort\b", s.block, re.IGNORECASE)
    )
    assert not wrong, "\n".join(wrong)


def test_the_wait_before_judging_results_is_labelled_as_our_reading():
    wrong = offending(
        lambda s: re.search(r"\bwait at least\b", s.text, re.IGNORECASE)
        and not re.search(r"our reading|our own|inference|not advice that a study", s.block, re.IGNORECASE)
    )
    assert not wrong, "\n".join(wrong)


# ---------------------------------------------------------------- whole-page checks


def page_text(path: Path) -> str:
    return " ".join(s.text for s in sentences_of(path))


def cites(path: Path, key: str) -> list[Sentence]:
    return [s for s in sentences_of(path) if key in s.keys]


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_dhurat_2013_is_shown_as_a_pilot_beside_kumar_2018s_much_smaller_gain(path):
    if not any(re.search(r"\b91(\.4)?\b", s.text) for s in cites(path, "dhurat2013")):
        return
    assert re.search(r"\bpilot\b", page_text(path), re.IGNORECASE), "Dhurat 2013's gain is given without saying it was a pilot"
    kumar = " ".join(s.text for s in cites(path, "kumar2018"))
    assert re.search(r"\b12\.5|\b1\.9\b|fewer than 2", kumar), "Dhurat 2013's gain is given without Kumar 2018's result"


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_saying_there_was_no_fake_needling_also_says_some_assessors_were_blinded(path):
    no_sham = [
        s for s in sentences_of(path)
        if re.search(r"(fake|sham) needling", s.text, re.IGNORECASE)
        and re.search(r"\b(no|none|never)\b", s.text, re.IGNORECASE)
    ]
    if not no_sham:
        return
    assert re.search(r"did not know (who|which)", page_text(path)), (
        f"{no_sham[0]}: say too that some trials had assessors who did not know who had which treatment"
    )
    for sentence in no_sham:
        assert not sentence.own & {"dhurat2013", "kumar2018"}, (
            f"{sentence}: single trials cannot show that no trial used fake needling"
        )


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_blood_thinners_are_named_where_a_reader_must_recognise_their_medicine(path):
    text = page_text(path)
    if not re.search(r"blood thinner|thins your blood|anticoagulant", text, re.IGNORECASE):
        return
    assert re.search(r"warfarin", text) and re.search(r"heparin", text) and re.search(r"aspirin", text), (
        "the page mentions blood thinners but does not name warfarin, heparin and low-dose aspirin"
    )


def test_key_facts_on_the_home_page_carry_the_two_safety_rules():
    markdown = (ROOT / "docs/index.md").read_text(encoding="utf-8")
    section = re.search(r"^## Key facts.*?(?=^## )", markdown, re.MULTILINE | re.DOTALL)
    assert section, "the home page has no 'Key facts' section"
    facts = section.group(0).lower()
    assert "put nothing on needled skin" in facts, "Key facts do not say to put nothing on needled skin"
    assert "never share" in facts, "Key facts do not say never to share a device"


# ---------------------------------------------------------------- reference metadata


def test_a_preprint_doi_is_listed_as_a_preprint():
    references = yaml.safe_load((ROOT / "includes/references.yml").read_text(encoding="utf-8"))
    wrong = [
        key for key, entry in references.items()
        if str(entry.get("doi", "")).startswith("10.21203/") and "preprint" not in entry["published"].lower()
    ]
    assert not wrong, f"a Research Square DOI (a preprint) is shown under a journal's name: {wrong}"


# ---------------------------------------------------------------- reading grade


def test_the_reading_grade_counts_table_cells_each_as_its_own_sentence():
    from tools.readability import main_text

    html = (
        "<article><p>Short words here.</p><table><tr><th>Who</th><th>How long</th></tr>"
        "<tr><td>Forty women with pattern hair loss</td><td>24 weeks</td></tr></table></article>"
    )
    text = main_text(html)
    assert "Forty women with pattern hair loss." in text, text
    assert "24 weeks." in text, text
