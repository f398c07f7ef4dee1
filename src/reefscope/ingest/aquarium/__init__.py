"""Readers of the files that Aquarium Learning's Python client uploads (JSONL rows, Arrow embeddings)."""
