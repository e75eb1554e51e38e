"""The scale run: how the build grows with the guide. Synthetic guides made of
the real pages (copies with numbered titles, in a temporary copy of the
project), built as the benchmark builds the guide itself.

    python -m benchmark.scale [--sizes 12 50 200]

Per size: the HTML-only build, the publishing build (and its PDF step), the
PDF's size and pages, the offline zip, the search index, and the cost per page.
The smallest size is the guide itself: its pages link to each other, so a
guide cannot lose any of them.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

from benchmark import run
from guide import facts

SIZES = (12, 50, 200)
# Pages kept once: the home page and the two pages every other page links into.
SINGLE = ("index.md", "glossary.md", "references.md")


def make_guide(size: int, into: Path) -> Path:
    """A copy of the project whose nav has `size` pages; return its folder."""
    shutil.copytree(run.ROOT, into, ignore=run.copy_ignore, symlinks=True)
    pages = [page for page in facts.pages(facts.load()) if page.src not in SINGLE]
    nav = [f"  - {page.title}: {page.src}" for page in facts.pages(facts.load())]
    copy = 0
    while len(nav) < size:
        page = pages[copy % len(pages)]
        copy += 1
        name = f"{Path(page.src).stem}-copy-{copy}.md"
        text = (into / "docs" / page.src).read_text(encoding="utf-8")
        text = re.sub(r"^title: (.*)$", rf"title: \1 (copy {copy})", text, count=1, flags=re.M)
        (into / "docs" / name).write_text(text, encoding="utf-8")
        nav.append(f"  - {page.title} (copy {copy}): {name}")
    config = into / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    start = text.index("\nnav:\n") + len("\nnav:\n")
    end = re.compile(r"^\S", re.M).search(text, start)
    config.write_text(text[:start] + "\n".join(nav) + "\n" + (text[end.start():] if end else ""), encoding="utf-8")
    return into


def measure(size: int, work: Path) -> dict:
    project = make_guide(size, work / f"guide-{size}")
    env = run.build_env(SITE_URL=run.SITE_URL)
    # The copy's tools/ and guide/ (which read its mkdocs.yml), then this benchmark.
    env["PYTHONPATH"] = f"{project}{os.pathsep}{run.ROOT}"
    html = run.run_measured([sys.executable, "-m", "mkdocs", "build", "--strict",
                             "--site-dir", str(work / f"html-{size}")], cwd=project, env=env)
    timings = work / f"timings-{size}.json"
    site = work / f"site-{size}"
    published = run.run_measured([sys.executable, "-m", "benchmark.publish_steps", str(site), str(timings)],
                                 cwd=project, env=env, timeout=1800)
    found = {"pages": size, "html_ok": html["returncode"] == 0, "publish_ok": published["returncode"] == 0,
             "html_seconds": html["seconds"], "publish_seconds": published["seconds"]}
    if not found["html_ok"] or not found["publish_ok"]:
        found["problems"] = run.problems(html["stderr"] + published["stderr"])[:10]
        return found
    steps = json.loads(timings.read_text(encoding="utf-8"))
    outputs = run.site_outputs(site)
    found.update(pdf_seconds=steps.get("pdf"), pdf_bytes=outputs["pdf"]["bytes"], pdf_pages=outputs["pdf"]["pages"],
                 zip_bytes=outputs["zip"]["bytes"],
                 search_index_bytes=(site / "search" / "search_index.json").stat().st_size,
                 html_seconds_per_page=html["seconds"] / size, publish_seconds_per_page=published["seconds"] / size)
    return found


def table(rows: list[dict]) -> str:
    lines = ["| Pages | HTML build | per page | Publishing build | per page | PDF step | PDF | Offline zip "
             "| Search index |", "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for r in rows:
        if not (r["html_ok"] and r["publish_ok"]):
            lines.append(f"| {r['pages']} | failed: {'; '.join(r.get('problems', []))[:200]} |" + " |" * 7)
            continue
        lines.append(f"| {r['pages']} | {r['html_seconds']:.1f} s | {r['html_seconds_per_page']:.2f} s "
                     f"| {r['publish_seconds']:.1f} s | {r['publish_seconds_per_page']:.2f} s | {r['pdf_seconds']:.1f} s "
                     f"| {r['pdf_bytes'] / 1e6:.2f} MB, {r['pdf_pages']} pages | {r['zip_bytes'] / 1e6:.2f} MB "
                     f"| {r['search_index_bytes'] / 1e3:.0f} KB |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--output", type=Path, default=run.RESULTS,
                        help=f"folder for scale.md and scale.json (default {run.RESULTS.relative_to(run.ROOT)})")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="benchmark-scale-"))
    try:
        rows = []
        for size in args.sizes:
            run.say(f"Scale run: {size} pages")
            rows.append(measure(size, work))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    text = table(rows)
    args.output.mkdir(parents=True, exist_ok=True)
    (args.output / "scale.md").write_text(text, encoding="utf-8")
    (args.output / "scale.json").write_text(json.dumps(rows, indent=2), encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
