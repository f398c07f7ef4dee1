"""reefscope: see where your computer-vision models fail.

>>> import reefscope
>>> ws = reefscope.open()                        # doctest: +SKIP
>>> detector = ws.project("voc").dataset("val").inference_set("detector")  # doctest: +SKIP
>>> detector.metrics(confidence=0.4).report()    # doctest: +SKIP

See :mod:`reefscope.client` for the handles and :mod:`reefscope.views` for
the results they return. The names below are loaded on first use, so that
``import reefscope.engine`` stays a pure-numpy import.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS = {
    "open": "reefscope.client",
    "WorkspaceHandle": "reefscope.client",
    "ProjectHandle": "reefscope.client",
    "DatasetHandle": "reefscope.client",
    "InferenceSetHandle": "reefscope.client",
    "Metrics": "reefscope.views",
    "Curves": "reefscope.views",
    "Examples": "reefscope.views",
    "Comparison": "reefscope.views",
    "SegmentScores": "reefscope.views",
    "Verdict": "reefscope.views",
    "Table": "reefscope.display",
    "ConfusionMatrix": "reefscope.engine",
    "InvalidInputError": "reefscope.engine",
    "NotFoundError": "reefscope.store",
    "ConflictError": "reefscope.store",
}

__all__ = ["__version__", *sorted(_EXPORTS)]

if TYPE_CHECKING:
    from reefscope.client import DatasetHandle as DatasetHandle
    from reefscope.client import InferenceSetHandle as InferenceSetHandle
    from reefscope.client import ProjectHandle as ProjectHandle
    from reefscope.client import WorkspaceHandle as WorkspaceHandle
    from reefscope.client import open as open
    from reefscope.display import Table as Table
    from reefscope.engine import ConfusionMatrix as ConfusionMatrix
    from reefscope.engine import InvalidInputError as InvalidInputError
    from reefscope.store import ConflictError as ConflictError
    from reefscope.store import NotFoundError as NotFoundError
    from reefscope.views import Comparison as Comparison
    from reefscope.views import Curves as Curves
    from reefscope.views import Examples as Examples
    from reefscope.views import Metrics as Metrics
    from reefscope.views import SegmentScores as SegmentScores
    from reefscope.views import Verdict as Verdict


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'reefscope' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_EXPORTS])
