"""Tables and confusion matrices for people: rich in terminals, HTML in notebooks, pandas on request.

Shared by the Python package and the CLI. User-supplied text (class,
segment and metadata names) is always rendered as text: never as rich
markup, never as HTML.
"""

from __future__ import annotations

import html
import io
import math
import shutil
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from rich import box
from rich.console import Console, ConsoleOptions, RenderResult
from rich.table import Table as RichTable
from rich.text import Text

if TYPE_CHECKING:
    import pandas as pd

    from reefscope.engine import ConfusionMatrix

ColumnKind = Literal["text", "score", "count", "number", "status"]
UNDEFINED = "—"
#: Beyond this many classes a confusion matrix is shown as a sorted list of cells.
MAX_MATRIX_CLASSES = 25


def require_pandas() -> Any:
    """Import pandas, or explain how to get it."""
    try:
        import pandas
    except ImportError:  # pragma: no cover - pandas is installed in development
        raise ImportError(
            "to_pandas() needs pandas: pip install 'reefscope[pandas]' (or pip install pandas)"
        ) from None
    return pandas


def format_value(value: Any, kind: ColumnKind) -> str:
    """A cell as text: scores to 3 decimals, undefined as an em dash."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return UNDEFINED
    if kind == "score":
        return f"{float(value):.3f}"
    if kind == "number":
        number = float(value)
        # Large values (box areas, pixel counts) in full; small ones to 4 significant digits.
        return f"{number:.0f}" if abs(number) >= 1000 else f"{number:.4g}"
    if kind == "status":
        return "pass" if value else "FAIL"
    return str(value)


def _style(value: Any, kind: ColumnKind) -> str:
    if kind == "status" and value is not None:
        return "green" if value else "bold red"
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "dim"
    return ""


def render_text(renderable: Any, *, width: int | None = None) -> str:
    """Render anything rich can print into plain text (no colour codes)."""
    console = Console(
        file=io.StringIO(),
        width=width or terminal_width(),
        color_system=None,
        force_terminal=False,
        highlight=False,
        soft_wrap=False,
    )
    console.print(renderable)
    output: str = console.file.getvalue()  # type: ignore[attr-defined]
    return output.rstrip("\n")


def terminal_width() -> int:
    return max(60, shutil.get_terminal_size((100, 24)).columns)


@dataclass(frozen=True)
class Column:
    """A table column: the row key it shows, its header and how values are formatted."""

    key: str
    header: str
    kind: ColumnKind = "text"
    #: Free text that may wrap first when the terminal is narrow (numbers never wrap).
    wrap: bool = False
    #: Shown in terminals (always kept in HTML, records and DataFrames).
    terminal: bool = True
    #: Never wrapped in terminals (numbers and verdicts never are).
    fixed: bool = False

    @property
    def unbreakable(self) -> bool:
        return self.fixed or self.numeric or self.kind == "status"

    @property
    def numeric(self) -> bool:
        return self.kind in ("score", "count", "number")


@dataclass(frozen=True, eq=False)
class Table:
    """Rows of plain values with typed columns.

    ``print(table)`` gives a text table, Jupyter shows HTML, and
    :meth:`to_pandas` a DataFrame (undefined values as NaN / ``<NA>``).
    """

    columns: tuple[Column, ...]
    rows: tuple[Mapping[str, Any], ...]
    title: str | None = None
    caption: str | None = None
    #: Column used as the DataFrame index, if any.
    index: str | None = None
    #: A rule is drawn before each of these row positions (sections, summary rows).
    rules_before: tuple[int, ...] = field(default=())
    show_header: bool = True

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self) -> Iterator[Mapping[str, Any]]:
        return iter(self.rows)

    def to_records(self) -> list[dict[str, Any]]:
        """The rows as plain dicts (``None`` where undefined)."""
        return [{column.key: row.get(column.key) for column in self.columns} for row in self.rows]

    def to_pandas(self) -> pd.DataFrame:
        """The table as a DataFrame; count columns use pandas' nullable ``Int64``."""
        pandas = require_pandas()
        frame = pandas.DataFrame(self.to_records(), columns=[column.key for column in self.columns])
        for column in self.columns:
            if column.kind == "count":
                frame[column.key] = frame[column.key].astype("Int64")
            elif column.kind in ("score", "number"):
                frame[column.key] = frame[column.key].astype("float64")
        return frame.set_index(self.index) if self.index else frame

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        table = RichTable(
            title=Text(self.title, style="bold") if self.title else None,
            caption=Text(self.caption) if self.caption else None,
            box=box.SIMPLE_HEAD,
            title_justify="left",
            caption_justify="left",
            show_header=self.show_header,
            pad_edge=False,
        )
        shown = [column for column in self.columns if column.terminal]
        for column in shown:
            texts = [format_value(row.get(column.key), column.kind) for row in self.rows]
            widest = max((len(text) for text in texts), default=0)
            table.add_column(
                Text(column.header),
                justify="right" if column.numeric else "left",
                overflow="fold",
                # Numbers and verdicts are never cut; text folds when the terminal is narrow.
                no_wrap=column.unbreakable,
                min_width=widest if column.unbreakable else None,
                ratio=1 if column.wrap else None,
            )
        for position, row in enumerate(self.rows):
            cells = [
                Text(
                    format_value(row.get(column.key), column.kind),
                    style=_style(row.get(column.key), column.kind),
                )
                for column in shown
            ]
            table.add_row(*cells, end_section=position + 1 in self.rules_before)
        yield table

    def __str__(self) -> str:
        return render_text(self)

    def __repr__(self) -> str:
        return render_text(self)

    def _repr_html_(self) -> str:
        return html_table(self)


def html_table(table: Table) -> str:
    parts = ['<table class="reefscope">']
    if table.title:
        parts.append(f"<caption>{html.escape(table.title)}</caption>")
    header = "".join(
        f'<th style="text-align:{"right" if column.numeric else "left"}">{html.escape(column.header)}</th>'
        for column in table.columns
    )
    parts.append(f"<thead><tr>{header}</tr></thead><tbody>" if table.show_header else "<tbody>")
    for position, row in enumerate(table.rows):
        style = ' style="border-top:2px solid #888"' if position in table.rules_before else ""
        cells = "".join(
            f'<td style="text-align:{"right" if column.numeric else "left"}">'
            f"{html.escape(format_value(row.get(column.key), column.kind))}</td>"
            for column in table.columns
        )
        parts.append(f"<tr{style}>{cells}</tr>")
    parts.append("</tbody></table>")
    if table.caption:
        parts.append(f"<p>{html.escape(table.caption)}</p>")
    return "".join(parts)


# ---- confusion matrices ---------------------------------------------------------------------------


def confusion_table(confusion: ConfusionMatrix, *, limit: int | None = None) -> Table:
    """The matrix as a sorted list of its error cells (the many-class view)."""
    from reefscope.service.reports import top_confusions

    cells = top_confusions(confusion, limit=limit)
    total = len(top_confusions(confusion)) if limit is not None else len(cells)
    caption = (
        f"{len(cells)} of {total} non-zero error cells" if limit is not None and total > len(cells) else None
    )
    return Table(
        columns=(
            Column("ground_truth", "ground truth"),
            Column("predicted", "predicted"),
            Column("count", "count", "count"),
            Column("row_share", "share of row", "score"),
        ),
        rows=tuple(
            {
                "ground_truth": cell.gt_class,
                "predicted": cell.predicted_class,
                "count": cell.count,
                "row_share": cell.row_share,
            }
            for cell in cells
        ),
        title="Top confusions (background column = missed labels, background row = false detections)",
        caption=caption,
    )


@dataclass(frozen=True, eq=False)
class MatrixView:
    """A confusion matrix as text, split into column blocks that fit the width.

    Rows are numbered; column headers are those numbers (``bg`` is
    background), so 25 classes stay readable in 80 columns.
    """

    confusion: ConfusionMatrix
    title: str = "Confusion matrix (rows: ground truth, columns: prediction)"

    def lines(self, width: int) -> Iterator[Text]:
        counts = self.confusion.counts
        labels = self.confusion.labels
        k = self.confusion.n_classes
        numbers = [str(i) for i in range(k)] + ["bg"]
        name_width = min(max(len(name) for name in labels), 18)
        index_width = len(str(k))
        row_header_width = index_width + 1 + name_width + 1
        cell_width = (
            max(len(str(int(counts.max()) if counts.size else 0)), len(numbers[-2]) if k else 2, 2) + 1
        )
        per_block = max(1, (width - row_header_width) // cell_width)
        yield Text(self.title, style="bold")
        for start in range(0, k + 1, per_block):
            block = range(start, min(start + per_block, k + 1))
            header = Text(" " * row_header_width)
            for column in block:
                header.append(numbers[column].rjust(cell_width), style="bold")
            yield header
            for row in range(k + 1):
                number = numbers[row] if row < k else "bg"
                name = labels[row] if len(labels[row]) <= name_width else labels[row][: name_width - 1] + "…"
                line = Text(f"{number.rjust(index_width)} {name.ljust(name_width)} ")
                for column in block:
                    value = int(counts[row, column])
                    style = "dim" if value == 0 else ("green" if row == column else "red")
                    line.append(("·" if value == 0 else str(value)).rjust(cell_width), style=style)
                yield line
            if start + per_block <= k:
                yield Text("")

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield from self.lines(options.max_width)

    def __str__(self) -> str:
        return render_text(self)


def confusion_view(confusion: ConfusionMatrix, *, matrix: bool | None = None, limit: int | None = 30) -> Any:
    """The readable form for a terminal: the matrix up to 25 classes, else the top confusions."""
    show_matrix = confusion.n_classes <= MAX_MATRIX_CLASSES if matrix is None else matrix
    return MatrixView(confusion) if show_matrix else confusion_table(confusion, limit=limit)


def confusion_html(confusion: ConfusionMatrix) -> str:
    """An HTML matrix shaded by each row's share: blue on the diagonal, red for errors."""
    counts = confusion.counts
    labels = confusion.labels
    totals = counts.sum(axis=1)
    header = "".join(f"<th>{html.escape(label)}</th>" for label in labels)
    parts = [
        '<table class="reefscope-confusion"><caption>Confusion matrix '
        "(rows: ground truth, columns: prediction)</caption>",
        f"<thead><tr><th></th>{header}</tr></thead><tbody>",
    ]
    for row, label in enumerate(labels):
        cells = []
        for column in range(len(labels)):
            value = int(counts[row, column])
            share = value / totals[row] if totals[row] else 0.0
            colour = "31,119,180" if row == column else "214,39,40"
            style = (
                f"text-align:right;background:rgba({colour},{0.08 + 0.6 * share:.2f})"
                if value
                else "text-align:right"
            )
            cells.append(f'<td style="{style}">{value if value else "·"}</td>')
        parts.append(f"<tr><th>{html.escape(label)}</th>{''.join(cells)}</tr>")
    parts.append("</tbody></table>")
    return "".join(parts)


def key_values(title: str, items: Iterable[tuple[str, Any, ColumnKind]]) -> Table:
    """A two-column table of labelled values (a summary)."""
    rows = tuple({"name": name, "value": format_value(value, kind)} for name, value, kind in items)
    return Table(
        columns=(Column("name", ""), Column("value", "", wrap=True)),
        rows=rows,
        title=title,
        show_header=False,
    )


def sequence_text(values: Sequence[str], *, limit: int = 8) -> str:
    """``a, b, c, ... (+12 more)``."""
    shown = ", ".join(values[:limit])
    return shown + (f", ... (+{len(values) - limit} more)" if len(values) > limit else "")
