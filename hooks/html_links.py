"""After the build, check every link and image in the finished HTML (guide/links.py).

MkDocs validates Markdown links only. Links written in raw HTML, in templates
or by hooks are checked here: each local href/src must point at a file in the
build, and each #fragment at an id on the target page. Problems are logged as
warnings naming the page, so `mkdocs build --strict` fails.
"""

from __future__ import annotations

import logging
from pathlib import Path
from urllib.parse import urlsplit

from guide.links import broken_links

log = logging.getLogger("mkdocs.hooks.html_links")


def made_later_files(config) -> frozenset[str]:
    """The files listed under `extra.downloads` in mkdocs.yml, made after `mkdocs build`."""
    return frozenset(((config.get("extra") or {}).get("downloads") or {}).values())


def on_post_build(config):
    base_path = urlsplit(config.site_url or "/").path or "/"
    if not base_path.endswith("/"):
        base_path += "/"
    made_later = made_later_files(config)
    for page, link, problem in broken_links(Path(config.site_dir), base_path, made_later):
        log.warning("%s: the link '%s' %s", page, link, problem)
