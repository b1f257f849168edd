"""Validator: one bad file per pitfall, a clean file, and the CLI's exit codes."""

from __future__ import annotations

from pathlib import Path

import pytest

from aligntool.cli.app import run_cli
from aligntool.core.datatypes import TranslationUnit
from aligntool.formats.tmx.validate import count_errors, validate_tmx
from aligntool.formats.tmx.writer import TmxHeader, write_tmx

ATTRS = {"creationtool": "t", "creationtoolversion": "1", "segtype": "sentence", "o-tmf": "t",
         "adminlang": "en-US", "srclang": "en-US", "datatype": "plaintext"}
PAIR = '<tuv xml:lang="en-US"><seg>Hello.</seg></tuv><tuv xml:lang="ru-RU"><seg>Привет.</seg></tuv>'


def _tmx(tmp_path: Path, body: str, drop: str | None = None, **header: str) -> Path:
    attrs = {**ATTRS, **header}
    if drop:
        del attrs[drop]
    rendered = " ".join(f'{key}="{value}"' for key, value in attrs.items())
    path = tmp_path / "bad.tmx"
    path.write_text(f'<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n<header {rendered}/>\n<body>\n'
                    f"{body}\n</body>\n</tmx>\n", encoding="utf-8")
    return path


def _codes(path: Path) -> dict[str, int | None]:
    return {problem.code: problem.line for problem in validate_tmx(path)}


def test_file_from_our_writer_is_clean(tmp_path: Path) -> None:
    path = tmp_path / "good.tmx"
    write_tmx(path, TmxHeader(srclang="en-US"), [TranslationUnit({"en-US": "a", "ru-RU": "б", "kk-KZ": "ә"})])
    assert validate_tmx(path) == []
    assert _codes(_tmx(tmp_path, f"<tu>{PAIR}</tu>")) == {}


@pytest.mark.parametrize(("body", "header", "drop", "code", "line"), [
    # OmegaT rejects the whole file:
    (f"<tu>{PAIR}</tu>", {}, "srclang", "no-srclang", 3),
    ('<tu><tuv xml:lang="en-US"><seg>a</seg></tuv>\n<tuv><seg>б</seg></tuv></tu>', {}, None, "tuv-no-lang", 6),
    ('<tu><tuv xml:lang="en-US"><seg>a</seg></tuv>\n<tuv lang="ru-RU"><seg>б</seg></tuv></tu>', {}, None,
     "tuv-no-lang", 6),
    # OmegaT inserts a wrong-language tuv as the translation:
    (f'<tu>{PAIR}</tu>\n<tu><tuv xml:lang="en-US"><seg>x</seg></tuv><tuv xml:lang="kk-KZ"><seg>y</seg></tuv></tu>',
     {}, None, "missing-target", 5),
    ('<tu><tuv xml:lang="en-US"><seg>only source</seg></tuv></tu>', {}, None, "missing-target", 5),
    # Underscore codes do not match:
    ('<tu><tuv xml:lang="en-US"><seg>a</seg></tuv><tuv xml:lang="ru_RU"><seg>б</seg></tuv></tu>', {}, None,
     "underscore-lang", 5),
    (f"<tu>{PAIR}</tu>", {"srclang": "en_US"}, None, "underscore-lang", 3),
    # TMX 1.4b structure:
    (f"<tu>{PAIR}</tu>", {}, "o-tmf", "header-attribute", 3),
    (f"<tu>{PAIR}</tu>", {"segtype": "word"}, None, "segtype", 3),
    (f'<tu segtype="line">{PAIR}</tu>', {}, None, "segtype", 5),
    (f"<tu>{PAIR}</tu>", {"creationdate": "2024-10-30 12:00"}, None, "date", 3),
    (f'<tu changedate="20241030T1200Z">{PAIR}</tu>', {}, None, "date", 5),
    ('<tu><tuv xml:lang="en-US"><seg>a</seg><seg>b</seg></tuv><tuv xml:lang="ru-RU"><seg>б</seg></tuv></tu>', {},
     None, "seg-count", 5),
    ('<tu><tuv xml:lang="en-US"></tuv><tuv xml:lang="ru-RU"><seg>б</seg></tuv></tu>', {}, None, "seg-count", 5),
    (f'<tu><tuv xml:lang="ru-RU"><seg>б</seg></tuv><tuv xml:lang="de-DE"><seg>b</seg></tuv></tu>\n<tu>{PAIR}</tu>',
     {}, None, "no-source-tuv", 5),
    ("<tu><note>no variants</note></tu>", {}, None, "no-tuv", 5),
    # aligntool props:
    (f'<tu><prop type="x-origin">human</prop>{PAIR}</tu>', {}, None, "x-origin", 5),
    (f'<tu><prop type="x-segment">first</prop>{PAIR}</tu>', {}, None, "x-segment", 5),
    # Malformed XML:
    ("<tu>\n<tuv xml:lang='en-US'><seg>a</tuv></tu>", {}, None, "xml", 6),
])
def test_each_pitfall_is_an_error_with_its_line(tmp_path: Path, body: str, header: dict[str, str],
                                                 drop: str | None, code: str, line: int) -> None:
    path = _tmx(tmp_path, body, drop, **header)
    problems = validate_tmx(path)
    found = [p for p in problems if p.code == code]
    assert found, [p.format() for p in problems]
    assert found[0].severity == "error"
    assert found[0].line == line
    assert found[0].format().startswith(f"{path}:{line}")


def test_whitespace_and_empty_segments_are_warnings(tmp_path: Path) -> None:
    path = _tmx(tmp_path, '<tu><tuv xml:lang="en-US"><seg> a</seg></tuv><tuv xml:lang="ru-RU"><seg></seg></tuv></tu>')
    problems = validate_tmx(path)
    assert {(p.code, p.severity) for p in problems} == {("seg-whitespace", "warning"), ("empty-seg", "warning")}
    assert count_errors(problems) == 0


def test_hostile_file_is_an_error_not_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "lol.tmx"
    path.write_text('<?xml version="1.0"?>\n<!DOCTYPE tmx [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>\n'
                    '<tmx version="1.4"><header srclang="en"/><body><tu><tuv xml:lang="en"><seg>&b;</seg></tuv>'
                    "</tu></body></tmx>", encoding="utf-8")
    assert [p.code for p in validate_tmx(path)] == ["xml"]


def test_missing_target_lists_lines_once_per_gap(tmp_path: Path) -> None:
    units = "\n".join([f"<tu>{PAIR}</tu>"] * 3 + ['<tu><tuv xml:lang="en-US"><seg>x</seg></tuv>'
                                                  '<tuv xml:lang="kk-KZ"><seg>y</seg></tuv></tu>'] * 12)
    problems = [p for p in validate_tmx(_tmx(tmp_path, units)) if p.code == "missing-target"]
    assert len(problems) == 2  # units without kk, units without ru
    assert any("lack ru-RU" in p.message and "and 2 more" in p.message for p in problems)


def test_cli_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = tmp_path / "good.tmx"
    write_tmx(good, TmxHeader(srclang="en-US"), [TranslationUnit({"en-US": "a", "ru-RU": "б"})])
    assert run_cli(["tmx", "validate", str(good)]) == 0
    bad = _tmx(tmp_path, f"<tu>{PAIR}</tu>", "srclang")
    assert run_cli(["tmx", "validate", str(good), str(bad)]) == 1
    captured = capsys.readouterr()
    assert f"{bad}:3: error: the header has no srclang; OmegaT rejects the whole file [no-srclang]" in captured.out
    assert f"{bad}: 1 error(s)" in captured.err
