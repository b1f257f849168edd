"""Translation quality against reference translations: ``aligntool evaluate``.

Corpus BLEU, chrF, chrF++ and TER come from sacrebleu (its signatures are printed with the figures), the
term success rate from the project's term scorer, significance from sacrebleu's paired tests. Typical use::

    report = evaluate(EvaluateJob(hypotheses=[Path("a.en-kk.tmx"), Path("b.en-kk.tmx")],
                                  reference=Path("human.en-kk.tmx")))
    print(report.format_table())
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aligntool.core.atomic import text_output
from aligntool.core.errors import ConfigError
from aligntool.core.signature import base_signature, file_hash
from aligntool.engines.terminology.check import check_pairs
from aligntool.engines.terminology.termbase import Glossary
from aligntool.jobs.evaluate.bounds import check_bounds, check_resampling
from aligntool.jobs.evaluate.inputs import (
    MATCH_KEYS,
    EvaluationRow,
    Reconciliation,
    pair,
    read_side,
    read_source_lines,
)
from aligntool.jobs.evaluate.metrics import (
    METRIC_NAMES,
    SIGNIFICANCE_TESTS,
    MetricScore,
    corpus_scores,
    paired_significance,
    sentence_scores,
)
from aligntool.jobs.evaluate.table import format_report

__all__ = ["METRIC_NAMES", "EvaluateJob", "EvaluationReport", "SystemResult", "evaluate", "write_per_sentence"]


@dataclass(frozen=True)
class EvaluateJob:
    """Everything ``aligntool evaluate`` needs; the CLI builds one from its options."""

    hypotheses: Sequence[Path]
    reference: Path
    source: Path | None = None  # line-aligned source text (for text inputs: term check, per-sentence table)
    source_lang: str | None = None  # default: the TMX header's, else en
    target_lang: str | None = None  # default: the only target language of the TMX
    match: str = "source"  # TMX units pair by source text or by tuid
    glossary: Path | None = None
    metrics: Sequence[str] = METRIC_NAMES
    significance: str = "bs"  # bs | ar | none (only with two or more systems)
    samples: int = 0  # resamples/trials; 0 = sacrebleu's default (1000 bs, 10000 ar)
    names: Sequence[str] = ()  # system names (default: file names)


@dataclass
class SystemResult:
    """One system's figures: corpus scores, term rate, per-document scores, reconciliation."""

    name: str
    path: Path
    scores: dict[str, MetricScore]
    reconciliation: Reconciliation
    terms: dict[str, Any] | None = None
    documents: dict[str, dict[str, float]] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"name": self.name, "path": str(self.path),
                "scores": {name: score.as_dict() for name, score in self.scores.items()},
                "terms": self.terms, "documents": self.documents,
                "reconciliation": self.reconciliation.as_dict()}


@dataclass
class EvaluationReport:
    """The result of one evaluation: every system against one reference."""

    reference: Path
    source_lang: str
    target_lang: str | None
    segments: int
    systems: list[SystemResult]
    rows: list[EvaluationRow]
    significance: str
    signature: str

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form (``aligntool evaluate --json``)."""
        return {"reference": str(self.reference), "source_lang": self.source_lang,
                "target_lang": self.target_lang, "segments": self.segments, "significance": self.significance,
                "signature": self.signature, "systems": [system.as_dict() for system in self.systems]}

    def format_table(self) -> str:
        """The terminal report: scores, p-values, terms, per-document figures, signatures, reconciliation."""

        return format_report(self)


def _term_rates(glossary: Glossary, rows: Sequence[EvaluationRow], system: int, source_lang: str,
                target_lang: str) -> dict[str, Any]:

    report = check_pairs(glossary, ((row.where[system], row.source or "", row.hypotheses[system]) for row in rows),
                         source_lang, target_lang)
    return {"occurrences": report.occurrences, "exact": report.exact, "lemma": report.lemma, "case": report.case,
            "exact_rate": round(report.rate("exact"), 4), "lemma_rate": round(report.rate("lemma"), 4),
            "case_rate": round(report.rate("case"), 4), "issues": len(report.issues),
            "classes": {kind: n for kind, n in report.classes().items() if n}}


def evaluate(job: EvaluateJob) -> EvaluationReport:
    """Score every hypothesis file against the reference; raises AligntoolError on unusable input."""

    if not job.hypotheses:
        raise ConfigError("give at least one hypothesis file")
    if job.match not in MATCH_KEYS:
        raise ConfigError(f"--match must be one of {', '.join(MATCH_KEYS)}, not {job.match!r}")
    if job.significance not in SIGNIFICANCE_TESTS:
        raise ConfigError(f"--significance must be one of {', '.join(SIGNIFICANCE_TESTS)}, "
                          f"not {job.significance!r}")
    check_bounds(job)
    names = list(job.names) or [path.name for path in job.hypotheses]
    if len(names) != len(job.hypotheses):
        raise ConfigError(f"--names gives {len(names)} names for {len(job.hypotheses)} hypothesis files")
    if len(set(names)) != len(names):
        raise ConfigError("system names must differ; give them with --names a,b")
    sources = read_source_lines(job.source) if job.source else None
    reference = read_side(job.reference, job.source_lang, job.target_lang, job.match, sources)
    source_lang = reference.source_lang or job.source_lang or "en"
    target_lang = reference.target_lang or job.target_lang
    systems = [read_side(path, source_lang, target_lang, job.match, sources) for path in job.hypotheses]
    rows, reconciliations = pair(systems, reference, names)
    references = [row.reference for row in rows]
    signature = base_signature().with_fields(reference=file_hash(job.reference))

    if len(systems) > 1 and job.significance != "none":
        check_resampling(job.significance, job.samples, len(rows))
        per_system = paired_significance([(name, [row.hypotheses[index] for row in rows])
                                          for index, name in enumerate(names)], references, job.metrics,
                                         job.significance, job.samples)
        plain = [corpus_scores([row.hypotheses[index] for row in rows], references, job.metrics)
                 for index in range(len(systems))]
        # Figures carry the plain corpus signature; the p-values come from the paired test.
        scores = [{name: MetricScore(name, plain[i][name].score, plain[i][name].signature,
                                     per_system[i][name].p_value, per_system[i][name].ci)
                   for name in job.metrics} for i in range(len(systems))]
    else:
        scores = [corpus_scores([row.hypotheses[index] for row in rows], references, job.metrics)
                  for index in range(len(systems))]

    glossary = None
    if job.glossary is not None:

        if target_lang is None:
            raise ConfigError("the term check needs the target language: give --to")
        if any(row.source is None for row in rows):
            raise ConfigError("the term check needs the source sentences: give --source FILE for text inputs")
        glossary = Glossary.load(job.glossary)
        signature = signature.with_fields(glossary=glossary.signature())

    documents: dict[str, list[EvaluationRow]] = defaultdict(list)
    for row in rows:
        documents[row.document].append(row)
    results = []
    for index, (name, path) in enumerate(zip(names, job.hypotheses, strict=True)):
        per_document = {
            document: {metric: round(score.score, 4) for metric, score in
                       corpus_scores([row.hypotheses[index] for row in doc_rows],
                                     [row.reference for row in doc_rows], job.metrics).items()}
            for document, doc_rows in documents.items()
        } if len(documents) > 1 else {}
        terms = (_term_rates(glossary, rows, index, source_lang, target_lang or "")
                 if glossary is not None else None)
        results.append(SystemResult(name, path, scores[index], reconciliations[index], terms, per_document))
    return EvaluationReport(job.reference, source_lang, target_lang, len(rows), results, rows,
                            job.significance if len(systems) > 1 else "none", signature.format())


def write_per_sentence(report: EvaluationReport, path: Path) -> int:
    """A TSV, worst sentences first (by sentence chrF), one row per system and segment; returns the rows."""

    records = []
    for row in report.rows:
        for index, system in enumerate(report.systems):
            scores = sentence_scores(row.hypotheses[index], row.reference)
            records.append((scores["chrF"], scores["BLEU"], system.name, row.where[index], row.document,
                            row.source or "", row.reference, row.hypotheses[index]))
    records.sort(key=lambda record: (record[0], record[3]))
    with text_output(path) as out:
        out.write("chrF\tBLEU\tsystem\twhere\tdocument\tsource\treference\thypothesis\n")
        for chrf, bleu, *texts in records:
            cells = [" ".join(str(text).split()) for text in texts]
            out.write(f"{chrf:.2f}\t{bleu:.2f}\t" + "\t".join(cells) + "\n")
    return len(records)
