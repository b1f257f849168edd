"""Every command's output is byte for byte what it was before the layered redesign (issue #26).

The expected outputs in ``tests/data/golden/`` were made by the code before the redesign with
``python -m tests.golden OUT_DIR MODEL_DIR``; a change that is meant to alter an output regenerates them
the same way and says so in its commit.
"""

from __future__ import annotations

import io
from contextlib import redirect_stdout
from pathlib import Path

import pytest

from aligntool.cli.app import run_cli
from tests.golden import COMMANDS, GOLDEN, run_all


def _run_in_process(args: list[str]) -> tuple[int, str]:
    buffer = io.StringIO()
    with redirect_stdout(buffer):
        code = run_cli(args)
    return code, buffer.getvalue()


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory, tiny_en_ru: Path) -> dict[str, str]:
    return run_all(tmp_path_factory.mktemp("golden"), tiny_en_ru, _run_in_process)


@pytest.mark.parametrize("name", [*COMMANDS, *(f"{n}.exit" for n, (args, _) in COMMANDS.items() if args)])
def test_output_is_unchanged(outputs: dict[str, str], name: str) -> None:
    expected = (GOLDEN / name).read_text(encoding="utf-8")
    assert outputs[name] == expected
