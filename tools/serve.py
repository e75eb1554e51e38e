"""The live preview: `mkdocs serve`, started again when the guide's Python code changes.

    python -m tools.serve [mkdocs serve options]      # what scripts/serve runs

MkDocs rebuilds on its own when docs/, mkdocs.yml or a folder under `watch:`
(includes/, overrides/) changes. It keeps the hooks and the Markdown extensions
it imported when it started, though, so a change to hooks/, guide/ or
guide_markdown/ needs a fresh `mkdocs serve`: this starts one, and the open
page reloads itself. If MkDocs stops on an error, the next change starts it again.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import threading

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from guide import facts

CODE = ("hooks", "guide", "guide_markdown")
# What saving a file does (reading one, as an import does, is not a change).
CHANGES = {"created", "modified", "moved", "deleted", "closed"}


class _CodeChanged(FileSystemEventHandler):
    def __init__(self, changed: threading.Event):
        self.changed = changed

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in CHANGES and str(event.src_path).endswith(".py"):
            self.changed.set()


def _wait_for_change(changed: threading.Event, process: subprocess.Popen | None) -> None:
    """Until the code changes (then a moment more, as editors save in steps)."""
    while not changed.wait(0.5):
        if process is not None and process.poll() is not None:
            print("==> mkdocs serve stopped; it starts again when the code changes", file=sys.stderr)
            process = None
    changed.wait(0.3)
    changed.clear()


def _stop(process: subprocess.Popen) -> None:
    """As Ctrl+C does, so MkDocs cleans up after itself."""
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def main(argv: list[str]) -> int:
    command = [sys.executable, "-m", "mkdocs", "serve", *argv]
    changed = threading.Event()
    observer = Observer()
    for folder in CODE:
        observer.schedule(_CodeChanged(changed), str(facts.ROOT / folder), recursive=True)
    observer.start()
    process = None
    try:
        while True:
            process = subprocess.Popen(command, cwd=facts.ROOT)
            _wait_for_change(changed, process)
            print("==> The guide's Python code changed: starting mkdocs serve again", file=sys.stderr)
            _stop(process)
    except KeyboardInterrupt:
        return 0
    finally:
        if process is not None:
            _stop(process)
        observer.stop()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
