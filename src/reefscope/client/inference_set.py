"""The inference-set handle: a model's predictions and everything evaluated from them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

import pyarrow as pa

from reefscope.client._handle import DatasetScoped, PathArgument
from reefscope.engine import InvalidInputError
from reefscope.ingest import imports
from reefscope.service.core import Service, Thresholds
from reefscope.service.examples import ExampleFilter, Ordering, cells_for_filter, class_index
from reefscope.store import CustomMetrics, EmbeddingKind, Embeddings, InferenceSet, SegmentKind
from reefscope.store.custom_metrics import DEFAULT_NAME as DEFAULT_CUSTOM_METRICS
from reefscope.store.records import SizeName
from reefscope.views import CocoMetrics, Comparison, Curves, Examples, Metrics, SegmentScores, Verdict
from reefscope.voc_view import VocMetrics

if TYPE_CHECKING:
    from reefscope.client.dataset import DatasetHandle
    from reefscope.client.project import ProjectHandle
    from reefscope.client.workspace import WorkspaceHandle


class InferenceSetHandle(DatasetScoped):
    """A model's predictions on a dataset, and everything computed from them."""

    def __init__(self, dataset: DatasetHandle, name: str) -> None:
        self.dataset = dataset
        self.name = name

    @property
    def project(self) -> ProjectHandle:
        return self.dataset.project

    @property
    def _service(self) -> Service:
        return self.dataset.workspace.service

    @property
    def _scope(self) -> tuple[WorkspaceHandle, str, str, str | None]:
        return self.dataset.workspace, self.dataset.project.name, self.dataset.name, self.name

    @property
    def _names(self) -> tuple[str, str, str]:
        return self.dataset.project.name, self.dataset.name, self.name

    @property
    def record(self) -> InferenceSet:
        return self._store.get_inference_set(*self._names)

    @property
    def prediction_count(self) -> int:
        return self.record.prediction_count

    def predictions(self) -> pa.Table:
        """Predictions as a pyarrow table (call ``.to_pandas()`` for a DataFrame)."""
        return self._store.read_predictions(*self._names)

    # ---- evaluation ------------------------------------------------------------------------------

    def metrics(
        self,
        *,
        confidence: float | None = None,
        iou: float | None = None,
        segment: str | None = None,
        metric_class: str | None = None,
        class_aware: bool = False,
        size: SizeName | None = None,
    ) -> Metrics:
        """Confusion matrix (background last), classification report and headline metrics.

        ``confidence`` / ``iou`` default to the project's thresholds;
        ``segment`` restricts to a segment's frames; ``metric_class`` makes
        the headline that class's values instead of the weighted average;
        ``class_aware`` only matches boxes of the same class; ``size``
        (``"small"``, ``"medium"``, ``"large"``) keeps only labels and
        predictions whose box area is in the project's range for that size.
        """
        return Metrics(
            self._service.metrics(
                *self._names,
                confidence=confidence,
                iou=iou,
                segment=segment,
                metric_class=metric_class,
                class_aware=class_aware,
                size=size,
            )
        )

    def coco(self, *, segment: str | None = None, size: SizeName | None = None) -> CocoMetrics:
        """COCO-style box mAP (AP@[.5:.95], AP50, AP75, by area, AR@1/10/100), identical to pycocotools."""
        return CocoMetrics(
            self._service.coco(*self._names, segment=segment, size=size), self.dataset.project.classes
        )

    def voc(
        self, *, iou: float | None = None, segment: str | None = None, size: SizeName | None = None
    ) -> VocMetrics:
        """PASCAL VOC AP per class and mean, 11-point and all-point, at ``iou`` (default: the project's)."""
        return VocMetrics(
            self._service.voc(*self._names, iou=iou, segment=segment, size=size), self.dataset.project.classes
        )

    def pr_curves(
        self,
        *,
        iou: float | None = None,
        segment: str | None = None,
        class_aware: bool = False,
        confidences: Sequence[float] | None = None,
        size: SizeName | None = None,
    ) -> Curves:
        """PR curves per class and aggregate over a confidence grid (default 0.00, 0.01, ..., 1.00)."""
        return Curves(
            self._service.pr_curves(
                *self._names,
                iou=iou,
                segment=segment,
                class_aware=class_aware,
                confidences=confidences,
                size=size,
            )
        )

    def examples(
        self,
        *,
        cell: tuple[str, str] | None = None,
        cells: Iterable[tuple[str, str]] | None = None,
        filter: ExampleFilter | None = None,
        class_name: str | None = None,
        confidence: float | None = None,
        iou: float | None = None,
        segment: str | None = None,
        class_aware: bool = False,
        order_by: Ordering = "confidence",
        descending: bool = True,
        offset: int = 0,
        limit: int = 50,
        size: SizeName | None = None,
    ) -> Examples:
        """The items behind confusion cells, one page at a time.

        Choose cells with ``cell=("cat", "dog")`` (ground truth, predicted;
        either may be ``"background"``), ``cells=[...]``, or a ``filter``:
        ``"fn"`` (missed labels), ``"fp"`` (false detections),
        ``"confused_as"`` / ``"confused_from"`` with ``class_name``.
        ``order_by``: ``confidence``, ``iou`` or ``box_size``.
        """
        selected = self._cells(cell, cells, filter, class_name)
        return Examples(
            self._service.examples(
                *self._names,
                selected,
                confidence=confidence,
                iou=iou,
                segment=segment,
                class_aware=class_aware,
                order_by=order_by,
                descending=descending,
                offset=offset,
                limit=limit,
                size=size,
            )
        )

    def _cells(
        self,
        cell: tuple[str, str] | None,
        cells: Iterable[tuple[str, str]] | None,
        filter: ExampleFilter | None,
        class_name: str | None,
    ) -> list[tuple[int, int]]:
        given = sum(option is not None for option in (cell, cells, filter))
        if given != 1:
            raise InvalidInputError("give exactly one of `cell`, `cells` and `filter`", field="cell")
        classes = self.project.classes
        if filter is not None:
            return cells_for_filter(classes, filter, class_name)
        named = [cell] if cell is not None else list(cells or [])
        selected = []
        for pair in named:
            if isinstance(pair, str) or len(pair) != 2:
                raise InvalidInputError(
                    f"expected a cell as (ground truth, predicted) class names but got {pair!r}", field="cell"
                )
            selected.append((class_index(classes, pair[0]), class_index(classes, pair[1])))
        return selected

    def compare(
        self,
        other: InferenceSetHandle | str,
        *,
        confidence: float | None = None,
        iou: float | None = None,
        other_confidence: float | None = None,
        other_iou: float | None = None,
        segment: str | None = None,
        metric_class: str | None = None,
        class_aware: bool = False,
    ) -> Comparison:
        """Compare with another inference set of the same dataset (``self`` first, ``other`` second).

        Each side is evaluated at its own thresholds; ``other_*`` default to
        this side's. ``delta`` is ``other - self`` per confusion cell.
        """
        other_name = other if isinstance(other, str) else other.name
        if not isinstance(other, str) and (
            other.dataset.name != self.dataset.name or other.project.name != self.project.name
        ):
            raise InvalidInputError("both inference sets must belong to the same dataset", field="other")
        project, dataset, _ = self._names
        first = self._service.thresholds(project, confidence=confidence, iou=iou)
        second = self._service.thresholds(
            project,
            confidence=first.confidence if other_confidence is None else other_confidence,
            iou=first.iou if other_iou is None else other_iou,
        )
        return Comparison(
            self._service.compare(
                project,
                dataset,
                (self.name, first),
                (other_name, second),
                segment=segment,
                metric_class=metric_class,
                class_aware=class_aware,
            )
        )

    def segment_scores(
        self,
        *,
        confidence: float | None = None,
        iou: float | None = None,
        kinds: Sequence[SegmentKind] | None = None,
        metric_class: str | None = None,
    ) -> SegmentScores:
        """Every segment (All Frames first) scored against its thresholds: the scenario cards."""
        project = self._names[0]
        thresholds: Thresholds = self._service.thresholds(project, confidence=confidence, iou=iou)
        return SegmentScores(
            self._service.segment_scores(
                *self._names, thresholds=thresholds, kinds=kinds, metric_class=metric_class
            )
        )

    def regression_tests(self, *, confidence: float | None = None, iou: float | None = None) -> Verdict:
        """The regression-test verdict: ``.passed``, ``.failures``, ``.table()``, ``.to_junit()``."""
        return Verdict(self._service.regression_verdict(*self._names, confidence=confidence, iou=iou))

    # ---- imports ---------------------------------------------------------------------------------

    def import_embeddings(
        self,
        path: PathArgument,
        *,
        kind: EmbeddingKind = "crop",
        ids: PathArgument | Sequence[str] | None = None,
    ) -> Embeddings:
        """Import crop embeddings of the predictions (keyed by prediction id), or frame embeddings."""
        return self._import_embeddings(path, kind=kind, ids=ids)

    def import_custom_metrics(
        self, path: PathArgument, *, name: str = DEFAULT_CUSTOM_METRICS
    ) -> CustomMetrics:
        """Import per-frame custom metrics (an objective and/or a confusion matrix per frame)."""
        project, dataset, inference_set = self._names
        return imports.import_custom_metrics(self._store, project, dataset, inference_set, path, name=name)

    def delete(self) -> None:
        self._store.delete_inference_set(*self._names)

    def __repr__(self) -> str:
        return f"<InferenceSetHandle {'/'.join(self._names)}: {self.record.prediction_count} predictions>"
