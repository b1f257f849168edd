"""The glossary's parsed-and-validated entries are cached by content hash: a rerun does not parse the YAML
again, a changed file or a damaged or foreign cache entry is parsed again (the slow path of issue #27)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from aligntool.engines.terminology import glossary_cache
from aligntool.engines.terminology.termbase import Glossary

SHIPPED = Path(__file__).resolve().parents[1] / "glossary" / "csto.yaml"


@pytest.fixture()
def cache_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "cache"
    monkeypatch.setenv("ALIGNTOOL_CACHE", str(root))
    return root


def _entries(glossary: Glossary) -> list[tuple[object, ...]]:
    return [(e.id, e.type, tuple((t.text, t.lang, t.status, t.kind, t.case) for t in e.terms))
            for e in glossary.entries]


def test_rerun_takes_the_cache_and_a_change_does_not(tmp_path: Path, cache_root: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "g.yaml"
    shutil.copy(SHIPPED, path)
    first = Glossary.load(path, validated=True)
    calls: list[str] = []
    real = glossary_cache.parse_text
    monkeypatch.setattr(glossary_cache, "parse_text", lambda text, where: calls.append(where) or real(text, where))
    again = Glossary.load(path, validated=True)
    assert calls == [] and _entries(again) == _entries(first) and again.path == str(path)
    assert again.find("The CSTO met.", "en")[0].entry.id == "csto"
    path.write_text(path.read_text(encoding="utf-8").replace("{term: CSTO}", "{term: CSTOX}"), encoding="utf-8")
    changed = Glossary.load(path, validated=True)
    assert calls == [str(path)] and changed.get("csto").terms[0].text == "CSTOX"


def test_damaged_or_foreign_cache_entries_are_not_used(tmp_path: Path, cache_root: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "g.yaml"
    shutil.copy(SHIPPED, path)
    expected = _entries(Glossary.load(path))
    stored = [p for p in cache_root.rglob("*") if p.is_file()]
    assert len(stored) == 1
    stored[0].write_bytes(b"not a pickle")
    assert _entries(Glossary.load(path)) == expected
    calls: list[str] = []
    real = glossary_cache.parse_text
    monkeypatch.setattr(glossary_cache, "parse_text", lambda text, where: calls.append(where) or real(text, where))
    os.chmod(stored[0], 0o666)  # another user could have written it: never unpickled
    assert _entries(Glossary.load(path)) == expected and calls == [str(path)]


def test_an_invalid_glossary_is_refused_from_the_cache_too(tmp_path: Path, cache_root: Path) -> None:
    from aligntool.core.errors import ParseError

    path = tmp_path / "g.yaml"
    path.write_text("format: aligntool-glossary/1\nlanguages: [en, ru]\nentries:\n- id: a\n  type: bogus\n"
                    "  en:\n    - {term: A}\n", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(ParseError, match=r"g.yaml:\d+"):
            Glossary.load(path, validated=True)
