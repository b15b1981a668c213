"""Every rule: registered with a code, a name, its four-heading documentation,
and fixtures — one file that must fire exactly where it says, one that must not.

Fixtures live in tests/fixtures/rules/<CODE>/{fires,passes}.md. In fires.md an
HTML comment ``<!-- expect: CODE -->`` on a line says a finding of CODE is
expected on that line (``<!-- expect: CODE x2 -->`` for two); ``<!-- expect-file:
CODE -->`` expects one with no line. passes.md must give no finding of CODE.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from claimcheck.checks import DOC_HEADINGS, all_rules
from claimcheck.engine import extract, verify

FIXTURES = Path(__file__).parent / "fixtures" / "rules"
RULES = all_rules()
OFFLINE_RULES = sorted(code for code, r in RULES.items() if not r.meta.network)
_EXPECT = re.compile(r"<!--\s*expect(?P<file>-file)?:\s*(?P<code>[A-Z]\d{3})(?:\s*x(?P<count>\d+))?\s*-->")


def expected_findings(path: Path, code: str) -> Counter:
    expected: Counter = Counter()
    for number, line in enumerate(path.read_text("utf-8").split("\n"), start=1):
        for match in _EXPECT.finditer(line):
            if match.group("code") == code:
                where = None if match.group("file") else number
                expected[where] += int(match.group("count") or 1)
    return expected


def findings_of(path: Path, code: str) -> Counter:
    result = verify(extract(path), select=(code,))
    assert all(f.code in {code, "X000"} for f in result.findings)
    crashes = [f.message for f in result.findings if f.code == "X000"]
    assert not crashes, crashes
    return Counter(f.location.line for f in result.findings)


def test_rules_exist():
    assert len(RULES) >= 1


@pytest.mark.parametrize("code", sorted(RULES))
def test_rule_is_documented(code):
    meta = RULES[code].meta
    assert re.fullmatch(r"[A-Z]\d{3}", meta.code)
    assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", meta.name)
    for heading in DOC_HEADINGS:
        assert f"\n{heading}\n" in f"\n{meta.doc}\n", f"{code} doc lacks '{heading}'"
    assert meta.summary and not meta.summary.startswith(DOC_HEADINGS)


@pytest.mark.parametrize("code", sorted(RULES))
def test_rule_has_both_fixtures(code):
    assert (FIXTURES / code / "fires.md").is_file()
    assert (FIXTURES / code / "passes.md").is_file()
    assert expected_findings(FIXTURES / code / "fires.md", code), "fires.md expects nothing"


@pytest.mark.parametrize("code", OFFLINE_RULES)
def test_rule_fires_exactly_where_expected(code):
    fires = FIXTURES / code / "fires.md"
    assert findings_of(fires, code) == expected_findings(fires, code)


@pytest.mark.parametrize("code", OFFLINE_RULES)
def test_rule_stays_silent_on_the_passing_fixture(code):
    assert findings_of(FIXTURES / code / "passes.md", code) == Counter()


def test_names_and_codes_are_unique():
    names = [r.meta.name for r in RULES.values()]
    assert len(names) == len(set(names))
