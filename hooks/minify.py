"""The guide's own stylesheets reach readers without their comments.

docs/assets/css/ is written for maintainers, with a comment on every rule that
says why it exists; about a third of its bytes are comments, which every first
visit downloads. After the build, this rewrites the copies in the site through
tinycss2 (already installed for the social cards), which parses the CSS and
writes it back without comments or runs of whitespace. A stylesheet that does
not parse is a warning naming the file, so `mkdocs build --strict` stops.
"""

from __future__ import annotations

import logging
from pathlib import Path

import tinycss2

log = logging.getLogger("mkdocs.hooks.minify_css")

OWN = "assets/css"


def minify(css: str) -> tuple[str, list[str]]:
    """The stylesheet without comments and extra whitespace, and any parse errors."""
    rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    errors = [f"line {rule.source_line}: {rule.message}" for rule in rules if rule.type == "error"]
    if errors:
        return css, errors
    return "\n".join(rule.serialize() for rule in rules) + "\n", errors


def on_post_build(config):
    for path in sorted(Path(config.site_dir, OWN).glob("*.css")):
        text, errors = minify(path.read_text(encoding="utf-8"))
        for error in errors:
            log.warning("docs/%s/%s: %s", OWN, path.name, error)
        if not errors:
            path.write_text(text, encoding="utf-8")
