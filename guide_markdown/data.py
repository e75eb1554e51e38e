"""Reading the data files the extensions use (includes/references.yml,
includes/glossary.yml): the same way for both, and again only when one changes."""

from __future__ import annotations

import os
from functools import lru_cache, wraps
from typing import Callable, TypeVar

import yaml

T = TypeVar("T")


def read_yaml(path: os.PathLike | str, kind: type, described: str):
    """(the file's data, []) when it reads as `kind`; (an empty `kind`, [what is wrong]) when not."""
    try:
        with open(path, encoding="utf-8") as handle:
            data = yaml.safe_load(handle)
    except (OSError, yaml.YAMLError) as error:
        return kind(), [f"cannot read it: {error}"]
    if not isinstance(data, kind):
        return kind(), [f"it must be {described}"]
    return data, []


def when_changed(load: Callable[[str], T]) -> Callable[[os.PathLike | str], T]:
    """`load(path)`, cached until the file changes: engines make a Markdown instance
    for every page, and a live preview (`mkdocs serve`) must show an edit at once."""

    @lru_cache(maxsize=8)
    def cached(path: str, mtime_ns: int, size: int) -> T:
        return load(path)

    @wraps(load)
    def wrapper(path: os.PathLike | str) -> T:
        try:
            stat = os.stat(path)
        except OSError:
            return load(os.fspath(path))
        return cached(os.fspath(path), stat.st_mtime_ns, stat.st_size)

    return wrapper
