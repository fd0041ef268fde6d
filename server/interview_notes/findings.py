"""What the analysis reports: rules, findings and the fixes that resolve them."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from .severity import Severity
from .text import Span, TextEdit

DOCS_URL = "https://github.com/interview-notes-lsp/interview-notes-lsp/blob/main/docs/rules"


class Scope(Enum):
    """What a rule looks at. A rule of one section at a time lets an editor re-check only the
    sections an edit touched; a note-wide rule runs again on every edit."""

    NOTE = "note"
    SECTION = "section"

    @property
    def description(self) -> str:
        return "the whole note" if self is Scope.NOTE else "one section at a time"


class Applicability(Enum):
    """Whether a fix may be applied without review, as ruff's applicability says.

    ``SAFE`` fixes only add what is missing and delete or replace nothing a writer typed:
    fix-all and ``check --fix`` apply them. ``UNSAFE`` fixes (writing N/A, removing a row,
    renaming a heading) wait for the writer to choose them.
    """

    SAFE = "safe"
    UNSAFE = "unsafe"

    @property
    def description(self) -> str:
        return "safe" if self is Applicability.SAFE else "needs review"


@dataclass(frozen=True)
class FixKind:
    """A fix a rule may offer, as the rule's documentation names it (``'## Section'`` where
    the offered fix names the section)."""

    title: str
    applicability: Applicability = Applicability.UNSAFE


@dataclass(frozen=True)
class Rule:
    """A check with a stable code (never reused), a readable alias, and everything its
    documentation says about it: the rule pages and tables are generated from these fields
    (``scripts/rule_docs.py``), so they cannot drift apart.

    ``summary`` is one line without a final period; it is shown in the rule tables, the
    settings schema and SARIF reports.
    """

    code: str
    alias: str
    severity: Severity
    summary: str
    scope: Scope = Scope.SECTION
    fixes: tuple[FixKind, ...] = ()

    @property
    def doc_url(self) -> str:
        return f"{DOCS_URL}/{self.doc_name}"

    @property
    def doc_name(self) -> str:
        """The file name of the rule's page under ``docs/rules``."""
        return f"{self.code}-{self.alias}.md"

    @property
    def applicabilities(self) -> frozenset[Applicability]:
        """The applicabilities of the fixes the rule may offer; empty when it offers none."""
        return frozenset(kind.applicability for kind in self.fixes)


def disable_title(rule: Rule) -> str:
    """The title of the fix every finding offers besides its rule's own: a comment turning
    the rule off for the finding's line."""
    return f"Disable {rule.alias} for this line"


@dataclass(frozen=True)
class Fix:
    """A quick fix: a title for the editor and the edits that apply it.

    A ``SAFE`` fix is applied unasked by fix-all, so it is checked here to insert only: a
    fix that deletes or replaces text cannot be built as safe, rather than being skipped
    later by whoever applies it.
    """

    title: str
    edits: tuple[TextEdit, ...]
    preferred: bool = False
    applicability: Applicability = Applicability.UNSAFE

    def moved(self, lines: int) -> Fix:
        edits = tuple(edit.moved(lines) for edit in self.edits)
        return Fix(self.title, edits, self.preferred, self.applicability)

    def __post_init__(self) -> None:
        if self.applicability is Applicability.SAFE and not all(
            _is_insertion(edit.span) for edit in self.edits
        ):
            raise ValueError(f"a safe fix only inserts text: {self.title!r} replaces some")


def _is_insertion(span: Span) -> bool:
    return (span.start_line, span.start_col) == (span.end_line, span.end_col)


@dataclass(frozen=True)
class Finding:
    """One problem at an exact span, with the fixes that resolve it."""

    rule: Rule
    severity: Severity
    message: str
    span: Span
    fixes: tuple[Fix, ...] = ()
    slot: str = ""
    data: dict[str, str] = field(default_factory=dict, compare=False)

    def moved(self, lines: int) -> Finding:
        """The same finding ``lines`` lines further down, with its fixes' edits."""
        fixes = tuple(fix.moved(lines) for fix in self.fixes)
        span = self.span.moved(lines)
        return Finding(self.rule, self.severity, self.message, span, fixes, self.slot, self.data)

    @property
    def code(self) -> str:
        return self.rule.code

    @property
    def key(self) -> str:
        """The finding's identity within one version of a document: two findings of a rule
        at one place (several sections missing before one heading) still differ."""
        span = self.span
        where = f"{span.start_line}:{span.start_col}:{span.end_line}:{span.end_col}"
        return f"{self.rule.code}|{where}|{self.slot}"
