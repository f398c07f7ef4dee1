"""Evaluation on a Dask cluster (``pip install 'reefscope[distributed]'``).

:class:`DistributedDetectionEvaluator` answers what
:class:`~reefscope.engine.DetectionEvaluator` answers, with the same numbers,
for predictions stored as frame partitions (:mod:`reefscope.store.partitions`);
:func:`connect` turns ``local:N``, a scheduler address or
``$REEFSCOPE_DASK_SCHEDULER`` into a client.
"""

from reefscope.distributed.cluster import ClusterError, connect, parse_cluster
from reefscope.distributed.evaluation import DistributedEvaluation
from reefscope.distributed.evaluator import DistributedDetectionEvaluator

__all__ = [
    "ClusterError",
    "DistributedDetectionEvaluator",
    "DistributedEvaluation",
    "connect",
    "parse_cluster",
]
