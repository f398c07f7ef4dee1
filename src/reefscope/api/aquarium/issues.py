"""Segments, called "issues" on the wire, including the credential-free signed download."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request

from reefscope.api.aquarium.routing import AquariumRoute, Body, StateDep, require_key
from reefscope.ingest.aquarium.blobs import BlobError
from reefscope.service.aquarium import segments

router = APIRouter(route_class=AquariumRoute, dependencies=[Depends(require_key)])
signed = APIRouter(route_class=AquariumRoute)


@router.post("/projects/{project}/issues")
def create_issue(project: str, state: StateDep, body: Body) -> dict[str, str]:
    return {"id": segments.create(state.workspace, project, body)}


@router.get("/projects/{project}/issues")
def list_issues(project: str, state: StateDep) -> list[dict[str, Any]]:
    return [segments.summary(segment) for _, segment in segments.every(state.workspace, project)]


@router.patch("/projects/{project}/issues/{issue_id}/elements")
def edit_elements(project: str, issue_id: str, state: StateDep, body: Body) -> dict[str, str]:
    segments.edit_elements(state.workspace, project, issue_id, body)
    return {"id": issue_id}


@router.patch("/projects/{project}/issues/{issue_id}/update_state")
def update_state(project: str, issue_id: str, state: StateDep, body: Body) -> dict[str, str]:
    segments.set_state(
        state.workspace, project, issue_id, body.get("state") if isinstance(body, dict) else None
    )
    return {"id": issue_id}


@router.patch("/projects/{project}/issues/{issue_id}/rename")
def rename(project: str, issue_id: str, state: StateDep, body: Body) -> dict[str, str]:
    segments.rename(state.workspace, project, issue_id, body.get("name") if isinstance(body, dict) else None)
    return {"id": issue_id}


@router.delete("/projects/{project}/issues/{issue_id}")
def delete_issue(project: str, issue_id: str, state: StateDep) -> dict[str, str]:
    segments.delete(state.workspace, project, issue_id)
    return {"id": issue_id}


@router.get("/projects/{project}/issues/{issue_id}/download_elements")
def download_elements(project: str, issue_id: str, state: StateDep, request: Request) -> dict[str, str]:
    segments.find(state.workspace, project, issue_id)
    token = state.sign({"project": project, "issue": issue_id})
    return {"signed_url": str(request.url_for("signed_issue", token=token))}


@signed.get("/signed/issues/{token}", name="signed_issue")
def signed_issue(token: str, state: StateDep) -> dict[str, Any]:
    payload = state.verify(token)
    if payload is None:
        raise BlobError("this download link is invalid or has expired; ask for a new one", status=403)
    return segments.with_elements(state.workspace, payload["project"], payload["issue"])
