"""Benchmark of interview-notes-lsp against the floor of a Python language server and its peers.

Usage: python benchmarks/run.py [--quick] [--guard] [--out DIR] [--install-peers]
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from cli_bench import CliRun, Tool, ToolError, markdown_files, run_tool, ten_copies, verify_tool
from documents import REPO, Document, load_template, long_note
from lsp_bench import INCREMENTAL_SYNC, ServerSpec, Session, Workload, executable, run_session
from lsp_client import ServerError
from report import (
    FLOOR,
    MARKDOWNLINT,
    RUMDL_SERVER,
    THIS_CLI,
    THIS_SERVER,
    Table,
    Target,
    cli_table,
    cli_targets,
    lsp_table,
    lsp_targets,
    medians,
    ratio,
    targets_table,
)

HERE = Path(__file__).resolve().parent
TOOLS = HERE / ".tools"
CORPUS = REPO.parent / "shared" / "corpus"
MARKDOWNLINT_PACKAGE = "markdownlint-cli2@0.22"
GUARD_LIMIT = 5.0
GUARD_FIGURES = ("keystroke_p50_ms", "spawn_to_first_diagnostics_ms")
EXIT_REGRESSION = 1
EXIT_UNMEASURED = 2


@dataclass(frozen=True)
class Plan:
    mode: str
    workload: Workload
    repeats: int
    cli_repeats: int
    long_note: bool
    ten_copies: bool


FULL = Plan(
    "full",
    Workload(edits=200, bursts=10, burst_size=10),
    repeats=3,
    cli_repeats=5,
    long_note=True,
    ten_copies=True,
)
QUICK = Plan(
    "quick",
    Workload(edits=30, bursts=3, burst_size=10),
    repeats=3,
    cli_repeats=3,
    long_note=False,
    ten_copies=False,
)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="template only, few edits")
    parser.add_argument(
        "--guard",
        action="store_true",
        help=f"floor and this server only; exit 1 beyond {GUARD_LIMIT:g}x the floor",
    )
    parser.add_argument("--out", type=Path, default=HERE / "results", help="where results go")
    parser.add_argument(
        "--install-peers", action="store_true", help="install rumdl and markdownlint-cli2 first"
    )
    return parser.parse_args(argv)


def version_of(argv: list[str]) -> str:
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=60, check=False)
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    lines = done.stdout.strip().splitlines()
    return lines[0] if lines else "unknown"


def install_peers() -> None:
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "rumdl"], check=True)
    npm = shutil.which("npm")
    if npm is None:
        print("npm not found: markdownlint-cli2 not installed")
        return
    TOOLS.mkdir(exist_ok=True)
    options = ["--prefix", str(TOOLS), "--no-save", "--no-package-lock", "--silent"]
    subprocess.run([npm, "install", *options, MARKDOWNLINT_PACKAGE], check=True)


def language_servers(guard: bool, versions: dict[str, str]) -> list[ServerSpec]:
    servers = [ServerSpec(FLOOR, [sys.executable, str(HERE / "floor_server.py")])]
    versions[FLOOR] = f"pygls {metadata.version('pygls')}"
    ours = executable("interview-notes-lsp")
    if ours:
        servers.append(ServerSpec(THIS_SERVER, [ours]))
        versions[THIS_SERVER] = version_of([ours, "--version"])
    else:
        print("skipped interview-notes: no interview-notes-lsp (pip install -e .)")
    if guard:
        return servers
    rumdl = executable("rumdl")
    if rumdl:
        servers.append(ServerSpec(RUMDL_SERVER, [rumdl, "server"]))
        versions[RUMDL_SERVER] = version_of([rumdl, "--version"])
    else:
        print("skipped rumdl server: rumdl not installed (pip install rumdl)")
    return servers


def command_line_tools(versions: dict[str, str]) -> list[Tool]:
    tools: list[Tool] = []
    ours = executable("interview-notes")
    if ours:
        tools.append(Tool(THIS_CLI, [ours, "check"]))
    else:
        print("skipped interview-notes check: no interview-notes (pip install -e .)")
    local = TOOLS / "node_modules" / ".bin" / "markdownlint-cli2"
    markdownlint = str(local) if local.is_file() else shutil.which("markdownlint-cli2")
    if markdownlint and shutil.which("node"):
        tools.append(Tool(MARKDOWNLINT, [markdownlint]))
        versions[MARKDOWNLINT] = version_of([markdownlint, "--help"])
    else:
        print(f"skipped {MARKDOWNLINT}: not installed (run.py --install-peers)")
    rumdl = executable("rumdl")
    if rumdl:
        tools.append(Tool("rumdl check", [rumdl, "check", "--no-cache", "--color", "never"]))
    else:
        print("skipped rumdl check: rumdl not installed (pip install rumdl)")
    return tools


def bench_servers(
    servers: list[ServerSpec], documents: list[Document], plan: Plan
) -> tuple[dict[str, dict[str, list[Session]]], list[str]]:
    """Every server on every document, interleaved so that noise falls on all of them alike."""
    sessions: dict[str, dict[str, list[Session]]] = {d.name: {} for d in documents}
    failures: list[str] = []
    failed: set[tuple[str, str]] = set()
    for repeat in range(plan.repeats):
        for index, document in enumerate(documents):
            for server in servers:
                if (server.name, document.name) in failed:
                    continue
                print(f"run {repeat + 1}/{plan.repeats}: {server.name} on the {document.name}")
                try:
                    session = run_session(server, document, plan.workload, seed=repeat * 10 + index)
                except ServerError as error:
                    print(f"failed: {error}")
                    failures.append(str(error))
                    failed.add((server.name, document.name))
                    continue
                sessions[document.name].setdefault(server.name, []).append(session)
    return sessions, failures


@dataclass
class CorpusRuns:
    files: int
    runs: dict[str, list[CliRun]]


def bench_cli(tools: list[Tool], plan: Plan) -> dict[str, CorpusRuns]:
    if not tools:
        return {}
    if not CORPUS.is_dir():
        print(f"skipped the command-line comparison: no corpus at {CORPUS}")
        return {}
    results: dict[str, CorpusRuns] = {}
    with tempfile.TemporaryDirectory(prefix="bench-corpus-") as scratch:
        sets = {"corpus": CORPUS}
        if plan.ten_copies:
            sets["ten copies of the corpus"] = ten_copies(CORPUS, Path(scratch))
        for name, root in sets.items():
            results[name] = bench_tools_on(tools, root, plan.cli_repeats)
    return results


def bench_tools_on(tools: list[Tool], root: Path, repeats: int) -> CorpusRuns:
    """A checked warm-up run per tool, then `repeats` interleaved measured runs."""
    files = markdown_files(root)
    print(f"command line: {len(files)} files under {root}")
    working: list[Tool] = []
    for tool in tools:
        try:
            verify_tool(tool, root, files)
            working.append(tool)
        except ToolError as error:
            print(f"skipped {tool.name}: {error}")
    runs: dict[str, list[CliRun]] = {tool.name: [] for tool in working}
    for _ in range(repeats):
        for tool in working:
            runs[tool.name].append(run_tool(tool, root, files))
    return CorpusRuns(len(files), runs)


def session_notes(sessions: list[Session], planned: int) -> str:
    first = sessions[0]
    sync = "incremental sync" if first.sync_kind == INCREMENTAL_SYNC else "full sync"
    versions = "" if first.echoes_version else ", no versions"
    missing = f", only {len(sessions)} of {planned} sessions" if len(sessions) < planned else ""
    return f"{sync}{versions}, {first.findings_on_open} findings{missing}"


def machine() -> str:
    model = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        model = next(
            (
                line.split(":", 1)[1].strip()
                for line in cpuinfo.read_text().splitlines()
                if line.startswith("model name")
            ),
            model,
        )
    return f"{model}, {os.cpu_count()} cores, {platform.system()} {platform.release()}"


def guard(lsp: Table, template: str) -> tuple[int, str]:
    servers = lsp.get(template, {})
    if FLOOR not in servers or THIS_SERVER not in servers:
        return EXIT_UNMEASURED, "guard: the floor and this server were not both measured"
    lines, code = [], 0
    for key in GUARD_FIGURES:
        times = ratio(servers[THIS_SERVER][key], servers[FLOOR][key])
        gross = times > GUARD_LIMIT
        code = EXIT_REGRESSION if gross else code
        verdict = "REGRESSION" if gross else "ok"
        lines.append(f"guard: {key} is {times:.2f}x the floor (limit {GUARD_LIMIT:g}x): {verdict}")
    return code, "\n".join(lines)


def render(
    plan: Plan,
    meta: dict[str, Any],
    lsp: Table,
    notes: dict[str, dict[str, str]],
    cli: Table,
    targets: list[Target],
    failures: list[str],
) -> str:
    versions = ", ".join(f"{k}: {v}" for k, v in meta["versions"].items()) or "n/a"
    parts = [
        f"# Benchmark of interview-notes-lsp ({plan.mode} run)",
        "",
        f"{meta['date']}; {meta['machine']}; Python {meta['python']}.",
        f"{plan.workload.edits} keystrokes and {plan.workload.bursts} bursts of"
        f" {plan.workload.burst_size} per session, medians of {plan.repeats} sessions per cell;",
        "ratios in parentheses are to the floor.",
        f"Versions: {versions}.",
    ]
    for document, by_server in lsp.items():
        lines = meta["documents"][document]
        parts += ["", f"## {document} ({lines} lines)", "", lsp_table(by_server, notes[document])]
    for corpus, by_tool in cli.items():
        parts += [
            "",
            f"## Command line: {corpus} ({meta['cli_files'][corpus]} files)",
            "",
            f"Medians of {plan.cli_repeats} runs; ratios in parentheses are to the best tool.",
            "",
            cli_table(by_tool),
        ]
    if targets:
        parts += ["", "## Targets of issue 7", "", targets_table(targets)]
    if failures:
        parts += ["", "## Failures", "", *(f"- {failure.splitlines()[0]}" for failure in failures)]
    return "\n".join(parts) + "\n"


def server_medians(sessions: dict[str, dict[str, list[Session]]]) -> Table:
    return {
        document: {name: medians(s.summary() for s in runs) for name, runs in by_server.items()}
        for document, by_server in sessions.items()
    }


def tool_medians(corpora: dict[str, CorpusRuns]) -> Table:
    return {
        corpus: {name: medians(asdict(run) for run in runs) for name, runs in result.runs.items()}
        for corpus, result in corpora.items()
    }


def raw_figures(
    meta: dict[str, Any],
    sessions: dict[str, dict[str, list[Session]]],
    corpora: dict[str, CorpusRuns],
    targets: list[Target],
    failures: list[str],
) -> dict[str, Any]:
    return {
        "meta": meta,
        "lsp": {
            document: {name: [s.to_json() for s in runs] for name, runs in by_server.items()}
            for document, by_server in sessions.items()
        },
        "cli": {
            corpus: {name: [asdict(run) for run in runs] for name, runs in result.runs.items()}
            for corpus, result in corpora.items()
        },
        "targets": [asdict(t) | {"met": t.met} for t in targets],
        "failures": failures,
    }


def run_meta(
    plan: Plan, versions: dict[str, str], documents: list[Document], corpora: dict[str, CorpusRuns]
) -> dict[str, Any]:
    return {
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "machine": machine(),
        "python": platform.python_version(),
        "versions": versions,
        "plan": asdict(plan),
        "documents": {d.name: d.line_count for d in documents},
        "cli_files": {corpus: result.files for corpus, result in corpora.items()},
    }


def write(out: Path, mode: str, text: str, raw: dict[str, Any]) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / f"{mode}.md").write_text(text)
    (out / f"{mode}.json").write_text(json.dumps(raw, indent=2) + "\n")
    print(f"wrote {out / mode}.md and .json")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    plan = QUICK if args.quick else FULL
    if args.install_peers:
        install_peers()
    template = load_template()
    long = long_note(template) if plan.long_note else None
    documents = [template, long] if long else [template]
    versions: dict[str, str] = {}
    servers = language_servers(args.guard, versions)
    tools = [] if args.guard else command_line_tools(versions)
    sessions, failures = bench_servers(servers, documents, plan)
    corpora = bench_cli(tools, plan)

    lsp, cli = server_medians(sessions), tool_medians(corpora)
    notes = {
        document: {name: session_notes(runs, plan.repeats) for name, runs in by_server.items()}
        for document, by_server in sessions.items()
    }
    targets = lsp_targets(lsp, template.name, long.name if long else None) + cli_targets(cli)
    meta = run_meta(plan, versions, documents, corpora)
    text = render(plan, meta, lsp, notes, cli, targets, failures)
    print(text)
    write(args.out, plan.mode, text, raw_figures(meta, sessions, corpora, targets, failures))
    if not args.guard:
        return 0
    code, verdict = guard(lsp, template.name)
    print(verdict)
    return EXIT_UNMEASURED if failures else code


if __name__ == "__main__":
    sys.exit(main())
