"""``reefscope serve`` and ``reefscope demo``: the web app over a workspace."""

from __future__ import annotations

import ipaddress
from pathlib import Path
from typing import Annotated

import typer

from reefscope.cli._shared import DataDir, example, fail, note, stderr
from reefscope.cli._shared import data_dir as resolve_data_dir

HostOption = Annotated[
    str, typer.Option("--host", help="Address to bind; anything but loopback exposes the app to the network.")
]
PortOption = Annotated[int, typer.Option("--port", min=1, max=65535, help="Port to listen on.")]


def register(app: typer.Typer) -> None:
    app.command(
        "serve",
        epilog=example("reefscope serve", "reefscope serve --data-dir ./workspace --port 8080"),
    )(serve)
    app.command(
        "demo",
        epilog=example(
            "reefscope demo", "reefscope demo --data-dir /tmp/reefscope-demo --no-serve --rebuild"
        ),
    )(demo)


def serve(
    ctx: typer.Context,
    host: HostOption = "127.0.0.1",
    port: PortOption = 8000,
    data_dir: DataDir = None,
) -> None:
    """Serve the web app and REST API (`/api/`, OpenAPI at `/api/openapi.json`) on a workspace."""
    from reefscope.store import workspace_path

    run_server(workspace_path(resolve_data_dir(ctx, data_dir)), host=host, port=port)


def demo(
    ctx: typer.Context,
    serve: Annotated[
        bool, typer.Option("--serve/--no-serve", help="Serve the web app once the workspace is ready.")
    ] = True,
    rebuild: Annotated[
        bool, typer.Option("--rebuild", help="Rebuild the demo projects even if they exist.")
    ] = False,
    only: Annotated[
        list[str] | None,
        typer.Option(
            "--only",
            help="Build only this demo project (repeatable): voc, indoor, coco or digits.",
            show_default=False,
        ),
    ] = None,
    examples: Annotated[
        Path | None,
        typer.Option(
            "--examples",
            help="The sample data directory (default: examples/data of this checkout).",
            show_default=False,
            file_okay=False,
        ),
    ] = None,
    host: HostOption = "127.0.0.1",
    port: PortOption = 8000,
    data_dir: DataDir = None,
) -> None:
    """Build the demo workspace (if absent) from the sample data, then serve it.

    Four projects: **voc** (100 VOC 2007 photos, 20 classes), **indoor** (85
    indoor photos, more than 25 classes), **coco** (a COCO val sample, 80
    classes, no images) with their detections, and **digits** (scikit-learn's
    handwritten digits with two trained classifiers), plus segments of every
    kind with thresholds, frame metadata and embeddings. Existing demo
    projects are kept unless --rebuild; projects that are not the demo's are
    never touched.
    """
    from reefscope.demo import DEMO_PROJECTS, build_demo
    from reefscope.store import workspace_path

    path = workspace_path(resolve_data_dir(ctx, data_dir))
    note(f"Demo workspace: {path}")
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    console = stderr()
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        disable=not console.is_terminal,
    ) as bar:
        task = bar.add_task("Building the demo workspace", total=None)

        def report(step: str, done: int, total: int) -> None:
            bar.update(task, description=step, completed=done, total=total)

        built = build_demo(
            path, examples=examples, rebuild=rebuild, projects=only or DEMO_PROJECTS, progress=report
        )
    if built:
        note(f"Built demo projects: {', '.join(built)}.")
    else:
        note(f"The demo projects ({', '.join(DEMO_PROJECTS)}) are already built; --rebuild rebuilds them.")
    if serve:
        run_server(path, host=host, port=port)
    else:
        note(f"Explore it: reefscope serve --data-dir {path}")


def run_server(path: Path, *, host: str, port: int) -> None:
    """Run ``reefscope.api.app.create_app(ApiSettings(home=path))`` under uvicorn."""
    try:
        from reefscope.api.app import create_app
        from reefscope.api.settings import ApiSettings
    except ImportError as error:
        fail(f"the web server is not available in this installation ({error})")
    if not _is_loopback(host):
        note(
            f"warning: serving on {host} makes the workspace reachable from the network; "
            "set REEFSCOPE_API_KEY to require a key for writes."
        )
    # On loopback, only answer requests addressed to loopback: a web page whose
    # domain re-resolves to 127.0.0.1 (DNS rebinding) gets refused.
    hosts = ["127.0.0.1", "localhost", "[::1]", "::1"] if _is_loopback(host) else None
    if hosts and host not in hosts:
        hosts.append(host)
    app = create_app(ApiSettings(home=path, allowed_hosts=hosts))
    import uvicorn

    note(f"Serving {path} at http://{host}:{port}/ (Ctrl+C stops)")
    uvicorn.run(app, host=host, port=port)


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
