"""Vectorised column checks for the table rules of :mod:`reefscope.store.validate`.

Each names the table, the 0-based row, the frame (when the table has frame
ids) and the column of the first offending value.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from reefscope.store import tables
from reefscope.store.errors import InvalidInputError

_METADATA_TYPES = {
    "int": pa.int64(),
    "float": pa.float64(),
    "bool": pa.bool_(),
    "str": pa.string(),
}


def first_index(mask: pa.Array | pa.ChunkedArray | np.ndarray) -> int | None:
    """Index of the first true value of a boolean mask (nulls count as false)."""
    if isinstance(mask, np.ndarray):
        hits = np.flatnonzero(mask)
    else:
        filled = pc.fill_null(mask, False)
        if not pc.any(filled).as_py():
            return None
        hits = np.flatnonzero(filled.to_numpy(zero_copy_only=False))
    return int(hits[0]) if len(hits) else None


def _frame_at(table: pa.Table, row: int) -> str | None:
    if "frame_id" not in table.column_names:
        return None
    value = table.column("frame_id")[row].as_py()
    return value if isinstance(value, str) else None


def row_error(table: pa.Table, source: str, row: int, field: str, message: str) -> InvalidInputError:
    return InvalidInputError(message, source=source, row=row, frame=_frame_at(table, row), field=field)


def metadata_type(data_type: pa.DataType) -> pa.DataType | None:
    """The stored type of a ``meta.*`` column of ``data_type``, or ``None`` when unsupported."""
    if pa.types.is_integer(data_type):
        return _METADATA_TYPES["int"]
    if pa.types.is_floating(data_type) or pa.types.is_decimal(data_type):
        return _METADATA_TYPES["float"]
    if pa.types.is_boolean(data_type):
        return _METADATA_TYPES["bool"]
    if (
        pa.types.is_string(data_type)
        or pa.types.is_large_string(data_type)
        or pa.types.is_null(data_type)
        or pa.types.is_dictionary(data_type)
    ):
        return _METADATA_TYPES["str"]
    return None


def conform(table: object, schema: pa.Schema, *, source: str, allow_metadata: bool = False) -> pa.Table:
    """Return ``table`` cast to ``schema``: its columns in order, then ``meta.*`` columns.

    Missing nullable columns are filled with nulls; missing required columns,
    unknown columns, impossible casts and nulls in required columns raise.
    """
    if not isinstance(table, pa.Table):
        raise InvalidInputError(f"expected a pyarrow.Table but got {type(table).__name__}", source=source)
    names = table.column_names
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        raise InvalidInputError(f"column {repeated[0]!r} appears twice", source=source)
    expected = set(schema.names)
    extra = [name for name in names if name not in expected]
    unknown = [
        name
        for name in extra
        if not (
            allow_metadata
            and name.startswith(tables.METADATA_PREFIX)
            and len(name) > len(tables.METADATA_PREFIX)
        )
    ]
    if unknown:
        allowed = ", ".join(schema.names) + (", meta.<key>" if allow_metadata else "")
        raise InvalidInputError(
            f"unexpected column {unknown[0]!r}; expected columns {allowed}",
            source=source,
            field=unknown[0],
        )
    columns: list[pa.ChunkedArray] = []
    fields: list[pa.Field] = []
    for field in schema:
        columns.append(_column(table, field, source=source))
        fields.append(field)
    for name in extra:
        stored = metadata_type(table.schema.field(name).type)
        if stored is None:
            raise InvalidInputError(
                f"expected metadata of type int, float, bool or string but got "
                f"{table.schema.field(name).type}",
                source=source,
                field=name,
            )
        columns.append(_cast(table.column(name), stored, source=source, name=name))
        fields.append(pa.field(name, stored))
    return pa.Table.from_arrays(columns, schema=pa.schema(fields))


def _column(table: pa.Table, field: pa.Field, *, source: str) -> pa.ChunkedArray:
    if field.name not in table.column_names:
        if not field.nullable:
            raise InvalidInputError(
                f"missing required column {field.name!r}", source=source, field=field.name
            )
        return pa.chunked_array([pa.nulls(table.num_rows, field.type)], type=field.type)
    column = _cast(table.column(field.name), field.type, source=source, name=field.name)
    if not field.nullable and column.null_count:
        row = first_index(pc.is_null(column)) or 0
        raise row_error(table, source, row, field.name, "expected a value but got null")
    return column


def _cast(column: pa.ChunkedArray, target: pa.DataType, *, source: str, name: str) -> pa.ChunkedArray:
    if column.type == target:
        return column
    try:
        return column.cast(target, safe=True)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowTypeError) as error:
        raise InvalidInputError(
            f"expected values of type {target} but got {column.type} ({error})",
            source=source,
            field=name,
        ) from None


def check_unique(table: pa.Table, column: str, *, source: str, what: str) -> None:
    """Raise at the first repeated value of ``column``."""
    values = table.column(column)
    if len(values) < 2 or pc.count_distinct(values).as_py() == len(values):
        return
    codes = pc.dictionary_encode(values).combine_chunks().indices.to_numpy()
    _, first_rows = np.unique(codes, return_index=True)
    repeated = np.ones(len(codes), dtype=bool)
    repeated[first_rows] = False
    row = int(np.flatnonzero(repeated)[0])
    first = int(first_rows[codes[first_rows] == codes[row]][0])
    raise row_error(
        table,
        source,
        row,
        column,
        f"{what} {values[row].as_py()!r} appears more than once (first at row {first})",
    )


def check_non_empty_strings(table: pa.Table, column: str, *, source: str) -> None:
    """Raise at the first empty or whitespace-padded string of ``column``."""
    values = table.column(column)
    bad = pc.or_(pc.equal(pc.utf8_length(values), 0), pc.not_equal(pc.utf8_trim_whitespace(values), values))
    row = first_index(bad)
    if row is not None:
        raise row_error(
            table,
            source,
            row,
            column,
            f"expected a non-empty id without surrounding spaces but got {values[row].as_py()!r}",
        )


def check_members(
    table: pa.Table, column: str, allowed: pa.Array | pa.ChunkedArray, *, source: str, message: str
) -> None:
    """Raise at the first value of ``column`` not in ``allowed``; ``message`` has a ``{value}``."""
    values = table.column(column)
    if len(values) == 0:
        return
    row = first_index(pc.invert(pc.is_in(values, value_set=as_array(allowed))))
    if row is not None:
        raise row_error(table, source, row, column, message.format(value=repr(values[row].as_py())))


def as_array(values: pa.Array | pa.ChunkedArray) -> pa.Array:
    return values.combine_chunks() if isinstance(values, pa.ChunkedArray) else values


def check_class_index(table: pa.Table, n_classes: int, *, source: str) -> None:
    """Raise at the first class index outside ``[0, n_classes)``."""
    values = table.column("class_index").to_numpy()
    row = first_index((values < 0) | (values >= n_classes))
    if row is not None:
        raise row_error(
            table,
            source,
            row,
            "class_index",
            f"expected a class index in [0, {n_classes}) but got {values[row]}",
        )


def check_boxes(table: pa.Table, *, source: str) -> None:
    """Raise at the first non-finite box or one with ``x2 < x1`` or ``y2 < y1``."""
    coordinates = {name: table.column(name).to_numpy() for name in ("x1", "y1", "x2", "y2")}
    for name, values in coordinates.items():
        row = first_index(~np.isfinite(values))
        if row is not None:
            raise row_error(table, source, row, name, f"expected a finite coordinate but got {values[row]}")
    for low, high in (("x1", "x2"), ("y1", "y2")):
        row = first_index(coordinates[high] < coordinates[low])
        if row is not None:
            raise row_error(
                table,
                source,
                row,
                high,
                f"expected {high} >= {low} but got {low}={coordinates[low][row]}, "
                f"{high}={coordinates[high][row]}",
            )


def check_unit_interval(table: pa.Table, column: str, *, source: str) -> None:
    """Raise at the first value of ``column`` that is not a finite number in [0, 1]."""
    values = table.column(column).to_numpy(zero_copy_only=False).astype(np.float64)
    row = first_index(~np.isfinite(values) | (values < 0) | (values > 1))
    if row is not None:
        raise row_error(table, source, row, column, f"expected a value in [0, 1] but got {values[row]}")


def check_finite(table: pa.Table, column: str, *, source: str) -> None:
    """Raise at the first non-finite value of a float column (nulls allowed)."""
    values = pc.fill_null(table.column(column), 0.0).to_numpy()
    row = first_index(~np.isfinite(values))
    if row is not None:
        raise row_error(table, source, row, column, f"expected a finite number but got {values[row]}")


def check_one_per_frame(table: pa.Table, *, source: str, what: str) -> None:
    """Classification allows one label (or prediction) per frame."""
    check_unique(table, "frame_id", source=source, what=f"frame id (one {what} per frame)")
