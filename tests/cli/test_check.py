"""``reefscope check``: the CI gate's exit codes, table, JSON and JUnit XML."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

from typer.testing import CliRunner

from reefscope.cli import app
from reefscope.client import WorkspaceHandle


def check(runner: CliRunner, home: Path, *args: str) -> object:
    return runner.invoke(app, ["check", "--data-dir", str(home), *args], env={"COLUMNS": "100"})


def test_passing_regression_tests_exit_0(runner: CliRunner, demo_home: Path) -> None:
    result = check(runner, demo_home, "-p", "digits", "-d", "all", "-i", "mlp")
    assert result.exit_code == 0, result.output
    assert "PASSED" in result.stdout
    assert "hard digits 3/8/9" in result.stdout


def test_a_failing_threshold_exits_1_and_names_it(runner: CliRunner, demo_home: Path) -> None:
    result = check(runner, demo_home, "-p", "voc", "-d", "val", "-i", "detector")
    assert result.exit_code == 1, result.output
    assert "FAILED" in result.stdout
    lines = [line for line in result.stdout.splitlines() if "FAIL" in line and "small objects" in line]
    assert lines and "precision" in lines[0]


def test_thresholds_follow_the_confidence_option(runner: CliRunner, demo_home: Path) -> None:
    # The logistic model is under-confident: at 0.5 its recall misses the targets, at 0.1 it passes more.
    strict = json.loads(
        check(runner, demo_home, "-p", "digits", "-d", "all", "-i", "logistic", "--json").stdout
    )
    loose = json.loads(
        check(runner, demo_home, "-p", "digits", "-d", "all", "-i", "logistic", "--json", "-c", "0.1").stdout
    )
    assert not strict["passed"]
    assert len(loose["failures"]) < len(strict["failures"])
    assert loose["confidence"] == 0.1


def test_usage_and_data_errors_exit_2(runner: CliRunner, demo_home: Path, tmp_path: Path) -> None:
    unknown = check(runner, demo_home, "-p", "voc", "-d", "val", "-i", "nope")
    assert unknown.exit_code == 2
    assert "not found" in unknown.stderr
    missing_option = check(runner, demo_home, "-p", "voc", "-d", "val")
    assert missing_option.exit_code == 2
    no_workspace = check(runner, tmp_path / "missing", "-p", "voc", "-d", "val", "-i", "detector")
    assert no_workspace.exit_code == 2


def test_junit_xml_has_one_case_per_segment_and_metric(
    runner: CliRunner, demo_home: Path, demo: WorkspaceHandle, tmp_path: Path
) -> None:
    report = tmp_path / "junit.xml"
    result = check(runner, demo_home, "-p", "voc", "-d", "val", "-i", "detector", "--junit", str(report))
    assert result.exit_code == 1
    root = ET.parse(report).getroot()
    assert root.tag == "testsuites"
    (suite,) = root.findall("testsuite")
    assert suite.get("name") == "voc/val/detector"
    cases = suite.findall("testcase")
    tests = [
        segment
        for segment in demo.project("voc").dataset("val").segments
        if segment.kind == "regression_test"
    ]
    assert len(cases) == 3 * len(tests)
    assert {(case.get("classname"), case.get("name")) for case in cases} == {
        (f"voc/val/detector.{segment.name}", metric)
        for segment in tests
        for metric in ("precision", "recall", "f1")
    }
    failures = [case for case in cases if case.find("failure") is not None]
    skipped = [case for case in cases if case.find("skipped") is not None]
    assert [(case.get("classname"), case.get("name")) for case in failures] == [
        ("voc/val/detector.small objects", "precision")
    ]
    assert int(suite.get("failures")) == len(failures) == 1
    assert int(suite.get("skipped")) == len(skipped)
    assert int(suite.get("tests")) == len(cases)
    message = failures[0].find("failure").get("message")
    assert message.startswith("precision 0.5") and "< 0.600" in message
    properties = {p.get("name"): p.get("value") for p in failures[0].find("properties")}
    assert float(properties["threshold"]) == 0.6


def test_no_regression_tests_passes_with_a_warning(runner: CliRunner, voc: WorkspaceHandle) -> None:
    result = check(runner, voc.path, "-p", "voc", "-d", "val", "-i", "detector")
    assert result.exit_code == 0
    assert "no regression-test segments" in result.stderr


def test_json_verdict(runner: CliRunner, demo_home: Path) -> None:
    result = check(runner, demo_home, "-p", "voc", "-d", "val", "-i", "detector", "--json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["passed"] is False
    assert [test["segment"] for test in data["tests"]] == ["people", "small objects"]
    assert data["failures"] == [
        {
            "segment": "small objects",
            "metric": "precision",
            "score": data["tests"][1]["checks"][0]["score"],
            "threshold": 0.6,
            "succeeds": False,
        }
    ]
