"""Prints the JSON Schema properties of the `interviewNotes.rules` setting: one per rule code
and alias, with the rule's own severity as default. package.json carries them; a unit test
compares the two. Run with the server on PYTHONPATH."""

from __future__ import annotations

import json

from interview_notes.rules import RULES

LEVELS = ["off", "hint", "information", "warning", "error"]


def properties() -> dict[str, dict[str, object]]:
    found: dict[str, dict[str, object]] = {}
    for rule, _ in RULES:
        for name, other in ((rule.code, rule.alias), (rule.alias, rule.code)):
            found[name] = {
                "type": "string",
                "enum": LEVELS,
                "default": rule.severity.label,
                "markdownDescription": (
                    f"{rule.summary} (`{other}`). Default: `{rule.severity.label}`."
                ),
            }
    return found


if __name__ == "__main__":
    print(json.dumps(properties(), indent=2))
