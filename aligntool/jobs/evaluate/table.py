"""The terminal form of an evaluation report (``aligntool evaluate`` without ``--json``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from aligntool.jobs.evaluate.run import EvaluationReport


def _p_value(value: float | None) -> str:
    if value is None:
        return ""
    return f" (p={value:.4f}{'*' if value < 0.05 else ''})"


def format_report(report: EvaluationReport) -> str:
    """Scores per system (p-values against the first system), per document, signatures, reconciliation."""
    metrics = list(report.systems[0].scores)
    direction = f"{report.source_lang}→{report.target_lang}" if report.target_lang else report.source_lang
    lines = [f"{report.segments} segments scored against {report.reference} ({direction})", ""]
    width = max(len("system"), *(len(system.name) for system in report.systems))
    header = f"{'system':<{width}}  " + "  ".join(f"{name:>22}" for name in metrics)
    if report.systems[0].terms is not None:
        header += f"  {'terms exact':>14}  {'terms lemma':>11}  {'terms case':>10}"
    lines.append(header)
    for system in report.systems:
        cells = [f"{score.score:6.2f}{_p_value(score.p_value)}" for score in system.scores.values()]
        line = f"{system.name:<{width}}  " + "  ".join(f"{cell:>22}" for cell in cells)
        if system.terms is not None:
            terms = system.terms
            line += (f"  {terms['exact']:>4}/{terms['occurrences']:<4} {terms['exact_rate']:6.1%}"
                     f"  {terms['lemma_rate']:11.1%}  {terms['case_rate']:10.1%}")
        lines.append(line)
    if report.systems[0].terms is not None:
        lines.append("terms: exact = an allowed form (any inflection counts, as in the WMT terminology task), "
                     "lemma = the term's words in any inflection, case = an allowed form in a case its context "
                     "allows (aligntool's case check)")
    if report.significance != "none":
        test = {"bs": "paired bootstrap resampling", "ar": "approximate randomization"}[report.significance]
        lines.append(f"p-values: {test} against {report.systems[0].name} (* p < 0.05)")
    documents = report.systems[0].documents
    if documents:
        lines += ["", "per document:"]
        for document in documents:
            for system in report.systems:
                figures = "  ".join(f"{name} {value:6.2f}" for name, value in system.documents[document].items())
                lines.append(f"  {document}  {system.name}: {figures}")
    lines += ["", "sacrebleu signatures:"]
    lines += [f"  {name}: {score.signature}" for name, score in report.systems[0].scores.items()]
    lines.append(f"aligntool: {report.signature}")
    lines += ["", "reconciliation:"]
    for system in report.systems:
        rec = system.reconciliation
        lines.append(f"  {system.name}: {rec.hypotheses} hypotheses, {rec.references} references → {rec.scored} scored"
                     f"; {len(rec.hypotheses_without_reference)} hypotheses without a reference"
                     f", {len(rec.references_without_hypothesis)} references without a hypothesis"
                     f", {len(rec.empty_references)} empty references"
                     f", {rec.not_in_every_system} missing from another system")
        for where in rec.hypotheses_without_reference[:3]:
            lines.append(f"    no reference: {where}")
        for where in rec.references_without_hypothesis[:3]:
            lines.append(f"    no hypothesis: {where}")
    return "\n".join(lines)
