"""Processes the crash and concurrency tests start: ``python -m tests.store.workers MODE ...``.

Dataset ``p/d`` at content version ``v`` has ``10 + v`` frames, two labels per
frame whose ``x1`` is ``100 + v``, so any mix of two versions is detectable.
"""

from __future__ import annotations

import argparse
import sys
import time
import traceback
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from reefscope.store import Workspace, faults
from tests.store.helpers import CLASSES, detection_labels, detection_predictions, frames_table


def content(version: int, *, extra_frames: int = 0) -> tuple[pa.Table, pa.Table]:
    """Frames and labels of content version ``version``."""
    frames = frames_table(10 + version + extra_frames)
    labels = detection_labels(frames.column("frame_id").to_pylist(), x1=100.0 + version)
    return frames, labels


def seed(path: Path) -> Workspace:
    """A workspace at content version 0 with an inference set and a segment."""
    workspace = Workspace(path)
    frames, labels = content(0)
    workspace.put_dataset(
        "p", "d", frames=frames, labels=labels, classes=list(CLASSES), create_project=True, task="detection"
    )
    ids = frames.column("frame_id").to_pylist()
    workspace.put_inference_set("p", "d", "m", predictions=detection_predictions(ids[:6]))
    workspace.create_segment("p", "d", "night", frames=ids[::2], kind="regression_test", precision=0.8)
    return workspace


def check_consistent(workspace: Workspace) -> int:
    """Raise unless one snapshot shows exactly one whole version; return that version."""
    with workspace.snapshot():
        record = workspace.get_dataset("p", "d")
        frames = workspace.read_frames("p", "d")
        labels = workspace.read_labels("p", "d")
        predictions = workspace.read_predictions("p", "d", "m")
        segment_frames = workspace.read_segment_frames("p", "d", "night")
        names = [dataset.name for dataset in workspace.list_datasets("p")]
    version_values = pc.unique(labels.column("x1")).to_pylist()
    if len(version_values) != 1:
        raise AssertionError(f"labels mix versions {version_values}")
    version = int(version_values[0]) - 100
    if frames.num_rows != record.frame_count or labels.num_rows != record.label_count:
        raise AssertionError(f"record {record} does not describe the tables read with it")
    if frames.num_rows < 10 + version or names != ["d"]:
        raise AssertionError(f"frames {frames.num_rows} do not belong to version {version}")
    known = set(frames.column("frame_id").to_pylist())
    if not set(predictions.column("frame_id").to_pylist()) <= known:
        raise AssertionError("predictions on frames the dataset does not have")
    if not set(segment_frames.to_pylist()) <= known:
        raise AssertionError("segment frames the dataset does not have")
    # Outside a snapshot every single call is still whole.
    alone = workspace.read_labels("p", "d")
    if pc.count_distinct(alone.column("x1")).as_py() != 1:
        raise AssertionError("a single read mixed versions")
    return version


def _pause_at(stage: str, occurrence: int) -> None:
    seen = {"count": 0}

    def hook(reached: str) -> None:
        if reached == stage:
            seen["count"] += 1
            if seen["count"] == occurrence:
                print("PAUSED", flush=True)
                time.sleep(120)

    faults.hook = hook


def run_import(arguments: argparse.Namespace) -> None:
    workspace = Workspace(arguments.workspace)
    frames, labels = content(arguments.version, extra_frames=arguments.extra_frames)
    if arguments.pause:
        _pause_at(arguments.pause, arguments.occurrence)
    print("READY", flush=True)
    if arguments.wait_go:
        sys.stdin.readline()  # start exactly when the test says so
    workspace.put_dataset("p", "d", frames=frames, labels=labels)
    print("DONE", flush=True)


def run_writer(arguments: argparse.Namespace) -> None:
    workspace = Workspace(arguments.workspace)
    for version in range(1, arguments.iterations + 1):
        frames, labels = content(version)
        workspace.put_dataset("p", "d", frames=frames, labels=labels)
        ids = frames.column("frame_id").to_pylist()
        workspace.put_inference_set("p", "d", "m", predictions=detection_predictions(ids[: 4 + version % 5]))
        workspace.update_segment("p", "d", "night", frames=ids[version % 2 :: 2], recall=version / 100)
    print("DONE", flush=True)


def run_reader(arguments: argparse.Namespace) -> None:
    workspace = Workspace(arguments.workspace)
    stop = Path(arguments.stop)
    iterations = 0
    versions: set[int] = set()
    try:
        while not stop.exists() or iterations < 3:
            versions.add(check_consistent(workspace))
            iterations += 1
    except Exception:
        traceback.print_exc()
        sys.exit(1)
    print(f"ITERATIONS {iterations} VERSIONS {len(versions)}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    modes = parser.add_subparsers(dest="mode", required=True)
    importer = modes.add_parser("import")
    importer.add_argument("workspace")
    importer.add_argument("version", type=int)
    importer.add_argument("--pause")
    importer.add_argument("--occurrence", type=int, default=1)
    importer.add_argument("--extra-frames", type=int, default=0)
    importer.add_argument("--wait-go", action="store_true")
    writer = modes.add_parser("writer")
    writer.add_argument("workspace")
    writer.add_argument("iterations", type=int)
    reader = modes.add_parser("reader")
    reader.add_argument("workspace")
    reader.add_argument("stop")
    arguments = parser.parse_args()
    {"import": run_import, "writer": run_writer, "reader": run_reader}[arguments.mode](arguments)


if __name__ == "__main__":
    main()
