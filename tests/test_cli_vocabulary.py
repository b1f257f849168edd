"""One vocabulary across commands: --from/--to, -o/--out, '-' for stdin/stdout, old spellings as hidden aliases,
and languages without rules of their own named with the fallback used."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from aligntool.cli.app import run_cli
from aligntool.core.datatypes import TranslationUnit
from aligntool.engines.segmentation.segmenter import fallback_rules
from aligntool.formats.tmx.reader import read_tmx, read_tmx_header
from aligntool.formats.tmx.writer import TmxHeader, write_tmx


def test_fallback_rules_name_what_segments_a_language() -> None:
    assert fallback_rules("en") is None and fallback_rules("ru-RU") is None and fallback_rules("kk") is None
    assert "Moses non-breaking prefixes for 'de'" in fallback_rules("de")  # sacremoses has a German list
    assert fallback_rules("xx") == "the generic rules only (no abbreviation list for it)"


def _tmx(path: Path, **targets: str) -> Path:
    tags = {"ru": "ru-RU", "kk": "kk-KZ"}
    write_tmx(path, TmxHeader(srclang="en-US"),
              [TranslationUnit({"en-US": "One.", **{tags[k]: v for k, v in targets.items()}})])
    return path


def test_tmx_commands_take_out_and_keep_the_old_spellings(tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    a = _tmx(tmp_path / "a.tmx", ru="Один.")
    assert run_cli(["tmx", "merge", str(a), str(a), "--out", str(tmp_path / "new.tmx")]) == 0
    assert run_cli(["tmx", "merge", str(a), str(a), "--output", str(tmp_path / "old.tmx")]) == 0
    assert "--output is now --out" in capsys.readouterr().err
    assert len(list(read_tmx(tmp_path / "new.tmx"))) == len(list(read_tmx(tmp_path / "old.tmx"))) == 2
    assert run_cli(["tmx", "merge", str(a), "-o", "x.tmx", "--output", "y.tmx"]) == 2
    assert "--output is the old spelling of --out; give only --out" in capsys.readouterr().err
    assert run_cli(["tmx", "dedupe", str(a)]) == 2
    assert "give the output file with -o FILE" in capsys.readouterr().err
    table = tmp_path / "a.tsv"
    assert run_cli(["tmx", "convert", str(a), "-o", str(table)]) == 0
    assert run_cli(["tmx", "convert", str(table), "-o", str(tmp_path / "b.tmx"), "--srclang", "ru"]) == 0
    assert read_tmx_header(tmp_path / "b.tmx").srclang == "ru-RU"
    assert run_cli(["tmx", "convert", str(table), "-o", str(tmp_path / "c.tmx"), "--from", "ru"]) == 0
    assert read_tmx_header(tmp_path / "c.tmx").srclang == "ru-RU"
    multi = _tmx(tmp_path / "m.tmx", ru="Один.", kk="Бір.")
    assert run_cli(["tmx", "split", str(multi), "-o", str(tmp_path / "bi")]) == 0
    assert run_cli(["tmx", "split", str(multi), "--out-dir", str(tmp_path / "bi-old")]) == 0
    assert sorted(p.name for p in (tmp_path / "bi").iterdir()) == ["m.en-kk.tmx", "m.en-ru.tmx"]
    assert sorted(p.name for p in (tmp_path / "bi-old").iterdir()) == ["m.en-kk.tmx", "m.en-ru.tmx"]
    for command in (["merge", "--help"], ["dedupe", "--help"], ["convert", "--help"], ["split", "--help"]):
        assert run_cli(["tmx", *command]) == 0
        text = capsys.readouterr().out
        assert "-o, --out" in text and "--output" not in text and "--srclang" not in text and "--out-dir" not in text


def test_dash_writes_a_tmx_to_stdout(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    a = _tmx(tmp_path / "a.tmx", ru="Один.")
    assert run_cli(["tmx", "merge", str(a), str(a), "-o", "-"]) == 0
    out = capfd.readouterr().out
    assert out.startswith("<?xml") and out.count("<tu ") == 2 and out.rstrip().endswith("</tmx>")
    assert not (tmp_path / "-").exists() and not Path("-").exists()


def test_segment_out_alias_and_language_checks(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = tmp_path / "doc.txt"
    doc.write_text("Das ist z. B. ein Satz. Noch einer.\n", encoding="utf-8")
    assert run_cli(["segment", str(doc), "--lang", "de", "--out", str(tmp_path / "de.txt")]) == 0
    err = capsys.readouterr().err
    assert "warning: --lang de: aligntool has segmentation rules for en, ru and kk" in err
    assert "Moses non-breaking prefixes for 'de'" in err
    assert (tmp_path / "de.txt").read_text(encoding="utf-8").splitlines() == ["Das ist z. B. ein Satz.", "Noch einer."]
    assert run_cli(["segment", str(doc), "--lang", "xx", "--output", str(tmp_path / "xx.txt")]) == 0
    err = capsys.readouterr().err
    assert "--lang xx" in err and "the generic rules only" in err and "--output is now --out" in err
    assert run_cli(["segment", str(doc), "--lang", "english"]) == 2
    assert "--lang: 'english' is not a language tag" in capsys.readouterr().err
    assert run_cli(["segment", str(doc), "--lang", "ru"]) == 0
    assert "warning" not in capsys.readouterr().err


ALIGN_DATA = Path(__file__).parent / "data" / "alignment"


def _stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


def test_align_from_to_old_spellings_stdin_and_stdout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                      capfd: pytest.CaptureFixture[str]) -> None:
    en, ru = ALIGN_DATA / "csto_news.en", ALIGN_DATA / "csto_news.ru"
    beads = ["align", str(en), str(ru), "--presegmented", "--format", "beads"]
    assert run_cli([*beads, "--from", "en", "--to", "ru"]) == 0
    expected = capfd.readouterr().out
    assert expected.count("]:[") > 10
    assert run_cli([*beads, "--src-lang", "en", "--tgt-lang", "ru"]) == 0
    out, err = capfd.readouterr()
    assert out == expected and "--src-lang is now --from" in err and "--tgt-lang is now --to" in err
    _stdin(monkeypatch, ru.read_bytes())
    assert run_cli(["align", str(en), "-", "--presegmented", "--format", "beads", "--from", "en", "--to", "ru"]) == 0
    assert capfd.readouterr().out == expected  # '-' reads the translation from stdin
    assert run_cli(["align", str(en), str(ru), "--presegmented", "--from", "en", "--to", "ru", "-o", "-"]) == 0
    tmx = capfd.readouterr().out
    assert tmx.startswith("<?xml") and tmx.count("<tu ") > 10 and not Path("-").exists()
    assert run_cli(["align", str(en), str(ru), "--presegmented"]) == 2
    assert "give the languages of the two documents with --from LANG --to LANG" in capfd.readouterr().err
    assert run_cli([*beads, "--from", "en", "--to", "xx"]) == 0
    assert "warning: --to xx: aligntool has segmentation rules for en, ru and kk" in capfd.readouterr().err


def test_translate_reads_stdin_and_takes_o(tiny_en_ru: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    _stdin(monkeypatch, b"The CSTO met in Minsk. NATO did not.\n")
    out = tmp_path / "out"
    assert run_cli(["translate", "-", "--to", "ru", "--model", f"ru={tiny_en_ru}", "-o", str(out), "--quiet"]) == 0
    assert [p.name for p in out.glob("*.tmx")] == ["stdin.en-ru.tmx"]
    units = list(read_tmx(out / "stdin.en-ru.tmx"))
    assert [u.variants["en-US"] for u in units] == ["The CSTO met in Minsk.", "NATO did not."]
    assert run_cli(["translate", "-", "-", "--to", "ru", "-o", str(out)]) == 2
    assert "'-' (standard input) can be given only once" in capsys.readouterr().err
