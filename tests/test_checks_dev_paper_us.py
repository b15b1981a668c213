"""U001, U002, S002 and S004 on the development paper: every finding, exactly.

Each expectation was judged as a copy editor would: a URL is malformed when
the printed text would not take a reader to the document (a line-wrap space,
a Markdown escape, a glued ``$``, a hyphen lost at a line wrap), never for the
full stop or bracket that follows it.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from claimcheck.engine import extract, verify
from claimcheck.finding import Severity

PAPER = Path(__file__).resolve().parents[1] / "papers" / "rauf-saud-2020.md"
CODES = ("U001", "U002", "S002", "S004")


@pytest.fixture(scope="module")
def findings():
    return verify(extract(PAPER), select=CODES).findings


def of(findings, code):
    return [f for f in findings if f.code == code]


def test_only_the_selected_codes_and_no_crash(findings):
    assert {f.code for f in findings} <= set(CODES)


# --------------------------------------------------------------------------
# U001 malformed-url

# footnote number or reference key -> line of the URL
U001_NOTES = {3: 72, 14: 134, 17: 152, 18: 154, 19: 156, 33: 226, 34: 247, 37: 259, 46: 315}
U001_ENTRIES = {
    "foreign2016policy": 331, "interview2018csto": 333, "russia2019help": 337,
    "grauwe2018russia": 345, "haas2013partners": 346, "nikitina2013security": 357,
    "officialndwebsite": 358, "peng2019china": 360, "united2019nations": 366,
}


def test_u001_exactly(findings):
    u001 = of(findings, "U001")
    notes = {f.location.footnote: f.location.line for f in u001 if f.location.footnote}
    entries = {f.location.reference: f.location.line for f in u001 if f.location.reference}
    assert notes == U001_NOTES
    assert entries == U001_ENTRIES
    assert len(u001) == len(U001_NOTES) + len(U001_ENTRIES)  # one per URL occurrence
    assert all(f.severity is Severity.WARNING for f in u001)


def u001_at(findings, **where):
    (found,) = [f for f in of(findings, "U001")
                if all(getattr(f.location, k) == v for k, v in where.items())]
    return found


def test_u001_line_wrap_and_split_escape_in_note_34(findings):
    f = u001_at(findings, footnote=34)
    assert f.evidence["repairs"] == ["removed line-wrap space", "rejoined split percent-escape '%20'"]
    assert f.fix == ("https://www.clingendael.org/sites/default/files/pdfs/"
                     "Partners%20and%20Competitors%20%20NATO%20and%20the%20(Far)%20East.pdf")
    assert "%2 0the%20 (Far) %20East.pdf" in f.evidence["printed"]
    assert f.location.column == 109


def test_u001_line_wrap_in_the_haas_entry(findings):
    f = u001_at(findings, reference="haas2013partners")
    assert f.evidence["repairs"] == ["removed line-wrap space"]
    assert f.fix == u001_at(findings, footnote=34).fix


def test_u001_markdown_escape_keeps_the_printed_form(findings):
    f = u001_at(findings, footnote=3)
    assert "foreign\\_policy" in f.evidence["printed"]
    assert "Markdown escape '\\_'" in f.message
    assert f.fix == ("https://www.mid.ru/en/foreign_policy/official_documents/-/asset_publisher/"
                     "CptICkB6BZ29/content/id/2542248")


def test_u001_glued_latex_dollar_in_note_37(findings):
    f = u001_at(findings, footnote=37)
    assert f.evidence["repairs"] == ["glued '$' after the URL"]
    assert f.fix == "https://en.odkbcsto.org/international_org/sco/"


def test_u001_lost_hyphen_reported_at_the_entry_that_lost_it(findings):
    f = u001_at(findings, reference="grauwe2018russia")
    assert f.fix == ("https://blogs.lse.ac.uk/europpblog/2018/04/28/"
                     "why-russia-is-economically-weak-and-politically-strong/")
    assert len(f.evidence["repairs"]) == 1 and "hyphen lost" in f.evidence["repairs"][0]
    assert "note 12" in f.evidence["repairs"][0]


def test_u001_sentence_final_full_stop_is_not_a_finding(findings):
    flagged = {f.location.footnote for f in of(findings, "U001")}
    # these notes print their URL followed only by the sentence's full stop
    assert not flagged & {2, 7, 8, 9, 10, 12, 15, 21, 22, 24, 25, 28, 29, 32, 35, 36, 39}


# --------------------------------------------------------------------------
# U002 url-differs-from-reference


def test_u002_exactly(findings):
    u002 = of(findings, "U002")
    assert [(f.location.footnote, f.location.line) for f in u002] == [(3, 72), (12, 118), (37, 259)]
    assert [f.related[0].reference for f in u002] == [
        "foreign2016policy", "grauwe2018russia", "officialndwebsite"]
    assert [f.related[0].line for f in u002] == [331, 345, 358]


def test_u002_shows_both_values(findings):
    by_note = {f.location.footnote: f for f in of(findings, "U002")}
    note3 = by_note[3]
    assert "/-/asset_publisher/" in note3.evidence["note_url"]
    assert "/-asset_publisher/" in note3.evidence["reference_url"]
    assert note3.evidence["note_url"] in note3.message
    assert note3.evidence["reference_url"] in note3.message
    assert "why-russia" in by_note[12].evidence["note_url"]
    assert "whyrussia" in by_note[12].evidence["reference_url"]
    assert by_note[37].evidence["note_url"].startswith("https://en.odkbcsto.org/")
    assert by_note[37].evidence["reference_url"] == "http://www.odkb.gov.ru/start/index_aengl.htm"


# --------------------------------------------------------------------------
# S002 quote-without-source


def test_s002_exactly(findings):
    s002 = of(findings, "S002")
    assert [f.location.line for f in s002] == [66]
    (f,) = s002
    assert f.evidence["sentence"].startswith("However, the same document also maintains")
    assert f.location.claim and f.location.claim.startswith("c")


# --------------------------------------------------------------------------
# S004 time-sensitive-claim

S004_LINES = Counter({58: 1, 106: 1, 160: 2, 178: 1, 184: 1, 198: 2, 255: 1, 269: 1, 323: 1})


def test_s004_exactly(findings):
    s004 = of(findings, "S004")
    assert Counter(f.location.line for f in s004) == S004_LINES
    assert all(f.severity is Severity.INFO for f in s004)
    assert all(f.evidence["paper_year"] == "2020" and "2020" in f.message for f in s004)


def test_s004_triggers(findings):
    triggers = {(f.location.line, t) for f in of(findings, "S004") for t in f.evidence["triggers"]}
    assert {(58, "Currently"), (106, "Presently"), (160, "currently"), (160, "is no more member"),
            (178, "nowadays"), (198, "no new membership is given after 2017"),
            (198, "presently"), (255, "are members"), (323, "Presently")} <= triggers


def test_s004_located_at_the_claim_when_the_sentence_is_one(findings):
    by_line = {}
    for f in of(findings, "S004"):
        by_line.setdefault(f.location.line, []).append(f.location.claim)
    assert all(by_line[198]) and all(by_line[160])
    assert by_line[106] == [None]  # "Presently, China neither makes demands..." is not a claim


def test_nothing_spurious_at_warning_level(findings):
    warnings = [f for f in findings if f.severity.at_least(Severity.WARNING)]
    assert len(warnings) == len(U001_NOTES) + len(U001_ENTRIES) + 3 + 1
