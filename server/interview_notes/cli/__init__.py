"""The ``interview-notes`` command line: check notes, create them, print templates."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from .. import __version__
from ..template import TemplateError
from ..workspace import (
    Workspace,
    Workspaces,
    is_markdown,
    new_note_text,
    note_file_name,
    write_new_note,
)
from . import check, status
from .common import EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, warn, workspace_messages

STDOUT = "-"


def _iso_date(value: str) -> date:
    """A date argument; the error names the format rather than Python's parser."""
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected YYYY-MM-DD, got {value!r}") from None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="interview-notes",
        description="Find what is still empty in system-design interview notes.",
    )
    parser.add_argument("--version", action="version", version=f"interview-notes {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    check.register(commands)
    status.register(commands)

    new = commands.add_parser("new", help="write a new note from a template")
    new.add_argument(
        "path", metavar="PATH", help="the new file, a folder to create it in, or - for stdout"
    )
    new.add_argument("--template", help="template name (default: the default template)")
    new.add_argument("--date", type=_iso_date, help="interview date, YYYY-MM-DD")
    new.add_argument(
        "--set",
        dest="assignments",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="fill a template variable (repeatable), e.g. --set company=Acme",
    )
    new.set_defaults(handler=_new)

    template = commands.add_parser("template", help="print a template")
    template.add_argument("name", nargs="?")
    template.set_defaults(handler=_template)
    templates = commands.add_parser("templates", help="list the installed templates")
    templates.set_defaults(handler=_templates)

    snippets = commands.add_parser("snippets", help="generate the editor snippets")
    snippets.add_argument("--output", type=Path, default=Path("snippets"))
    snippets.add_argument("--check", action="store_true", help="fail when the files are stale")
    snippets.set_defaults(handler=_snippets)

    commands.add_parser(
        "lsp", help="run the language server (see interview-notes-lsp --help)", add_help=False
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    args_list = sys.argv[1:] if argv is None else argv
    if args_list[:1] == ["lsp"]:
        from ..lsp import main as lsp_main

        return lsp_main(args_list[1:])
    parser = _parser()
    args = parser.parse_args(args_list)
    if args.command is None:
        parser.print_help()
        return EXIT_ERROR
    try:
        return int(args.handler(args))
    except TemplateError as error:
        warn(str(error))
        return EXIT_ERROR
    except BrokenPipeError:
        return EXIT_CLEAN
    except KeyboardInterrupt:
        return 130


def _workspace(start: Path) -> Workspace:
    """The workspace of ``start``, its problems printed."""
    loaded = Workspaces()
    workspace = loaded.of(start)
    for message in workspace_messages(loaded):
        warn(message)
    return workspace


def _new(args: argparse.Namespace) -> int:
    to_stdout = args.path == STDOUT
    path = Path.cwd() if to_stdout else Path(args.path)
    workspace = _workspace(path if path.is_dir() else path.parent)
    template = workspace.template(args.template)
    if template is None:
        warn(f"no template named {args.template!r}; see 'interview-notes templates'")
        return EXIT_ERROR
    from ..variables import (
        AssignmentError,
        parse_assignments,
        template_variables,
        unknown_names,
        with_defaults,
    )

    try:
        given = parse_assignments(args.assignments)
    except AssignmentError as error:
        warn(str(error))
        return EXIT_ERROR
    variables = template_variables(template)
    unknown = unknown_names(variables, given)
    if unknown:
        known = ", ".join(variable.name for variable in variables) or "none"
        warn(f"--set {unknown[0]}: no such variable in '{template.name}'; known: {known}")
        return EXIT_ERROR
    # Nobody is asked: variables not set take their defaults; none at all leaves the note bare.
    text = new_note_text(template, args.date, with_defaults(variables, given) or None)
    if to_stdout:
        sys.stdout.write(text)
        return EXIT_CLEAN
    if path.is_dir():
        path = path / note_file_name(None, args.date)
    elif not is_markdown(path):
        path = path.with_name(note_file_name(path.name))
    try:
        write_new_note(path, text)
    except FileExistsError:
        warn(f"{path}: already exists; not overwritten")
        return EXIT_ERROR
    except OSError as error:
        warn(f"{path}: cannot write: {error.strerror or error}")
        return EXIT_ERROR
    print(f"{path}: new note from the '{template.name}' template")
    return EXIT_CLEAN


def _template(args: argparse.Namespace) -> int:
    workspace = _workspace(Path.cwd())
    template = workspace.template(args.name)
    if template is None:
        warn(f"no template named {args.name!r}; see 'interview-notes templates'")
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
    from ..snippets import LinkedFileError, stale_files, write_snippets

    templates = [Workspace.load(Path.cwd()).templates.get("system-design")]
    chosen = [t for t in templates if t is not None]
    if args.check:
        stale = stale_files(args.output, chosen)
        for name in stale:
            warn(f"{args.output / name} is stale: run 'interview-notes snippets'")
        return EXIT_FINDINGS if stale else EXIT_CLEAN
    try:
        written = write_snippets(args.output, chosen)
    except LinkedFileError as error:
        warn(str(error))
        return EXIT_ERROR
    except OSError as error:
        warn(f"{args.output}: cannot write: {error.strerror or error}")
        return EXIT_ERROR
    for path in written:
        print(path)
    return EXIT_CLEAN
