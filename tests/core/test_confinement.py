"""Path settings stay inside the workspace and the user config folder; settings of any shape
give a message, never a traceback, a hang or a template made of someone's secrets.

The risky cases run the command line in a child process with a deadline, its standard input
an open pipe and its address space capped, so a hang or a runaway read fails the test instead
of blocking or exhausting the machine.
"""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from interview_notes.lsp import settings as lsp_settings
from interview_notes.settings import Settings, confine_path, load_workspace_settings
from interview_notes.template import TemplateSet

from .expectations import bundled_templates

SEED = bundled_templates().get("system-design").text  # type: ignore[union-attr]
TEMPLATE = "# Own Notes\n\n## First\n- Owner:\n\n## Second\n- Budget:\n"
SECRETS = "# Production secrets\n\n## Database\nDB_PASSWORD=hunter2\n\n## Tokens\nAPI=hunter2\n"
OUTSIDE = "is outside the workspace and the user config folder; ignored"
DEADLINE = 10
LINUX = sys.platform.startswith("linux")

# Runs ``main`` and records its own time and peak memory (measured in the child, where the
# interpreter's start-up does not count).
CHILD = """
import json, sys, time
try:
    import resource
    limit = 2 * 1024**3
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
except (ImportError, ValueError, OSError):
    resource = None
from interview_notes.cli import main
started = time.perf_counter()
code = main(sys.argv[2:])
seconds = time.perf_counter() - started
peak = 0
if resource is not None:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    peak = peak if sys.platform == "darwin" else peak * 1024
sys.stdout.flush()
with open(sys.argv[1], "w") as stats:
    json.dump({"code": code, "seconds": seconds, "peak": peak}, stats)
sys.exit(code)
"""


@dataclass
class Run:
    code: int
    out: str
    err: str
    seconds: float = 0.0
    peak: int = 0
    stats: dict[str, Any] = field(default_factory=dict)


def run_cli(cwd: Path, *args: str, xdg: Path | None = None) -> Run:
    """``interview-notes ARGS`` in a child process; fails the test after DEADLINE seconds."""
    env = {**os.environ, "XDG_CONFIG_HOME": str(xdg or cwd.parent / "xdg")}
    stats = cwd.parent / f"stats-{time.monotonic_ns()}.json"
    out, err = cwd.parent / "child.out", cwd.parent / "child.err"
    with out.open("wb") as stdout, err.open("wb") as stderr:
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(stats), *args],
            cwd=cwd,
            env=env,
            stdin=subprocess.PIPE,  # kept open: a read of /dev/stdin would wait for ever
            stdout=stdout,
            stderr=stderr,
        )
        try:
            code = child.wait(timeout=DEADLINE)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
            pytest.fail(f"interview-notes {' '.join(args)} did not finish in {DEADLINE} s")
        finally:
            assert child.stdin is not None
            child.stdin.close()
    result = Run(code, out.read_text(encoding="utf-8"), err.read_text(encoding="utf-8"))
    if stats.exists():
        result.stats = json.loads(stats.read_text(encoding="utf-8"))
        result.seconds, result.peak = result.stats["seconds"], result.stats["peak"]
    return result


def assert_clean(run: Run) -> None:
    """A message, no traceback, and the whole command within a second."""
    assert "Traceback" not in run.err, run.err
    assert run.stats, run.err
    assert run.seconds < 1.0, run.seconds


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    root = tmp_path / "workspace"
    root.mkdir()
    (root / "note.md").write_text(SEED, encoding="utf-8")
    return root


def configure(root: Path, templates: list[str], extra: str = "") -> None:
    """Templates named by ``templates``, and IN004 off to show the rest still applies."""
    (root / ".interview-notes.toml").write_text(
        f"templates = {json.dumps(templates)}\n{extra}[rules]\nIN004 = 'off'\n", encoding="utf-8"
    )


def assert_rest_applies(run: Run) -> None:
    assert run.code == 1, run.err
    assert "note.md:17:1: warning IN003" in run.out
    assert " IN004 " not in run.out


# templates that must never be read -----------------------------------------------------
def test_dev_zero_is_refused(workspace: Path) -> None:
    configure(workspace, ["/dev/zero"])
    run = run_cli(workspace, "check", "note.md")
    assert_clean(run)
    assert f"templates: /dev/zero {OUTSIDE}" in run.err
    assert_rest_applies(run)


@pytest.mark.skipif(not LINUX, reason="/dev/stdin as a pipe is Linux behaviour")
def test_dev_stdin_is_refused(workspace: Path) -> None:
    configure(workspace, ["/dev/stdin"])
    run = run_cli(workspace, "check", "note.md")
    assert_clean(run)
    assert f"templates: /dev/stdin {OUTSIDE}" in run.err
    assert_rest_applies(run)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_in_the_workspace_is_not_opened(workspace: Path) -> None:
    os.mkfifo(workspace / "pipe.md")
    folder = workspace / ".interview-notes" / "templates"
    folder.mkdir(parents=True)
    os.mkfifo(folder / "queued.md")
    configure(workspace, ["pipe.md"])
    run = run_cli(workspace, "check", "note.md")
    assert_clean(run)
    assert "templates: " in run.err and "pipe.md: not a regular file" in run.err
    assert "queued.md" not in run.err
    assert_rest_applies(run)


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_a_link_in_the_workspace_to_a_file_outside_is_refused(workspace: Path) -> None:
    secret = workspace.parent / ".env"
    secret.write_text(SECRETS, encoding="utf-8")
    (workspace / "secrets.md").symlink_to(secret)
    folder = workspace / ".interview-notes" / "templates"
    folder.mkdir(parents=True)
    (folder / "env.md").symlink_to(secret)
    configure(workspace, ["secrets.md"])
    run = run_cli(workspace, "check", "note.md")
    assert_clean(run)
    assert f"templates: secrets.md {OUTSIDE}" in run.err
    assert_rest_applies(run)
    listed = run_cli(workspace, "templates")
    assert listed.code == 0 and "hunter2" not in listed.out + listed.err
    assert [line.split("\t")[0] for line in listed.out.splitlines()] == ["system-design"]
    shown = run_cli(workspace, "template", "secrets")
    assert shown.code == 2 and "hunter2" not in shown.out


def test_an_absolute_path_outside_is_refused(workspace: Path) -> None:
    outside = workspace.parent / "elsewhere" / "theirs.md"
    outside.parent.mkdir()
    outside.write_text(TEMPLATE, encoding="utf-8")
    configure(workspace, [str(outside)])
    run = run_cli(workspace, "check", "note.md")
    assert_clean(run)
    assert f"templates: {outside} {OUTSIDE}" in run.err
    assert_rest_applies(run)


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
@pytest.mark.parametrize("value", ["/etc", "linked-folder", "../elsewhere"])
def test_a_templates_folder_outside_is_refused(workspace: Path, value: str) -> None:
    elsewhere = workspace.parent / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "theirs.md").write_text(TEMPLATE, encoding="utf-8")
    (workspace / "linked-folder").symlink_to(elsewhere, target_is_directory=True)
    configure(workspace, [], extra=f"templatesFolder = {json.dumps(value)}\n")
    run = run_cli(workspace, "templates")
    assert_clean(run)
    assert f"templatesFolder: {value} {OUTSIDE}" in run.err
    assert run.code == 0 and "theirs" not in run.out


def test_the_user_config_folder_and_the_workspace_are_trusted(workspace: Path) -> None:
    xdg = workspace.parent / "xdg"
    own = xdg / "interview-notes" / "templates"
    own.mkdir(parents=True)
    (own / "personal.md").write_text(TEMPLATE.replace("Own", "Personal"), encoding="utf-8")
    (xdg / "interview-notes" / "listed.md").write_text(
        TEMPLATE.replace("Own", "Listed"), encoding="utf-8"
    )
    (workspace / "team.md").write_text(TEMPLATE.replace("Own", "Team"), encoding="utf-8")
    configure(
        workspace,
        [str(xdg / "interview-notes" / "listed.md"), "team.md"],
        extra=f"templatesFolder = {json.dumps(str(own))}\n",
    )
    run = run_cli(workspace, "templates", xdg=xdg)
    assert_clean(run)
    assert (run.code, run.err) == (0, "")
    names = [line.split("\t")[0] for line in run.out.splitlines()]
    assert names == ["system-design", "personal", "listed", "team"]


def test_the_default_user_config_folder_is_under_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    mine = tmp_path / ".config" / "interview-notes" / "mine.md"
    path, problem = confine_path("templates", str(mine), tmp_path / "workspace")
    assert problem is None and path == mine.resolve()
    path, problem = confine_path("templates", str(tmp_path / ".bashrc"), tmp_path / "workspace")
    assert path is None and problem == f"templates: {tmp_path / '.bashrc'} {OUTSIDE}"


def test_a_file_that_is_not_a_note_template_is_refused(workspace: Path) -> None:
    (workspace / "one.md").write_text("# Only a title\n\n## One section\n", encoding="utf-8")
    (workspace / "comments.md").write_text("# a comment\n# another\n# a third\n", "utf-8")
    configure(workspace, ["one.md", "comments.md"])
    run = run_cli(workspace, "check", "note.md")
    assert_clean(run)
    for name in ("one.md", "comments.md"):
        assert f"templates: {workspace.resolve() / name}: not a note template" in run.err
    assert_rest_applies(run)


def test_a_template_over_the_size_cap_is_refused(workspace: Path) -> None:
    (workspace / "huge.md").write_text(TEMPLATE + "x" * 1_000_001, encoding="utf-8")
    configure(workspace, ["huge.md"])
    run = run_cli(workspace, "check", "note.md")
    assert_clean(run)
    assert "huge.md: larger than 1000000 bytes" in run.err
    assert_rest_applies(run)


# settings of the wrong shape -----------------------------------------------------------
BAD_SETTINGS: dict[str, tuple[str, str | bytes, str]] = {
    "tool-is-a-number": ("pyproject.toml", "tool = 1\n", "tool: expected a table, got int"),
    "table-is-a-number": (
        "pyproject.toml",
        "[tool]\ninterview-notes = 3\n",
        "expected a table of settings, got int",
    ),
    "broken-pyproject": ("pyproject.toml", "[tool\n", "pyproject.toml: "),
    "broken-settings-file": (".interview-notes.toml", "recognition = \n", ".interview-notes.toml"),
    "not-utf8": (".interview-notes.toml", b"recognition = '\xff'\n", ".interview-notes.toml"),
    "nested-too-deeply": (".interview-notes.toml", "x = " + "[" * 100_000, ".interview-notes"),
}


@pytest.mark.parametrize("case", sorted(BAD_SETTINGS))
def test_settings_of_the_wrong_shape_give_a_message(workspace: Path, case: str) -> None:
    name, content, message = BAD_SETTINGS[case]
    data = content if isinstance(content, bytes) else content.encode("utf-8")
    (workspace / name).write_bytes(data)
    run = run_cli(workspace, "check", "note.md")
    assert_clean(run)
    assert message in run.err
    assert run.code == 1 and "note.md:17:1: warning IN003" in run.out
    settings, errors = load_workspace_settings(workspace)
    assert settings == Settings() and len(errors) == 1 and message in errors[0]


def test_settings_files_that_are_not_files(workspace: Path) -> None:
    (workspace / ".git").mkdir()
    (workspace / "pyproject.toml").mkdir()
    run = run_cli(workspace, "check", "note.md")
    assert_clean(run)
    assert "pyproject.toml: not a regular file; ignored" in run.err
    assert run.code == 1


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_settings_file_that_is_a_fifo_is_not_opened(workspace: Path) -> None:
    (workspace / ".git").mkdir()
    os.mkfifo(workspace / ".interview-notes.toml")
    (workspace / "pyproject.toml").write_text("[tool.interview-notes]\nrules = {IN004 = 'off'}\n")
    run = run_cli(workspace, "check", "note.md")
    assert_clean(run)
    assert ".interview-notes.toml: not a regular file; ignored" in run.err
    assert_rest_applies(run)


# the server's settings -----------------------------------------------------------------
def fake_server(root: Path | None, client_settings: dict[str, Any]) -> Any:
    """What ``lsp.settings.load`` uses of a server: its root, the client's settings, and
    somewhere to put the result."""
    return SimpleNamespace(
        root=root,
        client_settings=client_settings,
        settings=Settings(),
        templates=TemplateSet.load(),
        invalidate=lambda: None,
    )


def test_editor_settings_are_confined_like_workspace_ones(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(workspace.parent / "xdg"))
    secret = workspace.parent / ".env"
    secret.write_text(SECRETS, encoding="utf-8")
    (workspace / "team.md").write_text(TEMPLATE.replace("Own", "Team"), encoding="utf-8")
    (workspace / "link.md").symlink_to(secret)
    (workspace / "tool.md").write_text(TEMPLATE.replace("Own", "Tool"), encoding="utf-8")
    server = fake_server(
        workspace,
        {
            # Devices that block or never end are tried in a child process below; this one
            # runs here, so it names only what cannot hang the test run if it regressed.
            "templates": ["/dev/null", str(secret), "link.md", "team.md"],
            "templatesFolder": "/etc",
            "rules": {"IN004": "off"},
        },
    )
    errors = lsp_settings.load(server)
    assert f"templates: /dev/null {OUTSIDE}" in errors
    assert f"templates: {secret} {OUTSIDE}" in errors
    assert f"templates: link.md {OUTSIDE}" in errors
    assert f"templatesFolder: /etc {OUTSIDE}" in errors
    assert [t.name for t in server.templates.templates] == ["system-design", "team"]
    assert server.settings.rules == {"IN004": "off"}
    # An absolute path inside the workspace is as good as a relative one.
    server = fake_server(workspace, {"templates": [str(workspace / "tool.md")]})
    assert lsp_settings.load(server) == []
    assert [t.name for t in server.templates.templates] == ["system-design", "tool"]


def test_editor_settings_without_a_workspace_only_reach_the_user_config_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    xdg = tmp_path / "xdg"
    (xdg / "interview-notes").mkdir(parents=True)
    (xdg / "interview-notes" / "mine.md").write_text(TEMPLATE, encoding="utf-8")
    (tmp_path / "theirs.md").write_text(TEMPLATE, encoding="utf-8")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(xdg))
    templates = ["relative.md", str(tmp_path / "theirs.md"), str(xdg / "interview-notes/mine.md")]
    server = fake_server(None, {"templates": templates})
    errors = lsp_settings.load(server)
    assert errors == [
        "templates: relative.md is relative and there is no workspace folder; ignored",
        f"templates: {tmp_path / 'theirs.md'} {OUTSIDE}",
    ]
    assert [t.name for t in server.templates.templates] == ["system-design", "mine"]


def test_a_pyproject_with_tool_of_the_wrong_type_loads_in_the_server(workspace: Path) -> None:
    (workspace / "pyproject.toml").write_text("tool = 1\n", encoding="utf-8")
    server = fake_server(workspace, {})
    assert lsp_settings.load(server) == [
        f"{workspace / 'pyproject.toml'}: tool: expected a table, got int; using the defaults"
    ]
    assert server.settings == Settings()


# the server process --------------------------------------------------------------------
def _frame(message: dict[str, Any]) -> bytes:
    body = json.dumps(message).encode("utf-8")
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def _read_messages(stream: Any, into: queue.Queue[dict[str, Any]]) -> None:
    while True:
        length = 0
        while True:
            line = stream.readline()
            if not line:
                return
            if line in (b"\r\n", b"\n"):
                break
            name, _, value = line.decode("ascii").partition(":")
            if name.strip().lower() == "content-length":
                length = int(value)
        into.put(json.loads(stream.read(length)))


def _wait_for(messages: queue.Queue[dict[str, Any]], wanted: Any, seen: list[Any]) -> Any:
    deadline = time.monotonic() + DEADLINE
    while time.monotonic() < deadline:
        try:
            message = messages.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            break
        seen.append(message)
        if wanted(message):
            return message
    pytest.fail(f"no answer from the server in {DEADLINE} s; got {seen}")


def _cap_memory() -> None:
    """A server reading /dev/zero fails with MemoryError instead of filling the machine."""
    import resource

    limit = 2 * 1024**3
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


SERVER_CASES = {
    "pyproject-tool-is-a-number": ("pyproject.toml", "tool = 1\n", None, "tool: expected"),
    "workspace-template-dev-stdin": (
        ".interview-notes.toml",
        'templates = ["/dev/stdin"]\n',
        None,
        f"templates: /dev/stdin {OUTSIDE}",
    ),
    "editor-template-dev-stdin": (None, "", {"templates": ["/dev/stdin"]}, "/dev/stdin"),
    "editor-template-dev-zero": (None, "", {"templates": ["/dev/zero"]}, "/dev/zero"),
}


@pytest.mark.skipif(not LINUX, reason="/dev/stdin as the protocol pipe is Linux behaviour")
@pytest.mark.parametrize("case", sorted(SERVER_CASES))
def test_the_stdio_server_answers_initialize(workspace: Path, case: str) -> None:
    name, content, options, message = SERVER_CASES[case]
    if name:
        (workspace / name).write_text(content, encoding="utf-8")
    env = {**os.environ, "XDG_CONFIG_HOME": str(workspace.parent / "xdg")}
    server = subprocess.Popen(
        [sys.executable, "-m", "interview_notes.lsp", "--stdio"],
        cwd=workspace,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        preexec_fn=_cap_memory,
    )
    assert server.stdin is not None and server.stdout is not None
    messages: queue.Queue[dict[str, Any]] = queue.Queue()
    threading.Thread(target=_read_messages, args=(server.stdout, messages), daemon=True).start()
    seen: list[Any] = []
    try:
        params = {
            "processId": None,
            "rootUri": workspace.as_uri(),
            "capabilities": {},
            "initializationOptions": options,
        }
        server.stdin.write(
            _frame({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": params})
        )
        server.stdin.flush()
        answer = _wait_for(messages, lambda m: m.get("id") == 1, seen)
        assert "capabilities" in answer.get("result", {}), answer
        server.stdin.write(_frame({"jsonrpc": "2.0", "method": "initialized", "params": {}}))
        server.stdin.flush()
        shown = _wait_for(
            messages,
            lambda m: m.get("method") == "window/showMessage" and message in m["params"]["message"],
            seen,
        )
        assert "Traceback" not in shown["params"]["message"]
        server.stdin.write(_frame({"jsonrpc": "2.0", "id": 2, "method": "shutdown"}))
        server.stdin.flush()
        _wait_for(messages, lambda m: m.get("id") == 2, seen)
        server.stdin.write(_frame({"jsonrpc": "2.0", "method": "exit"}))
        server.stdin.close()
        assert server.wait(timeout=DEADLINE) == 0
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
