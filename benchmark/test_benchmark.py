"""The benchmark's deterministic parts: the baseline configuration and the
report. Timings are never asserted here."""

from __future__ import annotations

import re

import yaml

from benchmark import report
from benchmark.run import make_baseline
from guide import facts

def test_summary_is_median_min_and_max_of_the_runs_that_exist():
    assert report.summarize([3.0, None, 1.0, 2.0]) == {"median": 2.0, "min": 1.0, "max": 3.0, "n": 3}
    assert report.summarize([None]) is None


def test_summary_cell_shows_the_median_then_the_range_with_one_unit():
    summary = report.summarize([1.234, 1.1, 1.4])
    assert report.fmt_summary(summary, report.fmt_seconds) == "1.23 s (1.10–1.40)"
    assert report.fmt_summary(report.summarize([97.0]), report.fmt_int) == "97"


def test_ratio_is_a_dash_when_there_is_no_baseline():
    assert report.fmt_ratio(report.ratio(3.0, 2.0)) == "1.50×"
    assert report.fmt_ratio(report.ratio(3.0, 0)) == "—"
    assert report.fmt_ratio(report.ratio(None, 2.0)) == "—"


def _summary(value):
    return report.summarize([value])


def _results(html_seconds=2.0, plain_seconds=1.0, page_bytes=90_000, performance=0.97):
    lighthouse_run = {"performance": performance * 100, "accessibility": 100, "best-practices": 100,
                      "seo": 100, "lcp": 1200.0, "tbt": 20.0}
    return {
        "started": "2026-11-26 03:00 UTC",
        "machine": {"cpus": 2, "load_start": 0.5, "load_end": 0.7, "commit": "abc1234"},
        "settings": {"runs": 3, "warmup": 1, "lighthouse_runs": 3},
        "build": {
            "html": {"site": {"ok": True, "seconds": _summary(html_seconds), "peak_mb": _summary(90.0)},
                     "baseline": {"ok": True, "seconds": _summary(plain_seconds), "peak_mb": _summary(80.0)}},
            "publish": {"ok": True, "seconds": _summary(15.0), "peak_mb": _summary(300.0),
                        "steps": {"site": _summary(2.0), "pdf": _summary(11.0)}},
            "serve": {"site": {"seconds": _summary(1.0)}, "baseline": {"seconds": _summary(0.8)}},
        },
        "outputs": {"site": {"total_bytes": 5_000_000, "pages_bytes": 3_000_000,
                             "pdf": {"name": "guide.pdf", "bytes": 1_500_000, "pages": 30}},
                    "baseline": {"total_bytes": 2_500_000, "pages_bytes": 2_500_000}},
        "pages": {"index.md": {"site": {"bytes": page_bytes, "requests": 10, "external": 0},
                               "baseline": {"bytes": 80_000, "requests": 8, "external": 0}}},
        "lighthouse": {"index.md": {"site": [lighthouse_run] * 3, "baseline": [lighthouse_run] * 3}},
    }


def _row(table, starts):
    return next(line for line in table.splitlines() if line.startswith("| " + starts))


def test_html_build_misses_its_target_when_slower_than_one_and_a_half_times_plain():
    table = report.render(_results(html_seconds=2.0, plain_seconds=1.0))
    assert _row(table, "HTML-only build (").endswith("✗ miss |")
    table = report.render(_results(html_seconds=1.4, plain_seconds=1.0))
    assert _row(table, "HTML-only build (").endswith("✓ pass |")


def test_pdf_step_and_size_are_checked_against_their_targets():
    results = _results()
    table = report.render(results)
    assert _row(table, "  step `pdf`").endswith("✗ miss |")
    assert _row(table, "PDF `guide.pdf`").endswith("✓ pass |")
    assert {t["name"]: t["passed"] for t in results["targets"]}["PDF step ≤ 10 s"] is False


def test_page_weight_target_is_60_kb_of_1000_bytes():
    assert _row(report.render(_results(page_bytes=60_000)), "`index.md`").endswith("✓ pass |")
    assert _row(report.render(_results(page_bytes=60_001)), "`index.md`").endswith("✗ miss |")


def test_lighthouse_target_needs_performance_of_95():
    assert "| Lighthouse mobile performance ≥ 95, others 100, every measured page | ✓ pass |" in \
        report.render(_results(performance=0.95))
    assert "| Lighthouse mobile performance ≥ 95, others 100, every measured page | ✗ miss |" in \
        report.render(_results(performance=0.94))


def test_every_table_row_has_as_many_cells_as_its_header():
    table = report.render(_results())
    for block in table.split("\n\n"):
        rows = [line for line in block.splitlines() if line.startswith("| ")]
        if rows:
            assert {line.count(" | ") for line in rows} == {rows[0].count(" | ")}, block


def test_baseline_keeps_the_pages_and_extensions_but_none_of_the_customisation(tmp_path):
    config = facts.load()
    baseline = make_baseline(config, tmp_path)
    plain = yaml.safe_load(baseline.read_text(encoding="utf-8"))
    assert plain["theme"] == {"name": "material", "font": False}
    assert not {"hooks", "plugins", "extra_css", "extra_javascript", "extra"} & plain.keys()
    assert facts.pages(facts.load(baseline)) == facts.pages(config)
    own = [name for name in config.markdown_extensions if name.startswith("guide_markdown.")]
    assert own and len(plain["markdown_extensions"]) == len(config.markdown_extensions) - len(own)


def test_bytes_are_grouped_by_kind_of_file():
    log = [{"path": "/guide/", "bytes": 9000}, {"path": "/guide/assets/main.css", "bytes": 20000},
           {"path": "/guide/assets/bundle.js", "bytes": 30000}, {"path": "/guide/search/search_index.json", "bytes": 5},
           {"path": "/guide/fonts/a.woff2", "bytes": 17000}, {"path": "/guide/fonts/b.woff2", "bytes": 18000},
           {"path": "/guide/sitemap.xml", "bytes": 500}]
    found = report.bytes_by_kind(log)
    assert (found["HTML"], found["CSS"], found["JavaScript"], found["Search index"], found["Fonts"], found["Other"]) \
        == (9000, 20000, 30000, 5, 35000, 500)


def test_pdf_size_is_not_measured_when_the_publishing_build_failed():
    results = _results()
    results["build"]["publish"]["ok"] = False
    del results["outputs"]["site"]["pdf"]
    table = report.render(results)
    assert _row(table, "PDF |").endswith("| publishing build failed | — | — | < 3 MB |  |")
    assert "| PDF < 3 MB | not measured |" in table


def test_scale_guide_has_the_asked_number_of_pages_each_with_its_own_title(tmp_path):
    from benchmark import scale

    project = scale.make_guide(20, tmp_path / "guide")
    nav = re.findall(r"^  - (.+): (\S+\.md)$", (project / "mkdocs.yml").read_text(encoding="utf-8"), re.M)
    assert len(nav) == 20
    assert len({title for title, _ in nav}) == 20
    assert all((project / "docs" / src).is_file() for _, src in nav)


def test_scale_table_has_a_row_per_size():
    from benchmark import scale

    row = {"pages": 12, "html_ok": True, "publish_ok": True, "html_seconds": 6.0, "publish_seconds": 40.0,
           "html_seconds_per_page": 0.5, "publish_seconds_per_page": 3.3, "pdf_seconds": 19.0,
           "pdf_bytes": 1_500_000, "pdf_pages": 60, "zip_bytes": 2_000_000, "search_index_bytes": 150_000}
    lines = scale.table([row, {**row, "pages": 50}]).splitlines()
    assert len(lines) == 4 and lines[2].startswith("| 12 |") and "60 pages" in lines[2]
