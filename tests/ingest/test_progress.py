"""Readers report their progress to a listener, and to nobody by default."""

from pathlib import Path

from reefscope.ingest.imports import read_labels
from reefscope.ingest.progress import reporting, tracked

VOC = Path(__file__).resolve().parents[2] / "examples" / "data" / "voc100"


def test_voc_reader_reports_every_annotation_file() -> None:
    seen: list[tuple[str, int, int]] = []
    with reporting(lambda what, done, total: seen.append((what, done, total))):
        read_labels("voc", VOC / "annotations", classes=VOC / "classes.txt")
    assert seen[0] == ("annotation files", 0, 100)
    assert seen[-1] == ("annotation files", 100, 100)


def test_nothing_is_reported_without_a_listener() -> None:
    assert list(tracked([1, 2, 3], "items")) == [1, 2, 3]
