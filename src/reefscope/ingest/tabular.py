"""Reading CSV and Parquet files into Arrow tables, with errors that name the row.

Rows are reported as ``line N`` for CSV (the header is line 1) and ``row N``
for Parquet (counting from 1).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from reefscope.ingest.common import Where, decode, describe, read_bytes
from reefscope.ingest.errors import InputFileError
from reefscope.store import tables
from reefscope.store.columns import metadata_type

CSV_SUFFIXES = frozenset({".csv", ".tsv"})
PARQUET_SUFFIXES = frozenset({".parquet", ".pq"})


def read_tabular(path: Path, *, string_columns: Sequence[str] = ()) -> pa.Table:
    """Read a CSV (``.csv``, ``.tsv``) or Parquet (``.parquet``, ``.pq``) file.

    ``string_columns`` are read as text whatever they look like (ids, class names).
    """
    suffix = path.suffix.lower()
    if suffix in CSV_SUFFIXES:
        return _read_csv(path, string_columns, delimiter="\t" if suffix == ".tsv" else ",")
    if suffix in PARQUET_SUFFIXES:
        return _read_parquet(path)
    raise InputFileError(
        f"expected a .csv, .tsv, .parquet or .pq file but got {suffix or 'no suffix'!r}",
        source=describe(path),
    )


def _read_csv(path: Path, string_columns: Sequence[str], *, delimiter: str) -> pa.Table:
    source = describe(path)
    data = read_bytes(path)
    text = decode(data, source=source)
    if not text.strip():
        raise InputFileError("the file is empty; expected a header line and rows", source=source)
    try:
        return pa_csv.read_csv(
            io.BytesIO(text.encode("utf-8")),
            parse_options=pa_csv.ParseOptions(delimiter=delimiter),
            # Only an empty cell is missing: "NaN" or "NA" written in a number column
            # are values, to be reported as bad numbers rather than silently dropped.
            convert_options=pa_csv.ConvertOptions(
                column_types={name: pa.string() for name in string_columns},
                null_values=[""],
            ),
        )
    except pa.ArrowInvalid as error:
        line = _first_ragged_line(text, delimiter)
        raise InputFileError(
            f"malformed CSV: {error}",
            source=source,
            location=f"line {line}" if line is not None else None,
        ) from None


def _first_ragged_line(text: str, delimiter: str) -> int | None:
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    width = None
    for row in reader:
        if width is None:
            width = len(row)
        elif row and len(row) != width:
            return reader.line_num
    return None


def _read_parquet(path: Path) -> pa.Table:
    source = describe(path)
    if not path.is_file():
        read_bytes(path)  # raises the uniform "cannot read" error
    try:
        return pq.read_table(path)
    except (pa.ArrowException, OSError) as error:
        raise InputFileError(f"not a readable Parquet file: {error}", source=source) from None


def row_name(path: Path, index: int) -> str:
    """How data row ``index`` (0-based) of a tabular file is named: ``line N`` or ``row N``."""
    if path.suffix.lower() in CSV_SUFFIXES:
        return f"line {index + 2}"
    return f"row {index + 1}"


class RowName:
    """``row_name(path, index)``, worded only if a message needs it (readers make one per row)."""

    __slots__ = ("index", "path")

    def __init__(self, path: Path, index: int) -> None:
        self.path = path
        self.index = index

    def __str__(self) -> str:
        return row_name(self.path, self.index)


def row_locator(path: Path, index: int, frame: str | None = None) -> Where:
    """A locator for data row ``index`` (0-based) of a tabular file, worded lazily."""

    def where(message: str, *, field: str | None = None, frame: str | None = frame) -> InputFileError:
        return InputFileError(
            message, source=describe(path), location=row_name(path, index), frame=frame, field=field
        )

    return where


def require_columns(table: pa.Table, path: Path, required: Sequence[str], *, expected: str) -> None:
    """Raise naming the first missing column and what the file should have."""
    for name in required:
        if name not in table.column_names:
            raise InputFileError(
                f"missing column {name!r}; expected {expected}, got columns "
                f"{', '.join(table.column_names) or 'none'}",
                source=describe(path),
                field=name,
            )


def text_column(table: pa.Table, name: str, path: Path) -> list[str | None]:
    """A column as Python strings (numbers written as text stay text)."""
    column = table.column(name)
    if not (pa.types.is_string(column.type) or pa.types.is_large_string(column.type)):
        try:
            column = column.cast(pa.string())
        except pa.ArrowException:
            raise InputFileError(
                f"expected text values but got {column.type}", source=describe(path), field=name
            ) from None
    values: list[str | None] = column.to_pylist()
    return values


def metadata_columns(table: pa.Table, path: Path, names: Sequence[str]) -> dict[str, pa.ChunkedArray]:
    """``names`` as ``meta.<name>`` columns of int, float, bool or string (else cast to string)."""
    columns: dict[str, pa.ChunkedArray] = {}
    for name in names:
        key = name[len(tables.METADATA_PREFIX) :] if name.startswith(tables.METADATA_PREFIX) else name
        if not key:
            raise InputFileError("a metadata column needs a name", source=describe(path), field=name)
        column = table.column(name)
        stored = metadata_type(column.type) or pa.string()
        try:
            columns[f"{tables.METADATA_PREFIX}{key}"] = column.cast(stored)
        except pa.ArrowException:
            raise InputFileError(
                f"cannot store values of type {column.type} as metadata", source=describe(path), field=name
            ) from None
    return columns
