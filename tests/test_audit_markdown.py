"""The Markdown audit: goldens, the size cap, escaping of paper text.

Goldens change only with ``pytest --update-goldens`` and a reviewed diff.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from claimcheck.audit import build_audit, render
from claimcheck.checks import all_rules
from claimcheck.engine import extract, verify
from claimcheck.net import LinkResult

ROOT = Path(__file__).parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "audit"
DEV_PAPER = ROOT / "papers" / "rauf-saud-2020.md"
ALLOWED_TAGS = {"details", "summary", "br", "b"}

# What the link checker would have said of the three URLs of links.md.
PROBES = {
    "https://en.odkb-csto.org/documents/charter": LinkResult(
        "https://en.odkb-csto.org/documents/charter", "ok", 200),
    "https://example.org/security-eurasia": LinkResult(
        "https://example.org/security-eurasia", "broken", 404,
        archived_url="https://web.archive.org/web/2019/https://example.org/security-eurasia"),
    "http://www.xinhuanet.com/english/2019-06/14/c_138143000.htm": LinkResult(
        "http://www.xinhuanet.com/english/2019-06/14/c_138143000.htm", "timeout"),
}


def result_of(name: str, *, probes: dict | None = None):
    """The fixture verified without the network rules, so the goldens do not change
    with them; ``probes`` stand in for a link check that was run."""
    path = FIXTURES / name
    paper = extract(path, display_path=f"tests/fixtures/audit/{name}")
    network = tuple(code for code, rule in all_rules().items() if rule.meta.network)
    result = verify(paper, ignore=network)
    result.probes = dict(probes or {})
    return result


def markdown(result, **options) -> str:
    return render(build_audit(result, date="2020-07-24", tool_version="0.1.0"), "markdown", **options)


@pytest.fixture(scope="module")
def dev_result():
    return verify(extract(DEV_PAPER, display_path="papers/rauf-saud-2020.md"))


def test_golden_membership_offline(golden):
    golden("audit-membership.md", markdown(result_of("membership.md")))


def test_golden_links_checked(golden):
    golden("audit-links.md", markdown(result_of("links.md", probes=PROBES)))


def test_url_verdicts_decide_the_claims_when_links_were_checked():
    text = markdown(result_of("links.md", probes=PROBES))
    assert "✅ 1 supported · ❌ 1 problem · ❔ 1 unverifiable · ⏸️ 1 not checked" in text
    assert "`https://example.org/security-eurasia` broken" in text
    assert "3 URLs probed" in text


def test_the_summary_comes_first(dev_result):
    text = markdown(dev_result)
    head = text[:1500]
    assert text.startswith("# claimcheck audit: ")
    assert "**Claims:**" in head and "**Findings:**" in head and "| Family |" in head
    assert text.index("**Not checked:**") < text.index("## ")


# --------------------------------------------------------------------------
# size cap


@pytest.mark.parametrize("limit", [60_000, 20_000, 6_000])
def test_the_report_fits_the_cap_and_keeps_its_tags_balanced(dev_result, limit):
    text = markdown(dev_result, max_chars=limit, full_report="https://ci.example/run/7")
    assert len(text) <= limit
    assert text.count("<details>") == text.count("</details>")
    assert text.count("<summary>") == text.count("</summary>")
    assert text.endswith("\n") and not text.endswith("\n\n")


def test_a_cut_report_says_so_and_points_to_the_full_html_report(dev_result):
    full = markdown(dev_result, max_chars=10_000_000)
    assert "[!NOTE]" not in full
    cut = markdown(dev_result, max_chars=8_000, full_report="https://ci.example/run/7")
    assert "This report was cut to 8,000 characters" in cut
    assert "[the full HTML report](https://ci.example/run/7)" in cut
    assert re.search(r"… \d+ more claims in the full report", cut)
    local = markdown(dev_result, max_chars=8_000)
    assert "claimcheck report --format html" in local


def test_the_default_cap_is_under_githubs_comment_limit(dev_result):
    assert len(markdown(dev_result)) <= 60_000 < 65_536


# --------------------------------------------------------------------------
# escaping


def _table_rows(text: str) -> list[list[str]]:
    """Markdown tables as lists of their raw lines (header, separator, rows)."""
    tables, current = [], []
    for line in text.splitlines():
        if line.startswith("|"):
            current.append(line)
        elif current:
            tables.append(current)
            current = []
    return tables + ([current] if current else [])


def _unescaped_pipes(line: str) -> int:
    return len(re.findall(r"(?<!\\)\|", line))


@pytest.mark.parametrize("name", ["links.md", "membership.md"])
def test_pipes_in_paper_text_do_not_break_a_table(name):
    text = markdown(result_of(name, probes=PROBES if name == "links.md" else None))
    tables = _table_rows(text)
    assert tables
    for table in tables:
        width = _unescaped_pipes(table[0])
        assert all(_unescaped_pipes(row) == width for row in table), table
    if name == "links.md":
        assert "3 \\| 4 by rank" in text  # the pipe of the sentence, escaped
        assert "Security \\| Eurasia" in text


@pytest.mark.parametrize("name", ["links.md", "membership.md"])
def test_html_in_paper_text_is_escaped(name):
    text = markdown(result_of(name, probes=PROBES if name == "links.md" else None))
    tags = {tag.lower() for tag in re.findall(r"</?([A-Za-z][\w-]*)", text)}
    assert tags <= ALLOWED_TAGS, tags - ALLOWED_TAGS
    assert "&lt;script&gt;" in text


def test_the_title_with_markup_is_escaped_in_the_heading():
    text = markdown(result_of("links.md", probes=PROBES))
    assert text.splitlines()[0] == "# claimcheck audit: Links \\| Pipes and Markup in a Paper"
