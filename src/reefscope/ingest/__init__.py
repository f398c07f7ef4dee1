"""One reader per on-disk format, each turning files into validated tables.

Readers (``read_*``) validate every row and return :class:`LabelImport` /
:class:`InferenceImport` or a table, never writing anything; ``import_*``
read and store in one atomic step. Bad input raises :class:`InputFileError`
(an :class:`~reefscope.engine.errors.InvalidInputError`) naming the file,
the line / row / JSON index, the frame and the field.
"""

from reefscope.ingest.classification import read_classification_labels, read_classification_predictions
from reefscope.ingest.coco import coco_categories, read_coco_labels, read_coco_results
from reefscope.ingest.common import DatasetFrames, NewClasses
from reefscope.ingest.custom_metrics import read_custom_metrics
from reefscope.ingest.embeddings import read_embeddings
from reefscope.ingest.errors import InputFileError
from reefscope.ingest.imports import (
    INFERENCE_FORMATS,
    LABEL_FORMATS,
    InferenceFormat,
    LabelFormat,
    import_custom_metrics,
    import_embeddings,
    import_frame_metadata,
    import_inferences,
    import_labels,
    read_inferences,
    read_labels,
    save_inferences,
    save_labels,
)
from reefscope.ingest.metadata import merge_frame_metadata, read_frame_metadata
from reefscope.ingest.results import InferenceImport, LabelImport
from reefscope.ingest.text import read_text_labels, read_text_predictions
from reefscope.ingest.voc import read_voc_labels
from reefscope.ingest.yolo import read_yolo_labels, read_yolo_predictions

__all__ = [
    "INFERENCE_FORMATS",
    "LABEL_FORMATS",
    "DatasetFrames",
    "InferenceFormat",
    "InferenceImport",
    "InputFileError",
    "LabelFormat",
    "LabelImport",
    "NewClasses",
    "coco_categories",
    "import_custom_metrics",
    "import_embeddings",
    "import_frame_metadata",
    "import_inferences",
    "import_labels",
    "merge_frame_metadata",
    "read_classification_labels",
    "read_classification_predictions",
    "read_coco_labels",
    "read_coco_results",
    "read_custom_metrics",
    "read_embeddings",
    "read_frame_metadata",
    "read_inferences",
    "read_labels",
    "read_text_labels",
    "read_text_predictions",
    "read_voc_labels",
    "read_yolo_labels",
    "read_yolo_predictions",
    "save_inferences",
    "save_labels",
]
