"""Building the demo workspace: which projects, in which state, and the builder of each."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path

import reefscope
from reefscope.client import WorkspaceHandle
from reefscope.demo._steps import ASSETS, DEMO_PROJECTS, DEMO_VERSION, MARKER_KEY, Progress, Tracker
from reefscope.demo.coco import build_coco
from reefscope.demo.digits import build_digits
from reefscope.demo.indoor import build_indoor
from reefscope.demo.voc import build_voc
from reefscope.engine import InvalidInputError
from reefscope.store import ConflictError, NotFoundError


def build_demo(
    path: str | os.PathLike[str] | None = None,
    *,
    examples: str | os.PathLike[str] | None = None,
    rebuild: bool = False,
    projects: Sequence[str] = DEMO_PROJECTS,
    progress: Progress | None = None,
) -> list[str]:
    """Build the demo projects into the workspace at ``path`` (default: the usual workspace).

    Returns the projects built now (complete ones are skipped unless
    ``rebuild``). ``examples`` is the sample-data directory (default: the
    checkout's ``examples/data``). Raises :class:`~reefscope.store.ConflictError`
    when a project of a demo name exists and is not a demo project.
    """
    unknown = [name for name in projects if name not in DEMO_PROJECTS]
    if unknown:
        raise InvalidInputError(f"unknown demo projects {unknown}; expected some of {DEMO_PROJECTS}")
    ws = reefscope.open(path)
    data = find_examples(examples) if any(name != "digits" for name in projects) else None
    todo = [name for name in projects if rebuild or not _is_complete(ws, name)]
    for name in todo:
        _check_ours(ws, name)
    steps = sum(len(_BUILDERS[name][1]) for name in todo)
    tracker = Tracker(progress, steps)
    for name in todo:
        if _exists(ws, name):
            ws.delete_project(name)
        builder, _ = _BUILDERS[name]
        builder(ws, data, ws.path / ASSETS / name, tracker)
        ws.project(name).update(description=_DESCRIPTIONS[name])
        ws.store.update_project(name, metadata={MARKER_KEY: DEMO_VERSION, "complete": True})
    return todo


def find_examples(examples: str | os.PathLike[str] | None = None) -> Path:
    """The sample-data directory: ``examples``, else ``$REEFSCOPE_EXAMPLES``, else the checkout's."""
    candidates: list[Path] = []
    if examples is not None:
        candidates.append(Path(examples))
    elif os.environ.get("REEFSCOPE_EXAMPLES"):
        candidates.append(Path(os.environ["REEFSCOPE_EXAMPLES"]))
    else:
        here = Path(__file__).resolve()
        candidates += [parent / "examples" / "data" for parent in here.parents]
        candidates.append(Path.cwd() / "examples" / "data")
    for candidate in candidates:
        if (candidate / "voc100").is_dir():
            return candidate.resolve()
    raise InvalidInputError(
        f"cannot find the sample data (a directory with voc100/, indoor85/ and coco-sample/); "
        f"looked in {', '.join(str(c) for c in candidates)}. Pass --examples DIR or set REEFSCOPE_EXAMPLES",
        field="examples",
    )


def _exists(ws: WorkspaceHandle, name: str) -> bool:
    try:
        ws.store.get_project(name)
    except NotFoundError:
        return False
    return True


def _is_complete(ws: WorkspaceHandle, name: str) -> bool:
    if not _exists(ws, name):
        return False
    metadata = ws.store.get_project(name).metadata
    return metadata.get(MARKER_KEY) == DEMO_VERSION and metadata.get("complete") is True


def _check_ours(ws: WorkspaceHandle, name: str) -> None:
    if _exists(ws, name) and MARKER_KEY not in ws.store.get_project(name).metadata:
        raise ConflictError(
            f"project {name!r} exists in {ws.path} and is not a demo project; "
            f"build the demo in another directory (--data-dir)"
        )


_BUILDERS: dict[
    str, tuple[Callable[[WorkspaceHandle, Path | None, Path, Tracker], None], tuple[str, ...]]
] = {
    "voc": (build_voc, ("read", "labels", "embeddings", "detections", "segments")),
    "indoor": (build_indoor, ("read", "labels", "embeddings", "detections", "segments")),
    "coco": (build_coco, ("read", "labels", "detections", "segments")),
    "digits": (build_digits, ("render", "train", "import", "segments")),
}

_DESCRIPTIONS = {
    "voc": "Demo: 100 PASCAL VOC 2007 photos and one detector (20 classes)",
    "indoor": "Demo: 85 indoor photos with more than 25 classes",
    "coco": "Demo: a COCO val2017 sample with 80 classes (no images)",
    "digits": "Demo: scikit-learn's digits with a logistic regression and an MLP",
}
