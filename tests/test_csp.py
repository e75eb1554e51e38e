"""Every page says what it may load and run (a Content-Security-Policy, from
overrides/main.html and hooks/content_security_policy.py), and nothing the
guide itself does breaks it: no page, however reached, logs a violation."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from conftest import SITE_PATH

# Records every violation the page reports, from before its first script runs.
LISTEN = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", event => {
  window.__violations.push(`${event.violatedDirective} blocked ${event.blockedURI || "inline code"}`
    + (event.sample ? `: ${event.sample}` : ""));
});
"""


def html_paths(site: Path) -> list[str]:
    return [path.relative_to(site).as_posix() for path in sorted(site.rglob("*.html"))]


@pytest.fixture
def watched_page(browser, server):
    """A page in a fresh context, with its violations and CSP console messages collected."""
    context = browser.new_context()
    page = context.new_page()
    page.add_init_script(LISTEN)
    console: list[str] = []
    page.on("console", lambda message: "Content Security Policy" in message.text and console.append(message.text))
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(server))

    def violations() -> list[str]:
        return page.evaluate("window.__violations") + console

    yield page, origin, violations
    context.close()


def test_every_page_has_a_policy_with_the_theme_scripts_hashed_and_a_referrer_rule(site):
    for rel in html_paths(site):
        html = (site / rel).read_text(encoding="utf-8")
        if 'http-equiv="refresh"' in html:  # a redirect page (mkdocs-redirects) has no theme
            continue
        policy = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)"', html)
        assert policy, f"{rel} has no Content-Security-Policy"
        assert "script-src 'self' 'sha256-" in policy.group(1), f"{rel}: {policy.group(1)}"
        assert "'unsafe-inline'" not in policy.group(1).split("script-src")[1].split(";")[0], rel
        assert '<meta name="referrer" content="strict-origin-when-cross-origin">' in html, rel


def test_no_page_logs_a_policy_violation(site, watched_page):
    page, origin, violations = watched_page
    for rel in html_paths(site):
        path = SITE_PATH + rel.removesuffix("index.html")
        response = page.goto(origin + path)
        assert response and response.status in (200, 404), f"{path}: {response and response.status}"
        page.wait_for_load_state("networkidle")
        assert violations() == [], f"{path}: {violations()}"


def test_instant_navigation_and_search_log_no_policy_violation(watched_page):
    page, origin, violations = watched_page
    page.goto(origin + SITE_PATH)
    page.wait_for_load_state("networkidle")
    # Instant navigation swaps in another page (a link to a page, not to a section of this one).
    page.locator("a.md-nav__link:visible", has_text="What microneedling is").first.click()
    page.wait_for_url("**/what-is-microneedling/")
    page.wait_for_load_state("networkidle")
    page.keyboard.press("/")  # search starts its worker and loads its index
    page.keyboard.type("scalp", delay=50)
    page.wait_for_selector(".md-search-result__item", timeout=15000)
    assert violations() == []
