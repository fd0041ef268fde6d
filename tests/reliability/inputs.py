"""Hostile notes, generated on demand: every one is a note (the template first) followed by
something a parser may choke on."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from .support import seed_text

SEED = seed_text()


def _table(columns: int, rows: int) -> str:
    header = "|" + "|".join(f" c{index} " for index in range(columns)) + "|\n"
    rule = "|" + "---|" * columns + "\n"
    return "\n" + header + rule + ("|" + " x |" * columns + "\n") * rows


HOSTILE: dict[str, Callable[[], str]] = {
    "one-megabyte-line": lambda: SEED + "x" * 1_000_000 + "\n",
    "one-megabyte-line-of-pipes": lambda: SEED + "|" * 1_000_000 + "\n",
    "nul-bytes": lambda: SEED.replace(":", ":\0") + "\0" * 1000,
    "thousand-column-table": lambda: SEED + _table(1000, 10),
    "nested-lists-10000": lambda: SEED + "- " * 10_000 + "deep\n",
    "nested-ordered-lists-10000": lambda: SEED + "1. " * 10_000 + "deep\n",
    "nested-quotes-10000": lambda: SEED + ">" * 10_000 + " deep\n",
    "nested-quote-lists-10000": lambda: SEED + "> - " * 5_000 + "deep\n",
    "indented-lists-1000-levels": lambda: SEED + "".join("  " * i + "- x\n" for i in range(1000)),
    "unterminated-fence": lambda: SEED.replace("## ", "```\n## ", 3),
    "unterminated-fence-at-end": lambda: SEED + "\n````\n" + "## Not a heading\n" * 100,
    "fences-only": lambda: SEED + "```\n~~~\n" * 5_000,
    "unterminated-comment": lambda: SEED.replace("## ", "<!--\n## ", 2),
    "front-matter-not-yaml": lambda: "---\n: : [\n{{{ !!python/object:os.system\n---\n" + SEED,
    "front-matter-never-closed": lambda: "---\ntemplate: system-design\n" + "a: b\n" * 10_000,
    "front-matter-toml-broken": lambda: "+++\ntemplate = [\n+++\n" + SEED,
    "emphasis-bomb": lambda: SEED + "*a_" * 50_000 + "\n",
    "brackets": lambda: SEED + "[" * 50_000 + "](" * 10_000 + "\n",
    "headings-20000": lambda: SEED + "## H\n" * 20_000,
    "labels-20000": lambda: SEED + "**N:** x\n" * 20_000,
    "mixed-line-breaks": lambda: SEED.replace("\n", "\r", 30).replace("\n", "\r\n", 30),
    "unicode-separators": lambda: SEED.replace(" ", "\u2028", 20).replace("-", "\x85", 20),
    "astral-and-combining": lambda: SEED.replace("e", "e\u0301😀\U0001d518", 200),
    "lone-surrogates": lambda: SEED.replace("a", "\ud800", 10),
    "only-line-breaks": lambda: "\n" * 200_000,
    "bom-everywhere": lambda: "\ufeff" + SEED.replace("\n", "\n\ufeff"),
}


@cache
def hostile_text(name: str) -> str:
    return HOSTILE[name]()
