"""Images and crops: only files under a dataset's registered image roots are ever served."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from fastapi.testclient import TestClient
from PIL import Image

from reefscope.api.app import create_app
from reefscope.api.settings import ApiSettings
from reefscope.engine import InvalidInputError
from reefscope.ingest.imports import import_labels
from reefscope.store import Workspace
from tests.api.conftest import make_client
from tests.api.sample import VOC, VOC_API, Sample

SECRET = b"top secret: never serve me\n"


def _jpeg(path: Path, colour: tuple[int, int, int] = (200, 30, 30), size: tuple[int, int] = (64, 48)) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, colour).save(path, format="JPEG")
    return path


def _dataset(workspace: Workspace, name: str, images: list[str], roots: list[Path]) -> None:
    frame_ids = [f"f{i}" for i in range(len(images))]
    frames = pa.table(
        {
            "frame_id": frame_ids,
            "image": images,
            "width": pa.array([64] * len(images), pa.int32()),
            "height": pa.array([48] * len(images), pa.int32()),
        }
    )
    labels = pa.table(
        {
            "label_id": [f"{frame}:0" for frame in frame_ids],
            "frame_id": frame_ids,
            "class_index": pa.array([0] * len(images), pa.int32()),
            "x1": [4.0] * len(images),
            "y1": [4.0] * len(images),
            "x2": [40.0] * len(images),
            "y2": [30.0] * len(images),
            "iscrowd": [False] * len(images),
            "difficult": [False] * len(images),
        }
    )
    workspace.put_dataset(
        "pics",
        name,
        frames=frames,
        labels=labels,
        classes=["thing"],
        image_roots=roots,
        create_project=True,
        task="detection",
    )


@pytest.fixture
def layout(tmp_path: Path) -> dict[str, Path]:
    """An image root with a real image, an inner alias, and symlinks that point out of it."""
    root = tmp_path / "root"
    outside = tmp_path / "outside"
    _jpeg(root / "real.jpg")
    _jpeg(root / "sub" / "nested.jpg", colour=(10, 200, 10))
    _jpeg(outside / "private.jpg", colour=(0, 0, 255))
    (outside / "secret.txt").write_bytes(SECRET)
    (root / "alias.jpg").symlink_to(root / "real.jpg")
    (root / "escape.jpg").symlink_to(outside / "private.jpg")
    (root / "escape.txt").symlink_to(outside / "secret.txt")
    (root / "linkdir").symlink_to(outside, target_is_directory=True)
    return {"root": root, "outside": outside, "home": tmp_path / "home"}


def _client_with(layout: dict[str, Path]) -> tuple[TestClient, Workspace]:
    workspace = Workspace(layout["home"])
    images = ["real.jpg", "sub/nested.jpg", "alias.jpg", "escape.jpg", "escape.txt", "linkdir/private.jpg"]
    # The import refuses links out of the root, so they appear only after it (as a later change
    # to the directory would): the server must still never follow them.
    escapes = {name: (layout["root"] / name).readlink() for name in ("escape.jpg", "escape.txt", "linkdir")}
    for name in escapes:
        (layout["root"] / name).unlink()
    _dataset(workspace, "linked", images, [layout["root"]])
    for name, target in escapes.items():
        (layout["root"] / name).symlink_to(target)
    return make_client(layout["home"]), workspace


def _assert_not_served(response: object) -> None:
    assert response.status_code in (404, 422), response.status_code  # type: ignore[attr-defined]
    content = response.content  # type: ignore[attr-defined]
    assert SECRET not in content and b"root:" not in content and not content.startswith(b"\xff\xd8")
    assert "Traceback" not in response.text  # type: ignore[attr-defined]


@pytest.mark.operation("get_image")
def test_frame_image_is_served_with_caching_headers(client: TestClient) -> None:
    response = client.get(f"{VOC_API}/images", params={"frame_id": "2007_000027"})
    assert response.status_code == 200
    assert response.content == (VOC / "images" / "2007_000027.jpg").read_bytes()
    assert response.headers["content-type"] == "image/jpeg"
    assert "max-age" in response.headers["cache-control"]


@pytest.mark.operation("get_image")
@pytest.mark.parametrize(
    "frame_id",
    [
        "../../../../etc/passwd",
        "/etc/passwd",
        "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        "..%2F..%2F..%2Fetc%2Fpasswd",
        "2007_000027/../../../etc/passwd",
        "2007_000027.jpg",
        "....//....//etc/passwd",
        "\x00",
        "2007_000027\x00",
    ],
)
def test_frame_ids_that_do_not_exist_are_404(client: TestClient, frame_id: str) -> None:
    response = client.get(f"{VOC_API}/images", params={"frame_id": frame_id})
    _assert_not_served(response)
    assert response.status_code == 404
    assert "has no frame" in response.json()["detail"]


@pytest.mark.parametrize(
    "path",
    [
        f"{VOC_API}/images/../../../../../etc/passwd",
        f"{VOC_API}/images/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        f"{VOC_API}/images/..%2f..%2f..%2fetc%2fpasswd",
        "/api/projects/..%2f..%2f..%2fetc/datasets/val/images?frame_id=passwd",
        "/api/projects/voc/datasets/%2e%2e%2f%2e%2e/images?frame_id=2007_000027",
        "/api/%2e%2e/%2e%2e/etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/..%2f..%2fetc%2fpasswd",
    ],
)
def test_path_tricks_reach_nothing(client: TestClient, path: str) -> None:
    _assert_not_served(client.get(path))


@pytest.mark.operation("get_image")
def test_symlinks_out_of_the_root_are_not_served(layout: dict[str, Path]) -> None:
    client, _ = _client_with(layout)
    base = "/api/projects/pics/datasets/linked"
    for frame_id in ("f0", "f1", "f2"):  # real, nested, and an alias that stays inside the root
        response = client.get(f"{base}/images", params={"frame_id": frame_id})
        assert response.status_code == 200, (frame_id, response.text)
        assert response.content.startswith(b"\xff\xd8")
    for frame_id in ("f3", "f4", "f5"):  # symlinked file or directory pointing outside
        response = client.get(f"{base}/images", params={"frame_id": frame_id})
        _assert_not_served(response)
        assert "no image file" in response.json()["detail"]
        crop = client.get(f"{base}/crops", params={"frame_id": frame_id, "box": "1,1,10,10"})
        _assert_not_served(crop)


@pytest.mark.parametrize(
    "image",
    ["../outside/private.jpg", "/etc/passwd", "sub/../../outside/private.jpg", "C:\\secret.jpg", "a\x00b"],
)
def test_the_store_refuses_image_paths_that_climb_out(layout: dict[str, Path], image: str) -> None:
    workspace = Workspace(layout["home"])
    with pytest.raises(InvalidInputError, match="image"):
        _dataset(workspace, "bad", ["real.jpg", image], [layout["root"]])
    assert workspace.list_projects() == []


@pytest.mark.parametrize("file_name", ["../outside/private.jpg", "ABSOLUTE"])
def test_importers_refuse_image_paths_that_climb_out(layout: dict[str, Path], file_name: str) -> None:
    if file_name == "ABSOLUTE":
        file_name = str(layout["outside"] / "private.jpg")
    instances = {
        "images": [
            {"id": 1, "file_name": "real.jpg", "width": 64, "height": 48},
            {"id": 2, "file_name": file_name, "width": 64, "height": 48},
        ],
        "annotations": [
            {"id": 1, "image_id": 1, "category_id": 1, "bbox": [1, 1, 10, 10], "area": 100, "iscrowd": 0},
            {"id": 2, "image_id": 2, "category_id": 1, "bbox": [1, 1, 10, 10], "area": 100, "iscrowd": 0},
        ],
        "categories": [{"id": 1, "name": "thing"}],
    }
    path = layout["root"].parent / "instances.json"
    path.write_text(json.dumps(instances))
    workspace = Workspace(layout["home"])
    with pytest.raises(InvalidInputError):
        import_labels(workspace, "coco", "val", path, format="coco", images=layout["root"])
    assert workspace.list_projects() == []


@pytest.mark.operation("get_image", "get_crop")
def test_a_tampered_frames_table_cannot_escape(scratch: Sample, tmp_path: Path) -> None:
    """Even a frames table edited on disk behind the store's back reaches nothing outside the roots."""
    secret = tmp_path / "secret.txt"
    secret.write_bytes(SECRET)
    workspace = Workspace(scratch.home)
    record = workspace.get_dataset("voc", "val")
    frames_file = scratch.home / record.files["frames"]
    table = pq.read_table(frames_file)
    images = table.column("image").to_pylist()
    depth = len(Path(record.image_roots[0]).parts) + 2
    images[0] = "../" * depth + str(secret).lstrip("/")
    images[1] = str(secret)
    images[2] = "%2e%2e%2f" * depth + "etc%2fpasswd"
    images[3] = "https://example.com/image.jpg"
    table = table.set_column(table.schema.get_field_index("image"), "image", pa.array(images, pa.string()))
    os.chmod(frames_file, 0o644)
    pq.write_table(table, frames_file)
    client = make_client(scratch.home)
    for frame_id in scratch.voc_frames[:4]:
        _assert_not_served(client.get(f"{VOC_API}/images", params={"frame_id": frame_id}))
        _assert_not_served(client.get(f"{VOC_API}/crops", params={"frame_id": frame_id, "box": "1,1,20,20"}))
    assert client.get(f"{VOC_API}/images", params={"frame_id": scratch.voc_frames[4]}).status_code == 200


@pytest.mark.operation("get_crop")
def test_crop_is_a_small_jpeg_with_caching_headers(client: TestClient) -> None:
    response = client.get(
        f"{VOC_API}/crops", params={"frame_id": "2007_000027", "box": "174,101,349,351", "max_side": 64}
    )
    assert response.status_code == 200
    assert response.headers["content-type"] == "image/jpeg"
    assert "max-age" in response.headers["cache-control"]
    with Image.open(io.BytesIO(response.content)) as crop:
        assert max(crop.size) == 64
    tight = client.get(
        f"{VOC_API}/crops",
        params={"frame_id": "2007_000027", "box": "174,101,349,351", "padding": 0, "max_side": 1024},
    )
    with Image.open(io.BytesIO(tight.content)) as crop:
        # The box plus a 4-pixel margin on each side, not scaled.
        assert crop.size == (184, 259)


@pytest.mark.operation("get_crop")
@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"box": "1,2,3"}, "box"),
        ({"box": "a,b,c,d"}, "box"),
        ({"box": "1,2,3,4,5"}, "box"),
        ({"box": "nan,2,3,4"}, "box"),
        ({"box": "1,2,inf,4"}, "box"),
        ({"box": "1e400,2,3,4"}, "box"),
        ({"box": "50,50,10,10"}, "box"),
        ({"box": "-50,-50,-20,-20"}, "box"),
        ({"box": "9000,9000,9100,9100"}, "box"),
        ({"box": "1.5.5,2,3,4"}, "box"),
        ({"box": "--1,2,3,4"}, "box"),
        ({"box": "10,10,20,20", "padding": 5}, "padding"),
        ({"box": "10,10,20,20", "max_side": 4096}, "max_side"),
        ({"box": "10,10,20,20", "max_side": 2}, "max_side"),
    ],
)
def test_bad_crop_boxes_are_422(client: TestClient, params: dict, field: str) -> None:
    response = client.get(f"{VOC_API}/crops", params={"frame_id": "2007_000027", **params})
    assert response.status_code == 422, response.text
    assert [field] in [error["loc"][1:] for error in response.json()["errors"]]


@pytest.mark.operation("get_crop")
def test_huge_boxes_are_clipped_to_the_image(client: TestClient) -> None:
    response = client.get(
        f"{VOC_API}/crops", params={"frame_id": "2007_000027", "box": "-1e308,-1e308,1e308,1e308"}
    )
    assert response.status_code == 200
    with Image.open(io.BytesIO(response.content)) as crop:
        assert max(crop.size) == 256


@pytest.mark.operation("get_crop")
def test_crop_of_a_file_that_is_not_an_image_is_422(layout: dict[str, Path]) -> None:
    (layout["root"] / "broken.jpg").write_bytes(b"not a jpeg at all")
    workspace = Workspace(layout["home"])
    _dataset(workspace, "broken", ["broken.jpg"], [layout["root"]])
    client = make_client(layout["home"])
    response = client.get(
        "/api/projects/pics/datasets/broken/crops", params={"frame_id": "f0", "box": "1,1,9,9"}
    )
    assert response.status_code == 422
    assert "cannot be read as an image" in response.json()["detail"]


@pytest.mark.operation("get_crop")
def test_crop_of_a_frame_without_image_is_404(client: TestClient) -> None:
    response = client.get(
        "/api/projects/digits/datasets/val/crops", params={"frame_id": "digit-0001", "box": "1,1,4,4"}
    )
    assert response.status_code == 404
    assert "no image file" in response.json()["detail"]


def test_web_app_fallback_never_serves_files_outside_its_folder(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    (dist / "assets").mkdir(parents=True)
    (dist / "index.html").write_text("<!doctype html><title>reefscope</title>")
    (dist / "assets" / "app.js").write_text("console.log('ok')")
    (tmp_path / "secret.txt").write_bytes(SECRET)
    (dist / "leak.txt").symlink_to(tmp_path / "secret.txt")
    client = TestClient(create_app(ApiSettings(home=tmp_path / "home", web_dist=dist)))
    assert client.get("/assets/app.js").text == "console.log('ok')"
    assert "reefscope" in client.get("/datasets/some/client/route").text
    for path in (
        "/..%2fsecret.txt",
        "/%2e%2e/secret.txt",
        "/leak.txt",
        "/assets/..%2f..%2fsecret.txt",
        "/assets/%2e%2e/%2e%2e/secret.txt",
    ):
        response = client.get(path)
        assert SECRET not in response.content, path
    assert client.get("/api/nothing/here").status_code == 404


@pytest.mark.operation("list_frames", "get_frame")
def test_a_dataset_without_image_roots_offers_no_image_urls(layout: dict[str, Path]) -> None:
    # A COCO annotation file imported without its images: the file names are
    # kept, but nothing can be served, so no client should try.
    workspace = Workspace(layout["home"])
    _dataset(workspace, "bare", ["real.jpg", "sub/nested.jpg"], [])
    client = make_client(layout["home"])
    base = "/api/projects/pics/datasets/bare"
    listed = client.get(f"{base}/frames")
    assert listed.status_code == 200, listed.text
    assert [frame["image_url"] for frame in listed.json()["data"]] == [None, None]
    detail = client.get(f"{base}/frame", params={"frame_id": "f0"})
    assert detail.status_code == 200, detail.text
    assert detail.json()["image_url"] is None and detail.json()["width"] == 64
    _assert_not_served(client.get(f"{base}/images", params={"frame_id": "f0"}))
