"""``reefscope segment ...``: segments from metadata queries and frame files, thresholds, listing."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.compute as pc
import pytest
from typer.testing import CliRunner

from reefscope.cli import app
from reefscope.store import Workspace
from tests.frontdoor import workspace_state


def segment(runner: CliRunner, home: Path, *args: str, stdin: str | None = None) -> object:
    return runner.invoke(
        app, ["segment", *args, "--data-dir", str(home)], input=stdin, env={"COLUMNS": "100"}
    )


DIGITS = ("-p", "digits", "-d", "all")


def test_create_from_where(runner: CliRunner, writable_demo: Path) -> None:
    query = "ink == 'light' and slant != 'upright'"
    result = segment(
        runner,
        writable_demo,
        "create",
        "light slanted",
        *DIGITS,
        "--where",
        query,
        "--kind",
        "scenario",
        "--f1",
        "0.9",
        "--json",
    )
    assert result.exit_code == 0, result.output
    created = json.loads(result.stdout)
    assert created["kind"] == "scenario"
    assert created["f1"] == 0.9 and created["precision"] is None
    assert created["metadata"] == {"where": query}

    store = Workspace(writable_demo)
    frames = store.read_frames("digits", "all")
    expected = (
        frames.filter(
            pc.and_(pc.equal(frames["meta.ink"], "light"), pc.not_equal(frames["meta.slant"], "upright"))
        )
        .column("frame_id")
        .to_pylist()
    )
    assert store.read_segment_frames("digits", "all", "light slanted").to_pylist() == expected
    assert created["frame_count"] == len(expected) > 0


def test_create_from_a_frame_file_and_stdin(runner: CliRunner, writable_demo: Path, tmp_path: Path) -> None:
    ids = tmp_path / "ids.txt"
    ids.write_text("# the first three digits\ndigit-0000\n\ndigit-0001\ndigit-0002\n")
    result = segment(
        runner,
        writable_demo,
        "create",
        "first",
        *DIGITS,
        "--frames",
        str(ids),
        "-k",
        "regression_test",
        "--recall",
        "0.5",
    )
    assert result.exit_code == 0, result.output
    assert "3 frames" in result.stderr
    piped = segment(runner, writable_demo, "create", "piped", *DIGITS, "--frames", "-", stdin="digit-0005\n")
    assert piped.exit_code == 0, piped.output
    shown = json.loads(segment(runner, writable_demo, "show", "first", *DIGITS, "--json").stdout)
    assert shown["frames"] == ["digit-0000", "digit-0001", "digit-0002"]
    assert shown["kind"] == "regression_test" and shown["recall"] == 0.5


def test_list_show_set_thresholds_delete(runner: CliRunner, writable_demo: Path) -> None:
    listed = json.loads(segment(runner, writable_demo, "list", *DIGITS, "--json").stdout)
    kinds = [item["kind"] for item in listed]
    assert kinds == sorted(kinds, key=["split", "regression_test", "scenario"].index)
    assert {"split", "regression_test", "scenario"} == set(kinds)

    text = segment(runner, writable_demo, "list", *DIGITS)
    assert text.exit_code == 0 and "held-out 8s" in text.stdout

    changed = segment(
        runner,
        writable_demo,
        "set-thresholds",
        "held-out 8s",
        *DIGITS,
        "--recall",
        "0.4",
        "--f1",
        "0.5",
        "--precision",
        "none",
    )
    assert changed.exit_code == 0, changed.output
    record = Workspace(writable_demo).get_segment("digits", "all", "held-out 8s")
    assert (record.precision, record.recall, record.f1) == (None, 0.4, 0.5)

    kept = segment(runner, writable_demo, "set-thresholds", "held-out 8s", *DIGITS, "--f1", "none")
    assert kept.exit_code == 0
    record = Workspace(writable_demo).get_segment("digits", "all", "held-out 8s")
    assert (record.recall, record.f1) == (0.4, None)

    shown = segment(runner, writable_demo, "show", "held-out 8s", *DIGITS)
    assert shown.exit_code == 0 and "recall threshold" in shown.stdout

    deleted = segment(runner, writable_demo, "delete", "held-out 8s", *DIGITS)
    assert deleted.exit_code == 0
    gone = segment(runner, writable_demo, "show", "held-out 8s", *DIGITS)
    assert gone.exit_code == 2 and "not found" in gone.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--where", "__import__('os').system('true')"], "unsupported expression"),
        (["--where", "colour == 'red'"], "unknown metadata field 'colour'"),
        (["--where", "ink > 3"], "holds text"),
        (["--where", "ink =="], "cannot parse"),
        (["--where", "ink == 'light'", "--frames", "x.txt"], "exactly one of --where and --frames"),
        ([], "exactly one of --where and --frames"),
        (["--where", "ink == 'light'", "--recall", "1.5"], "[0, 1]"),
        (["--where", "ink == 'light'", "--kind", "nightly"], "nightly"),
    ],
)
def test_bad_segments_exit_2_and_change_nothing(
    runner: CliRunner, writable_demo: Path, args: list[str], message: str
) -> None:
    before = workspace_state(writable_demo)
    result = segment(runner, writable_demo, "create", "bad", *DIGITS, *args)
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert "Traceback" not in result.output
    assert workspace_state(writable_demo) == before


def test_unknown_frame_ids_name_their_line(runner: CliRunner, writable_demo: Path, tmp_path: Path) -> None:
    ids = tmp_path / "ids.txt"
    ids.write_text("digit-0000\n\nnot-a-frame\n")
    before = workspace_state(writable_demo)
    result = segment(runner, writable_demo, "create", "bad", *DIGITS, "--frames", str(ids))
    assert result.exit_code == 2
    assert f"{ids}, line 3: the dataset has no frame 'not-a-frame'" in result.stderr
    assert workspace_state(writable_demo) == before


def test_duplicate_names_are_a_conflict(runner: CliRunner, writable_demo: Path) -> None:
    result = segment(runner, writable_demo, "create", "test", *DIGITS, "--where", "split == 'test'")
    assert result.exit_code == 2
    assert "already exists" in result.stderr


def test_scores(runner: CliRunner, demo_home: Path) -> None:
    result = segment(runner, demo_home, "scores", *DIGITS, "-i", "mlp", "--json")
    assert result.exit_code == 0, result.output
    cards = json.loads(result.stdout)
    assert cards[0]["segment"] == "All Frames"
    assert {card["kind"] for card in cards} == {"split", "regression_test", "scenario"}
    text = segment(runner, demo_home, "scores", *DIGITS, "-i", "mlp")
    assert "All Frames" in text.stdout and "0.900" in text.stdout
