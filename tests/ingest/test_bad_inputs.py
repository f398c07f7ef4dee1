"""Every malformed input in the corpus gives one clear error and changes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from reefscope.engine.errors import InvalidInputError
from reefscope.store import Workspace
from tests.ingest.bad_inputs import CASES, Case, build_base_workspace
from tests.store.helpers import workspace_state


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    root = tmp_path_factory.mktemp("bad-inputs")
    return build_base_workspace(root / "workspace", root / "scratch")


def test_the_corpus_is_large_and_names_are_unique() -> None:
    assert len(CASES) >= 25
    assert len({item.name for item in CASES}) == len(CASES)


@pytest.mark.parametrize("item", CASES, ids=[item.name for item in CASES])
def test_bad_input_is_refused_clearly_and_leaves_the_workspace_unchanged(
    base: Workspace, tmp_path: Path, item: Case
) -> None:
    before = workspace_state(base.path)
    with pytest.raises(InvalidInputError) as caught:
        item.run(base, tmp_path)
    message = str(caught.value)
    for fragment in item.fragments:
        assert fragment in message, f"{fragment!r} not in {message!r}"
    assert "\n" not in message
    assert workspace_state(base.path) == before
