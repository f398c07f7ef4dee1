"""Typed errors raised by the engine and re-used by every layer above it."""

from __future__ import annotations


class InvalidInputError(ValueError):
    """Input that cannot be evaluated.

    The message names where the problem is (argument or file, row or line,
    frame, field), what was expected and what came, so that a user can fix the
    data without reading the code.
    """

    def __init__(
        self,
        message: str,
        *,
        source: str | None = None,
        row: int | None = None,
        frame: str | None = None,
        field: str | None = None,
    ) -> None:
        self.source = source
        self.row = row
        self.frame = frame
        self.field = field
        self.detail = message
        super().__init__(self._compose())

    def _compose(self) -> str:
        where = []
        if self.source is not None:
            where.append(self.source)
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.frame is not None:
            where.append(f"frame {self.frame!r}")
        if self.field is not None:
            where.append(f"field {self.field!r}")
        return f"{', '.join(where)}: {self.detail}" if where else self.detail
