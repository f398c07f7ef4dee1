"""``python -m reefscope`` is the command line, and its name errors read as English."""

from __future__ import annotations

import subprocess
import sys

import pytest

import reefscope
from reefscope.store import InvalidInputError
from reefscope.store.names import check_name


def test_python_dash_m_runs_the_command_line() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "reefscope", "--version"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"reefscope {reefscope.__version__}"


@pytest.mark.parametrize(
    ("kind", "phrase"),
    [
        ("inference set", "expected an inference set name"),
        ("project", "expected a project name"),
        ("dataset", "expected a dataset name"),
    ],
)
def test_name_errors_use_the_right_article(kind: str, phrase: str) -> None:
    with pytest.raises(InvalidInputError, match=phrase):
        check_name("-bad", kind=kind)
