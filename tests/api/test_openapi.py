"""The OpenAPI schema: served, readable operation ids, and every operation tested."""

from __future__ import annotations

import functools
import importlib
import pkgutil
import re

from fastapi.testclient import TestClient

import tests.api
from reefscope.api import dump_openapi


@functools.cache
def openapi_schema() -> dict:
    return dump_openapi.openapi_schema()


def _operations(schema: dict) -> dict[str, tuple[str, str]]:
    return {
        operation["operationId"]: (method.upper(), path)
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
    }


def _declared_operations() -> set[str]:
    """Operation ids declared by ``@pytest.mark.operation`` on the tests of this package."""
    declared: set[str] = set()
    for module_info in pkgutil.iter_modules(tests.api.__path__):
        if not module_info.name.startswith("test_"):
            continue
        module = importlib.import_module(f"tests.api.{module_info.name}")
        for name in dir(module):
            if name.startswith("test_"):
                for mark in getattr(getattr(module, name), "pytestmark", []):
                    if mark.name == "operation":
                        declared.update(mark.args)
    return declared


def test_schema_is_served_with_readable_unique_operation_ids(client: TestClient) -> None:
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    ids = [op["operationId"] for ops in schema["paths"].values() for op in ops.values()]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z]+(_[a-z]+)*", operation_id) for operation_id in ids), ids
    assert all(path.startswith("/api/") for path in schema["paths"])
    assert schema == openapi_schema()
    docs = client.get("/api/docs")
    assert docs.status_code == 200 and "text/html" in docs.headers["content-type"]


def test_every_operation_has_a_test() -> None:
    operations = _operations(openapi_schema())
    declared = _declared_operations()
    untested = sorted(
        f"{method} {path} ({op})" for op, (method, path) in operations.items() if op not in declared
    )
    assert not untested, "operations without a test:\n" + "\n".join(untested)
    unknown = declared - set(operations)
    assert not unknown, f"tests declare operations the schema does not have: {sorted(unknown)}"


def test_every_query_bound_is_in_the_schema() -> None:
    """Paging limits are bounded (no unbounded `limit`)."""
    for path, operations in openapi_schema()["paths"].items():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                if parameter["name"] == "limit":
                    assert parameter["schema"].get("maximum") is not None, path
