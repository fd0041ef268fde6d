"""Findings as the command line prints them: text, JSON, SARIF and GitHub annotations."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, TextIO

from .. import __version__
from ..findings import Finding
from ..rules import RULES
from ..severity import Severity

HOMEPAGE = "https://github.com/interview-notes-lsp/interview-notes-lsp"
FORMATS = ("text", "json", "sarif", "github")
SARIF_LEVELS = {
    Severity.ERROR: "error",
    Severity.WARNING: "warning",
    Severity.INFORMATION: "note",
    Severity.HINT: "note",
}
GITHUB_LEVELS = {
    Severity.ERROR: "error",
    Severity.WARNING: "warning",
    Severity.INFORMATION: "notice",
    Severity.HINT: "notice",
}

Shown = Sequence[tuple[str, Finding]]


def text(shown: Shown, out: TextIO) -> None:
    for path, finding in shown:
        span = finding.span
        out.write(
            f"{path}:{span.start_line + 1}:{span.start_col + 1}: "
            f"{finding.severity.label} {finding.code} {finding.message}\n"
        )


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def github(shown: Shown, out: TextIO) -> None:
    """Workflow commands, which GitHub shows on the changed lines of a pull request."""
    for path, finding in shown:
        span = finding.span
        properties = {
            "file": path,
            "line": span.start_line + 1,
            "col": span.start_col + 1,
            "endLine": span.end_line + 1,
            "endColumn": span.end_col + 1,
            "title": f"{finding.code} {finding.rule.alias}",
        }
        fields = ",".join(
            f"{key}={_escape_property(str(value))}" for key, value in properties.items()
        )
        out.write(
            f"::{GITHUB_LEVELS[finding.severity]} {fields}::{_escape_data(finding.message)}\n"
        )


def github_error(path: str, message: str, out: TextIO) -> None:
    """A file that could not be checked, as an error annotation on it."""
    out.write(f"::error file={_escape_property(path)}::{_escape_data(message)}\n")


def json_findings(shown: Shown) -> list[dict[str, Any]]:
    found = []
    for path, finding in shown:
        span = finding.span
        found.append(
            {
                "path": path,
                "line": span.start_line + 1,
                "column": span.start_col + 1,
                "endLine": span.end_line + 1,
                "endColumn": span.end_col + 1,
                "severity": finding.severity.label,
                "code": finding.code,
                "alias": finding.rule.alias,
                "message": finding.message,
                "url": finding.rule.doc_url,
            }
        )
    return found


def sarif(shown: Shown) -> dict[str, Any]:
    rules = [
        {
            "id": rule.code,
            "name": rule.alias,
            "shortDescription": {"text": rule.summary},
            "helpUri": rule.doc_url,
            "defaultConfiguration": {"level": SARIF_LEVELS[rule.severity]},
        }
        for rule, _ in RULES
    ]
    results = [
        {
            "ruleId": finding.code,
            "level": SARIF_LEVELS[finding.severity],
            "message": {"text": finding.message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": path.replace("\\", "/")},
                        "region": {
                            "startLine": finding.span.start_line + 1,
                            "startColumn": finding.span.start_col + 1,
                            "endLine": finding.span.end_line + 1,
                            "endColumn": finding.span.end_col + 1,
                        },
                    }
                }
            ],
        }
        for path, finding in shown
    ]
    return {
        "version": "2.1.0",
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "interview-notes",
                        "version": __version__,
                        "informationUri": HOMEPAGE,
                        "rules": rules,
                    }
                },
                "results": results,
                # Columns count code points, not SARIF's default UTF-16 code units.
                "columnKind": "unicodeCodePoints",
            }
        ],
    }


def dump_json(value: Any, out: TextIO) -> None:
    json.dump(value, out, indent=2, ensure_ascii=False)
    out.write("\n")


def summary(files: int, notes: int, counts: dict[Severity, int]) -> str:
    """One line: how many files and notes, and the findings by severity."""
    parts = [
        f"{counts.get(severity, 0)} {plural(severity.label, counts.get(severity, 0))}"
        for severity in (Severity.ERROR, Severity.WARNING, Severity.INFORMATION, Severity.HINT)
    ]
    return (
        f"{files} {plural('file', files)} checked, {notes} {plural('note', notes)}: "
        + ", ".join(parts)
    )


def plural(word: str, count: int) -> str:
    """``word`` for ``count`` of it: "1 note", "2 notes", "3 information"."""
    if count == 1 or word == "information":
        return word
    return word + "s"
