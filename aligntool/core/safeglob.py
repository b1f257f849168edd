"""Glob patterns over untrusted folder trees: ``**`` never follows a symbolic link to a folder.

Python's ``glob.glob(..., recursive=True)`` follows links inside ``**``, so a link to a parent folder makes the
walk endless (two such links: exponential), and one link yields every file twice under two names. Here ``**``
walks real folders only (as ``aligntool translate DIR`` does), a file reached twice is listed once, and the
number of matches is bounded (:data:`aligntool.core.limits.GLOB_MATCHES`). Otherwise the rules are glob's:
``*``, ``?`` and ``[…]`` match within one name, names starting with ``.`` match only a pattern that starts
with ``.``, and ``**`` matches zero or more folders.
"""

from __future__ import annotations

import fnmatch
import os
import re

from aligntool.core.errors import InputError
from aligntool.core.limits import GLOB_MATCHES

_MAGIC = re.compile(r"[*?\[]")


def has_magic(text: str) -> bool:
    """Whether a pattern component has wildcards."""
    return _MAGIC.search(text) is not None


def _names(folder: str) -> list[tuple[str, bool, bool]]:
    """``(name, is a folder (links followed), is a link)`` of a folder's entries; unreadable: none."""
    try:
        with os.scandir(folder or os.curdir) as entries:
            found = []
            for entry in entries:
                try:
                    found.append((entry.name, entry.is_dir(), entry.is_symlink()))
                except OSError:
                    continue
            return found
    except OSError:
        return []


def _matches(name: str, component: str) -> bool:
    if name.startswith(".") and not component.startswith("."):
        return False
    return fnmatch.fnmatchcase(name, component)


def expand(pattern: str, limit: int | None = None) -> list[str]:
    """The files a glob pattern matches, sorted, each real file once; more than ``limit`` is an InputError."""
    limit = limit if limit is not None else GLOB_MATCHES.value()
    drive, rest = os.path.splitdrive(pattern)
    absolute = rest.startswith(os.sep)
    components = [part for part in rest.split(os.sep) if part]
    first_magic = next((i for i, part in enumerate(components) if has_magic(part)), len(components))
    base = os.path.join(drive + (os.sep if absolute else ""), *components[:first_magic])
    base = base or ""
    pending: list[tuple[str, int]] = [(base, first_magic)]
    found: dict[str, str] = {}  # real path → the first name it was reached by
    while pending:
        folder, index = pending.pop()
        if index == len(components):
            if os.path.isfile(folder):
                real = os.path.realpath(folder)
                if real not in found:
                    found[real] = folder
                    if len(found) > limit:
                        raise InputError(f"{pattern}: matches more than {limit} files; "
                                         f"{GLOB_MATCHES.hint()}")
            continue
        component = components[index]
        if component == "**":
            pending.append((folder, index + 1))  # zero folders
            last = index == len(components) - 1
            for name, is_dir, is_link in _names(folder):
                if name.startswith("."):
                    continue
                if is_dir and not is_link:
                    pending.append((os.path.join(folder, name), index))  # one more real folder
                elif last and not is_dir:  # a trailing ** matches the files too
                    pending.append((os.path.join(folder, name), index + 1))
            continue
        if not has_magic(component):
            pending.append((os.path.join(folder, component), index + 1))
            continue
        last = index == len(components) - 1
        for name, is_dir, _is_link in _names(folder):
            if _matches(name, component) and (last or is_dir):
                pending.append((os.path.join(folder, name), index + 1))
    return sorted(found.values())
