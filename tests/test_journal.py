"""The resume journal on its own: keyed records, crash consistency, lookups of many sentences."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from aligntool.jobs.journal import Journal, context_key, groups_by_length


def test_records_are_found_only_in_their_context(tmp_path: Path) -> None:
    ru = context_key("model-a@rev1", "transformers/float32", {"beams": 4}, "ru")
    other = context_key("model-a@rev2", "transformers/float32", {"beams": 4}, "ru")
    assert ru != other and len(ru) == 32
    with Journal.beside(tmp_path) as journal:
        journal.record(ru, [("Hello.", {"text": "Привет."}), ("Bye.", {"text": "Пока."})])
        assert journal.lookup(ru, ["Bye.", "Hello.", "New."]) == {"Hello.": {"text": "Привет."},
                                                                  "Bye.": {"text": "Пока."}}
        assert journal.lookup(other, ["Hello."]) == {}
        journal.record(ru, [("Hello.", {"text": "Здравствуйте."})])  # a newer result replaces the old
    with Journal.beside(tmp_path) as journal:  # persisted
        assert journal.lookup(ru, ["Hello."]) == {"Hello.": {"text": "Здравствуйте."}}
        assert journal.count() == 2


def test_lookup_of_more_sentences_than_sqlite_binds(tmp_path: Path) -> None:
    key = context_key("m")
    sources = [f"Sentence {i}." for i in range(1700)]
    with Journal(tmp_path / "j.sqlite") as journal:
        journal.record(key, [(s, {"text": s.upper()}) for s in sources[::2]])
        found = journal.lookup(key, sources)
    assert len(found) == 850 and found["Sentence 10."] == {"text": "SENTENCE 10."}


def test_a_killed_writer_leaves_committed_groups_and_a_readable_file(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite"
    script = (
        "import os, sys\n"
        "from aligntool.jobs.journal import Journal\n"
        "j = Journal(sys.argv[1])\n"
        "j.record('c', [('a', 1), ('b', 2)])\n"
        "j._db.execute('BEGIN IMMEDIATE')\n"
        "j._db.execute(\"INSERT INTO translations VALUES ('c', 'half', '3')\")\n"
        "os.kill(os.getpid(), 9)\n"
    )
    proc = subprocess.run([sys.executable, "-c", script, str(path)], cwd=Path(__file__).resolve().parents[1],
                          capture_output=True, timeout=60)
    assert proc.returncode == -9
    with Journal(path) as journal:
        assert journal.lookup("c", ["a", "b", "half"]) == {"a": 1, "b": 2}


def test_groups_by_length_cover_every_index_once() -> None:
    sentences = ["x" * n for n in (5, 50, 1, 20, 33, 7, 12)]
    groups = groups_by_length(sentences, [0, 1, 3, 4, 6], 2)
    assert groups == [[1, 4], [3, 6], [0]]


def test_recorded_reads_without_creating(tmp_path: Path) -> None:
    from aligntool.jobs.journal import recorded

    assert recorded(tmp_path / "absent.sqlite") == 0 and not (tmp_path / "absent.sqlite").exists()
    with Journal(tmp_path / "j.sqlite") as journal:
        journal.record("c", [("a", 1)])
        assert recorded(tmp_path / "j.sqlite") == 1  # while the writer holds it open


def test_batch_plan_covers_every_sentence_once(tiny_en_ru: Path) -> None:
    from aligntool.engines.translation.factory import load_translator
    from aligntool.engines.translation.options import EngineOptions
    from aligntool.engines.translation.registry import resolve_models

    translator = load_translator(resolve_models(["ru"], [f"ru={tiny_en_ru}"])["ru"],
                                 EngineOptions(beams=1, max_length=4, threads=1, batch_tokens=64))
    sentences = [" ".join(["word"] * n) + "." for n in (3, 40, 7, 1, 12, 25, 3, 90, 5)]
    plan = translator.batch_plan(sentences)
    assert sorted(i for group in plan for i in group) == list(range(len(sentences)))
    assert len(plan) > 1  # a 64-token budget cannot hold them all in one batch
