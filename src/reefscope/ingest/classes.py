"""Class tokens in input files (names or integer ids) resolved to indices of a class list."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from reefscope.ingest.common import NewClasses, Where
from reefscope.ingest.errors import InputFileError


class ClassResolver:
    """Turns class tokens (names, or ids) into indices of a class list.

    ``classes`` is the list indices refer to (the project's), or ``None`` to
    discover it from the data (starting from ``id_names`` when given);
    discovered and added names are sorted so the result does not depend on
    file order. Integer tokens are ids: into
    ``id_names`` (a class-names file) when given, else into ``classes``.
    With ``new_classes="extend"`` unknown names are appended to ``classes``.
    """

    def __init__(
        self,
        classes: Sequence[str] | None,
        *,
        id_names: Sequence[str] | None = None,
        new_classes: NewClasses = "error",
        accept_ids: bool = True,
    ) -> None:
        if new_classes not in ("error", "extend"):
            raise InputFileError(
                f"expected 'error' or 'extend' but got {new_classes!r}", source="new_classes"
            )
        self._discover = classes is None
        # Discovering with a class-names file: its order is the natural class order.
        self._known = list(classes if classes is not None else (id_names or ()))
        self._index = {name: index for index, name in enumerate(self._known)}
        self._id_names = list(id_names) if id_names is not None else None
        self._extend = new_classes == "extend" or self._discover
        self._accept_ids = accept_ids
        self._added: list[str] = []

    def resolve(self, token: str, *, where: Where, field: str = "class") -> int:
        """The provisional index of ``token``; call :meth:`finish` to get the final ones."""
        index = self._index.get(token)
        if index is not None:
            return index
        if self._accept_ids and token.isdigit():
            return self._resolve_id(int(token), where=where, field=field)
        return self._add(token, where=where, field=field)

    def resolve_name(self, name: str, *, where: Where, field: str = "class") -> int:
        """Like :meth:`resolve` for a token that is always a name."""
        index = self._index.get(name)
        return index if index is not None else self._add(name, where=where, field=field)

    def _resolve_id(self, class_id: int, *, where: Where, field: str) -> int:
        if self._id_names is not None:
            if class_id >= len(self._id_names):
                raise where(
                    f"unknown class id {class_id}: the class-names file has ids 0 to "
                    f"{len(self._id_names) - 1}",
                    field=field,
                )
            return self.resolve_name(self._id_names[class_id], where=where, field=field)
        if self._discover:
            raise where(
                f"class id {class_id} needs a class list to say which class it is; pass a class-names file",
                field=field,
            )
        if class_id >= len(self._known):
            raise where(
                f"unknown class id {class_id}: the project has class ids 0 to {len(self._known) - 1}",
                field=field,
            )
        return class_id

    def _add(self, name: str, *, where: Where, field: str) -> int:
        if not self._extend:
            shown = ", ".join(self._known[:8]) + (", ..." if len(self._known) > 8 else "")
            raise where(
                f"unknown class {name!r}; the project's classes are {shown} "
                f"(import with new classes allowed to add it)",
                field=field,
            )
        if not name or name != name.strip():
            raise where(f"expected a class name but got {name!r}", field=field)
        index = len(self._known)
        self._known.append(name)
        self._index[name] = index
        self._added.append(name)
        return index

    def finish(self, provisional: np.ndarray) -> tuple[tuple[str, ...], np.ndarray]:
        """The final class list and the class indices remapped to it."""
        start = len(self._known) - len(self._added)
        ordered = self._known[:start] + sorted(self._added)
        position = {name: index for index, name in enumerate(ordered)}
        remap = np.array([position[name] for name in self._known], dtype=np.int32)
        indices = remap[provisional] if len(provisional) else provisional.astype(np.int32)
        return tuple(ordered), indices
