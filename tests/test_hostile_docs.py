"""Issue #27, 'Done when': the documented limits are the limits in force (docs/reliability.md lists each one of
aligntool.core.limits with its default and the variable that changes it), and SECURITY.md points at them."""

from __future__ import annotations

from pathlib import Path

import pytest

from aligntool.core import limits

ROOT = Path(__file__).resolve().parents[1]


def _rows() -> list[str]:
    text = (ROOT / "docs" / "reliability.md").read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.startswith("| ")]


@pytest.mark.parametrize("limit", limits.ALL, ids=lambda limit: limit.name)
def test_every_limit_is_documented_with_its_default(limit: limits.Limit) -> None:
    rows = [row for row in _rows() if f"`{limit.variable}`" in row]
    assert rows, f"{limit.variable} is not in the limits table of docs/reliability.md"
    default = f"{limit.default} MiB" if limit.unit == "MiB" else f"{limit.default:,}"
    assert any(f"| {default}" in row for row in rows), (limit, rows)


def test_security_policy_names_the_limits_page_and_how_to_report() -> None:
    text = (ROOT / "SECURITY.md").read_text(encoding="utf-8")
    assert "docs/reliability.md" in text and "## Reporting a problem" in text
    assert (ROOT / "docs" / "reliability.md").is_file()
