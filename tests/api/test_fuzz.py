"""Schema-driven fuzzing (schemathesis) of every operation, in-process, bounded and seeded.

Each operation gets a fresh copy of the sample workspace, so that fuzzed writes
(deletes included) never change what another operation sees, and the run is the
same on every machine: a fixed seed, derandomized generation, a fixed number of
examples. Path and query parameters are drawn mostly from the sample's real
names so that the requests reach the code behind them, not only the 404s.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    allow_header_conformance,
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from reefscope.api.app import create_app
from reefscope.api.dump_openapi import openapi_schema
from reefscope.api.settings import ApiSettings
from tests.api.sample import Sample

pytestmark = pytest.mark.slow

EXAMPLES_PER_OPERATION = 30
NAMES = {
    "project": ["voc", "indoor", "digits"],
    "dataset": ["val"],
    "inference": ["detector", "detector_b", "centroid", "noisy", "custom"],
    "segment": ["night", "rt-easy", "rt-hard", "train", "All Frames"],
    "frame_id": ["2007_000027", "2007_000129", "2007_000033", "digit-0001", "2007_000032"],
    "class": ["person", "chair", "dog", "background", "three", "cup"],
    "where": ["split == 'train'", "brightness > 0.5 and outdoor", "half == 1", "writer in ['w1', 'w2']"],
    "box": ["10,10,100,100", "0,0,1,1", "100.5,50,300,250"],
    "cell": ["person|person", "person|background", "background|chair", "three|eight"],
}
CONFIG = schemathesis.Config.from_dict(
    {
        "seed": 20240601,
        "generation": {"max-examples": EXAMPLES_PER_OPERATION, "deterministic": True, "mode": "all"},
        "phases": {"stateful": {"enabled": False}},
        "dictionaries": {name: {"values": values} for name, values in NAMES.items()},
        "parameters": {
            "path.project": {"dictionary": "project", "probability": 0.9},
            "path.dataset": {"dictionary": "dataset", "probability": 0.9},
            "path.inference_set": {"dictionary": "inference", "probability": 0.8},
            "path.segment": {"dictionary": "segment", "probability": 0.8},
            "query.inference": {"dictionary": "inference", "probability": 0.8},
            "query.first": {"dictionary": "inference", "probability": 0.8},
            "query.second": {"dictionary": "inference", "probability": 0.8},
            "query.owner": {"dictionary": "inference", "probability": 0.5},
            "query.segment": {"dictionary": "segment", "probability": 0.7},
            "query.frame_id": {"dictionary": "frame_id", "probability": 0.8},
            "query.class": {"dictionary": "class", "probability": 0.6},
            "query.filter_class": {"dictionary": "class", "probability": 0.6},
            "query.where": {"dictionary": "where", "probability": 0.5},
            "query.box": {"dictionary": "box", "probability": 0.5},
            "query.cell": {"dictionary": "cell", "probability": 0.5},
        },
    }
)


SCHEMA = schemathesis.openapi.from_dict(openapi_schema(), config=CONFIG)


@pytest.fixture
def fuzz_app(sample: Sample, tmp_path: Path) -> FastAPI:
    home = tmp_path / "home"
    shutil.copytree(sample.home, home, symlinks=True)
    return create_app(ApiSettings(home=home, web_dist=None, api_key=None))


@SCHEMA.parametrize()
# One workspace copy per operation, shared by its examples: that is the point of the fixture.
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_no_server_errors_and_responses_match_the_schema(case: schemathesis.Case, fuzz_app: FastAPI) -> None:
    case.call_and_validate(
        app=fuzz_app,
        checks=[
            not_a_server_error,
            status_code_conformance,
            content_type_conformance,
            response_headers_conformance,
            response_schema_conformance,
            allow_header_conformance,
            negative_data_rejection,
        ],
    )
