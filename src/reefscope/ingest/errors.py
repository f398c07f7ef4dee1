"""The error every importer raises for bad input: it names the file and where in it."""

from __future__ import annotations

from reefscope.engine.errors import InvalidInputError


class InputFileError(InvalidInputError):
    """Bad content in an input file.

    ``location`` says where in the file: ``"line 3"``, ``"row 7"``,
    ``"annotations[12]"``, ``"object 2"``. The message reads
    ``<file>, <location>, frame '<id>', field '<name>': <what was expected and what came>``.
    """

    def __init__(
        self,
        message: str,
        *,
        source: str,
        location: str | None = None,
        frame: str | None = None,
        field: str | None = None,
    ) -> None:
        self.location = location
        super().__init__(message, source=source, frame=frame, field=field)

    def _compose(self) -> str:
        where = [part for part in (self.source, self.location) if part]
        if self.frame is not None:
            where.append(f"frame {self.frame!r}")
        if self.field is not None:
            where.append(f"field {self.field!r}")
        return f"{', '.join(where)}: {self.detail}"
