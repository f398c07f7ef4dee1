"""An Aquarium project's class map, as reefscope evaluates it.

Each entry has a ``name`` (what labels say) and a ``train_name`` (what the
model predicts; by default the name). Ground truth is compared after mapping
through ``train_name``, and entries with ``ignore_in_eval`` are left out of
evaluation. So the reefscope project's classes are the distinct train names
of the entries that are evaluated, in class-map order.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from reefscope.ingest.common import Where
from reefscope.ingest.errors import InputFileError


@dataclass(frozen=True)
class ClassMap:
    classes: tuple[str, ...]
    colors: tuple[str | None, ...]
    target: Mapping[str, int | None]  # class-map name -> index in ``classes``; None when ignored

    @classmethod
    def from_entries(
        cls, entries: Sequence[Mapping[str, Any]], *, source: str = "label_class_map"
    ) -> ClassMap:
        if not isinstance(entries, list) or not entries:
            raise InputFileError("expected a non-empty list of class map entries", source=source)
        classes: list[str] = []
        colors: list[str | None] = []
        target: dict[str, int | None] = {}
        ids: set[int] = set()
        for number, entry in enumerate(entries):
            where = f"{source}[{number}]"
            if not isinstance(entry, dict):
                raise InputFileError("expected an object", source=where)
            name, class_id = entry.get("name"), entry.get("id")
            if not isinstance(name, str) or not name:
                raise InputFileError(f"expected a class name but got {name!r}", source=where, field="name")
            if isinstance(class_id, bool) or not isinstance(class_id, int) or class_id < 0 or class_id in ids:
                raise InputFileError(
                    f"expected a unique non-negative integer id but got {class_id!r}",
                    source=where,
                    field="id",
                )
            if name in target:
                raise InputFileError(f"class {name!r} appears twice", source=where, field="name")
            ids.add(class_id)
            if entry.get("ignore_in_eval"):
                target[name] = None
                continue
            train = entry.get("train_name") or name
            if not isinstance(train, str):
                raise InputFileError(
                    f"expected a train name but got {train!r}", source=where, field="train_name"
                )
            if train not in classes:
                classes.append(train)
                colors.append(_hex(entry.get("train_color") or entry.get("color")))
            target[name] = classes.index(train)
        # A model predicts train names: those resolve to themselves even without an entry of their own.
        for index, train in enumerate(classes):
            target.setdefault(train, index)
        return cls(tuple(classes), tuple(colors), target)

    def index(self, name: str | None, *, where: Where, field: str) -> int | None:
        """The evaluated class of ``name``, ``None`` for an ignored class; unknown names raise."""
        if name is None:
            raise where("expected a class name but the value is missing", field=field)
        if name not in self.target:
            shown = ", ".join(list(self.target)[:8]) + (", ..." if len(self.target) > 8 else "")
            raise where(f"unknown class {name!r}; the project's class map has {shown}", field=field)
        return self.target[name]


def _hex(color: object) -> str | None:
    if (
        isinstance(color, list)
        and len(color) == 3
        and all(isinstance(c, int) and 0 <= c <= 255 for c in color)
    ):
        return "#{:02x}{:02x}{:02x}".format(*color)
    return None
