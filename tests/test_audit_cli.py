"""``claimcheck report`` end to end (offline)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimcheck.cli import main

ROOT = Path(__file__).resolve().parents[1]
MEMBERSHIP = ROOT / "tests" / "fixtures" / "audit" / "membership.md"


def invoke(*args: str, cwd: Path, env: dict | None = None):
    old = os.getcwd()
    try:
        os.chdir(cwd)
        return CliRunner().invoke(main, list(args), catch_exceptions=False, env=env)
    finally:
        os.chdir(old)


@pytest.fixture()
def project(tmp_path):
    shutil.copy(MEMBERSHIP, tmp_path / "paper.md")
    return tmp_path


def test_html_report_to_a_file(project):
    result = invoke("report", "paper.md", "--offline", "--output", "audit.html", cwd=project,
                    env={"SOURCE_DATE_EPOCH": "1595548800"})
    assert result.exit_code == 0, result.output
    html = (project / "audit.html").read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "2020-07-24" in html
    assert "&lt;script&gt;window.__pwned=1" in html


def test_markdown_report_to_standard_output_with_a_cap(project):
    result = invoke("report", "paper.md", "--offline", "--format", "markdown", "--max-chars", "3000",
                    "--full-report", "https://ci.example/run/1", cwd=project)
    assert result.exit_code == 0, result.output
    assert result.output.startswith("# claimcheck audit: ")
    assert len(result.output) <= 3001 and "(https://ci.example/run/1)" in result.output


def test_without_paper_it_reports_on_claims_yaml_with_the_reviewers_status(project):
    assert invoke("extract", "paper.md", cwd=project).exit_code == 0
    records = (project / "claims.yaml").read_text(encoding="utf-8")
    records = records.replace("status: unverified", "status: verified", 1)
    (project / "claims.yaml").write_text(records.replace("note:", "note: checked against p. 12", 1)
                                         if "note:" in records else records, encoding="utf-8")
    result = invoke("report", "--offline", "--format", "html", cwd=project)
    assert result.exit_code == 0, result.output
    assert "<dt>Reviewer</dt><dd>verified" in result.output


def test_a_missing_paper_is_an_input_error(project):
    result = invoke("report", "nowhere.md", "--offline", cwd=project)
    assert result.exit_code == 2
    assert "nowhere.md" in result.output


def test_no_paper_and_no_claims_yaml_is_an_input_error(project):
    result = invoke("report", "--offline", cwd=project)
    assert result.exit_code == 2 and "claims.yaml" in result.output
