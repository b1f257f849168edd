"""Issue #27, item 13: glossary exports a terminologist opens in a spreadsheet never carry a live formula, and an
import of a hand-made file that has one warns (the text is kept as it is)."""

from __future__ import annotations

import shutil
import warnings
from pathlib import Path

import pytest

from aligntool.cli.app import run_cli
from aligntool.formats.glossary.base import GlossaryWarning
from aligntool.formats.glossary.model import Entry, Term
from aligntool.formats.glossary.registry import get_format

HOSTILE = ["=cmd|' /C calc'!A0", '=HYPERLINK("http://evil.example","x")', "@SUM(1)", "+cmd|' /C calc'!A0",
           "-2+3+cmd|' /C calc'!A0"]


def _entries() -> list[Entry]:
    return [Entry(f"e{i}", "concept", [Term(text, "en"), Term(f"{text} ru", "ru")], note=text)
            for i, text in enumerate(HOSTILE)]


@pytest.mark.parametrize("name", ["tsv", "omegat", "csv"])
def test_exports_neutralise_formulas_and_read_back_the_terms(name: str) -> None:
    fmt = get_format(name)
    text = fmt.dumps(_entries(), "en", ["ru"])
    cells = [cell for line in text.splitlines() if not line.startswith("#")
             for cell in (line.split("\t") if name != "csv" else line.split(","))]
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@")], text
    with warnings.catch_warnings():
        warnings.simplefilter("error", GlossaryWarning)  # what aligntool wrote is not warned about
        back = fmt.loads(text, "<export>", "en", "ru")
    terms = {term.text for entry in back for term in entry.terms if term.lang == "en"}
    assert terms == set(HOSTILE)


@pytest.mark.parametrize(("name", "content"), [
    ("tsv", "id\ttype\ten\tru\tnote\ne1\tconcept\t=HYPERLINK(\"http://x\")\tтерм\t\ne2\tconcept\t@SUM(1)\tб\t\n"),
    ("omegat", "=cmd|' /C calc'!A0\tтерм\t\nCSTO\tОДКБ\t\n"),
])
def test_import_warns_about_formulas_once(tmp_path: Path, name: str, content: str,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / f"terms.{get_format(name).extension}"
    path.write_text(content, encoding="utf-8")
    glossary = tmp_path / "g.yaml"
    shutil.copy(Path(__file__).resolve().parents[1] / "glossary" / "csto.yaml", glossary)
    code = run_cli(["glossary", "import", str(path), "--format", name, "--to", "ru", "--glossary", str(glossary),
                    "--dry-run"])
    err = capsys.readouterr().err
    assert code == 0, err
    warned = [line for line in err.splitlines() if "spreadsheet formula" in line]
    assert len(warned) == 1 and warned[0].startswith("aligntool: warning: ") and str(path) in warned[0]


def test_plain_signed_terms_are_not_warned() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error", GlossaryWarning)
        get_format("omegat").loads("-ism\t-изм\t\n+7 495\t+7 495\t\n", "<x>", "en", "ru")


@pytest.mark.parametrize("header", ["# aligntool glossary export# aligntool glossary export en→ru (source, target)",
                                    "# aligntool glossary export en→ (source, target)",
                                    "# aligntool glossary export"])
def test_omegat_header_that_is_not_ours_is_a_comment(header: str) -> None:
    """Found by make fuzz: a damaged first line was a ValueError traceback; it is a comment like any other."""
    entries = get_format("omegat").loads(f"{header}\nCSTO\tОДКБ\t\n", "<x>", "en", "ru")
    assert [(t.lang, t.text) for t in entries[0].terms] == [("en", "CSTO"), ("ru", "ОДКБ")]


def test_omegat_header_of_our_export_names_the_languages() -> None:
    entries = get_format("omegat").loads("# aligntool glossary export en→kk (source, target, comment)\nCSTO\tҰҚШҰ\t\n",
                                         "<x>", "en", "ru")
    assert [(t.lang, t.text) for t in entries[0].terms] == [("en", "CSTO"), ("kk", "ҰҚШҰ")]
