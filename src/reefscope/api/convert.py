"""Service results -> API schemas. No numerics here: only reshaping for the wire."""

from __future__ import annotations

from urllib.parse import quote, urlencode

import numpy as np

from reefscope.api.schemas import resources as r
from reefscope.api.schemas import views as v
from reefscope.engine import ClassReport, CocoEvaluation, ConfusionMatrix, PrCurves, VocEvaluation
from reefscope.service.examples import ExamplePage
from reefscope.service.frames import BoxRow, FrameRow
from reefscope.service.loading import LoadedDataset
from reefscope.service.results import MetricsResult, SegmentScore
from reefscope.store import Dataset, InferenceSet, Project, Segment
from reefscope.store.images import is_url
from reefscope.store.tables import METADATA_PREFIX

DENSE_LIMIT = 25


def project(record: Project) -> r.ProjectPublic:
    return r.ProjectPublic(
        name=record.name,
        task=record.task,
        classes=[r.ClassPublic(name=spec.name, color=spec.color) for spec in record.classes],
        confidence_threshold=record.confidence_threshold,
        iou_threshold=record.iou_threshold,
        iou_convention=record.iou_convention,
        small_area_max=record.size_bounds[0],
        large_area_min=record.size_bounds[1],
        description=record.description,
        metadata=dict(record.metadata),
        created_at=record.created_at,
        updated_at=record.updated_at,
    )


def dataset(record: Dataset, metadata_keys: list[str]) -> r.DatasetPublic:
    return r.DatasetPublic(
        project=record.project,
        name=record.name,
        task=record.task,
        version=record.version,
        frame_count=record.frame_count,
        label_count=record.label_count,
        has_images=bool(record.image_roots),
        metadata_keys=metadata_keys,
        description=record.description,
        metadata=dict(record.metadata),
        imported_at=record.imported_at,
    )


def inference_set(record: InferenceSet, has_custom_metrics: bool) -> r.InferenceSetPublic:
    return r.InferenceSetPublic(
        project=record.project,
        dataset=record.dataset,
        name=record.name,
        version=record.version,
        prediction_count=record.prediction_count,
        has_scores=record.has_scores,
        has_custom_metrics=has_custom_metrics,
        model=dict(record.model),
        description=record.description,
        imported_at=record.imported_at,
    )


def segment(record: Segment) -> r.SegmentPublic:
    return r.SegmentPublic(
        project=record.project,
        dataset=record.dataset,
        name=record.name,
        kind=record.kind,
        description=record.description,
        metadata=dict(record.metadata),
        precision=record.precision,
        recall=record.recall,
        f1=record.f1,
        frame_count=record.frame_count,
        updated_at=record.updated_at,
    )


def report(class_report: ClassReport) -> v.ReportPublic:
    return v.ReportPublic(
        rows=[
            v.ReportRow(
                name=row.name,
                precision=row.precision,
                recall=row.recall,
                f1=row.f1,
                support=row.support,
                true_positives=row.true_positives,
                false_positives=row.false_positives,
                false_negatives=row.false_negatives,
            )
            for row in class_report.rows()
        ],
        weighted=v.AveragePublic(**class_report.weighted.__dict__),
        macro=v.AveragePublic(**class_report.macro.__dict__),
        micro=v.AveragePublic(**class_report.micro.__dict__),
    )


def confusion(matrix: ConfusionMatrix, *, dense: bool | None = None) -> v.ConfusionPublic:
    labels = list(matrix.labels)
    use_dense = matrix.n_classes <= DENSE_LIMIT if dense is None else dense
    total = int(matrix.counts.sum())
    if use_dense:
        return v.ConfusionPublic(labels=labels, layout="dense", counts=matrix.counts.tolist(), total=total)
    gt, pred = np.nonzero(matrix.counts)
    counts = matrix.counts[gt, pred]
    order = np.lexsort((pred, gt, -counts))
    cells = [v.SparseCell(gt=labels[gt[i]], pred=labels[pred[i]], count=int(counts[i])) for i in order]
    return v.ConfusionPublic(labels=labels, layout="sparse", cells=cells, total=total)


def coco(evaluation: CocoEvaluation, class_names: tuple[str, ...]) -> v.CocoPublic:
    def value(x: float) -> float | None:
        return None if np.isnan(x) else float(x)

    stats = {name: getattr(evaluation, name) for name in v.CocoPublic.model_fields if name != "per_class_ap"}
    return v.CocoPublic(
        **stats,
        per_class_ap={name: value(ap) for name, ap in zip(class_names, evaluation.class_ap, strict=True)},
    )


def voc(evaluation: VocEvaluation, class_names: tuple[str, ...]) -> v.VocPublic:
    def per_class(values: np.ndarray) -> dict[str, float | None]:
        return {name: None if np.isnan(x) else float(x) for name, x in zip(class_names, values, strict=True)}

    return v.VocPublic(
        iou=evaluation.iou_threshold,
        iou_convention=evaluation.iou_convention,
        map_11point=evaluation.map_11point,
        map_all_point=evaluation.map_all_point,
        per_class_ap_11point=per_class(evaluation.class_ap_11point),
        per_class_ap_all_point=per_class(evaluation.class_ap_all_point),
    )


def settings(result: MetricsResult) -> v.SettingsPublic:
    return v.SettingsPublic(**result.settings.__dict__)


def summary(result: MetricsResult) -> v.SummaryPublic:
    return v.SummaryPublic(**result.summary.__dict__)


def metrics(result: MetricsResult, project_record: Project) -> v.MetricsResponse:
    return v.MetricsResponse(
        settings=settings(result),
        summary=summary(result),
        classes=list(result.confusion.classes),
        class_colors=[spec.color for spec in project_record.classes],
        report=report(result.confusion.report),
        confusion=confusion(result.confusion),
    )


def segment_score(score: SegmentScore) -> v.SegmentScorePublic:
    return v.SegmentScorePublic(
        segment=score.segment,
        kind=score.kind,
        description=score.description,
        frame_count=score.frame_count,
        checks=[v.MetricCheckPublic(**check.__dict__) for check in score.checks],
        false_positives=score.false_positives,
        false_negatives=score.false_negatives,
        confusions=score.confusions,
        passed=score.passed,
    )


def _points(
    curves: PrCurves, precision: np.ndarray, recall: np.ndarray, f1: np.ndarray
) -> list[v.CurvePoint]:
    def value(x: float) -> float | None:
        return None if np.isnan(x) else float(x)

    return [
        v.CurvePoint(confidence=float(c), precision=value(p), recall=value(rc), f1=value(f))
        for c, p, rc, f in zip(curves.confidences, precision, recall, f1, strict=True)
    ]


def curves(curve_set: PrCurves) -> tuple[list[v.Curve], list[v.Curve]]:
    precision, recall, f1 = curve_set.precision, curve_set.recall, curve_set.f1
    support = curve_set.support
    per_class = [
        v.Curve(
            name=name,
            support=int(support[i]),
            points=_points(curve_set, precision[:, i], recall[:, i], f1[:, i]),
        )
        for i, name in enumerate(curve_set.classes)
    ]
    aggregates = [
        v.Curve(
            name="weighted", support=int(support.sum()), points=_points(curve_set, *curve_set.weighted())
        ),
        v.Curve(name="micro", support=int(support.sum()), points=_points(curve_set, *curve_set.micro())),
    ]
    return per_class, aggregates


def frame_urls(
    project_name: str, dataset_name: str, frame_id: str, image: str | None, *, servable: bool = True
) -> str | None:
    """The frame's image address; ``None`` when there is nothing to serve (no image, or a file
    name in a dataset registered without image roots, such as a COCO annotation file alone)."""
    if image is None:
        return None
    if is_url(image):
        return image
    if not servable:
        return None
    base = f"/api/projects/{quote(project_name, safe='')}/datasets/{quote(dataset_name, safe='')}"
    return f"{base}/images?{urlencode({'frame_id': frame_id})}"


def crop_url(
    project_name: str, dataset_name: str, frame_id: str, boxes: list[tuple[float, float, float, float] | None]
) -> str | None:
    present = [box for box in boxes if box is not None]
    if not present:
        return None
    x1 = min(b[0] for b in present)
    y1 = min(b[1] for b in present)
    x2 = max(b[2] for b in present)
    y2 = max(b[3] for b in present)
    base = f"/api/projects/{quote(project_name, safe='')}/datasets/{quote(dataset_name, safe='')}"
    query = urlencode({"frame_id": frame_id, "box": f"{x1:.1f},{y1:.1f},{x2:.1f},{y2:.1f}"})
    return f"{base}/crops?{query}"


def examples(page: ExamplePage, data: LoadedDataset) -> v.ExamplesResponse:
    project_name, dataset_name = data.project.name, data.dataset.name
    images = data.frames.column("image")
    widths = data.frames.column("width")
    heights = data.frames.column("height")
    items = []
    for row in page.rows:
        index = data.frame_position[row.frame_id]
        image = images[index].as_py()
        servable = bool(data.dataset.image_roots)
        image_url = frame_urls(project_name, dataset_name, row.frame_id, image, servable=servable)
        has_file = servable and image is not None and not is_url(image)
        items.append(
            v.ExampleItem(
                frame_id=row.frame_id,
                image_url=image_url,
                crop_url=crop_url(
                    project_name, dataset_name, row.frame_id, [row.label_box, row.prediction_box]
                )
                if has_file
                else None,
                width=widths[index].as_py(),
                height=heights[index].as_py(),
                gt_class=row.gt_class,
                predicted_class=row.predicted_class,
                outcome=row.outcome,
                label_id=row.label_id,
                label_box=row.label_box,
                prediction_id=row.prediction_id,
                prediction_box=row.prediction_box,
                iou=row.iou,
                confidence=row.confidence,
                box_size=row.box_size,
            )
        )
    return v.ExamplesResponse(
        total=page.total,
        offset=page.offset,
        limit=page.limit,
        order_by=page.order_by,
        descending=page.descending,
        cells=list(page.cells),
        data=items,
    )


def frame(row: FrameRow, data: LoadedDataset) -> r.FramePublic:
    results = row.results or {}
    return r.FramePublic(
        frame_id=row.frame_id,
        image_url=frame_urls(
            data.project.name,
            data.dataset.name,
            row.frame_id,
            row.image,
            servable=bool(data.dataset.image_roots),
        ),
        width=row.width,
        height=row.height,
        metadata=row.metadata,
        label_count=row.label_count,
        **results,
    )


def box(row: BoxRow) -> r.BoxItem:
    return r.BoxItem(**row.__dict__)


def metadata_keys(data: LoadedDataset) -> list[str]:
    return [
        name[len(METADATA_PREFIX) :] for name in data.frames.column_names if name.startswith(METADATA_PREFIX)
    ]
