"""What every command shares: the workspace option, output, and errors translated at the boundary."""

from __future__ import annotations

import json
import sys
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.text import Text
from typer.core import TyperGroup

#: Exit codes (DESIGN 5): 0 success / checks passed, 1 checks failed, 2 usage or data error.
EXIT_FAILED = 1
EXIT_ERROR = 2


def stdout() -> Console:
    """A console on the current stdout (made per use: tests and pipes swap streams and widths)."""
    return Console(highlight=False, soft_wrap=False)


def stderr() -> Console:
    return Console(stderr=True, highlight=False)


def fail(message: str) -> NoReturn:
    """Print ``error: message`` on stderr and exit 2."""
    # soft_wrap: one line however long, so that logs and grep see the whole message.
    stderr().print(Text(f"error: {message}", style="red"), soft_wrap=True)
    raise typer.Exit(EXIT_ERROR)


class ReefscopeGroup(TyperGroup):
    """Turns the library's typed errors into one clear line on stderr and exit code 2."""

    def invoke(self, ctx: Any) -> Any:
        # Imported here so that `reefscope --help` does not load the engine.
        from reefscope.engine.errors import InvalidInputError
        from reefscope.store.errors import StoreError

        try:
            return super().invoke(ctx)
        except (InvalidInputError, StoreError) as error:
            fail(str(error))
        except FileNotFoundError as error:
            fail(f"{error.filename or error}: no such file or directory")
        except IsADirectoryError as error:
            fail(f"{error.filename or error}: expected a file but got a directory")
        except PermissionError as error:
            fail(f"{error.filename or error}: permission denied")
        except OSError as error:
            fail(str(error))


def typer_app(**kwargs: Any) -> typer.Typer:
    """A Typer app with reefscope's conventions (error translation, markdown help, no completion)."""
    kwargs.setdefault("no_args_is_help", True)
    return typer.Typer(
        cls=ReefscopeGroup,
        rich_markup_mode="markdown",
        pretty_exceptions_enable=False,
        add_completion=False,
        **kwargs,
    )


def example(*lines: str) -> str:
    """An epilog with example command lines (every command has one; a test checks it)."""
    body = "\n".join(lines)
    return f"**Example:**\n\n```\n{body}\n```"


# ---- options shared by many commands ---------------------------------------------------------------

DataDir = Annotated[
    Path | None,
    typer.Option(
        "--data-dir",
        help="Workspace directory (default: $REEFSCOPE_HOME, else ~/.reefscope).",
        show_default=False,
        file_okay=False,
    ),
]
ProjectOption = Annotated[str, typer.Option("--project", "-p", help="Project name.", show_default=False)]
DatasetOption = Annotated[str, typer.Option("--dataset", "-d", help="Dataset name.", show_default=False)]
InferencesOption = Annotated[
    str, typer.Option("--inferences", "-i", help="Inference set name.", show_default=False)
]
ProjectArgument = Annotated[str, typer.Argument(help="Project name.", show_default=False)]
DescriptionOption = Annotated[str, typer.Option(help="Description.")]
#: For commands that change or replace a record: left out, the description stays as it is.
KeptDescriptionOption = Annotated[str | None, typer.Option(help="Description.", show_default=False)]
JsonOption = Annotated[
    bool, typer.Option("--json", help="Print JSON (stable keys; undefined values are null).")
]
ConfidenceOption = Annotated[
    float | None,
    typer.Option(
        "--confidence",
        "-c",
        min=0.0,
        max=1.0,
        help="Confidence threshold (default: the project's).",
        show_default=False,
    ),
]
IouOption = Annotated[
    float | None,
    typer.Option(
        "--iou", min=0.0, max=1.0, help="IoU threshold (default: the project's).", show_default=False
    ),
]
SegmentOption = Annotated[
    str | None,
    typer.Option(
        "--segment", "-s", help="Only this segment's frames (default: All Frames).", show_default=False
    ),
]


def data_dir(ctx: typer.Context, given: Path | None) -> Path | None:
    """The command's ``--data-dir``, else the one given before the command name."""
    if given is not None:
        return given
    root = ctx.find_root()
    value = root.params.get("data_dir") if root.params else None
    return Path(value) if value is not None else None


def open_workspace(ctx: typer.Context, given: Path | None, *, create: bool = False) -> Any:
    """The Python package's handle on the workspace (an existing one unless ``create``)."""
    from reefscope.client import WorkspaceHandle

    return WorkspaceHandle(data_dir(ctx, given), create=create)


def open_dataset(ctx: typer.Context, given: Path | None, project: str, dataset: str) -> Any:
    """The handle on ``project/dataset`` in the command's workspace."""
    return open_workspace(ctx, given).project(project).dataset(dataset)


def open_inference_set(
    ctx: typer.Context, given: Path | None, project: str, dataset: str, inferences: str
) -> Any:
    """The handle on the inference set ``project/dataset/inferences`` in the command's workspace."""
    return open_dataset(ctx, given, project, dataset).inference_set(inferences)


# ---- output -----------------------------------------------------------------------------------------


def print_json(data: Any) -> None:
    """JSON on stdout; NaN never appears (undefined values are null)."""
    sys.stdout.write(json.dumps(data, indent=2, allow_nan=False, default=_json_default) + "\n")
    sys.stdout.flush()


def _json_default(value: Any) -> Any:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, tuple | frozenset | set):
        return list(value)
    raise TypeError(f"cannot serialise {type(value).__name__}")


def show(*renderables: Any) -> None:
    console = stdout()
    for renderable in renderables:
        console.print(renderable)


def note(message: str) -> None:
    """A status line on stderr (so stdout stays clean for pipes)."""
    stderr().print(Text(message), soft_wrap=True)


@contextmanager
def progress(description: str) -> Iterator[None]:
    """A progress bar on stderr while a long step runs (only on a terminal).

    Readers that know how much is left (files, annotations, detections) turn
    the spinner into a bar with a count; others keep the spinner.
    """
    from reefscope.ingest.progress import reporting

    console = stderr()
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        disable=not console.is_terminal,
    ) as bar:
        task = bar.add_task(description, total=None)

        def update(what: str, done: int, total: int) -> None:
            bar.update(task, description=f"{description}: {what}", completed=done, total=total)

        with reporting(update):
            yield


def parse_threshold(value: str | None, *, name: str) -> Any:
    """A threshold option: a number in [0, 1], ``none`` to unset it, or absent (unchanged)."""
    from reefscope.store import UNCHANGED

    if value is None:
        return UNCHANGED
    if value.strip().lower() in ("none", "null", "-"):
        return None
    try:
        number = float(value)
    except ValueError:
        raise typer.BadParameter(  # noqa: B904 - the message says it all
            f"expected a number in [0, 1] or 'none' but got {value!r}", param_hint=f"--{name}"
        )
    if not 0.0 <= number <= 1.0:
        raise typer.BadParameter(f"expected a number in [0, 1] but got {value}", param_hint=f"--{name}")
    return number


def read_id_file(path: Path, *, known: Collection[str] | None = None) -> list[str]:
    """Frame ids from a text file, one per line (blank lines and ``#`` comments ignored); ``-`` is stdin.

    With ``known`` (the dataset's frame ids) an unknown id fails naming its line.
    """
    name = "stdin" if str(path) == "-" else str(path)
    if str(path) == "-":
        text = sys.stdin.read()
    else:
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as error:
            fail(f"{name}: expected UTF-8 text, one frame id per line ({error.reason} at byte {error.start})")
    ids = []
    for number, line in enumerate(text.splitlines(), start=1):
        frame_id = line.strip()
        if not frame_id or frame_id.startswith("#"):
            continue
        if known is not None and frame_id not in known:
            fail(f"{name}, line {number}: the dataset has no frame {frame_id!r}")
        ids.append(frame_id)
    return ids


YesOption = Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")]


def confirm_delete(what: str, yes: bool) -> None:
    """Ask before deleting (unless --yes); answering no stops the command."""
    if not yes and not typer.confirm(f"Delete {what}? This cannot be undone", default=False):
        fail("not deleted")


def public_fields(record: Any) -> dict[str, Any]:
    """A store record as JSON output: every field but the internal file names."""
    return {key: value for key, value in asdict(record).items() if key != "files"}
