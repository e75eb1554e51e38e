"""The publishing build is all or nothing, one at a time, and the same sources
give the same site (tools/publish.py)."""

from __future__ import annotations

import fcntl
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from unittest import mock

from conftest import FEEDBACK_URL, ROOT, SITE_URL
from tools import publish


def publishing(site_dir: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "tools.publish", "--site-dir", str(site_dir)], cwd=ROOT,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def leftovers(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir() if path.name.startswith(".site.") and path.is_dir())


def test_a_build_stopped_part_way_leaves_the_previous_site_and_no_folders(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("the previous edition")
    build = publishing(site)
    try:
        # Stop it once the new site's pages are written, before the PDF and the offline copy are.
        deadline = time.monotonic() + 300
        while not any(tmp_path.glob(".site.building-*/index.html")):
            assert build.poll() is None, build.communicate()
            assert time.monotonic() < deadline, "the build never wrote its pages"
            time.sleep(0.2)
        build.send_signal(signal.SIGTERM)
        _, errors = build.communicate(timeout=120)
    finally:
        build.kill()
    assert build.returncode == 130, errors
    assert "the build was stopped" in errors and "Traceback" not in errors, errors
    assert [path.name for path in site.iterdir()] == ["index.html"]
    assert (site / "index.html").read_text() == "the previous edition"
    assert leftovers(tmp_path) == []


def test_a_killed_builds_folder_is_cleared_and_a_half_replaced_site_comes_back(tmp_path):
    (tmp_path / ".site.building-x").mkdir()
    (tmp_path / ".site.previous-1").mkdir()
    (tmp_path / ".site.previous-1" / "index.html").write_text("the previous edition")
    publish._clear_leftovers(tmp_path / "site")
    assert (tmp_path / "site" / "index.html").read_text() == "the previous edition"
    assert leftovers(tmp_path) == []


def test_a_second_build_waits_for_the_first_and_says_so(tmp_path):
    site = tmp_path / "site"
    with open(tmp_path / ".site.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        build = publishing(site)
        try:
            line = build.stderr.readline()
            assert "Another publishing build is writing" in line and "waiting for it to finish" in line, line
            time.sleep(1)
            assert build.poll() is None and leftovers(tmp_path) == [], "it did not wait"
        finally:
            build.kill()
            build.communicate()


def test_a_full_disk_is_one_line_and_the_site_is_untouched(tmp_path, monkeypatch, capsys):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("the previous edition")

    def full(site_dir, config=None):
        (site_dir / "half-written.zip").write_bytes(b"PK")
        raise OSError(28, "No space left on device", str(site_dir / "half-written.zip"))

    monkeypatch.setattr(publish, "_steps", full)
    assert publish.main(["--site-dir", str(site)]) == 1
    message = capsys.readouterr().err.strip()
    assert message.startswith("error: the disk is full") and "\n" not in message, message
    assert [path.name for path in site.iterdir()] == ["index.html"] and leftovers(tmp_path) == []


def test_the_same_sources_build_the_same_site_and_offline_copy(site, tmp_path):
    """Byte for byte, apart from the PDF (its own bytes are tools/pdf.py's concern)."""
    again = tmp_path / "site"
    with mock.patch.dict(os.environ, {"SITE_URL": SITE_URL, "FEEDBACK_URL": FEEDBACK_URL}):
        publish.build(again)
    files = sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(again).as_posix() for p in again.rglob("*") if p.is_file())
    assert any(name.endswith(".zip") for name in files)
    differ = [name for name in files if not name.endswith(".pdf")
              and (site / name).read_bytes() != (again / name).read_bytes()]
    assert differ == []


def test_the_sitemap_dates_each_page_by_its_last_review_not_the_build(site):
    from conftest import CONFIG, PAGES, SITE_URL
    from guide import facts

    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    for src, page in PAGES.items():
        reviewed = facts.front_matter(CONFIG, src)["last_reviewed"]
        entry = f"<loc>{SITE_URL}{page.url}</loc>\n         <lastmod>{reviewed}</lastmod>"
        assert entry in sitemap, f"{src}: no {entry!r} in the sitemap"
