"""Build the guide with Zensical and report, in Markdown, what differs from the MkDocs build.

    python -m tools.zensical_report --zensical-python PYTHON [--output FILE]

PYTHON is an interpreter with the `zensical` package installed, kept apart from
.venv (Zensical may need other versions of Markdown and pymdown-extensions).
Zensical is the maintained successor of Material for MkDocs and reads
mkdocs.yml. This builds a copy of the project with it, builds the project
with MkDocs (tools.publish's `mkdocs build --strict`), and compares the
finished pages: which pages and files each build makes, and whether what the
guide relies on (citations, glossary tooltips, review dates, share and
download controls, link-preview cards, the whole-guide page, the offline
copy, no requests to other hosts) is there. Everything is read from the
current mkdocs.yml and the built HTML, so the report follows the project as
it changes.

When Zensical stops on something the script can work around in its copy
(an MkDocs-only YAML tag, a font it tries to download, a template it cannot
render), the report says so, makes that one change and builds again, so one
blocker does not hide the rest. The project itself is never changed.

Exit status: 0 when Zensical builds the unchanged project and nothing the
MkDocs build has is missing; 1 otherwise; 2 when the MkDocs build fails.
"""

from __future__ import annotations

import argparse
import datetime
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

from tools.publish import BuildError, mkdocs_build

ROOT = Path(__file__).resolve().parent.parent
# Left out of the copy Zensical builds: environments, caches and build output.
NOT_COPIED = (".git", ".venv", "node_modules", "site", "site-*", ".cache", "benchmark-results",
              "__pycache__", ".pytest_cache")
# Theme bundles: their names differ between the two themes by design.
THEME_FILES = ("assets/javascripts/", "assets/stylesheets/")
PROBE_HOOK = "zensical_probe_hook.py"
PROBE_FILE = "zensical-hook-probe.txt"
RESOURCE_ATTRIBUTES = {"script": "src", "img": "src", "iframe": "src", "source": "src", "link": "href"}


# --- reading a build -------------------------------------------------------------------


class _Page(HTMLParser):
    """The parts of a built page the comparison needs: its tags, and the text a reader sees."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.text: list[str] = []
        self.title = ""
        self._inside = ""
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {name: value or "" for name, value in attrs}))
        self._inside = tag

    def handle_endtag(self, tag):
        self._inside = ""

    def handle_data(self, data):
        if self._inside == "title":
            self.title += data
        elif self._inside not in ("script", "style"):
            self.text.append(data)

    def shows(self, date: str) -> bool:
        """Whether a reader sees the date: in a <time datetime> or in the text (not in metadata)."""
        return any(attrs.get("datetime", "").startswith(date) for attrs in self.attributes("time")) or (
            date in "".join(self.text))

    def attributes(self, tag: str) -> list[dict[str, str]]:
        return [attrs for name, attrs in self.tags if name == tag]


@dataclass
class Build:
    site: Path
    pages: dict[str, _Page] = field(default_factory=dict)
    files: set[str] = field(default_factory=set)

    @classmethod
    def read(cls, site: Path) -> Build:
        build = cls(site)
        for path in sorted(site.rglob("*")):
            if path.is_file():
                relative = path.relative_to(site).as_posix()
                build.files.add(relative)
                if path.suffix == ".html":
                    build.pages[relative] = _Page(path.read_text(encoding="utf-8", errors="replace"))
        return build

    def classes(self, pages: set[str]) -> set[str]:
        return {name for path, page in self.pages.items() if path in pages for _, attrs in page.tags
                for name in attrs.get("class", "").split()}

    def external_resources(self, site_url: str) -> set[str]:
        """Files a page loads from another host (links a reader follows are not counted)."""
        host = urlsplit(site_url).netloc
        found = set()
        for page in self.pages.values():
            for tag, attribute in RESOURCE_ATTRIBUTES.items():
                for attrs in page.attributes(tag):
                    if tag == "link" and not {"stylesheet", "preload", "modulepreload", "icon"} & set(
                            attrs.get("rel", "").split()):
                        continue
                    url = attrs.get(attribute, "")
                    if urlsplit(url).scheme in ("http", "https") and urlsplit(url).netloc != host:
                        found.add(url)
        return found

    def directory_links(self) -> int:
        """Local links to folders: they open a file listing, not the page, from file://."""
        return sum(1 for page in self.pages.values() for attrs in page.attributes("a")
                   if not urlsplit(attrs.get("href", "")).scheme
                   and urlsplit(attrs.get("href", "")).path.endswith(("/", ".", "..")))


# --- the project's facts, from MkDocs itself ---------------------------------------------


@dataclass
class Project:
    config: object  # MkDocs' validated config

    @classmethod
    def load(cls) -> Project:
        from mkdocs.config import load_config

        return cls(load_config(str(ROOT / "mkdocs.yml")))

    @property
    def site_url(self) -> str:
        return self.config["site_url"] or ""

    def plugin_names(self) -> list[str]:
        hooks = set(self.config["hooks"])
        return [name for name in self.config["plugins"] if name not in hooks]

    def review_dates(self) -> dict[str, str]:
        """Built page -> its last_reviewed date, for every page whose front matter has one."""
        from mkdocs.structure.files import get_files
        from mkdocs.utils.meta import get_data

        dates = {}
        for file in get_files(self.config).documentation_pages():
            _, meta = get_data(Path(file.abs_src_path).read_text(encoding="utf-8"))
            if meta.get("last_reviewed"):
                dates[file.dest_uri] = str(meta["last_reviewed"])
        return dates

    def css_classes(self) -> set[str]:
        """Class names the project's own stylesheets (extra_css) style."""
        names = set()
        for stylesheet in self.config["extra_css"]:
            path = Path(self.config["docs_dir"]) / str(stylesheet)
            if path.is_file():
                names |= set(re.findall(r"\.(-?[A-Za-z_][\w-]*)", path.read_text(encoding="utf-8")))
        return names

    def social_cache(self) -> str:
        plugin = self.config["plugins"].get("material/social")
        return str(plugin.config.cache_dir) if plugin else ".cache/plugin/social"


# --- building with Zensical --------------------------------------------------------------


@dataclass
class Attempt:
    returncode: int
    output: str
    seconds: float

    @property
    def error(self) -> str:
        lines = [line.strip() for line in self.output.splitlines() if line.strip()]
        errors = [line for line in lines if re.match(r"(\w*Error\b|ERROR)", line)]
        return (errors or lines or [f"exit status {self.returncode}"])[-1]


def zensical(python: str, args: list[str], cwd: Path, env: dict | None = None) -> Attempt:
    start = time.perf_counter()
    result = subprocess.run([python, "-m", "zensical", *args], cwd=cwd, capture_output=True, text=True,
                            timeout=900, env={**os.environ, "PYTHONPATH": str(cwd), **(env or {})})
    return Attempt(result.returncode, result.stdout + result.stderr, time.perf_counter() - start)


def _edit_config(project: Path, pattern: str, replacement) -> bool:
    config = project / "mkdocs.yml"
    text, count = re.subn(pattern, replacement, config.read_text(encoding="utf-8"), flags=re.M)
    config.write_text(text, encoding="utf-8")
    return count > 0


def _resolve_relative_tag(project: Path, match: re.Match, facts: Project) -> str | None:
    folders = {"config_dir": project, "docs_dir": project / Path(facts.config["docs_dir"]).relative_to(ROOT)}

    def resolve(tag: re.Match) -> str:
        return '"' + (folders[tag[1]] / tag[2].lstrip("/")).as_posix() + '"'

    if _edit_config(project, r"!relative\s+\$(config_dir|docs_dir)(/[^\s,\]}]*)?", lambda tag: resolve(tag)):
        return ("mkdocs.yml uses MkDocs' `!relative` YAML tag, which Zensical's reader does not know; "
                "the copy has the absolute path instead.")
    return None


def _provide_font(project: Path, match: re.Match, facts: Project) -> str | None:
    family = match[1]
    cache = project / facts.social_cache()
    fonts = [path.parent for path in project.rglob(f"{family}/*.ttf") if cache not in path.parents]
    if not fonts:
        return None
    target = cache / "fonts" / family
    target.mkdir(parents=True, exist_ok=True)
    for font in fonts[0].glob("*.ttf"):
        shutil.copyfile(font, target / font.name)
    return (f"Zensical's social plugin downloads the font '{family}' from Google Fonts (a request to "
            f"another host at build time; it failed here). The copy has the project's own TTF files "
            f"({fonts[0].relative_to(project)}) in `{facts.social_cache()}/fonts/{family}/`, where it looks first.")


def _drop_overrides(project: Path, match: re.Match, facts: Project) -> str | None:
    if _edit_config(project, r"^(\s*)custom_dir:.*$", r"\1# custom_dir dropped for Zensical"):
        return (f"The theme overrides (`theme.custom_dir`) do not render in Zensical's template engine: "
                f"`{match[0]}`. The copy builds without them.")
    return None


def _drop_own_icon(project: Path, match: re.Match, facts: Project) -> str | None:
    icon = match[1]
    if _edit_config(project, rf"^(\s*)(\w+):\s*{re.escape(icon)}\s*$", rf"\1# \2: {icon} dropped for Zensical"):
        return (f"The theme uses the project's own icon `{icon}` (in the overrides' `.icons/`), which "
                f"Zensical cannot find once the overrides are dropped: `{match[0]}`. The copy uses the theme's icon.")
    return None


# (what Zensical prints, the change to the copy that gets past it)
WORKAROUNDS = [
    (r"constructor for the tag '!relative'", _resolve_relative_tag),
    (r"font family '([^']+)'", _provide_font),
    (r"non-existing template \"\.icons/([\w/-]+)\.svg\"", _drop_own_icon),
    (r"\S.*\(in [\w./-]+\.html:\d+\)", _drop_overrides),
]


def add_probe_hook(project: Path) -> None:
    """A hook that leaves a file in the build: whether Zensical runs MkDocs hooks at all."""
    (project / PROBE_HOOK).write_text(
        "from pathlib import Path\n\n\ndef on_post_build(config, **kwargs):\n"
        f"    Path(config['site_dir'], {PROBE_FILE!r}).write_text('ran')\n", encoding="utf-8")
    if not _edit_config(project, r"^hooks:[ \t]*\n([ \t]*)- ", lambda m: f"{m[0]}{PROBE_HOOK}\n{m[1]}- "):
        with open(project / "mkdocs.yml", "a", encoding="utf-8") as config:
            config.write(f"\nhooks:\n  - {PROBE_HOOK}\n")


def build_with_zensical(python: str, project: Path, facts: Project) -> tuple[list[Attempt], list[str]]:
    """Build until it works or nothing more can be worked around; the attempts and the changes made."""
    attempts, changes, used = [zensical(python, ["build"], project)], [], set()
    while attempts[-1].returncode != 0:
        for pattern, workaround in WORKAROUNDS:
            match = re.search(pattern, attempts[-1].output)
            if match and pattern not in used:
                used.add(pattern)
                change = workaround(project, match, facts)
                if change:
                    changes.append(change)
                    break
        else:
            break
        attempts.append(zensical(python, ["build"], project))
    return attempts, changes


# --- the comparison ----------------------------------------------------------------------


@dataclass
class Row:
    feature: str
    mkdocs: str
    zensical: str
    missing: bool


def compare(facts: Project, mk: Build, zen: Build, mk_offline: Build, zen_offline: Build | None) -> list[Row]:
    """What the guide relies on, measured in both builds on the pages both make."""
    rows = []

    def row(feature, values, missing, show=str):
        rows.append(Row(feature, show(values[0]), show(values[1]), bool(missing)))

    def per_page(measure) -> list[int]:
        return [sum(measure(page) for path, page in build.pages.items() if path in common) for build in (mk, zen)]

    def tags(page, tag, test) -> int:
        return sum(1 for attrs in page.attributes(tag) if test(attrs))

    lost_pages = sorted(set(mk.pages) - set(zen.pages))
    common = set(mk.pages) & set(zen.pages)
    rows.append(Row("Pages", str(len(mk.pages)), f"{len(zen.pages)}" + (
        f" (missing: {', '.join(lost_pages)})" if lost_pages else ""), bool(lost_pages)))
    def text(pattern):
        return lambda page: len(re.findall(pattern, "".join(page.text)))

    markers = per_page(text(r"\[@[\w:-]+"))
    row("Citations: `[@key]` markers left as plain text", markers, markers[1] > markers[0])
    notes = per_page(lambda page: tags(page, "sup", lambda a: a.get("id", "").startswith("fnref")))
    row("Numbered notes (footnote markers)", notes, notes[1] < notes[0])
    abbr = per_page(lambda page: tags(page, "abbr", lambda a: a.get("aria-describedby")))
    row("Glossary terms (`<abbr>` described by its definition)", abbr, abbr[1] < abbr[0])
    dates = facts.review_dates()
    shown = [sum(1 for path, date in dates.items() if path in build.pages and build.pages[path].shows(date))
             for build in (mk, zen)]
    row("Pages that show their review date", shown, shown[1] < shown[0], show=lambda n: f"{n} of {len(dates)}")
    placeholders = per_page(lambda page: tags(page, "a", lambda a: a.get("href", "").startswith("download:")))
    row("Download links left unresolved (`download:…`)", placeholders, placeholders[1] > placeholders[0])
    ours = facts.css_classes()
    classes = [build.classes(common) & ours for build in (mk, zen)]
    lost = sorted(classes[0] - classes[1])
    rows.append(Row("Page parts the project's CSS styles (share, download, review dates…)",
                    f"{len(classes[0])} classes", f"missing: {', '.join(lost)}" if lost else "all there", bool(lost)))
    cards = []
    for build in (mk, zen):
        images = [attrs.get("content", "") for path, page in build.pages.items() if path in common
                  for attrs in page.attributes("meta") if attrs.get("property") == "og:image"]
        cards.append(sum(1 for url in images if url.startswith(facts.site_url)
                         and url[len(facts.site_url):] in build.files))
    row("Link-preview cards (og:image that exists)", cards, cards[1] < cards[0])
    # A checkbox with no id cannot have a <label for>; without aria it has no name (task lists).
    unnamed = per_page(lambda page: tags(page, "input", lambda a: a.get("type") == "checkbox" and not (
        {"id", "aria-label", "aria-labelledby", "title"} & set(a))))
    row("Checkboxes with no accessible name", unnamed, unnamed[1] > unnamed[0])
    snippets = per_page(text("--8<--"))
    row("Shared-text markers (`--8<--`) left as text", snippets, snippets[1] > snippets[0])
    titles = sum(1 for path in common if " ".join(mk.pages[path].title.split()) != " ".join(zen.pages[path].title.split()))
    row("Pages whose `<title>` differs", (0, titles), titles)
    canonical = per_page(lambda page: tags(page, "link", lambda a: a.get("rel") == "canonical"))
    row("Pages with a canonical address", canonical, canonical[1] < canonical[0])
    hosts = [sorted(build.external_resources(facts.site_url)) for build in (mk, zen)]
    row("Files loaded from other hosts", hosts, set(hosts[1]) - set(hosts[0]), show=lambda urls: ", ".join(urls) or "none")
    ran = PROBE_FILE in zen.files
    rows.append(Row("MkDocs hooks run (a probe hook added to the copy)", "yes", "yes" if ran else "no", not ran))
    rows.append(Row("Offline copy (`OFFLINE=true`) builds", "yes", "yes" if zen_offline else "no", not zen_offline))
    if zen_offline:
        folders = [build.directory_links() for build in (mk_offline, zen_offline)]
        row("Offline copy: links to folders (dead from file://)", folders, folders[1] > folders[0])
        hosts = [sorted(build.external_resources(facts.site_url)) for build in (mk_offline, zen_offline)]
        row("Offline copy: files loaded from other hosts", hosts, set(hosts[1]) - set(hosts[0]),
            show=lambda urls: ", ".join(urls) or "none")
    return rows


def only_in(first: Build, second: Build) -> list[str]:
    return sorted(path for path in first.files - second.files
                  if not path.startswith(THEME_FILES) and path != PROBE_FILE)


# --- the report --------------------------------------------------------------------------


def zensical_version(python: str) -> str | None:
    result = subprocess.run([python, "-m", "zensical", "--version"], capture_output=True, text=True)
    return result.stdout.strip() if result.returncode == 0 else None


def warnings_of(output: str) -> list[str]:
    """Each distinct warning or error once; the same one about many files is counted, not repeated."""
    files: dict[str, list[str]] = {}
    for line in output.splitlines():
        line = line.strip()
        if re.match(r"(WARNING|ERROR|Error|Warning)\b|\w+Error:", line):
            message, _, name = re.fullmatch(r"(.*?)(?:( in '([^']*)'))?", line).group(1, 2, 3)
            files.setdefault(message, [])
            if name and name not in files[message]:
                files[message].append(name)
    return [f"`{message}`" + (f" in `{names[0]}`" if len(names) == 1 else f" in {len(names)} files" if names else "")
            for message, names in files.items()]


def report(version: str, facts: Project, attempts: list[Attempt], changes: list[str], mk_seconds: float,
           rows: list[Row], pages: tuple[list[str], list[str]] | None) -> str:
    import mkdocs
    from importlib.metadata import version as installed

    first, last = attempts[0], attempts[-1]
    timing = f" in {last.seconds:.1f} s (MkDocs: {mk_seconds:.1f} s)."
    lines = [
        "# Building the guide with Zensical",
        "",
        f"{datetime.date.today().isoformat()} · Zensical {version} · compared with MkDocs {mkdocs.__version__}"
        f" and Material for MkDocs {installed('mkdocs-material')} (`python -m tools.zensical_report`).",
        "",
        "## Summary",
        "",
        "- The unchanged project: " + ("builds" + timing if first.returncode == 0 else f"does not build: `{first.error}`"),
    ]
    if changes:
        lines.append(f"- With {len(changes)} change(s) to a copy (below): "
                     + ("builds" + timing if last.returncode == 0 else f"still does not build: `{last.error}`"))
    missing = [row.feature for row in rows if row.missing]
    if rows:
        lines.append(f"- Missing or different in the Zensical build: {len(missing)} of the {len(rows)} checks "
                     "below: " + "; ".join(missing) + "." if missing else "- Nothing the MkDocs build has is missing.")
    if changes:
        lines += ["", "## What the script changed in its copy to get further", ""]
        lines += [f"{number}. {change}" for number, change in enumerate(changes, 1)]
    problems = warnings_of("\n".join(attempt.output for attempt in attempts))
    lines += ["", "## Zensical's warnings and errors", ""]
    lines += [f"- {problem}" for problem in problems] or ["None."]
    if rows:
        lines += ["", "## What the guide relies on, in each build", "",
                  "| What | MkDocs | Zensical | |", "| --- | --- | --- | --- |"]
        lines += [f"| {row.feature} | {row.mkdocs} | {row.zensical} | {'differs' if row.missing else 'same'} |"
                  for row in rows]
    if pages:
        lines += ["", "## Files only one build makes", "", "Theme bundles (`assets/javascripts/`, "
                  "`assets/stylesheets/`) are left out: their names differ by design.", ""]
        lines.append("- Only MkDocs: " + (", ".join(f"`{path}`" for path in pages[0]) or "none"))
        lines.append("- Only Zensical: " + (", ".join(f"`{path}`" for path in pages[1]) or "none"))
    lines += ["", "## What mkdocs.yml asks for", "",
              "- Plugins: " + ", ".join(f"`{name}`" for name in facts.plugin_names()),
              "- Hooks: " + (", ".join(f"`{name}`" for name in facts.config["hooks"]) or "none"),
              "- Markdown extensions: " + ", ".join(f"`{name}`" for name in facts.config["markdown_extensions"]),
              f"- Theme overrides: `{Path(facts.config['theme'].custom_dir).relative_to(ROOT)}`"
              if facts.config["theme"].custom_dir else "- Theme overrides: none", ""]
    return "\n".join(lines)


def run(python: str, version: str) -> tuple[str, int]:
    facts = Project.load()
    site_dir = Path(facts.config["site_dir"]).relative_to(ROOT)
    with tempfile.TemporaryDirectory(prefix="zensical-report-") as temp:
        temp = Path(temp)
        start = time.perf_counter()
        mkdocs_build(temp / "mkdocs")
        mk_seconds = time.perf_counter() - start
        mkdocs_build(temp / "mkdocs-offline", env={"OFFLINE": "true"})
        project = temp / "project"
        shutil.copytree(ROOT, project, ignore=shutil.ignore_patterns(*NOT_COPIED))
        add_probe_hook(project)
        attempts, changes = build_with_zensical(python, project, facts)
        rows, files = [], None
        if attempts[-1].returncode == 0:
            shutil.move(project / site_dir, temp / "zensical")
            offline = zensical(python, ["build"], project, env={"OFFLINE": "true"})
            attempts.append(offline)
            mk, zen = Build.read(temp / "mkdocs"), Build.read(temp / "zensical")
            zen_offline = Build.read(project / site_dir) if offline.returncode == 0 else None
            rows = compare(facts, mk, zen, Build.read(temp / "mkdocs-offline"), zen_offline)
            files = (only_in(mk, zen), only_in(zen, mk))
        text = report(version, facts, attempts, changes, mk_seconds, rows, files)
    drop_in = attempts[0].returncode == 0 and rows and not any(row.missing for row in rows)
    return text, 0 if drop_in else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--zensical-python", default=sys.executable,
                        help="a Python that has zensical installed (default: this one)")
    parser.add_argument("--output", type=Path, help="write the report here (default: print it)")
    args = parser.parse_args(argv)
    version = zensical_version(args.zensical_python)
    if not version:
        print(f"error: {args.zensical_python} cannot run Zensical; install it there with "
              "`python -m pip install zensical`", file=sys.stderr)
        return 2
    try:
        text, status = run(args.zensical_python, version)
    except BuildError as error:
        print(f"error: the MkDocs build to compare with failed: {error}", file=sys.stderr)
        return 2
    if args.output:
        args.output.write_text(text, encoding="utf-8")
        print(f"Report written to {args.output}")
    else:
        print(text)
    return status


if __name__ == "__main__":
    sys.exit(main())
