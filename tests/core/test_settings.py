"""Settings: parsed once, bad values named and replaced by defaults, rules tuned by name."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from interview_notes.analysis import unknown_rules
from interview_notes.settings import Settings, load_workspace_settings, parse_settings
from interview_notes.severity import Severity

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


def test_unknown_keys_are_ignored() -> None:
    assert parse_settings({"colour": "red", "trace": {"server": "verbose"}}) == (DEFAULTS, [])


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
