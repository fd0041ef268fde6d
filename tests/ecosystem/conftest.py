"""Fixtures of the ecosystem tests."""

from __future__ import annotations

import pytest

from .support import Snapshot, snapshot_project


@pytest.fixture(scope="session")
def project_snapshot(tmp_path_factory: pytest.TempPathFactory) -> Snapshot:
    """This project as pre-commit and a GitHub runner get it: a clean repository at one commit
    holding the working tree as it is now."""
    return snapshot_project(tmp_path_factory.mktemp("project"))
