"""``interviewNotes/templateVariables``: what New Note asks before it creates a note, so every
editor asks the template's own questions (company, role, ...) with its prompts and defaults,
and passes the answers to ``interviewNotes.newNote``."""

from __future__ import annotations

from typing import Any

from ..variables import template_variables
from .server import NotesServer

TEMPLATE_VARIABLES = "interviewNotes/templateVariables"


def _template_name(params: Any) -> object:
    if isinstance(params, dict):
        return params.get("template")
    return getattr(params, "template", None)


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


def register(ls: NotesServer) -> None:
    ls.feature(TEMPLATE_VARIABLES)(variables_of_template)
