"""One vocabulary across commands: --from/--to, -o/--out, '-' for stdin/stdout, old spellings as hidden aliases,
and languages without rules of their own named with the fallback used."""

from __future__ import annotations

from aligntool.segmentation import fallback_rules


def test_fallback_rules_name_what_segments_a_language() -> None:
    assert fallback_rules("en") is None and fallback_rules("ru-RU") is None and fallback_rules("kk") is None
    assert "Moses non-breaking prefixes for 'de'" in fallback_rules("de")  # sacremoses has a German list
    assert fallback_rules("xx") == "the generic rules only (no abbreviation list for it)"
