"""Corpus metrics through sacrebleu (BLEU, chrF, chrF++, TER) with sacrebleu's own signatures.

Scores are sacrebleu's, computed with its default settings, so a figure printed here is the figure
``sacrebleu REF -i HYP -m bleu chrf ter`` prints and papers report, and the signature says so.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from aligntool.core.errors import ConfigError, MissingDependencyError

#: Metric name → factory; the order is the table's column order.
METRIC_NAMES = ("BLEU", "chrF", "chrF++", "TER")
#: Metrics where a lower score is better.
LOWER_IS_BETTER = frozenset({"TER"})
SIGNIFICANCE_TESTS = ("bs", "ar", "none")


def _sacrebleu() -> Any:
    try:
        import sacrebleu
    except ImportError:
        raise MissingDependencyError("sacrebleu", "eval", "aligntool evaluate") from None
    return sacrebleu


def _factories() -> dict[str, Callable[[], Any]]:
    metrics = _sacrebleu().metrics
    return {
        "BLEU": metrics.BLEU,
        "chrF": metrics.CHRF,
        "chrF++": lambda: metrics.CHRF(word_order=2),
        "TER": metrics.TER,
    }


def make_metrics(names: Sequence[str] = METRIC_NAMES) -> dict[str, Any]:
    """Fresh sacrebleu metric objects for the given names (all problems reported at once)."""
    factories = _factories()
    unknown = [name for name in names if name not in factories]
    if unknown:
        raise ConfigError(f"unknown metric(s) {', '.join(unknown)}; choose from {', '.join(METRIC_NAMES)}")
    return {name: factories[name]() for name in names}


@dataclass(frozen=True)
class MetricScore:
    """One corpus-level score with sacrebleu's signature and, against a baseline, a p-value."""

    name: str
    score: float
    signature: str
    p_value: float | None = None
    ci: float | None = None  # half-width of the 95% confidence interval (bootstrap)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"score": round(self.score, 4), "signature": self.signature, "p_value": self.p_value,
                "ci95": None if self.ci is None else round(self.ci, 4)}


def corpus_scores(hypotheses: Sequence[str], references: Sequence[str],
                  names: Sequence[str] = METRIC_NAMES) -> dict[str, MetricScore]:
    """Corpus scores of one system against one reference stream."""
    scores = {}
    for name, metric in make_metrics(names).items():
        result = metric.corpus_score(list(hypotheses), [list(references)])
        scores[name] = MetricScore(name, float(result.score), str(metric.get_signature()))
    return scores


def paired_significance(systems: Sequence[tuple[str, Sequence[str]]], references: Sequence[str],
                        names: Sequence[str] = METRIC_NAMES, test: str = "bs",
                        samples: int = 0) -> list[dict[str, MetricScore]]:
    """Each system's scores, with p-values of the difference to the first system (sacrebleu's PairedTest).

    ``test``: ``bs`` paired bootstrap resampling (Koehn 2004), ``ar`` approximate randomization
    (Riezler and Maxwell 2005). The seed is sacrebleu's (``SACREBLEU_SEED``, 12345 by default).
    """
    if test not in ("bs", "ar"):
        raise ConfigError(f"--significance must be one of {', '.join(SIGNIFICANCE_TESTS)}, not {test!r}")
    _sacrebleu()
    from sacrebleu import significance
    metrics = make_metrics(names)
    paired = significance.PairedTest([(name, list(hyps)) for name, hyps in systems], metrics,
                                     references=[list(references)], test_type=test, n_samples=samples,
                                     n_ar_confidence=-1 if test == "ar" else 0)
    signatures, results = paired()
    # sacrebleu names its result columns by the metric's own name (BLEU, chrF2, chrF2++, TER).
    columns = [column for column in results if column != "System"]
    by_system: list[dict[str, MetricScore]] = [{} for _ in systems]
    for name, column in zip(names, columns, strict=True):
        signature = str(signatures[column])
        for index, result in enumerate(results[column]):
            by_system[index][name] = MetricScore(name, float(result.score), signature,
                                                 p_value=None if index == 0 else result.p_value, ci=result.ci)
    return by_system


def sentence_scores(hypothesis: str, reference: str) -> dict[str, float]:
    """Sentence-level chrF and BLEU (for finding the worst sentences; corpus figures are not their mean)."""
    sacrebleu = _sacrebleu()
    return {
        "chrF": float(sacrebleu.sentence_chrf(hypothesis, [reference]).score),
        "BLEU": float(sacrebleu.sentence_bleu(hypothesis, [reference]).score),
    }
