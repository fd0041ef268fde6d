"""Write ``<fixture>.expected`` from the current analysis: a helper to draft expectations.

Usage: ``python tests/core/update_expected.py [FIXTURE_NAME...]`` (default: fixtures that have
no ``.expected`` yet; ``--all`` rewrites every one). Review every written file by hand against
the rule pages in ``docs/rules/``: a file copied from a buggy analysis tests nothing.
"""

from __future__ import annotations

import sys
from pathlib import Path

# Run as a script: the tests folder goes on the path so that ``core`` is importable.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from core.expectations import (
    NOTES,
    analyze_text,
    expected_path,
    finding_lines,
    note_fixtures,
    read_fixture,
    write_expected,
)


def main(argv: list[str]) -> int:
    rewrite_all = "--all" in argv
    names = [arg for arg in argv if not arg.startswith("--")]
    if names:
        fixtures = [NOTES / (name if name.endswith(".md") else f"{name}.md") for name in names]
    else:
        fixtures = [f for f in note_fixtures() if rewrite_all or not expected_path(f).exists()]
    for fixture in fixtures:
        lines = finding_lines(analyze_text(read_fixture(fixture)))
        write_expected(fixture, lines)
        print(f"{fixture.name}: {len(lines)} finding(s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
