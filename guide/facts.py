"""The build's facts, each defined once: hooks, tools, tests and the benchmark ask here.

- the configuration: mkdocs.yml as MkDocs itself reads it (`load`), never parsed by hand,
  with the data files the Markdown extensions are given (`references_file`, `glossary_file`)
  and whether the build is the offline copy (`is_offline_copy`);
- the published address: `site_url` (its one default is in mkdocs.yml) and its path;
- the pages, in nav order, with the address and file MkDocs gives each (`pages`);
- the front matter: MkDocs' own reader (`front_matter`) and the rules every page
  must follow (`front_matter_problems`);
- the edition: the newest `last_reviewed` date of any page (`edition_date`), so
  reviewing a page makes a new edition (PDF cover, offline copy's name);
- the downloads the publishing build adds after `mkdocs build`, by name (`downloads`).
"""

from __future__ import annotations

import datetime
import os
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import yaml
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, get_files
from mkdocs.structure.nav import get_navigation
from mkdocs.utils.meta import YAML_RE, get_data

ROOT = Path(__file__).resolve().parent.parent
CONFIG_FILE = ROOT / "mkdocs.yml"

DESCRIPTION_MAX = 160
# A page is reviewed at least this often (NHS: at least every three years; we promise two).
REVIEW_INTERVAL_MAX = datetime.timedelta(days=2 * 366)
REQUIRED = ("title", "description", "last_reviewed", "next_review")


def load(config_file: Path = CONFIG_FILE, **options) -> MkDocsConfig:
    """mkdocs.yml, read and checked by MkDocs (`!ENV` values come from the environment now)."""
    return load_config(str(config_file), **options)


def references_file(config: MkDocsConfig) -> Path:
    """The references file, as the citations extension is given it in mkdocs.yml."""
    return Path(os.fspath(config.mdx_configs["guide_markdown.citations"]["references"]))


def glossary_file(config: MkDocsConfig) -> Path:
    """The glossary file, as the glossary extension is given it in mkdocs.yml."""
    return Path(os.fspath(config.mdx_configs["guide_markdown.glossary"]["glossary"]))


def plugin(config: MkDocsConfig, name: str):
    """A plugin by the name mkdocs.yml gives it ('offline' for 'material/offline'), or None."""
    return next((p for key, p in config.plugins.items() if key.split("/")[-1] == name), None)


def is_offline_copy(config: MkDocsConfig) -> bool:
    """Whether this build is the offline copy: Material's offline plugin is on (tools/offline.py)."""
    offline = plugin(config, "offline")
    return bool(offline and offline.config.enabled)


# --- the published address ------------------------------------------------------


def base_path(config: MkDocsConfig) -> str:
    """The path the site is served under: '/microneedling-guide/' for a GitHub Pages project."""
    return urlsplit(config.site_url).path or "/"


def published_url(config: MkDocsConfig, url: str) -> str:
    """An address under the site (a page's `url`, a download) as it is published."""
    return urljoin(config.site_url, url)


# --- the pages ------------------------------------------------------------------


@dataclass(frozen=True)
class Page:
    title: str  # as the nav names it
    src: str  # the Markdown file, from docs/: 'risks-and-side-effects.md'
    url: str  # its address under site_url: 'risks-and-side-effects/' ('' for the home page)
    dest: str  # its file in the build: 'risks-and-side-effects/index.html'
    file_dest: str  # its file where pages are files, as in the offline copy: 'risks-and-side-effects.html'


def directory_url(config: MkDocsConfig, src: str) -> str:
    """A page's address on the published site, which uses directory URLs (the offline copy does not)."""
    return File(src, config.docs_dir, config.site_dir, use_directory_urls=True).url


def pages(config: MkDocsConfig) -> list[Page]:
    """Every page in the nav, in nav order, with MkDocs' own addresses and file names."""
    navigation = get_navigation(get_files(config), config)
    found = []
    for page in navigation.pages:
        as_file = File(page.file.src_uri, config.docs_dir, config.site_dir, use_directory_urls=False)
        found.append(Page(page.title, page.file.src_uri, page.url, page.file.dest_uri, as_file.dest_uri))
    return found


# --- front matter ---------------------------------------------------------------


def front_matter(config: MkDocsConfig, src: str) -> dict:
    """A page's front matter, read as MkDocs reads it."""
    _, meta = get_data(Path(config.docs_dir, src).read_text(encoding="utf-8"))
    return meta


def front_matter_text_problems(text: str) -> list[str]:
    """What stops a page's front matter being read at all, with the line and what to change.
    (MkDocs reads a broken block as page text, silently: the page would ship with a
    stray rule and its YAML on show.)"""
    text = text.lstrip("\ufeff").replace("\r\n", "\n")
    if not text.startswith("---"):
        return ["the page must start with a line '---', then its front matter (title: …), then '---' again"]
    block = YAML_RE.match(text)
    if not block:
        return ["the front matter has no closing '---' line: add one after its last field"]
    try:
        data = yaml.safe_load(block.group(1))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" (line {mark.line + 2})" if mark is not None else ""
        return [f"the front matter is not valid YAML{where}: "
                "put a value that has ': ' in it or starts with [ { ' \" & * ! | > % @ in double quotes, "
                'such as title: "[Draft] Risks: what to know"']
    except ValueError as error:  # a date YAML reads but the calendar refuses: 2026-13-01
        for number, line in enumerate(block.group(1).splitlines(), start=2):
            found = re.match(r"\s*([\w-]+):\s*['\"]?(\d{4}-\d\d?-\d\d?)\b", line)
            if found and as_date(found.group(2)) is None:
                return [f"'{found.group(1)}' (line {number}) is {found.group(2)}, which is not a date in the "
                        "calendar: write a real date as YYYY-MM-DD"]
        return [f"the front matter has an impossible date ({error}): write dates as YYYY-MM-DD"]
    if not isinstance(data, dict):
        return ["the front matter must be 'name: value' lines, such as title: Risks and side effects"]
    return []


def as_date(value) -> datetime.date | None:
    """A date (with no time: the page is reviewed on a day), or None."""
    if isinstance(value, datetime.datetime):
        return None
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def front_matter_problems(meta: dict, today: datetime.date) -> list[str]:
    """Return what is wrong with one page's front matter, in plain words."""
    found = []
    for key in REQUIRED:
        if meta.get(key) in (None, ""):
            found.append(f"front matter is missing '{key}'")
    description = meta.get("description")
    if isinstance(description, str) and len(description) > DESCRIPTION_MAX:
        found.append(
            f"'description' is {len(description)} characters; the limit is {DESCRIPTION_MAX}"
        )
    dates = {}
    for key in ("last_reviewed", "next_review"):
        if meta.get(key) in (None, ""):
            continue
        dates[key] = as_date(meta[key])
        if isinstance(meta[key], datetime.datetime):
            found.append(f"'{key}' has a time ({meta[key]}): write the day alone, {meta[key]:%Y-%m-%d}")
        elif dates[key] is None:
            found.append(f"'{key}' is {meta[key]!r}, not a date in the form YYYY-MM-DD")
    last, due = dates.get("last_reviewed"), dates.get("next_review")
    if last and last > today:
        found.append(f"'last_reviewed' ({last}) is in the future")
    if last and due and due <= last:
        found.append(f"'next_review' ({due}) must come after 'last_reviewed' ({last})")
    if last and due and due - last > REVIEW_INTERVAL_MAX:
        found.append(f"'next_review' ({due}) is more than two years after 'last_reviewed' ({last}): "
                     "set it no later than two years on")
    if due and due < today:
        found.append(f"the review was due on {due}: review the page, then update both dates")
    return found


# --- the edition and the downloads -------------------------------------------------


def edition_date(config: MkDocsConfig) -> datetime.date:
    """The newest `last_reviewed` date of any page."""
    sources = [file.src_uri for file in get_files(config).documentation_pages()]
    dates = [as_date(front_matter(config, src).get("last_reviewed")) for src in sources]
    dates = [date for date in dates if date]
    if not dates:
        raise ValueError(f"no page in {config.docs_dir} has a last_reviewed date")
    return max(dates)


def downloads(config: MkDocsConfig) -> dict[str, str]:
    """Name -> file name of each file the publishing build adds to the site (mkdocs.yml
    `extra.downloads`; `{edition}` in a name stands for the edition date)."""
    listed = config.extra.get("downloads") or {}
    if any("{edition}" in name for name in listed.values()):
        edition = edition_date(config).isoformat()
        listed = {key: name.replace("{edition}", edition) for key, name in listed.items()}
    return dict(listed)
