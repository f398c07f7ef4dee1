"""The REST API: FastAPI routers and pydantic schemas, no numerics."""
