"""What the Python package hands back: results that read well in a terminal and a notebook.

Each view wraps a service result without copying it. ``print(view)`` shows
text tables, Jupyter shows HTML, ``to_dict()`` gives the same JSON-ready
structure as ``reefscope ... --json``, and ``to_pandas()`` DataFrames (when
pandas is installed). Undefined values (a per-class 0/0) are ``None`` in
dicts, NaN / ``<NA>`` in DataFrames and "—" on screen; never 0.

One module per kind of result, its rich rendering beside it: :mod:`.metrics`
(metrics, COCO mAP, PR curves), :mod:`.examples`, :mod:`.comparison` and
:mod:`.segments` (segment scores and the regression-test verdict).
"""

from reefscope.views.comparison import Comparison
from reefscope.views.examples import Examples
from reefscope.views.metrics import CocoMetrics, Curves, Metrics, MetricsFrames, report_table, summary_table
from reefscope.views.segments import SegmentScores, Verdict

__all__ = [
    "CocoMetrics",
    "Comparison",
    "Curves",
    "Examples",
    "Metrics",
    "MetricsFrames",
    "SegmentScores",
    "Verdict",
    "report_table",
    "summary_table",
]
