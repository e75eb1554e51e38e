"""What a first visit to each page transfers, served as a real host serves it
(tools/server.py: gzip, under the published path), in Chromium with an empty cache.
Used by the page-weight test and the benchmark."""

from __future__ import annotations

from pathlib import Path

from tools.server import SiteServer


def first_visits(site_dir: Path, pages: dict[str, str], chromium, base_path: str) -> dict:
    """Bytes on the wire and requests for a first visit of each page ({source: address})."""
    found = {}
    with SiteServer(site_dir, base_path) as server:
        origin = server.url[: -len(base_path)]
        for src, url_path in pages.items():
            context = chromium.new_context()
            external = []

            def note_external(request, external=external):
                if not request.url.startswith((origin, "data:", "blob:")):
                    external.append(request.url)

            context.on("request", note_external)
            page = context.new_page()
            server.take_log()
            response = page.goto(server.url + url_path, wait_until="networkidle")
            if response is None or response.status != 200:
                raise RuntimeError(f"{src}: the served page answered {response and response.status}")
            page.wait_for_timeout(500)
            context.close()
            log = server.take_log()
            found[src] = {"bytes": sum(sent for _, _, sent in log), "requests": len(log),
                          "external": len(external),
                          "log": [{"path": p, "status": s, "bytes": b} for p, s, b in log]}
    return found
