"""2-D projections of frame and crop embeddings, coloured by evaluation results.

Projections are computed once per stored embeddings (keyed by content id)
and cached: UMAP when the optional ``umap-learn`` package is installed, PCA
otherwise (exact, deterministic, fast enough for a million points).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from reefscope.engine import Evaluation, Outcome

Method = Literal["umap", "pca"]


@dataclass(frozen=True, eq=False)
class Projection:
    ids: list[str]
    xy: np.ndarray  # (n, 2)
    method: Method

    def nbytes(self) -> int:
        return self.xy.nbytes + 64 * len(self.ids)


def _vectors(table: pa.Table) -> np.ndarray:
    column = table.column("vector").combine_chunks()
    if len(column) == 0:
        return np.zeros((0, 2), dtype=np.float32)
    flat = column.flatten().to_numpy(zero_copy_only=False).astype(np.float32)
    return flat.reshape(len(column), -1)


def pca_2d(vectors: np.ndarray) -> np.ndarray:
    """First two principal components, with a deterministic sign."""
    if len(vectors) == 0:
        return np.zeros((0, 2))
    centred = vectors - vectors.mean(axis=0)
    if vectors.shape[1] == 1:
        return np.column_stack([centred[:, 0], np.zeros(len(vectors))])
    # Work on the small covariance matrix: cheap for many points in few dimensions.
    covariance = centred.T.astype(np.float64) @ centred / max(len(vectors) - 1, 1)
    values, vectors_ = np.linalg.eigh(covariance)
    components = vectors_[:, np.argsort(values)[::-1][:2]]
    signs = np.sign(components[np.argmax(np.abs(components), axis=0), range(components.shape[1])])
    projected = centred @ (components * np.where(signs == 0, 1, signs))
    if projected.shape[1] == 1:
        projected = np.column_stack([projected, np.zeros(len(projected))])
    return projected


def project_embeddings(table: pa.Table, id_column: str) -> Projection:
    vectors = _vectors(table)
    ids = table.column(id_column).to_pylist()
    try:
        import umap
    except ImportError:
        return Projection(ids, pca_2d(vectors), "pca")
    if len(vectors) < 16:
        return Projection(ids, pca_2d(vectors), "pca")
    reducer = umap.UMAP(n_components=2, random_state=0)
    return Projection(ids, np.asarray(reducer.fit_transform(vectors)), "umap")


def crop_outcomes(
    ids: list[str], evaluation: Evaluation, label_ids: pa.ChunkedArray, prediction_ids: pa.ChunkedArray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per crop id: outcome code, class index, and whether it is a label (else a prediction)."""
    id_array = pa.array(ids, type=pa.string())
    as_label = pc.index_in(id_array, value_set=label_ids).to_numpy(zero_copy_only=False)
    as_pred = pc.index_in(id_array, value_set=prediction_ids).to_numpy(zero_copy_only=False)
    is_label = ~np.isnan(as_label.astype(float))
    label_rows = np.nan_to_num(as_label.astype(float), nan=0).astype(np.int64)
    pred_rows = np.nan_to_num(as_pred.astype(float), nan=0).astype(np.int64)
    items = evaluation.items
    outcome = np.where(
        is_label,
        evaluation.label_outcome[label_rows] if len(evaluation.label_outcome) else Outcome.NOT_EVALUATED,
        evaluation.prediction_outcome[pred_rows]
        if len(evaluation.prediction_outcome)
        else Outcome.NOT_EVALUATED,
    )
    classes = np.where(
        is_label,
        items.label_class[label_rows] if len(items.label_class) else 0,
        items.prediction_class[pred_rows] if len(items.prediction_class) else 0,
    )
    return outcome, classes, is_label
