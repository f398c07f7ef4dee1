"""Ordered schema migrations of the SQLite catalog.

Each entry moves the catalog from version ``i`` to ``i + 1``; a released entry
is never edited, only followed by a new one. ``schema_version`` holds one row.
"""

from __future__ import annotations

MIGRATIONS: tuple[str, ...] = (
    # 1: the initial catalog.
    """
    CREATE TABLE projects (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        task TEXT NOT NULL CHECK (task IN ('classification', 'detection')),
        classes TEXT NOT NULL,
        confidence_threshold REAL NOT NULL CHECK (confidence_threshold BETWEEN 0 AND 1),
        iou_threshold REAL NOT NULL CHECK (iou_threshold BETWEEN 0 AND 1),
        description TEXT NOT NULL DEFAULT '',
        metadata TEXT NOT NULL DEFAULT '{}',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );

    CREATE TABLE datasets (
        id INTEGER PRIMARY KEY,
        project_id INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        version INTEGER NOT NULL CHECK (version >= 1),
        content_id TEXT NOT NULL UNIQUE,
        frame_count INTEGER NOT NULL,
        label_count INTEGER NOT NULL,
        image_roots TEXT NOT NULL DEFAULT '[]',
        description TEXT NOT NULL DEFAULT '',
        metadata TEXT NOT NULL DEFAULT '{}',
        files TEXT NOT NULL,
        created_at TEXT NOT NULL,
        imported_at TEXT NOT NULL,
        UNIQUE (project_id, name)
    );

    CREATE TABLE inference_sets (
        id INTEGER PRIMARY KEY,
        dataset_id INTEGER NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        version INTEGER NOT NULL CHECK (version >= 1),
        content_id TEXT NOT NULL UNIQUE,
        prediction_count INTEGER NOT NULL,
        has_scores INTEGER NOT NULL DEFAULT 0,
        model TEXT NOT NULL DEFAULT '{}',
        description TEXT NOT NULL DEFAULT '',
        files TEXT NOT NULL,
        created_at TEXT NOT NULL,
        imported_at TEXT NOT NULL,
        UNIQUE (dataset_id, name)
    );

    CREATE TABLE segments (
        id INTEGER PRIMARY KEY,
        dataset_id INTEGER NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('split', 'regression_test', 'scenario')),
        description TEXT NOT NULL DEFAULT '',
        metadata TEXT NOT NULL DEFAULT '{}',
        precision REAL CHECK (precision BETWEEN 0 AND 1),
        recall REAL CHECK (recall BETWEEN 0 AND 1),
        f1 REAL CHECK (f1 BETWEEN 0 AND 1),
        frame_count INTEGER NOT NULL,
        content_id TEXT NOT NULL UNIQUE,
        files TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        UNIQUE (dataset_id, name)
    );

    -- An embedding belongs to a dataset (frames, label crops) or to one of its
    -- inference sets (frames, prediction crops): one of each kind per owner.
    CREATE TABLE embeddings (
        id INTEGER PRIMARY KEY,
        dataset_id INTEGER NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
        inference_set_id INTEGER REFERENCES inference_sets (id) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ('frame', 'crop')),
        dimension INTEGER NOT NULL,
        count INTEGER NOT NULL,
        content_id TEXT NOT NULL UNIQUE,
        files TEXT NOT NULL,
        created_at TEXT NOT NULL
    );
    CREATE UNIQUE INDEX embeddings_of_dataset ON embeddings (dataset_id, kind)
        WHERE inference_set_id IS NULL;
    CREATE UNIQUE INDEX embeddings_of_inference_set ON embeddings (inference_set_id, kind)
        WHERE inference_set_id IS NOT NULL;

    CREATE TABLE custom_metrics (
        id INTEGER PRIMARY KEY,
        inference_set_id INTEGER NOT NULL REFERENCES inference_sets (id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        has_objective INTEGER NOT NULL,
        has_confusion INTEGER NOT NULL,
        frame_count INTEGER NOT NULL,
        content_id TEXT NOT NULL UNIQUE,
        files TEXT NOT NULL,
        created_at TEXT NOT NULL,
        UNIQUE (inference_set_id, name)
    );

    CREATE INDEX datasets_by_project ON datasets (project_id);
    CREATE INDEX inference_sets_by_dataset ON inference_sets (dataset_id);
    CREATE INDEX segments_by_dataset ON segments (dataset_id);
    CREATE INDEX embeddings_by_inference_set ON embeddings (inference_set_id);
    CREATE INDEX custom_metrics_by_inference_set ON custom_metrics (inference_set_id);
    """,
    # 2: how a project measures boxes: the IoU convention and the object-size bounds.
    """
    ALTER TABLE projects ADD COLUMN iou_convention TEXT NOT NULL DEFAULT 'continuous'
        CHECK (iou_convention IN ('continuous', 'pixel_inclusive'));
    ALTER TABLE projects ADD COLUMN small_area_max REAL NOT NULL DEFAULT 1024;
    ALTER TABLE projects ADD COLUMN large_area_min REAL NOT NULL DEFAULT 9216;
    """,
)

# Tables whose rows own a directory of files under ``data/<content_id>/``.
FILE_OWNING_TABLES: tuple[str, ...] = (
    "datasets",
    "inference_sets",
    "segments",
    "embeddings",
    "custom_metrics",
)
