"""Safe metadata queries over frames: ``time_of_day == 'night' and speed > 3``.

The expression is parsed with :mod:`ast` and only a small grammar is
accepted (comparisons, ``in`` / ``not in`` lists, ``and`` / ``or`` / ``not``,
parentheses, names and literals). Nothing is ever evaluated as Python. Names
are metadata keys, plus ``frame_id``; a frame whose value is missing matches
no comparison.
"""

from __future__ import annotations

import ast
import operator
from collections.abc import Callable
from typing import Any

import numpy as np
import pyarrow as pa

from reefscope.engine import InvalidInputError
from reefscope.store.tables import METADATA_PREFIX

MAX_QUERY_LENGTH = 4000

_COMPARISONS: dict[type, Callable[[Any, Any], Any]] = {
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
}


def metadata_keys(frames: pa.Table) -> list[str]:
    return [name[len(METADATA_PREFIX) :] for name in frames.column_names if name.startswith(METADATA_PREFIX)]


def select_frames(frames: pa.Table, expression: str) -> np.ndarray:
    """Boolean mask over the frames table's rows for a metadata query."""
    text = expression.strip()
    if not text:
        raise InvalidInputError("the query is empty", field="where")
    if len(text) > MAX_QUERY_LENGTH:
        raise InvalidInputError(
            f"expected a query of at most {MAX_QUERY_LENGTH} characters but got {len(text)}", field="where"
        )
    try:
        tree = ast.parse(text, mode="eval")
        return np.asarray(_Evaluator(frames, text).mask(tree.body), dtype=bool)
    except SyntaxError as error:
        raise InvalidInputError(f"cannot parse query {text!r}: {error.msg}", field="where") from None
    except (RecursionError, MemoryError):
        # Thousands of nested `not` or parentheses: refuse rather than exhaust the stack.
        raise InvalidInputError(f"the query {text[:80]!r}... is nested too deeply", field="where") from None


class _Evaluator:
    def __init__(self, frames: pa.Table, text: str) -> None:
        self.frames = frames
        self.text = text

    def fail(self, message: str) -> InvalidInputError:
        return InvalidInputError(f"{message} in query {self.text!r}", field="where")

    def mask(self, node: ast.AST) -> np.ndarray:
        if isinstance(node, ast.BoolOp):
            masks = [self.mask(value) for value in node.values]
            combine = np.logical_and if isinstance(node.op, ast.And) else np.logical_or
            result = masks[0]
            for other in masks[1:]:
                result = combine(result, other)
            return result
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            return ~self.mask(node.operand)
        if isinstance(node, ast.Compare):
            return self.compare(node)
        if isinstance(node, ast.Name):
            values, present = self.column(node.id)
            if values.dtype != bool:
                raise self.fail(f"{node.id!r} is not a true/false field; compare it with a value")
            return values & present
        raise self.fail(f"unsupported expression {ast.unparse(node)!r}")

    def compare(self, node: ast.Compare) -> np.ndarray:
        result = np.ones(self.frames.num_rows, dtype=bool)
        left = node.left
        for op, right in zip(node.ops, node.comparators, strict=True):
            result &= self.single(left, op, right)
            left = right
        return result

    def single(self, left: ast.AST, op: ast.cmpop, right: ast.AST) -> np.ndarray:
        if isinstance(left, ast.Name) and not isinstance(right, ast.Name):
            name, literal, op_flipped = left.id, right, op
        elif isinstance(right, ast.Name) and not isinstance(left, ast.Name) and type(op) in _COMPARISONS:
            name, literal = right.id, left
            flips = {ast.Lt: ast.Gt, ast.Gt: ast.Lt, ast.LtE: ast.GtE, ast.GtE: ast.LtE}
            op_flipped = flips.get(type(op), type(op))()
        else:
            raise self.fail("each comparison needs one field name and one value")
        values, present = self.column(name)
        if isinstance(op_flipped, ast.In | ast.NotIn):
            options = [self.typed(name, values, value) for value in self.literal_list(literal)]
            inside = np.isin(
                values, np.asarray(options, dtype=values.dtype if values.dtype != object else object)
            )
            return present & (inside if isinstance(op_flipped, ast.In) else ~inside)
        compare = _COMPARISONS.get(type(op_flipped))
        if compare is None:
            raise self.fail(f"unsupported operator {type(op).__name__}")
        value = self.typed(name, values, self.literal(literal))
        with np.errstate(invalid="ignore"):
            return present & np.asarray(compare(values, value), dtype=bool)

    def typed(self, name: str, values: np.ndarray, value: Any) -> Any:
        """``value`` as the field's type, or an error naming both."""
        kind = values.dtype.kind
        if kind == "b" and not isinstance(value, bool):
            raise self.fail(f"field {name!r} holds true/false but is compared with {value!r}")
        if kind == "f":
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise self.fail(f"field {name!r} holds numbers but is compared with {value!r}")
            try:
                return float(value)
            except OverflowError:
                raise self.fail(f"the number {value} is too large") from None
        if kind == "O" and not isinstance(value, str):
            raise self.fail(f"field {name!r} holds text but is compared with {value!r}")
        return value

    def literal(self, node: ast.AST) -> Any:
        if isinstance(node, ast.Constant) and isinstance(node.value, str | int | float | bool):
            return node.value
        negative = isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub)
        operand = node.operand if isinstance(node, ast.UnaryOp) else None
        if negative and isinstance(operand, ast.Constant) and type(operand.value) in (int, float):
            return -operand.value  # type: ignore[operator]
        raise self.fail(f"expected a literal value but got {ast.unparse(node)!r}")

    def literal_list(self, node: ast.AST) -> list[Any]:
        if isinstance(node, ast.List | ast.Tuple | ast.Set):
            return [self.literal(element) for element in node.elts]
        raise self.fail(f"expected a list of values after 'in' but got {ast.unparse(node)!r}")

    def column(self, name: str) -> tuple[np.ndarray, np.ndarray]:
        column_name = "frame_id" if name == "frame_id" else METADATA_PREFIX + name
        if column_name not in self.frames.column_names:
            known = ", ".join(sorted(metadata_keys(self.frames))) or "none"
            raise self.fail(f"unknown metadata field {name!r} (known: {known})")
        column = self.frames.column(column_name).combine_chunks()
        present = ~np.asarray(column.is_null().to_numpy(zero_copy_only=False), dtype=bool)
        if pa.types.is_boolean(column.type):
            values = np.asarray(column.fill_null(False).to_numpy(zero_copy_only=False), dtype=bool)
        elif pa.types.is_integer(column.type) or pa.types.is_floating(column.type):
            values = np.asarray(column.cast(pa.float64()).fill_null(np.nan).to_numpy(zero_copy_only=False))
        else:
            values = np.asarray(
                column.cast(pa.string()).fill_null("").to_numpy(zero_copy_only=False), dtype=object
            )
        return values, present
