"""Benchmark of interview-notes-lsp against the floors of a Python language server and its peers.

Usage: python benchmarks/run.py [--quick] [--guard] [--out DIR] [--install-peers]
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

import import_cost
from cli_bench import CliRun, Tool, ToolError, markdown_files, run_tool, ten_copies, verify_tool
from documents import (
    REPO,
    Document,
    generate_notes,
    load_template,
    long_note,
    many_interviews,
)
from import_cost import ImportCost
from lsp_bench import (
    INCREMENTAL_SYNC,
    TYPING_MODELS,
    ServerSpec,
    Session,
    Workload,
    executable,
    run_session,
)
from lsp_client import ServerError
from report import (
    EMPTY_FLOOR,
    MARKDOWNLINT,
    PAYLOAD_FLOOR,
    RATIOS,
    RUMDL_CLI,
    RUMDL_SERVER,
    THIS_CLI,
    THIS_SERVER,
    THIS_STATUS,
    LspTable,
    Table,
    Target,
    cli_table,
    cli_targets,
    figure,
    lsp_table,
    lsp_targets,
    markdown_table,
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
IMPORT_LIMIT_MS = 40.0
SPAWN_TARGET_DOCUMENTS = 2  # the template and the long note

Sessions = dict[tuple[str, str], dict[str, list[Session]]]


@dataclass(frozen=True)
class Plan:
    mode: str
    workload: Workload
    repeats: int
    cli_repeats: int
    long_note: bool
    many_interviews: bool
    ten_copies: bool
    generated_notes: int
    import_runs: int
    typing: tuple[str, ...] = TYPING_MODELS


FULL = Plan(
    "full",
    Workload(edits=200, bursts=10, burst_size=10),
    repeats=3,
    cli_repeats=5,
    long_note=True,
    many_interviews=True,
    ten_copies=True,
    generated_notes=1000,
    import_runs=5,
)
QUICK = Plan(
    "quick",
    Workload(edits=30, bursts=3, burst_size=10),
    repeats=3,
    cli_repeats=3,
    long_note=False,
    many_interviews=False,
    ten_copies=False,
    generated_notes=100,
    import_runs=5,
)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="template only, few edits")
    parser.add_argument(
        "--guard",
        action="store_true",
        help=f"floors and this server only; exit 1 beyond {GUARD_LIMIT:g}x the floor",
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


def floor_spec(findings: int | None = None, lines: int = 0) -> ServerSpec:
    """The empty floor, or (given the number of findings) the payload floor."""
    argv = [sys.executable, str(HERE / "floor_server.py")]
    if findings is None:
        return ServerSpec(EMPTY_FLOOR, argv)
    return ServerSpec(PAYLOAD_FLOOR, [*argv, "--diagnostics", str(findings), "--lines", str(lines)])


def language_servers(guard: bool, versions: dict[str, str]) -> list[ServerSpec]:
    """The servers every document gets, in the order they run (the payload floor comes apart)."""
    servers = [floor_spec()]
    versions[EMPTY_FLOOR] = versions[PAYLOAD_FLOOR] = f"pygls {metadata.version('pygls')}"
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


def servers_by_document(
    servers: list[ServerSpec], documents: list[Document], failures: list[str]
) -> tuple[dict[str, list[ServerSpec]], dict[str, int]]:
    """Each document's servers: the payload floor publishes as many diagnostics as this server.

    This server opens each document once, unmeasured, to count them; without it (not installed
    or failing) there is no payload floor for that document.
    """
    ours = next((server for server in servers if server.name == THIS_SERVER), None)
    by_document: dict[str, list[ServerSpec]] = {}
    findings: dict[str, int] = {}
    for document in documents:
        by_document[document.name] = list(servers)
        if ours is None:
            continue
        try:
            probe = run_session(ours, document, Workload(edits=0, bursts=0, burst_size=1), seed=0)
        except ServerError as error:
            print(f"failed to count the findings: {error}")
            failures.append(str(error))
            continue
        findings[document.name] = probe.findings_on_open
        print(f"{THIS_SERVER} publishes {probe.findings_on_open} findings on the {document.name}")
        by_document[document.name].insert(
            1, floor_spec(probe.findings_on_open, document.line_count)
        )
    return by_document, findings


def command_line_tools(versions: dict[str, str]) -> tuple[list[Tool], list[Tool]]:
    """The tools run on the corpus, and those run on the generated notes."""
    corpus: list[Tool] = []
    generated: list[Tool] = []
    ours = executable("interview-notes")
    if ours:
        corpus.append(Tool(THIS_CLI, [ours, "check"]))
        generated += [Tool(THIS_STATUS, [ours, "status"]), Tool(THIS_CLI, [ours, "check"])]
    else:
        print("skipped interview-notes check: no interview-notes (pip install -e .)")
    local = TOOLS / "node_modules" / ".bin" / "markdownlint-cli2"
    markdownlint = str(local) if local.is_file() else shutil.which("markdownlint-cli2")
    if markdownlint and shutil.which("node"):
        corpus.append(Tool(MARKDOWNLINT, [markdownlint]))
        versions[MARKDOWNLINT] = version_of([markdownlint, "--help"])
    else:
        print(f"skipped {MARKDOWNLINT}: not installed (run.py --install-peers)")
    rumdl = executable("rumdl")
    if rumdl:
        rumdl_check = Tool(RUMDL_CLI, [rumdl, "check", "--no-cache", "--color", "never"])
        corpus.append(rumdl_check)
        generated.append(rumdl_check)
    else:
        print("skipped rumdl check: rumdl not installed (pip install rumdl)")
    return corpus, generated


def bench_servers(
    servers: dict[str, list[ServerSpec]], documents: list[Document], plan: Plan
) -> tuple[Sessions, list[str]]:
    """Every server on every document with every typing model, interleaved so that noise falls
    on all of them alike; the seed depends on the run and the document, not on the server."""
    sessions: Sessions = {(d.name, t): {} for d in documents for t in plan.typing}
    failures: list[str] = []
    failed: set[tuple[str, str, str]] = set()
    for repeat in range(plan.repeats):
        for index, document in enumerate(documents):
            for typing in plan.typing:
                for server in servers[document.name]:
                    if (server.name, document.name, typing) in failed:
                        continue
                    print(
                        f"run {repeat + 1}/{plan.repeats}: {server.name} on the {document.name},"
                        f" typing {typing}"
                    )
                    try:
                        session = run_session(
                            server, document, plan.workload, repeat * 10 + index, typing=typing
                        )
                    except ServerError as error:
                        print(f"failed: {error}")
                        failures.append(str(error))
                        failed.add((server.name, document.name, typing))
                        continue
                    sessions[document.name, typing].setdefault(server.name, []).append(session)
    return sessions, failures


@dataclass
class CorpusRuns:
    files: int
    runs: dict[str, list[CliRun]]


def bench_cli(
    corpus_tools: list[Tool], generated_tools: list[Tool], plan: Plan, template: Document
) -> dict[str, CorpusRuns]:
    results: dict[str, CorpusRuns] = {}
    with tempfile.TemporaryDirectory(prefix="bench-corpus-") as scratch:
        sets: dict[str, tuple[Path, list[Tool]]] = {}
        if corpus_tools and CORPUS.is_dir():
            sets["corpus"] = (CORPUS, corpus_tools)
            if plan.ten_copies:
                copies = ten_copies(CORPUS, Path(scratch) / "copies")
                sets["ten copies of the corpus"] = (copies, corpus_tools)
        elif corpus_tools:
            print(f"skipped the command-line comparison on the corpus: no corpus at {CORPUS}")
        if generated_tools and plan.generated_notes:
            notes = generate_notes(template, Path(scratch) / "notes", plan.generated_notes)
            sets[f"{plan.generated_notes:,} generated notes"] = (notes, generated_tools)
        for name, (root, tools) in sets.items():
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


def bench_imports(plan: Plan, failures: list[str]) -> ImportCost | None:
    ours = executable("interview-notes")
    if ours is None:
        return None
    print(f"import cost: -X importtime of `interview-notes check`, {plan.import_runs} runs")
    try:
        return import_cost.measure(ours, plan.import_runs)
    except (RuntimeError, OSError, subprocess.SubprocessError) as error:
        failures.append(f"import cost: {error}")
        return None


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


def guard(lsp: LspTable, template: str, typing: tuple[str, ...]) -> tuple[int, str]:
    """This server against the payload floor (the empty floor when there is none) on the
    template, with each typing model."""
    lines, code = [], 0
    for model in typing:
        servers = lsp.get((template, model), {})
        floor = PAYLOAD_FLOOR if PAYLOAD_FLOOR in servers else EMPTY_FLOOR
        if floor not in servers or THIS_SERVER not in servers:
            return EXIT_UNMEASURED, "guard: the floor and this server were not both measured"
        for key in GUARD_FIGURES:
            times = ratio(servers[THIS_SERVER][key], servers[floor][key])
            gross = not times <= GUARD_LIMIT  # NaN (nothing measured) counts as gross
            code = EXIT_REGRESSION if gross else code
            verdict = "REGRESSION" if gross else "ok"
            lines.append(
                f"guard: typing {model}: {key} is {times:.2f}x the {floor}"
                f" (limit {GUARD_LIMIT:g}x): {verdict}"
            )
    return code, "\n".join(lines)


def spawn_medians(sessions: Sessions) -> dict[str, dict[str, float]]:
    """Per document and server: median spawn to first diagnostics over both typing models."""
    pooled: dict[str, dict[str, list[float]]] = {}
    for (document, _), by_server in sessions.items():
        for name, runs in by_server.items():
            samples = pooled.setdefault(document, {}).setdefault(name, [])
            samples += [s.spawn_to_first_diagnostics_ms for s in runs]
    return {
        document: {name: statistics.median(samples) for name, samples in by_server.items()}
        for document, by_server in pooled.items()
    }


def import_table(cost: ImportCost) -> str:
    rows = [
        [
            "`interview-notes check empty.md`",
            figure(cost.check_ms),
            " ".join(figure(run) for run in cost.check_runs),
            str(cost.modules),
        ],
        [
            "`-c pass` (the interpreter alone)",
            figure(cost.bare_ms),
            " ".join(figure(run) for run in cost.bare_runs),
            "",
        ],
    ]
    header = ["command (`python -X importtime`)", "sum of self times ms", "runs", "modules"]
    return markdown_table(header, rows)


def render(
    plan: Plan,
    meta: dict[str, Any],
    lsp: LspTable,
    notes: dict[tuple[str, str], dict[str, str]],
    cli: Table,
    imports: ImportCost | None,
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
        f"ratios in parentheses {RATIOS} are to the empty floor and to the payload floor",
        "(the same number of diagnostics as interview-notes publishes on opening the document).",
        f"Versions: {versions}.",
    ]
    for (document, typing), by_server in lsp.items():
        lines = meta["documents"][document]
        findings = meta["findings"].get(document)
        counted = f", {findings} diagnostics from {THIS_SERVER}" if findings is not None else ""
        parts += [
            "",
            f"## {document} ({lines} lines{counted}), typing {typing}",
            "",
            lsp_table(by_server, notes[document, typing]),
        ]
    for corpus, by_tool in cli.items():
        parts += [
            "",
            f"## Command line: {corpus} ({meta['cli_files'][corpus]} files)",
            "",
            f"Medians of {plan.cli_repeats} runs; ratios in parentheses are to the best tool.",
            "",
            cli_table(by_tool),
        ]
    if imports is not None:
        parts += [
            "",
            "## Import cost of the check command",
            "",
            f"Sum of the self times `python -X importtime` prints, median of {plan.import_runs}"
            " runs.",
            "",
            import_table(imports),
        ]
    if targets:
        parts += ["", "## Targets of issue 16", "", targets_table(targets)]
    if failures:
        parts += ["", "## Failures", "", *(f"- {failure.splitlines()[0]}" for failure in failures)]
    return "\n".join(parts) + "\n"


def server_medians(sessions: Sessions) -> LspTable:
    return {
        cell: {name: medians(s.summary() for s in runs) for name, runs in by_server.items()}
        for cell, by_server in sessions.items()
    }


def tool_medians(corpora: dict[str, CorpusRuns]) -> Table:
    return {
        corpus: {name: medians(asdict(run) for run in runs) for name, runs in result.runs.items()}
        for corpus, result in corpora.items()
    }


def raw_figures(
    meta: dict[str, Any],
    sessions: Sessions,
    corpora: dict[str, CorpusRuns],
    imports: ImportCost | None,
    targets: list[Target],
    failures: list[str],
) -> dict[str, Any]:
    return {
        "meta": meta,
        "lsp": {
            f"{document}, typing {typing}": {
                name: [s.to_json() for s in runs] for name, runs in by_server.items()
            }
            for (document, typing), by_server in sessions.items()
        },
        "cli": {
            corpus: {name: [asdict(run) for run in runs] for name, runs in result.runs.items()}
            for corpus, result in corpora.items()
        },
        "imports": asdict(imports) if imports else None,
        "targets": [asdict(t) | {"met": t.met} for t in targets],
        "failures": failures,
    }


def run_meta(
    plan: Plan,
    versions: dict[str, str],
    documents: list[Document],
    findings: dict[str, int],
    corpora: dict[str, CorpusRuns],
) -> dict[str, Any]:
    return {
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "machine": machine(),
        "python": platform.python_version(),
        "versions": versions,
        "plan": asdict(plan),
        "documents": {d.name: d.line_count for d in documents},
        "findings": findings,
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
    # Every process started here finds (or writes) its bytecode, as it does for users.
    if os.environ.pop("PYTHONDONTWRITEBYTECODE", None) is not None:
        print("unset PYTHONDONTWRITEBYTECODE for the processes measured")
    if args.install_peers:
        install_peers()
    template = load_template()
    documents = [template]
    if plan.long_note:
        documents.append(long_note(template))
    if plan.many_interviews:
        documents.append(many_interviews(template))
    versions: dict[str, str] = {}
    failures: list[str] = []
    servers, findings = servers_by_document(
        language_servers(args.guard, versions), documents, failures
    )
    corpus_tools, generated_tools = ([], []) if args.guard else command_line_tools(versions)
    sessions, session_failures = bench_servers(servers, documents, plan)
    failures += session_failures
    corpora = bench_cli(corpus_tools, generated_tools, plan, template)
    imports = None if args.guard else bench_imports(plan, failures)

    lsp, cli = server_medians(sessions), tool_medians(corpora)
    notes = {
        cell: {name: session_notes(runs, plan.repeats) for name, runs in by_server.items()}
        for cell, by_server in sessions.items()
    }
    spawn_documents = [d.name for d in documents[:SPAWN_TARGET_DOCUMENTS]]
    targets = lsp_targets(lsp, spawn_medians(sessions), spawn_documents) + cli_targets(cli)
    if imports is not None:
        targets.append(
            Target(
                "import cost of `interview-notes check` (sum of -X importtime self times)",
                imports.check_ms,
                IMPORT_LIMIT_MS,
                " ms",
            )
        )
    meta = run_meta(plan, versions, documents, findings, corpora)
    text = render(plan, meta, lsp, notes, cli, imports, targets, failures)
    print(text)
    write(
        args.out, plan.mode, text, raw_figures(meta, sessions, corpora, imports, targets, failures)
    )
    if not args.guard:
        return 0
    code, verdict = guard(lsp, template.name, plan.typing)
    print(verdict)
    return EXIT_UNMEASURED if failures else code


if __name__ == "__main__":
    sys.exit(main())
