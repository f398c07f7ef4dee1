"""Persistence: a SQLite catalog plus immutable Parquet tables in a workspace directory."""
