"""``claimcheck extract`` end to end: through click's runner and a real process."""

from __future__ import annotations

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
FIXTURES = Path(__file__).parent / "fixtures" / "papers"


@pytest.fixture()
def workdir(tmp_path):
    shutil.copy(PAPER, tmp_path / "paper.md")
    return tmp_path


def run(*args, cwd=None):
    runner = CliRunner()
    old = os.getcwd()
    try:
        if cwd:
            os.chdir(cwd)
        return runner.invoke(main, list(args), catch_exceptions=False)
    finally:
        os.chdir(old)


def test_extract_writes_both_records_and_summarises(workdir):
    result = run("extract", "paper.md", cwd=workdir)
    assert result.exit_code == 0, result.output
    assert result.output.strip().startswith(
        "paper.md: 47 footnotes (2 numbers inferred); markers: 27 found, 12 recovered, 8 not inferable; "
        "34 references; 58 claims; 1 table")
    claims = (workdir / "claims.yaml").read_text("utf-8")
    assert "source: paper.md" in claims
    bib = (workdir / "references.bib").read_text("utf-8")
    assert bib.count("\n@") + bib.startswith("@") == 34
    assert "@article{kropatcheva2016russia," in bib


def test_out_dir_and_relative_source(workdir):
    result = run("extract", "paper.md", "--out", "records", cwd=workdir)
    assert result.exit_code == 0, result.output
    assert "source: ../paper.md" in (workdir / "records" / "claims.yaml").read_text("utf-8")


def test_dry_run_writes_nothing(workdir):
    result = run("extract", "paper.md", "--dry-run", cwd=workdir)
    assert result.exit_code == 0
    assert "dry run" in result.output
    assert not (workdir / "claims.yaml").exists()


def test_reextraction_keeps_human_annotations(workdir):
    assert run("extract", "paper.md", cwd=workdir).exit_code == 0
    claims_path = workdir / "claims.yaml"
    text = claims_path.read_text("utf-8")
    first_status = text.index("status: unverified")
    annotated = (text[:first_status] + "status: verified  # checked against the source\n"
                 + text[first_status + len("status: unverified\n"):])
    annotated = annotated.replace("note:\n", "note: seen by the editor\n", 1)
    claims_path.write_text(annotated, "utf-8")
    result = run("extract", "paper.md", cwd=workdir)
    assert result.exit_code == 0, result.output
    again = claims_path.read_text("utf-8")
    assert "status: verified  # checked against the source" in again
    assert "note: seen by the editor" in again


def test_edited_sentence_keeps_its_claim_id_and_annotation(workdir):
    assert run("extract", "paper.md", cwd=workdir).exit_code == 0
    from claimcheck.records.claims_yaml import load_claims

    before = load_claims(workdir / "claims.yaml")
    claim = next(c for c in before["claims"] if "SCO has averted 650 crimes" in c["text"])
    text = (workdir / "claims.yaml").read_text("utf-8")
    block_start = text.index(f"id: {claim['id']}")
    status_at = text.index("status: unverified", block_start)
    text = text[:status_at] + "status: disputed\n" + text[status_at + len("status: unverified\n"):]
    (workdir / "claims.yaml").write_text(text, "utf-8")
    paper = workdir / "paper.md"
    paper.write_text(paper.read_text("utf-8").replace("SCO has averted 650 crimes", "SCO has averted some 650 crimes"), "utf-8")
    assert run("extract", "paper.md", cwd=workdir).exit_code == 0
    after = load_claims(workdir / "claims.yaml")
    edited = next(c for c in after["claims"] if "averted some 650 crimes" in c["text"])
    assert edited["id"] == claim["id"]
    assert edited["status"] == "disputed"


def test_malformed_claims_file_is_reported_and_left_untouched(workdir):
    broken = "schema: 1\nclaims: [unclosed\n"
    (workdir / "claims.yaml").write_text(broken, "utf-8")
    result = CliRunner().invoke(main, ["extract", str(workdir / "paper.md"), "--out", str(workdir)])
    assert result.exit_code == 2
    assert "claims.yaml:" in result.output and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert (workdir / "claims.yaml").read_text("utf-8") == broken
    assert not (workdir / "references.bib").exists()


@pytest.mark.parametrize(("content", "message"), [
    (b"", "the file is empty"),
    (b"\x00\x01\x02binary", "binary file"),
    (b"caf\xe9 au lait\n", "not valid UTF-8"),
])
def test_bad_paper_is_one_line_and_exit_2(tmp_path, content, message):
    paper = tmp_path / "bad.md"
    paper.write_bytes(content)
    result = CliRunner().invoke(main, ["extract", str(paper), "--out", str(tmp_path)])
    assert result.exit_code == 2
    assert message in result.output
    assert str(paper) in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert not (tmp_path / "claims.yaml").exists()


def test_missing_paper_is_a_usage_error(tmp_path):
    result = CliRunner().invoke(main, ["extract", str(tmp_path / "nope.md")])
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_paper_without_notes_or_references_says_so(tmp_path):
    paper = tmp_path / "plain.md"
    paper.write_text("# Title\n\nJust prose, with nothing cited at all.\n", "utf-8")
    result = CliRunner().invoke(main, ["extract", str(paper), "--out", str(tmp_path)])
    assert result.exit_code == 0
    assert "0 footnotes" in result.output and "0 references" in result.output
    from claimcheck.engine import extract

    assert [p.message for p in extract(paper).problems] == ["no footnotes and no reference list were found"]


@pytest.mark.parametrize("name", ["numbered_references.md", "author_year.md", "pandoc_footnotes.md"])
def test_other_styles_extract(tmp_path, name):
    result = CliRunner().invoke(main, ["extract", str(FIXTURES / name), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "references.bib").read_text("utf-8").count("x-printed") >= 2


def test_real_process_help_and_extract(workdir):
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    help_run = subprocess.run([sys.executable, "-m", "claimcheck", "--help"], capture_output=True,
                              text=True, env=env, check=False)
    assert help_run.returncode == 0 and "extract" in help_run.stdout
    done = subprocess.run([sys.executable, "-m", "claimcheck", "extract", "paper.md"], cwd=workdir,
                          capture_output=True, text=True, env=env, check=False)
    assert done.returncode == 0, done.stderr
    assert "47 footnotes" in done.stdout
    assert (workdir / "claims.yaml").exists()


def test_reextraction_reports_a_hand_edited_bibtex_field_and_keeps_a_backup(workdir):
    assert run("extract", "paper.md", cwd=workdir).exit_code == 0
    bib = workdir / "references.bib"
    bib.write_text(bib.read_text("utf-8").replace("year = {2016},", "year = {2017},", 1), "utf-8")
    result = run("extract", "paper.md", cwd=workdir)
    assert result.exit_code == 0
    assert "references.bib:" in result.output and "machine fields changed" in result.output
    assert "edited by hand ('2017'); rewritten as '2016'" in result.output
    assert (workdir / "references.bib.bak").read_text("utf-8").count("year = {2017}") == 1


def test_the_summary_counts_in_text_citations_of_a_paper_without_notes(tmp_path):
    paper = Path(__file__).parent / "fixtures" / "papers" / "superscript_citations.md"
    result = CliRunner().invoke(main, ["extract", str(paper), "--dry-run"])
    assert result.exit_code == 0
    assert "0 footnotes" in result.output and "9 in-text citations (1 unresolved); 7 references" in result.output
