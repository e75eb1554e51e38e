"""After the build, check the finished HTML of every page (guide/links.py).

MkDocs validates Markdown links only. Links written in raw HTML, in templates
or by hooks are checked here: each local href/src must point at a file in the
build, and each #fragment at an id on the target page. Every image needs alt
text. Problems are logged as warnings naming the page, so `mkdocs build
--strict` fails.
"""

from __future__ import annotations

import logging
from pathlib import Path

from guide import facts, links

log = logging.getLogger("mkdocs.hooks.html_check")


def on_post_build(config):
    site = Path(config.site_dir)
    pages = links.read_site(site)
    # Downloads are written after `mkdocs build`; tools/publish.py checks links to them.
    made_later = frozenset(facts.downloads(config).values())
    for page, link, problem in links.broken_links(site, facts.base_path(config), made_later, pages=pages):
        log.warning("%s: the link '%s' %s", page, link, problem)
    for page, found in pages.items():
        for src in found.images_without_alt:
            log.warning("%s: an image has no alt text: %s", page, src)
