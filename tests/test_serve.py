"""The live preview (scripts/serve, tools/serve.py) shows an edit to the shared
sources and to the guide's own code, on a copy of the project."""

from __future__ import annotations

import os
import queue
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
import uuid

import yaml



def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Preview:
    """`python -m tools.serve` in a copy of the project, its messages read as they come."""

    def __init__(self, project):
        self.url = f"http://127.0.0.1:{free_port()}/"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tools.serve", "--dev-addr", self.url[len("http://"):-1], "--livereload"],
            cwd=project, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, start_new_session=True,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        )
        self.lines: queue.Queue = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.process.stderr:
            self.lines.put(line)

    def wait_for(self, text: str, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=1)
            except queue.Empty:
                continue
            self.seen.append(line)
            if text in line:
                return
        raise AssertionError(f"no {text!r} within {timeout} s:\n" + "".join(self.seen[-30:]))

    def page(self, path: str) -> str:
        with urllib.request.urlopen(self.url + path, timeout=30) as response:
            return response.read().decode("utf-8")

    def stop(self):
        os.killpg(self.process.pid, signal.SIGINT)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


def test_the_preview_shows_an_edited_reference_and_edited_code(project):
    preview = Preview(project)
    try:
        preview.wait_for("Serving on")
        references = project / "includes" / "references.yml"
        text = references.read_text(encoding="utf-8")
        title = next(iter(yaml.safe_load(text).values()))["title"]
        marker = f"Edited {uuid.uuid4().hex}"
        assert title in text and marker not in preview.page("references/")
        references.write_text(text.replace(title, f"{marker} {title}", 1), encoding="utf-8")
        preview.wait_for("Reloading browsers")
        assert marker in preview.page("references/"), "the edited reference is not on the References page"

        # The Markdown extensions are Python code: the preview starts again to use an edit.
        code = project / "guide_markdown" / "citations.py"
        heading = "## Sources for this page"
        assert heading in code.read_text(encoding="utf-8")
        code.write_text(code.read_text(encoding="utf-8").replace(heading, f"{heading} ({marker})"), encoding="utf-8")
        preview.wait_for("starting mkdocs serve again")
        preview.wait_for("Serving on")
        assert f"Sources for this page ({marker})" in preview.page("what-the-research-shows/")
    finally:
        preview.stop()


def test_a_mistake_made_while_previewing_is_named_and_the_preview_keeps_serving(project):
    preview = Preview(project)
    try:
        preview.wait_for("Serving on")
        references = project / "includes" / "references.yml"
        page = project / "docs" / "risks-and-side-effects.md"
        sound_references, sound_page = references.read_text(encoding="utf-8"), page.read_text(encoding="utf-8")
        references.write_text(sound_references + "\nchu2021:\n  authors: Nobody N\n", encoding="utf-8")
        preview.wait_for("includes/references.yml: line")
        page.write_text(sound_page.replace("title: ", "title: Risks: ", 1), encoding="utf-8")
        preview.wait_for("risks-and-side-effects.md: the front matter is not valid YAML")
        references.write_text(sound_references, encoding="utf-8")
        page.write_text(sound_page, encoding="utf-8")
        # Two writes may give two rebuilds, the first started before the page was mended:
        # the preview has recovered once a rebuild shows the mended page.
        for _ in range(3):
            preview.wait_for("Reloading browsers")
            assert preview.process.poll() is None, "the preview stopped"
            if "Sources for this page" in preview.page("risks-and-side-effects/"):
                break
        else:
            raise AssertionError("three rebuilds after the mistakes were mended, the page still lacks its sources")
        assert not any("Traceback" in line for line in preview.seen), "".join(preview.seen)
    finally:
        preview.stop()
