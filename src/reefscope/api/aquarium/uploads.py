"""The upload sub-protocol: Google-Cloud-Storage-style signed resumable uploads.

``GET .../get_upload_url`` (authenticated) hands out a ``put_url`` whose path
carries an unguessable, expiring token: the client sends the bytes there
without credentials, as it would to a signed GCS URL. ``POST`` with
``x-goog-resumable: start`` opens the session (answered 200 with an absolute
``Location``), each ``PUT`` with ``Content-Range: bytes a-b/total`` stores a
chunk (308 with ``Range: bytes=0-N`` while more is expected, exactly 200 at
the end) and ``Content-Range: bytes */*`` asks what has arrived. Chunks are
written durably before the answer, so a restarted server resumes.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response

from reefscope.api.aquarium.routing import AquariumRoute, StateDep, require_key
from reefscope.ingest.aquarium.blobs import CHUNK_LIMIT, DOWNLOAD_PREFIX, BlobError
from reefscope.ingest.aquarium.projects import check_name

authenticated = APIRouter(route_class=AquariumRoute, dependencies=[Depends(require_key)])
capability = APIRouter(route_class=AquariumRoute)


@authenticated.get("/projects/{project}/datasets/{dataset}/get_upload_url")
def get_upload_url(
    project: str,
    dataset: str,
    state: StateDep,
    request: Request,
    upload_filename: Annotated[str, Query(max_length=500)],
) -> dict[str, str]:
    check_name(project, kind="project", field="project")
    check_name(dataset, kind="dataset", field="dataset")
    state.workspace.get_project(project)
    record = state.blobs.create(project=project, dataset=dataset, filename=upload_filename)
    put_url = str(request.url_for("upload_start", token=record.token))
    return {"put_url": put_url, "download_url": f"{DOWNLOAD_PREFIX}{record.blob_id}"}


@capability.post("/uploads/{token}", name="upload_start")
async def upload_start(token: str, state: StateDep, request: Request) -> Response:
    record = state.blobs.by_token(token)
    if request.headers.get("x-goog-resumable") != "start":
        raise BlobError("expected x-goog-resumable: start to open an upload session")
    await _body(request)  # the client sends "{}"
    state.blobs.initiate(record, request.headers.get("x-upload-content-length"))
    return Response(status_code=200, headers={"Location": str(request.url_for("upload_start", token=token))})


@capability.put("/uploads/{token}")
async def upload_chunk(token: str, state: StateDep, request: Request) -> Response:
    record = state.blobs.by_token(token)
    content_range = request.headers.get("content-range")
    body = await _body(request)
    if content_range is None:  # a single-shot upload of the whole file
        complete = (
            state.blobs.write_chunk(record, f"bytes 0-{len(body) - 1}/{len(body)}", body) if body else True
        )
        return Response(status_code=200 if complete else 400)
    if content_range.replace(" ", "").startswith("bytes*/"):
        return _persisted(state.blobs.persisted(record))
    if state.blobs.write_chunk(record, content_range, body):
        return Response(status_code=200)  # exactly 200: the client refuses 201 here
    return _persisted(state.blobs.persisted(record))


def _persisted(size: int) -> Response:
    # Never a Location on a 308: requests would follow it as a redirect.
    headers = {"Range": f"bytes=0-{size - 1}"} if size else {}
    return Response(status_code=308, headers=headers)


async def _body(request: Request) -> bytes:
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > CHUNK_LIMIT:
        raise BlobError(
            f"a chunk of {declared} bytes exceeds this server's limit of {CHUNK_LIMIT}", status=413
        )
    parts: list[bytes] = []
    size = 0
    async for part in request.stream():
        size += len(part)
        if size > CHUNK_LIMIT:
            raise BlobError(
                f"a chunk larger than {CHUNK_LIMIT} bytes exceeds this server's limit", status=413
            )
        parts.append(part)
    return b"".join(parts)
