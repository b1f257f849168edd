"""A real CAT tool: OmegaT (headless) inserts exactly our translations from the TMX files aligntool writes.

Needs java and OmegaT.jar (Debian package ``omegat``, installed by ``.ci/run``); skipped without them.
One OmegaT run takes about 2–3 s.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from aligntool.cli.app import run_cli
from aligntool.core.errors import InputError
from aligntool.engines.segmentation.segmenter import segment
from aligntool.formats.tmx.reader import read_tmx
from tests.omegat import create_project, find_omegat, omegat_segments, project_stats, run_omegat

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


@pytest.fixture(scope="session")  # session scope: checked before the session-scoped model fixtures are built
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
    # Greedy search and short outputs: the tiny models' text is gibberish anyway, and this keeps the runs short.
    common = [str(sample_corpus), "--to", "ru,kk", *models, "--out", str(out), "--quiet", "--beams", "1",
              "--max-length", "12"]
    assert run_cli(["translate", *common]) == 0
    assert run_cli(["translate", *common, "--multilingual"]) == 0
    return out


@pytest.fixture(scope="module")
def srx(omegat: None, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """aligntool's segmentation rules exported as SRX 2.0 (what a translator loads into the CAT tool)."""
    srx_module = pytest.importorskip("aligntool.engines.segmentation.srx_export",
                                     reason="no SRX export in aligntool.engines.segmentation")
    path = tmp_path_factory.mktemp("srx") / "aligntool.srx"
    path.write_text(srx_module.export_srx(["en", "ru", "kk"]), encoding="utf-8")
    return path


def _sentence_per_line(corpus: Path, target: Path) -> list[str]:
    sentences = [s.text for s in segment(corpus.read_text(encoding="utf-8"), "en")]
    target.write_text("\n".join(sentences) + "\n", encoding="utf-8")
    return sentences


def _check_run(project: Path, config: Path) -> None:
    run = run_omegat(project, config)
    assert run.returncode == 0, run.output[-2000:]
    assert run.tm_load_errors == []
    assert project_stats(project)["Remaining"][0] == 0  # every segment OmegaT made got a translation


@pytest.mark.parametrize(("tmx_name", "target_lang"), [
    ("csto_news_en.en-ru.tmx", "ru-RU"),
    ("csto_news_en.en-kk.tmx", "kk-KZ"),
    ("csto_news_en.tmx", "kk-KZ"),
])
def test_omegat_translates_the_corpus_with_our_segmentation_and_tmx(
        translated: Path, srx: Path, sample_corpus: Path, tmp_path: Path, tmx_name: str, target_lang: str) -> None:
    """corpora/ as it is, our SRX as the project's segmentation, our TMX in tm/auto: the whole target
    document equals the source with each of our segments replaced by our translation."""
    ours = {unit.variants["en-US"]: unit.variants[target_lang] for unit in read_tmx(translated / tmx_name)}
    project = create_project(tmp_path / "project", [sample_corpus], "en-US", target_lang,
                             tm_auto=[translated / tmx_name], segmentation_srx=srx)
    _check_run(project, tmp_path / "config")
    text = sample_corpus.read_text(encoding="utf-8")
    expected = text
    for sentence in reversed(segment(text, "en")):
        expected = expected[:sentence.start] + ours[sentence.text] + expected[sentence.end:]
    assert (project / "target" / sample_corpus.name).read_text(encoding="utf-8") == expected


@pytest.mark.parametrize(("tmx_name", "target_lang"), [("csto_news_en.tmx", "ru-RU")])
def test_omegat_inserts_exactly_our_translations_one_sentence_per_line(
        translated: Path, sample_corpus: Path, tmp_path: Path, tmx_name: str, target_lang: str) -> None:
    """Without any SRX: one sentence per line, the text filter's segmentOn=BREAKS, no sentence splitting."""
    ours = {unit.variants["en-US"]: unit.variants[target_lang] for unit in read_tmx(translated / tmx_name)}
    source = tmp_path / "csto_news_en.txt"
    sentences = _sentence_per_line(sample_corpus, source)
    project = create_project(tmp_path / "project", [source], "en-US", target_lang, tm_auto=[translated / tmx_name],
                             segment_on="BREAKS", sentence_seg=False)
    _check_run(project, tmp_path / "config")
    produced = (project / "target" / source.name).read_text(encoding="utf-8").splitlines()
    assert produced == [ours[sentence] for sentence in sentences]


@pytest.mark.parametrize(("lang", "tag"), [("en", "en-US"), ("ru", "ru-RU"), ("kk", "kk-KZ")])
def test_omegat_segments_like_aligntool_with_the_srx_export(srx: Path, sample_corpus: Path, tmp_path: Path,
                                                          lang: str, tag: str) -> None:
    """Item 7: OmegaT loaded with our SRX makes exactly the segments of ``aligntool segment``."""
    documents = [sample_corpus] if lang == "en" else []
    golden = SHARED / "data" / "segmentation" / f"golden_{lang}.jsonl"
    if golden.is_file():
        cases = [json.loads(line)["text"] for line in golden.read_text(encoding="utf-8").splitlines() if line]
        documents.append(tmp_path / f"golden_{lang}.txt")
        documents[-1].write_text("\n\n".join(cases) + "\n", encoding="utf-8")
    if not documents:
        pytest.skip(f"no {lang} text to segment: {golden} is absent")
    project = create_project(tmp_path / "project", documents, tag, "de-DE", segmentation_srx=srx)
    theirs = set(omegat_segments(project, tmp_path / "config"))
    ours = {s.text for doc in documents for s in segment(doc.read_text(encoding="utf-8"), lang)}
    assert sorted(ours - theirs) == [] and sorted(theirs - ours) == []


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


def test_srx_becomes_omegat_segmentation_conf(tmp_path: Path) -> None:
    """No java needed: the SRX → segmentation.conf translation keeps rules, order and cascade semantics."""
    from lxml import etree

    from aligntool.formats.documents.omegat.project import srx_to_segmentation_conf

    srx = (
        '<?xml version="1.0"?>\n<srx xmlns="http://www.lisa.org/srx20" version="2.0"><header cascade="no"/>'
        "<body><languagerules>"
        '<languagerule languagerulename="en"><rule break="no"><beforebreak>\\bMr\\.</beforebreak>'
        "<afterbreak>\\s</afterbreak></rule><rule><beforebreak>[.?!]</beforebreak><afterbreak>\\s</afterbreak>"
        '</rule></languagerule><languagerule languagerulename="any"><rule><afterbreak>\\n</afterbreak></rule>'
        '</languagerule></languagerules><maprules><languagemap languagepattern="[Ee][Nn].*" languagerulename="en"/>'
        '<languagemap languagepattern=".*" languagerulename="any"/></maprules></body></srx>\n')

    def rules(conf: str) -> list[tuple[str, str, str]]:
        root = etree.fromstring(conf.encode())
        found = []
        for rule in root.iter("object"):
            if rule.get("class") == "org.omegat.core.segmentation.Rule":
                values = {p.get("property"): p[0].text or "" for p in rule if p.tag == "void"}
                found.append((values["breakRule"], values["beforebreak"], values["afterbreak"]))
        return found

    assert rules(srx_to_segmentation_conf(srx, "en-US")) == [("false", "\\bMr\\.", "\\s"), ("true", "[.?!]", "\\s")]
    assert rules(srx_to_segmentation_conf(srx, "ru-RU")) == [("true", "", "\\n")]
    assert len(rules(srx_to_segmentation_conf(srx))) == 3  # no language given: every map, as OmegaT cascades
    assert "<string>0.2.2</string>" in srx_to_segmentation_conf(srx)
