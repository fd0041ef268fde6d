"""``slow`` tests run only with ``INTERVIEW_NOTES_SLOW=1`` (see docs/reliability.md)."""

from __future__ import annotations

import os

import pytest


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "slow: long reliability runs (INTERVIEW_NOTES_SLOW=1)")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if os.environ.get("INTERVIEW_NOTES_SLOW") == "1":
        return
    skip = pytest.mark.skip(reason="slow: set INTERVIEW_NOTES_SLOW=1")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)
