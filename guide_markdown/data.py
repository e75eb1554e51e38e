"""Reading the data files the extensions use (includes/references.yml,
includes/glossary.yml): the same way for both, and again only when one changes."""

from __future__ import annotations

import os
from functools import lru_cache, wraps
from typing import Callable, TypeVar

import yaml

T = TypeVar("T")


class DuplicateKeyError(yaml.MarkedYAMLError):
    pass


class _UniqueKeyLoader(yaml.SafeLoader):
    """YAML's safe loader, except that a key written twice in one mapping is an error
    (PyYAML keeps the last one silently, so an edited reference would hide the first)."""

    def construct_mapping(self, node, deep=False):
        seen = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            try:
                first = seen.get(key)
            except TypeError:  # an unhashable key: the base class says so
                break
            if first is not None:
                raise DuplicateKeyError(
                    problem=f"'{key}' is written twice (first on line {first + 1}); keep one and delete the other",
                    problem_mark=key_node.start_mark)
            seen[key] = key_node.start_mark.line
        return super().construct_mapping(node, deep=deep)


def yaml_error(error: Exception) -> str:
    """A YAML error in one line: 'line 12: found …' (PyYAML's own text spans several)."""
    mark = getattr(error, "problem_mark", None)
    problem = getattr(error, "problem", None) or str(error)
    where = f"line {mark.line + 1}: " if mark is not None else ""
    return f"{where}{' '.join(str(problem).split())}"


def read_yaml(path: os.PathLike | str, kind: type, described: str):
    """(the file's data, []) when it reads as `kind`; (an empty `kind`, [what is wrong]) when not."""
    try:
        with open(path, encoding="utf-8") as handle:
            data = yaml.load(handle, Loader=_UniqueKeyLoader)
    except OSError as error:
        return kind(), [f"cannot read it: {error.strerror}"]
    except DuplicateKeyError as error:
        return kind(), [yaml_error(error)]
    except yaml.YAMLError as error:
        return kind(), [f"is not valid YAML ({yaml_error(error)})"]
    except ValueError as error:  # a date YAML reads but the calendar refuses: 2026-13-01
        return kind(), [f"is not valid YAML ({error})"]
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
