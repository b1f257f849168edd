"""The user's install (issue #30 item 2): ``python -m build`` makes a wheel that installs and runs in a clean venv.

The venv is new and empty; the wheel goes in with ``--no-deps`` and the dependencies already installed for the
test run are lent to it through a ``.pth`` line (their own ``.pth`` files, the editable install of this checkout
among them, are not read there), so the test needs no network and no second copy of torch. What it proves: the
wheel has the package, its data files and the console script, and they run from site-packages, not from this
checkout. ``pip install 'aligntool[…]'`` with real downloads was measured by hand (docs/install.md).
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _build_backend_present() -> bool:
    try:
        from importlib.metadata import version

        return int(version("setuptools").split(".")[0]) >= 77 and importlib.util.find_spec("wheel") is not None
    except Exception:
        return False


def _clean_env() -> dict[str, str]:
    """The environment without PYTHONPATH & co: nothing of this checkout may leak into the clean venv."""
    return {key: value for key, value in os.environ.items() if not key.startswith(("PYTHON", "VIRTUAL_ENV"))}


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if importlib.util.find_spec("build") is None:
        pytest.skip("the 'build' package is missing (pip install 'aligntool[test]')")
    dist = tmp_path_factory.mktemp("dist")
    # Without network the isolated build cannot fetch setuptools: build with the installed one when it is new enough.
    isolation = [] if not _build_backend_present() else ["--no-isolation"]
    proc = subprocess.run([sys.executable, "-m", "build", "--wheel", *isolation, "--outdir", str(dist), str(ROOT)],
                          capture_output=True, text=True, timeout=600, env=_clean_env())
    if proc.returncode != 0 and isolation == [] and "Could not find a version" in proc.stdout + proc.stderr:
        pytest.skip("the isolated build could not download setuptools (offline)")
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    wheels = list(dist.glob("aligntool-*.whl"))
    assert len(wheels) == 1
    return wheels[0]


def test_wheel_carries_the_package_data(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for expected in ("/data/csto.yaml", "/data/models.toml", "/data/families.toml", "/static/review.html",
                     "/static/review.js", "/data/kk_suffixes.toml"):
        assert any(name.startswith("aligntool/") and name.endswith(expected) for name in names), expected
    assert not any(name.startswith(("tests/", "benchmarks/")) for name in names)
    entry_points = next(name for name in names if name.endswith(".dist-info/entry_points.txt"))
    assert "aligntool = " in zipfile.ZipFile(wheel).read(entry_points).decode()


def test_wheel_installs_and_runs_in_a_clean_venv(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True, symlinks=True).create(target)
    python = target / "bin" / "python"
    env = _clean_env()
    install = subprocess.run([str(python), "-m", "pip", "install", "--no-deps", "--no-index", str(wheel)],
                             capture_output=True, text=True, env=env, timeout=600)
    assert install.returncode == 0, install.stdout[-2000:] + install.stderr[-2000:]
    # lend the test run's dependencies (read-only, after the venv's own site-packages)
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          capture_output=True, text=True, env=env, check=True).stdout.strip()
    lent = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    Path(site, "_lent_dependencies.pth").write_text("\n".join(sorted(lent)) + "\n", encoding="utf-8")

    aligntool = target / "bin" / "aligntool"
    help_text = subprocess.run([str(aligntool), "--help"], capture_output=True, text=True, env=env,
                               cwd=tmp_path, timeout=300)
    assert help_text.returncode == 0, help_text.stderr
    assert "Usage: aligntool" in help_text.stdout and "translate" in help_text.stdout
    where = subprocess.run([str(python), "-c", "import aligntool; print(aligntool.__file__)"], capture_output=True,
                           text=True, env=env, cwd=tmp_path, timeout=300)
    assert where.stdout.strip().startswith(str(target)), where.stdout + where.stderr
    # package data at work: the shipped glossary (no ./glossary here) and the segmentation tables
    listing = subprocess.run([str(aligntool), "glossary", "list"], capture_output=True, text=True, env=env,
                             cwd=tmp_path, timeout=300)
    assert listing.returncode == 0 and "csto" in listing.stdout, listing.stderr
    text = tmp_path / "doc.txt"
    text.write_text("The CSTO met in Minsk on Oct. 30. NATO did not.\n", encoding="utf-8")
    segments = subprocess.run([str(aligntool), "segment", str(text), "--lang", "en"], capture_output=True,
                              text=True, env=env, cwd=tmp_path, timeout=300)
    assert segments.stdout.splitlines() == ["The CSTO met in Minsk on Oct. 30.", "NATO did not."], segments.stderr
