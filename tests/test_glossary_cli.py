"""`aligntool glossary …` commands: edits touch only their lines, forms, check, extract → import, export."""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest

from aligntool.cli.app import run_cli
from aligntool.core.datatypes import TranslationUnit
from aligntool.engines.terminology.termbase import Glossary
from aligntool.formats.tmx.writer import TmxHeader, write_tmx

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ROOT / "glossary" / "csto.yaml"


@pytest.fixture()
def copy(tmp_path: Path) -> Path:
    target = tmp_path / "csto.yaml"
    shutil.copyfile(SHIPPED, target)
    return target


def _diff(before: str, after: str) -> list[str]:
    return [line for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]


def test_shipped_file_is_in_canonical_layout() -> None:
    from aligntool.formats.glossary.store import format_entry, read_glossary_file

    doc = read_glossary_file(SHIPPED)
    for entry in doc.entries:
        block = "".join(doc.lines[(entry.line or 1) - 1:entry.end_line])
        assert block == format_entry(entry), entry.id


def test_edit_add_remove_change_only_their_lines(copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = copy.read_text(encoding="utf-8")
    assert run_cli(["glossary", "edit", "csto", "--add-term", "ru=Организация ДКБ=deprecated",
                    "--status", "en=Collective Security Treaty Organisation=deprecated", "-g", str(copy)]) == 0
    after = copy.read_text(encoding="utf-8")
    assert _diff(before, after) == [
        "-    - {term: Collective Security Treaty Organisation, status: admitted, kind: variant}",
        "+    - {term: Collective Security Treaty Organisation, status: deprecated, kind: variant}",
        "+    - {term: Организация ДКБ, status: deprecated}",
    ]
    assert run_cli(["glossary", "add", "ukraine", "--type", "place", "--en", "Ukraine", "--ru", "Украина",
                    "--kk", "Украина", "--after", "russia", "-g", str(copy)]) == 0
    added = copy.read_text(encoding="utf-8")
    assert sorted(_diff(after, added)) == sorted([
        "+", "+- id: ukraine", "+  type: place", "+  en:", "+    - {term: Ukraine}", "+  ru:", "+    - {term: Украина}",
        "+  kk:", "+    - {term: Украина}"])
    assert run_cli(["glossary", "remove", "ukraine", "-g", str(copy)]) == 0
    assert copy.read_text(encoding="utf-8") == after
    assert run_cli(["glossary", "validate", str(copy)]) == 0
    capsys.readouterr()


def test_edit_errors_are_one_line(copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(["glossary", "edit", "nope", "--note", "x", "-g", str(copy)]) == 2
    assert "no entry with id 'nope'" in capsys.readouterr().err
    assert run_cli(["glossary", "add", "csto", "--type", "organisation", "--en", "X", "-g", str(copy)]) == 1
    assert "already exists" in capsys.readouterr().err


def test_show_names_the_file_it_read(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("ALIGNTOOL_GLOSSARY", raising=False)
    assert run_cli(["glossary", "show", "CSTO"]) == 0  # no --glossary: found in the default places
    first = capsys.readouterr().out.splitlines()[0]
    assert first.startswith("# glossary/csto.yaml:") and "None" not in first


def test_forms_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(["glossary", "forms", "ҰҚШҰ", "--lang", "kk", "-g", str(SHIPPED)]) == 0
    assert capsys.readouterr().out.split("\n")[:4] == ["ҰҚШҰ", "ҰҚШҰ-ның", "ҰҚШҰ-ға", "ҰҚШҰ-ны"]
    assert run_cli(["glossary", "forms", "Максим Рыженков", "--lang", "ru", "-g", str(SHIPPED)]) == 0
    assert "Максима Рыженкова" in capsys.readouterr().out.split("\n")


def test_check_tmx_reports_missing_and_forbidden(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    tmx = tmp_path / "out.tmx"
    units = [
        TranslationUnit({"en-US": "The CSTO Secretary General arrived in Minsk.",
                         "ru-RU": "Генеральный секретарь ОДКБ прибыл в Минск."}),
        TranslationUnit({"en-US": "NATO does not recognize the CSTO.",
                         "ru-RU": "Альянс не признаёт Организацию."}),
        TranslationUnit({"en-US": "Pankin spoke about Belarus.",
                         "ru-RU": "Панкин говорил о Белорусь."}),
    ]
    write_tmx(tmx, TmxHeader(srclang="en-US"), units)
    glossary = tmp_path / "g.yaml"
    glossary.write_text(SHIPPED.read_text(encoding="utf-8").replace(
        "    - {term: Беларусь, kind: short}\n",
        "    - {term: Беларусь, kind: short}\n    - {term: Белорусь, status: forbidden}\n"), encoding="utf-8")
    assert run_cli(["glossary", "check", str(tmx), "--to", "ru", "-g", str(glossary)]) == 1
    out = capsys.readouterr().out
    assert "missing: 'NATO' [nato] is not translated as ru 'НАТО'" in out
    assert "missing: 'CSTO' [csto] is not translated as ru 'ОДКБ'" in out
    assert "forbidden: forbidden ru term 'Белорусь' [belarus] for 'Belarus'; use 'Беларусь'" in out
    # occurrences: CSTO Secretary General, Minsk, NATO, CSTO, Pankin, Belarus; Belarus, NATO, CSTO miss
    assert "term success rate: exact 3/6 = 50.0%" in out


def test_check_two_text_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source, target = tmp_path / "en.txt", tmp_path / "kk.txt"
    source.write_text("The CSTO met.\nIn Minsk.\n", encoding="utf-8")
    target.write_text("ҰҚШҰ-ның отырысы.\nМинскте.\n", encoding="utf-8")
    assert run_cli(["glossary", "check", str(source), str(target), "--to", "kk", "-g", str(SHIPPED)]) == 0
    assert "exact 2/2 = 100.0%" in capsys.readouterr().out


def test_extract_tsv_feeds_import(copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus = tmp_path / "news.txt"
    corpus.write_text("The CSTO and the Eurasian Economic Union met. The Eurasian Economic Union agreed.\n"
                      "Observers from the OSCE came.\n", encoding="utf-8")
    assert run_cli(["glossary", "extract", str(corpus), "-g", str(copy)]) == 0
    text_out = capsys.readouterr().out
    assert text_out.index("Eurasian Economic Union") < text_out.index("OSCE")  # ranked by frequency
    assert f"{corpus}:1: The CSTO and" in text_out
    assert run_cli(["glossary", "extract", str(corpus), "--format", "tsv", "-g", str(copy)]) == 0
    candidates = tmp_path / "candidates.tsv"
    candidates.write_text(capsys.readouterr().out, encoding="utf-8")
    assert run_cli(["glossary", "import", str(candidates), "-g", str(copy)]) == 0
    assert "added 2 entries" in capsys.readouterr().out
    loaded = Glossary.load(copy)
    assert loaded.get("eurasian-economic-union") is not None and loaded.get("osce") is not None


def test_export_then_import_changes_nothing(copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = copy.read_text(encoding="utf-8")
    for name, suffix in (("tbx", "tbx"), ("tbx2", "tbx"), ("omegat", "utf8"), ("csv", "csv"), ("amazon", "csv")):
        out = tmp_path / f"export-{name}.{suffix}"
        assert run_cli(["glossary", "export", "--format", name, "--to", "ru", "--out", str(out),
                        "-g", str(copy)]) == 0
        assert run_cli(["glossary", "import", str(out), "-g", str(copy)]) == 0
        assert f"({name}): added 0 entries and 0 terms; 0 entries updated" in capsys.readouterr().out
    assert copy.read_text(encoding="utf-8") == before


def test_import_adds_new_terms_to_matching_entries(copy: Path, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    deepl = tmp_path / "deepl.csv"
    deepl.write_text("CSTO,Организация ОДКБ\nEurasian Economic Union,Евразийский экономический союз\n",
                     encoding="utf-8")
    assert run_cli(["glossary", "import", str(deepl), "--to", "ru", "-g", str(copy)]) == 0
    assert "added 1 entries and 3 terms; 1 entries updated" in capsys.readouterr().out
    csto = Glossary.load(copy).get("csto")
    assert csto is not None and "Организация ОДКБ" in csto.admitted("ru")
