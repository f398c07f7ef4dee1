"""What every view shares: text through rich for ``print``, HTML for notebooks."""

from __future__ import annotations

from rich.console import Console, ConsoleOptions, RenderResult

from reefscope.display import render_text


class Rendered:
    """Text via rich for ``print``, HTML for notebooks."""

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        raise NotImplementedError

    def __str__(self) -> str:
        return render_text(self)

    def _repr_html_(self) -> str:
        raise NotImplementedError
