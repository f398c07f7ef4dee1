"""Connecting to a Dask cluster, and calling it with a time limit and errors in words.

``local`` or ``local:N`` starts a ``LocalCluster`` of N worker processes on this
machine; ``tcp://host:8786`` (or any address ``distributed.Client`` accepts)
joins a running scheduler, such as one started by ``dask scheduler`` or by
dask-kubernetes; ``REEFSCOPE_DASK_SCHEDULER`` supplies the address when none is
given.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from reefscope.engine import InvalidInputError

if TYPE_CHECKING:  # distributed is an optional dependency
    from distributed import Client, Future

SCHEDULER_ENVIRONMENT_VARIABLE = "REEFSCOPE_DASK_SCHEDULER"
TIMEOUT_ENVIRONMENT_VARIABLE = "REEFSCOPE_DASK_TIMEOUT"
DEFAULT_TIMEOUT_SECONDS = 300.0


class ClusterError(RuntimeError):
    """The cluster could not answer: unreachable, too slow, or a task failed (the message says which)."""


def _require_distributed() -> None:
    try:
        import distributed  # noqa: F401
    except ImportError:
        raise ClusterError(
            "evaluating on a cluster needs Dask: pip install 'reefscope[distributed]'"
        ) from None


def default_timeout() -> float:
    """Seconds a cluster call may take: ``$REEFSCOPE_DASK_TIMEOUT`` or 300."""
    value = os.environ.get(TIMEOUT_ENVIRONMENT_VARIABLE)
    if not value:
        return DEFAULT_TIMEOUT_SECONDS
    try:
        seconds = float(value)
    except ValueError:
        raise InvalidInputError(
            f"expected a number of seconds but got {value!r}", source=TIMEOUT_ENVIRONMENT_VARIABLE
        ) from None
    if not seconds > 0:
        raise InvalidInputError(
            f"expected a positive number of seconds but got {value!r}", source=TIMEOUT_ENVIRONMENT_VARIABLE
        )
    return seconds


def parse_cluster(spec: str) -> tuple[str, int | None]:
    """``("local", n_workers or None)`` or ``("address", None)``, from a ``--cluster`` value.

    >>> parse_cluster("local:2"), parse_cluster("local"), parse_cluster("tcp://10.0.0.5:8786")
    (('local', 2), ('local', None), ('tcp://10.0.0.5:8786', None))
    """
    text = spec.strip()
    if text == "local":
        return "local", None
    if text.startswith("local:"):
        count = text.removeprefix("local:")
        if not count.isdigit() or int(count) < 1:
            raise InvalidInputError(
                f"expected local or local:N with N a positive number of workers but got {spec!r}",
                field="cluster",
            )
        return "local", int(count)
    if "://" not in text:
        raise InvalidInputError(
            f"expected local, local:N or a scheduler address such as tcp://host:8786 but got {spec!r}",
            field="cluster",
        )
    return text, None


def connect(cluster: str | Client | None = None, *, timeout: float | None = None) -> Client | None:
    """A ``distributed.Client`` for ``cluster``; ``None`` (and no environment variable) is no cluster."""
    if cluster is None:
        cluster = os.environ.get(SCHEDULER_ENVIRONMENT_VARIABLE) or None
        if cluster is None:
            return None
    _require_distributed()
    from distributed import Client, LocalCluster

    if isinstance(cluster, Client):
        return cluster
    address, n_workers = parse_cluster(cluster)
    seconds = default_timeout() if timeout is None else timeout
    if address == "local":
        # One thread per worker process: the engine's numpy work releases the GIL rarely.
        local = LocalCluster(
            n_workers=n_workers or os.cpu_count() or 1,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
        )
        return Client(local, timeout=seconds)
    try:
        return Client(address, timeout=seconds)
    except OSError as error:
        raise ClusterError(f"cannot reach the Dask scheduler at {address}: {error}") from error


def gather(client: Client, futures: Sequence[Future], *, timeout: float, what: str) -> list[Any]:
    """Results of ``futures``, or a :class:`ClusterError` saying what failed; never a partial answer."""
    from distributed import TimeoutError as DaskTimeoutError
    from distributed import wait

    try:
        wait(list(futures), timeout=timeout)
        return list(client.gather(list(futures)))
    except (InvalidInputError, ClusterError):
        raise
    except (TimeoutError, DaskTimeoutError):
        raise ClusterError(
            f"the cluster did not finish {what} within {timeout:g} s; "
            f"check its workers, or raise {TIMEOUT_ENVIRONMENT_VARIABLE}"
        ) from None
    except Exception as error:
        raise ClusterError(f"{what} failed on the cluster: {error}") from error
