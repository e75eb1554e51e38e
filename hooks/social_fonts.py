"""Give Material's social plugin the site's own font, so cards build offline.

The plugin draws link-preview cards with TrueType fonts it looks for in
`<cache_dir>/fonts/<Family>/<Style>.ttf`, and downloads the family from
Google Fonts when that folder is missing. social-fonts/ holds TTF copies of
the font the site uses (converted once from its woff2 files, same licence);
this hook copies them into the cache before any card is drawn. A missing
font logs a warning naming the file, so `mkdocs build --strict` stops
instead of reaching for the network.
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

log = logging.getLogger("mkdocs.hooks.social_fonts")

SOURCE = Path("social-fonts")
STYLES = ("Regular", "Bold")  # the styles the default card layout draws with


def on_config(config):
    plugin = config.plugins.get("material/social")
    if plugin is None or not plugin.config.enabled:
        return config
    family = plugin.config.cards_layout_options.get("font_family")
    if not family:
        log.warning("mkdocs.yml: set social cards_layout_options.font_family to a family in %s/", SOURCE)
        return config
    source = Path(config.config_file_path).parent / SOURCE / family
    fonts = [source / f"{style}.ttf" for style in STYLES]
    missing = [font for font in fonts if not font.is_file()]
    for font in missing:
        log.warning("%s/%s/%s: missing; social cards need it to build offline", SOURCE, family, font.name)
    if missing:
        return config
    # The social plugin has already made cache_dir absolute in its own on_config.
    target = Path(plugin.config.cache_dir) / "fonts" / family
    target.mkdir(parents=True, exist_ok=True)
    for font in fonts:
        shutil.copyfile(font, target / font.name)
    return config
