"""The two installs (issue #30): the lock in requirements/ matches pyproject.toml, extras say what they add.

A dependency added to pyproject.toml without ``make lock`` fails here, with the command that fixes it, instead of
failing later on a fresh machine whose ``make setup`` installs only what the lock lists.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)(?:\s*;\s*(.+?))?\s*\\?$", re.M)
NOT_LOCKED = {"torch"}  # installed per machine by scripts/install-torch.sh (docs/install.md)
LOCK_ENV = {"python_version": "3.11", "python_full_version": "3.11.0", "sys_platform": "linux",
            "platform_system": "Linux", "platform_machine": "x86_64", "implementation_name": "cpython",
            "platform_python_implementation": "CPython", "os_name": "posix"}


def locked(name: str) -> dict[str, Version]:
    text = (ROOT / "requirements" / name).read_text(encoding="utf-8")
    pins = {canonicalize_name(match[1]): Version(match[2]) for match in PIN.finditer(text)}
    unhashed = [block.split("==")[0] for block in re.split(r"\n(?=\S)", text)
                if "==" in block and not block.startswith("#") and "--hash=sha256:" not in block]
    assert not unhashed, f"requirements/{name}: pins without hashes: {unhashed}"
    return pins


def requirements(extras: set[str]) -> list[Requirement]:
    """The project's requirements with ``extras`` (self-references such as aligntool[all] followed)."""
    found = [Requirement(text) for text in PROJECT["dependencies"]]
    todo, seen = list(extras), set()
    while todo:
        extra = todo.pop()
        if extra in seen:
            continue
        seen.add(extra)
        for text in PROJECT["optional-dependencies"][extra]:
            requirement = Requirement(text)
            if canonicalize_name(requirement.name) == "aligntool":
                todo += sorted(requirement.extras)
            else:
                found.append(requirement)
    return [req for req in found if req.marker is None or req.marker.evaluate(LOCK_ENV)]


@pytest.mark.parametrize(("lock", "extras"), [("run.txt", set()), ("test.txt", {"test"})])
def test_the_lock_pins_every_requirement_within_its_range(lock: str, extras: set[str]) -> None:
    pins = locked(lock)
    for requirement in requirements(extras):
        name = canonicalize_name(requirement.name)
        if name in NOT_LOCKED:
            continue
        assert name in pins, f"{requirement} is not in requirements/{lock}: run `make lock` and commit requirements/"
        assert requirement.specifier.contains(pins[name], prereleases=True), (
            f"requirements/{lock} pins {name}=={pins[name]} outside {requirement}: run `make lock`")


def test_the_runtime_lock_agrees_with_the_test_lock() -> None:
    """`make test` adds packages to `make run`'s; it never installs another version of one already there."""
    run, test = locked("run.txt"), locked("test.txt")
    assert {name: version for name, version in run.items() if test.get(name) != version} == {}


def test_torch_is_left_to_the_install_script() -> None:
    assert "torch" not in locked("test.txt")
    pinned = (ROOT / "requirements" / "torch.txt").read_text(encoding="utf-8")
    assert re.search(r"^torch==\S+", pinned, re.M), "requirements/torch.txt names the torch the lock was solved with"
    torch_range = next(Requirement(text) for text in PROJECT["dependencies"] if text.startswith("torch"))
    version = Version(re.search(r"^torch==(\S+)", pinned, re.M)[1])
    assert torch_range.specifier.contains(version)


def test_extras_are_named_for_what_they_add() -> None:
    extras = PROJECT["optional-dependencies"]
    assert {"formats", "eval", "ray", "all", "docs", "test"} <= set(extras)
    core = {canonicalize_name(Requirement(text).name) for text in PROJECT["dependencies"]}
    for extra in ("formats", "eval", "ray"):  # a user's extra adds packages the core does not have
        added = {canonicalize_name(Requirement(text).name) for text in extras[extra]}
        assert added and not added & core, extra


def test_a_missing_reader_package_names_its_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    from aligntool.core.errors import MissingDependencyError
    from aligntool.formats.documents.registry import get_reader

    for package, name in (("docx", "docx"), ("pypdf", "pdf"), ("markdown_it", "markdown")):
        monkeypatch.setitem(sys.modules, package, None)  # import fails as if not installed
        with pytest.raises(MissingDependencyError, match=re.escape("pip install 'aligntool[formats]'")):
            get_reader(name)
