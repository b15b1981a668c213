"""The N and R rules on the development paper: exactly these findings, each a real defect.

papers/rauf-saud-2020.md keeps its conversion damage; what the note and
reference rules report on it is pinned here finding by finding (code, note or
entry, key evidence), and nothing else may appear. A new finding on this
paper means a rule changed: judge it like a copy editor before updating.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from claimcheck.checks.citation_fields import page_numbers, plausible_year_problem
from claimcheck.checks.works import same_work, spelling_variants
from claimcheck.engine import extract, extract_text, verify
from claimcheck.finding import Severity
from claimcheck.model import WorkFields

ROOT = Path(__file__).resolve().parents[1]
PAPER = ROOT / "papers" / "rauf-saud-2020.md"
NR_CODES = ("N001", "N002", "N003", "N004", "N005", "N006",
            "R001", "R002", "R003", "R004", "R005", "R006")

# notes whose body marker was lost: inferred from the text, or not inferable
INFERRED = {3, 4, 9, 11, 17, 18, 19, 25, 28, 33, 43, 46}
NOT_INFERABLE = {1, 5, 6, 7, 8, 10, 12, 14}


@pytest.fixture(scope="module")
def paper():
    return extract(PAPER, display_path="papers/rauf-saud-2020.md")


@pytest.fixture(scope="module")
def findings(paper):
    result = verify(paper, select=NR_CODES)
    assert not [f for f in result.findings if f.code == "X000"]
    return result.findings


def of(findings, code):
    return [f for f in findings if f.code == code]


def test_n001_numbers_lost_in_notes_25_and_31(findings):
    assert sorted(f.location.footnote for f in of(findings, "N001")) == [25, 31]


def test_n002_exactly_the_notes_whose_marker_was_lost(paper, findings):
    lost = {n.n: n.marker.form for n in paper.footnotes if n.marker.form in {"inferred", "none"}}
    assert set(lost) == INFERRED | NOT_INFERABLE
    reported = {f.location.footnote: f for f in of(findings, "N002")}
    assert set(reported) == set(lost)
    for n, finding in reported.items():
        if n in INFERRED:
            assert finding.evidence["confidence"] is not None
            assert finding.evidence["inferred_line"] and finding.evidence["sentence"]
            assert finding.related and finding.related[0].line == finding.evidence["inferred_line"]
        else:
            assert finding.evidence["confidence"] is None and finding.evidence["inferred_line"] is None
        assert finding.location.line == paper.footnotes[n - 1].span.line
    note3 = reported[3]
    assert note3.evidence["inferred_line"] == 66
    assert note3.evidence["sentence"].startswith("The most important document namely Russia's Foreign Policy")


def test_numbering_markers_and_cross_references_are_clean(findings):
    # 47 notes in order; every marker has its note; every REF/Ibid. names the right work
    for code in ("N003", "N004", "N005"):
        assert of(findings, code) == [], code


def test_n006_notes_whose_title_lost_a_quotation_mark(findings):
    reported = {f.location.footnote: f for f in of(findings, "N006")}
    assert set(reported) == {11, 14, 18, 21, 34}
    for n in (11, 14, 18, 21):
        assert "opening mark" in reported[n].evidence["suggestion"]
    assert reported[11].fix.startswith('insert " before "Integrating the Eurasian Union')
    assert "Partners and competitors" in reported[34].evidence["suggestion"]
    assert all(f.severity is Severity.INFO for f in reported.values())


def test_every_cited_work_is_listed_and_every_entry_cited_once(findings):
    assert of(findings, "R001") == []
    assert of(findings, "R002") == []
    assert of(findings, "R005") == []  # notes 13 and 41 cite 1527, inside 1526-1552
    assert of(findings, "R006") == []  # two works by Weitz are not duplicates


def test_r003_field_mismatches(findings):
    got = {(f.location.footnote, f.evidence["field"]): f for f in of(findings, "R003")}
    assert set(got) == {(7, "container"), (13, "title"), (17, "title"), (29, "year"), (30, "title")}

    asan = got[7, "container"]
    assert (asan.evidence["note"], asan.evidence["reference"]) == ("The Asian Forum", "The Asan Forum")
    assert asan.related[0].reference == "kaczmarski2019russia"

    year = got[29, "year"]
    assert (year.evidence["note"], year.evidence["reference"]) == ("201", "2010")

    variant = got[13, "title"]  # Organization/Organisation, repeated by note 41
    assert variant.severity is Severity.INFO
    assert variant.evidence["notes"] == [13, 41]
    assert "Organisation" in variant.evidence["reference"]

    missing_title = got[17, "title"]  # the entry prints the meeting, not the document's title
    assert missing_title.evidence["reference"].startswith("United Nations' Security Council")
    assert "lacks the title" in missing_title.evidence["how"]

    swallowed = got[30, "title"]  # the closing quote of note 30 falls after the journal's name
    assert swallowed.evidence["note"].endswith("Central Asia and the Caucasus")
    assert "runs on into the container" in swallowed.evidence["how"]
    for finding in got.values():
        assert finding.location.footnote and finding.related[0].reference


def test_r004_the_truncated_year_of_note_29(findings):
    (finding,) = of(findings, "R004")
    assert finding.location.footnote == 29
    assert finding.evidence["year"] == "201" and finding.evidence["reference_year"] == "2010"
    assert finding.fix == "print the year as 2010"


def test_nothing_else_at_warning_or_error(findings):
    expected = ({("N001", n) for n in (25, 31)} | {("N002", n) for n in INFERRED | NOT_INFERABLE}
                | {("R003", n) for n in (7, 17, 29, 30)} | {("R004", 29)})
    serious = [f for f in findings if f.severity.at_least(Severity.WARNING)]
    assert sorted((f.code, f.location.footnote) for f in serious) == sorted(expected)


# --------------------------------------------------------------------------
# what the development paper does not exercise


AUTHOR_YEAR = """# Trust in Science Communication

## Introduction

Public trust in science fell during 2020 (Smith 2019).
A claim with a citation not in the list (Miller 2005) stays unresolved.

## References

Smith, John. 2019. "Trust Metrics." *Public Understanding of Science* 28 (1): 1–15.

Park, Min. 2018. *Why Readers Skip Sources*. Oxford: Oxford University Press.
"""


def test_in_text_citations_without_entry_and_entries_never_cited():
    result = verify(extract_text(AUTHOR_YEAR, "paper.md"), select=("R001", "R002"))
    assert [(f.code, f.evidence.get("printed") or f.evidence.get("reference")) for f in result.findings] \
        == [("R001", "Miller 2005"), ("R002", "park2018readers")]


@pytest.mark.parametrize("pages, expected", [
    ("1527", [(1527, 1527)]), ("pp. 45–47", [(45, 47)]), ("1526-52", [(1526, 1552)]),
    ("3, 9", [(3, 3), (9, 9)]), ("xii", None), ("A3", None),
])
def test_page_numbers(pages, expected):
    assert page_numbers(pages) == expected


@pytest.mark.parametrize("year, implausible", [
    ("201", True), ("2010", False), ("2022", True), ("2021", False), ("1651", False),
    ("1203", True), ("n.d.", False), ("2019a", False), ("forthcoming", False),
])
def test_plausible_years(year, implausible):
    assert (plausible_year_problem(year, 2020) is not None) is implausible


def test_spelling_variants_are_not_typos():
    assert spelling_variants("Security Treaty Organization", "Security Treaty Organisation")
    assert spelling_variants("The Centre of Labour", "The Center of Labor")
    assert not spelling_variants("The Asian Forum", "The Asan Forum")
    assert not spelling_variants("Same Title", "same title")


def test_same_work_allows_short_titles_and_particles():
    full = WorkFields(authors=("de Haas, Marcel",), title='Partners and competitors" NATO and the (Far) East')
    assert same_work(WorkFields(authors=("Haas, Marcel de",), title="Partners and competitors"), full)
    assert not same_work(WorkFields(authors=("Roe, Jane",), title="Rivals and Partners"), full)
