"""The self-hosted web fonts cover every character the pages use.

The fonts are cut down to the characters the guide needs (tools/subset_fonts.py);
a character they lack would be drawn in another font, mid-sentence.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from fontTools.ttLib import TTFont

from conftest import NAV_SOURCES, ROOT, built_path

FONTS = ROOT / "docs/assets/fonts"
# Drawn by the reader's own fonts on purpose: the footnotes' "jump back" arrow.
FALLBACK_ON_PURPOSE = {"↩"}


def characters(path: Path) -> set[str]:
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    for element in soup(["script", "style"]):
        element.decompose()
    return {c for c in soup.get_text() if c.isprintable() and not c.isspace() or c == "\u00a0"}


@pytest.mark.parametrize("face", ["400-normal", "700-normal", "400-italic", "700-italic"])
def test_each_font_face_covers_every_character_on_every_page(site, face):
    font = TTFont(FONTS / f"atkinson-hyperlegible-latin-{face}.woff2")
    covered = {chr(code) for code in font.getBestCmap()}
    used = set().union(*(characters(site / built_path(src)) for src in NAV_SOURCES))
    missing = sorted(used - covered - FALLBACK_ON_PURPOSE)
    assert not missing, (
        f"characters missing from the {face} font: {missing} "
        "(add them to UNICODES in tools/subset_fonts.py and run python -m tools.subset_fonts)"
    )


def test_fonts_are_subset_to_keep_pages_light():
    for path in FONTS.glob("*.woff2"):
        assert path.stat().st_size < 9_000, f"{path.name} is {path.stat().st_size} bytes: not subset?"
