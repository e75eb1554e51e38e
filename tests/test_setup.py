"""scripts/setup away from Debian and Ubuntu: it checks for what the project
needs from the system before it installs anything, and where apt-get is not
there to help it stops with one message saying what to install.

Each test runs a copy of the script in an empty project, with a PATH made
here that holds only the tools it names (so no apt-get, Chromium, Java or
Node unless a test adds one). Nothing is installed outside the test's folder.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# What the script itself calls, besides the software it checks for.
TOOLS = ("bash", "env", "dirname", "cat", "cut", "id", "awk", "sed", "head", "uname", "cksum", "touch")


@pytest.fixture
def machine(tmp_path):
    """An empty project holding scripts/setup, and a bin/ folder to use as the whole PATH."""
    project, bin_dir = tmp_path / "project", tmp_path / "bin"
    (project / "scripts").mkdir(parents=True)
    shutil.copy2(ROOT / "scripts" / "setup", project / "scripts" / "setup")
    # Only what installing the guide's own packages needs (the pinned setuptools).
    pins = (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines()
    (project / "requirements.txt").write_text("\n".join(p for p in pins if p.startswith("setuptools==")) + "\n",
                                              encoding="utf-8")
    # The guide's own packages, empty: the script installs them in editable mode.
    shutil.copy2(ROOT / "pyproject.toml", project / "pyproject.toml")
    for package in ("guide", "guide_markdown"):
        (project / package).mkdir()
        (project / package / "__init__.py").write_text("", encoding="utf-8")
    bin_dir.mkdir()
    for tool in TOOLS:
        (bin_dir / tool).symlink_to(shutil.which(tool))
    return project, bin_dir


def fake(bin_dir: Path, name: str, script: str) -> Path:
    """A stand-in program, written as a new file (never through a link to a real one)."""
    path = bin_dir / name
    assert not path.exists(), f"{name} is already in the test PATH"
    path.write_text("#!/bin/sh\n" + script + "\n", encoding="utf-8")
    path.chmod(0o755)
    return path


def setup(project: Path, bin_dir: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", str(project / "scripts" / "setup"), *args], capture_output=True, text=True,
                          timeout=300, env={"PATH": str(bin_dir), "HOME": str(project), **env})


def test_on_macos_with_an_old_python_it_lists_everything_missing_and_the_homebrew_commands(machine):
    project, bin_dir = machine
    (bin_dir / "uname").unlink()
    fake(bin_dir, "uname", "echo Darwin")
    fake(bin_dir, "python3", '[ "$1" = --version ] && echo "Python 3.9.6" && exit 0\nexit 1')
    result = setup(project, bin_dir, "--dev")
    assert result.returncode == 1, result.stdout + result.stderr
    message = result.stderr
    for needed in ("Python 3.11 or later (found: Python 3.9.6)", "Cairo", "Chromium or Google Chrome",
                   "Java 11 or later", "Node.js 18 or later with npm"):
        assert needed in message, f"{needed!r} not in:\n{message}"
    assert "brew install python@3.11 cairo openjdk@17 node" in message
    assert "brew install --cask chromium" in message
    assert "export PYTHON=" in message and "export CHROMIUM_PATH=" in message
    assert "Traceback" not in message and "apt-get:" not in message
    assert not (project / ".venv").exists(), "it went on to create .venv"


def test_on_other_linux_it_names_only_what_is_missing(machine):
    project, bin_dir = machine
    (bin_dir / "python3").symlink_to(sys.executable)  # Python 3.11 or later, with Cairo findable
    result = setup(project, bin_dir, "--dev")
    assert result.returncode == 1, result.stdout + result.stderr
    message = result.stderr
    listed = [line[len("  - "):] for line in message.splitlines() if line.startswith("  - ")]
    assert len(listed) == 3, message
    for item, needed in zip(listed, ("Chromium or Google Chrome", "Java 11 or later", "Node.js 18 or later")):
        assert item.startswith(needed), message
    assert "sudo dnf install chromium java-17-openjdk-headless nodejs npm" in message
    assert "CHROMIUM_PATH" in message and "brew" not in message
    assert result.stdout == "", "it started installing something"


@pytest.mark.slow  # it installs the Python packages into a new .venv
def test_with_everything_there_it_carries_on_without_apt_get(machine):
    project, bin_dir = machine
    (bin_dir / "python3").symlink_to(sys.executable)
    chromium = fake(bin_dir.parent, "chromium", 'echo "Chromium 140.0"')
    result = setup(project, bin_dir, CHROMIUM_PATH=str(chromium))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Creating the virtual environment" in result.stdout
    assert (project / ".venv" / "bin" / "python").exists()
    assert list((project / ".venv").glob(".installed-*-requirements.txt")), "the install stamp is missing"
