"""Medians, ratios, the issue's targets, and the Markdown tables that show them."""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

EMPTY_FLOOR = "empty floor"
PAYLOAD_FLOOR = "payload floor"
THIS_SERVER = "interview-notes"
RUMDL_SERVER = "rumdl server"
MARKDOWNLINT = "markdownlint-cli2"
THIS_CLI = "interview-notes check"
THIS_STATUS = "interview-notes status"
RUMDL_CLI = "rumdl check"
RATIOS = "(x empty, x payload)"

LSP_COLUMNS = (
    ("cold_start_ms", "cold start ms"),
    ("first_diagnostics_ms", "didOpen to diagnostics ms"),
    ("spawn_to_first_diagnostics_ms", "spawn to first diagnostics ms"),
    ("keystroke_p50_ms", "keystroke p50 ms"),
    ("keystroke_p90_ms", "p90 ms"),
    ("keystroke_p99_ms", "p99 ms"),
    ("cpu_ms_per_edit", "CPU ms/edit"),
    ("burst_p50_ms", "burst ms"),
    ("publishes_per_burst", "publishes/burst"),
    ("peak_rss_mib", "peak RSS MiB"),
)
CLI_COLUMNS = (("wall_s", "wall s"), ("cpu_s", "CPU s"), ("peak_rss_mib", "peak RSS MiB"))

Summary = dict[str, float]
Table = dict[str, dict[str, Summary]]
# (document, typing model) -> server -> medians
LspTable = dict[tuple[str, str], dict[str, Summary]]


@dataclass(frozen=True)
class Target:
    description: str
    measured: float
    limit: float
    unit: str = "x"

    @property
    def met(self) -> bool:
        return self.measured <= self.limit


def medians(summaries: Iterable[Mapping[str, float]]) -> Summary:
    """The median of every figure over repeated runs."""
    rows = list(summaries)
    return {key: statistics.median(row[key] for row in rows) for key in rows[0]} if rows else {}


def ratio(value: float, base: float) -> float:
    return value / base if base > 0 else math.nan


def figure(value: float) -> str:
    if math.isnan(value):
        return "n/a"
    if value >= 100:
        return f"{value:.0f}"
    return f"{value:.2f}" if value < 10 else f"{value:.1f}"


def cell(value: float, *bases: float | None) -> str:
    """The value, then its ratio to each base in parentheses ("n/a" for a base not measured)."""
    if not bases:
        return figure(value)
    ratios = ", ".join(
        "n/a" if base is None else f"{figure(ratio(value, base))}x" for base in bases
    )
    return f"{figure(value)} ({ratios})"


def markdown_table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def lsp_table(by_server: Mapping[str, Summary], notes: Mapping[str, str]) -> str:
    """One row per server; each figure also as ratios to the empty floor's and the payload's."""
    empty, payload = by_server.get(EMPTY_FLOOR), by_server.get(PAYLOAD_FLOOR)
    header = ["server", *(f"{title} {RATIOS}" for _, title in LSP_COLUMNS), "notes"]
    rows = [
        [
            name,
            *(
                cell(
                    summary[key],
                    empty[key] if empty else None,
                    payload[key] if payload else None,
                )
                for key, _ in LSP_COLUMNS
            ),
            notes.get(name, ""),
        ]
        for name, summary in by_server.items()
    ]
    return markdown_table(header, rows)


def cli_table(by_tool: Mapping[str, Summary]) -> str:
    """One row per tool; each figure also as a ratio to the best of all tools on that figure."""
    best = {key: min(summary[key] for summary in by_tool.values()) for key, _ in CLI_COLUMNS}
    header = ["tool", *(title for _, title in CLI_COLUMNS)]
    rows = [
        [name, *(cell(summary[key], best[key]) for key, _ in CLI_COLUMNS)]
        for name, summary in by_tool.items()
    ]
    return markdown_table(header, rows)


def lsp_targets(
    lsp: LspTable, spawn: Mapping[str, Mapping[str, float]], spawn_documents: list[str]
) -> list[Target]:
    """The server targets of issue 16 that this run could measure.

    `spawn` holds each server's median spawn to first diagnostics per document, over the
    sessions of both typing models (the typing model plays no part before the first keystroke).
    """
    targets: list[Target] = []
    for (document, typing), servers in lsp.items():
        if THIS_SERVER not in servers:
            continue
        ours = servers[THIS_SERVER]
        where = f"{document}, typing {typing}"
        if PAYLOAD_FLOOR in servers:
            payload = servers[PAYLOAD_FLOOR]
            targets += [
                Target(
                    f"keystroke p50 / payload floor p50, {where}",
                    ratio(ours["keystroke_p50_ms"], payload["keystroke_p50_ms"]),
                    1.2,
                ),
                Target(
                    f"keystroke p99 / payload floor p99, {where}",
                    ratio(ours["keystroke_p99_ms"], payload["keystroke_p99_ms"]),
                    2.0,
                ),
            ]
        if RUMDL_SERVER in servers:
            targets.append(
                Target(
                    f"keystroke p50 / rumdl server p50, {where}",
                    ratio(ours["keystroke_p50_ms"], servers[RUMDL_SERVER]["keystroke_p50_ms"]),
                    1.0,
                )
            )
    for document in spawn_documents:
        spawned = spawn.get(document, {})
        if THIS_SERVER in spawned and PAYLOAD_FLOOR in spawned:
            targets.append(
                Target(
                    f"spawn to first diagnostics / payload floor, {document}",
                    ratio(spawned[THIS_SERVER], spawned[PAYLOAD_FLOOR]),
                    1.2,
                )
            )
    return targets


CLI_LIMITS = {"corpus": 1.0, "ten copies of the corpus": 1.0}
GENERATED_LIMIT = 2.0


def cli_targets(cli: Table) -> list[Target]:
    """`check` wall time against `rumdl check --no-cache`: below it on the corpus and its ten
    copies, within 2x on the generated notes."""
    return [
        Target(
            f"check wall time / rumdl check wall time, {corpus}",
            ratio(tools[THIS_CLI]["wall_s"], tools[RUMDL_CLI]["wall_s"]),
            CLI_LIMITS.get(corpus, GENERATED_LIMIT),
        )
        for corpus, tools in cli.items()
        if THIS_CLI in tools and RUMDL_CLI in tools
    ]


def targets_table(targets: list[Target]) -> str:
    rows = [
        [
            t.description,
            figure(t.measured) + t.unit,
            f"{t.limit:g}{t.unit}",
            "met" if t.met else "missed",
        ]
        for t in targets
    ]
    return markdown_table(["target", "measured", "limit", ""], rows)
