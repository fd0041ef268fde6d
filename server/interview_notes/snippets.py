"""VS Code-format snippets generated from the templates and the catalog.

The checked-in ``snippets/`` folder is this module's output; a test fails when it is stale.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

from .catalog import load_catalog
from .completion import escape_snippet
from .files import replace_file
from .settings import read_regular_file
from .structure import BulletList, CodeBlock, Field, LabelledParagraph, Table
from .template import Template
from .variables import (
    TEMPLATE_KEY,
    Variable,
    front_matter_lines,
    front_matter_value,
    has_placeholder,
    is_toml,
    label,
    template_variables,
    title_suffix,
)

SNIPPET_FILE = "markdown.json"
_DATE = "${CURRENT_YEAR}-${CURRENT_MONTH}-${CURRENT_DATE}"
# ``{{name}}`` as :func:`escape_snippet` leaves it.
_ESCAPED_PLACEHOLDER = re.compile(r"\{\{[ \t]*([A-Za-z][\w-]{0,63})[ \t]*\\\}\\\}")


class _Stops:
    def __init__(self) -> None:
        self.number = 0

    def next(self) -> int:
        self.number += 1
        return self.number


def _choice(values: list[str]) -> str:
    return ",".join(
        value.replace("\\", "\\\\").replace(",", "\\,").replace("|", "\\|") for value in values
    )


class _VariableStops:
    """The template's variables as the first tab stops: each one number, mirrored wherever
    the variable appears (front matter, title, ``{{name}}`` placeholders)."""

    def __init__(self, template: Template, stops: _Stops) -> None:
        self.variables = template_variables(template)
        self.names = [variable.name for variable in self.variables]
        self.stops = {
            variable.name: f"${{{stops.next()}:{escape_snippet(self._shown(variable))}}}"
            for variable in self.variables
        }

    @staticmethod
    def _shown(variable: Variable) -> str:
        """What a variable's tab stop holds until it is typed over."""
        return variable.default or label(variable.name)

    def fill(self, escaped: str) -> str:
        """An escaped line with its placeholders made tab stops."""
        return _ESCAPED_PLACEHOLDER.sub(
            lambda match: self.stops.get(match.group(1).lower(), match.group(0)), escaped
        )

    def escape(self, line: str) -> str:
        """A template line as snippet text, its placeholders made tab stops."""
        return self.fill(escape_snippet(line))

    def title(self, template: Template, lines: list[str]) -> None:
        """The title gets the company and the question after it, unless it places them."""
        title = template.title_section
        suffix = title_suffix(self.stops)
        if title is None or not suffix:
            return
        line = title.title_span.start_line
        raw = template.note.source.lines[line]
        if has_placeholder(raw, self.names):
            return
        end = title.title_span.end_col
        lines[line] = escape_snippet(raw[:end]) + suffix + escape_snippet(raw[end:])

    def front_matter(self, template: Template) -> list[str]:
        """The front matter: the template's name and a tab stop per variable."""
        if not self.variables:
            return front_matter_lines(template, None, self.escape)
        toml = is_toml(template)
        name = escape_snippet(front_matter_value(template.name, toml))
        entries = [(TEMPLATE_KEY, name)]
        entries += [(key, f'"{stop}"' if toml else stop) for key, stop in self.stops.items()]
        return front_matter_lines(template, entries, self.escape)


def template_body(template: Template) -> list[str]:
    """The template's lines with a tab stop on every slot, after one per variable."""
    source = template.note.source.lines
    lines = [escape_snippet(line) for line in source]
    stops = _Stops()
    variables = _VariableStops(template, stops)
    catalog = load_catalog()
    for section, slot in template.note.slots():
        if isinstance(slot, Field):
            line = slot.value_span.start_line
            head = escape_snippet(source[line][: slot.value_span.start_col])
            tail = escape_snippet(source[line][slot.value_span.end_col :])
            example = source[line][slot.value_span.start_col : slot.value_span.end_col]
            spec = catalog.field(section.key, slot.key)
            if has_placeholder(example, variables.names):
                value = escape_snippet(example)
            elif slot.inline and "date" in slot.key.split():
                value = f"${{{stops.next()}:{_DATE}}}"
            elif spec is not None and spec.closed and spec.values:
                value = f"${{{stops.next()}|{_choice([v.value for v in spec.values])}|}}"
            else:
                value = f"${stops.next()}"
            gap = "" if head.endswith((" ", "\t")) or slot.inline else " "
            lines[line] = f"{head}{gap}{value}{tail}"
        elif isinstance(slot, LabelledParagraph):
            line = slot.label_span.end_line
            lines[line] = lines[line].rstrip() + f" ${stops.next()}"
        elif isinstance(slot, Table):
            for row in slot.rows:
                cells = " | ".join(f"${stops.next()}" for _ in slot.header)
                lines[row.line] = f"| {cells} |"
        elif isinstance(slot, BulletList):
            for item in slot.items:
                if not item.text:
                    lines[item.span.start_line] = f"- ${stops.next()}"
        elif isinstance(slot, CodeBlock):
            start, end = slot.span.start_line + 1, slot.span.end_line
            if end > start:
                number = stops.next()
                lines[start] = f"${{{number}:{lines[start]}"
                lines[end - 1] = f"{lines[end - 1]}}}"
    variables.title(template, lines)
    body = [variables.fill(line) for line in lines[template.note.body_start :]]
    lines = [*variables.front_matter(template), *body]
    while lines and not lines[-1].strip():
        lines.pop()
    lines.append("$0")
    return lines


def _component_body(name: str, fields: list[tuple[str, list[str], bool]]) -> list[str]:
    body = [f"### {escape_snippet(name)}"]
    for number, (field, values, closed) in enumerate(fields, start=1):
        stop = f"${{{number}|{_choice(values)}|}}" if closed and values else f"${number}"
        body.append(f"- {escape_snippet(field)}: {stop}")
    return body


def build_snippets(templates: list[Template]) -> dict[str, Any]:
    """The snippet file's content: one snippet per template and one per catalog component."""
    snippets: dict[str, Any] = {}
    for template in templates:
        snippets[f"Interview notes: {template.title}"] = {
            "prefix": ["interview-notes", re.sub(r"\W+", "-", template.name).strip("-")],
            "body": template_body(template),
            "description": f"The whole '{template.title}' template with a tab stop on every slot",
        }
    for component in load_catalog().components:
        slug = re.sub(r"\W+", "-", component.name.lower()).strip("-")
        fields = [(f.name, [v.value for v in f.values], f.closed) for f in component.fields]
        snippets[f"Component: {component.name}"] = {
            "prefix": [f"component-{slug}"],
            "body": _component_body(component.name, fields),
            "description": component.description,
        }
    return snippets


def manifest() -> dict[str, Any]:
    return {
        "name": "interview-notes-snippets",
        "description": "Snippets for system-design interview notes in Markdown",
        "contributes": {"snippets": [{"language": ["markdown"], "path": f"./{SNIPPET_FILE}"}]},
    }


def _dump(data: dict[str, Any]) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def render_files(templates: list[Template]) -> dict[str, str]:
    """File name -> content of the snippets folder."""
    return {"package.json": _dump(manifest()), SNIPPET_FILE: _dump(build_snippets(templates))}


class LinkedFileError(Exception):
    """A snippet file that is a symbolic link: writing would change whatever it points to."""


def _new_file_mode() -> int:
    """The mode an ordinary new file gets (0o666 less the umask); temporary files get 0o600."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def _replace(path: Path, content: str) -> None:
    """Write ``path`` whole, as a new file takes its name (see :func:`files.replace_file`)."""
    replace_file(path, content.encode("utf-8"), _new_file_mode())


def write_snippets(folder: Path, templates: list[Template]) -> list[Path]:
    """Write the snippet files; refuse (before writing any) when one of them is a link."""
    files = render_files(templates)
    for name in files:
        if (folder / name).is_symlink():
            raise LinkedFileError(f"{folder / name}: is a symbolic link; not written")
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, content in files.items():
        path = folder / name
        _replace(path, content)
        written.append(path)
    return written


def stale_files(folder: Path, templates: list[Template]) -> list[str]:
    """Names of the files in ``folder`` that differ from what would be generated."""
    stale = []
    for name, content in render_files(templates).items():
        path = folder / name
        # Read as text files are (any line ending), but never more than a CRLF copy's size.
        limit = 2 * len(content.encode("utf-8"))
        try:
            current = read_regular_file(path, limit).decode("utf-8")
        except (OSError, UnicodeDecodeError):
            stale.append(name)
            continue
        if current.replace("\r\n", "\n").replace("\r", "\n") != content:
            stale.append(name)
    return stale
