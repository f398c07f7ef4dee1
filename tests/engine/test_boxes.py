import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from reefscope.engine import InvalidInputError, box_areas, convert_boxes, paired_iou, pairwise_iou

coordinate = st.floats(-1e4, 1e4, allow_nan=False, allow_infinity=False)
extent = st.floats(1e-2, 1e4, allow_nan=False, allow_infinity=False)


@st.composite
def boxes(draw):
    x, y, w, h = draw(coordinate), draw(coordinate), draw(extent), draw(extent)
    return np.array([x, y, x + w, y + h])


def test_hand_worked_iou():
    iou = pairwise_iou([[0, 0, 2, 2], [0, 0, 1, 1]], [[1, 0, 3, 2], [0, 0, 2, 2], [5, 5, 6, 6]])
    np.testing.assert_allclose(iou, [[1 / 3, 1.0, 0.0], [0.0, 0.25, 0.0]])


def test_empty_inputs_keep_their_shape():
    assert pairwise_iou(np.zeros((0, 4)), [[0, 0, 1, 1]]).shape == (0, 1)
    assert pairwise_iou([[0, 0, 1, 1]], []).shape == (1, 0)
    assert pairwise_iou([], []).shape == (0, 0)


def test_degenerate_boxes_have_zero_iou():
    assert pairwise_iou([[1, 1, 1, 1]], [[1, 1, 1, 1]])[0, 0] == 0.0
    assert pairwise_iou([[0, 0, 0, 5]], [[0, 0, 2, 5]])[0, 0] == 0.0


def test_conversions_round_trip():
    xyxy = np.array([[10.0, 20.0, 40.0, 60.0], [0.0, 0.0, 1.0, 3.0]])
    for fmt in ("xywh", "cxcywh"):
        converted = convert_boxes(xyxy, source="xyxy", target=fmt)
        np.testing.assert_allclose(convert_boxes(converted, source=fmt), xyxy)
    np.testing.assert_allclose(box_areas(xyxy), [1200.0, 3.0])


def test_unknown_format_is_named():
    with pytest.raises(InvalidInputError, match="`source` to be one of"):
        convert_boxes([[0, 0, 1, 1]], source="yolo")  # type: ignore[arg-type]


def test_wrong_shape_is_named():
    with pytest.raises(InvalidInputError, match=r"labels.*shape \(n, 4\)"):
        pairwise_iou([[0, 0, 1]], [[0, 0, 1, 1]])


@given(boxes(), boxes())
def test_iou_is_bounded_and_symmetric(a, b):
    forward = pairwise_iou(a[None], b[None])[0, 0]
    backward = pairwise_iou(b[None], a[None])[0, 0]
    assert 0.0 <= forward <= 1.0
    assert forward == pytest.approx(backward, abs=1e-12)
    assert paired_iou(a[None], b[None])[0] == pytest.approx(forward, abs=1e-12)


@given(boxes())
def test_iou_with_itself_is_one(a):
    assert pairwise_iou(a[None], a[None])[0, 0] == pytest.approx(1.0)


@given(boxes(), boxes(), st.floats(-1e3, 1e3), st.floats(-1e3, 1e3), st.floats(0.1, 10))
def test_iou_is_invariant_to_translation_and_scale(a, b, dx, dy, scale):
    shift = np.array([dx, dy, dx, dy])
    original = pairwise_iou(a[None], b[None])[0, 0]
    moved = pairwise_iou((a + shift)[None], (b + shift)[None])[0, 0]
    scaled = pairwise_iou((a * scale)[None], (b * scale)[None])[0, 0]
    assert moved == pytest.approx(original, abs=1e-6)
    assert scaled == pytest.approx(original, abs=1e-9)
