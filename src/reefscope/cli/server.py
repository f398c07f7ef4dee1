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
AllowedHostOption = Annotated[
    list[str] | None,
    typer.Option(
        "--allowed-host",
        help="A Host header value to answer besides loopback (repeatable), e.g. the server's DNS name.",
        show_default=False,
    ),
]
ReadOnlyOption = Annotated[
    bool,
    typer.Option("--read-only", help="Refuse every write; needed to expose a server without an API key."),
]
LOOPBACK_HOSTS = ["127.0.0.1", "localhost", "[::1]", "::1"]


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
    allowed_host: AllowedHostOption = None,
    read_only: ReadOnlyOption = False,
    data_dir: DataDir = None,
) -> None:
    """Serve the web app and REST API (`/api/`, OpenAPI at `/api/openapi.json`) on a workspace.

    On loopback (the default) anyone on this machine can read and write. On any
    other address the server refuses to start unless REEFSCOPE_API_KEY is set
    (writes then need the key) or --read-only is given, and it answers only
    Host headers named by --allowed-host (plus the bound address itself).
    """
    from reefscope.store import workspace_path

    run_server(
        workspace_path(resolve_data_dir(ctx, data_dir)),
        host=host,
        port=port,
        allowed_hosts=allowed_host or [],
        read_only=read_only,
    )


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


def run_server(
    path: Path, *, host: str, port: int, allowed_hosts: list[str] | None = None, read_only: bool = False
) -> None:
    """Run ``reefscope.api.app.create_app(ApiSettings(home=path))`` under uvicorn."""
    try:
        from reefscope.api.app import create_app
        from reefscope.api.settings import ApiSettings
    except ImportError as error:
        fail(f"the web server is not available in this installation ({error})")
    settings = ApiSettings(home=path, read_only=read_only)
    if not _is_loopback(host):
        if not settings.api_key and not settings.read_only:
            fail(
                f"refusing to serve on {host} without an API key: anyone on the network could change "
                "the workspace; set REEFSCOPE_API_KEY (writes then need it) or pass --read-only"
            )
        if _is_wildcard(host) and not allowed_hosts:
            fail(
                f"serving on {host} needs --allowed-host NAME for each name clients use to reach this "
                "server (the Host check guards against DNS rebinding)"
            )
        note(
            f"Serving on {host}: reachable from the network, "
            + ("read-only." if settings.read_only else "writes need the API key.")
        )
    elif settings.read_only:
        note("Serving read-only: every write is refused.")
    # Only answer requests addressed to this server by a known name: a web page whose
    # domain re-resolves to it (DNS rebinding) gets refused.
    hosts = [*LOOPBACK_HOSTS, *(allowed_hosts or [])]
    if not _is_wildcard(host) and host not in hosts:
        hosts.append(host)
    app = create_app(settings.model_copy(update={"allowed_hosts": hosts}))
    import uvicorn

    note(f"Serving {path} at http://{host}:{port}/ (Ctrl+C stops)")
    uvicorn.run(app, host=host, port=port)


def _is_wildcard(host: str) -> bool:
    return host in ("0.0.0.0", "::", "")


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
