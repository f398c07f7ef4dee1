"""The :class:`Service`: what the web API, the CLI and the Python package share."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import numpy as np

import reefscope
from reefscope.engine import (
    ClassificationEvaluator,
    ConfusionMatrix,
    Evaluation,
    InvalidInputError,
    PrCurves,
)
from reefscope.service.cache import BoundedCache
from reefscope.service.distributed import ClusterEvaluators
from reefscope.service.embeddings import Projection, project_embeddings
from reefscope.service.examples import ExamplePage, Ordering, page_of_examples
from reefscope.service.loading import (
    LoadedDataset,
    LoadedInferences,
    load_dataset,
    load_inferences,
)
from reefscope.service.query import select_frames
from reefscope.service.results import (
    ALL_FRAMES,
    MetricsResult,
    Settings,
    Summary,
)
from reefscope.service.scenarios import ScenarioMixin
from reefscope.service.voc import StandardMetricsMixin
from reefscope.store import Segment, SizeName, Workspace

if TYPE_CHECKING:
    from distributed import Client


@dataclass(frozen=True)
class Thresholds:
    """The confidence and IoU one inference set is evaluated at."""

    confidence: float
    iou: float | None


@dataclass(frozen=True, eq=False)
class Comparison:
    first: MetricsResult
    second: MetricsResult

    @property
    def delta(self) -> np.ndarray:
        """``second - first`` per cell (DESIGN 4.6)."""
        return self.second.confusion.counts - self.first.confusion.counts


class Service(StandardMetricsMixin, ScenarioMixin):
    """Evaluations over a workspace, with built evaluators cached across calls."""

    def __init__(
        self, workspace: Workspace, *, cache_budget_bytes: int = 4 * 1024**3, cluster: Client | None = None
    ) -> None:
        self.workspace = workspace
        self._cache = BoundedCache(budget_bytes=cache_budget_bytes)
        # With a Dask client, detection evaluates on its workers (reefscope.service.distributed).
        self.cluster = cluster
        self._remote = None if cluster is None else ClusterEvaluators(workspace, cluster)

    # ---- loading ---------------------------------------------------------------------------------

    def dataset(self, project: str, dataset: str) -> LoadedDataset:
        record = self.workspace.get_dataset(project, dataset)
        project_record = self.workspace.get_project(project)
        # Class lists can grow and the IoU convention can change; both are part of the key.
        key = ("dataset", record.content_id, project_record.class_names, project_record.iou_convention)
        return self._cache.get(
            key, lambda: load_dataset(self.workspace, project, dataset), LoadedDataset.nbytes
        )

    def inferences(self, project: str, dataset: str, inference_set: str) -> LoadedInferences:
        data = self.dataset(project, dataset)
        record = self.workspace.get_inference_set(project, dataset, inference_set)
        custom = tuple(
            item.content_id for item in self.workspace.list_custom_metrics(project, dataset, inference_set)
        )
        key = (
            "inferences",
            data.dataset.content_id,
            record.content_id,
            custom,
            data.project.class_names,
            data.project.iou_convention,
        )
        return self._cache.get(
            key,
            lambda: load_inferences(self.workspace, data, inference_set, detection_evaluator=self._remote),
            LoadedInferences.nbytes,
        )

    def thresholds(
        self, project: str, *, confidence: float | None = None, iou: float | None = None
    ) -> Thresholds:
        record = self.workspace.get_project(project)
        use_iou = None if record.task == "classification" else (record.iou_threshold if iou is None else iou)
        return Thresholds(record.confidence_threshold if confidence is None else confidence, use_iou)

    # ---- segments ----------------------------------------------------------------------------------

    def segment_mask(self, data: LoadedDataset, segment: str | None) -> np.ndarray:
        """Frames of a segment as a mask; ``None`` or ``All Frames`` is every frame."""
        if segment is None or segment == ALL_FRAMES:
            return np.ones(data.n_frames, dtype=bool)
        record = self.workspace.get_segment(data.project.name, data.dataset.name, segment)

        def build() -> np.ndarray:
            ids = self.workspace.read_segment_frames(data.project.name, data.dataset.name, segment)
            mask = np.zeros(data.n_frames, dtype=bool)
            mask[data.frame_indices(ids)] = True
            return mask

        key = ("segment", data.dataset.content_id, record.content_id)
        return self._cache.get(key, build, lambda mask: int(mask.nbytes))

    def frames_matching(self, project: str, dataset: str, where: str) -> list[str]:
        """Frame ids whose metadata satisfy a query (see :mod:`reefscope.service.query`)."""
        data = self.dataset(project, dataset)
        mask = select_frames(data.frames, where)
        return data.frame_ids.filter(mask).to_pylist()

    def list_segments(self, project: str, dataset: str) -> list[Segment]:
        return self.workspace.list_segments(project, dataset)

    # ---- metrics -----------------------------------------------------------------------------------

    def metrics(
        self,
        project: str,
        dataset: str,
        inference_set: str,
        *,
        confidence: float | None = None,
        iou: float | None = None,
        segment: str | None = None,
        metric_class: str | None = None,
        class_aware: bool = False,
        class_confidence: Mapping[str, float] | None = None,
        size: SizeName | None = None,
    ) -> MetricsResult:
        """``class_confidence`` overrides ``confidence`` for the classes it names."""
        loaded = self.inferences(project, dataset, inference_set)
        thresholds = self.thresholds(project, confidence=confidence, iou=iou)
        mask = self.segment_mask(loaded.data, segment)
        classes = loaded.data.project.class_names
        record = self.workspace.get_project(project)
        area_range = self.area_range(record, size)
        if metric_class is not None and metric_class not in classes:
            raise InvalidInputError(f"unknown class {metric_class!r}", field="class")
        evaluation = None
        if loaded.custom_confusion is not None:
            if size is not None:
                raise InvalidInputError(
                    "custom metrics carry counts per frame, not per object: they cannot be split by size",
                    field="size",
                )
            confusion = ConfusionMatrix(loaded.custom_confusion[mask].sum(axis=0), classes)
            source: Literal["matching", "custom"] = "custom"
        else:
            evaluation = self._evaluate(loaded, thresholds, mask, class_aware, area_range, class_confidence)
            confusion = evaluation.confusion
            source = "matching"
        precision, recall, f1 = confusion.report.headline(metric_class)
        objective = None
        if loaded.custom_objective is not None:
            values = loaded.custom_objective[mask]
            values = values[~np.isnan(values)]
            objective = float(values.mean()) if len(values) else None
        return MetricsResult(
            settings=Settings(
                project=project,
                dataset=dataset,
                inference_set=inference_set,
                confidence=thresholds.confidence,
                iou=thresholds.iou,
                class_aware=class_aware,
                segment=segment,
                metric_class=metric_class,
                dataset_version=loaded.data.dataset.version,
                inference_set_version=loaded.inference_set.version,
                source=source,
                reefscope_version=reefscope.__version__,
                iou_convention=record.iou_convention if record.task == "detection" else None,
                size=size,
                area_min=None if area_range is None else area_range[0],
                area_max=None if area_range is None or np.isinf(area_range[1]) else area_range[1],
            ),
            summary=Summary(
                precision=precision,
                recall=recall,
                f1=f1,
                false_positives=confusion.false_positives,
                false_negatives=confusion.false_negatives,
                confusions=confusion.confusions,
                frame_count=int(mask.sum()),
                objective=objective,
            ),
            confusion=confusion,
            evaluation=evaluation,
            frame_mask=mask,
            loaded=loaded,
        )

    def _evaluate(
        self,
        loaded: LoadedInferences,
        thresholds: Thresholds,
        mask: np.ndarray,
        class_aware: bool,
        area_range: tuple[float, float] | None,
        class_confidence: Mapping[str, float] | None = None,
    ) -> Evaluation:
        frames = None if mask.all() else mask
        per_class = None if not class_confidence else dict(class_confidence)
        if isinstance(loaded.evaluator, ClassificationEvaluator):
            return loaded.evaluator.evaluate(
                confidence=thresholds.confidence, frames=frames, class_confidence=per_class
            )
        assert thresholds.iou is not None  # detection projects always have an IoU threshold
        return loaded.evaluator.evaluate(
            confidence=thresholds.confidence,
            iou=thresholds.iou,
            frames=frames,
            class_aware=class_aware,
            class_confidence=per_class,
            area_range=area_range,
        )

    def pr_curves(
        self,
        project: str,
        dataset: str,
        inference_set: str,
        *,
        iou: float | None = None,
        segment: str | None = None,
        class_aware: bool = False,
        confidences: Sequence[float] | None = None,
        size: SizeName | None = None,
    ) -> PrCurves:
        loaded = self.inferences(project, dataset, inference_set)
        area_range = self.area_range(project, size)
        if loaded.custom_confusion is not None:
            raise InvalidInputError(
                "PR curves need predictions with confidences; this inference set is scored by custom metrics"
            )
        mask = self.segment_mask(loaded.data, segment)
        frames = None if mask.all() else mask
        if isinstance(loaded.evaluator, ClassificationEvaluator):
            return loaded.evaluator.pr_curves(confidences=confidences, frames=frames)
        t = self.thresholds(project, iou=iou).iou
        assert t is not None
        return loaded.evaluator.pr_curves(
            iou=t, confidences=confidences, frames=frames, class_aware=class_aware, area_range=area_range
        )

    def compare(
        self,
        project: str,
        dataset: str,
        first: tuple[str, Thresholds | None],
        second: tuple[str, Thresholds | None],
        *,
        segment: str | None = None,
        metric_class: str | None = None,
        class_aware: bool = False,
        size: SizeName | None = None,
    ) -> Comparison:
        results = []
        for name, thresholds in (first, second):
            t = thresholds or self.thresholds(project)
            results.append(
                self.metrics(
                    project,
                    dataset,
                    name,
                    confidence=t.confidence,
                    iou=t.iou,
                    segment=segment,
                    metric_class=metric_class,
                    class_aware=class_aware,
                    size=size,
                )
            )
        return Comparison(results[0], results[1])

    def examples(
        self,
        project: str,
        dataset: str,
        inference_set: str,
        cells: Iterable[tuple[int, int]],
        *,
        confidence: float | None = None,
        iou: float | None = None,
        segment: str | None = None,
        class_aware: bool = False,
        order_by: Ordering = "confidence",
        descending: bool = True,
        offset: int = 0,
        limit: int = 50,
        size: SizeName | None = None,
    ) -> ExamplePage:
        result = self.metrics(
            project,
            dataset,
            inference_set,
            confidence=confidence,
            iou=iou,
            segment=segment,
            class_aware=class_aware,
            size=size,
        )
        if result.evaluation is None:
            raise InvalidInputError(
                "custom metrics carry counts only: there are no examples behind their cells"
            )
        return page_of_examples(
            result.loaded,
            result.evaluation,
            cells,
            order_by=order_by,
            descending=descending,
            offset=offset,
            limit=limit,
        )

    def projection(
        self, project: str, dataset: str, *, kind: Literal["frame", "crop"], owner: str | None = None
    ) -> Projection:
        """2-D points of stored embeddings, computed once per version."""
        record = self.workspace.get_embeddings(project, dataset, kind=kind, inference_set=owner)
        id_column = "frame_id" if kind == "frame" else "crop_id"

        def build() -> Projection:
            table = self.workspace.read_embeddings(project, dataset, kind=kind, inference_set=owner)
            return project_embeddings(table, id_column)

        return self._cache.get(("projection", record.content_id), build, Projection.nbytes)
