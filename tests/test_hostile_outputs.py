"""Issue #27, items 1 and 2: outputs named from manifest ids stay under --out; a model changed in place is
never resumed from the old model's journal."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from aligntool.cli.app import run_cli
from aligntool.core.errors import InputError
from aligntool.core.safepath import confined_output, id_problem
from aligntool.formats.tmx.reader import read_tmx, read_tmx_header

DATA = Path(__file__).parent / "data" / "alignment"


@pytest.mark.parametrize("bad", ["../../etc/x", "/tmp/abs", "..", "a/b", "a\\b", "", "x\x00y", "C:evil"])
def test_id_problem_refuses_every_escape(bad: str) -> None:
    assert id_problem(bad) is not None
    with pytest.raises(InputError):
        confined_output("/tmp/out", f"{bad}.tmx" if bad not in ("..", "") else bad)


def test_plain_ids_are_accepted(tmp_path: Path) -> None:
    for good in ("report-2024", "news__minsk", ".hidden", "Доклад № 5", "a..b"):
        assert id_problem(good) is None
        assert confined_output(tmp_path, f"{good}.tmx") == tmp_path / f"{good}.tmx"


@pytest.mark.parametrize("kind", ["jsonl", "csv"])
@pytest.mark.parametrize("row_id", ["../../escaped", "ABSOLUTE"])
def test_translate_manifest_id_cannot_write_outside_out(tmp_path: Path, tiny_en_ru: Path, kind: str,
                                                       row_id: str, capsys: pytest.CaptureFixture[str]) -> None:
    work = tmp_path / "a" / "b"
    work.mkdir(parents=True)
    (work / "doc.txt").write_text("The CSTO met in Minsk.", encoding="utf-8")
    if row_id == "ABSOLUTE":
        row_id = str(tmp_path / "absolute")
    manifest = work / f"docs.{kind}"
    if kind == "jsonl":
        manifest.write_text(json.dumps({"id": row_id, "path": "doc.txt"}) + "\n", encoding="utf-8")
    else:
        manifest.write_text(f"id,path\n{row_id},doc.txt\n", encoding="utf-8")
    out = work / "out"
    code = run_cli(["translate", str(manifest), "--to", "ru", "--model", f"ru={tiny_en_ru}", "--max-length", "6",
                    "--out", str(out), "--quiet"])
    err = capsys.readouterr().err
    assert code == 1
    assert f"{manifest}:{1 if kind == 'jsonl' else 2}" in err and "cannot name an output file" in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    written = [p for p in tmp_path.rglob("*.tmx")]
    assert written == []


def test_align_manifest_id_cannot_write_outside_out(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    work = tmp_path / "w"
    work.mkdir()
    shutil.copy(DATA / "csto_news.en", work / "news.en")
    shutil.copy(DATA / "csto_news.ru", work / "news.ru")
    manifest = work / "pairs.jsonl"
    manifest.write_text(json.dumps({"id": "../escaped", "src": "news.en", "tgt": "news.ru"}) + "\n",
                        encoding="utf-8")
    code = run_cli(["align", "--manifest", str(manifest), "--from", "en", "--to", "ru", "--presegmented",
                    "--out", str(work / "tm")])
    err = capsys.readouterr().err
    assert code == 1 and f"{manifest}:1" in err and "'../escaped'" in err
    assert not (tmp_path / "escaped.tmx").exists() and not (work / "escaped.tmx").exists()


# ---- item 2: the resume key covers the weights' content ------------------------------------------------------


def _translate(model: Path, source: Path, out: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, object]:
    code = run_cli(["translate", str(source), "--to", "ru", "--model", f"ru={model}", "--max-length", "8",
                    "--out", str(out), "--json", "--quiet"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    return json.loads(captured.out)


def _resumed(summary: dict[str, object]) -> int:
    return int(summary.get("resumed", 0))  # type: ignore[call-overload]


@pytest.mark.parametrize("change", ["weights", "generation_config"])
def test_model_changed_in_place_is_not_resumed(tmp_path: Path, tiny_en_ru: Path, change: str,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    import torch
    from safetensors.torch import load_file, save_file

    model = tmp_path / "model"
    shutil.copytree(tiny_en_ru, model)
    source = tmp_path / "doc.txt"
    source.write_text("The CSTO met in Minsk. Peacekeepers returned home.", encoding="utf-8")
    out = tmp_path / "out"
    first = _translate(model, source, out, capsys)
    tmx = out / "doc.en-ru.tmx"
    before = dict(read_tmx_header(tmx).props)
    old_units = [u.variants for u in read_tmx(tmx)]
    if change == "weights":  # fine-tuned into the same folder: same file names, same byte size
        weights = next(model.glob("*.safetensors"))
        size = weights.stat().st_size
        tensors = load_file(weights)
        generator = torch.Generator().manual_seed(7)
        tensors = {name: torch.randn(t.shape, generator=generator).to(t.dtype) if t.is_floating_point() else t
                   for name, t in tensors.items()}
        save_file(tensors, weights, metadata={"format": "pt"})
        assert weights.stat().st_size == size
    else:
        config = model / "generation_config.json"
        values = json.loads(config.read_text(encoding="utf-8")) if config.exists() else {}
        values["num_beams"] = int(values.get("num_beams", 1)) + 1
        values["repetition_penalty"] = 3.0
        config.write_text(json.dumps(values), encoding="utf-8")
    second = _translate(model, source, out, capsys)
    after = dict(read_tmx_header(tmx).props)
    assert _resumed(first) == 0 and _resumed(second) == 0
    model_props = [key for key in before if "model" in key]
    assert model_props and any(before[key] != after[key] for key in model_props)
    if change == "weights":
        assert [u.variants for u in read_tmx(tmx)] != old_units
    # unchanged model: everything resumes (the cache of content hashes keeps reruns fast)
    third = _translate(model, source, out, capsys)
    assert _resumed(third) > 0


def test_weight_hash_cache_notices_a_same_size_rewrite(tmp_path: Path) -> None:
    from aligntool.core.hashcache import file_digest

    path = tmp_path / "w.bin"
    path.write_bytes(b"a" * 4096)
    cache = tmp_path / "cache"
    first = file_digest(path, cache)
    assert file_digest(path, cache) == first
    path.write_bytes(b"b" * 4096)
    assert file_digest(path, cache) != first


@pytest.fixture(autouse=True)
def _own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ALIGNTOOL_CACHE", str(tmp_path / "aligntool-cache"))


def test_corpus_mode_does_not_skip_documents_after_a_model_change(tmp_path: Path, tiny_en_ru: Path) -> None:
    from aligntool.engines.translation.options import EngineOptions
    from aligntool.jobs.corpus.run import CorpusTranslateJob, translate_corpus
    from aligntool.jobs.translate import TranslateJob

    model = tmp_path / "model"
    shutil.copytree(tiny_en_ru, model)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "minsk.txt").write_text("The CSTO met in Minsk.", encoding="utf-8")
    job = TranslateJob(inputs=(), targets=("ru",), out_dir=tmp_path / "out", models=(f"ru={model}",),
                       options=EngineOptions(max_length=6, device="cpu"), progress=False)
    first = translate_corpus(CorpusTranslateJob(job, [str(corpus)]))
    again = translate_corpus(CorpusTranslateJob(job, [str(corpus)]))
    assert (first.written, again.skipped) == (1, 1)
    config = model / "generation_config.json"
    values = json.loads(config.read_text(encoding="utf-8")) if config.exists() else {}
    config.write_text(json.dumps({**values, "repetition_penalty": 2.5}), encoding="utf-8")
    changed = translate_corpus(CorpusTranslateJob(job, [str(corpus)]))
    assert (changed.written, changed.skipped) == (1, 0)
