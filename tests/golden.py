"""Golden outputs: the commands whose output must not change byte for byte when code is reorganised.

``python -m tests.golden OUT_DIR TINY_EN_RU`` runs every command (``tests/test_golden.py`` does the same and
compares with ``tests/data/golden/``); the outputs were first made by the code before the layered redesign
(issue #26). Timestamps and the tool version, which change by themselves, are masked by :func:`normalise`.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
ALIGNMENT = REPO / "tests" / "data" / "alignment"
GOLDEN = REPO / "tests" / "data" / "golden"

#: name → (command arguments, the file the command writes or "-" for stdout); ``{out}``, ``{model}`` and
#: ``{repo}`` are filled in. Each command reads only files of the repository or earlier commands' outputs.
COMMANDS: dict[str, tuple[list[str], str]] = {
    "segment.txt": (["segment", "{repo}/corpora/csto_news_en.txt", "--lang", "en", "-o", "{out}/segment.txt"],
                    "{out}/segment.txt"),
    "segment.jsonl": (["segment", "{repo}/tests/data/alignment/csto_news.ru", "--lang", "ru", "--format", "jsonl"],
                      "-"),
    # the engine is pinned: the default (auto: CTranslate2 int8 on CPU) gives outputs that depend on the CPU's
    # int8 kernels, so they cannot be golden; tests/test_ct2.py checks CTranslate2 float32 against transformers
    "translate.en-ru.tmx": (["translate", "{repo}/corpora/csto_news_en.txt", "--to", "ru", "--model",
                             "ru={model}", "--engine", "transformers", "--glossary", "{repo}/glossary/csto.yaml",
                             "--beams", "1", "--max-length", "8", "--format", "both", "--no-resume",
                             "--out", "{out}/translate"],
                            "{out}/translate/csto_news_en.en-ru.tmx"),
    "translate.en-ru.xlf": ([], "{out}/translate/csto_news_en.en-ru.xlf"),
    "align.tmx": (["align", "{repo}/tests/data/alignment/csto_news.en", "{repo}/tests/data/alignment/csto_news.ru",
                   "--from", "en", "--to", "ru", "-o", "{out}/align.tmx"], "{out}/align.tmx"),
    "glossary-check.txt": (["glossary", "check", "{out}/align.tmx", "--glossary", "{repo}/glossary/csto.yaml"],
                           "-"),
    "tmx-stats.txt": (["tmx", "stats", "{out}/align.tmx"], "-"),
    "tmx-dedupe.tmx": (["tmx", "dedupe", "{out}/align.tmx", "-o", "{out}/dedupe.tmx"], "{out}/dedupe.tmx"),
    "tmx-convert.tsv": (["tmx", "convert", "{out}/align.tmx", "-o", "{out}/align.tsv"], "{out}/align.tsv"),
    "evaluate.json": (["evaluate", "{out}/translate/csto_news_en.en-ru.tmx", "--ref", "{out}/align.tmx",
                       "--json"], "-"),
}

_MASKS = [
    (re.compile(r'(creationdate|changedate|date)="[0-9TZ:-]+"'), r'\1="…"'),
    (re.compile(r'("?(?:creationtoolversion|version|aligntool)"?[=:] ?")[0-9][0-9a-z.+-]*"'), r'\1…"'),
    (re.compile(r"\b\d{8}T\d{6}Z\b"), "…"),
    # the segmenter's signature hashes its own source code (a resumed run must not mix code versions), so it
    # changes with any edit of that code, even one that changes no output
    (re.compile(r'(x-aligntool-segmenter">|segmenter": "|segmenter:)[0-9a-f]{12}'), r"\1…"),
    # evaluate hashes its reference file, a TMX this run wrote (with today's creationdate in it)
    (re.compile(r"(\|reference:)[0-9a-f]{12}"), r"\1…"),
    # a local model's revision hashes every file of the folder by content (#27), and the test model's
    # sentencepiece files differ from build to build
    (re.compile(r"@local-[0-9a-f]{12}"), "@local-…"),
    (re.compile(r'"seconds": [0-9.e-]+'), '"seconds": …'),
    (re.compile(r'"sentences_per_second": [0-9.e-]+'), '"sentences_per_second": …'),
]


def normalise(text: str, out: Path, model: Path) -> str:
    """The output with what changes by itself (dates, versions, timings, the folders) masked."""
    text = text.replace(str(out), "{out}").replace(str(model), "{model}").replace(str(REPO), "{repo}")
    for pattern, replacement in _MASKS:
        text = pattern.sub(replacement, text)
    return text


def run_all(out: Path, model: Path, run: object) -> dict[str, str]:
    """Every command's normalised output by name; ``run(args) -> (exit code, stdout)`` runs one command."""
    results: dict[str, str] = {}
    fill = {"out": str(out), "model": str(model), "repo": str(REPO)}
    for name, (args, target) in COMMANDS.items():
        stdout = ""
        if args:
            code, stdout = run([a.format(**fill) for a in args])  # type: ignore[operator]
            results[f"{name}.exit"] = f"{code}\n"
        text = stdout if target == "-" else Path(target.format(**fill)).read_text(encoding="utf-8")
        results[name] = normalise(text, out, model)
    return results


def _run_subprocess(args: list[str]) -> tuple[int, str]:
    import subprocess

    result = subprocess.run([sys.executable, "-m", "aligntool", *args], capture_output=True, text=True,
                            check=False)
    return result.returncode, result.stdout


if __name__ == "__main__":
    out_dir, model_dir = Path(sys.argv[1]), Path(sys.argv[2])
    out_dir.mkdir(parents=True, exist_ok=True)
    GOLDEN.mkdir(parents=True, exist_ok=True)
    for key, value in run_all(out_dir, model_dir, _run_subprocess).items():
        (GOLDEN / key).write_text(value, encoding="utf-8")
        print(key, len(value))
