"""Run `mkdocs build --strict` in a process of its own: the site step of the
publishing build, and the offline copy's second build."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from guide import facts


class BuildError(RuntimeError):
    pass


def mkdocs_build(site_dir: Path, env: dict | None = None) -> None:
    """Run `mkdocs build --strict` (never with -q: it hides strict failures), as publishing
    builds: PUBLISH=true turns on what only the published site needs (social cards, the print page)."""
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(facts.CONFIG_FILE),
               "--site-dir", str(site_dir)]
    result = subprocess.run(command, cwd=facts.ROOT, env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "PUBLISH": "true", **(env or {})},
                            capture_output=True, text=True)
    if result.returncode != 0:
        problems = [line for line in result.stderr.splitlines() if "WARNING" in line or "ERROR" in line]
        raise BuildError("mkdocs build --strict failed:\n" + "\n".join(problems or [result.stderr]))
