"""Every page's social card can be drawn: its title and description use only
characters the cards' font has (Material's social plugin would draw the others
as empty boxes on every link preview). A missing one logs a warning naming the
page and the characters, so `mkdocs build --strict` stops.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from PIL import ImageFont

from guide import facts

log = logging.getLogger("mkdocs.hooks.card_font")

_fonts: dict[str, tuple[ImageFont.FreeTypeFont, bytes]] = {}


def on_config(config):
    _fonts.clear()
    social = facts.plugin(config, "social")
    if not social or not social.config.enabled:
        return config
    family = social.config.cards_layout_options.get("font_family")
    folder = Path(os.path.dirname(config.config_file_path), social.config.cache_dir, "fonts", family or "")
    for style in ("Bold", "Regular"):
        if (folder / f"{style}.ttf").is_file():
            font = ImageFont.truetype(str(folder / f"{style}.ttf"), 40)
            # What the font draws for a character it does not have (U+10FFFD is in no font).
            _fonts[style] = font, bytes(font.getmask("\U0010fffd"))
    return config


def missing(text: str, style: str) -> list[str]:
    """Characters of `text` the card font in `style` cannot draw."""
    if style not in _fonts:
        return []
    font, not_drawn = _fonts[style]
    return [ch for ch in dict.fromkeys(text) if not ch.isspace() and bytes(font.getmask(ch)) == not_drawn]


def on_page_markdown(markdown, page, config, files):
    # The card shows the title in bold and the description in the regular weight.
    for field, text, style in (("title", page.meta.get("title") or page.title, "Bold"),
                               ("description", page.meta.get("description"), "Regular")):
        if isinstance(text, str) and (found := missing(text, style)):
            log.warning("%s: the %s has characters the social card's font cannot draw (%s): write it in "
                        "Latin letters, or they show as empty boxes on link previews",
                        page.file.src_uri, field, " ".join(found))
    return markdown
