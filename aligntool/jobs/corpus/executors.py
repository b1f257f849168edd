"""Where corpus work runs: in this process (``local``) or on a Ray cluster (``ray``).

Both executors take the same work items and the same worker factory and yield the same
:class:`~aligntool.jobs.corpus.worker.DocumentStatus` rows, so a run gives the same files either way. On Ray,
documents flow through Ray Data in batches to a pool of actors, each holding one loaded worker (models
loaded once per actor); a worker process that dies is restarted and its batch retried by Ray.
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from aligntool.core.errors import ConfigError, MissingDependencyError
from aligntool.jobs.corpus.inputs import WorkItem
from aligntool.jobs.corpus.worker import FAILPOINT_VARIABLE, DocumentStatus

EXECUTORS = ("local", "ray")
#: How often Ray restarts a dead worker and retries its batch before the batch's documents count as failed.
RAY_RETRIES = 3

WorkerFactory = Callable[[bool], Any]  # failpoints on? → an object with run(item) -> list[DocumentStatus], close()


@dataclass(frozen=True)
class ExecutorOptions:
    """``--executor`` and its Ray settings (one frozen object; checked before anything runs)."""

    executor: str = "local"
    address: str | None = None  # None: a local Ray started for this run; "auto" or "ray://host:port": a cluster
    workers: int = 1
    cpus_per_worker: float = 1.0
    gpus_per_worker: float = 0.0
    batch_size: int = 1  # work items per Ray batch

    def validate(self) -> None:
        """One ConfigError naming every bad option."""
        problems = []
        if self.executor not in EXECUTORS:
            problems.append(f"--executor must be one of {', '.join(EXECUTORS)}, not {self.executor!r}")
        if self.workers < 1:
            problems.append(f"--workers must be at least 1, not {self.workers}")
        if self.cpus_per_worker <= 0:
            problems.append(f"--cpus-per-worker must be positive, not {self.cpus_per_worker:g}")
        if self.gpus_per_worker < 0:
            problems.append(f"--gpus-per-worker must be 0 or more, not {self.gpus_per_worker:g}")
        if self.executor == "local" and (self.address or self.workers != 1 or self.gpus_per_worker):
            problems.append("--ray-address, --workers and --gpus-per-worker need --executor ray")
        if problems:
            raise ConfigError("; ".join(problems))


def run(items: Sequence[WorkItem], make_worker: WorkerFactory, options: ExecutorOptions) -> Iterator[DocumentStatus]:
    """Run every item; yields one status per document, as they finish."""
    options.validate()
    if options.executor == "ray":
        yield from _run_ray(items, make_worker, options)
        return
    worker = make_worker(False)
    try:
        for item in items:
            yield from worker.run(item)
    finally:
        worker.close()


def import_ray() -> Any:
    """The ``ray`` module (with Ray Data), or a MissingDependencyError naming the extra."""
    try:
        import ray
        import ray.data
    except ImportError:
        raise MissingDependencyError("ray[data]", "ray", "--executor ray") from None
    return ray


class _RayWorker:
    """A Ray Data actor: one worker (loaded models) for every batch it is given."""

    def __init__(self, make_worker: WorkerFactory) -> None:
        self.worker = make_worker(True)

    def __del__(self) -> None:  # Ray Data has no teardown hook for map_batches actors
        self.worker.close()

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[Any]]:
        columns: dict[str, list[Any]] = {"status": []}
        for raw in batch["item"]:
            fields = json.loads(raw)
            item = WorkItem(**{**fields, "to": tuple(fields["to"])})
            columns["status"] += [json.dumps(s.as_dict(), ensure_ascii=False) for s in self.worker.run(item)]
        return columns


def _retry_args() -> dict[str, int]:
    # Bounded, unlike Ray Data's default (forever): a document that kills its worker every time must end.
    return {"max_restarts": RAY_RETRIES, "max_task_retries": RAY_RETRIES}


def _run_ray(items: Sequence[WorkItem], make_worker: WorkerFactory, options: ExecutorOptions
             ) -> Iterator[DocumentStatus]:
    import os

    ray = import_ray()
    if not ray.is_initialized():
        if options.address:
            ray.init(address=options.address, log_to_driver=False)
        else:
            ray.init(num_cpus=max(1, int(options.workers * options.cpus_per_worker)), include_dashboard=False,
                     log_to_driver=False)
    context = ray.data.DataContext.get_current()
    context.max_errored_blocks = len(items)  # a batch that keeps failing is reported, the others go on
    runtime_env = {"env_vars": {FAILPOINT_VARIABLE: os.environ[FAILPOINT_VARIABLE]}} \
        if os.environ.get(FAILPOINT_VARIABLE) else None
    dataset = ray.data.from_items([{"item": json.dumps(asdict(item), ensure_ascii=False)} for item in items],
                                  override_num_blocks=max(1, len(items)))
    with warnings.catch_warnings():
        # Ray 2.60 deprecates passing actor options this way, with no replacement for bounded restarts yet.
        warnings.simplefilter("ignore")
        dataset = dataset.map_batches(
            _RayWorker, fn_constructor_args=(make_worker,), batch_size=options.batch_size,
            compute=ray.data.ActorPoolStrategy(size=options.workers), num_cpus=options.cpus_per_worker,
            num_gpus=options.gpus_per_worker or None, ray_remote_args_fn=_retry_args, runtime_env=runtime_env,
        )
    finished: set[str] = set()
    for row in dataset.iter_rows():
        status = DocumentStatus(**json.loads(row["status"]))
        finished.add(status.item)
        yield status
    for item in items:
        if item.id not in finished:
            yield DocumentStatus(item.id, item.path, "failed", item=item.id,
                                 error=f"{item.path}: the worker translating it died {RAY_RETRIES + 1} times "
                                       "(killed, out of memory or crashed); see the Ray logs")
