"""A closed standard output is not an error (issue #30 item 3), on every command that writes to stdout.

``aligntool segment big.txt | head -1``: the reader goes away after one line, the next write fails with
EPIPE, and click would turn that into exit code 1 before aligntool's own handler saw it. Each command here
runs in a real process whose standard output is a pipe with its reading end already closed, so the very first
write fails whatever the size of the output (a small output fails at the final flush, a large one in the middle
of the command); the last test is the real shell pipe into ``head -1`` with megabytes of output.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from aligntool.cli.app import run_cli

ROOT = Path(__file__).resolve().parent.parent
ALIGNMENT = ROOT / "tests" / "data" / "alignment"
GLOSSARY = ROOT / "glossary" / "csto.yaml"
CORPUS = ROOT / "corpora" / "csto_news_en.txt"
ENV = {**os.environ, "PYTHONPATH": str(ROOT), "ALIGNTOOL_GLOSSARY": str(GLOSSARY)}


def run_with_closed_stdout(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """``python -m aligntool ARGS`` writing into a pipe nobody reads (the reading end is closed first)."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        return subprocess.run([sys.executable, "-m", "aligntool", *args], stdin=subprocess.DEVNULL,
                              stdout=write_end, stderr=subprocess.PIPE, text=True, env=ENV, cwd=cwd,
                              timeout=300)
    finally:
        os.close(write_end)


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A text large enough to fill a pipe many times over, an aligned TMX, and line-aligned texts."""
    folder = tmp_path_factory.mktemp("stdout")
    big = folder / "big.txt"
    lines = CORPUS.read_text(encoding="utf-8").splitlines()
    big.write_text("\n".join(lines * 40) + "\n", encoding="utf-8")  # ~1,400 sentences, > 200 kB segmented
    tmx = folder / "news.tmx"
    assert run_cli(["align", str(ALIGNMENT / "csto_news.en"), str(ALIGNMENT / "csto_news.ru"), "--from", "en",
                    "--to", "ru", "--presegmented", "--out", str(tmx), "--report", str(folder / "r.tsv")]) == 0
    return {"big": big, "tmx": tmx, "en": ALIGNMENT / "csto_news.en", "ru": ALIGNMENT / "csto_news.ru",
            "folder": folder}


# (name, arguments with {placeholders}): each writes to stdout and, with a working stdout, exits 0
COMMANDS = [
    ("help", ["--help"]),
    ("segment --help", ["segment", "--help"]),
    ("version", ["--version"]),
    ("segment text", ["segment", "{big}", "--lang", "en"]),
    ("segment jsonl -o -", ["segment", "{big}", "--lang", "en", "--format", "jsonl", "-o", "-"]),
    ("segment-srx", ["segment-srx"]),
    ("align beads", ["align", "{en}", "{ru}", "--from", "en", "--to", "ru", "--presegmented", "--format", "beads",
                     "--report", "{folder}/report.tsv"]),
    ("align tsv -o -", ["align", "{en}", "{ru}", "--from", "en", "--to", "ru", "--presegmented", "--format", "tsv",
                        "-o", "-", "--report", "{folder}/report.tsv"]),
    ("tmx stats", ["tmx", "stats", "{tmx}"]),
    ("tmx stats --json", ["tmx", "stats", "{tmx}", "--json"]),
    ("tmx merge -o -", ["tmx", "merge", "{tmx}", "{tmx}", "-o", "-"]),
    ("tmx dedupe -o -", ["tmx", "dedupe", "{tmx}", "-o", "-"]),
    ("glossary list", ["glossary", "list"]),
    ("glossary show", ["glossary", "show", "CSTO"]),
    ("glossary forms", ["glossary", "forms", "CSTO", "--lang", "ru"]),
    ("glossary extract tsv", ["glossary", "extract", "{big}", "--format", "tsv"]),
]


@pytest.mark.parametrize("args", [pytest.param(args, id=name) for name, args in COMMANDS])
def test_closed_stdout_is_not_an_error(inputs: dict[str, Path], args: list[str]) -> None:
    values = {key: str(path) for key, path in inputs.items()}
    filled = [arg.format(**values) for arg in args]
    proc = run_with_closed_stdout(filled, cwd=inputs["folder"])
    assert (proc.returncode, proc.stderr) == (0, "")


def test_evaluate_report_into_a_closed_stdout(inputs: dict[str, Path]) -> None:
    pytest.importorskip("sacrebleu", reason="aligntool evaluate needs aligntool[eval]")
    proc = run_with_closed_stdout(["evaluate", str(inputs["ru"]), "--ref", str(inputs["ru"]), "--to", "ru"],
                                  cwd=inputs["folder"])
    assert (proc.returncode, proc.stderr) == (0, "")


def test_translate_json_summary_into_a_closed_stdout(inputs: dict[str, Path], tiny_en_ru: Path) -> None:
    out = inputs["folder"] / "translated"
    proc = run_with_closed_stdout(["translate", str(ALIGNMENT / "csto_news.en"), "--to", "ru", "--model",
                                   f"ru={tiny_en_ru}", "--out", str(out), "--json", "--quiet", "--no-resume"],
                                  cwd=inputs["folder"])
    # The first use of a model in this session's private CTranslate2 cache converts it, with a note: not an error.
    errors = [line for line in proc.stderr.splitlines() if not line.startswith("aligntool: note: ")]
    assert (proc.returncode, errors) == (0, [])
    assert (out / "csto_news.en-ru.tmx").is_file()  # the outputs are written all the same


# A BrokenPipeError that has nothing to do with standard output: reading the input fails with EPIPE.
_FAILING_INPUT = """
import builtins, sys
from aligntool.cli.app import run_cli

real_open = builtins.open

def failing_open(file, *args, **kwargs):
    if str(file).endswith("pipe-input.txt"):
        raise BrokenPipeError(32, "Broken pipe", str(file))
    return real_open(file, *args, **kwargs)

builtins.open = failing_open
sys.exit(run_cli(sys.argv[1:]))
"""


def test_a_broken_pipe_that_is_not_stdout_is_still_an_error(tmp_path: Path) -> None:
    """Only standard output's reader going away is quiet: any other EPIPE is reported as one line."""
    source = tmp_path / "pipe-input.txt"
    source.write_text("One. Two.\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-c", _FAILING_INPUT, "segment", str(source), "--lang", "en"],
                          stdin=subprocess.DEVNULL, capture_output=True, text=True, env=ENV, timeout=300)
    assert proc.returncode == 1, proc.stderr  # the input could not be read
    assert proc.stderr.startswith("aligntool: error: ") and "pipe-input.txt: cannot read" in proc.stderr
    assert proc.stderr.count("\n") == 1 and proc.stdout == ""


def test_segment_piped_into_head(inputs: dict[str, Path]) -> None:
    """The shell pipe of the issue, with megabytes of output: exit 0, one line read, nothing on stderr."""
    big = inputs["folder"] / "bigger.txt"
    big.write_text(inputs["big"].read_text(encoding="utf-8") * 10, encoding="utf-8")  # ~14,000 sentences
    proc = subprocess.run(f"{sys.executable} -m aligntool segment {big} --lang en | head -n 1; "
                          "exit ${PIPESTATUS[0]}", shell=True, executable="/bin/bash", env=ENV,
                          capture_output=True, text=True, timeout=300)
    assert (proc.returncode, proc.stderr) == (0, "")
    assert proc.stdout.count("\n") == 1
