"""Bounds on what ``aligntool evaluate`` is asked to do: metric names, resamples, and the memory they take.

sacrebleu's paired bootstrap draws every resample at once: an index array of samples × segments and, for each
metric, the statistics of every drawn segment (float32, 10 to 25 per segment). Unbounded, ``--samples
100000000`` took 7.9 GB before numpy failed. The limits of :mod:`aligntool.core.limits` keep one test within
``EVALUATE_WORK`` drawn segments (up to 125 bytes of memory each: 16 million, about 2 GiB, by default).
"""

from __future__ import annotations

from typing import Protocol

from aligntool.core.errors import ConfigError
from aligntool.core.limits import EVALUATE_SAMPLES, EVALUATE_WORK
from aligntool.jobs.evaluate.metrics import METRIC_NAMES

#: sacrebleu's defaults when ``--samples`` is 0.
DEFAULT_SAMPLES = {"bs": 1000, "ar": 10000}
#: Peak memory per drawn segment in the paired bootstrap (index + statistics), measured with sacrebleu 2.x:
#: BLEU 67, chrF 98, chrF++ 122, TER 27 bytes (4,000 segments × 1,000 samples); metrics run one at a time.
BYTES_PER_DRAWN_SEGMENT = 125


class _Job(Protocol):
    metrics: object
    samples: int


def check_bounds(job: _Job) -> None:
    """Refuse an empty or unknown metric list and a negative or too large number of samples."""
    metrics = list(job.metrics)  # type: ignore[call-overload]
    if not metrics:
        raise ConfigError(f"--metrics: give at least one metric ({', '.join(METRIC_NAMES)})")
    if len(set(metrics)) != len(metrics):
        raise ConfigError(f"--metrics {','.join(metrics)}: a metric is listed twice")
    if job.samples < 0:
        raise ConfigError(f"--samples {job.samples}: give a positive number (0: sacrebleu's default)")
    limit = EVALUATE_SAMPLES.value()
    if job.samples > limit:
        raise ConfigError(f"--samples {job.samples} is more than the limit of {limit}; "
                          f"{EVALUATE_SAMPLES.hint()}")


def check_resampling(test: str, samples: int, segments: int) -> None:
    """Refuse a significance test whose draws (samples × segments) would not fit the memory bound."""
    drawn = (samples or DEFAULT_SAMPLES.get(test, 1000)) * segments
    limit = EVALUATE_WORK.value()
    if drawn > limit:
        fits = max(1, limit // max(segments, 1))
        raise ConfigError(
            f"--significance {test} with {samples or DEFAULT_SAMPLES.get(test, 1000)} samples of {segments} segments "
            f"draws {drawn:,} segments (about {drawn * BYTES_PER_DRAWN_SEGMENT / 2**30:.1f} GiB), more than the "
            f"limit of {limit:,}; give --samples {fits} or fewer, or --significance none; {EVALUATE_WORK.hint()}")
