"""A real CAT tool: OmegaT (headless) inserts exactly our translations from the TMX files aligntool writes.

Needs java and OmegaT.jar (Debian package ``omegat``, installed by ``.ci/run``); skipped without them.
One OmegaT run takes about 2–3 s.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from aligntool.cli import run_cli
from aligntool.errors import InputError
from aligntool.segmentation import segment
from aligntool.tmx.omegat import create_project, find_omegat, run_omegat
from aligntool.tmx.reader import read_tmx


@pytest.fixture(scope="module")
def omegat() -> None:
    try:
        find_omegat()
    except InputError as exc:
        pytest.skip(f"OmegaT is not available: {exc}")


@pytest.fixture(scope="module")
def translated(omegat: None, tmp_path_factory: pytest.TempPathFactory, tiny_en_ru: Path, tiny_en_trk: Path,
               sample_corpus: Path) -> Path:
    """``aligntool translate`` on the corpus with tiny models: bilingual files and the multilingual file."""
    out = tmp_path_factory.mktemp("translated")
    models = ["--model", f"ru={tiny_en_ru}", "--model", f"kk={tiny_en_trk}"]
    common = [str(sample_corpus), "--to", "ru,kk", *models, "--out", str(out), "--quiet"]
    assert run_cli(["translate", *common]) == 0
    assert run_cli(["translate", *common, "--multilingual"]) == 0
    return out


def _sentence_per_line(corpus: Path, target: Path) -> list[str]:
    sentences = [s.text for s in segment(corpus.read_text(encoding="utf-8"), "en")]
    target.write_text("\n".join(sentences) + "\n", encoding="utf-8")
    return sentences


def _remaining_segments(project: Path) -> int:
    for line in (project / "omegat" / "project_stats.txt").read_text(encoding="utf-8").splitlines():
        if line.startswith("Remaining:"):
            return int(line.split()[1])
    raise AssertionError("OmegaT wrote no statistics")


@pytest.mark.parametrize(("tmx_name", "target_lang"), [
    ("csto_news_en.en-ru.tmx", "ru-RU"),
    ("csto_news_en.en-kk.tmx", "kk-KZ"),
    ("csto_news_en.tmx", "ru-RU"),
    ("csto_news_en.tmx", "kk-KZ"),
])
def test_omegat_inserts_exactly_our_translations(translated: Path, sample_corpus: Path, tmp_path: Path,
                                                 tmx_name: str, target_lang: str) -> None:
    tmx = translated / tmx_name
    ours = {unit.variants["en-US"]: unit.variants[target_lang] for unit in read_tmx(tmx)}
    source = tmp_path / "csto_news_en.txt"
    sentences = _sentence_per_line(sample_corpus, source)
    # One sentence per line: the text filter makes each line a paragraph and OmegaT must not split further.
    project = create_project(tmp_path / "project", [source], "en-US", target_lang, tm_auto=[tmx],
                             segment_on="BREAKS", sentence_seg=False)
    run = run_omegat(project, tmp_path / "config")
    assert run.returncode == 0, run.output[-2000:]
    assert run.tm_load_errors == []
    assert _remaining_segments(project) == 0
    produced = (project / "target" / source.name).read_text(encoding="utf-8").splitlines()
    assert len(produced) == len(sentences)
    for sentence, translation in zip(sentences, produced, strict=True):
        assert translation == ours[sentence]


def test_omegat_confirms_the_pitfalls_the_validator_reports(omegat: None, tmp_path: Path) -> None:
    header = ('<header creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="t" adminlang="en-US" '
              '{src} datatype="plaintext"/>')
    files = {
        "no-srclang.tmx": ("", '<tuv xml:lang="en-US"><seg>One.</seg></tuv>'
                               '<tuv xml:lang="ru-RU"><seg>Один.</seg></tuv>'),
        "no-lang.tmx": ('srclang="en-US"', '<tuv xml:lang="en-US"><seg>Two.</seg></tuv><tuv><seg>Два.</seg></tuv>'),
        "no-target.tmx": ('srclang="en-US"', '<tuv xml:lang="en-US"><seg>Three.</seg></tuv>'
                                              '<tuv xml:lang="kk-KZ"><seg>Үш.</seg></tuv>'),
        "underscore.tmx": ('srclang="en-US"', '<tuv xml:lang="en-US"><seg>Four.</seg></tuv><tuv xml:lang="ru_RU">'
                                               '<seg>Төрт.</seg></tuv><tuv xml:lang="kk-KZ"><seg>Төрт.</seg></tuv>'),
    }
    paths = []
    for name, (src, tuvs) in files.items():
        path = tmp_path / name
        path.write_text(f'<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">{header.format(src=src)}'
                        f"<body><tu>{tuvs}</tu></body></tmx>\n", encoding="utf-8")
        paths.append(path)
    source = tmp_path / "src.txt"
    source.write_text("One.\nTwo.\nThree.\nFour.\n", encoding="utf-8")
    project = create_project(tmp_path / "project", [source], "en-US", "ru-RU", tm_auto=paths, sentence_seg=False)
    run = run_omegat(project, tmp_path / "config")
    rejected = sorted(Path(line.split("memory ")[1].split(" for project")[0]).name for line in run.tm_load_errors)
    assert rejected == ["no-lang.tmx", "no-srclang.tmx"]  # the whole file, exit status still 0
    assert run.returncode == 0
    # Units without a ru-RU tuv (missing, or written ru_RU) get the Kazakh text as "Russian" translation.
    assert (project / "target" / "src.txt").read_text(encoding="utf-8").splitlines() == [
        "One.", "Two.", "Үш.", "Төрт."]
