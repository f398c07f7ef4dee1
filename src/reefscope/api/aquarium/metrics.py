"""The endpoints the client's metrics manager calls."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from reefscope.api.aquarium.routing import AquariumRoute, Body, ServiceDep, require_key
from reefscope.engine import InvalidInputError
from reefscope.service.aquarium import metrics

router = APIRouter(route_class=AquariumRoute, dependencies=[Depends(require_key)])


@router.get("/projects/{project}/datasets/{dataset}/list_scenarios")
def list_scenarios(project: str, dataset: str, service: ServiceDep) -> list[dict[str, Any]]:
    return metrics.list_scenarios(service, project, dataset)


@router.get("/joined_filtered_table")
def joined_filtered_table(
    dataset: Annotated[str, Query()], project: Annotated[str, Query()]
) -> dict[str, str]:
    # An opaque name the client echoes back; here it is simply the labeled dataset's address.
    if not dataset.startswith(f"{project}."):
        raise InvalidInputError(f"expected dataset '{project}.<name>' but got {dataset!r}", field="dataset")
    return {"dest_table": dataset}


@router.post("/projects/{project}/datasets/get_scenario_metrics")
def get_scenario_metrics(project: str, service: ServiceDep, body: Body) -> dict[str, list[dict[str, Any]]]:
    return metrics.scenario_metrics(service, project, body)
