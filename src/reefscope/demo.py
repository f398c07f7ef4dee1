"""The demo workspace: the sample data of ``examples/data`` and a digits classifier, ready to explore.

>>> from reefscope.demo import build_demo
>>> build_demo("/tmp/reefscope-demo")                     # doctest: +SKIP
['voc', 'indoor', 'coco', 'digits']

Four projects, each built through the public importers:

- ``voc``: 100 PASCAL VOC 2007 photos, 20 classes, one detector's outputs;
- ``indoor``: 85 indoor photos with more than 25 classes (the many-class views);
- ``coco``: a sample of COCO val2017 annotations and detections, 80 classes, no images;
- ``digits``: scikit-learn's 1,797 handwritten digits rendered to PNG, with two
  classifiers trained here (a strongly regularised logistic regression and a
  small multi-layer perceptron) as two inference sets with score vectors.

Every dataset gets frame metadata and segments of all three kinds (splits,
regression tests, scenarios) with thresholds, some met and some not. The
digits frames carry the MLP's hidden-layer activations as embeddings. The
photo sets carry colour histograms of each image and of each box as
embeddings: a simple, honest stand-in so that the embedding view has
something to show, not a learned representation.

Building is idempotent: a complete demo project is left alone, a partial one
(an interrupted build) is rebuilt, and a project of the same name that is not
the demo's is never touched.
"""

from __future__ import annotations

import os
import shutil
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

import reefscope
from reefscope.client import DatasetHandle, WorkspaceHandle
from reefscope.engine import InvalidInputError
from reefscope.ingest import LabelImport, read_labels
from reefscope.store import ConflictError, NotFoundError

DEMO_PROJECTS = ("voc", "indoor", "coco", "digits")
#: Kept in each demo project's metadata; a change of layout bumps the version.
MARKER_KEY = "reefscope_demo"
DEMO_VERSION = 1
ASSETS = "demo-assets"
HISTOGRAM_BINS = 4  # per RGB channel: 64-dimensional colour histograms

Progress = Callable[[str, int, int], None]


# ---- entry point ------------------------------------------------------------------------------------


def build_demo(
    path: str | os.PathLike[str] | None = None,
    *,
    examples: str | os.PathLike[str] | None = None,
    rebuild: bool = False,
    projects: Sequence[str] = DEMO_PROJECTS,
    progress: Progress | None = None,
) -> list[str]:
    """Build the demo projects into the workspace at ``path`` (default: the usual workspace).

    Returns the projects built now (complete ones are skipped unless
    ``rebuild``). ``examples`` is the sample-data directory (default: the
    checkout's ``examples/data``). Raises :class:`~reefscope.store.ConflictError`
    when a project of a demo name exists and is not a demo project.
    """
    unknown = [name for name in projects if name not in DEMO_PROJECTS]
    if unknown:
        raise InvalidInputError(f"unknown demo projects {unknown}; expected some of {DEMO_PROJECTS}")
    ws = reefscope.open(path)
    data = find_examples(examples) if any(name != "digits" for name in projects) else None
    todo = [name for name in projects if rebuild or not _is_complete(ws, name)]
    for name in todo:
        _check_ours(ws, name)
    steps = sum(len(_BUILDERS[name][1]) for name in todo)
    tracker = _Tracker(progress, steps)
    for name in todo:
        if _exists(ws, name):
            ws.delete_project(name)
        builder, _ = _BUILDERS[name]
        builder(ws, data, ws.path / ASSETS / name, tracker)
        ws.project(name).update(description=_DESCRIPTIONS[name])
        ws.store.update_project(name, metadata={MARKER_KEY: DEMO_VERSION, "complete": True})
    return todo


def find_examples(examples: str | os.PathLike[str] | None = None) -> Path:
    """The sample-data directory: ``examples``, else ``$REEFSCOPE_EXAMPLES``, else the checkout's."""
    candidates: list[Path] = []
    if examples is not None:
        candidates.append(Path(examples))
    elif os.environ.get("REEFSCOPE_EXAMPLES"):
        candidates.append(Path(os.environ["REEFSCOPE_EXAMPLES"]))
    else:
        here = Path(__file__).resolve()
        candidates += [parent / "examples" / "data" for parent in here.parents]
        candidates.append(Path.cwd() / "examples" / "data")
    for candidate in candidates:
        if (candidate / "voc100").is_dir():
            return candidate.resolve()
    raise InvalidInputError(
        f"cannot find the sample data (a directory with voc100/, indoor85/ and coco-sample/); "
        f"looked in {', '.join(str(c) for c in candidates)}. Pass --examples DIR or set REEFSCOPE_EXAMPLES",
        field="examples",
    )


class _Tracker:
    def __init__(self, progress: Progress | None, total: int) -> None:
        self.progress = progress
        self.total = total
        self.done = 0

    def step(self, description: str) -> None:
        if self.progress is not None:
            self.progress(description, self.done, self.total)
        self.done += 1


def _exists(ws: WorkspaceHandle, name: str) -> bool:
    try:
        ws.store.get_project(name)
    except NotFoundError:
        return False
    return True


def _is_complete(ws: WorkspaceHandle, name: str) -> bool:
    if not _exists(ws, name):
        return False
    metadata = ws.store.get_project(name).metadata
    return metadata.get(MARKER_KEY) == DEMO_VERSION and metadata.get("complete") is True


def _check_ours(ws: WorkspaceHandle, name: str) -> None:
    if _exists(ws, name) and MARKER_KEY not in ws.store.get_project(name).metadata:
        raise ConflictError(
            f"project {name!r} exists in {ws.path} and is not a demo project; "
            f"build the demo in another directory (--data-dir)"
        )


def _claim(ws: WorkspaceHandle, name: str) -> None:
    """Mark a freshly created project as the demo's (incomplete until the build ends)."""
    ws.store.update_project(name, metadata={MARKER_KEY: DEMO_VERSION, "complete": False})


# ---- metadata, embeddings and segments shared by the photo sets --------------------------------------


@dataclass(frozen=True)
class _Segment:
    name: str
    kind: str
    description: str
    where: str | None = None
    frames: tuple[str, ...] | None = None
    precision: float | None = None
    recall: float | None = None
    f1: float | None = None


def _create_segments(dataset: DatasetHandle, segments: Sequence[_Segment]) -> None:
    for segment in segments:
        dataset.create_segment(
            segment.name,
            where=segment.where,
            frames=segment.frames,
            kind=segment.kind,  # type: ignore[arg-type]
            description=segment.description,
            precision=segment.precision,
            recall=segment.recall,
            f1=segment.f1,
        )


def _box_metadata(labels: LabelImport, person: str | None = "person") -> dict[str, list[Any]]:
    """Per frame: object count, people count, orientation and the smallest box side (sqrt of area)."""
    frames = labels.frames
    frame_ids = frames.column("frame_id").to_pylist()
    position = {frame_id: i for i, frame_id in enumerate(frame_ids)}
    n = len(frame_ids)
    table = labels.labels
    owner = np.array([position[f] for f in table.column("frame_id").to_pylist()], dtype=np.int64)
    classes = table.column("class_index").to_numpy()
    x1, y1, x2, y2 = (table.column(axis).to_numpy() for axis in ("x1", "y1", "x2", "y2"))
    side = np.sqrt(np.clip(x2 - x1, 0, None) * np.clip(y2 - y1, 0, None))
    objects = np.bincount(owner, minlength=n)
    person_index = labels.classes.index(person) if person in labels.classes else -1
    people = np.bincount(owner[classes == person_index], minlength=n)
    smallest = np.full(n, np.inf)
    np.minimum.at(smallest, owner, side)
    widths = frames.column("width").to_numpy(zero_copy_only=False).astype(float)
    heights = frames.column("height").to_numpy(zero_copy_only=False).astype(float)
    orientation = np.where(widths > heights, "landscape", np.where(widths < heights, "portrait", "square"))
    return {
        "frame_id": frame_ids,
        "objects": objects.tolist(),
        "people": people.tolist(),
        "orientation": orientation.tolist(),
        "smallest_box": [None if np.isinf(value) else round(float(value), 1) for value in smallest],
    }


def _colour_histogram(pixels: np.ndarray) -> np.ndarray:
    """A normalised joint RGB histogram with ``HISTOGRAM_BINS`` bins per channel."""
    if pixels.size == 0:
        return np.zeros(HISTOGRAM_BINS**3, dtype=np.float32)
    quantised = (pixels.reshape(-1, 3).astype(np.int64) * HISTOGRAM_BINS) // 256
    codes = (quantised[:, 0] * HISTOGRAM_BINS + quantised[:, 1]) * HISTOGRAM_BINS + quantised[:, 2]
    counts = np.bincount(codes, minlength=HISTOGRAM_BINS**3).astype(np.float32)
    return counts / counts.sum()


def _photo_features(
    frames: pa.Table, images: Path, boxes: dict[str, list[tuple[str, tuple[float, float, float, float]]]]
) -> tuple[dict[str, str], dict[str, np.ndarray], dict[str, np.ndarray]]:
    """Brightness bucket and colour histogram of each image, and a histogram of each box crop.

    ``boxes`` maps frame id to ``(crop id, box)`` pairs.
    """
    from PIL import Image

    brightness: dict[str, str] = {}
    frame_vectors: dict[str, np.ndarray] = {}
    crop_vectors: dict[str, np.ndarray] = {}
    for frame_id, image in zip(
        frames.column("frame_id").to_pylist(), frames.column("image").to_pylist(), strict=True
    ):
        with Image.open(images / image) as opened:
            rgb = np.asarray(opened.convert("RGB"))
        luminance = float(rgb.mean())
        brightness[frame_id] = "dark" if luminance < 85 else "bright" if luminance > 150 else "medium"
        frame_vectors[frame_id] = _colour_histogram(rgb)
        height, width = rgb.shape[:2]
        for crop_id, (x1, y1, x2, y2) in boxes.get(frame_id, []):
            left, top = max(0, int(x1)), max(0, int(y1))
            right, bottom = min(width, int(np.ceil(x2))), min(height, int(np.ceil(y2)))
            crop_vectors[crop_id] = _colour_histogram(rgb[top:bottom, left:right])
    return brightness, frame_vectors, crop_vectors


def _boxes_by_frame(
    table: pa.Table, id_column: str
) -> dict[str, list[tuple[str, tuple[float, float, float, float]]]]:
    grouped: dict[str, list[tuple[str, tuple[float, float, float, float]]]] = {}
    columns = [table.column(name).to_pylist() for name in (id_column, "frame_id", "x1", "y1", "x2", "y2")]
    for crop_id, frame_id, x1, y1, x2, y2 in zip(*columns, strict=True):
        grouped.setdefault(frame_id, []).append((crop_id, (x1, y1, x2, y2)))
    return grouped


def _write_vectors(path: Path, vectors: dict[str, np.ndarray]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    ids = np.array(list(vectors), dtype=str)
    np.savez(path, ids=ids, vectors=np.stack(list(vectors.values())).astype(np.float32))
    return path


def _write_table(path: Path, columns: dict[str, list[Any]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.table(columns), path)
    return path


def _import_photo_set(
    ws: WorkspaceHandle,
    *,
    project: str,
    dataset: str,
    labels: LabelImport,
    label_args: dict[str, Any],
    images: Path | None,
    assets: Path,
    tracker: _Tracker,
) -> DatasetHandle:
    """Compute metadata (and image features), then import labels with it."""
    metadata = _box_metadata(labels)
    features = None
    if images is not None:
        features = _photo_features(labels.frames, images, _boxes_by_frame(labels.labels, "label_id"))
        metadata["brightness"] = [features[0][frame_id] for frame_id in metadata["frame_id"]]
    tracker.step(f"{project}: importing labels")
    handle = ws.import_labels(
        metadata=_write_table(assets / "metadata.parquet", metadata),
        project=project,
        dataset=dataset,
        **label_args,
    )
    _claim(ws, project)
    if features is not None:
        tracker.step(f"{project}: importing colour-histogram embeddings")
        _, frame_vectors, label_vectors = features
        handle.import_embeddings(_write_vectors(assets / "frame-embeddings.npz", frame_vectors), kind="frame")
        handle.import_embeddings(_write_vectors(assets / "label-embeddings.npz", label_vectors), kind="crop")
    return handle


def _import_prediction_crops(dataset: DatasetHandle, inference_set: str, images: Path, assets: Path) -> None:
    handle = dataset.inference_set(inference_set)
    _, _, vectors = _photo_features(
        dataset.frames(), images, _boxes_by_frame(handle.predictions(), "prediction_id")
    )
    handle.import_embeddings(
        _write_vectors(assets / f"{inference_set}-crop-embeddings.npz", vectors), kind="crop"
    )


# ---- the photo sets ---------------------------------------------------------------------------------


def _build_voc(ws: WorkspaceHandle, data: Path | None, assets: Path, tracker: _Tracker) -> None:
    assert data is not None
    root = data / "voc100"
    tracker.step("voc: reading annotations and images")
    label_args = {
        "format": "voc",
        "images": root / "images",
        "classes": root / "classes.txt",
        "description": "100 PASCAL VOC 2007 photos (see examples/data/PROVENANCE.md)",
    }
    labels = read_labels("voc", root / "annotations", images=root / "images", classes=root / "classes.txt")
    dataset = _import_photo_set(
        ws,
        project="voc",
        dataset="val",
        labels=labels,
        label_args={"path": root / "annotations", **label_args},
        images=root / "images",
        assets=assets,
        tracker=tracker,
    )
    ws.project("voc").update(confidence=0.4)
    tracker.step("voc: importing detections")
    dataset.import_inferences(
        root / "detections",
        name="detector",
        format="text",
        class_names=root / "classes.txt",
        description="The detections shipped with the sample (one text file per image)",
    )
    _import_prediction_crops(dataset, "detector", root / "images", assets)
    tracker.step("voc: segments")
    frame_ids = sorted(dataset.frame_ids())
    _create_segments(
        dataset,
        [
            _Segment(
                "calibration",
                "split",
                "The first 30 frames by id: choose the confidence threshold here",
                frames=tuple(frame_ids[:30]),
            ),
            _Segment(
                "holdout",
                "split",
                "The other 70 frames: check the chosen threshold here",
                frames=tuple(frame_ids[30:]),
            ),
            _Segment(
                "people",
                "regression_test",
                "Frames with at least one person: the detector must stay good here",
                where="people > 0",
                precision=0.5,
                recall=0.8,
            ),
            _Segment(
                "small objects",
                "regression_test",
                "Frames whose smallest object is under 40 px across: a known weakness",
                where="smallest_box < 40",
                precision=0.6,
                recall=0.8,
            ),
            _Segment("crowded", "scenario", "Five objects or more", where="objects >= 5", f1=0.6),
            _Segment(
                "dark",
                "scenario",
                "Dark photos (mean brightness under 85 of 255)",
                where="brightness == 'dark'",
                f1=0.8,
            ),
            _Segment(
                "portrait", "scenario", "Portrait-orientation photos", where="orientation == 'portrait'"
            ),
        ],
    )


def _build_indoor(ws: WorkspaceHandle, data: Path | None, assets: Path, tracker: _Tracker) -> None:
    assert data is not None
    root = data / "indoor85"
    tracker.step("indoor: reading labels and images")
    labels = read_labels("text", root / "ground-truth", images=root / "images")
    dataset = _import_photo_set(
        ws,
        project="indoor",
        dataset="all",
        labels=labels,
        label_args={
            "path": root / "ground-truth",
            "format": "text",
            "images": root / "images",
            "description": "85 indoor photos with many classes (see examples/data/PROVENANCE.md)",
        },
        images=root / "images",
        assets=assets,
        tracker=tracker,
    )
    ws.project("indoor").update(confidence=0.3)
    tracker.step("indoor: importing detections")
    dataset.import_inferences(
        root / "detections",
        name="detector",
        format="text",
        new_classes="extend",
        description="The detections shipped with the sample; they name classes the labels never use",
    )
    _import_prediction_crops(dataset, "detector", root / "images", assets)
    tracker.step("indoor: segments")
    _create_segments(
        dataset,
        [
            _Segment(
                "simple scenes",
                "regression_test",
                "Frames with at most three objects: the detector should be reliable here",
                where="objects <= 3",
                recall=0.15,
            ),
            _Segment(
                "cluttered",
                "regression_test",
                "Frames with eight objects or more",
                where="objects >= 8",
                precision=0.55,
                recall=0.45,
            ),
            _Segment("dark", "scenario", "Dark rooms", where="brightness == 'dark'", f1=0.2),
            _Segment("bright", "scenario", "Bright rooms", where="brightness == 'bright'"),
        ],
    )


def _build_coco(ws: WorkspaceHandle, data: Path | None, assets: Path, tracker: _Tracker) -> None:
    assert data is not None
    root = data / "coco-sample"
    tracker.step("coco: reading annotations")
    labels = read_labels("coco", root / "instances.json")
    dataset = _import_photo_set(
        ws,
        project="coco",
        dataset="val2017-sample",
        labels=labels,
        label_args={
            "path": root / "instances.json",
            "format": "coco",
            "description": "A COCO val2017 sample; no images (see examples/data/PROVENANCE.md)",
        },
        images=None,
        assets=assets,
        tracker=tracker,
    )
    ws.project("coco").update(confidence=0.3)
    tracker.step("coco: importing detections")
    dataset.import_inferences(
        root / "detections.json",
        name="detector",
        format="coco",
        description="COCO results JSON of the sample",
    )
    tracker.step("coco: segments")
    _create_segments(
        dataset,
        [
            _Segment(
                "people",
                "regression_test",
                "Frames with at least one person",
                where="people > 0",
                precision=0.9,
                recall=0.5,
            ),
            _Segment(
                "crowded",
                "regression_test",
                "Ten objects or more",
                where="objects >= 10",
                precision=0.9,
                recall=0.6,
            ),
            _Segment(
                "tiny objects",
                "scenario",
                "Smallest object under 16 px across",
                where="smallest_box < 16",
                f1=0.6,
            ),
            _Segment(
                "portrait", "scenario", "Portrait-orientation images", where="orientation == 'portrait'"
            ),
        ],
    )


# ---- digits -------------------------------------------------------------------------------------------

DIGIT_CLASSES = tuple(str(digit) for digit in range(10))
DIGIT_SCALE = 4  # 8x8 -> 32x32 PNGs


def _build_digits(ws: WorkspaceHandle, data: Path | None, assets: Path, tracker: _Tracker) -> None:
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
    labels_file = _write_table(
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
    _claim(ws, "digits")
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
            _write_table(assets / f"predictions-{name}.parquet", columns),
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
        _write_vectors(assets / "hidden-layer.npz", dict(zip(frame_ids, hidden, strict=True))), kind="frame"
    )
    test_ids = np.array(frame_ids)[test]
    test_targets = targets[test]

    def test_frames(*digits_wanted: int) -> tuple[str, ...]:
        return tuple(test_ids[np.isin(test_targets, digits_wanted)].tolist())

    _create_segments(
        dataset,
        [
            _Segment("train", "split", "The half the models were trained on", where="split == 'train'"),
            _Segment("test", "split", "The held-out half", where="split == 'test'", f1=0.9),
            _Segment(
                "hard digits 3/8/9",
                "regression_test",
                "Held-out 3s, 8s and 9s, the digits most often confused",
                frames=test_frames(3, 8, 9),
                recall=0.9,
                f1=0.9,
            ),
            _Segment("held-out 8s", "regression_test", "Held-out 8s", frames=test_frames(8), recall=0.9),
            _Segment(
                "held-out 0s",
                "regression_test",
                "Held-out 0s: should be easy",
                frames=test_frames(0),
                recall=0.95,
            ),
            _Segment(
                "light ink",
                "scenario",
                "The third of digits with the least ink",
                where="ink == 'light'",
                f1=0.9,
            ),
            _Segment(
                "heavy ink",
                "scenario",
                "The third of digits with the most ink",
                where="ink == 'heavy'",
                f1=0.88,
            ),
            _Segment(
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


_BUILDERS: dict[
    str, tuple[Callable[[WorkspaceHandle, Path | None, Path, _Tracker], None], tuple[str, ...]]
] = {
    "voc": (_build_voc, ("read", "labels", "embeddings", "detections", "segments")),
    "indoor": (_build_indoor, ("read", "labels", "embeddings", "detections", "segments")),
    "coco": (_build_coco, ("read", "labels", "detections", "segments")),
    "digits": (_build_digits, ("render", "train", "import", "segments")),
}

_DESCRIPTIONS = {
    "voc": "Demo: 100 PASCAL VOC 2007 photos and one detector (20 classes)",
    "indoor": "Demo: 85 indoor photos with more than 25 classes",
    "coco": "Demo: a COCO val2017 sample with 80 classes (no images)",
    "digits": "Demo: scikit-learn's digits with a logistic regression and an MLP",
}
