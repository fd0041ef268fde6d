"""Settings: parsed once, each bad value named and replaced by its default alone, unknown keys
named with the closest setting, rules tuned by name."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from interview_notes.analysis import unknown_rules
from interview_notes.settings import Settings, load_workspace_settings, parse_settings
from interview_notes.severity import Severity
from interview_notes.template import TemplateSet, required_section_problems
from interview_notes.workspace import Workspace

from .expectations import NOTES, analyze_text, read_fixture

SEED = read_fixture(NOTES / "seed-crlf.md")
DEFAULTS = Settings()
FIELD_NAMES = {
    "templatesFolder": "templates_folder",
    "defaultTemplate": "default_template",
    "naWords": "na_words",
    "requiredSections": "required_sections",
    "maxDocumentSize": "max_document_size",
}


def severities(settings: Settings, code: str) -> set[Severity]:
    return {f.severity for f in analyze_text(SEED, settings).findings if f.rule.code == code}


def parsed(raw: dict[str, Any]) -> Settings:
    settings, errors = parse_settings(raw)
    assert errors == []
    return settings


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("rules", {"IN004": "loud"}),
        ("rules", ["IN004"]),
        ("rules", {"IN004": 3}),
        ("recognition", "yes"),
        ("templatesFolder", ""),
        ("defaultTemplate", 7),
        ("templates", "a.md"),
        ("naWords", ["N/A", 1]),
        ("requiredSections", "Feedback Received"),
        ("maxDocumentSize", 0),
        ("maxDocumentSize", True),
        ("max_document_size", "big"),
    ],
)
def test_bad_value_names_the_key_and_keeps_the_default(key: str, value: Any) -> None:
    valid = {"defaultTemplate": "mine"} if key != "defaultTemplate" else {"recognition": False}
    settings, errors = parse_settings({key: value, **valid})
    assert len(errors) == 1
    wire = {"max_document_size": "maxDocumentSize"}.get(key, key)
    assert f": {wire}: " in errors[0]
    assert errors[0].endswith("using the default")
    field = FIELD_NAMES.get(key, key)
    assert getattr(settings, field) == getattr(DEFAULTS, field)
    expected_valid = {FIELD_NAMES.get(k, k): v for k, v in valid.items()}
    assert {k: getattr(settings, k) for k in expected_valid} == expected_valid, "valid keys apply"


def test_bad_rule_severity_message_names_the_rule() -> None:
    _, errors = parse_settings({"rules": {"empty-field": "loud"}}, source="settings.json")
    assert errors[0].startswith("settings.json: rules")
    assert "empty-field" in errors[0]


def test_settings_that_are_not_a_table_are_rejected_with_a_message() -> None:
    settings, errors = parse_settings(["recognition"])  # type: ignore[arg-type]
    assert settings == DEFAULTS
    assert len(errors) == 1 and "expected a table" in errors[0]


def test_no_settings_gives_defaults() -> None:
    assert parse_settings(None) == (DEFAULTS, [])
    assert parse_settings({}) == (DEFAULTS, [])


def test_unknown_keys_in_the_editor_section_are_ignored() -> None:
    """Clients keep their own keys in the ``interviewNotes`` section (``server``, ``trace``)."""
    raw = {"colour": "red", "trace": {"server": "verbose"}, "server": {"path": "x"}}
    assert parse_settings(raw) == (DEFAULTS, [])


def test_each_bad_key_falls_back_alone() -> None:
    settings, errors = parse_settings(
        {"naWords": 3, "recognition": False, "dateOrder": "sometimes", "uncheckedItems": "never"},
        source="settings.json",
    )
    assert errors == [
        "settings.json: naWords: expected a list of strings; using the default",
        "settings.json: dateOrder: expected one of month-first, day-first; using the default",
    ]
    assert (settings.na_words, settings.date_order) == (DEFAULTS.na_words, DEFAULTS.date_order)
    assert (settings.recognition, settings.unchecked_items) == (False, "never")


def test_a_bad_severity_drops_that_rule_only() -> None:
    settings, errors = parse_settings(
        {"rules": {"IN010": "off", "empty-field": "loud", "empty-paragraph": "error"}},
        source="settings.json",
    )
    assert errors == [
        "settings.json: rules: 'empty-field': expected one of error, hint, info, information, "
        "off, warn, warning; using the default"
    ]
    assert settings.rules == {"IN010": "off", "empty-paragraph": "error"}
    assert severities(settings, "IN010") == set()
    assert severities(settings, "IN004") == {Severity.WARNING}
    assert severities(settings, "IN003") == {Severity.ERROR}


def test_a_bad_severity_keeps_the_base_override_of_that_rule() -> None:
    base = parsed({"rules": {"IN004": "error"}})
    merged, errors = parse_settings({"rules": {"IN004": "loud", "IN010": "off"}}, base=base)
    assert len(errors) == 1
    assert merged.rules == {"IN004": "error", "IN010": "off"}


@pytest.mark.parametrize("key", ["naWords", "na_words", "na-words", "NaWords", "NA_WORDS"])
def test_keys_in_camel_snake_or_kebab_case(key: str) -> None:
    assert parsed({key: ["skipped"]}).na_words == ["skipped"]


@pytest.mark.parametrize("key", ["maxDocumentSize", "max_document_size", "max-document-size"])
def test_multi_word_keys_in_any_case_style(key: str) -> None:
    assert parsed({key: 10}).max_document_size == 10


def test_rules_merge_over_base_settings() -> None:
    base = parsed({"rules": {"IN010": "off"}})
    merged, errors = parse_settings({"rules": {"IN004": "error"}}, base=base)
    assert errors == []
    assert merged.severity_for("IN010", "unchecked-item", Severity.HINT) is None
    assert merged.severity_for("IN004", "empty-field", Severity.WARNING) is Severity.ERROR


# severity overrides ------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["IN004", "empty-field", "in004"])
def test_severity_override_by_code_or_alias(name: str) -> None:
    assert severities(parsed({"rules": {name: "error"}}), "IN004") == {Severity.ERROR}


@pytest.mark.parametrize("name", ["IN010", "unchecked-item"])
def test_rule_off_by_code_or_alias(name: str) -> None:
    settings = parsed({"rules": {name: "off"}})
    assert severities(settings, "IN010") == set()
    assert severities(settings, "IN004") == {Severity.WARNING}


@pytest.mark.parametrize("word", ["OFF", "Off"])
def test_severity_words_ignore_case(word: str) -> None:
    assert severities(parsed({"rules": {"IN010": word}}), "IN010") == set()


@pytest.mark.parametrize(
    ("word", "severity"),
    [
        ("warn", Severity.WARNING),
        ("info", Severity.INFORMATION),
        ("hint", Severity.HINT),
        ("error", Severity.ERROR),
    ],
)
def test_short_severity_words(word: str, severity: Severity) -> None:
    assert severities(parsed({"rules": {"template-content": word}}), "IN011") == {severity}


@pytest.mark.parametrize("name", ["Empty-Field", "EMPTY-FIELD"])
def test_rule_alias_is_case_insensitive_as_for_codes(name: str) -> None:
    """``unknown_rules`` accepts any case, so the override must apply too."""
    settings = parsed({"rules": {name: "off"}})
    assert unknown_rules(settings) == []
    assert severities(settings, "IN004") == set()


def test_unknown_rule_names_are_reported() -> None:
    settings = parsed({"rules": {"IN099": "off", "empty-feild": "off", "IN004": "off"}})
    assert unknown_rules(settings) == ["IN099", "empty-feild"]


def test_overridden_finding_keeps_message_span_and_fixes() -> None:
    default = [f for f in analyze_text(SEED).findings if f.rule.code == "IN004"]
    raised = [
        f
        for f in analyze_text(SEED, parsed({"rules": {"IN004": "error"}})).findings
        if f.rule.code == "IN004"
    ]
    assert [(f.message, f.span, f.fixes) for f in raised] == [
        (f.message, f.span, f.fixes) for f in default
    ]


# other settings seen in the analysis ------------------------------------------------------
def test_na_words_setting_changes_what_a_date_may_say() -> None:
    text = read_fixture(NOTES / "filled-note.md").replace("_Date: 2025-11-11_", "_Date: skipped_")
    assert [f.rule.code for f in analyze_text(text).findings] == ["IN012"]
    assert analyze_text(text, parsed({"naWords": ["skipped"]})).findings == []


def test_required_sections_limit_missing_section() -> None:
    text = (
        "# System Design Interview Notes\n\n## Interview Date\n_Date: 2025-11-04_\n\n"
        "## Feedback Received\n**Strengths:** Clear capacity estimates.\n"
    )
    settings = parsed(
        {"requiredSections": ["Interview Date", "Trade-offs Discussed", "Feedback Received"]}
    )
    missing = [f for f in analyze_text(text, settings).findings if f.rule.code == "IN001"]
    assert [(f.slot, f.span.start_line) for f in missing] == [("Trade-offs Discussed", 5)]


def test_recognition_off_leaves_only_front_matter() -> None:
    off = parsed({"recognition": False})
    assert not analyze_text(SEED, off).is_note
    assert analyze_text("---\ntemplate: system-design\n---\n" + SEED, off).is_note


# workspace files -----------------------------------------------------------------------
def test_workspace_toml(tmp_path: Path) -> None:
    (tmp_path / ".interview-notes.toml").write_text(
        'recognition = false\nna-words = ["skip"]\n[rules]\nempty-field = "hint"\n',
        encoding="utf-8",
    )
    settings, errors = load_workspace_settings(tmp_path)
    assert errors == []
    assert settings.recognition is False
    assert settings.na_words == ["skip"]
    assert settings.rules == {"empty-field": "hint"}


def test_pyproject_tool_table(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n[tool.interview-notes]\nrequiredSections = ["Feedback Received"]\n',
        encoding="utf-8",
    )
    settings, errors = load_workspace_settings(tmp_path)
    assert errors == []
    assert settings.required_sections == ["Feedback Received"]


def test_settings_file_wins_over_pyproject(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        "[tool.interview-notes]\nrecognition = false\n", encoding="utf-8"
    )
    (tmp_path / ".interview-notes.toml").write_text("default-template = 'mine'\n", encoding="utf-8")
    settings, _ = load_workspace_settings(tmp_path)
    assert settings.default_template == "mine"
    assert settings.recognition is True


def test_broken_toml_gives_a_message_naming_the_file_and_defaults(tmp_path: Path) -> None:
    (tmp_path / ".interview-notes.toml").write_text("recognition = \n", encoding="utf-8")
    settings, errors = load_workspace_settings(tmp_path)
    assert settings == DEFAULTS
    assert len(errors) == 1 and ".interview-notes.toml" in errors[0]


def test_bad_value_in_workspace_file_names_file_and_key(tmp_path: Path) -> None:
    (tmp_path / ".interview-notes.toml").write_text("recognition = 'sometimes'\n", encoding="utf-8")
    settings, errors = load_workspace_settings(tmp_path)
    assert settings.recognition is True
    assert len(errors) == 1
    assert ".interview-notes.toml" in errors[0] and "recognition" in errors[0]


def test_no_settings_files(tmp_path: Path) -> None:
    assert load_workspace_settings(tmp_path) == (DEFAULTS, [])


def write_config(folder: Path, text: str) -> Path:
    path = folder / ".interview-notes.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_misspelt_key_names_file_key_and_the_closest_setting(tmp_path: Path) -> None:
    config = write_config(
        tmp_path, 'requiredSectons = ["Feedback Received"]\nrecognition = false\n'
    )
    settings, errors = load_workspace_settings(tmp_path)
    assert errors == [
        f"{config}: requiredSectons: unknown setting, ignored; did you mean `requiredSections`?"
    ]
    assert settings.required_sections is None
    assert settings.recognition is False


@pytest.mark.parametrize(
    ("key", "suggestion"),
    [("na_word", "naWords"), ("date-ordre", "dateOrder"), ("templates-folders", "templatesFolder")],
)
def test_misspelt_key_in_any_case_style_gets_the_documented_name(
    tmp_path: Path, key: str, suggestion: str
) -> None:
    write_config(tmp_path, f'{key} = "x"\n')
    _, errors = load_workspace_settings(tmp_path)
    assert len(errors) == 1
    assert errors[0].endswith(f": {key}: unknown setting, ignored; did you mean `{suggestion}`?")


def test_unknown_key_far_from_every_setting_has_no_suggestion(tmp_path: Path) -> None:
    config = write_config(tmp_path, 'colour = "red"\n')
    assert load_workspace_settings(tmp_path)[1] == [f"{config}: colour: unknown setting, ignored"]


def test_misspelt_rules_table(tmp_path: Path) -> None:
    config = write_config(tmp_path, '[rulez]\nempty-field = "off"\n')
    settings, errors = load_workspace_settings(tmp_path)
    assert errors == [f"{config}: [rulez]: unknown table, ignored; did you mean `[rules]`?"]
    assert settings.rules == {}
    assert severities(settings, "IN004") == {Severity.WARNING}


def test_bad_rule_entry_in_a_file_keeps_the_other_rules(tmp_path: Path) -> None:
    config = write_config(tmp_path, '[rules]\nIN010 = "off"\nIN004 = "loudest"\n')
    settings, errors = load_workspace_settings(tmp_path)
    assert len(errors) == 1
    assert errors[0].startswith(f"{config}: rules: 'IN004': expected one of ")
    assert settings.rules == {"IN010": "off"}


def test_keys_written_in_snake_or_kebab_case_and_schema_key_are_not_reported(
    tmp_path: Path,
) -> None:
    write_config(
        tmp_path,
        '"$schema" = "./settings.schema.json"\nna_words = ["x"]\nmax-document-size = 10\n',
    )
    settings, errors = load_workspace_settings(tmp_path)
    assert errors == []
    assert (settings.na_words, settings.max_document_size) == (["x"], 10)


def write_pyproject(folder: Path, text: str) -> Path:
    path = folder / "pyproject.toml"
    path.write_text('[project]\nname = "notes"\n[tool.ruff]\nline-length = 100\n' + text)
    return path


def test_pyproject_unknown_key_names_the_tool_table(tmp_path: Path) -> None:
    pyproject = write_pyproject(
        tmp_path, '[tool.interview-notes]\nna-wrds = ["x"]\nrecognition = false\n'
    )
    settings, errors = load_workspace_settings(tmp_path)
    assert errors == [
        f"{pyproject} [tool.interview-notes]: na-wrds: unknown setting, ignored; "
        "did you mean `naWords`?"
    ]
    assert settings.recognition is False


def test_pyproject_misspelt_rules_table(tmp_path: Path) -> None:
    pyproject = write_pyproject(tmp_path, '[tool.interview-notes.rule]\nIN010 = "off"\n')
    _, errors = load_workspace_settings(tmp_path)
    assert errors == [
        f"{pyproject} [tool.interview-notes]: [tool.interview-notes.rule]: unknown table, "
        "ignored; did you mean `[tool.interview-notes.rules]`?"
    ]


@pytest.mark.parametrize("table", ["interview_notes", "interview-note", "InterviewNotes"])
def test_pyproject_misspelt_tool_table(tmp_path: Path, table: str) -> None:
    pyproject = write_pyproject(tmp_path, f"[tool.{table}]\nrecognition = false\n")
    settings, errors = load_workspace_settings(tmp_path)
    assert errors == [
        f"{pyproject}: [tool.{table}]: unknown table, ignored; "
        "did you mean `[tool.interview-notes]`?"
    ]
    assert settings == DEFAULTS


def test_pyproject_with_other_tools_only_says_nothing(tmp_path: Path) -> None:
    write_pyproject(tmp_path, "[tool.interrogate]\nfail-under = 80\n")
    assert load_workspace_settings(tmp_path) == (DEFAULTS, [])


# requiredSections ------------------------------------------------------------------------
def test_required_section_that_is_no_section_is_named_with_the_closest() -> None:
    settings = parsed(
        {"requiredSections": ["Interview Date", "trade-offs", "Final Design", "DATABASE"]}
    )
    assert required_section_problems(settings, TemplateSet.load()) == [
        "requiredSections: 'trade-offs' is not a section of the 'system-design' template "
        "(did you mean 'Trade-offs Discussed'?)",
        "requiredSections: 'Final Design' is not a section of the 'system-design' template",
    ]


def test_an_editor_without_a_folder_hears_of_a_misspelt_section_and_rule() -> None:
    settings, _, messages = Workspace.without_folder(
        {"requiredSections": ["trade-offs"], "rules": {"empty-feild": "off"}}
    )
    assert settings.required_sections == ["trade-offs"]
    assert messages == [
        "rules: unknown rule 'empty-feild', ignored; did you mean 'empty-field'?",
        "requiredSections: 'trade-offs' is not a section of the 'system-design' template "
        "(did you mean 'Trade-offs Discussed'?)",
    ]


@pytest.mark.parametrize(
    "title",
    [
        "Trade-offs Discussed",
        "trade offs discussed",
        "**Trade-offs Discussed**",
        "3. HOW - Implementation Details",
        "Monitoring and Logging",
    ],
)
def test_required_section_written_as_the_check_reads_it_is_fine(title: str) -> None:
    settings = parsed({"requiredSections": [title]})
    assert required_section_problems(settings, TemplateSet.load()) == []


def test_required_sections_of_any_workspace_template_are_fine(tmp_path: Path) -> None:
    folder = tmp_path / ".interview-notes" / "templates"
    folder.mkdir(parents=True)
    (folder / "behavioral.md").write_text(
        "# Behavioral Interview Notes\n\n## Stories\n\n## Questions Asked\n", encoding="utf-8"
    )
    templates = TemplateSet.configured(DEFAULTS, tmp_path)
    settings = parsed({"requiredSections": ["Stories", "Feedback Received", "Storys"]})
    assert required_section_problems(settings, templates) == [
        "requiredSections: 'Storys' is not a section of any template ('system-design', "
        "'behavioral') (did you mean 'Stories'?)"
    ]


def test_workspace_reports_required_sections_that_name_no_section(tmp_path: Path) -> None:
    write_config(tmp_path, 'requiredSections = ["Feedback Recieved"]\n')
    workspace = Workspace.load(tmp_path)
    assert (
        "requiredSections: 'Feedback Recieved' is not a section of the 'system-design' template "
        "(did you mean 'Feedback Received'?)"
    ) in workspace.messages
