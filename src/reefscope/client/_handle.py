"""What the dataset and inference-set handles share: the store they read through and
the one import they both offer (embeddings, keyed by labels or by predictions)."""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import TYPE_CHECKING

from reefscope.ingest import imports
from reefscope.store import EmbeddingKind, Embeddings, Workspace

if TYPE_CHECKING:
    from reefscope.client.workspace import WorkspaceHandle

PathArgument = str | os.PathLike[str]


class DatasetScoped:
    """A handle on a dataset or on one of its inference sets."""

    @property
    def _scope(self) -> tuple[WorkspaceHandle, str, str, str | None]:
        """The workspace, project, dataset and inference set (``None`` for a dataset) named."""
        raise NotImplementedError

    @property
    def _store(self) -> Workspace:
        return self._scope[0].store

    def _import_embeddings(
        self, path: PathArgument, *, kind: EmbeddingKind, ids: PathArgument | Sequence[str] | None
    ) -> Embeddings:
        workspace, project, dataset, inference_set = self._scope
        return imports.import_embeddings(
            workspace.store, project, dataset, path, kind=kind, inference_set=inference_set, ids=ids
        )
