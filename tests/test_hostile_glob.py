"""Issue #27, item 15: a glob over a tree with symbolic-link loops ends, lists each file once, and agrees with
glob.glob on an ordinary tree."""

from __future__ import annotations

import glob
import os
import signal
from pathlib import Path

import pytest

from aligntool.core.errors import InputError
from aligntool.core.safeglob import expand
from aligntool.jobs.corpus.inputs import collect


def _tree(root: Path) -> Path:
    for rel in ("a.txt", "sub/b.txt", "sub/deeper/c.txt", "sub/deeper/d.md", ".hidden/e.txt", "sub/.f.txt", "g.log"):
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(rel, encoding="utf-8")
    return root


@pytest.mark.parametrize("pattern", ["**/*.txt", "*.txt", "sub/*/*.txt", "sub/**/*", "**", "s?b/**/[cd].*",
                                     "**/deeper/*", "nothing/**/*.txt", "sub/.*"])
def test_matches_what_glob_matches_on_an_ordinary_tree(tmp_path: Path, pattern: str,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    _tree(tmp_path / "t")
    monkeypatch.chdir(tmp_path / "t")
    expected = sorted(p for p in glob.glob(pattern, recursive=True) if os.path.isfile(p))
    assert expand(pattern) == expected
    absolute = str(tmp_path / "t" / pattern)
    assert expand(absolute) == sorted(p for p in glob.glob(absolute, recursive=True) if os.path.isfile(p))


@pytest.fixture()
def _deadline() -> object:
    def stop(signum: int, frame: object) -> None:
        raise TimeoutError("the glob did not end")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(20)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


@pytest.mark.usefixtures("_deadline")
def test_symlink_loops_end_and_each_file_is_listed_once(tmp_path: Path) -> None:
    root = _tree(tmp_path / "d")
    (root / "loop1").symlink_to(root, target_is_directory=True)
    (root / "sub" / "loop2").symlink_to(root, target_is_directory=True)
    (root / "sub" / "deeper" / "loop3").symlink_to(root / "sub", target_is_directory=True)
    matches = expand(f"{root}/**/*.txt")
    assert [Path(p).relative_to(root).as_posix() for p in matches] == ["a.txt", "sub/b.txt", "sub/deeper/c.txt"]
    items = collect([f"{root}/**/*.txt"])  # was: runs until killed; one loop link: 'the same document id'
    assert sorted(item.id for item in items) == ["a", "b", "c"]


def test_one_loop_link_does_not_give_duplicate_ids(tmp_path: Path) -> None:
    root = _tree(tmp_path / "d")
    (root / "sub" / "back").symlink_to(root, target_is_directory=True)
    assert sorted(item.id for item in collect([f"{root}/**/*.txt"])) == ["a", "b", "c"]


def test_too_many_matches_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _tree(tmp_path / "d")
    monkeypatch.setenv("ALIGNTOOL_MAX_GLOB_MATCHES", "2")
    with pytest.raises(InputError, match=r"matches more than 2 files; .*ALIGNTOOL_MAX_GLOB_MATCHES"):
        expand(f"{tmp_path}/d/**/*.txt")
