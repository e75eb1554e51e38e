"""The benchmark: build speed, page weight and browser scores, side by side
with the same docs/ built with a plain Material configuration.

    python -m benchmark.run [--runs N] [--warmup N] [--lighthouse-runs N] [--all-pages]

Writes benchmark-results/benchmark-<time>.md and .json (and latest.md/.json)
and prints the Markdown table. See README "Benchmark".
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import queue
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from benchmark import report
from tools.page_weight import first_visits
from tools.server import SiteServer
from guide import facts

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "benchmark"
RESULTS = ROOT / "benchmark-results"
# The same published address the tests use: a path, as GitHub Pages gives.
SITE_URL = "https://example.github.io/microneedling-guide/"
SITE_PATH = urlsplit(SITE_URL).path
# A representative set for Lighthouse (13–15 s a run on 2 cores): the home page,
# the longest evidence page and the risks page.
LIGHTHOUSE_PAGES = ["index.md", "what-the-research-shows.md", "risks-and-side-effects.md"]
# The page edited to time `mkdocs serve` rebuilds.
SERVE_PAGE = "risks-and-side-effects.md"
# Top-level folders not copied when the project is copied for `mkdocs serve`.
NOT_COPIED = {".git", ".venv", "node_modules", "site", "benchmark", "benchmark-results", ".pytest_cache",
              "tests", ".github"}


def copy_ignore(folder: str, names: list[str]) -> set[str]:
    if Path(folder).resolve() != ROOT:
        return {"__pycache__"} & set(names)
    return {n for n in names if n in NOT_COPIED or n.startswith("site-") or n == "__pycache__"}



class BenchmarkError(RuntimeError):
    pass


def say(message: str) -> None:
    print(f"==> {message}", file=sys.stderr, flush=True)


def build_env(**extra) -> dict:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONUNBUFFERED": "1", **extra}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    return env


# --------------------------------------------------------------------------- measuring a process

def run_measured(command: list[str], cwd: Path, env: dict, timeout: float = 600) -> dict:
    """Run a command; return its wall time, peak memory and output.

    Peak memory is ru_maxrss from wait4(): the resident set of the largest
    single process among the command and the children it waited for (for
    the publishing build that is usually Chromium or Python itself).
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=out, stderr=err)
        deadline = start + timeout
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                process.kill()
                pid, status, usage = os.wait4(process.pid, 0)
                break
            time.sleep(0.01)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return {
            "seconds": seconds,
            "peak_mb": usage.ru_maxrss / 1024,  # Linux reports KiB
            "returncode": process.returncode,
            "stdout": out.read().decode("utf-8", "replace"),
            "stderr": err.read().decode("utf-8", "replace"),
        }


def problems(stderr: str) -> list[str]:
    return [line.strip() for line in stderr.splitlines() if "WARNING" in line or "ERROR" in line or "error:" in line]


# --------------------------------------------------------------------------- the plain Material baseline

def make_baseline(config, into: Path) -> Path:
    """The same docs/ (and includes/, for snippets) with Material's defaults:
    no hooks, no plugins beyond the default search, no custom_dir, no extra CSS.
    Same nav and Markdown extensions, since those are how the pages are written,
    but not the guide's own (guide_markdown): like the hooks, they are what is measured.
    One change from the defaults: `font: false`, because Google Fonts cannot be
    reached here and a failing font request would distort the figures."""
    shutil.copytree(config.docs_dir, into / "docs")
    if (ROOT / "includes").is_dir():
        shutil.copytree(ROOT / "includes", into / "includes")
    # The toc's slugify is a Python object (mkdocs.yml: anchors in any script); for these
    # English headings it makes the default's anchors, so the baseline keeps the default.
    mdx_configs = {name: {key: value for key, value in options.items() if not (name == "toc" and key == "slugify")}
                   for name, options in config.mdx_configs.items()}
    # Paths in extension settings (`!relative`) as plain strings.
    settings = json.loads(json.dumps(mdx_configs, default=os.fspath))
    # The guide's own extensions (guide_markdown) are its customisation, as its hooks are.
    extensions = [{name: settings[name]} if name in settings else name for name in config.markdown_extensions
                  if not name.startswith("guide_markdown.")]
    plain = {
        "site_name": config.site_name,
        "site_url": SITE_URL,
        "docs_dir": "docs",
        "theme": {"name": "material", "font": False},
        "nav": config.nav,
        "markdown_extensions": extensions,
    }
    (into / "mkdocs.yml").write_text(yaml.safe_dump(plain, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return into / "mkdocs.yml"


# --------------------------------------------------------------------------- builds

def mkdocs_build(config: Path, site_dir: Path, strict: bool) -> dict:
    shutil.rmtree(site_dir, ignore_errors=True)
    command = [sys.executable, "-m", "mkdocs", "build", "--config-file", str(config), "--site-dir", str(site_dir)]
    if strict:
        command.insert(4, "--strict")
    result = run_measured(command, cwd=config.parent, env=build_env(SITE_URL=SITE_URL))
    result["ok"] = result["returncode"] == 0
    return result


def publish_build(site_dir: Path, work: Path) -> dict:
    shutil.rmtree(site_dir, ignore_errors=True)
    timings_file = work / "timings.json"
    timings_file.unlink(missing_ok=True)
    command = [sys.executable, "-m", "benchmark.publish_steps", str(site_dir), str(timings_file)]
    result = run_measured(command, cwd=ROOT, env=build_env(SITE_URL=SITE_URL))
    result["ok"] = result["returncode"] == 0 and timings_file.is_file()
    result["steps"] = json.loads(timings_file.read_text()) if result["ok"] else {}
    return result


def sample(result: dict) -> dict:
    keep = {k: result[k] for k in ("seconds", "peak_mb", "ok") if k in result}
    if "steps" in result:
        keep["steps"] = result["steps"]
    if not result.get("ok", True):
        keep["problems"] = problems(result["stderr"])[:20]
    return keep


def summarize_samples(samples: list[dict], warmup: list[dict]) -> dict:
    steps = {}
    for s in samples:
        for name in s.get("steps", {}):
            steps.setdefault(name, None)
    return {
        "ok": all(s["ok"] for s in samples + warmup),
        "seconds": report.summarize(s["seconds"] for s in samples),
        "peak_mb": report.summarize(s["peak_mb"] for s in samples),
        "steps": {name: report.summarize(s.get("steps", {}).get(name) for s in samples) for name in steps},
        "warmup": warmup,
        "runs": samples,
    }


# --------------------------------------------------------------------------- serve rebuild

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve_rebuilds(config: Path, page: str, url_path: str, count: int, env: dict) -> list[float]:
    """Start `mkdocs serve` on a copy, edit one page `count` times, and return
    the seconds from each edit to serve's "Reloading browsers" (the rebuilt
    page has been checked to contain the edit)."""
    page_file = config.parent / "docs" / page
    original = page_file.read_text(encoding="utf-8")
    command = [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{free_port()}",
               "--livereload", "--config-file", str(config)]
    process = subprocess.Popen(command, cwd=config.parent, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, text=True, start_new_session=True)
    lines: queue.Queue = queue.Queue()
    captured: list[str] = []

    def read():
        for line in process.stderr:
            lines.put((time.perf_counter(), line))
            captured.append(line)
        lines.put((time.perf_counter(), None))

    threading.Thread(target=read, daemon=True).start()

    def wait_for(text: str, timeout: float = 120) -> tuple[float, str]:
        deadline = time.perf_counter() + timeout
        while True:
            try:
                stamp, line = lines.get(timeout=max(0.0, deadline - time.perf_counter()))
            except queue.Empty:
                raise BenchmarkError(f"mkdocs serve did not log {text!r} within {timeout:.0f} s:\n"
                                     + "".join(captured[-20:])) from None
            if line is None:
                raise BenchmarkError("mkdocs serve stopped:\n" + "".join(captured[-20:]))
            if text in line:
                return stamp, line

    try:
        _, line = wait_for("Serving on")
        url = line.split("Serving on", 1)[1].split()[0]
        seconds = []
        for i in range(count):
            time.sleep(0.5)  # let the watcher settle after the last build
            while not lines.empty():
                lines.get_nowait()
            marker = f"benchmark-edit-{uuid.uuid4().hex}"
            start = time.perf_counter()
            page_file.write_text(original + f"\n\nEdited by the benchmark: {marker}.\n", encoding="utf-8")
            stamp, _ = wait_for("Reloading browsers")
            seconds.append(stamp - start)
            with urllib.request.urlopen(url.rstrip("/") + "/" + url_path, timeout=30) as response:
                if marker not in response.read().decode("utf-8", "replace"):
                    raise BenchmarkError(f"mkdocs serve reloaded but {page} does not show the edit")
        return seconds
    finally:
        page_file.write_text(original, encoding="utf-8")
        os.killpg(process.pid, signal.SIGINT)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


# --------------------------------------------------------------------------- outputs

def site_outputs(site_dir: Path) -> dict:
    files = [f for f in site_dir.rglob("*") if f.is_file()]
    total = sum(f.stat().st_size for f in files)
    pdfs = sorted((f for f in files if f.suffix == ".pdf"), key=lambda f: -f.stat().st_size)
    zips = sorted((f for f in files if f.suffix == ".zip"), key=lambda f: -f.stat().st_size)
    found = {"total_bytes": total,
             "pages_bytes": total - sum(f.stat().st_size for f in pdfs + zips),
             "files": len(files)}
    if pdfs:
        from pypdf import PdfReader

        found["pdf"] = {"name": pdfs[0].name, "bytes": pdfs[0].stat().st_size,
                        "pages": len(PdfReader(pdfs[0]).pages)}
    if zips:
        found["zip"] = {"name": zips[0].name, "bytes": zips[0].stat().st_size}
    return found


# --------------------------------------------------------------------------- reading

def lighthouse_bin() -> Path:
    return BENCH / "node_modules" / ".bin" / "lighthouse"


def ensure_lighthouse() -> Path:
    """Install the pinned Lighthouse into benchmark/node_modules when missing."""
    if shutil.which("node") is None or shutil.which("npm") is None:
        raise BenchmarkError("Node.js and npm are needed for Lighthouse: "
                             "install them with 'sudo apt-get install nodejs npm'.")
    version = subprocess.run(["node", "--version"], capture_output=True, text=True).stdout.strip()
    major, minor = (int(x) for x in version.lstrip("v").split(".")[:2])
    if (major, minor) < (18, 20):
        raise BenchmarkError(f"Lighthouse 12.8 needs Node.js 18.20 or later; this is {version}.")
    stamp = BENCH / "node_modules" / ".package-lock.json"
    if not lighthouse_bin().exists() or not stamp.exists() or \
            (BENCH / "package-lock.json").stat().st_mtime > stamp.stat().st_mtime:
        say("Installing Lighthouse into benchmark/node_modules")
        subprocess.run(["npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"],
                       cwd=BENCH, check=True)
    return lighthouse_bin()


def lighthouse(url: str, chromium_path: str, work: Path) -> dict:
    from tools.browser import LAUNCH_ARGS

    output = work / f"lighthouse-{uuid.uuid4().hex}.json"
    command = [str(lighthouse_bin()), url, "--quiet", "--output=json", f"--output-path={output}",
               "--only-categories=performance,accessibility,best-practices,seo",
               "--chrome-flags=" + " ".join(["--headless=new", *LAUNCH_ARGS])]
    result = subprocess.run(command, env={**os.environ, "CHROME_PATH": chromium_path},
                            capture_output=True, text=True, timeout=180)
    if result.returncode != 0 or not output.is_file():
        raise BenchmarkError(f"Lighthouse failed on {url}:\n{result.stderr[-2000:]}")
    data = json.loads(output.read_text(encoding="utf-8"))
    output.unlink()
    if data.get("runtimeError"):
        raise BenchmarkError(f"Lighthouse could not load {url}: {data['runtimeError']}")
    scores = {key: (round(cat["score"] * 100) if cat["score"] is not None else None)
              for key, cat in data["categories"].items()}
    audits = data["audits"]
    # Audits that cost points: weighted in a category and not passed.
    weighted = {ref["id"] for cat in data["categories"].values() for ref in cat["auditRefs"] if ref["weight"] > 0}
    failed = sorted(key for key in weighted
                    if audits[key].get("score") is not None and audits[key]["score"] < 0.9)
    return {**scores,
            "lcp": audits["largest-contentful-paint"]["numericValue"],
            "tbt": audits["total-blocking-time"]["numericValue"],
            "total_byte_weight": audits["total-byte-weight"]["numericValue"],
            "failed_audits": failed,
            # Why TBT is what it is: main-thread time by kind, and the longest tasks.
            "mainthread_ms": {item["groupLabel"]: round(item["duration"]) for item in
                              audits["mainthread-work-breakdown"].get("details", {}).get("items", [])},
            "long_tasks": [{"url": item.get("url", ""), "ms": round(item["duration"])} for item in
                           audits.get("long-tasks", {}).get("details", {}).get("items", [])[:5]]}


# --------------------------------------------------------------------------- main

def git_commit() -> str:
    result = subprocess.run(["git", "describe", "--always", "--dirty"], cwd=ROOT, capture_output=True, text=True)
    return result.stdout.strip() or "unknown"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="timed build runs after the warm-up (default 3)")
    parser.add_argument("--warmup", type=int, default=1, help="untimed warm-up builds (default 1)")
    parser.add_argument("--lighthouse-runs", type=int, default=3, help="Lighthouse runs per page (default 3)")
    parser.add_argument("--all-pages", action="store_true",
                        help="run Lighthouse on every page, not only " + ", ".join(LIGHTHOUSE_PAGES)
                        + " (about 35 s more per page and Lighthouse run)")
    parser.add_argument("--no-lighthouse", action="store_true", help="skip Lighthouse")
    parser.add_argument("--no-scale", action="store_true",
                        help="skip the scale run (guides of 12, 50 and 200 pages: benchmark/scale.py)")
    parser.add_argument("--no-suite", action="store_true", help="skip timing the whole test suite (scripts/test)")
    args = parser.parse_args(argv)
    if args.runs < 1 or args.warmup < 0 or args.lighthouse_runs < 1:
        parser.error("--runs and --lighthouse-runs must be at least 1, --warmup at least 0")

    from tools.browser import find_chromium

    begun = time.perf_counter()
    chromium_path = find_chromium()
    if not args.no_lighthouse:
        ensure_lighthouse()
    config = facts.load()
    urls = {page.src: page.url for page in facts.pages(config)}
    pages = list(urls)
    if not pages:
        raise BenchmarkError("mkdocs.yml: the nav lists no pages")
    lighthouse_pages = pages if args.all_pages else [p for p in LIGHTHOUSE_PAGES if p in pages] or pages[:1]

    results = {
        "started": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": {"cpus": os.cpu_count(), "load_start": os.getloadavg()[0], "commit": git_commit(),
                    "python": sys.version.split()[0]},
        "settings": {"runs": args.runs, "warmup": args.warmup, "lighthouse_runs": args.lighthouse_runs,
                     "lighthouse_pages": lighthouse_pages, "site_url": SITE_URL, "serve_page": SERVE_PAGE},
        "notes": [],
    }
    work = Path(tempfile.mkdtemp(prefix="benchmark-"))
    try:
        baseline_config = make_baseline(config, work / "plain")

        # Builds, alternating this site and the baseline so that noise from
        # other work on the machine falls on both.
        html, base, pub = {"w": [], "r": []}, {"w": [], "r": []}, {"w": [], "r": []}
        for i in range(args.warmup + args.runs):
            kind = "w" if i < args.warmup else "r"
            say(f"Build {i + 1}/{args.warmup + args.runs}" + (" (warm-up)" if kind == "w" else ""))
            html[kind].append(sample(mkdocs_build(ROOT / "mkdocs.yml", work / "html", strict=True)))
            base[kind].append(sample(mkdocs_build(baseline_config, work / "plain-site", strict=False)))
            pub[kind].append(sample(publish_build(work / "published", work)))
        build = {"html": {"site": summarize_samples(html["r"], html["w"]),
                          "baseline": summarize_samples(base["r"], base["w"])},
                 "publish": summarize_samples(pub["r"], pub["w"])}
        for label, measured in (("HTML-only build", build["html"]["site"]), ("publishing build", build["publish"])):
            if not measured["ok"]:
                failing = next(s for s in measured["warmup"] + measured["runs"] if not s["ok"])
                results["notes"].append(f"The {label} failed: " + "; ".join(failing.get("problems", [])[:5]))

        phases = results["phase_seconds"] = {"builds": time.perf_counter() - begun}
        say("Timing mkdocs serve rebuilds")
        copy = work / "serve-copy"
        shutil.copytree(ROOT, copy, ignore=copy_ignore, symlinks=True)
        dev_env = build_env()
        dev_env.pop("SITE_URL", None)
        count = args.warmup + args.runs
        site_serve = serve_rebuilds(copy / "mkdocs.yml", SERVE_PAGE, urls[SERVE_PAGE], count, dev_env)
        base_serve = serve_rebuilds(baseline_config, SERVE_PAGE, urls[SERVE_PAGE], count, dev_env)
        build["serve"] = {
            name: {"seconds": report.summarize(times[args.warmup:]), "warmup": times[:args.warmup], "runs": times}
            for name, times in (("site", site_serve), ("baseline", base_serve))}
        results["build"] = build
        phases["serve"] = time.perf_counter() - begun - sum(phases.values())

        # What readers get: the publishing build's output; if it failed, a
        # non-strict HTML build, said so in the notes.
        site_dir = work / "published"
        if not build["publish"]["ok"]:
            site_dir = work / "reading-site"
            mkdocs_build(ROOT / "mkdocs.yml", site_dir, strict=False)
            results["notes"].append("Reading figures come from a non-strict HTML build, "
                                    "because the publishing build failed.")
        plain_dir = work / "plain-site"
        results["outputs"] = {"site": site_outputs(site_dir), "baseline": site_outputs(plain_dir)}

        from playwright.sync_api import sync_playwright

        from tools.browser import LAUNCH_ARGS

        say("Measuring first visits")
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=chromium_path, args=LAUNCH_ARGS)
            try:
                site_visits = first_visits(site_dir, urls, chromium, SITE_PATH)
                plain_visits = first_visits(plain_dir, urls, chromium, SITE_PATH)
            finally:
                chromium.close()
        results["pages"] = {src: {"site": site_visits[src], "baseline": plain_visits[src]} for src in pages}
        phases["first_visits"] = time.perf_counter() - begun - sum(phases.values())

        results["lighthouse"] = {}
        if not args.no_lighthouse:
            with SiteServer(site_dir, SITE_PATH) as site_server, SiteServer(plain_dir, SITE_PATH) as plain_server:
                say("Lighthouse warm-up run")
                lighthouse(site_server.url, chromium_path, work)
                for src in lighthouse_pages:
                    runs = {"site": [], "baseline": []}
                    for n in range(args.lighthouse_runs):
                        say(f"Lighthouse {src} ({n + 1}/{args.lighthouse_runs})")
                        runs["site"].append(lighthouse(site_server.url + urls[src], chromium_path, work))
                        runs["baseline"].append(lighthouse(plain_server.url + urls[src], chromium_path, work))
                    results["lighthouse"][src] = runs
            phases["lighthouse"] = time.perf_counter() - begun - sum(phases.values())
            for src, runs in results["lighthouse"].items():
                failed = sorted({audit for run in runs["site"] for audit in run["failed_audits"]})
                if failed:
                    results["notes"].append(f"Lighthouse audits that cost points on {src}: " + ", ".join(failed))
        else:
            results["notes"].append("Lighthouse was skipped (--no-lighthouse).")
        if not args.no_scale:
            # In its own process: benchmark/scale.py uses this module's helpers, so this
            # module does not import it back (no import cycle).
            say("Scale run: guides of 12, 50 and 200 pages (benchmark/scale.py)")
            scaled = run_measured([sys.executable, "-m", "benchmark.scale", "--output", str(work / "scale")],
                                  cwd=ROOT, env=build_env(), timeout=7200)
            if scaled["returncode"] == 0:
                results["scale"] = json.loads((work / "scale" / "scale.json").read_text(encoding="utf-8"))
                results["scale_table"] = (work / "scale" / "scale.md").read_text(encoding="utf-8")
            else:
                results["notes"].append("The scale run failed: " + "; ".join(problems(scaled["stderr"])[:3]))
            phases["scale"] = time.perf_counter() - begun - sum(phases.values())
        if not args.no_suite:
            say("Timing the whole test suite (scripts/test)")
            suite = run_measured([str(ROOT / "scripts" / "test"), "-q"], cwd=ROOT, env=build_env(), timeout=3600)
            results["suite"] = {"seconds": suite["seconds"], "ok": suite["returncode"] == 0,
                                "summary": (suite["stdout"].strip().splitlines() or [""])[-1]}
            phases["suite"] = time.perf_counter() - begun - sum(phases.values())
    finally:
        shutil.rmtree(work, ignore_errors=True)

    results["machine"]["load_end"] = os.getloadavg()[0]
    results["duration_seconds"] = time.perf_counter() - begun
    if results["machine"]["load_start"] > 1.0 * (os.cpu_count() or 1):
        results["notes"].append("The machine was busy when the benchmark started; timings are pessimistic.")
    table = report.render(results)
    if results.get("scale_table"):
        table += "\n### Scale: synthetic guides made of the real pages\n\n" + results["scale_table"]
    if "suite" in results:
        suite = results["suite"]
        table += (f"\nWhole test suite (`scripts/test`, warm set-up, {os.cpu_count()} cores): "
                  f"{suite['seconds'] / 60:.1f} minutes, target ≤ 4 — {'✓ pass' if suite['seconds'] <= 240 else '✗ miss'}"
                  f"{'' if suite['ok'] else ' (tests FAILED: ' + suite['summary'] + ')'}\n")
    table += f"\nThe benchmark took {results['duration_seconds'] / 60:.1f} minutes.\n"

    RESULTS.mkdir(exist_ok=True)
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%d-%H%M%S")
    for name in (f"benchmark-{stamp}", "latest"):
        (RESULTS / f"{name}.md").write_text(table, encoding="utf-8")
        (RESULTS / f"{name}.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    print(table)
    say(f"Wrote {RESULTS.relative_to(ROOT)}/benchmark-{stamp}.md and .json")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BenchmarkError as error:
        print(f"error: {error}", file=sys.stderr)
        sys.exit(1)
