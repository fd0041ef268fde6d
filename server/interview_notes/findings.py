"""What the analysis reports: rules, findings and the fixes that resolve them."""

from __future__ import annotations

from dataclasses import dataclass, field

from .severity import Severity
from .text import Span, TextEdit

DOCS_URL = "https://github.com/interview-notes-lsp/interview-notes-lsp/blob/main/docs/rules"


@dataclass(frozen=True)
class Rule:
    """A check with a stable code (never reused) and a readable alias."""

    code: str
    alias: str
    severity: Severity
    summary: str

    @property
    def doc_url(self) -> str:
        return f"{DOCS_URL}/{self.code}-{self.alias}.md"


@dataclass(frozen=True)
class Fix:
    """A quick fix: a title for the editor and the edits that apply it.

    ``safe`` fixes only add what is missing and delete nothing a writer typed, so they may be
    applied without review (fix-all applies only those), as ruff's ``Safe`` applicability
    does. Every other fix waits for the writer to choose it.
    """

    title: str
    edits: tuple[TextEdit, ...]
    preferred: bool = False
    safe: bool = False


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
