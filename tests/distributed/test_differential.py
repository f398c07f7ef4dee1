"""Every answer of the distributed evaluator equals the single-process evaluator's, exactly.

Generated cluttered sets (shuffled rows, tied scores, crowds, empty frames) on a
LocalCluster of two workers, laid out one frame per partition, unevenly, with
empty partitions, and as a single partition.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from reefscope.engine import DetectionEvaluator, DetectionLabels, DetectionPredictions, evaluate_coco
from tests.distributed.compare import (
    assert_same_coco,
    assert_same_curves,
    assert_same_evaluation,
    assert_same_pages,
)
from tests.distributed.conftest import partitioned
from tests.distributed.generated import Generated, cluttered

N_FRAMES = 40
LAYOUTS = {
    "one frame each": list(range(N_FRAMES + 1)),
    "uneven with empty partitions": [0, 0, 1, 1, 9, 23, 23, 24, 40, 40],
    "one partition": [0, N_FRAMES],
}
SETTINGS = [
    {"confidence": 0.5, "iou": 0.5},
    {"confidence": 0.0, "iou": 0.0},
    {"confidence": 0.35, "iou": 0.3, "class_aware": True},
    {"confidence": 1.0, "iou": 0.9},
]


@pytest.fixture(scope="module", params=[3, 11])
def data(request: pytest.FixtureRequest) -> Generated:
    return cluttered(request.param, n_frames=N_FRAMES)


@pytest.fixture(scope="module")
def single(data: Generated) -> DetectionEvaluator:
    return DetectionEvaluator(data.labels, data.predictions, classes=data.classes, n_frames=data.n_frames)


@pytest.fixture(scope="module", params=list(LAYOUTS), ids=list(LAYOUTS))
def distributed(
    request: pytest.FixtureRequest,
    data: Generated,
    dask_client: Any,
    tmp_path_factory: pytest.TempPathFactory,
) -> Any:
    root = tmp_path_factory.mktemp("parts")
    return partitioned(
        dask_client,
        Path(root),
        data.labels,
        data.predictions,
        LAYOUTS[request.param],
        classes=data.classes,
        iscrowd=data.iscrowd,
    )


def segments(n_frames: int) -> list[np.ndarray | None]:
    rng = np.random.default_rng(0)
    first_half = np.zeros(n_frames, dtype=bool)
    first_half[: n_frames // 2] = True
    return [None, rng.random(n_frames) < 0.4, first_half, np.zeros(n_frames, dtype=bool)]


def test_evaluations_match(single: DetectionEvaluator, distributed: Any, data: Generated) -> None:
    k = len(data.classes)
    cells = [(gt, predicted) for gt in range(k + 1) for predicted in range(k + 1)]
    for i, settings in enumerate(SETTINGS):
        for j, frames in enumerate(segments(data.n_frames)):
            expected = single.evaluate(**settings, frames=frames)
            actual = distributed.evaluate(**settings, frames=frames)
            assert_same_evaluation(expected, actual)
            if i % 2 == 0 and j < 2:  # pages cost a round trip each: a sample of settings
                assert_same_pages(expected, actual, cells)
                assert_same_pages(expected, actual, [(k, 0), (1, k), (2, 2), (0, 3)])


def test_curves_match(single: DetectionEvaluator, distributed: Any, data: Generated) -> None:
    for frames in segments(data.n_frames)[:2]:
        for class_aware in (False, True):
            expected = single.pr_curves(iou=0.5, frames=frames, class_aware=class_aware)
            assert_same_curves(
                expected, distributed.pr_curves(iou=0.5, frames=frames, class_aware=class_aware)
            )
    grid = [0.9, 0.05, 0.5, 0.5, 1.0]  # unsorted, with a repeat
    assert_same_curves(
        single.pr_curves(iou=0.3, confidences=grid), distributed.pr_curves(iou=0.3, confidences=grid)
    )


def _coco_single(data: Generated, frames: np.ndarray, rank: np.ndarray) -> Any:
    labels, predictions = data.labels, data.predictions
    keep_l, keep_p = frames[labels.frame_index], frames[predictions.frame_index]
    return evaluate_coco(
        DetectionLabels(rank[labels.frame_index[keep_l]], labels.class_index[keep_l], labels.boxes[keep_l]),
        DetectionPredictions(
            rank[predictions.frame_index[keep_p]],
            predictions.class_index[keep_p],
            predictions.boxes[keep_p],
            predictions.confidence[keep_p],
        ),
        n_classes=len(data.classes),
        iscrowd=data.iscrowd[keep_l],
    )


def test_coco_matches(distributed: Any, data: Generated) -> None:
    everything = np.ones(data.n_frames, dtype=bool)
    # A COCO rank that runs against the partition order decides cross-image ties differently.
    for rank in (np.arange(data.n_frames), np.random.default_rng(5).permutation(data.n_frames)):
        for frames in (everything, segments(data.n_frames)[1]):
            expected = _coco_single(data, frames, rank)
            assert_same_coco(expected, distributed.coco(frames=frames, frame_rank=rank))


def test_bad_arguments_are_refused_before_any_work(distributed: Any) -> None:
    with pytest.raises(ValueError, match="confidence"):
        distributed.evaluate(confidence=1.5, iou=0.5)
    with pytest.raises(ValueError, match="outside"):
        distributed.evaluate(confidence=0.5, iou=0.5).page([(99, 0)])
