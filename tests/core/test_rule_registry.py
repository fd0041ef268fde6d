"""Everything a rule needs besides its module is there, and says what the module says.

A rule is its module under ``server/interview_notes/rules/`` (found there, no list to add it
to), its page ``docs/rules/<code>-<alias>.md`` and a fixture note that shows it. Each test
here names what is missing and where it goes.
"""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from collections import defaultdict
from functools import lru_cache
from pathlib import Path
from types import ModuleType

import pytest
from interview_notes.findings import Applicability, Finding, Rule, disable_title
from interview_notes.rules import MODULES, RULES

from .expectations import FIXTURES, analyze_text, note_fixtures, read_expected, read_fixture

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "server" / "interview_notes"
RULES_FOLDER = PACKAGE / "rules"
GENERATOR = ROOT / "scripts" / "rule_docs.py"
PAGES = ROOT / "docs" / "rules"
REALISTIC = FIXTURES / "realistic"
CODE = re.compile(r"\bIN\d{3}\b")
ALIAS = re.compile(r"^[a-z]+(?:-[a-z]+)*$")
# Codes of rules taken out: a code is never reused, so the numbering skips them.
RETIRED: frozenset[str] = frozenset()
# Where a code may be written outside its rule's module: the settings' help shows how a rule
# is named, by code or by alias.
SHOWN_AS_EXAMPLE = {("settings.py", "IN004")}
RULE_MODULES = {module.RULE.code: module for module in MODULES}


def source_of(rule: Rule) -> str:
    module = RULE_MODULES[rule.code]
    return Path(module.__file__ or "").relative_to(ROOT).as_posix()


@lru_cache(maxsize=1)
def generator() -> ModuleType:
    """``scripts/rule_docs.py``, imported (its dataclasses need it in ``sys.modules``)."""
    spec = importlib.util.spec_from_file_location("rule_docs", GENERATOR)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(spec.name, module)
    spec.loader.exec_module(module)
    return module


# documentation ---------------------------------------------------------------------------
def test_rule_documentation_says_what_the_rules_say() -> None:
    run = subprocess.run(
        [sys.executable, str(GENERATOR), "--check"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert run.returncode == 0, run.stderr + run.stdout


@pytest.mark.parametrize("rule", [rule for rule, _ in RULES], ids=lambda rule: rule.code)
def test_every_rule_has_its_page(rule: Rule) -> None:
    page = PAGES / rule.doc_name
    assert page.is_file(), (
        f"{rule.code} has no page: run `python scripts/rule_docs.py --write`, which creates "
        f"docs/rules/{rule.doc_name} with its header, then write its sections"
    )
    prompt = generator().PROMPT
    assert prompt not in page.read_text(encoding="utf-8"), (
        f"docs/rules/{rule.doc_name} still asks for text ({prompt}...): write those sections"
    )


def test_every_page_belongs_to_a_rule() -> None:
    names = {rule.doc_name for rule, _ in RULES} | {"README.md"}
    orphans = sorted(page.name for page in PAGES.glob("*.md") if page.name not in names)
    assert not orphans, (
        f"docs/rules/{orphans[0]} is the page of no rule: name it <code>-<alias>.md after its "
        "rule (`python scripts/rule_docs.py --write` renames the page of a rule whose alias "
        "changed), or delete it with its rule"
    )


# registration ----------------------------------------------------------------------------
def test_every_module_of_the_rules_package_is_a_rule() -> None:
    found = {Path(module.__file__ or "").stem for module in MODULES}
    modules = sorted(
        path.stem for path in RULES_FOLDER.glob("*.py") if not path.stem.startswith("_")
    )
    missing = [name for name in modules if name not in found]
    assert not missing, (
        f"server/interview_notes/rules/{missing[0]}.py is no rule: define RULE = Rule(code=..., "
        "alias=..., severity=..., summary=...) and check(ctx) in it, or, if it only helps "
        f"rules, rename it to _{missing[0]}.py"
    )
    assert [rule for rule, _ in RULES] == [module.RULE for module in MODULES]


def test_codes_run_in_order_without_gaps() -> None:
    codes = [rule.code for rule, _ in RULES]
    expected = [f"IN{number:03d}" for number in range(1, len(codes) + len(RETIRED) + 1)]
    expected = [code for code in expected if code not in RETIRED]
    for code, wanted in zip(codes, expected, strict=True):
        assert code == wanted, (
            f"rule {code} ({source_of(RULE_MODULES[code].RULE)}) is out of sequence: the next "
            f"free code is {wanted}; codes are never reused, so a retired one goes in RETIRED "
            "in tests/core/test_rule_registry.py"
        )


def test_aliases_are_unique_and_kebab_case() -> None:
    seen: dict[str, str] = {}
    for rule, _ in RULES:
        assert ALIAS.match(rule.alias), (
            f"{rule.code} alias {rule.alias!r} in {source_of(rule)}: write it in lower-case "
            "words joined by hyphens, like empty-field"
        )
        assert rule.alias not in seen, (
            f"{rule.code} and {seen[rule.alias]} share the alias {rule.alias!r}: give "
            f"{rule.code} its own in {source_of(rule)}"
        )
        seen[rule.alias] = rule.code


def test_summaries_are_one_line_without_a_final_period() -> None:
    for rule, _ in RULES:
        assert rule.summary and "\n" not in rule.summary, f"{source_of(rule)}: one-line summary"
        assert not rule.summary.endswith("."), (
            f"{source_of(rule)}: drop the final period of the summary; the documentation adds "
            "one where it writes a sentence"
        )


# fixtures --------------------------------------------------------------------------------
@pytest.mark.parametrize("rule", [rule for rule, _ in RULES], ids=lambda rule: rule.code)
def test_every_rule_is_shown_by_a_fixture(rule: Rule) -> None:
    showing = [
        fixture
        for fixture in note_fixtures()
        if any(line.endswith(f" {rule.code}") for line in read_expected(fixture))
    ]
    case = f"{rule.alias}-<case>"
    assert showing, (
        f"no fixture shows {rule.code}: add tests/fixtures/notes/{case}.md, a note that gets "
        f"it, draft tests/fixtures/notes/{case}.expected with "
        f"`.venv/bin/python tests/core/update_expected.py {case}` and check each line against "
        f"docs/rules/{rule.doc_name}"
    )


@lru_cache(maxsize=1)
def fixture_findings() -> tuple[tuple[str, Finding], ...]:
    """Every finding of every fixture note, with where it is: ``path:line``."""
    paths = [*note_fixtures(), *sorted((REALISTIC / "notes").glob("*.md"))]
    found = []
    for path in paths:
        for finding in analyze_text(read_fixture(path)).findings:
            where = f"{path.relative_to(ROOT).as_posix()}:{finding.span.start_line + 1}"
            found.append((where, finding))
    return tuple(found)


def test_every_fix_has_an_applicability_its_rule_declares() -> None:
    seen: dict[str, set[Applicability]] = defaultdict(set)
    for where, finding in fixture_findings():
        rule = finding.rule
        for fix in finding.fixes:
            if fix.title == disable_title(rule):
                assert fix.applicability is Applicability.UNSAFE, f"{where}: {fix.title}"
                continue
            seen[rule.code].add(fix.applicability)
            assert fix.applicability in rule.applicabilities, (
                f"{where}: {rule.code} offers {fix.title!r}, a {fix.applicability.name} fix, "
                f"which RULE in {source_of(rule)} does not declare: add "
                f"FixKind('...', Applicability.{fix.applicability.name}) to its fixes, or "
                "give the fix an applicability it declares"
            )
    for rule, _ in RULES:
        unseen = sorted(kind.name for kind in rule.applicabilities - seen[rule.code])
        assert not unseen, (
            f"{rule.code} declares a {unseen[0]} fix in {source_of(rule)} that no fixture note "
            f"offers: add a note under tests/fixtures/notes/ where it is offered, or take it "
            "out of RULE.fixes"
        )


# codes in the source ---------------------------------------------------------------------
def test_a_rule_code_is_written_only_in_its_own_module() -> None:
    owners = {code: Path(module.__file__ or "").resolve() for code, module in RULE_MODULES.items()}
    for path in sorted(PACKAGE.rglob("*")):
        if path.suffix not in (".py", ".md", ".json", ".toml") or "__pycache__" in path.parts:
            continue
        shown = path.relative_to(PACKAGE).as_posix()
        text = path.read_text(encoding="utf-8")
        for number, line in enumerate(text.splitlines(), start=1):
            for code in CODE.findall(line):
                if owners.get(code) == path.resolve():
                    continue
                if (shown, code) in SHOWN_AS_EXAMPLE:
                    continue
                module = RULE_MODULES.get(code)
                alias = f"'{module.RULE.alias}'" if module is not None else "its alias"
                pytest.fail(
                    f"server/interview_notes/{shown}:{number} writes {code}: name the rule by "
                    f"{alias} in prose, and by its RULE (imported from its module) in code"
                )
