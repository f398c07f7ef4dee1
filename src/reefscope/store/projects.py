"""Projects: the task, the ordered class list and the default thresholds."""

from __future__ import annotations

import math
import re
import sqlite3
from collections.abc import Mapping, Sequence
from typing import Any

from reefscope.store import catalog
from reefscope.store.core import UNCHANGED, Unchanged, WorkspaceCore
from reefscope.store.errors import ConflictError, InvalidInputError
from reefscope.store.names import check_description, check_name, check_text_name
from reefscope.store.records import (
    DEFAULT_CONFIDENCE_THRESHOLD,
    DEFAULT_IOU_CONVENTION,
    DEFAULT_IOU_THRESHOLD,
    DEFAULT_SIZE_BOUNDS,
    IOU_CONVENTIONS,
    TASKS,
    ClassSpec,
    IouConvention,
    Project,
    Task,
)

ClassesArgument = Sequence[str | ClassSpec | Mapping[str, Any]]

_COLOR = re.compile(r"#[0-9A-Fa-f]{6}")
BACKGROUND = "background"


def class_specs(classes: ClassesArgument) -> tuple[ClassSpec, ...]:
    """Normalise a class list (names, :class:`ClassSpec` or ``{"name", "color"}`` mappings)."""
    if isinstance(classes, str) or not isinstance(classes, Sequence):
        raise InvalidInputError(
            f"expected a sequence of class names but got {type(classes).__name__}", field="classes"
        )
    specs: list[ClassSpec] = []
    for position, item in enumerate(classes):
        if isinstance(item, ClassSpec):
            spec = item
        elif isinstance(item, str):
            spec = ClassSpec(item)
        elif isinstance(item, Mapping) and set(item) <= {"name", "color"}:
            spec = ClassSpec(item.get("name"), item.get("color"))  # type: ignore[arg-type]
        else:
            raise InvalidInputError(
                f"class {position}: expected a name or a {{'name', 'color'}} mapping but got {item!r}",
                field="classes",
            )
        check_text_name(spec.name, kind="class", field="classes")
        if spec.color is not None and not (isinstance(spec.color, str) and _COLOR.fullmatch(spec.color)):
            raise InvalidInputError(
                f"class {spec.name!r}: expected a colour like '#1f77b4' but got {spec.color!r}",
                field="classes",
            )
        specs.append(spec)
    names = [spec.name for spec in specs]
    if not names:
        raise InvalidInputError("expected at least one class", field="classes")
    if BACKGROUND in names:
        raise InvalidInputError(
            f"{BACKGROUND!r} is the implicit class of unmatched boxes; rename that class",
            field="classes",
        )
    repeated = next((name for name in names if names.count(name) > 1), None)
    if repeated is not None:
        raise InvalidInputError(f"class {repeated!r} appears more than once", field="classes")
    return tuple(specs)


def check_threshold(value: object, *, field: str) -> float:
    """Return ``value`` as a float in [0, 1]."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise InvalidInputError(f"expected a number in [0, 1] but got {value!r}", field=field)
    if not 0.0 <= float(value) <= 1.0:
        raise InvalidInputError(f"expected a number in [0, 1] but got {value!r}", field=field)
    return float(value)


def check_iou_convention(convention: object) -> IouConvention:
    """Return ``convention`` when it is a known IoU convention."""
    if convention not in IOU_CONVENTIONS:
        raise InvalidInputError(
            f"expected one of {IOU_CONVENTIONS} but got {convention!r}", field="iou_convention"
        )
    return convention  # type: ignore[return-value]


def check_size_bounds(bounds: object) -> tuple[float, float]:
    """Return ``(small, large)`` areas with ``0 < small <= large``, both finite."""
    pair = tuple(bounds) if isinstance(bounds, list | tuple) else ()
    if len(pair) != 2:
        raise InvalidInputError(
            f"expected two areas (largest small, smallest large) but got {bounds!r}", field="size_bounds"
        )
    for value in pair:
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            raise InvalidInputError(
                f"expected a finite area in pixels but got {value!r}", field="size_bounds"
            )
    small, large = float(pair[0]), float(pair[1])
    if not 0 < small <= large:
        raise InvalidInputError(
            f"expected 0 < small <= large but got small {small:g} and large {large:g}", field="size_bounds"
        )
    return small, large


def check_task(task: object) -> Task:
    """Return ``task`` when it is a known task."""
    if task not in TASKS:
        raise InvalidInputError(f"expected a task in {TASKS} but got {task!r}", field="task")
    return task  # type: ignore[return-value]


def check_class_prefix(names: Sequence[str], project_classes: Sequence[str], *, project: str) -> None:
    """Raise unless ``names`` are the project's classes, possibly followed by new ones."""
    for index, expected in enumerate(project_classes):
        got = names[index] if index < len(names) else None
        if got != expected:
            raise InvalidInputError(
                f"class {index} of the data is {got!r} but project {project!r} has {expected!r} "
                f"there; data must use the project's classes in order (new ones at the end)",
                field="classes",
            )


def project_record(row: sqlite3.Row) -> Project:
    """Build a :class:`Project` from its catalog row."""
    return Project(
        id=row["id"],
        name=row["name"],
        task=row["task"],
        classes=tuple(
            ClassSpec(item["name"], item.get("color")) for item in catalog.load_json(row["classes"])
        ),
        confidence_threshold=row["confidence_threshold"],
        iou_threshold=row["iou_threshold"],
        description=row["description"],
        metadata=catalog.load_json(row["metadata"]),
        created_at=catalog.parse_time(row["created_at"]),
        updated_at=catalog.parse_time(row["updated_at"]),
        iou_convention=row["iou_convention"],
        size_bounds=(row["small_area_max"], row["large_area_min"]),
    )


def _classes_json(specs: Sequence[ClassSpec]) -> str:
    return catalog.dump_json(
        [{"name": spec.name, **({"color": spec.color} if spec.color else {})} for spec in specs],
        field="classes",
    )


class ProjectsMixin(WorkspaceCore):
    """Create, read, update and delete projects."""

    def create_project(
        self,
        name: str,
        *,
        task: Task,
        classes: ClassesArgument,
        confidence_threshold: float = DEFAULT_CONFIDENCE_THRESHOLD,
        iou_threshold: float = DEFAULT_IOU_THRESHOLD,
        description: str = "",
        metadata: Mapping[str, Any] | None = None,
        iou_convention: IouConvention = DEFAULT_IOU_CONVENTION,
        size_bounds: tuple[float, float] = DEFAULT_SIZE_BOUNDS,
    ) -> Project:
        """Create a project; ``classes`` are ordered (a class's index is its position).

        Raises :class:`ConflictError` when a project of that name exists.
        """
        values = self._project_values(
            name, task, classes, confidence_threshold, iou_threshold, description, metadata
        )
        values["iou_convention"] = check_iou_convention(iou_convention)
        values["small_area_max"], values["large_area_min"] = check_size_bounds(size_bounds)
        with self._write() as connection:
            self._insert_project(connection, values)
        return self.get_project(name)

    @staticmethod
    def _project_values(
        name: str,
        task: object,
        classes: ClassesArgument,
        confidence_threshold: float,
        iou_threshold: float,
        description: str,
        metadata: Mapping[str, Any] | None,
    ) -> dict[str, Any]:
        return {
            "name": check_name(name, kind="project"),
            "task": check_task(task),
            "classes": _classes_json(class_specs(classes)),
            "confidence_threshold": check_threshold(confidence_threshold, field="confidence_threshold"),
            "iou_threshold": check_threshold(iou_threshold, field="iou_threshold"),
            "description": check_description(description),
            "metadata": catalog.dump_json(catalog.check_metadata(metadata), field="metadata"),
        }

    @staticmethod
    def _insert_project(connection: sqlite3.Connection, values: Mapping[str, Any]) -> sqlite3.Row:
        exists = connection.execute("SELECT 1 FROM projects WHERE name = ?", (values["name"],)).fetchone()
        if exists:
            raise ConflictError(f"project {values['name']!r} already exists")
        stamp = catalog.now()
        connection.execute(
            """INSERT INTO projects (name, task, classes, confidence_threshold, iou_threshold,
                   description, metadata, created_at, updated_at,
                   iou_convention, small_area_max, large_area_min)
               VALUES (:name, :task, :classes, :confidence_threshold, :iou_threshold,
                   :description, :metadata, :created_at, :updated_at,
                   :iou_convention, :small_area_max, :large_area_min)""",
            {
                "iou_convention": DEFAULT_IOU_CONVENTION,
                "small_area_max": DEFAULT_SIZE_BOUNDS[0],
                "large_area_min": DEFAULT_SIZE_BOUNDS[1],
                **values,
                "created_at": stamp,
                "updated_at": stamp,
            },
        )
        return WorkspaceCore._project_row(connection, values["name"])

    def get_project(self, name: str) -> Project:
        """The project called ``name``; :class:`NotFoundError` when there is none."""
        with self._read() as connection:
            return project_record(self._project_row(connection, name))

    def list_projects(self) -> list[Project]:
        """All projects, by name."""
        with self._read() as connection:
            rows = connection.execute("SELECT * FROM projects ORDER BY name").fetchall()
        return [project_record(row) for row in rows]

    def update_project(
        self,
        name: str,
        *,
        classes: ClassesArgument | Unchanged = UNCHANGED,
        confidence_threshold: float | Unchanged = UNCHANGED,
        iou_threshold: float | Unchanged = UNCHANGED,
        description: str | Unchanged = UNCHANGED,
        metadata: Mapping[str, Any] | Unchanged = UNCHANGED,
        iou_convention: IouConvention | Unchanged = UNCHANGED,
        size_bounds: tuple[float, float] | Unchanged = UNCHANGED,
    ) -> Project:
        """Change a project's settings; arguments left out keep their value.

        Once data refers to class indices, the class list can only be renamed,
        recoloured or extended at the end (and not extended when stored score
        vectors or custom confusion matrices have one entry per class).
        """
        changes: dict[str, Any] = {}
        specs: tuple[ClassSpec, ...] | None = None
        if not isinstance(classes, Unchanged):
            specs = class_specs(classes)
            changes["classes"] = _classes_json(specs)
        if not isinstance(confidence_threshold, Unchanged):
            changes["confidence_threshold"] = check_threshold(
                confidence_threshold, field="confidence_threshold"
            )
        if not isinstance(iou_threshold, Unchanged):
            changes["iou_threshold"] = check_threshold(iou_threshold, field="iou_threshold")
        if not isinstance(description, Unchanged):
            changes["description"] = check_description(description)
        if not isinstance(metadata, Unchanged):
            changes["metadata"] = catalog.dump_json(catalog.check_metadata(metadata), field="metadata")
        if not isinstance(iou_convention, Unchanged):
            changes["iou_convention"] = check_iou_convention(iou_convention)
        if not isinstance(size_bounds, Unchanged):
            changes["small_area_max"], changes["large_area_min"] = check_size_bounds(size_bounds)
        with self._write() as connection:
            row = self._project_row(connection, name)
            if specs is not None:
                self._check_class_change(connection, row, specs)
            if changes:
                assignments = ", ".join(f"{column} = :{column}" for column in changes)
                connection.execute(
                    f"UPDATE projects SET {assignments}, updated_at = :updated_at WHERE id = :id",
                    {**changes, "updated_at": catalog.now(), "id": row["id"]},
                )
        return self.get_project(name)

    @staticmethod
    def _check_class_change(
        connection: sqlite3.Connection, row: sqlite3.Row, specs: Sequence[ClassSpec]
    ) -> None:
        old = catalog.load_json(row["classes"])
        in_use = connection.execute(
            "SELECT 1 FROM datasets WHERE project_id = ? LIMIT 1", (row["id"],)
        ).fetchone()
        if not in_use:
            return
        if len(specs) < len(old):
            raise ConflictError(
                f"project {row['name']!r} has data labelled with its {len(old)} classes; "
                f"classes can be renamed or added at the end, not removed"
            )
        if len(specs) > len(old):
            ProjectsMixin._check_extensible(connection, row)

    @staticmethod
    def _check_extensible(connection: sqlite3.Connection, row: sqlite3.Row) -> None:
        # Score vectors and custom confusion matrices have one entry per class,
        # so adding a class would silently misalign them.
        fixed_width = connection.execute(
            """SELECT i.name FROM inference_sets i JOIN datasets d ON d.id = i.dataset_id
               WHERE d.project_id = :id AND (i.has_scores OR EXISTS (
                   SELECT 1 FROM custom_metrics c WHERE c.inference_set_id = i.id AND c.has_confusion))
               LIMIT 1""",
            {"id": row["id"]},
        ).fetchone()
        if fixed_width:
            raise ConflictError(
                f"cannot add classes to project {row['name']!r}: inference set "
                f"{fixed_width['name']!r} stores one score or confusion entry per class"
            )

    @staticmethod
    def _reconcile_classes(
        connection: sqlite3.Connection, row: sqlite3.Row, names: Sequence[str] | None
    ) -> int:
        """Accept ``names`` for data about to be stored; extend the project when they add classes.

        Returns the number of classes after the change. Runs inside the write.
        """
        old = [item["name"] for item in catalog.load_json(row["classes"])]
        if names is None or list(names) == old:
            return len(old)
        check_class_prefix(names, old, project=row["name"])
        ProjectsMixin._check_extensible(connection, row)
        specs = class_specs(
            [ClassSpec(item["name"], item.get("color")) for item in catalog.load_json(row["classes"])]
            + [ClassSpec(name) for name in names[len(old) :]]
        )
        connection.execute(
            "UPDATE projects SET classes = ?, updated_at = ? WHERE id = ?",
            (_classes_json(specs), catalog.now(), row["id"]),
        )
        return len(specs)

    def delete_project(self, name: str) -> None:
        """Delete a project with its datasets, inference sets, segments and embeddings."""
        with self._collecting(), self._write() as connection:
            row = self._project_row(connection, name)
            connection.execute("DELETE FROM projects WHERE id = ?", (row["id"],))
