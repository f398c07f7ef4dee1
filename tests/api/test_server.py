"""A real server process on loopback: import with the CLI while it runs, query over HTTP,
compare with the Python package; then a bounded concurrent load during a re-import."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest
from benchmarks.api_load import replacing, run_cli, run_load, serve

from reefscope.service.core import Service
from reefscope.store import Workspace
from tests.api.sample import VOC, VOC_API, build_voc

pytestmark = pytest.mark.slow

THRESHOLDS = [(0.5, 0.5), (0.3, 0.5), (0.6, 0.7), (0.05, 0.3), (0.9, 0.9)]


def _summary(service: Service, inference: str, confidence: float, iou: float) -> dict:
    s = service.metrics("voc", "val", inference, confidence=confidence, iou=iou).summary
    return {
        "precision": s.precision,
        "recall": s.recall,
        "f1": s.f1,
        "false_positives": s.false_positives,
        "false_negatives": s.false_negatives,
        "confusions": s.confusions,
        "frame_count": s.frame_count,
        "objective": None,
    }


def test_serve_import_query_end_to_end(tmp_path: Path) -> None:
    home = tmp_path / "home"
    with serve(home) as base, httpx.Client(base_url=base, timeout=30) as http:
        assert http.get("/api/projects").json() == {"count": 0, "data": []}
        assert http.get("/api/openapi.json").status_code == 200

        labels = run_cli(
            "import", "labels", str(VOC / "annotations"), "-p", "voc", "-d", "val", "--format", "voc",
            "--images", str(VOC / "images"), "--classes", str(VOC / "classes.txt"), "--data-dir", str(home),
        )  # fmt: skip
        assert labels.returncode == 0, labels.stderr
        inferences = run_cli(
            "import", "inferences", str(VOC / "detections"), "-p", "voc", "-d", "val", "--name", "detector",
            "--format", "text", "--class-names", str(VOC / "classes.txt"), "--data-dir", str(home),
        )  # fmt: skip
        assert inferences.returncode == 0, inferences.stderr

        # The running server sees what another process imported.
        assert [p["name"] for p in http.get("/api/projects").json()["data"]] == ["voc"]
        service = Service(Workspace(home))
        for confidence, iou in THRESHOLDS:
            response = http.get(
                f"{VOC_API}/metrics", params={"inference": "detector", "confidence": confidence, "iou": iou}
            )
            assert response.status_code == 200, response.text
            body = response.json()
            expected = service.metrics("voc", "val", "detector", confidence=confidence, iou=iou)
            assert body["summary"] == _summary(service, "detector", confidence, iou)
            assert body["confusion"]["counts"] == expected.confusion.counts.tolist()

        # A regression test created over HTTP gates like the Python package says.
        created = http.post(
            f"{VOC_API}/segments",
            json={
                "name": "gate",
                "kind": "regression_test",
                "where": "frame_id < '2007_0004'",
                "recall": 0.5,
            },
        )
        assert created.status_code == 201, created.text
        verdict = http.get(f"{VOC_API}/regression-tests", params={"inference": "detector"}).json()
        expected_verdict = service.regression_verdict("voc", "val", "detector")
        assert verdict["passed"] is expected_verdict.passed
        assert verdict["tests"][0]["checks"][1]["score"] == expected_verdict.tests[0].checks[1].score

        # The CLI reads the same numbers from the same workspace.
        cli = run_cli(
            "metrics", "-p", "voc", "-d", "val", "-i", "detector", "--json", "--data-dir", str(home)
        )
        assert cli.returncode == 0, cli.stderr
        over_http = http.get(f"{VOC_API}/metrics", params={"inference": "detector"}).json()
        assert json.loads(cli.stdout)["summary"] == over_http["summary"]


def test_concurrent_queries_during_a_reimport(tmp_path: Path) -> None:
    """8 clients query metrics (and examples, PR curves) at different thresholds while another
    process replaces the inference set again and again; every answer is 200 and consistent with
    the inference-set version it reports."""
    home, files = tmp_path / "home", tmp_path / "files"
    files.mkdir()
    build_voc(Workspace(home), files, embeddings=False)
    sources = [files / "voc-detector-b", VOC / "detections"]  # version 2k: b, version 2k+1: a
    service = Service(Workspace(home))
    expected = {
        (content, c, t): _summary(service, name, c, t)
        for content, name in (("a", "detector"), ("b", "detector_b"))
        for c, t in THRESHOLDS
    }
    requests = [
        (f"{VOC_API}/metrics", {"inference": "detector", "confidence": c, "iou": t}) for c, t in THRESHOLDS
    ] + [
        (f"{VOC_API}/examples", {"inference": "detector", "filter": "fp", "limit": 20, "confidence": 0.3}),
        (f"{VOC_API}/pr-curves", {"inference": "detector", "iou": 0.5}),
    ]
    versions: set[int] = set()

    def check(request: tuple[str, dict], response: httpx.Response) -> str | None:
        if response.status_code != 200:
            return f"{request}: {response.status_code} {response.text[:300]}"
        if not request[0].endswith("/metrics"):
            return None
        body = response.json()
        version = body["settings"]["inference_set_version"]
        versions.add(version)
        content = "a" if version % 2 else "b"
        key = (content, request[1]["confidence"], request[1]["iou"])
        if body["summary"] != expected[key]:
            return f"{request} at version {version}: {body['summary']} != {expected[key]}"
        return None

    log = tmp_path / "server.log"
    with (
        serve(home, log=log) as base,
        replacing(home, "voc", "val", "detector", sources, rounds=6) as importer,
    ):
        report = run_load(
            base,
            requests,
            clients=8,
            min_per_client=8,
            max_per_client=80,
            keep_going=lambda: importer.poll() is None,
            check=check,
            deadline_seconds=90,
        )
        importer.wait(timeout=60)
        output = importer.stdout.read().decode() if importer.stdout else ""
        assert importer.returncode == 0, output
    print(report.summary(), "versions seen:", sorted(versions))
    assert not report.transport_errors, (report.transport_errors[:3], log.read_text()[-3000:])
    assert not report.problems, report.problems[:3]
    assert report.statuses == {200: report.requests}, report.summary()
    assert report.requests >= 64
    assert Workspace(home).get_inference_set("voc", "val", "detector").version == 7
    # The answers came from more than one version: the queries overlapped the imports.
    assert len(versions) > 1, (versions, report.summary())
