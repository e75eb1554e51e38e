"""Reading grade of a built page's main text (Flesch-Kincaid, via textstat).

Main text is what a reader reads: paragraphs, list items, table cells,
glossary definitions and callout bodies. Left out: headings, the per-page
source notes, the reference list, review dates, and code. Each list item,
table cell and term counts as its own sentence, as the NHS readability
method does for lists: a short cell such as "12 weeks" reads as a short
sentence, not as words run on into the next cell.

    python -m tools.readability site/    # print every page's grade
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import textstat
from bs4 import BeautifulSoup

TARGET_GRADE = 8.0
LEFT_OUT = (
    "h1, h2, h3, h4, h5, h6, .footnote, .references, .review-dates, pre, code, "
    "sup, .headerlink, .admonition-title, summary, .md-source-file, script, style, "
    ".md-content__button, .no-readability, [hidden]"
)
BLOCKS = "p, li, dt, dd, th, td"


def main_text(html: str) -> str:
    soup = BeautifulSoup(html, "html.parser")
    article = soup.select_one("article") or soup
    for element in article.select(LEFT_OUT):
        element.decompose()
    sentences = []
    for block in article.select(BLOCKS):
        if block.find(BLOCKS.split(", ")):
            # A list item holding paragraphs or a nested list: its parts count on their own.
            own = "".join(t for t in block.find_all(string=True, recursive=False)).strip()
            if own:
                sentences.append(own)
            continue
        text = re.sub(r"\s+", " ", block.get_text(" ")).strip()
        if text:
            sentences.append(text)
    # A block without closing punctuation is still a sentence of its own.
    return " ".join(s if s[-1] in ".!?:" else s + "." for s in sentences)


def grade(html: str) -> float:
    text = main_text(html)
    return float(textstat.flesch_kincaid_grade(text)) if text else 0.0


def main(argv: list[str]) -> int:
    site = Path(argv[0] if argv else "site")
    worst = 0.0
    for path in sorted(site.rglob("index.html")):
        if path.parent.name in ("search", "print_page", "404"):
            continue
        value = grade(path.read_text(encoding="utf-8"))
        worst = max(worst, value)
        flag = "" if value <= TARGET_GRADE else "  <-- above grade 8"
        print(f"{value:5.1f}  {path.relative_to(site)}{flag}")
    return 0 if worst <= TARGET_GRADE else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
