"""Arrow schemas of the immutable bulk tables a workspace stores as Parquet.

Importers produce tables in exactly these shapes and the store writes them as
they are; the service reads them back into the engine's columnar inputs. Row
order of the frames table defines each frame's integer ``frame_index``.

Frame metadata lives in extra columns of the frames table named
``meta.<key>`` (string, int64, float64 or bool), so that segments can be
defined by queries over typed columns.
"""

from __future__ import annotations

import pyarrow as pa

METADATA_PREFIX = "meta."

FRAMES = pa.schema(
    [
        pa.field("frame_id", pa.string(), nullable=False),
        # Path relative to one of the dataset's registered image roots, or an http(s) URL.
        pa.field("image", pa.string()),
        pa.field("width", pa.int32()),
        pa.field("height", pa.int32()),
    ]
)

DETECTION_LABELS = pa.schema(
    [
        pa.field("label_id", pa.string(), nullable=False),
        pa.field("frame_id", pa.string(), nullable=False),
        pa.field("class_index", pa.int32(), nullable=False),
        pa.field("x1", pa.float64(), nullable=False),
        pa.field("y1", pa.float64(), nullable=False),
        pa.field("x2", pa.float64(), nullable=False),
        pa.field("y2", pa.float64(), nullable=False),
        # COCO semantics: crowd regions are ignored by mAP; `area` overrides the box area there.
        pa.field("iscrowd", pa.bool_(), nullable=False),
        pa.field("area", pa.float64()),
        # Pascal VOC's flag, kept as an attribute.
        pa.field("difficult", pa.bool_(), nullable=False),
        # Any other per-label attributes, as a JSON object.
        pa.field("attributes", pa.string()),
    ]
)

DETECTION_PREDICTIONS = pa.schema(
    [
        pa.field("prediction_id", pa.string(), nullable=False),
        pa.field("frame_id", pa.string(), nullable=False),
        pa.field("class_index", pa.int32(), nullable=False),
        pa.field("x1", pa.float64(), nullable=False),
        pa.field("y1", pa.float64(), nullable=False),
        pa.field("x2", pa.float64(), nullable=False),
        pa.field("y2", pa.float64(), nullable=False),
        pa.field("confidence", pa.float64(), nullable=False),
    ]
)

CLASSIFICATION_LABELS = pa.schema(
    [
        pa.field("label_id", pa.string(), nullable=False),
        pa.field("frame_id", pa.string(), nullable=False),
        pa.field("class_index", pa.int32(), nullable=False),
    ]
)

CLASSIFICATION_PREDICTIONS = pa.schema(
    [
        pa.field("prediction_id", pa.string(), nullable=False),
        pa.field("frame_id", pa.string(), nullable=False),
        pa.field("class_index", pa.int32(), nullable=False),
        pa.field("confidence", pa.float64(), nullable=False),
        # Optional full score vector, one entry per project class.
        pa.field("scores", pa.list_(pa.float32())),
    ]
)

# Per-frame user-supplied metrics of an inference set (custom metrics).
CUSTOM_METRICS = pa.schema(
    [
        pa.field("frame_id", pa.string(), nullable=False),
        pa.field("objective", pa.float64()),
        # Row-major (K+1) x (K+1) counts, ground truth on rows, background last.
        pa.field("confusion", pa.list_(pa.int64())),
    ]
)

# Embeddings: one table per kind. Crop ids are label ids or prediction ids.
FRAME_EMBEDDINGS = pa.schema(
    [
        pa.field("frame_id", pa.string(), nullable=False),
        pa.field("vector", pa.list_(pa.float32()), nullable=False),
    ]
)

CROP_EMBEDDINGS = pa.schema(
    [
        pa.field("crop_id", pa.string(), nullable=False),
        pa.field("vector", pa.list_(pa.float32()), nullable=False),
    ]
)
