"""The offline copy: the whole site as plain files that open from a folder, zipped.

    python -m tools.offline [--site-dir DIR]   # add the zip to an existing build

A second `mkdocs build --strict` with Material's offline plugin switched on
(OFFLINE=true; hooks/offline_copy.py adapts the rest), into a temporary folder,
then zipped into the published site under its name in mkdocs.yml
(`extra.downloads.offline`, dated with the guide's edition). The whole-guide PDF,
printed first (tools/pdf.py), goes in too: its download links open it from the folder.
Inside the zip, everything sits in one folder of the same name; readers open
its index.html.
"""

from __future__ import annotations

import argparse
import datetime
import shutil
import sys
import tempfile
import zipfile
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig

from guide import facts, links
from tools import pdf
from tools.mkdocs_build import BuildError, mkdocs_build

# Only useful on a web server, or only to developers: left out of the copy.
LEFT_OUT = ("sitemap.xml", "sitemap.xml.gz", "robots.txt", "404.html", "search/search_index.json")
LEFT_OUT_SUFFIXES = (".map",)
# Search's word splitters for other languages (about 1.5 MB); English needs none.
LEFT_OUT_FOLDERS = ("assets/javascripts/lunr/",)
# What the offline plugin writes when no local iframe-worker shim is configured.
REMOTE_SHIM = "unpkg.com/iframe-worker"


class OfflineError(RuntimeError):
    pass


def prune(copy: Path) -> None:
    """Remove what the copy leaves out."""
    for path in sorted(copy.rglob("*")):
        rel = path.relative_to(copy).as_posix()
        if path.is_file() and (rel in LEFT_OUT or path.name.endswith(LEFT_OUT_SUFFIXES)):
            path.unlink()
    for folder in LEFT_OUT_FOLDERS:
        shutil.rmtree(copy / folder, ignore_errors=True)


def problems(copy: Path) -> list[str]:
    """What would stop the copy working from a folder; empty when it is sound."""
    found = []
    if not (copy / "index.html").is_file():
        found.append("it has no index.html")
    if not (copy / "search" / "search_index.js").is_file():
        found.append("search/search_index.js is missing, so search cannot work from a folder")
    pages = links.read_site(copy)
    for rel, page in pages.items():
        if any(REMOTE_SHIM in link.url for link in page.links):
            found.append(f"{rel} loads the search shim from unpkg.com")
    for rel, url, problem in links.broken_links(copy, pages_are_files=True, pages=pages):
        found.append(f"{rel}: the link '{url}' {problem}")
    return found


def write_zip(copy: Path, target: Path, folder: str, edition: datetime.date) -> None:
    """Same input, same bytes: sorted entries, each dated with the edition."""
    stamp = (edition.year, edition.month, edition.day, 0, 0, 0)
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for path in sorted(p for p in copy.rglob("*") if p.is_file()):
            info = zipfile.ZipInfo(f"{folder}/{path.relative_to(copy).as_posix()}", date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, path.read_bytes(), compresslevel=9)


def publish(site_dir: Path, config: MkDocsConfig) -> Path:
    """Make the offline copy with a second build and zip it into site_dir."""
    edition = facts.edition_date(config)
    name = facts.downloads(config)["offline"]
    printed = site_dir / pdf.file_name(config)
    if not printed.is_file():
        raise OfflineError(f"{printed} is missing: the offline copy holds the PDF, so print it first (python -m tools.pdf)")
    with tempfile.TemporaryDirectory(prefix="offline-copy-") as tmp:
        copy = Path(tmp) / "site"
        mkdocs_build(copy, env={"OFFLINE": "true"})
        prune(copy)
        shutil.copyfile(printed, copy / printed.name)
        try:
            pdf.fill_in_size(copy, printed.stat().st_size)
        except pdf.PdfError as error:
            raise OfflineError(f"the offline copy: {error}") from None
        found = problems(copy)
        if found:
            raise OfflineError("the offline copy is broken:\n" + "\n".join(found))
        target = site_dir / name
        write_zip(copy, target, name[: -len(".zip")], edition)
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site-dir", type=Path, default=facts.ROOT / "site")
    args = parser.parse_args(argv)
    args.site_dir.mkdir(parents=True, exist_ok=True)
    try:
        target = publish(args.site_dir.resolve(), facts.load())
    except (OfflineError, BuildError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"Offline copy: {target} ({target.stat().st_size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
