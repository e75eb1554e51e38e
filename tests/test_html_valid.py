"""Every page a reader can reach is valid HTML, by the Nu HTML Checker (npm vnu-jar).

The checker runs once over all pages (one Java start); each page is its own test.
print_page/ is left out: no page links to it, it is the source the PDF is
printed from, and its extra markup comes from the print-site plugin.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import NAV_SOURCES, ROOT, built_path

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
PAGES = [*NAV_SOURCES, "404.html"]

# Known theme noise, one entry per reason. Material's two hidden checkboxes that
# open the menu and search carry autocomplete="off" so a browser does not restore
# them open on Back; the HTML standard allows the attribute only on text-like inputs.
THEME_NOISE = [
    ('Attribute “autocomplete” is only allowed when the input type is', 'class="md-toggle"'),
]


def html_file(src: str) -> str:
    return src if src.endswith(".html") else built_path(src)


@pytest.fixture(scope="session")
def vnu_messages(site) -> dict[str, list[dict]]:
    java = shutil.which("java")
    assert java, "Java is needed for the Nu HTML Checker: run scripts/setup --dev"
    assert VNU.is_file(), f"{VNU} is missing: run scripts/setup --dev (npm ci)"
    files = [site / html_file(src) for src in PAGES]
    result = subprocess.run(
        [java, "-jar", str(VNU), "--format", "json", *map(str, files)],
        capture_output=True, text=True, timeout=600,
    )
    report = json.loads(result.stderr)
    by_file: dict[str, list[dict]] = {html_file(src): [] for src in PAGES}
    for message in report["messages"]:
        path = Path(message["url"].removeprefix("file:")).resolve()
        by_file.setdefault(path.relative_to(site.resolve()).as_posix(), []).append(message)
    return by_file


def is_theme_noise(message: dict) -> bool:
    return any(
        text in message["message"] and marker in message.get("extract", "")
        for text, marker in THEME_NOISE
    )


@pytest.mark.parametrize("src", PAGES)
def test_page_is_valid_html(src, vnu_messages):
    errors = [
        m for m in vnu_messages[html_file(src)]
        if m["type"] == "error" or m.get("subType") == "fatal"
    ]
    real = [m for m in errors if not is_theme_noise(m)]
    assert not real, f"{src}: " + "\n".join(
        f"line {m.get('lastLine')}: {m['message']} | {m.get('extract', '').strip()[:120]}" for m in real
    )


def test_the_known_theme_noise_is_still_there(vnu_messages):
    """If Material drops the attribute, the allowance above should go too."""
    noise = [m for m in vnu_messages["index.html"] if is_theme_noise(m)]
    assert noise, "Material no longer triggers the autocomplete error: remove THEME_NOISE"
