"""action.yml and .pre-commit-hooks.yaml: well-formed, wired to real commands, injection-safe."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from ruamel.yaml import YAML

from claimcheck.cli import main

ROOT = Path(__file__).resolve().parents[1]


def load(name: str):
    return YAML(typ="safe").load((ROOT / name).read_text(encoding="utf-8"))


def test_the_action_takes_paper_fail_on_and_version():
    action = load("action.yml")
    assert set(action["inputs"]) == {"paper", "fail-on", "version"}
    assert action["runs"]["using"] == "composite"


def test_the_action_uploads_sarif_and_writes_the_audit_to_the_job_summary():
    steps = load("action.yml")["runs"]["steps"]
    scripts = "\n".join(step.get("run", "") for step in steps)
    assert "claimcheck verify" in scripts and "--format sarif" in scripts
    assert any(step.get("uses", "").startswith("github/codeql-action/upload-sarif@") for step in steps)
    assert re.search(r'claimcheck report .*--format markdown.*\n?.*>> "\$GITHUB_STEP_SUMMARY"', scripts)
    assert all(step.get("shell") == "bash" for step in steps if "run" in step)


def test_no_input_is_pasted_into_a_script():
    for step in load("action.yml")["runs"]["steps"]:
        assert "${{" not in step.get("run", ""), f"step {step.get('name')}: pass inputs through env"


def test_the_hooks_run_existing_commands_on_the_right_files():
    hooks = {hook["id"]: hook for hook in load(".pre-commit-hooks.yaml")}
    assert set(hooks) == {"claimcheck-links", "claimcheck-verify"}
    assert set(hooks["claimcheck-links"]["types_or"]) == {"markdown", "bib"}
    assert hooks["claimcheck-verify"]["types"] == ["markdown"]
    for hook in hooks.values():
        program, command, *_ = shlex.split(hook["entry"])
        assert program == "claimcheck" and command in main.commands
        assert hook["language"] == "python"
