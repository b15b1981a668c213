"""``claimcheck verify`` and ``claimcheck rules`` end to end."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimcheck.cli import main

ROOT = Path(__file__).resolve().parents[1]
PAPER = ROOT / "papers" / "rauf-saud-2020.md"
FIXTURES = Path(__file__).parent / "fixtures"


def invoke(*args: str, cwd: Path | None = None):
    old = os.getcwd()
    try:
        if cwd is not None:
            os.chdir(cwd)
        return CliRunner().invoke(main, list(args), catch_exceptions=False)
    finally:
        os.chdir(old)


@pytest.fixture()
def project(tmp_path):
    (tmp_path / "papers").mkdir()
    shutil.copy(PAPER, tmp_path / "papers" / "paper.md")
    assert invoke("extract", "papers/paper.md", cwd=tmp_path).exit_code == 0
    return tmp_path


def test_verify_without_argument_reads_claims_yaml(project):
    result = invoke("verify", "--offline", "--format", "json", cwd=project)
    assert result.exit_code in (0, 1), result.output
    report = json.loads(result.output)
    assert report["schema"] == "claimcheck/findings@1"
    assert report["paper"]["path"] == "papers/paper.md"
    codes = {f["code"] for f in report["findings"]}
    assert {"N001", "N002", "U001"} <= codes


def test_stale_records_are_reported_with_the_fix(project):
    paper = project / "papers" / "paper.md"
    paper.write_text(paper.read_text("utf-8") + "\nA new closing sentence.\n", "utf-8")
    result = invoke("verify", "--offline", cwd=project)
    assert "stale" in result.output
    assert "claimcheck extract papers/paper.md" in result.output


def test_no_paper_and_no_claims_yaml_is_a_usage_error(tmp_path):
    result = invoke("verify", "--offline", cwd=tmp_path)
    assert result.exit_code == 2
    assert "claims.yaml" in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_fail_on_decides_the_exit_code(project):
    assert invoke("verify", "--offline", "--fail-on", "warning", cwd=project).exit_code == 1
    assert invoke("verify", "--offline", "--fail-on", "never", cwd=project).exit_code == 0
    only_info = invoke("verify", "--offline", "--select", "S004", "--fail-on", "warning", cwd=project)
    assert only_info.exit_code == 0
    assert "S004" in only_info.output


def test_select_and_ignore_by_prefix(project):
    result = invoke("verify", "--offline", "--format", "json", "--select", "N,U", "--ignore", "U001", cwd=project)
    codes = {f["code"] for f in json.loads(result.output)["findings"]}
    assert codes and all(code[0] in "NU" for code in codes)
    assert "U001" not in codes


def test_config_file_settings_apply(project):
    (project / "claimcheck.toml").write_text('select = ["N001"]\nfail-on = "warning"\n', "utf-8")
    result = invoke("verify", "--offline", "--format", "json", cwd=project)
    assert result.exit_code == 1
    assert {f["code"] for f in json.loads(result.output)["findings"]} == {"N001"}


def test_malformed_config_is_exit_2(project):
    (project / "claimcheck.toml").write_text("select = [unclosed\n", "utf-8")
    result = invoke("verify", "--offline", cwd=project)
    assert result.exit_code == 2
    assert "claimcheck.toml" in result.output


def test_output_file_is_written_atomically_and_is_valid_sarif(project):
    result = invoke("verify", "--offline", "--format", "sarif", "--output", "out.sarif", "--fail-on", "never", cwd=project)
    assert result.exit_code == 0
    sarif = json.loads((project / "out.sarif").read_text("utf-8"))
    assert sarif["version"] == "2.1.0"
    assert sarif["runs"][0]["results"]
    assert not list(project.glob("*.tmp*"))


def test_json_output_is_byte_identical_across_runs(project):
    first = invoke("verify", "--offline", "--format", "json", cwd=project).output
    second = invoke("verify", "--offline", "--format", "json", cwd=project).output
    assert first == second


def test_jobs_give_the_same_results_as_one_process(tmp_path):
    papers = []
    for index in range(3):
        target = tmp_path / f"paper{index}.md"
        shutil.copy(PAPER if index == 0 else FIXTURES / "papers" / "pandoc_footnotes.md", target)
        papers.append(str(target))
    serial = invoke("verify", "--offline", "--format", "json", "--fail-on", "never", *papers)
    parallel = invoke("verify", "--offline", "--format", "json", "--fail-on", "never", "--jobs", "2",
                      *papers)
    assert serial.exit_code == parallel.exit_code == 0
    assert json.loads(serial.output) == json.loads(parallel.output)
    assert len(json.loads(parallel.output)["papers"]) == 3


def test_unreadable_paper_is_exit_2(tmp_path):
    bad = tmp_path / "bad.md"
    bad.write_bytes(b"\x00\x00binary")
    result = invoke("verify", "--offline", str(bad))
    assert result.exit_code == 2
    assert "binary" in result.output and "Traceback" not in result.output


def test_rules_lists_every_rule_and_explains_one():
    listing = invoke("rules")
    assert listing.exit_code == 0
    lines = listing.output.strip().splitlines()
    assert any(line.startswith("N001  footnote-number-missing") for line in lines)
    assert [line[:4] for line in lines] == sorted(line[:4] for line in lines)
    explained = invoke("rules", "u001")
    assert explained.exit_code == 0
    for heading in ("What it checks", "Why it matters", "Example", "Instead"):
        assert heading in explained.output
    assert invoke("rules", "Z999").exit_code == 2


def test_offline_flag_is_accepted(project):
    result = invoke("verify", "--offline", "--format", "json", "--fail-on", "never", cwd=project)
    assert result.exit_code == 0


def test_real_process_verify(project):
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    done = subprocess.run([sys.executable, "-m", "claimcheck", "verify", "--offline", "--format", "github",
                           "--fail-on", "never"], cwd=project, capture_output=True, text=True,
                          env=env, check=False)
    assert done.returncode == 0, done.stderr
    assert "::warning file=papers/paper.md,line=" in done.stdout


def test_docs_rules_md_is_current():
    from claimcheck.checks import all_rules
    from claimcheck.cli.rules import rules_markdown

    committed = (ROOT / "docs" / "rules.md").read_text("utf-8")
    assert committed == rules_markdown(all_rules()), "run: claimcheck rules --format markdown > docs/rules.md"
