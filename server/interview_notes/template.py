"""Templates: Markdown files whose structure is the schema notes are checked against."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path

from .findings import Fix
from .settings import Settings, closest, confine_path, read_regular_file, trusted_folders
from .structure import Note, Section, Slot, normalize_key, parse_note, slot_span
from .text import Span, TextEdit

BUNDLED_TEMPLATE = "system-design"
MAX_TEMPLATE_BYTES = 1_000_000
MAX_TEMPLATE_FILES = 100


class TemplateError(Exception):
    """A template file that cannot be read."""


@dataclass(eq=False)
class Template:
    """A parsed template: its title, its sections in order, and their slots."""

    name: str
    text: str
    path: str | None = None

    @cached_property
    def note(self) -> Note:
        """Parsed when first asked for: a run that meets no heading never needs it."""
        return parse_note(self.text)

    @cached_property
    def title_section(self) -> Section | None:
        first = self.note.first_heading
        return first if first is not None and first.level == 1 else None

    @property
    def title(self) -> str:
        return self.title_section.title if self.title_section else self.name

    @cached_property
    def title_key(self) -> str:
        return normalize_key(self.title)

    @cached_property
    def sections(self) -> list[Section]:
        """Every section except the title, in template order."""
        return [s for s in self.note.sections if s is not self.title_section]

    @cached_property
    def by_key(self) -> dict[str, Section]:
        found: dict[str, Section] = {}
        for section in self.sections:
            found.setdefault(section.key, section)
        return found

    def section_text(self, section: Section) -> str:
        """The template's text for ``section`` and its subsections, ending with a newline."""
        lines = self.note.source.lines[section.start_line : section.end_line]
        while lines and not lines[-1].strip():
            lines.pop()
        return "\n".join(lines) + "\n"

    def slot_text(self, slot: Slot) -> str:
        """The template's whole lines holding ``slot``, ending with a newline."""
        span = slot_span(slot)
        lines = self.note.source.lines[span.start_line : span.end_line + 1]
        return "\n".join(lines) + "\n"


def bundled_template() -> Template:
    # Beside this module in every install (the package is never zipped): no importlib.resources,
    # whose import alone costs as much as a short `check`.
    text = Path(__file__).with_name("templates") / f"{BUNDLED_TEMPLATE}.md"
    return Template(BUNDLED_TEMPLATE, text.read_text(encoding="utf-8"))


def load_template(path: Path, name: str | None = None) -> Template:
    """Read one template file; raise :class:`TemplateError` with a readable reason.

    Only a regular file of at most :data:`MAX_TEMPLATE_BYTES` is read: a FIFO, a device or
    ``/dev/stdin`` (the server's own protocol pipe) must never be opened for reading.
    """
    try:
        text = read_regular_file(path, MAX_TEMPLATE_BYTES).decode("utf-8-sig")
    except OSError as error:
        reason = error.strerror or str(error).removeprefix(f"{path}: ")
        raise TemplateError(f"{path}: {reason}") from error
    except UnicodeDecodeError as error:
        raise TemplateError(f"{path}: {error}") from error
    return Template(name or path.stem, text, str(path))


def template_problem(template: Template) -> str | None:
    """Why a file does not look like a note template, ``None`` when it does.

    A title heading and two sections under it are what every note template has; a file
    without them (``.env``, a shell rc file with ``#`` comments) is not offered as one.
    """
    sections = [section for section in template.sections if section.level > 1]
    if template.title_section is None or len(sections) < 2:
        return (
            "not a note template: it needs a level-1 title heading and at least two "
            "section headings under it; ignored"
        )
    return None


def _within(path: Path, folders: Sequence[Path]) -> bool:
    return any(path == folder or folder in path.parents for folder in folders)


def find_template_files(
    folder: Path, root: Path | None = None, bounds: Sequence[Path] = ()
) -> list[Path]:
    """Markdown files directly in ``folder``, never following links out of ``bounds``
    (by default ``root``, or the folder itself)."""
    try:
        if not folder.is_dir():
            return []
        folders = [bound.resolve() for bound in bounds] or [(root or folder).resolve()]
        entries = sorted(os.scandir(folder), key=lambda item: item.name)
    except (OSError, RuntimeError, ValueError):
        return []
    found = []
    for entry in entries:
        try:
            if not entry.name.endswith((".md", ".markdown")) or not entry.is_file():
                continue
            resolved = Path(entry.path).resolve()
        except (OSError, RuntimeError):
            continue
        if not _within(resolved, folders):
            continue
        found.append(Path(entry.path))
        if len(found) >= MAX_TEMPLATE_FILES:
            break
    return found


@dataclass
class TemplateSet:
    """The installed templates: the bundled one plus a workspace's own."""

    templates: list[Template]
    errors: list[str] = field(default_factory=list)

    def get(self, name: str) -> Template | None:
        wanted = normalize_key(name)
        for template in self.templates:
            if normalize_key(template.name) == wanted or template.title_key == wanted:
                return template
        return None

    @classmethod
    def load(
        cls,
        folder: Path | None = None,
        paths: list[Path] | None = None,
        root: Path | None = None,
        bounds: Sequence[Path] = (),
    ) -> TemplateSet:
        """The bundled template, then the workspace's; a later one of the same name wins."""
        files = find_template_files(folder, root, bounds) if folder else []
        return cls._read([(path, None, "") for path in [*files, *(paths or [])]])

    @classmethod
    def configured(cls, settings: Settings, root: Path | None) -> TemplateSet:
        """The templates ``settings`` name, confined to the workspace ``root`` and the user
        config folder; a path leading elsewhere is named in a message and left out."""
        errors: list[str] = []
        bounds = trusted_folders(root)
        folder_setting = Path(settings.templates_folder)
        folder: Path | None = None
        if folder_setting.is_absolute() or root is not None:
            folder, problem = confine_path("templatesFolder", settings.templates_folder, root)
            if problem:
                errors.append(problem)
        files = find_template_files(folder, bounds=bounds) if folder else []
        chosen: list[tuple[Path, str | None, str]] = [
            (path, None, "templatesFolder: ") for path in files
        ]
        for value in settings.templates:
            path, problem = confine_path("templates", value, root)
            if path is None:
                errors.append(problem or f"templates: {value}: ignored")
                continue
            chosen.append((path, Path(value).stem, "templates: "))
        found = cls._read(chosen)
        return cls(found.templates, [*errors, *found.errors])

    @classmethod
    def _read(cls, paths: list[tuple[Path, str | None, str]]) -> TemplateSet:
        """Templates from (path, name, setting) triples; a message starts with the setting
        that named the file."""
        loaded: dict[str, Template] = {BUNDLED_TEMPLATE: _bundled()}
        errors: list[str] = []
        for path, name, setting in paths:
            try:
                template = load_template(path, name)
            except TemplateError as error:
                errors.append(f"{setting}{error}")
                continue
            problem = template_problem(template)
            if problem:
                errors.append(f"{setting}{path}: {problem}")
                continue
            loaded[template.name] = template
        return cls(list(loaded.values()), errors)


def required_section_problems(settings: Settings, templates: TemplateSet) -> list[str]:
    """One message per ``requiredSections`` entry that names no section of a template in
    force: such an entry is never reported missing, so a typo there silently turns the check
    off. Titles are compared as :meth:`Context.is_required` compares them."""
    wanted = settings.required_sections
    if not wanted or not templates.templates:
        return []
    known: dict[str, str] = {}
    for template in templates.templates:
        for section in template.sections:
            known.setdefault(section.key, section.name)
    if len(templates.templates) == 1:
        where = f"a section of the {templates.templates[0].name!r} template"
    else:
        names = ", ".join(repr(template.name) for template in templates.templates)
        where = f"a section of any template ({names})"
    problems = []
    for entry in wanted:
        key = normalize_key(entry)
        if key in known:
            continue
        near = closest(key, known, normalize=str)
        hint = f" (did you mean {known[near]!r}?)" if near else ""
        problems.append(f"requiredSections: {entry!r} is not {where}{hint}")
    return problems


_BUNDLED: list[Template] = []


def _bundled() -> Template:
    """The bundled template, parsed once per process."""
    if not _BUNDLED:
        _BUNDLED.append(bundled_template())
    return _BUNDLED[0]


def render_template(template: Template, today: date | None = None) -> str:
    """The template's text for a new note: date fields set to ``today``, other inline
    fields (the template's example values) emptied."""
    from .structure import Field

    lines = template.note.source.lines[:]
    stamp = (today or date.today()).isoformat()
    for _, slot in template.note.slots():
        if not isinstance(slot, Field) or not slot.inline:
            continue
        span = slot.value_span
        line = lines[span.start_line]
        value = stamp if "date" in slot.key.split() else ""
        lines[span.start_line] = line[: span.start_col] + value + line[span.end_col :]
    return "\n".join(lines)


def insert_template_fix(
    template: Template, line: int = 0, col: int = 0, today: date | None = None
) -> Fix:
    """The fix that writes the whole template, dated ``today``, into a document: at the top
    of an empty one, or at a position."""
    text = render_template(template, today)
    return Fix("Insert interview template", (TextEdit(Span(line, col, line, col), text),))
