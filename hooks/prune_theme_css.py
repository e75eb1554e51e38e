"""Material's stylesheet reaches readers without the rules this guide cannot use.

Material's main.css styles every component the theme offers: code blocks and
their annotations, content tabs, diagrams, tags, blog posts, the version
selector, the repository button, banners and more. This guide uses few of them,
yet every first visit downloads all of it (about 23 KB compressed).

After the build, this drops a selector when it needs a class (outside any
:not(), :is() or other parentheses) that nothing in the built site can give an
element: no class attribute in any built page, and no string in any script
(Material's bundle, our scripts, inline scripts). A rule loses only the
selectors that cannot match; it goes when none is left. The test is on the
whole site, so a page that starts using a component brings its rules back at
the next build.

A few of Material's script-made elements exist only for content the site does
not have; SCRIPT_MADE_FOR lists them with what they need. The file is renamed
after its new content, so a browser never keeps an older cut.

Only in the publishing build (PUBLISH=true, as tools/mkdocs_build.py sets): the
live preview keeps the whole stylesheet, which looks the same (the rules that
go match nothing), and saves the second or two this takes on every rebuild.
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

import tinycss2

THEME_CSS = "assets/stylesheets"
CLASS_ATTRIBUTE = re.compile(r"""\bclass\s*=\s*(?:"([^"]*)"|'([^']*)')""")
STRING = re.compile(r""""((?:[^"\\\n]|\\.)*)"|'((?:[^'\\\n]|\\.)*)'|`([^`]*)`""")
INLINE_SCRIPT = re.compile(r"<script\b[^>]*>(.*?)</script>", re.S)
WORD = re.compile(r"-?[A-Za-z_][\w-]*")
# The palette's colours: Material's script copies them from the palette toggle's attributes.
COLOUR_ATTRIBUTE = re.compile(r'\b(data-md-color-[a-z]+)\s*=\s*"([^"]*)"')
# Scripts that make no elements: the search engine's language files, its worker and index.
NO_ELEMENTS = ("assets/javascripts/lunr/", "assets/javascripts/workers/", "search/")
# Classes Material's script gives to elements it makes only for content the
# site lacks: (a class some page must have, or text its configuration must
# hold, and the classes the script makes for it).
SCRIPT_MADE_FOR = [
    # code blocks: copy button, annotations
    ("highlight", ("highlight", "md-code__", "md-annotation")),
    # content tabs: the tab labels and scroll buttons
    ("tabbed-set", ("tabbed-",)),
    # diagrams
    ("mermaid", ("mermaid",)),
    # the repository button and its facts (stars, forks)
    ("md-source", ("md-source__",)),
    # the version selector (extra.version in mkdocs.yml)
    ('"version": {', ("md-version",)),
]


def classes_in_use(site: Path) -> set[str]:
    """Every class an element of the built site can have, and every palette colour
    attribute as 'name=value'."""
    used: set[str] = set()
    scripts = [path.read_text(encoding="utf-8") for path in site.rglob("*.js")
               if not path.relative_to(site).as_posix().startswith(NO_ELEMENTS)]
    inline = []
    for path in site.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        for match in CLASS_ATTRIBUTE.finditer(text):
            used.update((match.group(1) or match.group(2) or "").split())
        used.update(f"{name}={value}" for name, value in COLOUR_ATTRIBUTE.findall(text))
        inline.extend(INLINE_SCRIPT.findall(text))
    scripts += inline
    from_scripts = {word for script in scripts for string in STRING.finditer(script)
                    for word in WORD.findall("".join(part or "" for part in string.groups()))}
    for needed, prefixes in SCRIPT_MADE_FOR:
        if needed not in used and not (needed.startswith('"') and any(needed in script for script in inline)):
            from_scripts = {word for word in from_scripts if not word.startswith(prefixes)}
    return used | from_scripts


def required_classes(selector: list) -> set[str]:
    """Classes and palette colours a complex selector needs (what is in parentheses
    may be negated or optional, so it is not counted)."""
    needed = set()
    for before, token in zip(selector, selector[1:]):
        if before.type == "literal" and before.value == "." and token.type == "ident":
            needed.add(token.value)
    for token in selector:
        if token.type == "[] block":
            parts = [t for t in token.content if t.type != "whitespace"]
            if (len(parts) == 3 and parts[0].type == "ident" and parts[0].value.startswith("data-md-color-")
                    and parts[1].type == "literal" and parts[1].value == "="
                    and parts[2].type in ("ident", "string")):
                needed.add(f"{parts[0].value}={parts[2].value}")
    return needed


def split_selectors(prelude: list) -> list[list]:
    parts: list[list] = [[]]
    for token in prelude:
        if token.type == "literal" and token.value == ",":
            parts.append([])
        else:
            parts[-1].append(token)
    return parts


def prune_rules(rules: list, used: set[str]) -> list:
    kept = []
    for rule in rules:
        if rule.type == "qualified-rule":
            selectors = [s for s in split_selectors(rule.prelude) if required_classes(s) <= used]
            if not selectors:
                continue
            rule.prelude = [token for i, s in enumerate(selectors)
                            for token in ([tinycss2.ast.LiteralToken(0, 0, ",")] if i else []) + s]
        elif rule.type == "at-rule" and rule.at_keyword in ("media", "supports", "layer", "container") \
                and rule.content is not None:
            inner = prune_rules(tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True),
                                used)
            if not inner:
                continue
            rule.content = [token for r in inner for token in (r, tinycss2.ast.WhitespaceToken(0, 0, "\n"))]
        elif rule.type in ("comment", "whitespace"):
            continue
        kept.append(rule)
    return kept


def prune(css: str, used: set[str]) -> str:
    rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    return "".join(rule.serialize() for rule in prune_rules(rules, used)) + "\n"


def on_post_build(config):
    if os.environ.get("PUBLISH", "").lower() != "true":
        return
    site = Path(config.site_dir)
    used = classes_in_use(site)
    renamed = {}
    for path in sorted((site / THEME_CSS).glob("*.min.css")):
        text = prune(path.read_text(encoding="utf-8"), used)
        digest = hashlib.sha256(text.encode()).hexdigest()[:8]
        new = path.with_name(f"{path.name.split('.')[0]}.{digest}.min.css")
        path.unlink()
        path.with_name(path.name + ".map").unlink(missing_ok=True)  # it maps the uncut file
        new.write_text(text, encoding="utf-8")
        renamed[path.name] = new.name
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        changed = html
        for old, new in renamed.items():
            changed = changed.replace(f"{THEME_CSS}/{old}", f"{THEME_CSS}/{new}")
        if changed != html:
            page.write_text(changed, encoding="utf-8")
