"""Turn the benchmark's raw figures into medians, ratios, target checks and a
Markdown table. Pure functions only, so they can be tested without timing."""

from __future__ import annotations

import statistics
from typing import Callable, Iterable

KB = 1000  # page-weight target "60 KB" (issue 14) read strictly: 60,000 bytes
PAGE_WEIGHT_KB = 60
MB = 1000 * 1000

PASS = "✓ pass"
MISS = "✗ miss"


def summarize(values: Iterable[float | None]) -> dict | None:
    """Median, min and max of the values that exist; None when there are none."""
    present = [v for v in values if v is not None]
    if not present:
        return None
    return {"median": statistics.median(present), "min": min(present), "max": max(present), "n": len(present)}


def ratio(value: float | None, baseline: float | None) -> float | None:
    if value is None or baseline is None or baseline == 0:
        return None
    return value / baseline


def fmt_ratio(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}×"


def fmt_seconds(seconds: float) -> str:
    return f"{seconds:.2f} s"


def fmt_mb(size: float) -> str:
    return f"{size / MB:.2f} MB"


def fmt_kb(size: float) -> str:
    return f"{size / KB:.1f} KB"


def fmt_int(value: float) -> str:
    return f"{value:.0f}"


def fmt_ms(value: float) -> str:
    return f"{value:.0f} ms"


def fmt_summary(summary: dict | None, fmt: Callable[[float], str]) -> str:
    """'1.23 s (1.10–1.40)': the median, then the range when runs differ."""
    if summary is None:
        return "—"
    text = fmt(summary["median"])
    if summary["n"] > 1 and summary["min"] != summary["max"]:
        low, high = fmt(summary["min"]), fmt(summary["max"])
        unit = low.split(" ", 1)[1] if " " in low else ""
        if unit and high.endswith(" " + unit):
            low, high = low.split(" ", 1)[0], high.split(" ", 1)[0]
        text += f" ({low}–{high})"
    return text


def verdict(passed: bool | None) -> str:
    return "" if passed is None else (PASS if passed else MISS)


def markdown_table(header: list[str], rows: list[list[str]]) -> str:
    def line(cells):
        return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"

    return "\n".join([line(header), line(["---"] * len(header)), *(line(r) for r in rows)])


def median_of(summary: dict | None) -> float | None:
    return None if summary is None else summary["median"]


def check(value: float | None, limit: float, kind: str) -> bool | None:
    """kind: 'max' (value ≤ limit), 'below' (value < limit) or 'min' (value ≥ limit)."""
    if value is None:
        return None
    return {"max": value <= limit, "below": value < limit, "min": value >= limit}[kind]


# --------------------------------------------------------------------------- tables

def build_rows(results: dict) -> tuple[list[list[str]], list[dict]]:
    """Rows of the build table and the targets they check."""
    build = results["build"]
    rows, targets = [], []

    html, base_html = build["html"]["site"], build["html"]["baseline"]
    html_t, base_t = html["seconds"], base_html["seconds"]
    html_ratio = ratio(median_of(html_t), median_of(base_t))
    ok = None
    if html_t is not None:
        ok = html["ok"] and check(median_of(html_t), 3.0, "max") and check(html_ratio, 1.5, "max")
    name = "HTML-only build (`mkdocs build --strict`)" + ("" if html["ok"] else " — FAILED, see notes")
    rows.append([name, fmt_summary(html_t, fmt_seconds), fmt_summary(base_t, fmt_seconds),
                 fmt_ratio(html_ratio), "≤ 3 s and ≤ 1.5× plain", verdict(ok)])
    targets.append({"name": "HTML-only build ≤ 3 s and ≤ 1.5× plain Material", "passed": ok})
    rows.append(["HTML-only build, peak memory", fmt_summary(html["peak_mb"], lambda v: f"{v:.0f} MB"),
                 fmt_summary(base_html["peak_mb"], lambda v: f"{v:.0f} MB"),
                 fmt_ratio(ratio(median_of(html["peak_mb"]), median_of(base_html["peak_mb"]))), "", ""])

    pub = build["publish"]
    pub_t = pub["seconds"]
    ok = None if pub_t is None else (pub["ok"] and check(median_of(pub_t), 20.0, "max"))
    name = "Full publishing build (`python -m tools.publish`)" + ("" if pub["ok"] else " — FAILED, see notes")
    rows.append([name, fmt_summary(pub_t, fmt_seconds), fmt_summary(base_t, fmt_seconds) + " ¹",
                 fmt_ratio(ratio(median_of(pub_t), median_of(base_t))), "≤ 20 s", verdict(ok)])
    targets.append({"name": "Full publishing build ≤ 20 s", "passed": ok})
    rows.append(["Full publishing build, peak memory", fmt_summary(pub["peak_mb"], lambda v: f"{v:.0f} MB"),
                 fmt_summary(base_html["peak_mb"], lambda v: f"{v:.0f} MB") + " ¹",
                 fmt_ratio(ratio(median_of(pub["peak_mb"]), median_of(base_html["peak_mb"]))), "", ""])
    for step, summary in pub["steps"].items():
        target, ok = "", None
        if step == "pdf":
            target, ok = "≤ 10 s", check(median_of(summary), 10.0, "max")
            targets.append({"name": "PDF step ≤ 10 s", "passed": ok})
        compare = base_t if step == "site" else None
        rows.append([f"  step `{step}`", fmt_summary(summary, fmt_seconds),
                     fmt_summary(compare, fmt_seconds) if compare else "—",
                     fmt_ratio(ratio(median_of(summary), median_of(compare))), target, verdict(ok)])

    serve, base_serve = build["serve"]["site"], build["serve"]["baseline"]
    s_t = serve["seconds"]
    ok = check(median_of(s_t), 1.5, "max")
    rows.append(["`mkdocs serve` rebuild after one page changes", fmt_summary(s_t, fmt_seconds),
                 fmt_summary(base_serve["seconds"], fmt_seconds),
                 fmt_ratio(ratio(median_of(s_t), median_of(base_serve["seconds"]))), "≤ 1.5 s", verdict(ok)])
    targets.append({"name": "serve rebuild ≤ 1.5 s", "passed": ok})
    return rows, targets


def output_rows(results: dict) -> tuple[list[list[str]], list[dict]]:
    out, base = results["outputs"]["site"], results["outputs"]["baseline"]
    rows, targets = [], []
    pdf = out.get("pdf")
    if pdf:
        ok = check(pdf["bytes"], 3 * MB, "below")
        rows.append([f"PDF `{pdf['name']}`", f"{fmt_mb(pdf['bytes'])}, {pdf['pages']} pages", "—", "—",
                     "< 3 MB", verdict(ok)])
    else:
        # Without a publishing build there is nothing to measure, which is not a size miss.
        published = results["build"]["publish"]["ok"]
        ok = False if published else None
        rows.append(["PDF", "not built" if published else "publishing build failed", "—", "—", "< 3 MB",
                     verdict(ok)])
    targets.append({"name": "PDF < 3 MB", "passed": ok})
    zip_ = out.get("zip")
    rows.append([f"Offline copy `{zip_['name']}`" if zip_ else "Offline copy",
                 fmt_mb(zip_["bytes"]) if zip_ else "not built", "—", "—", "", ""])
    rows.append(["Total site size", fmt_mb(out["total_bytes"]), fmt_mb(base["total_bytes"]),
                 fmt_ratio(ratio(out["total_bytes"], base["total_bytes"])), "", ""])
    rows.append(["Site size without the PDF and zip", fmt_mb(out["pages_bytes"]), fmt_mb(base["pages_bytes"]),
                 fmt_ratio(ratio(out["pages_bytes"], base["pages_bytes"])), "", ""])
    return rows, targets


def weight_rows(results: dict) -> tuple[list[list[str]], list[dict]]:
    rows, all_ok = [], True
    for src, figures in results["pages"].items():
        site, base = figures["site"], figures["baseline"]
        ok = check(site["bytes"], PAGE_WEIGHT_KB * KB, "max")
        all_ok = all_ok and ok
        rows.append([f"`{src}`", fmt_kb(site["bytes"]), fmt_kb(base["bytes"]),
                     fmt_ratio(ratio(site["bytes"], base["bytes"])),
                     f"{site['requests']} / {base['requests']} ({fmt_ratio(ratio(site['requests'], base['requests']))})",
                     str(site["external"]), verdict(ok)])
    return rows, [{"name": f"every page ≤ {PAGE_WEIGHT_KB} KB compressed on a first visit", "passed": all_ok}]


KINDS = [("HTML", (".html", "/")), ("CSS", (".css",)), ("JavaScript", (".js",)),
         ("Search index", (".json",)), ("Fonts", (".woff2", ".woff", ".ttf")),
         ("Images", (".svg", ".png", ".jpg", ".webp", ".ico"))]


def kind_of(path: str) -> str:
    path = path.split("?", 1)[0]
    return next((kind for kind, endings in KINDS if path.endswith(endings)), "Other")


def bytes_by_kind(log: list[dict]) -> dict[str, int]:
    found = {kind: 0 for kind, _ in KINDS} | {"Other": 0}
    for request in log:
        found[kind_of(request["path"])] += request["bytes"]
    return found


def breakdown_rows(results: dict) -> tuple[str, list[list[str]]]:
    """Where a first visit's bytes go, on the heaviest page."""
    if not results["pages"]:
        return "", []
    src = max(results["pages"], key=lambda s: results["pages"][s]["site"]["bytes"])
    site = bytes_by_kind(results["pages"][src]["site"].get("log", []))
    base = bytes_by_kind(results["pages"][src]["baseline"].get("log", []))
    rows = [[kind, fmt_kb(site[kind]), fmt_kb(base[kind]), fmt_ratio(ratio(site[kind], base[kind]))]
            for kind in site if site[kind] or base[kind]]
    return src, rows


LIGHTHOUSE_METRICS = [
    ("performance", "Performance", fmt_int),
    ("accessibility", "Accessibility", fmt_int),
    ("best-practices", "Best practices", fmt_int),
    ("seo", "SEO", fmt_int),
    ("lcp", "LCP", fmt_ms),
    ("tbt", "TBT", fmt_ms),
]


def lighthouse_rows(results: dict) -> tuple[list[list[str]], list[dict]]:
    rows, all_ok = [], True
    for src, figures in results["lighthouse"].items():
        site = {key: summarize(run.get(key) for run in figures["site"]) for key, _, _ in LIGHTHOUSE_METRICS}
        base = {key: summarize(run.get(key) for run in figures["baseline"]) for key, _, _ in LIGHTHOUSE_METRICS}
        scores = [median_of(site[k]) for k in ("performance", "accessibility", "best-practices", "seo")]
        ok = None if None in scores else (scores[0] >= 95 and all(s == 100 for s in scores[1:]))
        all_ok = all_ok and bool(ok)
        cells = [f"{fmt_summary(site[key], fmt)}, {fmt_ratio(ratio(median_of(site[key]), median_of(base[key])))}"
                 for key, _, fmt in LIGHTHOUSE_METRICS]
        rows.append([f"`{src}`", *cells, verdict(ok)])
        rows.append([f"`{src}`, plain", *(fmt_summary(base[key], fmt) for key, _, fmt in LIGHTHOUSE_METRICS), ""])
    return rows, [{"name": "Lighthouse mobile performance ≥ 95, others 100, every measured page",
                   "passed": all_ok if results["lighthouse"] else None}]


def render(results: dict) -> str:
    """The whole report as Markdown; also fills results['targets']."""
    settings = results["settings"]
    b_rows, b_targets = build_rows(results)
    o_rows, o_targets = output_rows(results)
    w_rows, w_targets = weight_rows(results)
    l_rows, l_targets = lighthouse_rows(results)
    heaviest, k_rows = breakdown_rows(results)
    results["targets"] = b_targets + o_targets + w_targets + l_targets

    parts = [
        "# Benchmark",
        "",
        f"{results['started']} · {results['machine']['cpus']} CPUs · load average "
        f"{results['machine']['load_start']:.2f} at start, {results['machine']['load_end']:.2f} at end · "
        f"`{results['machine']['commit']}`",
        "",
        f"Builds: median of {settings['runs']} runs after {settings['warmup']} warm-up, (min–max). "
        f"Lighthouse: median of {settings['lighthouse_runs']} runs per page. "
        "Plain = the same `docs/` built with Material's defaults (no hooks, extra plugins, "
        "custom_dir or extra CSS).",
        "",
        "## Build",
        "",
        markdown_table(["Measure", "This site", "Plain Material", "Ratio", "Target", ""], b_rows),
        "",
        "¹ Plain Material has no publishing build; its HTML build is the comparison.",
        "",
        "## Outputs",
        "",
        markdown_table(["Output", "This site", "Plain Material", "Ratio", "Target", ""], o_rows),
        "",
        "## Reading: first visit, served with gzip (KB = 1,000 bytes, headers included)",
        "",
        markdown_table(["Page", "Transferred", "Plain Material", "Ratio", "Requests (plain, ratio)",
                        "External requests", f"≤ {PAGE_WEIGHT_KB} KB"], w_rows),
        "",
        f"Where the bytes go on the heaviest page, `{heaviest}`:",
        "",
        markdown_table(["Kind", "This site", "Plain Material", "Ratio"], k_rows),
        "",
        "## Lighthouse 12 mobile: median (min–max), ratio to plain Material",
        "",
        markdown_table(["Page", *(label for _, label, _ in LIGHTHOUSE_METRICS), "Target"], l_rows)
        if l_rows else "Lighthouse was not run.",
        "",
        "## Targets",
        "",
        markdown_table(["Target", "Result"],
                       [[t["name"], verdict(t["passed"]) or "not measured"] for t in results["targets"]]),
    ]
    if results.get("notes"):
        parts += ["", "## Notes", "", *(f"- {note}" for note in results["notes"])]
    return "\n".join(parts) + "\n"


if __name__ == "__main__":
    # Re-print a saved run: python -m benchmark.report benchmark-results/latest.json
    import json
    import sys

    print(render(json.loads(open(sys.argv[1], encoding="utf-8").read())))
