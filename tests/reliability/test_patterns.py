"""Every regular expression of the package runs in linear time, whatever the text.

Python's regular expressions backtrack: two quantifiers that can take the same characters
(``[ \\t]*(.*?)[ \\t]*$``) cost quadratic or cubic time on a long run of those characters that
ends in a way the pattern rejects, and a note is text anyone can write. This test finds every
pattern of the package (compiled module and class attributes, and literal patterns passed to
``re`` functions) and times it on text built from its own structure: the text that leads to
each of its repeats, a long run of what the repeat takes, then the rest of the pattern or a
character that makes the match fail. Each call must finish within :data:`LIMIT` seconds.
"""

from __future__ import annotations

import ast
import contextlib
import importlib
import importlib.util
import inspect
import io
import multiprocessing
import pkgutil
import re
import sys
import time
from collections.abc import Callable, Iterator
from functools import cache
from multiprocessing.connection import Connection
from types import ModuleType
from typing import Any, cast

import interview_notes
import pytest

if sys.version_info >= (3, 11):
    from re import _constants as sre_constants
    from re import _parser as sre_parse
else:
    import sre_constants
    import sre_parse

LIMIT = 0.05
"""Seconds one call may take: a linear pattern reads 100,000 characters in a few milliseconds."""
SIZES = (1_000, 10_000, 100_000)
"""Run lengths; the smallest first, so that a pattern that is far from linear fails quickly
instead of running for hours on the longest run."""
LONGEST_RUNS = 24
"""How many of a pattern's texts (with a method) are tried at the longest size."""
HANG = 20.0
"""Seconds one call may go on before the test gives up on it (three runs of a call that is
over the limit, at worst a cubic pattern on 1,000 characters, take a few)."""
RUN_CHARS = (" ", "\t", "[", "(", "*", "_", "`", "#", "|", ":", "-", "0", "a", "<!--", "\u00a0")
"""Characters notes have many of in a row, and those patterns of notes give meaning to."""
KILLERS = ("", "b", "#x", "\x00", "\n", "\nb", "\n\n")
"""What follows a run to make a match fail at the very end, after all the backtracking."""
ATTACKS: dict[str, Callable[[int], str]] = {
    "inline field padded": lambda n: "_a: " + " " * n + "b",
    "inline field padded, closed": lambda n: "_a: " + " " * n + "b_ x",
    "heading padded": lambda n: "# x" + " " * n + "#x",
    "heading padded, closed": lambda n: "## x" + " " * n + "## " + " " * n + "x",
    "heading of brackets": lambda n: "# " + "[" * n,
    "links never closed": lambda n: "[](" * (n // 3),
    "front matter padded": lambda n: "template: a" + " " * n + "b",
    "front matter padded, spaces first": lambda n: "a:" + " " * n + "b" + " " * n + "c",
    "directive never closed": lambda n: "<!-- interview-notes-disable" + " " * n,
    "directive never closed, then a dash": lambda n: "<!-- interview-notes-disable" + " " * n + "-",
    "directives never closed": lambda n: "<!-- interview-notes-disable " * (n // 29),
    "field name padded": lambda n: "- " + " " * n + "x" * 61 + ":",
    "field name padded, no colon": lambda n: "- " + " " * n + "x\nb",
    "value padded": lambda n: "- a:" + " " * n + "x\nb",
    "label never closed": lambda n: "**" + "a" * n,
    "numbering words": lambda n: "i " * (n // 2) + "1",
    "numbering words, mixed": lambda n: "v x i a 1 " * (n // 10) + "1",
    "delimiter row padded": lambda n: "|-" + " " * n + "x",
    "delimiter row of cells": lambda n: "| - " * (n // 4) + "x",
    "comment never closed": lambda n: "<!--" + " " * n,
    "CJK date padded": lambda n: "2025" + " " * n + "年" + " " * n + "x",
    "numeric dates": lambda n: "1-1-" * (n // 4),
}
"""Text shaped like what the package reads, long where it may be slow."""

PATTERN_FUNCTIONS = frozenset(
    {"compile", "search", "match", "fullmatch", "sub", "subn", "split", "findall", "finditer"}
)


# -- the patterns ------------------------------------------------------------------------------


def _import(name: str) -> ModuleType:
    """Import a module of the package; ``__main__`` runs the command line when imported, so it
    runs ``--version`` and keeps what it defined before exiting."""
    if name.rsplit(".", 1)[-1] != "__main__":
        return importlib.import_module(name)
    spec = importlib.util.find_spec(name)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    argv = sys.argv
    sys.argv = ["interview-notes", "--version"]
    try:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):
            spec.loader.exec_module(module)
    finally:
        sys.argv = argv
    return module


def _modules() -> list[ModuleType]:
    names = [interview_notes.__name__]
    names += [
        info.name
        for info in pkgutil.walk_packages(interview_notes.__path__, interview_notes.__name__ + ".")
    ]
    return [_import(name) for name in sorted(names)]


def _defines(module: ModuleType, attribute: str) -> bool:
    """Whether ``module`` assigns ``attribute`` itself (rather than importing it)."""
    with contextlib.suppress(OSError, TypeError):
        source = inspect.getsource(module)
        return re.search(rf"^{re.escape(attribute)}\b[^=\n]*=", source, re.M) is not None
    return False


def _literal_patterns(module: ModuleType) -> Iterator[tuple[str, re.Pattern[str]]]:
    """Patterns written as string literals in calls such as ``re.sub(r"\\W+", ...)``."""
    with contextlib.suppress(OSError, TypeError):
        tree = ast.parse(inspect.getsource(module))
        for node in ast.walk(tree):
            if not (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "re"
                and node.func.attr in PATTERN_FUNCTIONS
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                continue
            flags = [_flags(arg) for arg in [*node.args[1:], *(k.value for k in node.keywords)]]
            pattern = re.compile(node.args[0].value, sum(f for f in flags if f is not None))
            yield f"{module.__name__}:re.{node.func.attr}({pattern.pattern!r})", pattern


def _flags(node: ast.expr) -> int | None:
    """The value of ``re.I | re.S`` and the like, or None for any other argument."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        left, right = _flags(node.left), _flags(node.right)
        return None if left is None or right is None else left | right
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
        value = getattr(re, node.attr, None) if node.value.id == "re" else None
        return int(value) if isinstance(value, re.RegexFlag) else None
    return None


@cache
def patterns() -> dict[str, re.Pattern[str]]:
    """Every pattern of the package by name, each once, named after the module defining it."""
    candidates: dict[int, list[tuple[bool, str, re.Pattern[str]]]] = {}
    for module in _modules():
        owners: list[tuple[str, Any]] = [(module.__name__, module)]
        owners += [
            (f"{module.__name__}.{value.__qualname__}", value)
            for value in vars(module).values()
            if isinstance(value, type) and value.__module__ == module.__name__
        ]
        for prefix, owner in owners:
            for attribute, value in vars(owner).items():
                if isinstance(value, re.Pattern) and isinstance(value.pattern, str):
                    own = owner is not module or _defines(module, attribute)
                    entry = (own, f"{prefix}.{attribute}", value)
                    candidates.setdefault(id(value), []).append(entry)
        for name, value in _literal_patterns(module):
            candidates.setdefault(id(value), []).append((True, name, value))
    found = {}
    for entries in candidates.values():
        _, name, pattern = max(entries, key=lambda entry: entry[0])
        found[name] = pattern
    return dict(sorted(found.items()))


# -- text built from a pattern's structure -----------------------------------------------------

_PREFERRED = "a b0_:-*#[(|`<>!.)]}{\t\nxX年月日/"
Node = tuple[Any, Any]


def _in_set(char: str, items: list[Node], flags: int) -> bool:
    """Whether ``char`` is in a character set of a parsed pattern."""
    negate = False
    hit = False
    code = ord(char)
    codes = {code, ord(char.lower()), ord(char.upper())} if flags & re.I else {code}
    for op, av in items:
        if op is sre_constants.NEGATE:
            negate = True
        elif op is sre_constants.LITERAL:
            hit = hit or av in codes
        elif op is sre_constants.RANGE:
            hit = hit or any(av[0] <= c <= av[1] for c in codes)
        elif op is sre_constants.CATEGORY:
            hit = hit or re.fullmatch(_CATEGORIES[av], char) is not None
    return hit != negate


_CATEGORIES = {
    sre_constants.CATEGORY_DIGIT: r"\d",
    sre_constants.CATEGORY_NOT_DIGIT: r"\D",
    sre_constants.CATEGORY_SPACE: r"\s",
    sre_constants.CATEGORY_NOT_SPACE: r"\S",
    sre_constants.CATEGORY_WORD: r"\w",
    sre_constants.CATEGORY_NOT_WORD: r"\W",
}


def _accepts(node: Node, char: str, flags: int) -> bool:
    """Whether ``node`` can match ``char`` as its first character."""
    op, av = node
    if op is sre_constants.LITERAL:
        return _in_set(char, [node], flags)
    if op is sre_constants.NOT_LITERAL:
        return not _in_set(char, [(sre_constants.LITERAL, av)], flags)
    if op is sre_constants.ANY:
        return char != "\n" or bool(flags & re.S)
    if op is sre_constants.IN:
        return _in_set(char, av, flags)
    if op is sre_constants.BRANCH:
        return any(_first(branch, char, flags) for branch in av[1])
    if op is sre_constants.SUBPATTERN:
        return _first(av[-1], char, flags)
    if op in _REPEATS:
        return _first(av[2], char, flags)
    return False


def _first(nodes: Any, char: str, flags: int) -> bool:
    """Whether a sequence of nodes can start with ``char`` (skipping what may match nothing)."""
    for node in nodes:
        if _accepts(node, char, flags):
            return True
        op, av = node
        if op in _REPEATS and av[0] == 0:
            continue
        if op in (sre_constants.AT, sre_constants.ASSERT, sre_constants.ASSERT_NOT):
            continue
        return False
    return False


_REPEATS = tuple(
    getattr(sre_constants, name)
    for name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT")
    if hasattr(sre_constants, name)
)


class _Shape:
    """A string that matches a parsed pattern (near enough), with one part of it replaced."""

    def __init__(self, flags: int) -> None:
        self.flags = flags
        self.groups: dict[int, str] = {}

    def render(self, nodes: Any, hole: int = -1, fill: str = "") -> str:
        return "".join(self.node(node, hole, fill) for node in nodes)

    def node(self, node: Node, hole: int, fill: str) -> str:
        if id(node) == hole:
            return fill
        op, av = node
        if op in (sre_constants.LITERAL, sre_constants.NOT_LITERAL, sre_constants.ANY):
            return self.char(node)
        if op is sre_constants.IN:
            return self.char(node)
        if op is sre_constants.BRANCH:
            inside = [b for b in av[1] if _contains(b, hole)]
            return self.render(inside[0] if inside else av[1][0], hole, fill)
        if op is sre_constants.SUBPATTERN:
            text = self.render(av[-1], hole, fill)
            if av[0]:
                self.groups[av[0]] = text
            return text
        if op in _REPEATS:
            low, high = av[0], av[1]
            count = max(low, 1 if high else 0) if not _contains(av[2], hole) else 1
            return "".join(self.render(av[2], hole, fill) for _ in range(min(count, 4)))
        if op is sre_constants.GROUPREF:
            return self.groups.get(av, "")
        if op is getattr(sre_constants, "ATOMIC_GROUP", None):
            return self.render(av, hole, fill)
        return ""

    def char(self, node: Node) -> str:
        return next((c for c in _PREFERRED if _accepts(node, c, self.flags)), "")


def _contains(nodes: Any, target: int) -> bool:
    return any(id(node) == target or _contains(_children(node), target) for node in nodes)


def _children(node: Node) -> list[Node]:
    op, av = node
    if op is sre_constants.BRANCH:
        return [child for branch in av[1] for child in branch]
    if op is sre_constants.SUBPATTERN:
        return list(av[-1])
    if op in _REPEATS:
        return list(av[2])
    if op in (sre_constants.ASSERT, sre_constants.ASSERT_NOT):
        return list(av[1])
    if op is getattr(sre_constants, "ATOMIC_GROUP", None):
        return list(av)
    return []


def _walk(nodes: Any) -> Iterator[Node]:
    for node in nodes:
        yield node
        yield from _walk(_children(node))


def _literals(nodes: Any) -> set[str]:
    """The characters a pattern names: its literals and the members of its sets."""
    found = set()
    for op, av in _walk(nodes):
        if op in (sre_constants.LITERAL, sre_constants.NOT_LITERAL):
            found.add(chr(av))
        elif op is sre_constants.IN:
            found.update(chr(value) for kind, value in av if kind is sre_constants.LITERAL)
    return found


def hostile_texts(pattern: re.Pattern[str], size: int) -> dict[str, str]:
    """Text that makes a backtracking pattern slow if anything can, by description."""
    tree = sre_parse.parse(pattern.pattern, pattern.flags)
    nodes = [tree[index] for index in range(len(tree))]
    flags = pattern.flags
    own = sorted(_literals(nodes))
    killers = sorted(set(KILLERS) | set(own))
    texts: dict[str, str] = {}
    for char in RUN_CHARS:
        run = char * (size // len(char))
        for killer in KILLERS:
            texts[f"run of {char!r}, then {killer!r}"] = run + killer
    for name, attack in ATTACKS.items():
        texts[name] = attack(size)
    whole = _Shape(flags).render(nodes)
    for index, node in enumerate(_walk(nodes)):
        op, av = node
        if op not in _REPEATS or av[1] < 2:
            continue
        body = av[2]
        units = {c for c in RUN_CHARS if len(c) == 1 and _first(body, c, flags)}
        units |= {c for c in own if _first(body, c, flags)}
        units.add(_Shape(flags).render(body))
        for branch in _branches(body):
            units.add(_Shape(flags).render(branch))
        units.discard("")
        head, _, tail = _Shape(flags).render(nodes, id(node), "\0").partition("\0")
        for unit in sorted(units):
            run = unit * max(1, size // len(unit))
            for killer in killers:
                texts[f"repeat {index} of {unit!r}, then {killer!r}"] = head + run + killer
                texts[f"repeat {index} of {unit!r}, rest, then {killer!r}"] = (
                    head + run + tail + killer
                )
    for killer in killers:
        texts[f"a match, then a run of {killer!r}"] = whole + killer * (size // max(1, len(killer)))
    return texts


def _branches(nodes: Any) -> list[list[Node]]:
    found = []
    for op, av in nodes:
        if op is sre_constants.BRANCH:
            found += [list(branch) for branch in av[1]]
        elif op is sre_constants.SUBPATTERN:
            found += _branches(av[-1])
    return found


# -- timing ------------------------------------------------------------------------------------


def _calls(pattern: re.Pattern[str]) -> dict[str, Callable[[str], object]]:
    return {
        "search": pattern.search,
        "match": pattern.match,
        "fullmatch": pattern.fullmatch,
        "sub": lambda text: pattern.sub("", text),
    }


def best_time(call: Callable[[str], object], text: str) -> float:
    """The fastest of up to three runs; a run under the limit ends the measurement."""
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        call(text)
        best = min(best, time.perf_counter() - start)
        if best < LIMIT:
            break
    return best


def slow_call(name: str, started: Callable[[str], object]) -> str | None:
    """The first call of the pattern ``name`` that takes :data:`LIMIT` or more, described, or
    None; ``started`` hears of each call before it is made.

    Every text at 1,000 and 10,000 characters, then at 100,000 the texts slowest at 10,000 and
    the named attacks: a text that is slow on a long run is among the slowest on a shorter one
    already, and every text at 100,000 characters would take minutes.
    """
    pattern = patterns()[name]
    calls = _calls(pattern)
    times: dict[tuple[str, str], float] = {}
    for size in SIZES:
        texts = hostile_texts(pattern, size)
        if size == SIZES[-1]:
            slowest = sorted(times, key=times.__getitem__, reverse=True)[:LONGEST_RUNS]
            wanted = set(slowest) | {(label, method) for label in ATTACKS for method in calls}
        else:
            wanted = {(label, method) for label in texts for method in calls}
        for label, method in sorted(wanted):
            text = texts[label]
            call = f"{name} {pattern.pattern!r}: {method} on {label} ({len(text)} characters)"
            started(call)
            took = times[label, method] = best_time(calls[method], text)
            if took >= LIMIT:
                return f"{call} took {took:.3f} s"
    return None


def _report(name: str, connection: Connection) -> None:
    """In a forked process: each call as it starts, then the verdict."""
    connection.send(("done", slow_call(name, lambda call: connection.send(("start", call)))))


def slow_call_in_child(name: str) -> str | None:
    """:func:`slow_call` in a forked process, so that a pattern that would backtrack for hours
    (an exponential one) fails the test instead of hanging it."""
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_report, args=(name, sender), daemon=True)
    child.start()
    sender.close()
    call = name
    try:
        while receiver.poll(HANG):
            kind, text = receiver.recv()
            if kind == "done":
                return cast("str | None", text)
            call = text
        return f"{call} did not end in {HANG:.0f} s"
    except EOFError:
        return f"{call}: the measuring process ended (exit code {child.exitcode})"
    finally:
        child.kill()
        child.join()
        receiver.close()


def test_every_pattern_is_found() -> None:
    found = patterns()
    assert len(found) >= 15, sorted(found)
    assert "interview_notes.text.LINE_BREAK" in found
    assert "interview_notes.structure._LABEL" in found


@pytest.mark.parametrize("name", sorted(patterns()))
def test_pattern_is_linear(name: str) -> None:
    if "fork" in multiprocessing.get_all_start_methods():
        slow = slow_call_in_child(name)
    else:
        slow = slow_call(name, started=lambda call: None)
    if slow is not None:
        pytest.fail(slow, pytrace=False)
