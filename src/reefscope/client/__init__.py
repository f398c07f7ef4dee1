"""The Python package's front door: handles on a workspace, its projects, datasets and inference sets.

>>> import reefscope
>>> ws = reefscope.open(tmp_path)                                  # doctest: +SKIP
>>> voc = ws.import_labels("voc100/annotations", project="voc", dataset="val",
...                        format="voc", images="voc100/images")   # doctest: +SKIP
>>> detector = voc.import_inferences("voc100/detections", name="detector", format="text",
...                                  class_names="voc100/classes.txt")  # doctest: +SKIP
>>> metrics = detector.metrics(confidence=0.4, iou=0.5)            # doctest: +SKIP
>>> metrics.summary.precision, metrics.summary.recall              # doctest: +SKIP
>>> metrics.report()                                               # doctest: +SKIP

A handle is a name bound to a workspace, not a copy of the data: it reads
the latest stored version whenever it is asked, so a re-import elsewhere is
seen at once. Options are keyword-only; thresholds left out use the
project's defaults.

One module per handle: :mod:`.workspace` (with :func:`open`), :mod:`.project`,
:mod:`.dataset` and :mod:`.inference_set`.
"""

from reefscope.client._handle import PathArgument
from reefscope.client.dataset import DatasetHandle
from reefscope.client.inference_set import InferenceSetHandle
from reefscope.client.project import ProjectHandle
from reefscope.client.workspace import WorkspaceHandle, open

__all__ = ["DatasetHandle", "InferenceSetHandle", "PathArgument", "ProjectHandle", "WorkspaceHandle", "open"]
