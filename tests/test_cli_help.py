"""Every command's --help: plain text that keeps bracketed words, conventional metavars, no Python types."""

from __future__ import annotations

import re

import pytest

from aligntool.cli.app import app, run_cli
from aligntool.cli.help import click_command

_PYTHON_TYPE = re.compile(r"<(?:str|int|float|bool|path|Path|text|list\[[^\]]*\]|tuple\[[^\]]*\]|datetime|uuid)>")


def _command_paths(command: object, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    paths = [prefix]
    for name, sub in sorted(getattr(command, "commands", {}).items()):
        paths += _command_paths(sub, (*prefix, name))
    return paths


COMMANDS = _command_paths(click_command(app))


def _help(capsys: pytest.CaptureFixture[str], *command: str) -> str:
    assert run_cli([*command, "--help"]) == 0
    return capsys.readouterr().out


def test_every_command_is_covered() -> None:
    names = {" ".join(path) for path in COMMANDS}
    assert {"translate", "segment", "align", "tmx merge", "tmx convert", "glossary check"} <= names


@pytest.mark.parametrize("command", COMMANDS, ids=lambda path: " ".join(path) or "aligntool")
def test_help_has_no_python_types(capsys: pytest.CaptureFixture[str], command: tuple[str, ...]) -> None:
    text = _help(capsys, *command)
    assert text.startswith("Usage: aligntool")
    assert not _PYTHON_TYPE.search(text), _PYTHON_TYPE.search(text)
    usage = text.splitlines()[0]
    assert "{" not in usage and "[OPTIONS]" in usage  # no typer-style {NAME}...; a plain FILE...
    assert "╭" not in text  # plain text, not rich panels


def test_bracketed_words_survive(capsys: pytest.CaptureFixture[str]) -> None:
    translate = " ".join(_help(capsys, "translate").split())
    assert "TOML file with [models.<lang>] tables" in translate
    assert "pip install 'aligntool[ray]'" in translate
    align = " ".join(_help(capsys, "align").split())
    assert "one bead per line ([3]:[3, 4])" in align


def test_conventional_metavars(capsys: pytest.CaptureFixture[str]) -> None:
    translate = _help(capsys, "translate")
    assert re.search(r"^Usage: aligntool translate \[OPTIONS\] \w+\.\.\.$", translate, re.MULTILINE)
    assert re.search(r"--beams N\b", translate) and re.search(r"--model LANG=ID_OR_DIR\b", translate)
    assert re.search(r"^\s+--multilingual\s+One TMX", translate, re.MULTILINE)  # a flag shows no value
    merge = _help(capsys, "tmx", "merge")
    assert "Usage: aligntool tmx merge [OPTIONS] " in merge and "..." in merge.splitlines()[0]
