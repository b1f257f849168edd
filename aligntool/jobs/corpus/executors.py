"""Where corpus work runs: in this process (``local``) or on a Ray cluster (``ray``).

Both executors take the same work items and the same worker factory and yield the same
:class:`~aligntool.jobs.corpus.worker.DocumentStatus` rows, so a run gives the same files either way. On Ray, a
pool of actors (one per ``--workers``), each holding one loaded worker (models loaded once per actor), is fed
calls of ``batch_size`` work items; each actor has ``calls_in_flight`` calls queued, so it never waits for the
driver between calls. Work items and statuses travel as small pickled objects: no documents go through the
object store, and no Ray Data blocks are scheduled (on one 2-core machine the Ray Data pipeline with a block
per document cost half the throughput: see docs/speed.md). A worker process that dies is restarted and its
call retried by Ray, at most ``RAY_RETRIES`` times; then the call's documents are reported failed and a fresh
actor takes its place.
"""

from __future__ import annotations

import contextlib
import os
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
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
    batch_size: int = 1  # work items per call to a Ray actor
    calls_in_flight: int = 2  # calls queued per actor (the next is waiting while one runs)

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
        if self.batch_size < 1:
            problems.append(f"--documents-per-call must be at least 1, not {self.batch_size}")
        if self.calls_in_flight < 1:
            problems.append(f"calls in flight per worker must be at least 1, not {self.calls_in_flight}")
        if self.executor == "local" and (self.address or self.workers != 1 or self.gpus_per_worker
                                         or self.batch_size != 1):
            problems.append("--ray-address, --workers, --gpus-per-worker and --documents-per-call need --executor ray")
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
    """The ``ray`` module, or a MissingDependencyError naming the extra."""
    try:
        import ray
    except ImportError:
        raise MissingDependencyError("ray", "ray", "--executor ray") from None
    return ray


class _RayWorker:
    """A Ray actor: one worker (loaded models) for every call it is given."""

    def __init__(self, make_worker: WorkerFactory) -> None:
        self.worker = make_worker(True)

    def run(self, items: list[WorkItem]) -> list[DocumentStatus]:
        """Every document of ``items``, one status each."""
        return [status for item in items for status in self.worker.run(item)]

    def close(self) -> None:
        """Close the worker (its resume journals keep what was translated)."""
        self.worker.close()


def _died(items: Sequence[WorkItem]) -> list[DocumentStatus]:
    return [DocumentStatus(item.id, item.path, "failed", item=item.id,
                           error=f"{item.path}: the worker translating it died {RAY_RETRIES + 1} times "
                                 "(killed, out of memory or crashed); see the Ray logs") for item in items]


def _run_ray(items: Sequence[WorkItem], make_worker: WorkerFactory, options: ExecutorOptions
             ) -> Iterator[DocumentStatus]:
    ray = import_ray()
    if not ray.is_initialized():
        if options.address:
            ray.init(address=options.address, log_to_driver=False)
        else:
            ray.init(num_cpus=max(1, int(options.workers * options.cpus_per_worker)), include_dashboard=False,
                     log_to_driver=False)
    runtime_env = {"env_vars": {FAILPOINT_VARIABLE: os.environ[FAILPOINT_VARIABLE]}} \
        if os.environ.get(FAILPOINT_VARIABLE) else None
    # Bounded, unlike an actor's default (never restarted): a document that kills its worker every time must end.
    actor_class = ray.remote(_RayWorker).options(
        num_cpus=options.cpus_per_worker, num_gpus=options.gpus_per_worker or None, max_restarts=RAY_RETRIES,
        max_task_retries=RAY_RETRIES, **({"runtime_env": runtime_env} if runtime_env else {}))
    factory = ray.put(make_worker)  # once in the object store, whatever its size (the alignment model)
    calls: deque[tuple[list[WorkItem], int]] = deque(
        (list(items[start:start + options.batch_size]), 0) for start in range(0, len(items), options.batch_size))
    actors = [actor_class.remote(factory) for _ in range(min(options.workers, max(1, len(calls))))]
    running: dict[Any, tuple[Any, list[WorkItem], int]] = {}

    def submit(actor: Any) -> None:
        if calls:
            chunk, attempts = calls.popleft()
            running[actor.run.remote(chunk)] = (actor, chunk, attempts)

    for actor in actors:
        for _ in range(options.calls_in_flight):
            submit(actor)
    try:
        while running:
            (ref,), _ = ray.wait(list(running), num_returns=1)
            actor, chunk, attempts = running.pop(ref)
            try:
                statuses = ray.get(ref)
            except ray.exceptions.RayError:  # the actor died more often than it may be restarted
                # Its queued calls fail with it, and which call killed it is unknown: each goes to a fresh actor
                # once more; a call that kills that one too is reported failed.
                if attempts:
                    yield from _died(chunk)
                else:
                    calls.append((chunk, 1))
                if actor in actors:
                    actors[actors.index(actor)] = actor = actor_class.remote(factory)
                    for _ in range(options.calls_in_flight):
                        submit(actor)
                continue
            yield from statuses
            submit(actor)
    finally:
        with contextlib.suppress(ray.exceptions.RayError):
            ray.get([actor.close.remote() for actor in actors], timeout=60)
        for actor in actors:
            ray.kill(actor)
