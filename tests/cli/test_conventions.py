"""CLI: a project's IoU convention and object sizes, VOC AP and the size filter of `metrics`."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from reefscope.cli import app
from reefscope.service.core import Service
from reefscope.store import Workspace


def run(runner: CliRunner, home: Path, *args: str):
    return runner.invoke(app, ["--data-dir", str(home), *args], env={"COLUMNS": "120"})


def test_size_column_voc_ap_and_conventions_in_every_export(
    runner: CliRunner, demo_home: Path, tmp_path: Path
) -> None:
    target = ("-p", "voc", "-d", "val", "-i", "detector")
    report = tmp_path / "report.csv"
    result = run(
        runner, demo_home, "metrics", *target, "--size", "large", "--voc", "--json", "--csv", str(report)
    )
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    service = Service(Workspace(demo_home, create=False))
    expected = service.metrics("voc", "val", "detector", size="large")
    assert body["confusion"]["counts"] == expected.confusion.counts.tolist()
    assert body["settings"]["size"] == "large" and body["settings"]["iou_convention"] == "continuous"
    voc = service.voc("voc", "val", "detector", size="large")
    assert body["voc"]["map_all_point"] == pytest.approx(voc.map_all_point)
    assert body["voc"]["iou_convention"] == "continuous"
    rows = list(csv.DictReader(io.StringIO(report.read_text())))
    assert {row["size"] for row in rows} == {"large"}
    assert {row["iou_convention"] for row in rows} == {"continuous"}
    text = run(runner, demo_home, "metrics", *target, "--size", "large", "--voc")
    assert "IoU convention" in text.output and "VOC" in text.output and "large (box area" in text.output
    bad = run(runner, demo_home, "metrics", *target, "--size", "huge")
    assert bad.exit_code == 2 and "--size" in bad.output


def test_projects_set_changes_the_convention_and_the_numbers(runner: CliRunner, writable_demo: Path) -> None:
    target = ("-p", "voc", "-d", "val", "-i", "detector", "--json", "--iou", "0.7")
    before = json.loads(run(runner, writable_demo, "metrics", *target).stdout)
    result = run(runner, writable_demo, "projects", "set", "voc", "--iou-convention", "pixel_inclusive")
    assert result.exit_code == 0, result.output
    after = json.loads(run(runner, writable_demo, "metrics", *target).stdout)
    assert after["settings"]["iou_convention"] == "pixel_inclusive"
    # +1 pixel raises every IoU of integer boxes a little: at 0.7 more pairs match.
    assert after["summary"]["false_negatives"] <= before["summary"]["false_negatives"]
    service = Service(Workspace(writable_demo, create=False))
    assert service.inferences("voc", "val", "detector").evaluator.iou_convention == "pixel_inclusive"
    shown = run(runner, writable_demo, "projects", "show", "voc")
    assert "pixel-inclusive" in shown.output
    sizes = run(
        runner, writable_demo, "projects", "set", "voc", "--small-area", "2000", "--large-area", "1000"
    )
    assert sizes.exit_code == 2 and "0 < small <= large" in sizes.output
    junit = writable_demo / "out.xml"
    run(runner, writable_demo, "check", "-p", "voc", "-d", "val", "-i", "detector", "--junit", str(junit))
    assert 'name="iou_convention" value="pixel_inclusive"' in junit.read_text()
