"""Generated detection sets and a pycocotools runner shared by the COCO mAP tests.

Importing this module collects no tests; it lives beside them so that the COCO
tests stay self-contained.
"""

from __future__ import annotations

import contextlib
import io
from dataclasses import dataclass

import numpy as np

from reefscope.engine.coco import CocoEvaluation, evaluate_coco
from reefscope.engine.inputs import DetectionLabels, DetectionPredictions


@dataclass(frozen=True)
class CocoCase:
    """Columnar labels and detections, with COCO's own xywh boxes for both."""

    n_frames: int
    n_classes: int
    label_frame: np.ndarray
    label_class: np.ndarray
    label_xywh: np.ndarray
    label_crowd: np.ndarray
    label_area: np.ndarray | None
    det_frame: np.ndarray
    det_class: np.ndarray
    det_xywh: np.ndarray
    det_score: np.ndarray


def xywh_to_xyxy(xywh: np.ndarray) -> np.ndarray:
    x, y, w, h = np.asarray(xywh, dtype=np.float64).reshape(-1, 4).T
    return np.stack([x, y, x + w, y + h], axis=1)


def xyxy_to_xywh(xyxy: np.ndarray) -> np.ndarray:
    x1, y1, x2, y2 = np.asarray(xyxy, dtype=np.float64).reshape(-1, 4).T
    return np.stack([x1, y1, x2 - x1, y2 - y1], axis=1)


def ours(case: CocoCase, *, exact_xywh: bool = True) -> CocoEvaluation:
    """Evaluate ``case`` with reefscope, passing COCO's xywh when ``exact_xywh``."""
    labels = DetectionLabels(case.label_frame, case.label_class, xywh_to_xyxy(case.label_xywh))
    predictions = DetectionPredictions(
        case.det_frame, case.det_class, xywh_to_xyxy(case.det_xywh), case.det_score
    )
    return evaluate_coco(
        labels,
        predictions,
        n_classes=case.n_classes,
        iscrowd=case.label_crowd,
        area=case.label_area,
        label_boxes_xywh=case.label_xywh if exact_xywh else None,
        prediction_boxes_xywh=case.det_xywh if exact_xywh else None,
    )


def frame_to_image_id(frame: np.ndarray) -> np.ndarray:
    """Non-contiguous, increasing image ids, so that the mapping is exercised."""
    return 3 * np.asarray(frame, dtype=np.int64) + 7


def class_to_category_id(klass: np.ndarray) -> np.ndarray:
    return 2 * np.asarray(klass, dtype=np.int64) + 1


def to_coco_dicts(case: CocoCase) -> tuple[dict, list[dict]]:
    """The ground-truth dataset and the result list pycocotools expects."""
    image_ids = frame_to_image_id(np.arange(case.n_frames)).tolist()
    category_ids = class_to_category_id(np.arange(case.n_classes)).tolist()
    areas = case.label_xywh[:, 2] * case.label_xywh[:, 3] if case.label_area is None else case.label_area
    annotations = [
        {
            "id": row + 1,  # the reference treats id 0 as "unmatched"
            "image_id": int(image),
            "category_id": int(category),
            "bbox": [float(v) for v in box],
            "area": float(area),
            "iscrowd": int(crowd),
        }
        for row, (image, category, box, area, crowd) in enumerate(
            zip(
                frame_to_image_id(case.label_frame),
                class_to_category_id(case.label_class),
                case.label_xywh,
                areas,
                case.label_crowd,
                strict=True,
            )
        )
    ]
    dataset = {
        "images": [{"id": i} for i in image_ids],
        "categories": [{"id": c, "name": str(c)} for c in category_ids],
        "annotations": annotations,
    }
    results = [
        {
            "image_id": int(image),
            "category_id": int(category),
            "bbox": [float(v) for v in box],
            "score": float(score),
        }
        for image, category, box, score in zip(
            frame_to_image_id(case.det_frame),
            class_to_category_id(case.det_class),
            case.det_xywh,
            case.det_score,
            strict=True,
        )
    ]
    return dataset, results


@dataclass(frozen=True)
class Reference:
    precision: np.ndarray
    recall: np.ndarray
    stats: np.ndarray


def run_pycocotools(dataset: dict, results: list[dict]) -> Reference:
    """``COCOeval(iouType='bbox')`` on in-memory dicts, its printing silenced."""
    from pycocotools.coco import COCO
    from pycocotools.cocoeval import COCOeval

    with contextlib.redirect_stdout(io.StringIO()):
        gt = COCO()
        gt.dataset = dataset
        gt.createIndex()
        if results:
            dt = gt.loadRes(results)
        else:  # loadRes cannot take an empty list
            dt = COCO()
            dt.dataset = {**dataset, "annotations": []}
            dt.createIndex()
        evaluator = COCOeval(gt, dt, iouType="bbox")
        evaluator.evaluate()
        evaluator.accumulate()
        evaluator.summarize()
    return Reference(
        precision=evaluator.eval["precision"],
        recall=evaluator.eval["recall"],
        stats=np.asarray(evaluator.stats),
    )


def reference(case: CocoCase) -> Reference:
    return run_pycocotools(*to_coco_dicts(case))


def with_nan(reference_array: np.ndarray) -> np.ndarray:
    return np.where(reference_array == -1, np.nan, reference_array)


def random_case(
    seed: int,
    *,
    n_frames: int = 20,
    n_classes: int = 4,
    labels_per_frame: float = 3.0,
    dets_per_frame: float = 8.0,
    crowd_fraction: float = 0.05,
    integer_boxes: bool = False,
    score_levels: int | None = None,
    segment_area: bool = False,
    empty_classes: int = 1,
    cluster: bool = True,
) -> CocoCase:
    """A random set with the awkward cases: crowds, empty classes, ties, empty frames.

    ``cluster`` places detections near labels so that many pairs cross the IoU
    thresholds; ``integer_boxes`` and ``score_levels`` make exact ties in IoU,
    area-range boundaries and scores likely. The last ``empty_classes`` classes
    get detections but no labels; some frames get only labels or only
    detections.
    """
    rng = np.random.default_rng(seed)
    size = 200.0
    labelled = n_classes - empty_classes
    n_labels_per = rng.poisson(labels_per_frame, n_frames)
    n_labels_per[rng.random(n_frames) < 0.15] = 0
    label_frame = np.repeat(np.arange(n_frames), n_labels_per)
    n_labels = len(label_frame)
    label_class = rng.integers(0, max(labelled, 1), n_labels)
    label_xywh = _boxes(rng, n_labels, size, integer_boxes)
    label_crowd = rng.random(n_labels) < crowd_fraction

    n_dets_per = rng.poisson(dets_per_frame, n_frames)
    n_dets_per[rng.random(n_frames) < 0.15] = 0
    det_frame = np.repeat(np.arange(n_frames), n_dets_per)
    n_dets = len(det_frame)
    det_class = rng.integers(0, n_classes, n_dets)
    det_xywh = _boxes(rng, n_dets, size, integer_boxes)
    if cluster and n_labels:
        # Move most detections onto a label of their frame, jittered.
        first = np.searchsorted(label_frame, det_frame, side="left")
        count = np.searchsorted(label_frame, det_frame, side="right") - first
        moved = (count > 0) & (rng.random(n_dets) < 0.8)
        source = first[moved] + (rng.random(moved.sum()) * count[moved]).astype(np.int64)
        same_class = rng.random(len(source)) < 0.85
        det_class[np.flatnonzero(moved)[same_class]] = label_class[source[same_class]]
        sides = np.tile(label_xywh[source, 2:], 2)
        boxes = label_xywh[source] + rng.normal(0, 0.08, (len(source), 4)) * sides
        boxes[:, 2:] = np.maximum(boxes[:, 2:], 1.0)
        det_xywh[moved] = np.round(boxes) if integer_boxes else boxes
    if score_levels is None:
        det_score = rng.random(n_dets)
    else:
        det_score = rng.integers(0, score_levels, n_dets) / max(score_levels - 1, 1)
    label_area = None
    if segment_area:
        # Segments cover part of their box, occasionally exactly a range bound.
        label_area = label_xywh[:, 2] * label_xywh[:, 3] * rng.uniform(0.3, 1.0, n_labels)
        on_bound = rng.random(n_labels) < 0.1
        label_area[on_bound] = rng.choice([32.0**2, 96.0**2], on_bound.sum())
    return CocoCase(
        n_frames=n_frames,
        n_classes=n_classes,
        label_frame=label_frame,
        label_class=label_class,
        label_xywh=label_xywh,
        label_crowd=label_crowd,
        label_area=label_area,
        det_frame=det_frame,
        det_class=det_class,
        det_xywh=det_xywh,
        det_score=det_score,
    )


def _boxes(rng: np.random.Generator, n: int, size: float, integer: bool) -> np.ndarray:
    # Log-uniform sides span small, medium and large; integer sides hit 32 and 96 exactly.
    w = np.exp(rng.uniform(np.log(4), np.log(size * 0.7), n))
    h = w * np.exp(rng.normal(0, 0.4, n))
    x = rng.uniform(0, size - w)
    y = rng.uniform(0, size, n)
    boxes = np.stack([x, y, w, np.maximum(h, 1.0)], axis=1)
    if integer:
        boxes = np.round(boxes)
        boxes[:, 2:] = np.maximum(boxes[:, 2:], 1.0)
        exact = rng.random(n) < 0.1
        boxes[exact, 2:] = rng.choice([32.0, 96.0], (int(exact.sum()), 1))
    return boxes
