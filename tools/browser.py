"""Find the system Chromium (Debian's chromium here, Chrome on GitHub's runners).

Playwright drives it through `executable_path`; its own browser download
(`playwright install`) is never used.
"""

from __future__ import annotations

import os
import shutil
import subprocess

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")

# Flags that keep a headless Chromium quiet on a machine without internet.
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class ChromiumMissing(RuntimeError):
    pass


def find_chromium() -> str:
    """Return the path of a working Chromium or Chrome, or raise ChromiumMissing."""
    explicit = os.environ.get("CHROMIUM_PATH")
    candidates = [explicit] if explicit else [shutil.which(n) for n in CANDIDATES]
    for path in filter(None, candidates):
        try:
            subprocess.run([path, "--version"], capture_output=True, check=True, timeout=30)
        except (OSError, subprocess.SubprocessError):
            continue
        return path
    raise ChromiumMissing(
        "Chromium was not found. Install it with 'sudo apt-get install chromium' "
        "(Debian/Ubuntu), or set CHROMIUM_PATH to a Chromium or Chrome executable."
    )
