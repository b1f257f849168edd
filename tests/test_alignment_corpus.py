"""Document collections (aligntool.formats.manifest) and corpus mode (one translation table for all pairs)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aligntool.core.errors import InputError, ParseError
from aligntool.core.safepath import id_problem
from aligntool.core.signature import base_signature
from aligntool.engines.alignment.beads import read_beads
from aligntool.engines.alignment.corpus import align_pairs, corpus_model
from aligntool.engines.alignment.evaluation import score_documents
from aligntool.formats.manifest import DocumentPair, directory_pairs, iter_manifest
from aligntool.formats.tmx.reader import read_tmx
from aligntool.jobs.align_output import write_corpus_tmx

DATA = Path(__file__).parent / "data" / "alignment"
PAIRS = [("csto_news", "ru"), ("csto_news_part", "kk"), ("csto_exercise", "ru")]


def _manifest(tmp_path: Path) -> Path:
    path = tmp_path / "pairs.jsonl"
    rows = [{"id": name, "src": str(DATA / f"{name}.en"), "tgt": str(DATA / f"{name}.{lang}"), "tgt_lang": lang}
            for name, lang in PAIRS]
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    return path


def test_jsonl_and_csv_manifests_give_the_same_rows(tmp_path: Path) -> None:
    rows = list(iter_manifest(_manifest(tmp_path)))
    assert [row.id for row in rows] == [name for name, _ in PAIRS]
    assert rows[1].languages("en", "ru") == ("en", "kk")
    csv_path = tmp_path / "pairs.csv"
    csv_path.write_text("id,src,tgt,tgt_lang\n" + "".join(
        f"{row.id},{row.src},{row.tgt},{row.tgt_lang}\n" for row in rows) + "\n", encoding="utf-8")
    assert list(iter_manifest(csv_path)) == rows
    (tmp_path / "docs").mkdir()
    relative = tmp_path / "docs" / "rel.tsv"
    relative.write_text("src\ttgt\na.en\tb.ru\n", encoding="utf-8")
    docs = tmp_path / "docs"
    assert list(iter_manifest(relative)) == [DocumentPair("a.en", docs / "a.en", docs / "b.ru")]


@pytest.mark.parametrize(("name", "text", "message"), [
    ("bad.jsonl", '{"src": "a"}\n', "bad.jsonl:1: the row needs tgt"),
    ("bad.jsonl", '{"src": "a", "tgt": "b"}\n[1]\n', "bad.jsonl:2: each line must be a JSON object"),
    ("bad.jsonl", '{"src": "a", "tgt": "b", "lang": "x"}\n', "bad.jsonl:1: unknown field(s) lang"),
    ("bad.jsonl", '{"src": "a", "tgt": 3}\n', "field 'tgt' must be text"),
    ("bad.jsonl", "{nope\n", "bad.jsonl:1: not valid JSON"),
    ("bad.csv", "src,tgt\na,b\na,c\n", "bad.csv:3: id 'a' is also on line 2"),
    ("bad.csv", "src,tgt\na,b,c\n", "bad.csv:2: the row has more cells than the header"),
])
def test_manifest_errors_name_file_and_line(tmp_path: Path, name: str, text: str, message: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ParseError) as info:
        list(iter_manifest(path))
    assert message in str(info.value)


def test_unknown_manifest_kind_and_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="a manifest ends in"):
        list(iter_manifest(tmp_path / "pairs.txt"))
    with pytest.raises(InputError, match="cannot read the manifest"):
        list(iter_manifest(tmp_path / "absent.jsonl"))


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(st.text("abcxyz_-. ", min_size=1, max_size=8).map(str.strip).filter(bool)
                          .filter(lambda name: id_problem(name) is None),  # '.' and '..' are refused (test_hostile)
                          st.text("abc/._", min_size=1, max_size=8)), min_size=1, max_size=5,
                unique_by=lambda row: row[0]))
def test_jsonl_round_trip(rows: list[tuple[str, str]]) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "m.jsonl"
        path.write_text("".join(json.dumps({"id": i, "src": s, "tgt": s + "x"}) + "\n" for i, s in rows),
                        encoding="utf-8")
        read = list(iter_manifest(path))
    assert [(row.id, row.src.name, row.tgt.name) for row in read] == [
        (i, (Path(folder) / s).name, (Path(folder) / (s + "x")).name) for i, s in rows]


def test_directory_pairs_match_names_and_report_lonely_files(tmp_path: Path) -> None:
    src, tgt = tmp_path / "en", tmp_path / "ru"
    src.mkdir()
    tgt.mkdir()
    for name in ("b.txt", "a.txt"):
        (src / name).write_text("x", encoding="utf-8")
        (tgt / name).write_text("y", encoding="utf-8")
    assert [pair.id for pair in directory_pairs(src, tgt)] == ["a.txt", "b.txt"]
    (src / "c.txt").write_text("x", encoding="utf-8")
    with pytest.raises(InputError, match=r"no counterpart of the same name: c\.txt"):
        directory_pairs(src, tgt)
    with pytest.raises(InputError, match="not a directory"):
        directory_pairs(src, tmp_path / "none")


def test_corpus_mode_shares_one_table_and_aligns_every_pair(tmp_path: Path) -> None:
    rows = list(iter_manifest(_manifest(tmp_path)))
    model = corpus_model(rows, "en", "ru", presegmented=True)
    assert len(model) > 0
    results = list(align_pairs(rows, "en", "ru", presegmented=True))
    assert [doc.pair.id for doc in results] == [row.id for row in rows]
    assert results[1].tgt_lang == "kk"
    scored = [([b.key() for b in read_beads(DATA / f"{name}.en-{lang}.gold")], [b.key() for b in doc.beads])
              for (name, lang), doc in zip(PAIRS, results, strict=True)]
    assert score_documents(scored).f1_strict >= 0.97
    out = tmp_path / "all.tmx"
    units = write_corpus_tmx(out, ((doc.pair.id, [b for b in doc.beads if not b.is_null], doc.src.sentences,
                                    doc.tgt.sentences) for doc in results), "en", "ru", base_signature())
    read = list(read_tmx(out))
    assert units == len(read) == sum(1 for doc in results for bead in doc.beads if not bead.is_null)
    documents = [dict(unit.props)["x-document"] for unit in read]
    assert sorted(set(documents)) == sorted(row.id for row in rows)
    assert documents == sorted(documents, key=[row.id for row in rows].index)


def test_copied_pair_in_a_directory_collection(tmp_path: Path) -> None:
    src, tgt = tmp_path / "en", tmp_path / "ru"
    src.mkdir()
    tgt.mkdir()
    shutil.copy(DATA / "csto_news.en", src / "news.txt")
    shutil.copy(DATA / "csto_news.ru", tgt / "news.txt")
    [doc] = list(align_pairs(directory_pairs(src, tgt), "en", "ru", presegmented=True))
    gold = [b.key() for b in read_beads(DATA / "csto_news.en-ru.gold")]
    assert score_documents([(gold, [b.key() for b in doc.beads])]).f1_strict >= 0.97


def _collection(tmp_path: Path) -> tuple[Path, Path]:
    src, tgt = tmp_path / "en", tmp_path / "ru"
    src.mkdir()
    tgt.mkdir()
    for name in ("csto_news", "csto_exercise"):
        shutil.copy(DATA / f"{name}.en", src / f"{name}.txt")
        shutil.copy(DATA / f"{name}.ru", tgt / f"{name}.txt")
    return src, tgt


def test_cli_aligns_a_directory_pair_into_one_tmx_per_pair(tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    from aligntool.cli.app import run_cli

    src, tgt = _collection(tmp_path)
    out = tmp_path / "tm"
    report = tmp_path / "report.tsv"
    assert run_cli(["align", str(src), str(tgt), "--from", "en", "--to", "ru", "--presegmented",
                    "--out", str(out), "--report", str(report)]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["csto_exercise.txt.tmx", "csto_news.txt.tmx"]
    news = list(read_tmx(out / "csto_news.txt.tmx"))
    gold = [b for b in read_beads(DATA / "csto_news.en-ru.gold") if not b.is_null]
    assert len(news) == len(gold)
    sections = [line for line in report.read_text(encoding="utf-8").splitlines() if line.startswith("## ")]
    assert sections == ["## csto_exercise.txt", "## csto_news.txt"]
    assert "2 document pairs" in capsys.readouterr().err


def test_cli_manifest_into_one_merged_tmx(tmp_path: Path) -> None:
    from aligntool.cli.app import run_cli

    manifest = _manifest(tmp_path)
    out = tmp_path / "all.tmx"
    # the manifest gives one pair another target language: a merged TMX cannot hold it
    assert run_cli(["align", "--manifest", str(manifest), "--from", "en", "--to", "ru",
                    "--presegmented", "--merge", "--out", str(out)]) == 2
    rows = [json.loads(line) for line in manifest.read_text(encoding="utf-8").splitlines()]
    manifest.write_text("".join(json.dumps(row) + "\n" for row in rows if row["tgt_lang"] == "ru"), encoding="utf-8")
    assert run_cli(["align", "--manifest", str(manifest), "--from", "en", "--to", "ru",
                    "--presegmented", "--merge", "--out", str(out), "--report", str(tmp_path / "r.tsv")]) == 0
    documents = {dict(unit.props)["x-document"] for unit in read_tmx(out)}
    assert documents == {"csto_news", "csto_exercise"}


@pytest.mark.parametrize(("extra", "message"), [
    (["--merge"], "--merge is for collections"),
    (["--manifest", "x.jsonl"], "either --manifest or two documents"),
])
def test_cli_collection_option_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str], extra: list[str],
                                      message: str) -> None:
    from aligntool.cli.app import run_cli

    args = ["align", str(DATA / "csto_news.en"), str(DATA / "csto_news.ru"), "--from", "en", "--to", "ru",
            "--out", str(tmp_path / "x.tmx"), *extra]
    assert run_cli(args) == 2
    assert message in capsys.readouterr().err
