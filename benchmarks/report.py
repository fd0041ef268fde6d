"""Medians, ratios, the issue's targets, and the Markdown tables that show them."""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

FLOOR = "floor"
THIS_SERVER = "interview-notes"
RUMDL_SERVER = "rumdl server"
MARKDOWNLINT = "markdownlint-cli2"
THIS_CLI = "interview-notes check"

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


@dataclass(frozen=True)
class Target:
    description: str
    measured: float
    limit: float

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


def cell(value: float, base: float | None) -> str:
    if base is None:
        return figure(value)
    return f"{figure(value)} ({figure(ratio(value, base))}x)"


def markdown_table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def lsp_table(by_server: Mapping[str, Summary], notes: Mapping[str, str]) -> str:
    """One row per server; each figure also as a ratio to the floor's."""
    floor = by_server.get(FLOOR)
    header = ["server", *(title for _, title in LSP_COLUMNS), "notes"]
    rows = [
        [
            name,
            *(cell(summary[key], floor[key] if floor else None) for key, _ in LSP_COLUMNS),
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


def lsp_targets(lsp: Table, template: str, long_note: str | None) -> list[Target]:
    """The server targets of issue 7 that this run could measure."""
    targets: list[Target] = []
    limits = {template: 1.5} | ({long_note: 2.0} if long_note else {})
    for document, limit in limits.items():
        servers = lsp.get(document, {})
        if FLOOR not in servers or THIS_SERVER not in servers:
            continue
        ours, floor = servers[THIS_SERVER], servers[FLOOR]
        targets += [
            Target(
                f"keystroke p50 / floor, {document}",
                ratio(ours["keystroke_p50_ms"], floor["keystroke_p50_ms"]),
                limit,
            ),
            Target(
                f"keystroke p99 / floor p99, {document}",
                ratio(ours["keystroke_p99_ms"], floor["keystroke_p99_ms"]),
                3.0,
            ),
            Target(
                f"spawn to first diagnostics / floor, {document}",
                ratio(
                    ours["spawn_to_first_diagnostics_ms"], floor["spawn_to_first_diagnostics_ms"]
                ),
                1.3,
            ),
        ]
        if RUMDL_SERVER in servers:
            targets.append(
                Target(
                    f"keystroke p50 / rumdl server p50, {document}",
                    ratio(ours["keystroke_p50_ms"], servers[RUMDL_SERVER]["keystroke_p50_ms"]),
                    1.0,
                )
            )
        if document == long_note:
            targets.append(
                Target(
                    f"peak RSS / floor, {document}",
                    ratio(ours["peak_rss_mib"], floor["peak_rss_mib"]),
                    1.5,
                )
            )
    return targets


def cli_targets(cli: Table) -> list[Target]:
    return [
        Target(
            f"check wall time / markdownlint-cli2, {corpus}",
            ratio(tools[THIS_CLI]["wall_s"], tools[MARKDOWNLINT]["wall_s"]),
            1.0,
        )
        for corpus, tools in cli.items()
        if THIS_CLI in tools and MARKDOWNLINT in tools
    ]


def targets_table(targets: list[Target]) -> str:
    rows = [
        [t.description, figure(t.measured) + "x", f"{t.limit:g}x", "met" if t.met else "missed"]
        for t in targets
    ]
    return markdown_table(["target", "measured", "limit", ""], rows)
