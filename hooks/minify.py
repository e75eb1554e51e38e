"""The guide's own stylesheets and scripts reach readers without their comments.

docs/assets/css/ and docs/assets/js/ are written for maintainers, with a comment
on every rule and function that says why it exists; a third or more of their
bytes are comments, which every first visit downloads. After the build, this
rewrites the copies in the site: CSS through tinycss2 (already installed for the
social cards), which parses it and writes it back without comments or runs of
whitespace; JavaScript through rjsmin, which drops comments and whitespace and
changes nothing else (no renaming). A stylesheet that does not parse is a
warning naming the file, so `mkdocs build --strict` stops. Vendored scripts
(those with a licence file beside them) are left exactly as shipped.
"""

from __future__ import annotations

import logging
from pathlib import Path

import rjsmin
import tinycss2

log = logging.getLogger("mkdocs.hooks.minify")

OWN_CSS = "assets/css"
OWN_JS = "assets/js"


def minify(css: str) -> tuple[str, list[str]]:
    """The stylesheet without comments and extra whitespace, and any parse errors."""
    rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    errors = [f"line {rule.source_line}: {rule.message}" for rule in rules if rule.type == "error"]
    if errors:
        return css, errors
    return "\n".join(rule.serialize() for rule in rules) + "\n", errors


def minify_js(script: str) -> str:
    """The script without comments and extra whitespace."""
    return rjsmin.jsmin(script) + "\n"


def own_scripts(folder: Path) -> list[Path]:
    """The guide's own scripts in a folder: not those shipped with a licence beside them
    (NAME-LICENSE.txt for NAME.js or NAME-anything.js, e.g. iframe-worker-shim.js)."""
    vendors = [licence.name.removesuffix("-LICENSE.txt") for licence in folder.glob("*-LICENSE.txt")]
    return [path for path in sorted(folder.glob("*.js"))
            if not any(path.stem == name or path.stem.startswith(name + "-") for name in vendors)]


def on_post_build(config):
    for path in sorted(Path(config.site_dir, OWN_CSS).glob("*.css")):
        text, errors = minify(path.read_text(encoding="utf-8"))
        for error in errors:
            log.warning("docs/%s/%s: %s", OWN_CSS, path.name, error)
        if not errors:
            path.write_text(text, encoding="utf-8")
    for path in own_scripts(Path(config.site_dir, OWN_JS)):
        path.write_text(minify_js(path.read_text(encoding="utf-8")), encoding="utf-8")
