"""The options every collection command shares (``--executor`` and Ray's settings), declared once."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

Executor = Annotated[str, typer.Option(
    "--executor", metavar="local|ray",
    help="Where a collection runs: this process, or a Ray cluster (pip install 'aligntool[ray]').")]
RayAddress = Annotated[str | None, typer.Option(
    "--ray-address", metavar="ADDR", help="Ray cluster to join: auto or ray://HOST:PORT (default: a local Ray "
                                          "started for this run).")]
Workers = Annotated[int, typer.Option("--workers", metavar="N", help="Ray actors, each with its own model copy.")]
CpusPerWorker = Annotated[float, typer.Option("--cpus-per-worker", metavar="N", help="CPUs Ray reserves per worker.")]
GpusPerWorker = Annotated[float, typer.Option("--gpus-per-worker", metavar="N", help="GPUs Ray reserves per worker.")]
DocumentsPerCall = Annotated[int, typer.Option(
    "--documents-per-call", metavar="N", help="Ray: documents sent to a worker in one call; more hides the per-call "
                                              "cost when documents are small (docs/corpora.md).")]
RunReport = Annotated[Path | None, typer.Option(
    "--run-report", metavar="FILE", help="Collections: the run report (JSONL, one row per document; default "
                                         "OUT/aligntool-run.jsonl).")]


def executor_options(executor: str, address: str | None, workers: int, cpus: float, gpus: float,
                     documents_per_call: int = 1) -> Any:
    """The checked :class:`aligntool.jobs.corpus.executors.ExecutorOptions`."""
    from aligntool.jobs.corpus.executors import ExecutorOptions

    options = ExecutorOptions(executor, address, workers, cpus, gpus, batch_size=documents_per_call)
    options.validate()
    return options


def echo_summary(summary: Any, quiet: bool, as_json: bool) -> int:
    """Print a corpus run's table (and JSON); exit 1 when a document failed."""
    import json

    if as_json:
        typer.echo(json.dumps(summary.as_dict(), ensure_ascii=False, indent=2))
    if not quiet or summary.failed:
        typer.echo(summary.table(), err=True)
    return 1 if summary.failed else 0
