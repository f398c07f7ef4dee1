"""A damaged workspace: one line naming the damaged file and exit 2 (no traceback), the API
answers the affected inference set in words and keeps serving the rest, and `reefscope
doctor` lists what is damaged."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from fastapi.testclient import TestClient
from typer.testing import CliRunner

from reefscope.api.app import create_app
from reefscope.api.settings import ApiSettings
from reefscope.cli import app


def _predictions_file(home: Path, inference_set: str) -> str:
    connection = sqlite3.connect(home / "catalog.sqlite")
    try:
        (files,) = connection.execute(
            "SELECT files FROM inference_sets WHERE name = ?", (inference_set,)
        ).fetchone()
    finally:
        connection.close()
    return str(json.loads(files)["predictions"])


def _truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def test_a_truncated_table_is_one_line_and_the_rest_still_works(
    runner: CliRunner, writable_demo: Path
) -> None:
    relative = _predictions_file(writable_demo, "logistic")
    _truncate(writable_demo / relative)
    home = ["--data-dir", str(writable_demo)]

    broken = runner.invoke(app, [*home, "metrics", "-p", "digits", "-d", "all", "-i", "logistic"])
    assert broken.exit_code == 2, broken.output
    assert relative in broken.stderr and "damaged" in broken.stderr and "still works" in broken.stderr
    assert len(broken.stderr.strip().splitlines()) == 1
    sound = runner.invoke(app, [*home, "metrics", "-p", "digits", "-d", "all", "-i", "mlp", "--json"])
    assert sound.exit_code == 0, sound.output

    doctor = runner.invoke(app, [*home, "doctor", "--json"])
    assert doctor.exit_code == 2
    report = json.loads(doctor.stdout)
    assert [(d["path"], d["owner"]) for d in report["damaged"]] == [(relative, "digits/all/logistic")]
    assert report["checked_files"] > 5

    client = TestClient(create_app(ApiSettings(home=writable_demo, web_dist=None)))
    metrics = "/api/projects/digits/datasets/all/metrics"
    answer = client.get(metrics, params={"inference": "logistic"})
    assert answer.status_code == 503
    assert relative in answer.json()["detail"]
    assert client.get(metrics, params={"inference": "mlp"}).status_code == 200
    assert client.get("/api/projects").status_code == 200


def test_a_damaged_catalog_is_one_line_naming_it(runner: CliRunner, writable_demo: Path) -> None:
    catalog = writable_demo / "catalog.sqlite"
    data = bytearray(catalog.read_bytes())
    data[100 : len(data)] = b"\x5a" * (len(data) - 100)  # the header survives, every page is garbage
    catalog.write_bytes(bytes(data))
    for suffix in ("-wal", "-shm"):
        (writable_demo / f"catalog.sqlite{suffix}").unlink(missing_ok=True)

    listed = runner.invoke(app, ["--data-dir", str(writable_demo), "projects", "list"])
    assert listed.exit_code == 2, listed.output
    assert "catalog.sqlite" in listed.stderr and "damaged" in listed.stderr
    assert len(listed.stderr.strip().splitlines()) == 1
    doctor = runner.invoke(app, ["--data-dir", str(writable_demo), "doctor"])
    assert doctor.exit_code == 2
    assert "damaged: catalog.sqlite" in doctor.stdout


def test_doctor_passes_a_sound_workspace(runner: CliRunner, writable_demo: Path) -> None:
    result = runner.invoke(app, ["--data-dir", str(writable_demo), "doctor"])
    assert result.exit_code == 0, result.output
    assert "all sound" in result.stderr
