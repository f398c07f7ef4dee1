"""REST API timings: the metrics answer on the COCO-sized set, and a concurrent load on loopback.

The metrics answer (summary, per-class report and the full 81 x 81 confusion
matrix as JSON) is timed in-process through the ASGI app after the first load,
at new (confidence, IoU) settings each time, beside the bare service call so
that the API's own cost (conversion and JSON) shows. Budget (DESIGN 7): under
150 ms. The load section starts a real ``reefscope serve`` and reports requests
per second, p50/p99 latency and errors of 8 clients while an import runs.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pyarrow as pa

from benchmarks.synthetic import SyntheticDetections, make_detections
from benchmarks.timing import format_table, median_seconds, row
from reefscope.store import Workspace

SETTINGS = [(0.5, 0.5), (0.3, 0.5), (0.6, 0.7), (0.4, 0.4), (0.25, 0.6), (0.7, 0.3)]
BUDGET_SECONDS = 0.150
EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "data"


def _tables(data: SyntheticDetections) -> tuple[pa.Table, pa.Table, pa.Table]:
    frame_ids = np.array([f"img{i:05d}" for i in range(data.n_images)], dtype=object)
    frames = pa.table(
        {
            "frame_id": pa.array(frame_ids, pa.string()),
            "image": pa.nulls(data.n_images, pa.string()),
            "width": pa.array(np.full(data.n_images, data.image_width, np.int32)),
            "height": pa.array(np.full(data.n_images, data.image_height, np.int32)),
        }
    )
    n_labels = len(data.label_frame)
    labels = pa.table(
        {
            "label_id": pa.array([f"l{i}" for i in range(n_labels)], pa.string()),
            "frame_id": pa.array(frame_ids[data.label_frame], pa.string()),
            "class_index": pa.array(data.label_class.astype(np.int32)),
            "x1": data.label_boxes[:, 0],
            "y1": data.label_boxes[:, 1],
            "x2": data.label_boxes[:, 2],
            "y2": data.label_boxes[:, 3],
            "iscrowd": pa.array(data.label_iscrowd),
            "difficult": pa.array(np.zeros(n_labels, dtype=bool)),
        }
    )
    n_predictions = len(data.prediction_frame)
    predictions = pa.table(
        {
            "prediction_id": pa.array([f"p{i}" for i in range(n_predictions)], pa.string()),
            "frame_id": pa.array(frame_ids[data.prediction_frame], pa.string()),
            "class_index": pa.array(data.prediction_class.astype(np.int32)),
            "x1": data.prediction_boxes[:, 0],
            "y1": data.prediction_boxes[:, 1],
            "x2": data.prediction_boxes[:, 2],
            "y2": data.prediction_boxes[:, 3],
            "confidence": data.prediction_confidence,
        }
    )
    return frames, labels, predictions


def build_workspace(home: Path, data: SyntheticDetections) -> None:
    """The synthetic set as project ``coco``, dataset ``val``, inference set ``model``."""
    frames, labels, predictions = _tables(data)
    workspace = Workspace(home)
    classes = [f"class_{i}" for i in range(data.n_classes)]
    workspace.put_dataset(
        "coco", "val", frames=frames, labels=labels, classes=classes, create_project=True, task="detection"
    )
    workspace.put_inference_set("coco", "val", "model", predictions=predictions)


def metrics_rows(data: SyntheticDetections | None = None) -> list[dict]:
    from fastapi.testclient import TestClient

    from reefscope.api.app import create_app
    from reefscope.api.settings import ApiSettings

    data = data or make_detections()
    section = (
        f"REST API metrics answer ({data.n_images} images, {len(data.label_frame)} labels, "
        f"{len(data.prediction_frame)} predictions, {data.n_classes} classes)"
    )
    url = "/api/projects/coco/datasets/val/metrics"
    with tempfile.TemporaryDirectory() as directory:
        home = Path(directory) / "home"
        build_workspace(home, data)
        app = create_app(ApiSettings(home=home, web_dist=None))
        client = TestClient(app)
        service = app.state.service

        start = time.perf_counter()
        first = client.get(url, params={"inference": "model"})
        first_seconds = time.perf_counter() - start
        assert first.status_code == 200, first.text
        size = len(first.content)

        # A new (c, t) every call: nothing is answered from a cache of answers.
        grid = iter([(c + k * 0.001, t) for k in range(1000) for c, t in SETTINGS])

        def api_call() -> None:
            c, t = next(grid)
            response = client.get(url, params={"inference": "model", "confidence": c, "iou": t})
            assert response.status_code == 200

        def service_call() -> None:
            c, t = next(grid)
            service.metrics("coco", "val", "model", confidence=c, iou=t)

        api = median_seconds(api_call, repeat=15, warmup=2)
        bare = median_seconds(service_call, repeat=15, warmup=2)
        others = _other_views(client, grid)
    verdict = "within" if api < BUDGET_SECONDS else "OVER"
    return [
        row(section, "first answer (load tables, build the evaluator)", first_seconds),
        row(section, "service.metrics at a new (c, t): evaluation + report", bare),
        row(
            section,
            "GET /metrics at a new (c, t): summary + report + 81x81 matrix JSON",
            api,
            note=f"{verdict} the 150 ms budget; {size / 1024:.0f} KiB of JSON",
        ),
        *(row(section, name, seconds, note=note) for name, seconds, note in others),
    ]


def _other_views(client: object, grid: Iterator[tuple[float, float]]) -> list[tuple[str, float, str]]:
    """The other slider-driven answers, each at a new (c, t)."""
    base = "/api/projects/coco/datasets/val"
    views = [
        ("GET /examples (all false positives, first page of 50)", "/examples", {"filter": "fp"}),
        ("GET /frames sorted by F1 (first page of 60)", "/frames", {"sort": "f1"}),
        ("GET /metrics/compare (delta matrix; both sides cached)", "/metrics/compare", {}),
    ]
    out = []
    for name, path, extra in views:

        def call(path: str = path, extra: dict = extra) -> None:
            c, t = next(grid)
            if path.endswith("compare"):
                params = {"first": "model", "second": "model", "first_confidence": c, "first_iou": t}
            else:
                params = {"inference": "model", "confidence": c, "iou": t, **extra}
            response = client.get(base + path, params=params)  # type: ignore[attr-defined]
            assert response.status_code == 200, response.text

        out.append((name, median_seconds(call, repeat=9, warmup=1), ""))
    ious = iter([0.5 + k * 0.01 for k in range(40)])
    sizes = []

    def curves() -> None:
        response = client.get(f"{base}/pr-curves", params={"inference": "model", "iou": next(ious)})  # type: ignore[attr-defined]
        assert response.status_code == 200
        sizes.append(len(response.content))

    seconds = median_seconds(curves, repeat=3, warmup=1)
    out.append(
        (
            "GET /pr-curves at a new IoU (101 confidences, 80 classes)",
            seconds,
            f"{sizes[-1] / 1024:.0f} KiB of JSON; budget 1 s",
        )
    )
    return out


def load_rows() -> list[dict]:
    from benchmarks.api_load import replacing, run_load, serve
    from reefscope.ingest.imports import import_inferences, import_labels

    voc = EXAMPLES / "voc100"
    base_path = "/api/projects/voc/datasets/val"
    with tempfile.TemporaryDirectory() as directory:
        home = Path(directory) / "home"
        workspace = Workspace(home)
        import_labels(
            workspace, "voc", "val", voc / "annotations", format="voc", images=voc / "images",
            classes=voc / "classes.txt",
        )  # fmt: skip
        import_inferences(
            workspace, "voc", "val", "detector", voc / "detections", format="text",
            class_names=voc / "classes.txt",
        )  # fmt: skip
        requests = [
            (f"{base_path}/metrics", {"inference": "detector", "confidence": c, "iou": t})
            for c, t in SETTINGS
        ] + [
            (f"{base_path}/examples", {"inference": "detector", "filter": "fp", "limit": 20}),
            (f"{base_path}/pr-curves", {"inference": "detector", "iou": 0.5}),
        ]
        section = "REST API under load (reefscope serve on 127.0.0.1, VOC sample, 8 clients)"
        rows = []
        with serve(home) as base:
            quiet = run_load(base, requests, clients=8, min_per_client=40, max_per_client=40)
            with replacing(home, "voc", "val", "detector", [voc / "detections"], rounds=5) as importer:
                busy = run_load(
                    base,
                    requests,
                    clients=8,
                    min_per_client=20,
                    max_per_client=200,
                    keep_going=lambda: importer.poll() is None,
                )
                importer.wait(timeout=120)
        for name, report in (
            ("queries only", quiet),
            ("queries while an inference set is re-imported 5x", busy),
        ):
            rows.append(row(section, f"{name}: p50 latency", report.percentile(50), note=report.summary()))
            rows.append(row(section, f"{name}: p99 latency", report.percentile(99)))
        return rows


def run() -> list[dict]:
    return metrics_rows() + load_rows()


if __name__ == "__main__":
    print(format_table(run()))
