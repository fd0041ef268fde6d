"""The layers hold: the core and the command line never import the language server.

The core (``interview_notes`` outside ``cli/`` and ``lsp/``) and the command line must not
import pygls or lsprotocol: ``interview-notes check`` in CI and pre-commit should start fast and
need nothing of the server. Two tests hold that: one imports the core and runs ``check`` and
``status`` in a fresh interpreter and looks at ``sys.modules``, naming the chain of modules that
pulled a forbidden one in; one reads the source, so that an import the first does not reach (in
a function not run here) is caught too.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import interview_notes
import pytest

PACKAGE = Path(interview_notes.__file__).resolve().parent
REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "url-shortener.md"
FORBIDDEN = ("pygls", "lsprotocol")

# Run in a fresh interpreter: argv[1] is a JSON list of steps, each ["import", MODULE] or
# ["cli", ARG...]. After each step it checks sys.modules; it prints a JSON list of what each
# forbidden module was first imported by (the chain of interview_notes files on the stack,
# outermost first) and which step did it.
HARNESS = r"""
import contextlib, importlib, io, json, sys, traceback

FORBIDDEN = {forbidden!r}
PACKAGE = {package!r}
first = {{}}


class Watch:
    # Notes the stack the first time a forbidden package is looked for; imports nothing.
    def find_spec(self, name, path=None, target=None):
        top = name.partition(".")[0]
        if top in FORBIDDEN and top not in first:
            first[top] = [
                f"{{frame.filename[len(PACKAGE) + 1:]}}:{{frame.lineno}}"
                for frame in traceback.extract_stack()
                if frame.filename.startswith(PACKAGE + "/")
            ]
        return None


sys.meta_path.insert(0, Watch())
found = []
for step in json.loads(sys.argv[1]):
    if step[0] == "import":
        importlib.import_module(step[1])
    else:
        from interview_notes.cli import main

        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            main(step[1:])
    for name in FORBIDDEN:
        if name in sys.modules and not any(item["module"] == name for item in found):
            found.append({{"module": name, "step": " ".join(step), "chain": first.get(name, [])}})
print(json.dumps(found))
"""


def core_and_cli_modules() -> list[str]:
    """Every module of the package outside ``lsp/``, by name (``__main__`` runs the CLI)."""
    names = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        if parts[0] == "lsp" or parts[-1] == "__main__":
            continue
        if parts[-1] == "__init__":
            parts = parts[:-1]
        names.append(".".join(("interview_notes", *parts)))
    return names


def forbidden_imports(steps: list[list[str]]) -> list[dict[str, object]]:
    """What the harness found after running ``steps`` in a fresh interpreter."""
    script = HARNESS.format(forbidden=FORBIDDEN, package=str(PACKAGE))
    done = subprocess.run(
        [sys.executable, "-c", script, json.dumps(steps)],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    found: list[dict[str, object]] = json.loads(done.stdout)
    return found


def explain(found: list[dict[str, object]]) -> str:
    lines = []
    for item in found:
        chain = item["chain"]
        assert isinstance(chain, list)
        via = " -> ".join(chain) if chain else "(no interview_notes module on the stack)"
        lines.append(f"{item['step']!r} imported {item['module']}, via {via}")
    return "\n".join(lines)


IMPORT_STEPS = [["import", "interview_notes"]] + [
    ["import", name]
    for name in (
        "interview_notes.analysis",
        "interview_notes.fixes",
        "interview_notes.workspace",
        "interview_notes.status",
        "interview_notes.cli",
        "interview_notes.cli.check",
    )
]
RUN_STEPS = [
    ["cli", "check", "--exit-zero", "--jobs", "1", str(EXAMPLE)],
    ["cli", "check", "--diff", "--jobs", "1", str(EXAMPLE)],
    ["cli", "check", "--format", "sarif", "--exit-zero", "--jobs", "1", str(EXAMPLE)],
    ["cli", "status", "--jobs", "1", str(EXAMPLE)],
]


def test_importing_the_core_and_the_cli_leaves_out_pygls_and_lsprotocol() -> None:
    everything = [["import", name] for name in core_and_cli_modules()]
    found = forbidden_imports([*IMPORT_STEPS, *everything])
    assert found == [], explain(found)


def test_running_check_and_status_leaves_out_pygls_and_lsprotocol() -> None:
    found = forbidden_imports([["import", "interview_notes.cli"], *RUN_STEPS])
    assert found == [], explain(found)


def test_the_harness_names_the_module_that_pulled_pygls_in() -> None:
    """A check that cannot fail tests nothing: the server's own modules do import pygls."""
    found = forbidden_imports([["import", "interview_notes.lsp.convert"]])
    assert "lsprotocol" in {item["module"] for item in found}
    first = found[0]
    assert first["step"] == "import interview_notes.lsp.convert"
    chain = first["chain"]
    assert isinstance(chain, list) and chain[-1].startswith("lsp/convert.py:"), chain


# the source ----------------------------------------------------------------------------
def absolute(package: str, node: ast.ImportFrom | ast.Import) -> list[str]:
    """The absolute names an import statement of a module of ``package`` imports:
    ``from ..lsp import main`` in ``interview_notes.cli`` is ``interview_notes.lsp``."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if node.level == 0:
        return [node.module or ""]
    names = package.split(".")
    base = names[: len(names) - node.level + 1]
    if node.module:
        return [".".join([*base, node.module])]
    return [".".join([*base, alias.name]) for alias in node.names]


def imports(path: Path) -> list[tuple[str, int, bool]]:
    """Each module ``path`` imports: its name, the line, and whether the import runs when the
    module is imported (rather than inside a function)."""
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    # A package's own name is the base of its relative imports, a module's is its package's.
    package = ".".join(("interview_notes", *parts[:-1]))
    found: list[tuple[str, int, bool]] = []

    def visit(node: ast.AST, top: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.Import | ast.ImportFrom):
                found.extend((name, child.lineno, top) for name in absolute(package, child))
            inner = top and not isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
            visit(child, inner)

    visit(ast.parse(path.read_text(encoding="utf-8"), str(path)), True)
    return found


def layer(path: Path) -> str:
    first = path.relative_to(PACKAGE).parts[0]
    return first if first in ("lsp", "cli") else "core"


SOURCES = sorted(path for path in PACKAGE.rglob("*.py") if layer(path) != "lsp")


def shown(path: Path, line: int) -> str:
    return f"{path.relative_to(PACKAGE)}:{line}"


@pytest.mark.parametrize("path", SOURCES, ids=[str(p.relative_to(PACKAGE)) for p in SOURCES])
def test_no_module_outside_lsp_imports_pygls_or_lsprotocol(path: Path) -> None:
    wrong = [
        f"{shown(path, line)} imports {name}"
        for name, line, _ in imports(path)
        if name.partition(".")[0] in FORBIDDEN
    ]
    assert wrong == []


@pytest.mark.parametrize("path", SOURCES, ids=[str(p.relative_to(PACKAGE)) for p in SOURCES])
def test_the_core_imports_neither_the_cli_nor_the_server(path: Path) -> None:
    """The core imports no layer above it; the command line imports the server only inside
    a function, for ``interview-notes lsp``; ``__main__`` runs the command line."""
    if path.name == "__main__.py" and path.parent == PACKAGE:
        return
    above = ["interview_notes.lsp"]
    if layer(path) == "core":
        above.append("interview_notes.cli")
    wrong = [
        f"{shown(path, line)} imports {name}"
        for name, line, top in imports(path)
        if any(name == part or name.startswith(part + ".") for part in above)
        and (top or layer(path) == "core")
    ]
    assert wrong == []


def test_the_source_scan_sees_relative_imports() -> None:
    """``from ..lsp import main`` in the command line is read as the server's package."""
    found = imports(PACKAGE / "cli" / "__init__.py")
    assert any(name == "interview_notes.lsp" and not top for name, _, top in found)
    assert ("interview_notes.workspace", True) in {(name, top) for name, _, top in found}
