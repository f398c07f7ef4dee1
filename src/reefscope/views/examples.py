"""The example page view: the items behind confusion cells."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from rich.console import Console, ConsoleOptions, RenderResult

from reefscope.display import Column, Table, html_table, require_pandas
from reefscope.service import reports
from reefscope.service.examples import ExamplePage, ExampleRow
from reefscope.views._render import Rendered

if TYPE_CHECKING:
    import pandas as pd


_EXAMPLE_COLUMNS = (
    Column("frame_id", "frame"),
    Column("gt_class", "ground truth"),
    Column("predicted_class", "predicted"),
    Column("outcome", "outcome"),
    Column("confidence", "confidence", "score"),
    Column("iou", "IoU", "score"),
    Column("box_size", "box size", "number"),
)


class Examples(Rendered):
    """One page of the items behind confusion cells (DESIGN 4.5)."""

    def __init__(self, page: ExamplePage) -> None:
        self.page = page

    @property
    def total(self) -> int:
        """Items behind the cells across all pages."""
        return self.page.total

    @property
    def rows(self) -> tuple[ExampleRow, ...]:
        return self.page.rows

    def __len__(self) -> int:
        return len(self.page.rows)

    def __iter__(self) -> Iterator[ExampleRow]:
        return iter(self.page.rows)

    def table(self) -> Table:
        page = self.page
        end = page.offset + len(page.rows)
        return Table(
            columns=_EXAMPLE_COLUMNS,
            rows=tuple(reports.examples_dict(page)["rows"]),
            title=f"Examples {page.offset + 1 if page.rows else 0}-{end} of {page.total}",
            caption=f"ordered by {page.order_by} ({'descending' if page.descending else 'ascending'})",
        )

    def to_dict(self) -> dict[str, Any]:
        return reports.examples_dict(self.page)

    def to_pandas(self) -> pd.DataFrame:
        """One row per item; boxes as ``(x1, y1, x2, y2)`` tuples or ``None``."""
        pandas = require_pandas()
        return pandas.DataFrame(self.to_dict()["rows"], columns=list(ExampleRow.__dataclass_fields__))

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.table()

    def __repr__(self) -> str:
        return f"<Examples {len(self)} of {self.total} in cells {list(self.page.cells)}>"

    def _repr_html_(self) -> str:
        return html_table(self.table())
