"""The rule runner: a rule that raises becomes an X000 finding and the run goes on."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimcheck.checks import _REGISTRY, CRASH, CheckContext, all_rules, rule, run_rules
from claimcheck.engine import extract, verify
from claimcheck.finding import Severity

N001_FIRES = Path(__file__).parent / "fixtures" / "rules" / "N001" / "fires.md"

DOC = """{summary}

What it checks
    Nothing; a rule for the runner's tests.

Why it matters
    It proves a crash is isolated.

Example
    None.

Instead
    Nothing.
"""


@pytest.fixture
def temporary_rules():
    """Register rules for one test and take them out of the registry afterwards."""
    added: list[str] = []

    def register(code: str, name: str, function, severity: str = "warning"):
        function.__doc__ = DOC.format(summary=name)
        rule(code, name, severity)(function)
        added.append(code)
        return function

    yield register
    for code in added:
        _REGISTRY.pop(code, None)


@pytest.fixture(scope="module")
def paper():
    return extract(N001_FIRES)


def test_a_crashing_rule_becomes_x000_and_the_others_still_run(temporary_rules, paper):
    def crashes(ctx):
        raise ZeroDivisionError("division by zero in a rule")

    temporary_rules("Z901", "always-crashes", crashes)
    result = verify(paper, select=("Z901", "N001"))
    codes = sorted(f.code for f in result.findings)
    assert codes == ["N001", "X000"]
    crash = next(f for f in result.findings if f.code == "X000")
    assert crash.name == CRASH.name == "rule-crashed"
    assert crash.severity is Severity.ERROR
    assert "Z901" in crash.message and "ZeroDivisionError" in crash.message
    assert crash.evidence["rule"] == "Z901"
    assert crash.location.path == paper.document.path


def test_a_crash_in_the_middle_of_a_generator_drops_its_partial_findings(temporary_rules, paper):
    def half_done(ctx):
        yield ctx.finding("first finding", footnote=1)
        raise KeyError("missing")

    def fine(ctx):
        yield ctx.finding("a finding of a healthy rule", footnote=2)

    temporary_rules("Z902", "crashes-halfway", half_done)
    temporary_rules("Z903", "healthy-rule", fine)
    context = CheckContext(paper)
    rules = [all_rules()[code] for code in ("Z902", "Z903")]
    findings = list(run_rules(context, rules))
    assert [(f.code, f.message.split(":")[0]) for f in findings] == [
        ("X000", "rule Z902 (crashes-halfway) crashed"),
        ("Z903", "a finding of a healthy rule"),
    ]


def test_every_rule_crashing_still_gives_one_x000_each(temporary_rules, paper):
    def crashes(ctx):
        raise RuntimeError("boom")

    temporary_rules("Z904", "crash-one", crashes)
    temporary_rules("Z905", "crash-two", lambda ctx: (_ for _ in ()).throw(ValueError("bad")))
    result = verify(paper, select=("Z904", "Z905"))
    assert [f.evidence["rule"] for f in result.findings] == ["Z904", "Z905"]


def test_x000_survives_ignore_of_other_codes(temporary_rules, paper):
    def crashes(ctx):
        raise RuntimeError("boom")

    temporary_rules("Z906", "crash-three", crashes)
    result = verify(paper, select=("Z906",), ignore=("N",))
    assert [f.code for f in result.findings] == ["X000"]


def test_temporary_rules_are_gone_afterwards():
    assert not [code for code in all_rules() if code.startswith("Z9")]


def test_registering_a_second_function_under_a_code_is_refused(temporary_rules):
    def first(ctx):
        return iter(())

    def second(ctx):
        return iter(())

    temporary_rules("Z907", "first-rule", first)
    with pytest.raises(ValueError):
        rule("Z907", "second-rule", "warning")(second)
