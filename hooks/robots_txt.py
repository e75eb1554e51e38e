"""Write robots.txt pointing at the sitemap's absolute address.

site_url comes from the environment at build time, so the file cannot be a
static one in docs/. (Crawlers read robots.txt only at the root of a host:
on a project site under a sub-path, the sitemap line mostly helps tools that
look for it there.)
"""

from __future__ import annotations

import logging
from pathlib import Path
from urllib.parse import urljoin

log = logging.getLogger("mkdocs.hooks.robots_txt")


def robots_txt(site_url: str) -> str:
    base = site_url if site_url.endswith("/") else site_url + "/"
    return f"User-agent: *\nAllow: /\n\nSitemap: {urljoin(base, 'sitemap.xml')}\n"


def on_post_build(config):
    if not config.site_url:
        log.warning("mkdocs.yml: site_url is not set, so robots.txt cannot point at the sitemap")
        return
    Path(config.site_dir, "robots.txt").write_text(robots_txt(config.site_url), encoding="utf-8")
