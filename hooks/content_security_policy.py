"""The Content-Security-Policy that overrides/main.html sends, completed with
the hashes of the theme's inline scripts, computed from the built pages.

A page may run only our own script files and the inline scripts the theme
writes (palette, local storage helpers, the tab a link points to): their
sha256 hashes replace the placeholder in every page's policy. Every page gets
the hashes of the whole site, because instant navigation keeps the first
page's policy while it swaps in the next page's content.

The offline copy is opened from files, where 'self' names no origin a browser
can match: it goes without the policy (a file on the reader's own computer).
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

from guide import facts

PLACEHOLDER = "'csp-script-hashes'"
POLICY = re.compile(r'\s*<meta http-equiv="Content-Security-Policy"[^>]*>')
# An inline script the browser runs: no src, and no data type (application/json, ld+json).
INLINE_SCRIPT = re.compile(r"<script(\s[^>]*)?>(.*?)</script>", re.S | re.I)
DATA_TYPE = re.compile(r"""\btype\s*=\s*["']?application/""", re.I)


def inline_script_hashes(html: str) -> set[str]:
    found = set()
    for match in INLINE_SCRIPT.finditer(html):
        attributes, body = match.group(1) or "", match.group(2)
        if re.search(r"\bsrc\s*=", attributes, re.I) or DATA_TYPE.search(attributes):
            continue
        digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode()
        found.add(f"'sha256-{digest}'")
    return found


def on_post_build(config):
    pages = sorted(Path(config.site_dir).rglob("*.html"))
    texts = {path: path.read_text(encoding="utf-8") for path in pages}
    offline = facts.is_offline_copy(config)
    hashes = " ".join(sorted(set().union(*map(inline_script_hashes, texts.values()))))
    for path, text in texts.items():
        if PLACEHOLDER not in text:
            continue
        text = POLICY.sub("", text, count=1) if offline else text.replace(PLACEHOLDER, hashes)
        path.write_text(text, encoding="utf-8")
