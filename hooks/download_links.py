"""Links to the files the publishing build adds (guide/facts.py `downloads`).

Pages link to a download as `[text](download:offline)` (or `download:pdf`);
the link becomes the file's address, and an unknown name is a warning. The
templates read the same addresses from `config.extra.downloads`. The offline
copy (Material's offline plugin on) holds the PDF (tools/offline.py copies it
in), but not itself: its link to the zip points at the published site. (The PDF holds none either: tools/pdf.py points its
download links at the published files.)
"""

from __future__ import annotations

import html
import logging
import re

from mkdocs.plugins import event_priority
from mkdocs.utils import get_relative_url

from guide import facts

log = logging.getLogger("mkdocs.hooks.download_links")

DOWNLOAD_LINK = re.compile(r'href="download:([\w-]+)"')


def on_config(config):
    downloads = facts.downloads(config)
    if facts.is_offline_copy(config):
        downloads = {key: name if key == "pdf" else facts.published_url(config, name) for key, name in downloads.items()}
    config.extra["downloads"] = downloads
    return config


@event_priority(10)  # before print-site (priority 0) keeps each page's HTML for the print page
def on_page_content(content, page, config, files):
    downloads = config.extra.get("downloads") or {}

    def resolve(match: re.Match) -> str:
        name = downloads.get(match.group(1))
        if not name:
            log.warning("%s: 'download:%s' names no file in extra.downloads", page.file.src_uri, match.group(1))
            return match.group(0)
        url = name if "://" in name else get_relative_url(name, page.url)
        return f'href="{html.escape(url)}"'

    return DOWNLOAD_LINK.sub(resolve, content)

