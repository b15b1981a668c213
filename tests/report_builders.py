"""The one shared run every reporter is tested against (built by hand, no rules run).

Two papers. The first has findings of every severity, with footnote, claim,
reference and table tags, a related location, nested evidence, a fix, a
finding without a line, a message full of characters reporters must escape,
an X000 crash (a rule that was not selected), a selected rule with no
finding, an info-only rule, a rule not run, and a notice. The second has one
finding, so multi-paper handling shows in every golden.
"""

from __future__ import annotations

from dataclasses import replace

from claimcheck.checks import CRASH
from claimcheck.engine import VerifyResult, extract_text
from claimcheck.finding import Finding, Location, RuleMeta, Severity
from claimcheck.model import PaperMeta

TOOL_VERSION = "0.1.0"
MAIN = "papers/nato.md"
SECOND = "papers/second paper.md"


def _doc(summary: str, checks: str) -> str:
    return (f"{summary}\n\nWhat it checks\n    {checks}\n\nWhy it matters\n    A reader cannot "
            f"follow the citation.\n\nExample\n    ``[12]`` with no note 12.\n\nInstead\n"
            f"    Restore the note.")


RULES = {
    meta.code: meta for meta in (
        RuleMeta("C002", "claim-unsupported", Severity.INFO,
                 "A claim with no citation near it.", _doc("A claim with no citation near it.",
                                                          "Sentences that make a claim.")),
        RuleMeta("N001", "footnote-number-missing", Severity.WARNING,
                 "A footnote whose number was lost.",
                 _doc("A footnote whose number was lost.", "Footnotes printed without a number.")),
        RuleMeta("N002", "marker-without-note", Severity.ERROR,
                 "A marker in the text with no footnote.",
                 _doc("A marker in the text with no footnote.", "Markers with no note.")),
        RuleMeta("R003", "reference-uncited", Severity.WARNING,
                 "A reference-list entry never cited.",
                 _doc("A reference-list entry never cited.", "Entries nobody cites.")),
        RuleMeta("T001", "table-total-mismatch", Severity.WARNING,
                 "A table total that is not the sum of its rows.",
                 _doc("A table total that is not the sum of its rows.", "Totals rows.")),
        RuleMeta("U003", "url-dead", Severity.WARNING, "A URL that does not resolve.",
                 _doc("A URL that does not resolve.", "Every URL, over the network."),
                 network=True),
    )
}


def _finding(code: str, message: str, location: Location, *, severity: Severity | None = None,
             **extra) -> Finding:
    meta = RULES[code] if code in RULES else CRASH
    return Finding(code, meta.name, severity or meta.severity, message, location, **extra)


def _paper(path: str, source: str, title: str, year: str):
    paper = extract_text(source, path)
    return replace(paper, meta=PaperMeta(title=title, authors=("A. Author",), year=year))


def main_result() -> VerifyResult:
    paper = _paper(MAIN, "# NATO and the SCO\n\nText.\n", "NATO and the SCO", "2016")
    findings = [
        _finding("N002", "marker 12 has no footnote", Location(MAIN, 3, 14, 3, 16, page=1),
                 evidence={"marker": "12", "nearest": {"before": 11, "after": 13}},
                 fix="add footnote 12 or remove the marker"),
        _finding("C002", 'claim "50% of members agree: yes, all" cites nothing',
                 Location(MAIN, 5, 1, page=1, claim="c1a2b3"),
                 evidence={"sentence": 4, "kind": "statistic"}),
        _finding("N001", "footnote 25 has no printed number (inferred from the notes around it)",
                 Location(MAIN, 41, 1, page=3, footnote=25),
                 evidence={"text": "Tayyab Baloch, \u201cNATO Challenges SCO\u201d",
                           "inferred_number": 25},
                 fix="print the number 25 in front of the note"),
        _finding("R003", "reference smith2020 is never cited",
                 Location(MAIN, 60, 1, page=4, reference="smith2020"),
                 related=(Location(MAIN, 12, 3, page=1, footnote=3),)),
        _finding("T001", "total 120 | rows sum to 118 <b>\nsee row 2",
                 Location(MAIN, 80, 1, page=5, table="T1"), severity=Severity.ERROR,
                 evidence={"rows": [50, 68], "total": 120}),
        _finding("N001", "footnotes are numbered out of order", Location(MAIN),
                 severity=Severity.INFO),
        _finding("X000", "rule T002 (table-percent-sum) crashed: "
                 "ZeroDivisionError: division by zero", Location(MAIN),
                 evidence={"rule": "T002", "error": "ZeroDivisionError('division by zero')"}),
    ]
    findings.sort(key=Finding.sort_key)  # as the engine hands them over
    return VerifyResult(paper, findings, dict(RULES), {"U003": "offline: needs the network"},
                        ["claims.yaml is older than the paper; run claimcheck extract"])


def second_result() -> VerifyResult:
    paper = _paper(SECOND, "# Second\n\nText.\n", "Second", "2020")
    findings = [_finding("N002", "marker 2 has no footnote", Location(SECOND, 3, 5, page=1))]
    return VerifyResult(paper, findings, dict(RULES), {"U003": "offline: needs the network"})


def results() -> list[VerifyResult]:
    return [main_result(), second_result()]


def clean_result() -> VerifyResult:
    """A paper with no finding (for the empty-report paths)."""
    paper = _paper("clean.md", "# Clean\n\nText.\n", "Clean", "2021")
    return VerifyResult(paper, [], dict(RULES), {})
