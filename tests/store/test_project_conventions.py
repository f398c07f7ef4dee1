"""A project's IoU convention and object-size bounds: defaults, updates, validation, migration."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from reefscope.store import InvalidInputError, Workspace
from reefscope.store.migrations import MIGRATIONS


def test_defaults_are_continuous_and_coco_sizes(workspace: Workspace) -> None:
    project = workspace.create_project("p", task="detection", classes=["a"])
    assert project.iou_convention == "continuous"
    assert project.size_bounds == (1024.0, 9216.0)
    assert project.size_range("small") == (0.0, 1024.0)
    assert project.size_range("medium") == (1024.0, 9216.0)
    assert project.size_range("large") == (9216.0, float("inf"))


def test_settings_are_created_and_updated(workspace: Workspace) -> None:
    workspace.create_project(
        "p", task="detection", classes=["a"], iou_convention="pixel_inclusive", size_bounds=(100, 400)
    )
    assert workspace.get_project("p").iou_convention == "pixel_inclusive"
    updated = workspace.update_project("p", iou_convention="continuous", size_bounds=(16, 16))
    assert (updated.iou_convention, updated.size_bounds) == ("continuous", (16.0, 16.0))
    # Other settings are left alone.
    assert workspace.update_project("p", iou_threshold=0.7).size_bounds == (16.0, 16.0)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"iou_convention": "voc"}, "iou_convention"),
        ({"size_bounds": (500, 100)}, "0 < small <= large"),
        ({"size_bounds": (0, 100)}, "0 < small <= large"),
        ({"size_bounds": (1, float("inf"))}, "finite area"),
        ({"size_bounds": (1,)}, "two areas"),
    ],
)
def test_bad_settings_are_refused_and_nothing_changes(workspace: Workspace, options, message) -> None:
    workspace.create_project("p", task="detection", classes=["a"])
    with pytest.raises(InvalidInputError, match=message):
        workspace.update_project("p", **options)
    assert workspace.get_project("p").size_bounds == (1024.0, 9216.0)


def test_a_catalog_of_the_first_schema_gets_the_defaults(tmp_path: Path) -> None:
    root = tmp_path / "old"
    Workspace(root).create_project("p", task="detection", classes=["a"])
    catalog = next(root.rglob("*.sqlite*"))
    with sqlite3.connect(catalog) as connection:
        connection.execute("ALTER TABLE projects DROP COLUMN iou_convention")
        connection.execute("ALTER TABLE projects DROP COLUMN small_area_max")
        connection.execute("ALTER TABLE projects DROP COLUMN large_area_min")
        connection.execute("DROP TABLE partitions")
        connection.execute("UPDATE schema_version SET version = 1")
    project = Workspace(root).get_project("p")
    assert (project.iou_convention, project.size_bounds) == ("continuous", (1024.0, 9216.0))
    with sqlite3.connect(catalog) as connection:
        assert connection.execute("SELECT version FROM schema_version").fetchone()[0] == len(MIGRATIONS)
