"""The ``interview-notes`` command line: check notes, create them, print templates."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from . import __version__
from .analysis import analyze, unknown_rules
from .files import ReadError, TooLargeError, Workspace, collect, read_note
from .findings import Finding
from .rules import RULES
from .severity import Severity
from .template import TemplateError, render_template

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
LEVELS = {
    "error": Severity.ERROR,
    "warning": Severity.WARNING,
    "information": Severity.INFORMATION,
    "hint": Severity.HINT,
}
SARIF_LEVELS = {
    Severity.ERROR: "error",
    Severity.WARNING: "warning",
    Severity.INFORMATION: "note",
    Severity.HINT: "note",
}
HOMEPAGE = "https://github.com/interview-notes-lsp/interview-notes-lsp"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="interview-notes",
        description="Find what is still empty in system-design interview notes.",
    )
    parser.add_argument("--version", action="version", version=f"interview-notes {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    check = commands.add_parser("check", help="check notes (files or folders)")
    check.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    check.add_argument("--format", choices=("text", "json", "sarif"), default="text")
    check.add_argument(
        "--threshold",
        choices=tuple(LEVELS),
        default="warning",
        help="report and fail on findings at or above this severity (default: warning)",
    )
    check.add_argument(
        "--exit-zero",
        action="store_true",
        help="exit 0 even when there are findings (read errors still exit 2)",
    )

    new = commands.add_parser("new", help="write a new note from a template")
    new.add_argument("path", type=Path, metavar="PATH")
    new.add_argument("--template", help="template name (default: the default template)")
    new.add_argument("--date", type=date.fromisoformat, help="interview date, YYYY-MM-DD")

    template = commands.add_parser("template", help="print a template")
    template.add_argument("name", nargs="?")
    commands.add_parser("templates", help="list the installed templates")

    snippets = commands.add_parser("snippets", help="generate the editor snippets")
    snippets.add_argument("--output", type=Path, default=Path("snippets"))
    snippets.add_argument("--check", action="store_true", help="fail when the files are stale")

    commands.add_parser(
        "lsp", help="run the language server (see interview-notes-lsp --help)", add_help=False
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    args_list = sys.argv[1:] if argv is None else argv
    if args_list[:1] == ["lsp"]:
        from .lsp import main as lsp_main

        return lsp_main(args_list[1:])
    parser = _parser()
    args = parser.parse_args(args_list)
    if args.command is None:
        parser.print_help()
        return EXIT_ERROR
    try:
        handler = {
            "check": _check,
            "new": _new,
            "template": _template,
            "templates": _templates,
            "snippets": _snippets,
        }[args.command]
        return handler(args)
    except BrokenPipeError:
        return EXIT_CLEAN
    except KeyboardInterrupt:
        return 130


def _warn(message: str) -> None:
    print(f"interview-notes: {message}", file=sys.stderr)


def _workspace(start: Path) -> Workspace:
    workspace = Workspace.load(start)
    for message in workspace.messages:
        _warn(message)
    for name in unknown_rules(workspace.settings):
        _warn(f"rules: unknown rule {name!r}; ignored")
    return workspace


def _check(args: argparse.Namespace) -> int:
    skipped: list[str] = []
    files, errors = collect(args.paths, skipped)
    for message in skipped:
        _warn(message)
    threshold = LEVELS[args.threshold]
    workspaces: dict[Path, Workspace] = {}
    shown: list[tuple[Path, Finding]] = []
    found_any = False
    for path in files:
        folder = path.parent.resolve()
        if folder not in workspaces:
            workspaces[folder] = _workspace(folder)
        workspace = workspaces[folder]
        # One file that cannot be read or checked never stops the others.
        try:
            text = read_note(path, workspace.settings.max_document_size)
            analysis = analyze(text, workspace.templates, workspace.settings)
        except TooLargeError as problem:
            _warn(f"{path}: {problem}")
            continue
        except ReadError as problem:
            errors.append(f"{path}: {problem}")
            continue
        except MemoryError:
            errors.append(f"{path}: not checked: out of memory")
            continue
        except RecursionError:
            errors.append(f"{path}: not checked: nested too deeply")
            continue
        except Exception as error:
            errors.append(f"{path}: not checked: internal error {error!r}")
            continue
        found = [(path, f) for f in analysis.findings if f.severity <= threshold]
        found_any = found_any or bool(found)
        # Text goes out file by file; only the findings are kept for JSON and SARIF.
        if args.format == "text":
            _text(found, sys.stdout)
        else:
            shown.extend(found)
    for message in errors:
        _warn(message)
    out = sys.stdout
    if args.format == "json":
        json.dump([_json_finding(path, f) for path, f in shown], out, indent=2, ensure_ascii=False)
        out.write("\n")
    elif args.format == "sarif":
        json.dump(_sarif(shown), out, indent=2, ensure_ascii=False)
        out.write("\n")
    if errors:
        return EXIT_ERROR
    return EXIT_FINDINGS if found_any and not args.exit_zero else EXIT_CLEAN


def _text(shown: list[tuple[Path, Finding]], out: TextIO) -> None:
    for path, finding in shown:
        span = finding.span
        out.write(
            f"{path}:{span.start_line + 1}:{span.start_col + 1}: "
            f"{finding.severity.label} {finding.code} {finding.message}\n"
        )


def _json_finding(path: Path, finding: Finding) -> dict[str, Any]:
    span = finding.span
    return {
        "path": str(path),
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


def _sarif(shown: list[tuple[Path, Finding]]) -> dict[str, Any]:
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
                        "artifactLocation": {"uri": path.as_posix()},
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


def _new(args: argparse.Namespace) -> int:
    path: Path = args.path
    workspace = _workspace(path.parent if path.parent.exists() else Path.cwd())
    name = args.template or workspace.settings.default_template
    template = workspace.templates.get(name)
    if template is None:
        _warn(f"no template named {name!r}; see 'interview-notes templates'")
        return EXIT_ERROR
    text = render_template(template, args.date)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8", newline="") as handle:
            handle.write(text if text.endswith("\n") else text + "\n")
    except FileExistsError:
        _warn(f"{path}: already exists; not overwritten")
        return EXIT_ERROR
    except OSError as error:
        _warn(f"{path}: cannot write: {error.strerror or error}")
        return EXIT_ERROR
    print(f"{path}: new note from the '{template.name}' template")
    return EXIT_CLEAN


def _template(args: argparse.Namespace) -> int:
    workspace = _workspace(Path.cwd())
    name = args.name or workspace.settings.default_template
    template = workspace.templates.get(name)
    if template is None:
        _warn(f"no template named {name!r}; see 'interview-notes templates'")
        return EXIT_ERROR
    sys.stdout.write(template.text if template.text.endswith("\n") else template.text + "\n")
    return EXIT_CLEAN


def _templates(args: argparse.Namespace) -> int:
    del args
    workspace = _workspace(Path.cwd())
    for template in workspace.templates.templates:
        where = template.path or "bundled"
        print(f"{template.name}\t{template.title}\t{len(template.sections)} sections\t{where}")
    return EXIT_CLEAN


def _snippets(args: argparse.Namespace) -> int:
    from .snippets import LinkedFileError, stale_files, write_snippets

    templates = [Workspace.load(Path.cwd()).templates.get("system-design")]
    chosen = [t for t in templates if t is not None]
    if args.check:
        stale = stale_files(args.output, chosen)
        for name in stale:
            _warn(f"{args.output / name} is stale: run 'interview-notes snippets'")
        return EXIT_FINDINGS if stale else EXIT_CLEAN
    try:
        written = write_snippets(args.output, chosen)
    except LinkedFileError as error:
        _warn(str(error))
        return EXIT_ERROR
    except OSError as error:
        _warn(f"{args.output}: cannot write: {error.strerror or error}")
        return EXIT_ERROR
    for path in written:
        print(path)
    return EXIT_CLEAN


def run() -> None:
    try:
        sys.exit(main())
    except TemplateError as error:
        _warn(str(error))
        sys.exit(EXIT_ERROR)
