"""An image that is a link out of its image root is refused at import, naming frame and file;
an unreadable image without width/height in the data is named by its frame id."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

import reefscope
from reefscope.store import InvalidInputError


def _table(tmp_path: Path, rows: list[str]) -> Path:
    path = tmp_path / "labels.csv"
    path.write_text("frame_id,class,image\n" + "".join(f"{row}\n" for row in rows))
    return path


def test_a_link_out_of_the_image_root_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    Image.new("RGB", (4, 3)).save(outside / "secret.png")
    images = tmp_path / "images"
    images.mkdir()
    Image.new("RGB", (4, 3)).save(images / "a.png")
    (images / "b.png").symlink_to(outside / "secret.png")
    ws = reefscope.open(tmp_path / "home")
    labels = _table(tmp_path, ["frame-a,cat,a.png", "frame-b,cat,b.png"])
    with pytest.raises(InvalidInputError) as error:
        ws.import_labels(labels, project="p", dataset="d", format="table", images=images, classes=["cat"])
    message = str(error.value)
    assert "frame-b" in message and "b.png" in message and "outside the image root" in message
    assert ws.projects == []


def test_a_link_inside_the_root_is_fine(tmp_path: Path) -> None:
    images = tmp_path / "images"
    (images / "sub").mkdir(parents=True)
    Image.new("RGB", (4, 3)).save(images / "sub" / "a.png")
    (images / "b.png").symlink_to(images / "sub" / "a.png")
    ws = reefscope.open(tmp_path / "home")
    labels = _table(tmp_path, ["frame-b,cat,b.png"])
    dataset = ws.import_labels(
        labels, project="p", dataset="d", format="table", images=images, classes=["cat"]
    )
    assert dataset.frame_ids() == ["frame-b"]


def test_an_unreadable_image_is_named_by_its_frame_id(tmp_path: Path) -> None:
    images = tmp_path / "images"
    images.mkdir()
    (images / "broken.png").write_bytes(b"not an image")
    ws = reefscope.open(tmp_path / "home")
    labels = _table(tmp_path, ["frame-42,cat,broken.png"])
    with pytest.raises(InvalidInputError, match="frame 'frame-42'"):
        ws.import_labels(labels, project="p", dataset="d", format="table", images=images, classes=["cat"])
