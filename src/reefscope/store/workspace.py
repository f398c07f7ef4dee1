"""The :class:`Workspace`: one directory holding a catalog and immutable tables."""

from __future__ import annotations

from reefscope.store.bundles import BundlesMixin
from reefscope.store.partitions import PartitionsMixin


class Workspace(BundlesMixin, PartitionsMixin):
    """A reefscope workspace directory, safe to share between processes.

    ``Workspace()`` opens ``$REEFSCOPE_HOME`` or ``~/.reefscope``;
    ``Workspace(path)`` opens (creating it if needed) the directory ``path``.
    Objects are addressed by name: ``(project)``, ``(project, dataset)``,
    ``(project, dataset, inference_set)``. Records are frozen dataclasses;
    bulk data comes back as ``pyarrow.Table``. Every write lands whole or not
    at all, and readers never see half of one; wrap several reads in
    :meth:`snapshot` to see them all at one moment.

    >>> import tempfile
    >>> workspace = Workspace(tempfile.mkdtemp())
    >>> workspace.create_project("shapes", task="detection", classes=["circle", "square"]).class_names
    ('circle', 'square')
    >>> [project.name for project in workspace.list_projects()]
    ['shapes']
    """
