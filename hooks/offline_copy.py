"""The offline copy's settings, from one switch: Material's offline plugin.

When `OFFLINE=true` enables the plugin (tools/offline.py does), this hook,
running before the plugins set themselves up:
- loads the iframe-worker shim from the copy itself, so the plugin does not add
  it from unpkg.com (search then runs from file:// with no request out);
- turns off instant navigation, which cannot fetch pages from file://, and
  social cards, which nothing reads from a folder;
- points download links at the published site, as the copy holds no downloads.

Pages link to a download as `[text](download:offline)` (or `download:pdf`);
the link becomes the file's address, and an unknown name is a warning. On the
print page (the PDF's source) it becomes the published address, as a PDF
holds no downloads.
"""

from __future__ import annotations

import html
import logging
import re
from pathlib import Path

from mkdocs.plugins import event_priority
from mkdocs.utils import get_relative_url

from guide import facts

log = logging.getLogger("mkdocs.hooks.offline_copy")

SHIM = "assets/js/iframe-worker-shim.js"
NOT_OFFLINE = ("navigation.instant", "navigation.instant.prefetch", "navigation.instant.progress")
DOWNLOAD_LINK = re.compile(r'href="download:([\w-]+)"')


def _plugin(config, name: str):
    for key, plugin in config.plugins.items():
        if key.split("/")[-1] == name:
            return plugin
    return None


def offline_enabled(config) -> bool:
    plugin = _plugin(config, "offline")
    return bool(plugin and plugin.config.enabled)


@event_priority(10)  # before the offline plugin (priority 0) looks for a shim
def on_config(config):
    downloads = facts.downloads(config)
    if not offline_enabled(config):
        config.extra["downloads"] = downloads
        return config
    polyfills = config.extra.get("polyfills") or []
    if SHIM not in polyfills:
        config.extra["polyfills"] = [*polyfills, SHIM]
    features = config.theme.get("features") or []
    config.theme["features"] = [f for f in features if f not in NOT_OFFLINE]
    social = _plugin(config, "social")
    if social:
        social.config.enabled = False
    config.extra["downloads"] = {key: facts.published_url(config, name) for key, name in downloads.items()}
    return config


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


def on_post_build(config):
    plugin = _plugin(config, "print-site")
    page = getattr(plugin, "print_page", None) if plugin and plugin.config.get("enabled") else None
    if page is None or not config.site_url:
        return
    path = Path(page.file.abs_dest_path)
    if not path.is_file():
        return
    text = path.read_text(encoding="utf-8")
    for name in (config.extra.get("downloads") or {}).values():
        if "://" not in name:
            text = re.sub(rf'href="[^"]*?{re.escape(name)}"', f'href="{config.site_url}{name}"', text)
    path.write_text(text, encoding="utf-8")
