"""Write the parts of the rule documentation that restate the rules, from the rules.

Each rule's ``RULE`` (``server/interview_notes/rules/<module>.py``) holds its code, alias,
default severity, summary, scope and the fixes it offers. This script writes them into:

- the rule table of ``README.md`` and of ``docs/rules/README.md``, between
  ``<!-- rules-table:start -->`` and ``<!-- rules-table:end -->``;
- the header of each page ``docs/rules/<code>-<alias>.md``: everything before its first
  ``## `` heading. The sections from there on are written by hand and kept as they are; a
  rule without a page gets one with those sections to write;
- the ``interviewNotes.rules`` setting of the VS Code extension's ``package.json``: a property
  for each code and alias, as ``client-vscode/scripts/rule_schema.py`` prints them;
- the settings schema under ``schema/``, which names every rule with its summary (the files
  ``python -m interview_notes.schema --write`` writes).

``--write`` rewrites what is stale; ``--check`` writes nothing and exits 1 naming each stale
file, so that a rule and its documentation cannot drift apart (a test runs it).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "server"))
sys.path.insert(0, str(ROOT / "client-vscode" / "scripts"))

from interview_notes.findings import Applicability, FixKind, Rule  # noqa: E402
from interview_notes.rules import MODULES  # noqa: E402
from interview_notes.schema import REPO_SCHEMA_FOLDER, schema_files  # noqa: E402
from rule_schema import properties  # noqa: E402

README = ROOT / "README.md"
RULE_PAGES = ROOT / "docs" / "rules"
RULES_INDEX = RULE_PAGES / "README.md"
EXTENSION_MANIFEST = ROOT / "client-vscode" / "package.json"
TABLE_START = "<!-- rules-table:start -->"
TABLE_END = "<!-- rules-table:end -->"
FIX_COMMAND = "python scripts/rule_docs.py --write"
_FIRST_SECTION = re.compile(r"^## ", re.M)
# What a new page asks its writer for, under each heading; a test fails while one is left.
PROMPT = "<!-- To write: "


@dataclass(frozen=True)
class Documented:
    """A rule and the source file that defines it, which the generated text points to."""

    rule: Rule
    source: str


def documented_rules() -> list[Documented]:
    """Every rule in the order of its code, with the path of its module in the repository."""
    found = []
    for module in MODULES:
        path = Path(module.__file__ or "").resolve()
        source = path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else path.name
        found.append(Documented(module.RULE, source))
    return found


# text ---------------------------------------------------------------------------------
def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _sentence(summary: str) -> str:
    return summary if summary.endswith((".", "?", "!")) else summary + "."


def _fix_text(kind: FixKind, *, long: bool) -> str:
    """A fix with its applicability: ``(safe)`` or ``(needs review)``; ``long`` says who
    applies a safe one."""
    if kind.applicability is Applicability.SAFE and long:
        return f"{kind.title} (safe: fix-all and `check --fix` apply it)"
    return f"{kind.title} ({kind.applicability.description})"


def index_table(rules: Iterable[Documented]) -> str:
    """The table of ``docs/rules/README.md``: every rule with its fixes."""
    rows = [
        "| code | alias | default severity | checks | quick fixes |",
        "|---|---|---|---|---|",
    ]
    for item in rules:
        rule = item.rule
        fixes = "; ".join(_fix_text(kind, long=False) for kind in rule.fixes) or "—"
        rows.append(
            f"| [{rule.code}]({rule.doc_name}) | `{rule.alias}` | {rule.severity.label} "
            f"| {_cell(_sentence(rule.summary))} | {_cell(fixes)} |"
        )
    return "\n".join(rows)


def readme_table(rules: Iterable[Documented]) -> str:
    """The table of the top-level ``README.md``: every rule in a line."""
    rows = ["| code | alias | default | what |", "|---|---|---|---|"]
    for item in rules:
        rule = item.rule
        page = f"{RULE_PAGES.relative_to(ROOT).as_posix()}/{rule.doc_name}"
        rows.append(
            f"| [{rule.code}]({page}) | `{rule.alias}` | {rule.severity.label} "
            f"| {_cell(rule.summary)} |"
        )
    return "\n".join(rows)


def page_header(item: Documented) -> str:
    """A page's text before its first ``## `` heading, ending in a blank line."""
    rule = item.rule
    if not rule.fixes:
        fixes = "Quick fix: none"
    elif len(rule.fixes) == 1:
        fixes = f"Quick fix: {_fix_text(rule.fixes[0], long=True)}"
    else:
        listed = "\n".join(f"- {_fix_text(kind, long=True)}" for kind in rule.fixes)
        fixes = f"Quick fixes:\n\n{listed}"
    return "\n\n".join(
        [
            f"# {rule.code} {rule.alias}",
            f"<!-- Written by scripts/rule_docs.py from RULE in {item.source}, down to the first "
            f'"## " heading: change the rule, then run `{FIX_COMMAND}`. -->',
            f"Alias: `{rule.alias}`",
            f"Default severity: {rule.severity.label}",
            f"Scope: {rule.scope.description}",
            fixes,
            _sentence(rule.summary),
            "",
        ]
    )


def new_page_body(rule: Rule) -> str:
    """The hand-written part of a page a rule does not have yet: the usual sections, each
    asking for its text, and the configuration, which reads the same for every rule."""
    asks = [
        ("What it checks", "what the rule reports, and the message it gives"),
        ("Why", "why a writer wants to know"),
        ("Examples", "a failing and a passing note, each in a ```markdown block"),
    ]
    if rule.fixes:
        asks.append(("Quick fix", "what each fix does, in bold, with its applicability"))
    parts = [f"## {title}\n\n{PROMPT}{what}. -->\n" for title, what in asks]
    alias = rule.alias
    parts.append(
        "## Configuration\n\n"
        "Values: `error`, `warning`, `information`, `hint`, `off`. The rule can be named by its "
        f"code (`{rule.code}`) or its alias (`{alias}`).\n\n"
        "In `.interview-notes.toml` at the workspace root:\n\n"
        f'```toml\n[rules]\n{alias} = "off"\n```\n\n'
        f'(the same as `rules = {{ "{alias}" = "off" }}`; in `pyproject.toml` use '
        "`[tool.interview-notes.rules]`).\n\n"
        "In the editor, setting `interviewNotes.rules` (VS Code `settings.json`):\n\n"
        f'```json\n"interviewNotes.rules": {{ "{alias}": "hint" }}\n```\n\n'
        "Inline, in the note:\n\n"
        f"```markdown\n<!-- interview-notes-disable {alias} -->\n... not checked here ...\n"
        f"<!-- interview-notes-enable {alias} -->\n\n"
        f"<!-- interview-notes-disable-next-line {alias} -->\n...\n\n"
        f"<!-- interview-notes-disable-file {alias} -->\n```\n"
    )
    return "\n".join(parts)


def with_table(text: str, table: str, path: Path) -> str:
    """``text`` with the table between the markers replaced by ``table``."""
    start, end = text.find(TABLE_START), text.find(TABLE_END)
    if start < 0 or end < start:
        raise SystemExit(
            f"{_shown(path)}: no {TABLE_START} ... {TABLE_END} around the rule table: "
            "put the markers on their own lines where the table goes"
        )
    head, tail = text[: start + len(TABLE_START)], text[end:]
    return f"{head}\n{table}\n{tail}"


def with_header(text: str, header: str) -> str:
    """A page with ``header`` in place of everything before its first ``## `` heading."""
    first = _FIRST_SECTION.search(text)
    return header + (text[first.start() :] if first else "")


# files --------------------------------------------------------------------------------
@dataclass(frozen=True)
class Planned:
    """A file as the rules want it; ``replaces`` is a page of the same code under an alias
    the rule no longer has, renamed on ``--write``."""

    path: Path
    text: str
    replaces: Path | None = None


def planned_files(rules: list[Documented]) -> list[Planned]:
    planned = [
        Planned(README, with_table(_read(README), readme_table(rules), README)),
        Planned(RULES_INDEX, with_table(_read(RULES_INDEX), index_table(rules), RULES_INDEX)),
    ]
    planned.append(Planned(EXTENSION_MANIFEST, with_rule_settings(_read(EXTENSION_MANIFEST))))
    planned += [Planned(REPO_SCHEMA_FOLDER / name, text) for name, text in schema_files().items()]
    for item in rules:
        rule = item.rule
        path = RULE_PAGES / rule.doc_name
        old = None
        if not path.is_file():
            others = sorted(RULE_PAGES.glob(f"{rule.code}-*.md"))
            old = others[0] if len(others) == 1 else None
        source = old or path
        body = _read(source) if source.is_file() else page_header(item) + new_page_body(rule)
        planned.append(Planned(path, with_header(body, page_header(item)), old))
    return planned


def with_rule_settings(manifest: str) -> str:
    """``package.json`` with the rules setting's properties as the rules say; the file is
    written as ``JSON.stringify(..., null, 2)`` writes it, as npm does."""
    data = json.loads(manifest)
    settings = data["contributes"]["configuration"]["properties"]["interviewNotes.rules"]
    settings["properties"] = properties()
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def stale(planned: list[Planned]) -> list[Planned]:
    return [
        file
        for file in planned
        if file.replaces is not None or not file.path.is_file() or _read(file.path) != file.text
    ]


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _shown(path: Path) -> str:
    return path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else str(path)


def write(files: list[Planned], say: Callable[[str], None]) -> None:
    for file in files:
        file.path.write_text(file.text, encoding="utf-8", newline="\n")
        if file.replaces is not None:
            file.replaces.unlink()
            say(f"renamed {_shown(file.replaces)} to {_shown(file.path)}")
        else:
            say(f"wrote {_shown(file.path)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--write", action="store_true", help="rewrite the stale files")
    mode.add_argument("--check", action="store_true", help="exit 1 when a file is stale")
    args = parser.parse_args(argv)
    found = stale(planned_files(documented_rules()))
    if args.write:
        write(found, print)
        return 0
    if not found:
        return 0
    for file in found:
        if file.replaces is not None:
            why = f"is {_shown(file.replaces)} under the rule's old alias"
        elif not file.path.is_file():
            why = "is missing"
        else:
            why = "is stale: it does not say what the rules and settings say"
        print(f"{_shown(file.path)} {why}", file=sys.stderr)
    print(f"Run `{FIX_COMMAND}` to bring the rule documentation up to date.", file=sys.stderr)
    return 1


if __name__ == "__main__":
    raise SystemExit(main())
