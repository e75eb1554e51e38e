"""Subset the site's web fonts to the characters the guide can use.

The full Latin files of Atkinson Hyperlegible (npm @fontsource, SIL OFL 1.1)
are about 17 KB each; cut to the characters below, without hinting, they are
about 6 KB, which keeps a first visit within its budget (tests/test_page_weight.py).
tests/test_fonts.py fails if a page uses a character the fonts lack: add it to
UNICODES and run

    python -m tools.subset_fonts
"""

from __future__ import annotations

from pathlib import Path

from fontTools import subset

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "node_modules/@fontsource/atkinson-hyperlegible/files"
TARGET = ROOT / "docs/assets/fonts"
FACES = ("400-normal", "400-italic", "700-normal", "700-italic")
# Basic Latin, and what the guide uses beyond it: no-break space, ² µ · ¶ ×,
# en and em dashes, curly quotes, bullet, ellipsis, arrow, ≤ and ≥.
UNICODES = "U+0020-007E,U+00A0,U+00B2,U+00B5-00B7,U+00D7,U+2013-2014,U+2018-201D,U+2022,U+2026,U+2192,U+2264-2265"


def main() -> None:
    for face in FACES:
        name = f"atkinson-hyperlegible-latin-{face}.woff2"
        subset.main([
            str(SOURCE / name),
            f"--unicodes={UNICODES}",
            "--flavor=woff2",
            # Hinting is for low-resolution screens that today's browsers barely use it on;
            # dropping it takes each file from about 10.6 KB to about 6 KB.
            "--no-hinting",
            f"--output-file={TARGET / name}",
        ])
        print(f"{name}: {(TARGET / name).stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
