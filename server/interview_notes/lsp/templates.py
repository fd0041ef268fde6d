"""``interviewNotes/templateVariables``: what New Note asks before it creates a note, so every
editor asks the template's own questions (company, role, ...) with its prompts and defaults,
and passes the answers to ``interviewNotes.newNote``. ``interviewNotes/templates``: the
templates in force, for an editor's choice of the default one."""

from __future__ import annotations

from typing import Any

from ..variables import template_variables
from .convert import param
from .server import NotesServer

TEMPLATE_VARIABLES = "interviewNotes/templateVariables"
TEMPLATES = "interviewNotes/templates"


def _template_name(params: Any) -> object:
    return param(params, "template")


def variables_of_template(ls: NotesServer, params: Any = None) -> dict[str, Any]:
    """``{template?}`` -> ``{template, variables: [{name, prompt, default}]}`` for the named
    template, the configured default without a name; ``template`` is ``None`` and nothing is
    asked when no template has that name."""
    template = ls.template(_template_name(params))
    if template is None:
        return {"template": None, "variables": []}
    return {
        "template": template.name,
        "variables": [
            {"name": variable.name, "prompt": variable.prompt, "default": variable.default}
            for variable in template_variables(template)
        ],
    }


def installed_templates(ls: NotesServer, params: Any = None) -> dict[str, Any]:
    """``{}`` -> ``{default, templates: [{name, title, path}]}``: the configured default
    template's name and every template in force (the bundled one has no path)."""
    return {
        "default": ls.settings.default_template,
        "templates": [
            {"name": template.name, "title": template.title, "path": template.path}
            for template in ls.templates.templates
        ],
    }


def register(ls: NotesServer) -> None:
    ls.feature(TEMPLATE_VARIABLES)(variables_of_template)
    ls.feature(TEMPLATES)(installed_templates)
