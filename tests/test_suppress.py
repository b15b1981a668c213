"""suppress.py: --select/--ignore by code prefix, and inline ignore comments in the paper."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimcheck.engine import extract, verify
from claimcheck.finding import Finding, Location, Severity
from claimcheck.suppress import filter_findings, inline_suppressions, is_selected, parse_codes


def finding(code: str, line: int | None) -> Finding:
    return Finding(code, "some-rule", Severity.WARNING, "message", Location("paper.md", line))


# --------------------------------------------------------------------------
# parse_codes


@pytest.mark.parametrize("value, expected", [
    ("U003, R", ("U003", "R")),
    (["U003", "R"], ("U003", "R")),
    (["u003,r002", " s "], ("U003", "R002", "S")),
    ("U001 U002", ("U001", "U002")),
    ("", ()),
    (None, ()),
])
def test_parse_codes(value, expected):
    assert parse_codes(value) == expected


# --------------------------------------------------------------------------
# is_selected


def test_everything_is_selected_by_default():
    assert is_selected("U001", (), ())
    assert is_selected("X000", (), ())


def test_a_code_outside_the_selection_is_not_selected():
    assert not is_selected("N001", ("U",), ())


def test_select_a_family_ignore_one_of_its_rules():
    assert is_selected("U001", ("U",), ("U003",))
    assert not is_selected("U003", ("U",), ("U003",))


def test_select_one_rule_of_an_ignored_family():
    assert is_selected("U003", ("U003",), ("U",))
    assert not is_selected("U001", ("U003",), ("U",))


def test_ignore_wins_when_select_and_ignore_are_equally_specific():
    assert not is_selected("U003", ("U003",), ("U003",))


def test_ignore_alone_keeps_everything_else():
    assert is_selected("N001", (), ("U",))
    assert not is_selected("U002", (), ("U",))


# --------------------------------------------------------------------------
# inline comments


def test_inline_comment_silences_its_own_line():
    source = "line one\nA URL https://x.org/a\\_b. <!-- claimcheck: ignore[U001] -->\nline three\n"
    inline = inline_suppressions(source)
    assert inline.silences(finding("U001", 2))
    assert not inline.silences(finding("U002", 2))  # another code
    assert not inline.silences(finding("U001", 1))  # another line
    assert not inline.silences(finding("U001", 3))  # a comment after text covers only its line


def test_comment_alone_on_a_line_covers_the_next_line():
    source = "intro\n<!-- claimcheck: ignore[U001, U002] -->\nA URL https://x.org/a\\_b.\nafter\n"
    inline = inline_suppressions(source)
    assert inline.silences(finding("U001", 3))
    assert inline.silences(finding("U002", 3))
    assert not inline.silences(finding("U001", 4))


def test_prefixes_work_inline():
    inline = inline_suppressions("text <!-- claimcheck: ignore[u] -->\n")
    assert inline.silences(finding("U003", 1))
    assert not inline.silences(finding("S002", 1))


def test_ignore_file_silences_everywhere():
    inline = inline_suppressions("a\nb\n<!--claimcheck:ignore-file[S004]-->\n")
    assert inline.silences(finding("S004", 1))
    assert inline.silences(finding("S004", None))  # a finding with no line
    assert not inline.silences(finding("S002", 1))


def test_bare_ignore_silences_every_code_on_the_line():
    inline = inline_suppressions("text <!-- claimcheck: ignore -->\nmore\n")
    assert inline.silences(finding("U001", 1))
    assert inline.silences(finding("N003", 1))
    assert not inline.silences(finding("U001", 2))


def test_other_html_comments_are_not_suppressions():
    inline = inline_suppressions("text <!-- ignore[U001] -->\n<!-- expect: U001 -->\n")
    assert not inline.silences(finding("U001", 1))
    assert not inline.silences(finding("U001", 2))


def test_filter_findings_applies_select_ignore_and_inline():
    inline = inline_suppressions("a <!-- claimcheck: ignore[U002] -->\nb\n")
    findings = [finding("U001", 1), finding("U002", 1), finding("U003", 2), finding("N001", 2),
                finding("X000", None)]
    kept = filter_findings(findings, ("U",), ("U003",), inline)
    # X000 (a rule crashed) is never filtered out by select/ignore
    assert [f.code for f in kept] == ["U001", "X000"]


# --------------------------------------------------------------------------
# end to end: a comment in the paper keeps a finding out of verify()

PAPER = """\
# A Paper

## 1. Introduction

The concept is online.<sup>1</sup> The report too.<sup>2</sup> And the charter.<sup>3</sup>

<sup>1</sup> "Policy Concept," *Ministry*, (2016), https://www.example.org/foreign\\_policy/item.htm. <!-- claimcheck: ignore[U001] -->

<!-- claimcheck: ignore[U] -->
<sup>2</sup> "Annual Report," *Secretariat*, (2020), https://www.example.org/annual\\_report.pdf.

<sup>3</sup> "Charter," *Secretariat*, (2002), https://www.example.org/the\\_charter.pdf.

## References

"Annual Report." *Secretariat*, 2020.

"Charter." *Secretariat*, 2002.

"Policy Concept." *Ministry*, 2016.
"""


@pytest.fixture
def paper_path(tmp_path: Path) -> Path:
    path = tmp_path / "paper.md"
    path.write_text(PAPER, "utf-8")
    return path


def test_inline_ignore_keeps_findings_out_of_verify(paper_path):
    paper = extract(paper_path)
    assert [n.n for n in paper.footnotes] == [1, 2, 3]
    result = verify(paper, select=("U001",))
    assert [(f.code, f.location.footnote) for f in result.findings] == [("U001", 3)]


def test_without_the_comments_all_three_are_reported(tmp_path):
    path = tmp_path / "paper.md"
    path.write_text(PAPER.replace("claimcheck:", "other-tool:"), "utf-8")
    result = verify(extract(path), select=("U001",))
    assert [f.location.footnote for f in result.findings] == [1, 2, 3]


def test_ignore_file_comment_end_to_end(tmp_path):
    path = tmp_path / "paper.md"
    path.write_text(PAPER + "\n<!-- claimcheck: ignore-file[U001] -->\n", "utf-8")
    assert verify(extract(path), select=("U001",)).findings == []
