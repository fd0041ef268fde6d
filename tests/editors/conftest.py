from __future__ import annotations

from pathlib import Path

import pytest

from .harness import Sandbox, make_sandbox


@pytest.fixture
def sandbox(tmp_path: Path) -> Sandbox:
    return make_sandbox(tmp_path)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Names each skipped editor test and why, even without `-rs`."""
    for report in terminalreporter.stats.get("skipped", []):
        if report.nodeid.startswith("tests/editors/") and isinstance(report.longrepr, tuple):
            terminalreporter.write_line(f"SKIPPED {report.nodeid}: {report.longrepr[2]}")
