"""``reefscope import ...``: one command per importer; a bad file writes nothing and exits 2."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from reefscope.cli._shared import (
    DataDir,
    DatasetOption,
    JsonOption,
    KeptDescriptionOption,
    ProjectOption,
    example,
    fail,
    note,
    open_dataset,
    open_inference_set,
    open_workspace,
    print_json,
    progress,
    public_fields,
    typer_app,
)

app = typer_app(
    help="Import labels, inference sets, embeddings, frame metadata and custom metrics.",
    epilog=example(
        "reefscope import labels voc100/annotations -p voc -d val --format voc --images voc100/images",
        "reefscope import inferences voc100/detections -p voc -d val --name detector --format text "
        "--class-names voc100/classes.txt",
    ),
)


class LabelFormat(StrEnum):
    COCO = "coco"
    VOC = "voc"
    YOLO = "yolo"
    TEXT = "text"
    TABLE = "table"


class InferenceFormat(StrEnum):
    COCO = "coco"
    YOLO = "yolo"
    TEXT = "text"
    TABLE = "table"


class EmbeddingKind(StrEnum):
    FRAME = "frame"
    CROP = "crop"


class NewClasses(StrEnum):
    ERROR = "error"
    EXTEND = "extend"


SourcePath = Annotated[Path, typer.Argument(help="File or directory to import.", show_default=False)]
ImagesOption = Annotated[
    Path | None,
    typer.Option("--images", help="Directory of the images (registered, not copied).", show_default=False),
]
ClassesOption = Annotated[
    str | None,
    typer.Option(
        "--classes",
        help="Class list for a new project: a file with one name per line, or comma-separated names.",
        show_default=False,
    ),
]
ClassNamesOption = Annotated[
    str | None,
    typer.Option(
        "--class-names",
        help="What integer class ids in the files mean: a names file (YOLO's) or comma-separated names.",
        show_default=False,
    ),
]
NewClassesOption = Annotated[
    NewClasses,
    typer.Option("--new-classes", help="Classes the project lacks: fail (error) or append them (extend)."),
]


def class_list(value: str | None, *, option: str) -> str | list[str] | None:
    """A names file, or comma-separated names."""
    if value is None:
        return None
    if Path(value).is_file():
        return value
    if "," in value:
        return [name.strip() for name in value.split(",") if name.strip()]
    fail(f"{option}: {value!r} is neither a file nor a comma-separated list of class names")


@app.command(
    "labels",
    epilog=example(
        "reefscope import labels voc100/annotations --project voc --dataset val --format voc "
        "--images voc100/images",
        "reefscope import labels digits.csv --project digits --dataset all --format table",
    ),
)
def import_labels(
    ctx: typer.Context,
    path: SourcePath,
    project: ProjectOption,
    dataset: DatasetOption,
    format: Annotated[LabelFormat, typer.Option("--format", "-f", help="Label format.", show_default=False)],
    images: ImagesOption = None,
    classes: ClassesOption = None,
    class_names: ClassNamesOption = None,
    metadata: Annotated[
        Path | None,
        typer.Option(
            "--metadata",
            help="CSV/Parquet side file of frame metadata keyed by frame_id.",
            show_default=False,
        ),
    ] = None,
    new_classes: NewClassesOption = NewClasses.ERROR,
    copy_images: Annotated[
        bool, typer.Option("--copy-images", help="Copy images into the workspace.")
    ] = False,
    description: Annotated[str | None, typer.Option(help="Dataset description.", show_default=False)] = None,
    as_json: JsonOption = False,
    data_dir: DataDir = None,
) -> None:
    """Import a labeled dataset (creating the project from the data if needed).

    Formats: **coco** (instances JSON), **voc** (directory of Pascal VOC XML),
    **yolo** (directory of normalised .txt; needs --images and --class-names),
    **text** (per-image `class x1 y1 x2 y2` files), **table** (classification
    CSV/Parquet: `frame_id, class`, optional image and metadata columns).
    Importing under an existing name replaces the dataset in one atomic step;
    a bad file is reported with its line and field and nothing is written.
    """
    ws = open_workspace(ctx, data_dir, create=True)
    with progress(f"Importing {format.value} labels from {path}"):
        handle = ws.import_labels(
            path,
            project=project,
            dataset=dataset,
            format=format.value,
            images=images,
            classes=class_list(classes, option="--classes"),
            class_names=class_list(class_names, option="--class-names"),
            metadata=metadata,
            new_classes=new_classes.value,
            copy_images=copy_images,
            description=description,
        )
    record = handle.record
    if as_json:
        print_json(public_fields(record))
        return
    note(
        f"Imported dataset {project}/{dataset} (version {record.version}): "
        f"{record.frame_count} frames, {record.label_count} labels, {len(handle.project.classes)} classes."
    )


@app.command(
    "inferences",
    epilog=example(
        "reefscope import inferences voc100/detections --project voc --dataset val --name detector "
        "--format text --class-names voc100/classes.txt",
    ),
)
def import_inferences(
    ctx: typer.Context,
    path: SourcePath,
    project: ProjectOption,
    dataset: DatasetOption,
    name: Annotated[str, typer.Option("--name", "-n", help="Name of the inference set.", show_default=False)],
    format: Annotated[
        InferenceFormat, typer.Option("--format", "-f", help="Prediction format.", show_default=False)
    ],
    class_names: ClassNamesOption = None,
    categories: Annotated[
        Path | None,
        typer.Option(
            "--categories",
            help="COCO instances file whose categories the results refer to (when the labels are not COCO).",
            show_default=False,
        ),
    ] = None,
    new_classes: NewClassesOption = NewClasses.ERROR,
    model: Annotated[
        str | None,
        typer.Option(
            "--model",
            help='Model metadata as a JSON object, e.g. \'{"name": "yolo", "epoch": 30}\'.',
            show_default=False,
        ),
    ] = None,
    description: KeptDescriptionOption = None,
    as_json: JsonOption = False,
    data_dir: DataDir = None,
) -> None:
    """Import a model's predictions on a dataset as a named inference set.

    Formats: **coco** (results JSON), **yolo** (.txt with confidence; needs
    --class-names), **text** (per-image `class confidence x1 y1 x2 y2`),
    **table** (classification CSV/Parquet: `frame_id, class, confidence`,
    optionally `score.<class>` columns). Predictions on frames the dataset
    lacks, unknown classes and confidences outside [0, 1] are errors.
    """
    model_metadata = _json_object(model, option="--model")
    dataset_handle = open_dataset(ctx, data_dir, project, dataset)
    with progress(f"Importing {format.value} predictions from {path}"):
        handle = dataset_handle.import_inferences(
            path,
            name=name,
            format=format.value,
            class_names=class_list(class_names, option="--class-names"),
            categories=categories,
            new_classes=new_classes.value,
            model=model_metadata,
            description=description,
        )
    record = handle.record
    if as_json:
        print_json(public_fields(record))
        return
    note(
        f"Imported inference set {project}/{dataset}/{name} (version {record.version}): "
        f"{record.prediction_count} predictions."
    )


def _json_object(value: str | None, *, option: str) -> dict[str, Any] | None:
    if value is None:
        return None
    try:
        parsed = json.loads(value)
    except json.JSONDecodeError as error:
        fail(
            f"{option}: expected a JSON object but the text is not JSON ({error.msg} at column {error.colno})"
        )
    if not isinstance(parsed, dict):
        fail(f"{option}: expected a JSON object but got {type(parsed).__name__}")
    return parsed


@app.command(
    "embeddings",
    epilog=example(
        "reefscope import embeddings frames.npy --project voc --dataset val --kind frame",
        "reefscope import embeddings crops.parquet -p voc -d val --inferences detector --kind crop",
    ),
)
def import_embeddings(
    ctx: typer.Context,
    path: SourcePath,
    project: ProjectOption,
    dataset: DatasetOption,
    kind: Annotated[
        EmbeddingKind,
        typer.Option("--kind", help="frame (keyed by frame id) or crop (label or prediction id)."),
    ],
    inferences: Annotated[
        str | None,
        typer.Option(
            "--inferences", "-i", help="Inference set whose prediction crops these are.", show_default=False
        ),
    ] = None,
    ids: Annotated[
        Path | None,
        typer.Option(
            "--ids",
            help="For .npy: file of ids, one per line (default <name>.ids.txt beside it).",
            show_default=False,
        ),
    ] = None,
    as_json: JsonOption = False,
    data_dir: DataDir = None,
) -> None:
    """Import frame or crop embeddings from .npy (+ ids file), .npz or Parquet.

    Frame embeddings are keyed by frame id; crop embeddings by the dataset's
    label ids, or by an inference set's prediction ids with --inferences.
    """
    dataset_handle = open_dataset(ctx, data_dir, project, dataset)
    with progress(f"Importing {kind.value} embeddings from {path}"):
        if inferences is None:
            record = dataset_handle.import_embeddings(path, kind=kind.value, ids=ids)
        else:
            record = dataset_handle.inference_set(inferences).import_embeddings(
                path, kind=kind.value, ids=ids
            )
    if as_json:
        print_json(public_fields(record))
        return
    owner = f"{project}/{dataset}" + (f"/{inferences}" if inferences else "")
    note(f"Imported {record.count} {kind.value} embeddings of dimension {record.dimension} for {owner}.")


@app.command(
    "metadata",
    epilog=example("reefscope import metadata weather.csv --project drive --dataset val"),
)
def import_metadata(
    ctx: typer.Context,
    path: SourcePath,
    project: ProjectOption,
    dataset: DatasetOption,
    as_json: JsonOption = False,
    data_dir: DataDir = None,
) -> None:
    """Set frame metadata from a CSV/Parquet side file: a `frame_id` column plus one column per key.

    The file's columns replace metadata of the same name (a new dataset
    version; labels, inference sets and segments are kept). Metadata defines
    segments: `reefscope segment create ... --where "time_of_day == 'night'"`.
    """
    dataset_handle = open_dataset(ctx, data_dir, project, dataset)
    with progress(f"Importing frame metadata from {path}"):
        dataset_handle.import_metadata(path)
    record = dataset_handle.record
    if as_json:
        print_json(public_fields(record))
        return
    note(f"Imported frame metadata for {project}/{dataset} (now version {record.version}).")


@app.command(
    "custom-metrics",
    epilog=example(
        "reefscope import custom-metrics metrics.json --project voc --dataset val --inferences detector"
    ),
)
def import_custom_metrics(
    ctx: typer.Context,
    path: SourcePath,
    project: ProjectOption,
    dataset: DatasetOption,
    inferences: Annotated[
        str, typer.Option("--inferences", "-i", help="Inference set name.", show_default=False)
    ],
    name: Annotated[
        str | None, typer.Option("--name", help="Name of this set of custom metrics.", show_default=False)
    ] = None,
    as_json: JsonOption = False,
    data_dir: DataDir = None,
) -> None:
    """Import per-frame custom metrics: an `objective` number and/or a `confusion` matrix per frame.

    CSV, Parquet or JSON with a `frame_id` column; a confusion matrix is
    (K+1) x (K+1) counts, ground truth on rows, background last. Where present
    it replaces box matching for that inference set.
    """
    handle = open_inference_set(ctx, data_dir, project, dataset, inferences)
    with progress(f"Importing custom metrics from {path}"):
        record = (
            handle.import_custom_metrics(path)
            if name is None
            else handle.import_custom_metrics(path, name=name)
        )
    if as_json:
        print_json(public_fields(record))
        return
    note(
        f"Imported custom metrics {record.name!r} for {project}/{dataset}/{inferences}: "
        f"{record.frame_count} frames."
    )
