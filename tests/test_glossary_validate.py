"""`aligntool glossary validate`: the shipped glossary passes; each class of error is reported as file:line."""

from __future__ import annotations

from pathlib import Path

import pytest

from aligntool.cli.app import run_cli

ROOT = Path(__file__).resolve().parents[1]
HEAD = "format: aligntool-glossary/1\nlanguages: [en, ru, kk]\nentries:\n"
GOOD = ("- id: csto\n  type: organisation\n  en:\n    - {term: CSTO}\n  ru:\n    - {term: ОДКБ}\n"
        "  kk:\n    - {term: ҰҚШҰ}\n")


def _validate(tmp_path: Path, capsys: pytest.CaptureFixture[str], body: str, head: str = HEAD) -> tuple[int, str]:
    path = tmp_path / "g.yaml"
    path.write_text(head + body, encoding="utf-8")
    code = run_cli(["glossary", "validate", str(path)])
    return code, capsys.readouterr().out


def test_shipped_glossary_is_valid(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(["glossary", "validate", str(ROOT / "glossary" / "csto.yaml")]) == 0
    assert capsys.readouterr().out == ""


def test_clean_file_passes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _validate(tmp_path, capsys, GOOD) == (0, "")


@pytest.mark.parametrize("body, line, message", [
    # duplicate id
    (GOOD + GOOD.replace("CSTO}", "CSTO2}").replace("ОДКБ", "ОДКБ2").replace("ҰҚШҰ", "ҰҚШҰ2"), 12,
     "duplicate id 'csto' (also line 4)"),
    # duplicate term within an entry
    (GOOD.replace("    - {term: CSTO}\n", "    - {term: CSTO}\n    - {term: CSTO, status: admitted}\n"), 8,
     "duplicate en term 'CSTO'"),
    # one English term, conflicting preferred targets in two entries
    (GOOD + GOOD.replace("id: csto", "id: csto-2").replace("ОДКБ", "ОДКБ-Б"), 15,
     "en term 'CSTO' maps to conflicting preferred targets in entries csto, csto-2 (ru: ОДКБ / ОДКБ-Б)"),
    # empty preferred target
    (GOOD.replace("    - {term: ОДКБ}\n", "    - {term: ОДКБ, status: admitted}\n"), 4,
     "entry 'csto' has no preferred ru term"),
    (GOOD.replace("{term: ОДКБ}", "{term: \"\"}"), 9, "empty ru term"),
    # homoglyph: Latin C inside a Cyrillic term, Cyrillic С inside a Latin one
    (GOOD.replace("ОДКБ", "OДКБ"), 9, "mixed scripts in 'OДКБ': 'O' (U+004F, Latin) inside a Cyrillic word"),
    (GOOD.replace("CSTO", "СSTO"), 7, "mixed scripts in 'СSTO': 'С' (U+0421, Cyrillic) inside a Latin word"),
    # stray whitespace
    (GOOD.replace("{term: ОДКБ}", "{term: \"ОДКБ \"}"), 9, "leading or trailing whitespace"),
    (GOOD.replace("{term: ОДКБ}", "{term: \"О  ДКБ\"}"), 9, "two spaces in a row"),
    (GOOD.replace("{term: ОДКБ}", "{term: \"ОД\u00a0КБ\"}"), 9, "whitespace other than a plain space (U+00A0)"),
    # unknown language code
    (GOOD + "  xx:\n    - {term: foo}\n", 13, "unknown language code 'xx' in entry 'csto'"),
    # an override form that does not contain the term's stem
    (GOOD + "  forms:\n    ru: [НАТО]\n", 4, "ru form 'НАТО' of 'csto' does not contain the stem"),
    # structure: unknown status
    (GOOD.replace("{term: ОДКБ}", "{term: ОДКБ, status: prefered}"), 9, "status 'prefered' is not one of"),
])
def test_each_problem_class_is_reported_with_file_and_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], body: str, line: int, message: str) -> None:
    code, out = _validate(tmp_path, capsys, body)
    assert code == 1
    prefix = f"{tmp_path / 'g.yaml'}:{line}: error: "
    assert any(row.startswith(prefix) and message in row for row in out.splitlines()), out


def test_unknown_declared_language(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = _validate(tmp_path, capsys, GOOD, head=HEAD.replace("[en, ru, kk]", "[en, ru, kk, qq]"))
    assert code == 1 and f"{tmp_path / 'g.yaml'}:2: error: unknown language code 'qq'" in out


def test_same_target_in_two_entries_is_a_warning(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    body = GOOD + GOOD.replace("id: csto", "id: other").replace("CSTO", "OTHER")
    code, out = _validate(tmp_path, capsys, body)
    assert code == 0 and ": warning: ru term 'ОДКБ' is in entries csto, other" in out
