"""The C (consistency) rules on the development paper: exactly what a careful
copy editor would mark, and nothing else.

What the paper gets wrong with itself:

* line 34 (abstract): "local leaders of CARs" before "Central Asian Republics
  (CARs)" is defined (line 54) -> C004 warning;
* line 178: "ISIS" is never spelled out -> C004 info;
* line 212: "dormant in 2009 ... operative in 2017 and after a seven-year
  break" -- 2009 -> 2017 is eight years -> C003;
* line 257: "leaders of CSTO and CSTO" -> C005.

What it gets right, and must not be flagged for: "Uzbekistan ... is not its
member currently" / "is no more member of CSTO" (the table has no Uzbekistan
under CSTO), "granting the membership of SCO to Pakistan and India" (both SCO
full members), the "Common Members" column (the members-and-observers
intersection, "(ob)" on the two observers), "more than half members of CSTO
are members of SCO" (4 of 6), "Almost after eight years" (only 2001 is stated).
The mutation tests prove that silence is computed, not a blind spot: change
the paper so one of those statements becomes false, and the rule speaks.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from claimcheck.engine import extract, extract_text, verify
from claimcheck.finding import Severity

PAPER = Path(__file__).resolve().parents[1] / "papers" / "rauf-saud-2020.md"


@pytest.fixture(scope="module")
def findings():
    return verify(extract(PAPER), select=("C",)).findings


def _by_code(findings, code):
    return [f for f in findings if f.code == code]


def test_exact_c_findings(findings):
    assert [(f.code, f.severity.value, f.location.line) for f in findings] == [
        ("C004", "warning", 34),
        ("C004", "info", 178),
        ("C003", "warning", 212),
        ("C005", "warning", 257),
    ]


def test_no_table_contradiction_derived_column_or_count_claim(findings):
    assert not _by_code(findings, "C001")
    assert not _by_code(findings, "C002")
    assert not _by_code(findings, "C006")


def test_seven_year_break_against_2009_to_2017(findings):
    (finding,) = _by_code(findings, "C003")
    assert finding.location.line == 212
    assert finding.evidence["duration"] == "after a seven-year break"
    assert finding.evidence["stated_years"] == 7
    assert finding.evidence["nearest"] == [2009, 2017]
    assert finding.evidence["difference"] == 8
    assert set(finding.evidence["years"]) == {2005, 2009, 2017}
    # the other end of the mismatch: the sentence stating 2005 and 2009
    assert [r.line for r in finding.related] == [212]
    assert "dormant in 2009" in finding.evidence["context"][-1]


def test_csto_and_csto(findings):
    (finding,) = _by_code(findings, "C005")
    assert finding.evidence["phrase"] == "CSTO and CSTO"
    assert finding.evidence["entity"] == "CSTO"


def test_acronyms(findings):
    used_before, never_defined = _by_code(findings, "C004")
    assert used_before.severity is Severity.WARNING
    assert used_before.evidence["acronym"] == "CARs"
    assert used_before.evidence["defined_at"] == 54
    assert [r.line for r in used_before.related] == [54]
    assert never_defined.severity is Severity.INFO
    assert never_defined.evidence["acronym"] == "ISIS"


# --------------------------------------------------------------------------
# mutations: the same paper made inconsistent, one statement at a time


def _mutated(old: str, new: str, code: str):
    source = PAPER.read_text("utf-8")
    assert source.count(old) == 1, old
    paper = extract_text(source.replace(old, new), str(PAPER))
    return [(f.code, f.location.line) for f in verify(paper, select=(code,)).findings]


def test_c001_speaks_when_the_table_lists_uzbekistan_under_csto():
    assert _mutated("| Armenia, Belarus.       |", "| Uzbekistan, Belarus.    |", "C001") == [
        ("C001", 160), ("C001", 160)]


def test_c002_speaks_when_an_observer_loses_its_note():
    assert _mutated("| Belarus (ob), |", "| Belarus,      |", "C002") == [("C002", 243)]


def test_c003_speaks_when_the_almost_eight_years_get_a_second_year():
    assert _mutated("Almost after eight years,", "Almost after eight years, in 2011,", "C003") == [
        ("C003", 126), ("C003", 212)]


def test_c006_speaks_when_more_than_half_becomes_all():
    assert _mutated("more than half members of CSTO", "all members of CSTO", "C006") == [("C006", 255)]
