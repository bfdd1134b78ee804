"""Where the chunks of a design are evaluated: in this process, or on a Dask cluster.

The numeric core knows nothing of this module. A design (:mod:`panmun.sensitivity.sampling`)
is cut into chunks of whole groups of rows; each chunk is one task,
``evaluate_block(evaluator, design, start, stop)``, which rebuilds its rows and hands them to
the evaluator in one vectorised call. The indices of each output are then one task each
(:meth:`Executor.map`). The evaluator and the design's base points are sent to
every worker once (``Client.scatter(..., broadcast=True)``), so a task carries only two
integers and returns one ``(rows, outputs)`` array; results are put back in design order, so
they are the same whatever the number of workers or chunks.

* :class:`InProcess` runs the chunks one after the other here.
* :class:`OnDask` submits them to a ``distributed.Client``. :func:`dask_executor` opens one:
  ``"local"`` starts a ``LocalCluster`` of single-threaded worker processes bound to
  127.0.0.1 with the dashboard off, and closes it afterwards; any other value is the address
  of a running scheduler (for example one started on a Slurm allocation with dask-jobqueue).
  Workers should run without Dask's default ``MALLOC_TRIM_THRESHOLD_`` (see
  :data:`KEEP_GLIBC_TRIM`): the local cluster's do; for a cluster of your own, set
  ``distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_`` to ``null`` in its Dask
  configuration.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Iterator, Sequence
from typing import Any, Protocol, TypeVar

import numpy as np

from panmun.errors import InputError
from panmun.sensitivity.records import Evaluator, FloatArray
from panmun.sensitivity.sampling import optional_module

T = TypeVar("T")
R = TypeVar("R")


class Design(Protocol):
    """Rows of a sample design, rebuilt on demand."""

    @property
    def total(self) -> int:
        """Rows of the whole design."""
        ...

    def rows(self, start: int, stop: int) -> FloatArray:
        """Rows ``start`` to ``stop - 1``."""
        ...


def evaluate_block(evaluator: Evaluator, design: Design, start: int, stop: int) -> FloatArray:
    """Evaluate rows ``start`` to ``stop - 1`` of the design: one task."""
    return np.asarray(evaluator.evaluate(design.rows(start, stop)), dtype=np.float64)


class Executor(Protocol):
    """Runs :func:`evaluate_block` over chunks, and independent tasks (the indices of each
    output), returning results in the order given."""

    def run(
        self, evaluator: Evaluator, design: Design, chunks: Sequence[tuple[int, int]]
    ) -> list[FloatArray]:
        """Evaluate every chunk."""
        ...

    def map(self, fn: Callable[[T], R], items: Sequence[T]) -> list[R]:
        """``[fn(item) for item in items]``, perhaps elsewhere."""
        ...


class InProcess:
    """Evaluate the chunks here, one after the other."""

    def run(
        self, evaluator: Evaluator, design: Design, chunks: Sequence[tuple[int, int]]
    ) -> list[FloatArray]:
        """Evaluate every chunk in this process."""
        return [evaluate_block(evaluator, design, a, b) for a, b in chunks]

    def map(self, fn: Callable[[T], R], items: Sequence[T]) -> list[R]:
        """``[fn(item) for item in items]`` here."""
        return [fn(item) for item in items]


class OnDask:
    """Evaluate the chunks as tasks of a Dask cluster (``distributed.Client``)."""

    def __init__(self, client: Any) -> None:
        self.client = client

    @property
    def workers(self) -> int:
        """Workers the scheduler knows of now."""
        return len(self.client.scheduler_info(n_workers=-1).get("workers", {}))

    def run(
        self, evaluator: Evaluator, design: Design, chunks: Sequence[tuple[int, int]]
    ) -> list[FloatArray]:
        """Send the evaluator and design to every worker once, then one task per chunk."""
        shared_evaluator, shared_design = self.client.scatter(
            [evaluator, design], broadcast=True, hash=False
        )
        futures = [
            self.client.submit(evaluate_block, shared_evaluator, shared_design, a, b, pure=False)
            for a, b in chunks
        ]
        try:
            return [np.asarray(r, dtype=np.float64) for r in self.client.gather(futures)]
        finally:
            self.client.cancel([*futures, shared_evaluator, shared_design])

    def map(self, fn: Callable[[T], R], items: Sequence[T]) -> list[R]:
        """One task per item; the items are scattered first (they may be large arrays)."""
        if not items:
            return []
        data = self.client.scatter(list(items), hash=False)
        futures = self.client.map(fn, data, pure=False)
        try:
            return list(self.client.gather(futures))
        finally:
            self.client.cancel([*futures, *data])


#: Dask's nannies start workers with ``MALLOC_TRIM_THRESHOLD_=65536`` (their
#: ``pre-spawn-environ``), which turns off glibc's dynamic mmap and trim thresholds
#: (``mallopt(3)``); the bargaining engine relies on them (see
#: :func:`panmun.bargaining._arrays.prime_host_allocator`) and runs about five times slower
#: without. A local cluster's workers are started without it (``None`` removes the entry).
KEEP_GLIBC_TRIM = "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_"


def quiet_dask_logs() -> None:
    """Keep Dask's own log lines (connection retries, cluster start and stop) off the
    terminal, so that a command prints its output and one line per problem, nothing else.

    A process-wide effect (the levels of Dask's loggers): for entry points only.
    """
    for name in ("distributed", "dask", "tornado", "asyncio"):
        logging.getLogger(name).setLevel(logging.CRITICAL)


def _unreachable(scheduler: str, timeout: float, exc: BaseException) -> str:
    """One line saying that no scheduler answered, with the reason unless it is the wait."""
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    waited = isinstance(exc, TimeoutError) or "timed out" in text.lower()
    reason = "" if waited else f" ({text})"
    return f"--scheduler: no Dask scheduler answered at {scheduler!r} within {timeout:g} s{reason}"


@contextlib.contextmanager
def dask_executor(
    scheduler: str,
    workers: int | None = None,
    *,
    timeout: float = 10.0,
    processes: bool = True,
) -> Iterator[OnDask]:
    """Open a Dask client for ``scheduler`` (``"local"`` or an address) and close it after.

    ``workers`` is the number of worker processes of a local cluster (each with one thread);
    with an address the cluster is what it is. A scheduler that does not answer within
    ``timeout`` seconds is an input error naming it. A local cluster's log lines are silenced
    while it runs (``silence_logs``, undone when it closes); see :func:`quiet_dask_logs` for
    the client's.
    """
    distributed = optional_module("distributed")
    with contextlib.ExitStack() as stack:
        if scheduler == "local":
            with optional_module("dask").config.set({KEEP_GLIBC_TRIM: None}):
                cluster = distributed.LocalCluster(
                    n_workers=workers or 1,
                    threads_per_worker=1,
                    processes=processes,
                    host="127.0.0.1",
                    dashboard_address=None,
                    silence_logs=logging.CRITICAL,
                )
            stack.callback(cluster.close)
            client = distributed.Client(cluster, timeout=timeout)
        else:
            try:
                client = distributed.Client(scheduler, timeout=timeout)
            except (OSError, TimeoutError, ValueError, TypeError) as exc:
                raise InputError([_unreachable(scheduler, timeout, exc)]) from None
        stack.callback(client.close)
        yield OnDask(client)
