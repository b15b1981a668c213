"""Every fixture paper of another style through the whole tool: records written
and re-written unchanged, every report format rendered (SARIF valid), the audit
report built. The findings each paper must give are in test_engine.py."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimcheck.cli import main

PAPERS = sorted((Path(__file__).parent / "fixtures" / "papers").iterdir())
SARIF_SCHEMA = Path(__file__).resolve().parents[2] / "shared" / "schemas" / "sarif-schema-2.1.0.json"


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.mark.parametrize("paper", PAPERS, ids=[p.name for p in PAPERS])
def test_records_are_written_and_re_extraction_changes_nothing(paper, tmp_path):
    first = run("extract", str(paper), "--out", str(tmp_path))
    assert first.exit_code == 0, first.output
    written = {name: (tmp_path / name).read_bytes() for name in ("claims.yaml", "references.bib")}
    again = run("extract", str(paper), "--out", str(tmp_path))
    assert again.exit_code == 0 and "edited" not in again.output
    assert {name: (tmp_path / name).read_bytes() for name in written} == written


@pytest.mark.parametrize("paper", PAPERS, ids=[p.name for p in PAPERS])
def test_every_report_format_renders(paper):
    outputs = {}
    for fmt in ("text", "json", "markdown", "sarif", "junit", "github"):
        result = run("verify", str(paper), "--offline", "--format", fmt, "--fail-on", "never")
        assert result.exit_code == 0, (fmt, result.output)
        outputs[fmt] = result.output
    findings = json.loads(outputs["json"])["findings"]
    sarif = json.loads(outputs["sarif"])
    assert len(sarif["runs"][0]["results"]) == len(findings)
    ET.fromstring(outputs["junit"])
    if SARIF_SCHEMA.exists():
        jsonschema = pytest.importorskip("jsonschema")
        jsonschema.validate(sarif, json.loads(SARIF_SCHEMA.read_text("utf-8")))


@pytest.mark.parametrize("paper", PAPERS, ids=[p.name for p in PAPERS])
def test_the_audit_report_is_built(paper, tmp_path):
    for fmt in ("html", "markdown"):
        result = run("report", str(paper), "--offline", "--format", fmt, "-o", str(tmp_path / f"audit.{fmt}"))
        assert result.exit_code == 0, result.output
        assert (tmp_path / f"audit.{fmt}").read_text("utf-8").strip()
