"""``reefscope errors``, ``thresholds recommend``, ``--thresholds`` and ``check --against``."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

from reefscope.cli import app


def run(runner: CliRunner, home: Path, *args: str):
    return runner.invoke(app, [*args, "--data-dir", str(home)], env={"COLUMNS": "120"})


def test_errors_account_for_every_error_of_the_matrix(runner: CliRunner, demo_home: Path) -> None:
    args = ("-p", "voc", "-d", "val", "-i", "detector", "--confidence", "0.4", "--json")
    errors = json.loads(run(runner, demo_home, "errors", *args).stdout)
    metrics = json.loads(run(runner, demo_home, "metrics", *args).stdout)
    counts = {t["error_type"]: t["count"] for t in errors["types"]}
    assert set(counts) == {"classification", "localization", "both", "duplicate", "background", "missed"}
    summary = metrics["summary"]
    prediction_side = sum(
        counts[k] for k in ("classification", "localization", "both", "duplicate", "background")
    )
    assert prediction_side == summary["false_positives"] + summary["confusions"]
    assert counts["missed"] <= summary["false_negatives"]
    # Fixing missed labels cannot lower recall; suppressing false positives cannot lower precision.
    by_type = {t["error_type"]: t for t in errors["types"]}
    assert by_type["missed"]["recall_gain"] >= 0
    assert by_type["background"]["precision_gain"] >= 0


def test_errors_table_and_coco_gains(runner: CliRunner, demo_home: Path) -> None:
    result = run(runner, demo_home, "errors", "-p", "voc", "-d", "val", "-i", "detector", "--coco")
    assert result.exit_code == 0, result.output
    assert "localization" in result.stdout and "+AP50" in result.stdout


def test_recommended_thresholds_round_trip_through_a_file(
    runner: CliRunner, demo_home: Path, tmp_path: Path
) -> None:
    out = tmp_path / "thresholds.json"
    base = ("-p", "digits", "-d", "all", "-i", "logistic")
    result = run(runner, demo_home, "thresholds", "recommend", *base, "--objective", "f1", "--out", str(out))
    assert result.exit_code == 0, result.output
    saved = json.loads(out.read_text())
    assert saved["objective"] == "f1" and saved["thresholds"]
    # Classification: a class's F1 depends on its own threshold only, so the file reproduces every optimum.
    metrics = json.loads(run(runner, demo_home, "metrics", *base, "--thresholds", str(out), "--json").stdout)
    f1_by_class = {row["name"]: row["f1"] for row in metrics["report"]["classes"]}
    for row in saved["classes"]:
        if row["threshold"] is not None:
            assert f1_by_class[row["name"]] == pytest.approx(row["f1"])


def test_a_precision_target(runner: CliRunner, demo_home: Path) -> None:
    args = ("-p", "digits", "-d", "all", "-i", "mlp", "--objective", "precision>=0.99", "--json")
    payload = json.loads(run(runner, demo_home, "thresholds", "recommend", *args).stdout)
    for row in payload["classes"]:
        assert row["threshold"] is None or row["precision"] >= 0.99


@pytest.mark.parametrize(
    ("content", "message"),
    [("{", "not a JSON thresholds file"), ('{"thresholds": {"0": 2}}', "in [0, 1] for class '0'")],
)
def test_a_bad_thresholds_file_is_named(
    runner: CliRunner, demo_home: Path, tmp_path: Path, content: str, message: str
) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content)
    result = run(
        runner, demo_home, "metrics", "-p", "digits", "-d", "all", "-i", "mlp", "--thresholds", str(path)
    )
    assert result.exit_code == 2
    assert str(path) in result.stderr and message in result.stderr


def test_check_against_itself_never_regresses(runner: CliRunner, demo_home: Path, tmp_path: Path) -> None:
    junit = tmp_path / "gate.xml"
    args = ("-p", "digits", "-d", "all", "-i", "mlp", "--against", "mlp", "--junit", str(junit), "--json")
    result = run(runner, demo_home, "check", *args)
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["passed"] and payload["tests"]
    for test in payload["tests"]:
        for check in test["checks"]:
            assert check["delta"] == 0 and not check["significant_drop"]
    case = ET.parse(junit).getroot().find(".//testcase")
    names = {p.get("name") for p in case.iter("property")}
    assert {"delta", "delta_low", "delta_high", "baseline"} <= names


def test_check_against_a_better_baseline_fails_beyond_the_noise(runner: CliRunner, demo_home: Path) -> None:
    args = ("-p", "digits", "-d", "all", "-i", "logistic", "--against", "mlp", "--json")
    result = run(runner, demo_home, "check", *args)
    payload = json.loads(result.stdout)
    drops = [c for t in payload["tests"] for c in t["checks"] if c["significant_drop"]]
    assert drops, payload
    assert result.exit_code == 1
    assert all(c["delta_high"] < 0 for c in drops)
    assert any("beyond the noise" in f["reason"] for f in payload["failures"])
