"""Template variables: the few facts every note starts with (company, role, interviewer, the
question), asked for once when a note is created and written into its front matter and title.

A template declares them in its front matter, read flat like every front matter here (never
by a YAML loader)::

    variables: company, role, interviewer, question
    prompt-question: The question, e.g. Design a URL shortener
    default-role: Senior Engineer

and may hold ``{{name}}`` placeholders anywhere in its text. A template that declares none
gets :data:`DEFAULT_VARIABLES`, so every template asks the same questions unless it says
otherwise.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from .structure import BOM, FRONT_MATTER_KEY, atx_title
from .template import Template

VARIABLES_KEY = "variables"
PROMPT_PREFIX = "prompt-"
DEFAULT_PREFIX = "default-"
TEMPLATE_KEY = "template"
# Given values the title shows after the template's own title, when the title holds no
# placeholder of its own: "— Acme: Design a URL shortener".
TITLE_COMPANY, TITLE_QUESTION = "company", "question"
TITLE_DASH = " — "


@dataclass(frozen=True)
class Variable:
    """One fact a new note asks for: its name (the front matter key and the placeholder),
    the question an editor shows, and the answer it offers."""

    name: str
    prompt: str
    default: str = ""


DEFAULT_VARIABLES = (
    Variable("company", "Company"),
    Variable("role", "Role"),
    Variable("interviewer", "Interviewer"),
    Variable("question", "The question, e.g. Design a URL shortener"),
)
_DEFAULT_PROMPTS = {variable.name: variable.prompt for variable in DEFAULT_VARIABLES}
# A name is a front matter key the flat reader reads back, lower-cased as it lower-cases keys.
_NAME = re.compile(r"[a-z][a-z0-9_-]{0,63}")
# Front matter keys the variables themselves use, or that name the template: never a variable.
_RESERVED = frozenset({TEMPLATE_KEY, VARIABLES_KEY})
_PLACEHOLDER = re.compile(r"\{\{[ \t]*([A-Za-z][\w-]{0,63})[ \t]*\}\}")
# A YAML value that needs no quotes: it starts with a letter, holds no colon, hash, quote or
# backslash, and is not a word YAML reads as a boolean or null.
_PLAIN = re.compile(r"[A-Za-z_\u00c0-\U0010ffff][^:#\"'\\]*")
_YAML_WORDS = frozenset({"true", "false", "yes", "no", "on", "off", "y", "n", "null", "~"})
# What separates a title from a value: em dash, en dash, colon, bar, comma, slash, and a
# hyphen standing alone.
# Stands for an emptied placeholder until the blanks beside it are tidied.
_EMPTIED = "\x00"
_SEPARATORS = frozenset("\u2014\u2013:|,/")


class AssignmentError(ValueError):
    """A ``NAME=VALUE`` argument that cannot be read."""


def label(name: str) -> str:
    """A variable's name as words: ``team-size`` is ``Team size``."""
    return re.sub(r"[-_]+", " ", name).strip().capitalize()


def _declared_names(value: str) -> list[str]:
    """The names of a ``variables:`` value, in order, each once; a flow list's brackets
    and names that cannot be front matter keys are left out."""
    names: list[str] = []
    for part in value.strip().strip("[]").split(","):
        name = part.strip().strip("'\"").lower()
        if _NAME.fullmatch(name) and name not in _RESERVED and name not in names:
            names.append(name)
    return names


def template_variables(template: Template) -> list[Variable]:
    """The variables a new note from ``template`` asks for, in declaration order.

    ``variables:`` with no names declares none; without the key the defaults apply, still
    taking any ``prompt-``/``default-`` keys the template gives them."""
    front = template.note.front_matter
    declared = front.get(VARIABLES_KEY)
    names = (
        [variable.name for variable in DEFAULT_VARIABLES]
        if declared is None
        else _declared_names(declared)
    )
    return [
        Variable(
            name,
            front.get(f"{PROMPT_PREFIX}{name}") or _DEFAULT_PROMPTS.get(name) or label(name),
            front.get(f"{DEFAULT_PREFIX}{name}", ""),
        )
        for name in names
    ]


def parse_assignments(assignments: Iterable[str]) -> dict[str, str]:
    """``["company=Acme", ...]`` as ``{"company": "Acme"}``; a later one of the same name
    wins. Raise :class:`AssignmentError` naming the first one that is not ``NAME=VALUE``."""
    found: dict[str, str] = {}
    for assignment in assignments:
        name, equals, value = assignment.partition("=")
        key = name.strip().lower()
        if not equals or not _NAME.fullmatch(key):
            raise AssignmentError(
                f"--set {assignment!r}: expected NAME=VALUE, where NAME is a variable name "
                "such as company"
            )
        found[key] = value
    return found


def unknown_names(variables: Sequence[Variable], names: Iterable[str]) -> list[str]:
    """The names no variable of the template has, in the order given."""
    known = {variable.name for variable in variables}
    return [name for name in names if name not in known]


def with_defaults(variables: Sequence[Variable], given: Mapping[str, str]) -> dict[str, str]:
    """What a note gets when nobody is asked: each variable's default, then ``given``."""
    values = {variable.name: variable.default for variable in variables if variable.default}
    values.update(given)
    return values


def one_line(value: object) -> str:
    """A value as it may stand in a heading or a front matter line: one line, control
    characters dropped, runs of blanks made one space."""
    if not isinstance(value, str):
        return ""
    text = "".join(char for char in value if unicodedata.category(char) != "Cc" or char.isspace())
    return " ".join(text.split())


def front_matter_value(value: str, toml: bool = False) -> str:
    """``value`` as written after ``key:`` (YAML) or ``key =`` (TOML): quoted when a YAML
    reader could take it for something else (a number, a boolean, a list, ``---``)."""
    if not toml and _PLAIN.fullmatch(value) and value.lower() not in _YAML_WORDS:
        return value
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def is_toml(template: Template) -> bool:
    """Whether the template's front matter is TOML (``+++``), which its notes' then is too."""
    lines = template.note.source.lines
    return template.note.body_start > 0 and lines[0].lstrip(BOM).rstrip() == "+++"


def _own_front_matter(template: Template, dropped: Iterable[str]) -> list[str]:
    """The template's front matter lines between its fences, without the keys in
    ``dropped`` and the variables' own keys (with the indented lines that continue them)."""
    body_start = template.note.body_start
    if not body_start:
        return []
    gone = {name.lower() for name in dropped} | _RESERVED
    kept: list[str] = []
    skipping = False
    for line in template.note.source.lines[1 : body_start - 1]:
        match = FRONT_MATTER_KEY.match(line)
        if match:
            key = match.group(1).lower()
            skipping = key in gone or key.startswith((PROMPT_PREFIX, DEFAULT_PREFIX))
        elif line[:1] not in (" ", "\t", "-") and line.strip():
            skipping = False
        if not skipping:
            kept.append(line)
    return kept


def front_matter_lines(
    template: Template,
    entries: Sequence[tuple[str, str]] | None,
    own_line: Callable[[str], str] = str,
) -> list[str]:
    """The front matter of a new note, fences included: ``entries`` (key, value as it is to be
    written) first, then the template's own keys (each through ``own_line``) except the
    variables' and those of ``entries``. Nothing when neither leaves a key to write."""
    chosen = list(entries or ())
    own = [own_line(line) for line in _own_front_matter(template, [key for key, _ in chosen])]
    if not chosen and not any(FRONT_MATTER_KEY.match(line) for line in own):
        return []
    toml = is_toml(template)
    fence, between = ("+++", " = ") if toml else ("---", ": ")
    closer = template.note.source.lines[template.note.body_start - 1] if own else fence
    return [fence, *(f"{key}{between}{value}" for key, value in chosen), *own, closer.rstrip()]


def _pieces(text: str) -> list[tuple[bool, bool, str]]:
    """The text as (is a separator, has a blank before, text) pieces."""
    pieces: list[tuple[bool, bool, str]] = []
    word = ""
    blank = False
    for char in [*text, " "]:
        if char.isspace() or char in _SEPARATORS:
            if word:
                alone = word == "-"
                pieces.append((alone, blank, word))
                blank = False
                word = ""
            if char.isspace():
                blank = True
            else:
                pieces.append((True, blank, char))
                blank = False
        else:
            word += char
    return pieces


def _tidy_heading(line: str) -> str:
    """A heading's text without the separators an emptied placeholder left dangling: none
    at either end, and one where several follow each other."""
    heading = atx_title(line)
    if heading is None:
        return line
    start = heading[1]
    kept: list[tuple[bool, bool, str]] = []
    for piece in _pieces(line[start:]):
        if piece[0] and (not kept or kept[-1][0]):
            continue
        kept.append(piece)
    while kept and kept[-1][0]:
        kept.pop()
    text = "".join(
        (" " if blank and index else "") + part for index, (_, blank, part) in enumerate(kept)
    )
    return line[:start] + text


def fill_placeholders(line: str, values: Mapping[str, str], known: Iterable[str]) -> str:
    """``line`` with the placeholders of ``known`` variables replaced by their values. An
    empty one takes the blank beside it along, and in a heading the separator it leaves
    dangling (``# Notes — {{company}}`` becomes ``# Notes``); other ``{{...}}`` stay."""
    names = set(known)
    emptied = False

    def replace(match: re.Match[str]) -> str:
        nonlocal emptied
        name = match.group(1).lower()
        if name not in names:
            return match.group(0)
        value = values.get(name, "")
        emptied = emptied or not value
        return value or _EMPTIED

    filled = _PLACEHOLDER.sub(replace, line)
    if not emptied:
        return filled
    filled = _without_blank_beside(filled.split(_EMPTIED))
    tidy = _tidy_heading(filled)
    return tidy if line[-1:].isspace() else tidy.rstrip()


def _without_blank_beside(parts: list[str]) -> str:
    """The parts joined where placeholders were emptied, each taking one of the blanks
    beside it along, so ``a {{x}} b`` becomes ``a b``."""
    kept = [parts[0]]
    blank_so_far = not parts[0].strip()
    for part in parts[1:]:
        if kept[-1].endswith(" ") and (part.startswith(" ") or not part):
            kept[-1] = kept[-1][:-1]
        elif blank_so_far and part.startswith(" "):
            part = part[1:]
        blank_so_far = blank_so_far and not part.strip()
        kept.append(part)
    return "".join(kept)


def has_placeholder(line: str, known: Iterable[str]) -> bool:
    names = set(known)
    return any(match.group(1).lower() in names for match in _PLACEHOLDER.finditer(line))


def title_suffix(values: Mapping[str, str]) -> str:
    """What the title gets after it: ``— Acme: Design a URL shortener``, or one of them."""
    shown = [values.get(TITLE_COMPANY, ""), values.get(TITLE_QUESTION, "")]
    words = ": ".join(part for part in shown if part)
    return f"{TITLE_DASH}{words}" if words else ""


def given_values(variables: Sequence[Variable], values: Mapping[str, str]) -> dict[str, str]:
    """The non-empty values of the template's variables, each on one line, in declaration
    order; names the template does not declare are left out."""
    cleaned = {str(name).lower(): one_line(value) for name, value in values.items()}
    return {v.name: cleaned[v.name] for v in variables if cleaned.get(v.name)}


def fill_variables(template: Template, rendered: str, values: Mapping[str, str] | None) -> str:
    """The rendered template text (same lines as the template's) as a new note's text.

    With ``values`` the note's front matter names the template and holds each value given,
    and the title shows the company and the question; without, only the variables' own
    front matter keys are dropped. Placeholders of skipped variables become empty."""
    variables = template_variables(template)
    known = [variable.name for variable in variables]
    given = given_values(variables, values or {})
    lines = rendered.split("\n")
    source = template.note.source.lines
    # A placeholder in an example value (``_Company: {{company}}_``) was emptied with it.
    lines = [
        source[index] if index < len(source) and has_placeholder(source[index], known) else line
        for index, line in enumerate(lines)
    ]
    body_start = template.note.body_start
    body = [fill_placeholders(line, given, known) for line in lines[body_start:]]
    title = template.title_section
    if values is not None and title is not None:
        at = title.title_span.start_line - body_start
        if not has_placeholder(source[title.title_span.start_line], known) and 0 <= at < len(body):
            end = title.title_span.end_col
            line = lines[title.title_span.start_line]
            body[at] = line[:end] + title_suffix(given) + line[end:]
    entries: list[tuple[str, str]] | None = None
    if values is not None:
        toml = is_toml(template)
        pairs = [(TEMPLATE_KEY, template.name), *given.items()]
        entries = [(key, front_matter_value(one_line(value), toml)) for key, value in pairs]
    front = front_matter_lines(
        template, entries, lambda line: fill_placeholders(line, given, known)
    )
    return "\n".join([*front, *body])
