"""How many of OmegaT 3.6's own segments get our translation from the project ``translate`` writes.

    python benchmarks/omegat_match.py                    # needs java and /usr/share/omegat/OmegaT.jar
    python benchmarks/omegat_match.py --model DIR        # a real en-ru Marian model instead of the tiny one

Each formatted fixture (the CSTO DOCX and HTML page of tests/omegat_fixtures.py, the news DOCX of
tests/formatted_fixtures.py) is translated on its own with ``aligntool translate --format tmx,omegat``; OmegaT
opens the project headless (console mode), inserts the ``tm/auto/`` units it matches and counts what is left
(``omegat/project_stats.txt``). Per document: OmegaT's segments and words, those pre-translated, and the same for
the segments that show tags. Two variants explain the design and are measured the same way:

* ``level2``: ``tm/auto/`` holds translate's TMX 1.4b level 2 (``bpt/ept/ph``) instead of OmegaT's tag text;
* ``as-given``: ``source/`` holds the DOCX as given instead of the DOCX rebuilt from its own codes.

The translations come from the tiny test model unless ``--model`` names a real one: matching depends on the
source side only (and the target holding every tag), not on translation quality.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from aligntool.cli.app import run_cli  # noqa: E402
from aligntool.formats.tmx.reader import read_tmx  # noqa: E402
from tests.formatted_fixtures import formatted_docx  # noqa: E402
from tests.omegat import omegat_segments, project_stats, run_omegat  # noqa: E402
from tests.omegat_fixtures import build_docx, build_html  # noqa: E402

_TAG = re.compile(r"</?[a-z]+\d+/?>")


def _measure(project: Path, work: Path) -> str:
    units = {unit.variants["en-US"] for tmx in (project / "tm" / "auto").iterdir() for unit in read_tmx(tmx)}
    segments = omegat_segments(project, work / "config")
    tagged = [s for s in segments if _TAG.search(s)]
    tagged_hit = sum(s in units for s in tagged)
    run = run_omegat(project, work / "config")
    if run.returncode != 0:
        raise SystemExit(run.output[-2000:])
    stats = project_stats(project)
    (total, words), (left, left_words) = stats["Total"], stats["Remaining"]
    return (f"{total - left} of {total} segments, {words - left_words} of {words} words; "
            f"tagged: {tagged_hit} of {len(tagged)} (by exact source text)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", help="en-ru model directory (default: the tiny test model)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        model = args.model
        if model is None:
            from tests.model_factory import build_tiny_en_ru

            model = str(build_tiny_en_ru(work / "tiny"))
        documents = {"csto.docx": build_docx, "page.html": build_html, "news.docx": formatted_docx}
        print(f"OmegaT 3.6 pre-translation from aligntool's project (load average {os.getloadavg()[0]:.2f})")
        for name, build in documents.items():
            source = build(work / name)
            out = work / f"out-{source.stem}"
            if run_cli(["translate", str(source), "--to", "ru", "--model", f"ru={model}", "--out", str(out),
                        "--quiet", "--beams", "1", "--max-length", "24", "--format", "tmx,omegat"]) != 0:
                return 1
            project = out / "omegat-en-ru"
            print(f"{name:10} project  : {_measure(project, work)}")
            level2 = work / f"level2-{source.stem}"
            shutil.copytree(project, level2)
            for tmx in (level2 / "tm" / "auto").iterdir():
                tmx.unlink()
            shutil.copyfile(out / f"{source.stem}.en-ru.tmx", level2 / "tm" / "auto" / "level2.tmx")
            print(f"{name:10} level2   : {_measure(level2, work)}")
            if source.suffix == ".docx":
                given = work / f"given-{source.stem}"
                shutil.copytree(project, given)
                shutil.copyfile(source, given / "source" / name)
                print(f"{name:10} as-given : {_measure(given, work)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
