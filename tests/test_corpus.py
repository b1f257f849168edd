"""Corpus runs: collections in, one file per document out, resumable, fault tolerant, local and on Ray."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from aligntool.cli.app import run_cli
from aligntool.core.errors import ConfigError, MissingDependencyError
from aligntool.engines.translation.options import EngineOptions
from aligntool.formats.tmx.reader import read_tmx, read_tmx_header
from aligntool.jobs.corpus.executors import ExecutorOptions
from aligntool.jobs.corpus.inputs import collect, shards
from aligntool.jobs.corpus.run import CorpusTranslateJob, translate_corpus
from aligntool.jobs.translate import TranslateJob

DOCUMENTS = {
    "minsk": "The CSTO met in Minsk. NATO did not comment.",
    "moscow": "The Collective Security Council met in Moscow.\n\nPeacekeepers returned home.",
    "astana": "Kazakhstan hosted the exercises. The Secretary General arrived.",
}


def units(path: Path) -> list[tuple[object, ...]]:
    """What must be equal between two runs: texts, props and ids (not dates)."""
    return [(tuple(u.variants.items()), tuple(u.props), u.tuid) for u in read_tmx(path)]


@pytest.fixture()
def corpus_dir(tmp_path: Path) -> Path:
    directory = tmp_path / "corpus"
    (directory / "sub").mkdir(parents=True)
    for name, text in DOCUMENTS.items():
        (directory / f"{name}.txt").write_text(text, encoding="utf-8")
    (directory / "sub" / "minsk.txt").write_text("A second Minsk document.", encoding="utf-8")
    (directory / ".hidden.txt").write_text("not a document", encoding="utf-8")
    return directory


def job_for(model: Path, out: Path) -> TranslateJob:
    return TranslateJob(inputs=(), targets=("ru",), out_dir=out, models=(f"ru={model}",),
                        options=EngineOptions(max_length=6, device="cpu"), progress=False)


def read_report(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_collections_directory_glob_manifest_and_unique_ids(corpus_dir: Path, tmp_path: Path) -> None:
    ids = [item.id for item in collect([corpus_dir])]
    assert ids == ["astana", "minsk", "moscow", "sub__minsk"]  # sorted, hidden files skipped, ids by path
    assert [item.id for item in collect([f"{corpus_dir}/*.txt"])] == ["astana", "minsk", "moscow"]
    manifest = tmp_path / "docs.jsonl"
    manifest.write_text(json.dumps({"id": "a", "path": "corpus/astana.txt", "to": "kk"}) + "\n"
                        + json.dumps({"path": "corpus/missing.txt"}) + "\n", encoding="utf-8")
    rows = collect([manifest])
    assert [(r.id, r.to) for r in rows] == [("a", ("kk",)), ("missing", ())]
    pyarrow = pytest.importorskip("pyarrow")
    parquet_io = pytest.importorskip("pyarrow.parquet")
    parquet = tmp_path / "docs.parquet"
    parquet_io.write_table(pyarrow.table({"id": ["p1", "p2"], "path": ["corpus/minsk.txt", "corpus/moscow.txt"],
                                               "to": ["ru", None]}), parquet)
    assert [(r.id, Path(r.path).name, r.to) for r in collect([parquet])] == [("p1", "minsk.txt", ("ru",)),
                                                                       ("p2", "moscow.txt", ())]
    with pytest.raises(ConfigError, match="same document id 'minsk'"):
        collect([corpus_dir / "minsk.txt", corpus_dir / "sub" / "minsk.txt"])


def test_a_big_line_file_is_sharded_by_byte_ranges(tmp_path: Path) -> None:
    crawl = tmp_path / "crawl.txt"
    crawl.write_text("".join(f"Document number {i} is here.\n" for i in range(1, 12)), encoding="utf-8")
    parts = list(shards(crawl, shard_lines=4))
    assert [(p.first_line, p.id) for p in parts] == [(1, "crawl@1"), (5, "crawl@5"), (9, "crawl@9")]
    lines = [line for part in parts for line in part.lines()]
    assert lines == [(i, f"Document number {i} is here.") for i in range(1, 12)]


def test_local_run_resumes_and_reports_failures_without_stopping(corpus_dir: Path, tmp_path: Path,
                                                                tiny_en_ru: Path) -> None:
    (corpus_dir / "poisoned.txt").write_bytes(b"caf\xe9 \xff\xfe")
    manifest = tmp_path / "more.csv"
    manifest.write_text("id,path\nghost,nowhere.txt\n", encoding="utf-8")
    out = tmp_path / "out"
    first = translate_corpus(CorpusTranslateJob(job_for(tiny_en_ru, out), [corpus_dir, manifest]))
    assert (first.documents, first.written, first.failed, first.skipped) == (6, 4, 2, 0)
    assert first.reconciles() and first.units + first.skipped_units == first.sentences
    errors = {Path(f.source).name: f.error for f in first.failures}
    assert "UTF-8" in errors["poisoned.txt"] and "no such file" in errors["nowhere.txt"]
    assert (out / "sub__minsk.en-ru.tmx").is_file() and (out / "astana.en-ru.tmx").is_file()
    report = read_report(out / "aligntool-run.jsonl")
    assert {row["status"] for row in report} == {"written", "failed"} and len(report) == 6
    before = {p.name: p.read_bytes() for p in out.glob("*.tmx")}

    again = translate_corpus(CorpusTranslateJob(job_for(tiny_en_ru, out), [corpus_dir, manifest]))
    assert (again.written, again.skipped, again.failed) == (0, 4, 2)
    assert {p.name: p.read_bytes() for p in out.glob("*.tmx")} == before  # skipped files untouched

    (corpus_dir / "astana.txt").write_text("Kazakhstan changed the text.", encoding="utf-8")
    third = translate_corpus(CorpusTranslateJob(job_for(tiny_en_ru, out), [corpus_dir]))
    assert (third.written, third.skipped) == (1, 3)  # only the changed document (its hash is in the signature)


def test_cli_translates_a_directory_and_a_line_file(corpus_dir: Path, tmp_path: Path, tiny_en_ru: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    code = run_cli(["translate", str(corpus_dir), "--to", "ru", "--model", f"ru={tiny_en_ru}", "--max-length", "6",
                    "--out", str(out), "--json", "--quiet"])
    summary = json.loads(capsys.readouterr().out)
    assert code == 0 and summary["written"] == 4 and summary["executor"] == "local"
    crawl = tmp_path / "crawl.txt"
    crawl.write_text("One document.\n\nAnother document here.\n", encoding="utf-8")
    code = run_cli(["translate", str(crawl), "--lines-as-documents", "--to", "ru", "--model", f"ru={tiny_en_ru}",
                    "--max-length", "6", "--out", str(out), "--quiet"])
    assert code == 0
    assert (out / "crawl-1.en-ru.tmx").is_file() and (out / "crawl-3.en-ru.tmx").is_file()
    assert len(units(out / "crawl-3.en-ru.tmx")) == 1


def test_ray_missing_says_how_to_install(monkeypatch: pytest.MonkeyPatch, corpus_dir: Path, tmp_path: Path,
                                         tiny_en_ru: Path) -> None:
    monkeypatch.setitem(sys.modules, "ray", None)
    with pytest.raises(MissingDependencyError, match=r"pip install 'aligntool\[ray\]'"):
        translate_corpus(CorpusTranslateJob(job_for(tiny_en_ru, tmp_path / "out"), [corpus_dir]),
                         ExecutorOptions(executor="ray", workers=2))
    with pytest.raises(ConfigError, match="need --executor ray"):
        ExecutorOptions(workers=2).validate()
    with pytest.raises(ConfigError, match="need --executor ray"):
        ExecutorOptions(batch_size=10).validate()
    with pytest.raises(ConfigError, match="--documents-per-call must be at least 1, not 0"):
        ExecutorOptions(executor="ray", batch_size=0).validate()


@pytest.fixture(scope="module")
def local_ray() -> object:
    ray = pytest.importorskip("ray")
    pytest.importorskip("ray.data")
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield ray
    ray.shutdown()


def test_ray_writes_what_local_writes_resumes_and_survives_a_killed_worker(
        local_ray: object, corpus_dir: Path, tmp_path: Path, tiny_en_ru: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    local_out, ray_out = tmp_path / "local", tmp_path / "ray"
    local = translate_corpus(CorpusTranslateJob(job_for(tiny_en_ru, local_out), [corpus_dir]))
    monkeypatch.setenv("ALIGNTOOL_FAILPOINT", "kill-worker:moscow")  # that worker dies once; Ray retries
    remote = translate_corpus(CorpusTranslateJob(job_for(tiny_en_ru, ray_out), [corpus_dir]),
                              ExecutorOptions(executor="ray", workers=2))
    assert (remote.written, remote.failed) == (local.written, 0) == (4, 0)
    assert (ray_out / ".aligntool-failpoint-moscow").exists()  # the failpoint did fire
    for path in local_out.glob("*.tmx"):
        assert units(ray_out / path.name) == units(path), path.name
    monkeypatch.delenv("ALIGNTOOL_FAILPOINT")
    again = translate_corpus(CorpusTranslateJob(job_for(tiny_en_ru, ray_out), [corpus_dir]),
                             ExecutorOptions(executor="ray", workers=2))
    assert (again.written, again.skipped) == (0, 4)


def test_ray_aligns_a_collection_like_the_local_corpus_mode(local_ray: object, tmp_path: Path) -> None:
    src, tgt = tmp_path / "en", tmp_path / "ru"
    src.mkdir()
    tgt.mkdir()
    pairs = {
        "a.txt": ("The CSTO met in Minsk. NATO did not comment. The talks lasted two days.",
                  "ОДКБ собралась в Минске. НАТО не комментировало. Переговоры длились два дня."),
        "b.txt": ("Peacekeepers returned home. The mission ended in 2022.",
                  "Миротворцы вернулись домой. Миссия завершилась в 2022 году."),
    }
    for name, (en, ru) in pairs.items():
        (src / name).write_text(en, encoding="utf-8")
        (tgt / name).write_text(ru, encoding="utf-8")
    args = ["align", str(src), str(tgt), "--from", "en", "--to", "ru"]
    assert run_cli([*args, "--out", str(tmp_path / "local")]) == 0
    assert run_cli([*args, "--out", str(tmp_path / "ray"), "--executor", "ray", "--workers", "2",
                    "--documents-per-call", "2"]) == 0
    for name in ("a.txt.tmx", "b.txt.tmx"):
        assert units(tmp_path / "ray" / name) == units(tmp_path / "local" / name)
    report = read_report(tmp_path / "ray" / "aligntool-run.jsonl")
    assert sorted(row["status"] for row in report) == ["written", "written"]


def test_ray_aligns_with_mt_like_the_local_corpus_mode(local_ray: object, tmp_path: Path, tiny_en_ru: Path) -> None:
    src, tgt = tmp_path / "en", tmp_path / "ru"
    src.mkdir()
    tgt.mkdir()
    for name, text in DOCUMENTS.items():
        (src / f"{name}.txt").write_text(text, encoding="utf-8")
        (tgt / f"{name}.txt").write_text(text.replace("CSTO", "ОДКБ"), encoding="utf-8")
    args = ["align", str(src), str(tgt), "--from", "en", "--to", "ru", "--mt", "--model", f"ru={tiny_en_ru}",
            "--beams", "1", "--max-length", "6", "--device", "cpu"]
    assert run_cli([*args, "--out", str(tmp_path / "local")]) == 0
    assert run_cli([*args, "--out", str(tmp_path / "ray"), "--executor", "ray"]) == 0
    for name in DOCUMENTS:
        assert units(tmp_path / "ray" / f"{name}.txt.tmx") == units(tmp_path / "local" / f"{name}.txt.tmx")
        header = dict(read_tmx_header(tmp_path / "ray" / f"{name}.txt.tmx").props)
        assert header["x-aligntool-model-ru"].startswith(f"{tiny_en_ru}@")
    # the header names the model the driver resolved, the one the workers used: a rerun skips every pair
    assert run_cli([*args, "--out", str(tmp_path / "ray"), "--executor", "ray"]) == 0
    rows = read_report(tmp_path / "ray" / "aligntool-run.jsonl")
    assert sorted(row["status"] for row in rows) == ["skipped"] * len(DOCUMENTS)
