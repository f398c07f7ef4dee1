"""``reefscope datasets|inferences ...``: the datasets of a project and their inference sets."""

from __future__ import annotations

from typing import Annotated

import typer

from reefscope.cli._shared import (
    DataDir,
    DatasetOption,
    InferencesOption,
    JsonOption,
    ProjectOption,
    YesOption,
    confirm_delete,
    example,
    note,
    open_workspace,
    print_json,
    public_fields,
    show,
    typer_app,
)
from reefscope.display import Column, Table, key_values

datasets_app = typer_app(
    help="List, show and delete datasets.",
    epilog=example("reefscope datasets list", "reefscope datasets show --project voc --dataset val"),
)
inferences_app = typer_app(
    help="List and delete inference sets.",
    epilog=example("reefscope inferences list --project voc --dataset val"),
)


# ---- datasets ---------------------------------------------------------------------------------------


@datasets_app.command("list", epilog=example("reefscope datasets list --project voc"))
def list_datasets(
    ctx: typer.Context,
    project: Annotated[
        str | None, typer.Option("--project", "-p", help="Only this project.", show_default=False)
    ] = None,
    as_json: JsonOption = False,
    data_dir: DataDir = None,
) -> None:
    """List datasets with their sizes, inference sets and segments."""
    ws = open_workspace(ctx, data_dir)
    projects = [project] if project is not None else [record.name for record in ws.store.list_projects()]
    records = [record for name in projects for record in ws.store.list_datasets(name)]
    if as_json:
        print_json([public_fields(record) for record in records])
        return
    rows = [
        {
            "project": record.project,
            "dataset": record.name,
            "version": record.version,
            "frames": record.frame_count,
            "labels": record.label_count,
            "inference_sets": ", ".join(
                item.name for item in ws.store.list_inference_sets(record.project, record.name)
            ),
            "segments": len(ws.store.list_segments(record.project, record.name)),
        }
        for record in records
    ]
    show(
        Table(
            columns=(
                Column("project", "project"),
                Column("dataset", "dataset"),
                Column("version", "version", "count"),
                Column("frames", "frames", "count"),
                Column("labels", "labels", "count"),
                Column("segments", "segments", "count"),
                Column("inference_sets", "inference sets", wrap=True),
            ),
            rows=tuple(rows),
            title="Datasets",
        )
    )


@datasets_app.command("show", epilog=example("reefscope datasets show --project voc --dataset val"))
def show_dataset(
    ctx: typer.Context,
    project: ProjectOption,
    dataset: DatasetOption,
    as_json: JsonOption = False,
    data_dir: DataDir = None,
) -> None:
    """Show a dataset: size, image directories, metadata keys, inference sets and segments."""
    from reefscope.service.query import metadata_keys

    ws = open_workspace(ctx, data_dir)
    record = ws.store.get_dataset(project, dataset)
    frames = ws.store.read_frames(project, dataset)
    keys = metadata_keys(frames)
    inference_sets = [item.name for item in ws.store.list_inference_sets(project, dataset)]
    segments = [item.name for item in ws.store.list_segments(project, dataset)]
    if as_json:
        print_json(
            {
                **public_fields(record),
                "metadata_keys": keys,
                "inference_sets": inference_sets,
                "segments": segments,
            }
        )
        return
    show(
        key_values(
            f"Dataset {project}/{dataset}",
            [
                ("version", record.version, "count"),
                ("frames", record.frame_count, "count"),
                ("labels", record.label_count, "count"),
                ("images", ", ".join(str(root) for root in record.image_roots) or None, "text"),
                ("metadata keys", ", ".join(keys) or None, "text"),
                ("inference sets", ", ".join(inference_sets) or None, "text"),
                ("segments", ", ".join(segments) or None, "text"),
                ("description", record.description or None, "text"),
            ],
        )
    )


@datasets_app.command("delete", epilog=example("reefscope datasets delete --project voc --dataset old --yes"))
def delete_dataset(
    ctx: typer.Context,
    project: ProjectOption,
    dataset: DatasetOption,
    yes: YesOption = False,
    data_dir: DataDir = None,
) -> None:
    """Delete a dataset with its inference sets, segments and embeddings."""
    ws = open_workspace(ctx, data_dir)
    ws.store.get_dataset(project, dataset)
    confirm_delete(f"dataset {project}/{dataset} with its inference sets and segments", yes)
    ws.store.delete_dataset(project, dataset)
    note(f"Deleted dataset {project}/{dataset}.")


# ---- inference sets ---------------------------------------------------------------------------------


@inferences_app.command("list", epilog=example("reefscope inferences list --project voc --dataset val"))
def list_inference_sets(
    ctx: typer.Context,
    project: ProjectOption,
    dataset: DatasetOption,
    as_json: JsonOption = False,
    data_dir: DataDir = None,
) -> None:
    """List a dataset's inference sets."""
    ws = open_workspace(ctx, data_dir)
    records = ws.store.list_inference_sets(project, dataset)
    if as_json:
        print_json([public_fields(record) for record in records])
        return
    rows = [
        {
            "name": record.name,
            "version": record.version,
            "predictions": record.prediction_count,
            "scores": "yes" if record.has_scores else "no",
            "imported": record.imported_at.strftime("%Y-%m-%d %H:%M"),
            "description": record.description,
        }
        for record in records
    ]
    show(
        Table(
            columns=(
                Column("name", "inference set"),
                Column("version", "version", "count"),
                Column("predictions", "predictions", "count"),
                Column("scores", "score vectors"),
                Column("imported", "imported (UTC)"),
                Column("description", "description", wrap=True),
            ),
            rows=tuple(rows),
            title=f"Inference sets of {project}/{dataset}",
        )
    )


@inferences_app.command(
    "delete",
    epilog=example("reefscope inferences delete --project voc --dataset val --inferences old-model --yes"),
)
def delete_inference_set(
    ctx: typer.Context,
    project: ProjectOption,
    dataset: DatasetOption,
    name: InferencesOption,
    yes: YesOption = False,
    data_dir: DataDir = None,
) -> None:
    """Delete an inference set."""
    ws = open_workspace(ctx, data_dir)
    ws.store.get_inference_set(project, dataset, name)
    confirm_delete(f"inference set {project}/{dataset}/{name}", yes)
    ws.store.delete_inference_set(project, dataset, name)
    note(f"Deleted inference set {project}/{dataset}/{name}.")
