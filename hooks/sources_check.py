"""The shared sources are sound and used.

includes/references.yml and includes/glossary.yml (which the guide_markdown
extensions read) have no mistakes; every citation on a page names a sound
reference; every reference is cited on some page. Each problem logs a warning
naming the file, so `mkdocs build --strict` stops.
"""

from __future__ import annotations

import logging
import os

from guide import facts
from guide_markdown import citations, glossary, references

log = logging.getLogger("mkdocs.hooks.sources_check")

_build: dict = {}


def on_config(config):
    found = references.load(facts.references_file(config))
    terms = glossary.load(facts.glossary_file(config))
    for source in (found, terms):
        for problem in source.problems:
            log.warning("%s: %s", _name(config, source.path), problem)
    _build.update(references=found, cited=set())
    return config


def on_page_content(html, page, config, files):
    found = _build["references"]
    if not found.readable:  # reported once, above: not again for every citation on every page
        return html
    for key in citations.unresolved(html):
        if key in found.broken:
            log.warning("%s: '@%s' cites an entry of %s that has a mistake (see above)",
                        page.file.src_uri, key, _name(config, found.path))
        else:
            log.warning("%s: unknown citation key '@%s' (not in %s)", page.file.src_uri, key, _name(config, found.path))
    _build["cited"].update(citations.cited_keys(html))
    return html


def on_post_build(config):
    found = _build["references"]
    if not found.readable:
        return
    for key in found.entries:
        if key not in _build["cited"]:
            log.warning("%s: reference '%s' is not cited on any page", _name(config, found.path), key)


def _name(config, path) -> str:
    return os.path.relpath(path, os.path.dirname(config.config_file_path))
