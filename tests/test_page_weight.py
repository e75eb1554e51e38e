"""A first visit to any page stays within 93 KB on the wire.

Served with gzip as a real host serves it (tools/server.py), so the
figure counts compressed bytes and headers. Byte counts do not depend on the
machine's speed, so this is a fair test; timings live in the benchmark.
"""

from __future__ import annotations

import pytest

from conftest import NAV_SOURCES, PAGES, SITE_PATH
from tools.page_weight import first_visits

# 92.5 KB at most (Your options compared): Material's stylesheets lost the rules for
# components no page uses (hooks/prune_theme_css.py, -10 KB) and our scripts their comments
# (hooks/minify.py, -1.9 KB), while the on-demand tooltips, the glossary terms' definitions
# and the checklist added about 3.5 KB. Material's bundle.js alone is 35 KB. The target is
# 60 KB (issue 14); README, "Benchmark", says what stands in the way.
BUDGET = 93_000


@pytest.fixture(scope="module")
def visits(site, browser):
    return first_visits(site, {src: page.url for src, page in PAGES.items()}, browser, SITE_PATH)


@pytest.mark.parametrize("src", NAV_SOURCES)
def test_first_visit_transfers_at_most_93_kb(visits, src):
    visit = visits[src]
    heaviest = sorted(visit["log"], key=lambda entry: -entry["bytes"])[:5]
    assert visit["bytes"] <= BUDGET, f"{visit['bytes']:,} bytes; heaviest: {heaviest}"

