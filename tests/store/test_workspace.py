"""The workspace directory, its catalog, and projects."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from reefscope.store import (
    ClassSpec,
    ConflictError,
    InvalidInputError,
    NotFoundError,
    StoreError,
    Workspace,
    workspace_path,
)
from reefscope.store.migrations import MIGRATIONS


def test_path_is_explicit_then_environment_then_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REEFSCOPE_HOME", str(tmp_path / "from-env"))
    assert workspace_path(tmp_path / "explicit") == tmp_path / "explicit"
    assert workspace_path() == tmp_path / "from-env"
    monkeypatch.delenv("REEFSCOPE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert workspace_path() == tmp_path / "home" / ".reefscope"


def test_environment_variable_opens_that_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REEFSCOPE_HOME", str(tmp_path / "env-workspace"))
    workspace = Workspace()
    assert workspace.path == tmp_path / "env-workspace"
    assert (tmp_path / "env-workspace" / "catalog.sqlite").is_file()


def test_catalog_is_in_wal_mode_at_the_latest_schema_version(workspace: Workspace) -> None:
    connection = sqlite3.connect(workspace.path / "catalog.sqlite")
    try:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert connection.execute("SELECT version FROM schema_version").fetchall() == [(len(MIGRATIONS),)]
    finally:
        connection.close()


def test_reopening_keeps_data_and_does_not_migrate_twice(workspace: Workspace) -> None:
    workspace.create_project("p", task="detection", classes=["a"])
    again = Workspace(workspace.path)
    assert again.get_project("p").class_names == ("a",)


def test_a_newer_catalog_is_refused(workspace: Workspace) -> None:
    connection = sqlite3.connect(workspace.path / "catalog.sqlite")
    with connection:
        connection.execute("UPDATE schema_version SET version = ?", (len(MIGRATIONS) + 1,))
    connection.close()
    with pytest.raises(StoreError, match="upgrade reefscope"):
        Workspace(workspace.path)


def test_open_without_create_needs_an_existing_workspace(tmp_path: Path) -> None:
    with pytest.raises(NotFoundError, match="no reefscope workspace"):
        Workspace(tmp_path / "missing", create=False)


def test_create_get_list_project(workspace: Workspace) -> None:
    created = workspace.create_project(
        "vehicles",
        task="detection",
        classes=["car", {"name": "truck", "color": "#ff0000"}, ClassSpec("bus")],
        description="road scenes",
        metadata={"owner": "perception"},
    )
    assert created.class_names == ("car", "truck", "bus")
    assert created.classes[1].color == "#ff0000"
    assert created.confidence_threshold == 0.5
    assert created.iou_threshold == 0.5
    assert workspace.get_project("vehicles") == created
    workspace.create_project("animals", task="classification", classes=["cat"], confidence_threshold=0.3)
    assert [project.name for project in workspace.list_projects()] == ["animals", "vehicles"]


def test_duplicate_project_is_a_conflict(workspace: Workspace) -> None:
    workspace.create_project("p", task="detection", classes=["a"])
    with pytest.raises(ConflictError, match="'p' already exists"):
        workspace.create_project("p", task="detection", classes=["a"])


def test_missing_project_is_named(workspace: Workspace) -> None:
    with pytest.raises(NotFoundError, match="project 'nope' not found"):
        workspace.get_project("nope")


@pytest.mark.parametrize("name", ["", ".hidden", "-x", "a b", "a/b", "é", "x" * 129, None])
def test_invalid_names_are_refused(workspace: Workspace, name: object) -> None:
    with pytest.raises(InvalidInputError, match="name"):
        workspace.create_project(name, task="detection", classes=["a"])  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("arguments", "fragment"),
    [
        ({"task": "segmentation", "classes": ["a"]}, "task"),
        ({"task": "detection", "classes": []}, "at least one class"),
        ({"task": "detection", "classes": ["a", "a"]}, "more than once"),
        ({"task": "detection", "classes": ["background"]}, "background"),
        ({"task": "detection", "classes": [" a"]}, "class name"),
        ({"task": "detection", "classes": [{"name": "a", "color": "red"}]}, "colour"),
        ({"task": "detection", "classes": ["a"], "confidence_threshold": 1.5}, "[0, 1]"),
        ({"task": "detection", "classes": ["a"], "iou_threshold": float("nan")}, "[0, 1]"),
        ({"task": "detection", "classes": ["a"], "metadata": {"x": float("inf")}}, "finite"),
    ],
)
def test_invalid_project_settings_are_refused(
    workspace: Workspace, arguments: dict[str, object], fragment: str
) -> None:
    with pytest.raises(InvalidInputError, match=fragment.replace("[", r"\[").replace("]", r"\]")):
        workspace.create_project("p", **arguments)  # type: ignore[arg-type]
    assert workspace.list_projects() == []


def test_update_project_changes_only_what_is_given(workspace: Workspace) -> None:
    workspace.create_project("p", task="detection", classes=["a", "b"], description="old")
    updated = workspace.update_project("p", confidence_threshold=0.25, metadata={"k": 1})
    assert (updated.confidence_threshold, updated.iou_threshold) == (0.25, 0.5)
    assert updated.description == "old"
    assert updated.metadata == {"k": 1}
    assert updated.updated_at >= updated.created_at


def test_class_list_of_an_empty_project_can_change_freely(workspace: Workspace) -> None:
    workspace.create_project("p", task="detection", classes=["a", "b"])
    assert workspace.update_project("p", classes=["z"]).class_names == ("z",)


def test_class_list_in_use_can_grow_or_be_renamed_but_not_shrink(populated: Workspace) -> None:
    assert populated.update_project("p", classes=["kitty", "dog", "bird", "fish"]).class_names[0] == "kitty"
    with pytest.raises(ConflictError, match="not removed"):
        populated.update_project("p", classes=["kitty"])


def test_delete_project_removes_everything_and_its_files(populated: Workspace) -> None:
    populated.delete_project("p")
    assert populated.list_projects() == []
    assert list((populated.path / "data").iterdir()) == []
    with pytest.raises(NotFoundError):
        populated.get_dataset("p", "d")
