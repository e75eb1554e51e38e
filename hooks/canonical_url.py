"""Every page's canonical address is its published one, with directory URLs.

The offline copy turns directory URLs off so that pages open as files, and
MkDocs then gives each page a canonical address ending in `.html`, which the
published site does not serve. This keeps every address a reader may copy or
print (canonical link, link previews, share button, printed footer) pointing
at the page on the published site (guide/facts.py).
"""

from __future__ import annotations

from guide import facts


def on_pre_page(page, config, files):
    if not config.use_directory_urls:
        page.canonical_url = facts.published_url(config, facts.directory_url(config, page.file.src_uri))
    return page
