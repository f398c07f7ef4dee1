"""The ``digits`` demo project: scikit-learn's digits and two classifiers trained on half of them."""

from __future__ import annotations

import shutil
import warnings
from pathlib import Path
from typing import Any

import numpy as np

from reefscope.client import WorkspaceHandle
from reefscope.demo._steps import SegmentSpec, Tracker, claim, create_segments, write_table, write_vectors

DIGIT_CLASSES = tuple(str(digit) for digit in range(10))
DIGIT_SCALE = 4  # 8x8 -> 32x32 PNGs


def build_digits(ws: WorkspaceHandle, data: Path | None, assets: Path, tracker: Tracker) -> None:
    from PIL import Image
    from sklearn.datasets import load_digits
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import train_test_split
    from sklearn.neural_network import MLPClassifier
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    tracker.step("digits: rendering images")
    digits = load_digits()
    pixels = digits.images  # (n, 8, 8) in 0..16
    targets = digits.target.astype(int)
    n = len(targets)
    frame_ids = [f"digit-{index:04d}" for index in range(n)]
    images = assets / "images"
    if images.exists():
        shutil.rmtree(images)
    images.mkdir(parents=True)
    for frame_id, image in zip(frame_ids, pixels, strict=True):
        grey = (255 - image * (255 / 16)).clip(0, 255).astype(np.uint8)
        Image.fromarray(grey, mode="L").resize(
            (8 * DIGIT_SCALE, 8 * DIGIT_SCALE), Image.Resampling.NEAREST
        ).save(images / f"{frame_id}.png")

    tracker.step("digits: training two classifiers")
    features = digits.data / 16.0
    train, test = train_test_split(np.arange(n), test_size=0.5, random_state=0, stratify=targets)
    split = np.full(n, "test", dtype=object)
    split[train] = "train"
    models = {
        "logistic": (
            make_pipeline(StandardScaler(), LogisticRegression(C=0.01, max_iter=500)),
            "Logistic regression on standardised pixels, strongly regularised (C=0.01)",
        ),
        "mlp": (
            MLPClassifier(hidden_layer_sizes=(32,), max_iter=400, random_state=0),
            "Multi-layer perceptron, one hidden layer of 32 ReLU units",
        ),
    }
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # convergence chatter of a deliberately small model
        for model, _ in models.values():
            model.fit(features[train], targets[train])

    tracker.step("digits: importing labels and predictions")
    ink = pixels.reshape(n, -1).sum(axis=1)
    light, heavy = np.quantile(ink, [1 / 3, 2 / 3])
    ink_bucket = np.where(ink < light, "light", np.where(ink > heavy, "heavy", "medium"))
    slant = _slant(pixels)
    labels_file = write_table(
        assets / "labels.parquet",
        {
            "frame_id": frame_ids,
            "class": [DIGIT_CLASSES[target] for target in targets],
            "image": [f"{frame_id}.png" for frame_id in frame_ids],
            "split": split.tolist(),
            "ink": ink_bucket.tolist(),
            "ink_mass": ink.astype(int).tolist(),
            "slant": np.where(slant > 0.15, "right", np.where(slant < -0.15, "left", "upright")).tolist(),
        },
    )
    ws.create_project("digits", task="classification", classes=list(DIGIT_CLASSES), confidence=0.5)
    claim(ws, "digits")
    dataset = ws.project("digits").import_labels(
        labels_file,
        dataset="all",
        format="table",
        images=images,
        description="scikit-learn's handwritten digits (1,797 8x8 images), rendered to 32x32 PNG",
    )
    for name, (model, description) in models.items():
        probabilities = model.predict_proba(features)
        predicted = probabilities.argmax(axis=1)
        columns: dict[str, list[Any]] = {
            "frame_id": frame_ids,
            "class": [DIGIT_CLASSES[index] for index in predicted],
            "confidence": probabilities.max(axis=1).tolist(),
        }
        for index, digit in enumerate(DIGIT_CLASSES):
            columns[f"score.{digit}"] = probabilities[:, index].tolist()
        dataset.import_inferences(
            write_table(assets / f"predictions-{name}.parquet", columns),
            name=name,
            format="table",
            model={
                "library": "scikit-learn",
                "estimator": type(model).__name__,
                "trained_on": "split == 'train'",
            },
            description=description,
        )

    tracker.step("digits: hidden-layer embeddings and segments")
    mlp = models["mlp"][0]
    hidden = np.maximum(features @ mlp.coefs_[0] + mlp.intercepts_[0], 0.0)
    dataset.import_embeddings(
        write_vectors(assets / "hidden-layer.npz", dict(zip(frame_ids, hidden, strict=True))), kind="frame"
    )
    test_ids = np.array(frame_ids)[test]
    test_targets = targets[test]

    def test_frames(*digits_wanted: int) -> tuple[str, ...]:
        return tuple(test_ids[np.isin(test_targets, digits_wanted)].tolist())

    create_segments(
        dataset,
        [
            SegmentSpec("train", "split", "The half the models were trained on", where="split == 'train'"),
            SegmentSpec("test", "split", "The held-out half", where="split == 'test'", f1=0.9),
            SegmentSpec(
                "hard digits 3/8/9",
                "regression_test",
                "Held-out 3s, 8s and 9s, the digits most often confused",
                frames=test_frames(3, 8, 9),
                recall=0.9,
                f1=0.9,
            ),
            SegmentSpec("held-out 8s", "regression_test", "Held-out 8s", frames=test_frames(8), recall=0.9),
            SegmentSpec(
                "held-out 0s",
                "regression_test",
                "Held-out 0s: should be easy",
                frames=test_frames(0),
                recall=0.95,
            ),
            SegmentSpec(
                "light ink",
                "scenario",
                "The third of digits with the least ink",
                where="ink == 'light'",
                f1=0.9,
            ),
            SegmentSpec(
                "heavy ink",
                "scenario",
                "The third of digits with the most ink",
                where="ink == 'heavy'",
                f1=0.88,
            ),
            SegmentSpec(
                "slanted", "scenario", "Digits leaning left or right", where="slant in ['left', 'right']"
            ),
        ],
    )


def _slant(images: np.ndarray) -> np.ndarray:
    """Shear of each digit's ink from second-order image moments (positive leans right)."""
    rows, columns = np.mgrid[0:8, 0:8].astype(float)
    mass = images.sum(axis=(1, 2))
    mass = np.where(mass > 0, mass, 1.0)
    mean_row = (images * rows).sum(axis=(1, 2)) / mass
    mean_column = (images * columns).sum(axis=(1, 2)) / mass
    d_row = rows[None] - mean_row[:, None, None]
    d_column = columns[None] - mean_column[:, None, None]
    covariance = (images * d_row * d_column).sum(axis=(1, 2)) / mass
    variance = (images * d_row**2).sum(axis=(1, 2)) / mass
    return -covariance / np.where(variance > 0, variance, 1.0)
