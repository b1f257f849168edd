"""Every code block of README.md and docs/*.md runs (issue #30 item 4): the documentation cannot drift.

Each page runs in its own folder, block after block in page order (a later example may read what an earlier one
wrote), with what the examples name at hand: the sample corpus and glossary, small documents (``doc.txt``,
``report_en.txt``/``report_ru.txt``, ``a.en``/``a.ru``, ``b.en``/``b.kk``, ``report_en.docx``/``report_ru.docx``,
``report_en.pdf``, ``src.txt``/``ref.txt``/``hyp.txt``, ``corpus_dir/``, ``en_dir/``/``ru_dir/``), and tiny
random-weight models both as ``models/opus-mt-en-ru``/``models/opus-mt-en-trk`` and, offline, under their Hub ids
in a Hugging Face cache, so the default models load too.

How a block runs, by its fence language:
- ``bash``: each command line (``\\`` continuations joined, comments dropped). ``aligntool ARGS [> FILE]`` runs in
  this process through the CLI's entry point and must exit 0 (1 is accepted from ``check``/``validate``, whose
  exit 1 means "problems found"); ``make TARGET`` must be a target of the Makefile (``make -n``). Anything else
  needs the block to be marked as not run.
- ``python``: executed.
- ``text``: output or a diagram, not run.
- any other (``toml``, ``yaml``): must be written to a file for a later block (``file NAME`` marker).

Markers, an HTML comment on the line before the fence:
``<!-- docs-test: skip REASON -->`` (not run: REASON says why and where it is tested instead) and
``<!-- docs-test: file NAME -->`` (the block is written to NAME in the page's folder).
"""

from __future__ import annotations

import contextlib
import io
import re
import shlex
import shutil
import subprocess
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from aligntool.cli.app import run_cli
from tests.model_factory import build_tiny_en_ru, build_tiny_en_trk
from tests.pdf_factory import write_pdf

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
HUB_COMMIT = "0123456789abcdef0123456789abcdef01234567"

FENCE = re.compile(
    r"(?:^[ \t]*<!-- docs-test: (?P<marker>[^\n]*?) -->[ \t]*\n)?"
    r"^(?P<indent>[ \t]*)```(?P<lang>[\w+-]*)[^\n]*\n(?P<body>.*?)^(?P=indent)```[ \t]*$",
    re.M | re.S,
)


@dataclass(frozen=True)
class Block:
    page: Path
    line: int
    lang: str
    body: str
    marker: str

    @property
    def where(self) -> str:
        return f"{self.page.relative_to(ROOT)}:{self.line}"


def blocks(page: Path) -> list[Block]:
    text = page.read_text(encoding="utf-8")
    found = []
    for match in FENCE.finditer(text):
        line = text.count("\n", 0, match.start("indent")) + 1
        body = textwrap.dedent(match["body"]) if match["indent"] else match["body"]
        found.append(Block(page, line, match["lang"] or "", body, (match["marker"] or "").strip()))
    return found


def commands(body: str) -> Iterator[list[str]]:
    """Command lines of a bash block, continuations joined, comments and blank lines dropped."""
    for line in body.replace("\\\n", " ").splitlines():
        words = shlex.split(line, comments=True)
        if words:
            yield words


# ---- the folder the examples run in ---------------------------------------------------------------------

@pytest.fixture(scope="session")
def tiny_models(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("docs-models")
    return {"opus-mt-en-ru": build_tiny_en_ru(folder / "opus-mt-en-ru"),
            "opus-mt-en-trk": build_tiny_en_trk(folder / "opus-mt-en-trk")}


def _hub_cache(hub: Path, models: dict[str, Path]) -> None:
    for name, directory in models.items():
        repo = hub / f"models--Helsinki-NLP--{name}"
        snapshot = repo / "snapshots" / HUB_COMMIT
        snapshot.mkdir(parents=True)
        for item in directory.iterdir():
            (snapshot / item.name).symlink_to(item)
        (repo / "refs").mkdir()
        (repo / "refs" / "main").write_text(HUB_COMMIT)


def _documents(folder: Path) -> None:
    corpus = (ROOT / "corpora" / "csto_news_en.txt").read_text(encoding="utf-8")
    (folder / "doc.txt").write_text(corpus[:1500].rsplit("\n", 1)[0] + "\n", encoding="utf-8")
    shutil.copy(DATA / "alignment" / "csto_news.en", folder / "report_en.txt")
    shutil.copy(DATA / "alignment" / "csto_news.ru", folder / "report_ru.txt")
    shutil.copy(DATA / "alignment" / "csto_news.en", folder / "a.en")
    shutil.copy(DATA / "alignment" / "csto_news.ru", folder / "a.ru")
    shutil.copy(DATA / "alignment" / "csto_news_part.en", folder / "b.en")
    shutil.copy(DATA / "alignment" / "csto_news_part.kk", folder / "b.kk")
    for name in ("corpus_dir", "en_dir", "ru_dir"):
        (folder / name).mkdir()
    shutil.copy(DATA / "alignment" / "csto_news.en", folder / "corpus_dir" / "news.txt")
    shutil.copy(DATA / "alignment" / "csto_exercise.en", folder / "corpus_dir" / "exercise.txt")
    for stem in ("csto_news", "csto_exercise"):
        shutil.copy(DATA / "alignment" / f"{stem}.en", folder / "en_dir" / f"{stem}.txt")
        shutil.copy(DATA / "alignment" / f"{stem}.ru", folder / "ru_dir" / f"{stem}.txt")
    shutil.copy(DATA / "alignment" / "csto_news.en", folder / "src.txt")  # line-aligned texts for evaluate
    shutil.copy(DATA / "alignment" / "csto_news.ru", folder / "ref.txt")
    shutil.copy(DATA / "alignment" / "csto_news.ru", folder / "hyp.txt")
    english = (DATA / "alignment" / "csto_news.en").read_text(encoding="utf-8").splitlines()
    russian = (DATA / "alignment" / "csto_news.ru").read_text(encoding="utf-8").splitlines()
    with contextlib.suppress(ImportError):  # the [formats] extra
        import docx

        for name, lines in (("report_en.docx", english), ("report_ru.docx", russian)):
            document = docx.Document()
            for line in lines:
                document.add_paragraph(line)
            document.save(str(folder / name))
        plain = [line.replace("\u201c", '"').replace("\u201d", '"') for line in english]  # the factory: Latin-1
        write_pdf(folder / "report_en.pdf", [plain[:16], plain[16:32], plain[32:]])


@pytest.fixture
def sandbox(tmp_path: Path, tiny_models: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "work"
    folder.mkdir()
    shutil.copytree(ROOT / "corpora", folder / "corpora")
    (folder / "glossary").mkdir()
    shutil.copy(ROOT / "glossary" / "csto.yaml", folder / "glossary" / "csto.yaml")  # examples edit it
    (folder / "models").mkdir()
    for name, directory in tiny_models.items():
        (folder / "models" / name).symlink_to(directory)
    _documents(folder)
    hub = tmp_path / "hf" / "hub"
    _hub_cache(hub, tiny_models)
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    monkeypatch.setenv("HF_HUB_CACHE", str(hub))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("ALIGNTOOL_CT2_CACHE", str(tmp_path / "ct2"))
    monkeypatch.delenv("ALIGNTOOL_GLOSSARY", raising=False)
    import huggingface_hub.constants as hub_constants

    monkeypatch.setattr(hub_constants, "HF_HUB_OFFLINE", True)
    monkeypatch.setattr(hub_constants, "HF_HUB_CACHE", str(hub))
    monkeypatch.chdir(folder)
    return folder


# ---- running a block --------------------------------------------------------------------------------------

def run_aligntool(words: list[str], block: Block) -> None:
    out_file = None
    if ">" in words:
        at = words.index(">")
        words, out_file = words[:at], words[at + 1]
    stdout = io.StringIO()
    with contextlib.redirect_stdout(stdout):
        code = run_cli(words[1:])
    if out_file:
        Path(out_file).write_text(stdout.getvalue(), encoding="utf-8")
    allowed = {0, 1} if any(word in ("check", "validate") for word in words[1:3]) else {0}
    assert code in allowed, f"{block.where}: `{shlex.join(words)}` exited {code}"


def run_block(block: Block, folder: Path) -> None:
    if block.marker.startswith("file "):
        (folder / block.marker.removeprefix("file ").strip()).write_text(block.body, encoding="utf-8")
        return
    if block.lang == "python":
        exec(compile(block.body, block.where, "exec"), {"__name__": "__docs_example__"})
        return
    assert block.lang in ("bash", "sh", "console"), (
        f"{block.where}: a ```{block.lang} block must be run, written to a file for a later block "
        "(<!-- docs-test: file NAME -->) or skipped with a reason")
    for words in commands(block.body):
        if words[0] == "aligntool":
            run_aligntool(words, block)
        elif words[0] == "make" and len(words) == 2:
            dry = subprocess.run(["make", "-n", words[1]], cwd=ROOT, capture_output=True, text=True, timeout=60)
            assert dry.returncode == 0, f"{block.where}: `make {words[1]}`: {dry.stderr}"
        else:
            pytest.fail(f"{block.where}: `{shlex.join(words)}` is not run by the docs test: mark the block "
                        "<!-- docs-test: skip REASON --> or use aligntool commands")


@pytest.mark.parametrize("page", PAGES, ids=[str(page.relative_to(ROOT)) for page in PAGES])
def test_every_example_runs(page: Path, sandbox: Path) -> None:
    for block in blocks(page):
        if block.lang == "text" or block.marker.startswith("skip"):
            assert block.lang == "text" or len(block.marker) > len("skip "), f"{block.where}: skip needs a reason"
            continue
        run_block(block, sandbox)


def test_the_harness_finds_the_blocks() -> None:
    """The fence parser sees indented blocks, markers and languages (a test of the test)."""
    page = ROOT / "README.md"
    found = blocks(page)
    assert found, "README.md has no code blocks"
    sample = "- item\n  <!-- docs-test: skip needs a server -->\n  ```bash\n  aligntool review x.tmx\n  ```\n"
    parsed = list(FENCE.finditer(sample))
    assert [(match["lang"], match["marker"]) for match in parsed] == [("bash", "skip needs a server")]
    assert [words[0] for words in commands("aligntool a \\\n  --b c   # note\n\n# only a comment\nmake test\n")] \
        == ["aligntool", "make"]


def test_every_code_block_is_fenced() -> None:
    """An indented code block has no fence language, so the harness above would never see or run it."""
    markdown_it = pytest.importorskip("markdown_it", reason="markdown-it-py is in the formats and test extras")
    parser = markdown_it.MarkdownIt("commonmark")
    for page in PAGES:
        for token in parser.parse(page.read_text(encoding="utf-8")):
            assert token.type != "code_block", (
                f"{page.relative_to(ROOT)}:{token.map[0] + 1 if token.map else '?'}: an indented code block; "
                "fence it (```bash, ```text …) so the docs test runs it or says why not")


def test_the_readme_is_a_front_page_whose_links_resolve() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(readme.splitlines()) <= 150, "README.md is the front page (≤ 150 lines): reference goes to docs/"
    for target in re.findall(r"\]\(([^)#:]+)(?:#[^)]*)?\)", readme):
        assert (ROOT / target).exists(), f"README.md links to {target}, which does not exist"


def test_every_docs_page_is_in_the_site_navigation() -> None:
    """A page under docs/ that mkdocs.yml's nav does not list would be built but unreachable."""
    nav = re.findall(r"^\s+- [^:\n]+: (\S+\.md)\s*$", (ROOT / "mkdocs.yml").read_text(encoding="utf-8"), re.M)
    pages = sorted(path.name for path in (ROOT / "docs").glob("*.md"))
    assert sorted(nav) == pages
