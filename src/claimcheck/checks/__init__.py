"""The rule registry, and the context a rule reads.

A rule is one small function registered with ``@rule(code, name, severity)``.
Its docstring is its documentation, under four headings::

    What it checks
    Why it matters
    Example
    Instead

It takes a ``RuleContext`` and yields ``Finding`` records built with
``ctx.finding(...)``; it never prints and never formats. A rule that raises
is reported as X000 rule-crashed by the runner, and the run goes on.
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from claimcheck.finding import Finding, Location, RuleMeta, Severity
from claimcheck.model import Footnote, Paper, Span

RULE_MODULES = ("notes", "crossrefs", "references", "citation_fields", "urls", "links", "consistency", "prose", "sources")
DOC_HEADINGS = ("What it checks", "Why it matters", "Example", "Instead")

CheckFunction = Callable[["RuleContext"], Iterable[Finding]]


@dataclass(frozen=True)
class Rule:
    """A registered rule: its metadata and its check function."""

    meta: RuleMeta
    check: CheckFunction

    @property
    def code(self) -> str:
        return self.meta.code


_REGISTRY: dict[str, Rule] = {}


def rule(code: str, name: str, severity: Severity | str, *, network: bool = False):
    """Register a check function as rule ``code``."""

    def register(function: CheckFunction) -> CheckFunction:
        doc = inspect.cleandoc(function.__doc__ or "")
        summary = doc.splitlines()[0] if doc else name
        meta = RuleMeta(code, name, Severity(severity), summary, doc, network)
        if code in _REGISTRY and _REGISTRY[code].check is not function:
            raise ValueError(f"rule code {code} registered twice")
        _REGISTRY[code] = Rule(meta, function)
        return function

    return register


def all_rules() -> dict[str, Rule]:
    """Every rule, by code, in code order (importing the rule modules once)."""
    for module in RULE_MODULES:
        try:
            importlib.import_module(f"claimcheck.checks.{module}")
        except ModuleNotFoundError as error:
            if error.name != f"claimcheck.checks.{module}":
                raise
    return dict(sorted(_REGISTRY.items()))


CRASH = RuleMeta("X000", "rule-crashed", Severity.ERROR,
                 "A rule raised an exception; its checks did not run.",
                 "What it checks\n\nNothing: it reports a rule that crashed, so a bug in "
                 "claimcheck never passes for a clean paper.")


@dataclass
class CheckContext:
    """What every rule may read: the extracted paper and the settings."""

    paper: Paper
    options: dict[str, Any] = field(default_factory=dict)
    probes: dict[str, Any] = field(default_factory=dict)  # network results, keyed by URL

    @property
    def path(self) -> str:
        return self.paper.document.path

    def note(self, n: int) -> Footnote | None:
        for note in self.paper.footnotes:
            if note.n == n:
                return note
        return None


@dataclass
class RuleContext:
    """A CheckContext bound to the rule being run, so findings carry its code."""

    base: CheckContext
    meta: RuleMeta

    @property
    def paper(self) -> Paper:
        return self.base.paper

    @property
    def options(self) -> dict[str, Any]:
        return self.base.options

    @property
    def probes(self) -> dict[str, Any]:
        return self.base.probes

    def note(self, n: int) -> Footnote | None:
        return self.base.note(n)

    def location(self, span: Span | None = None, **records: Any) -> Location:
        if span is None:
            return Location(self.base.path, **records)
        return Location(self.base.path, span.line, span.column, span.end_line, span.end_column,
                        span.page, **records)

    def finding(self, message: str, span: Span | None = None, *, related: Iterable[Location] = (),
                evidence: dict[str, Any] | None = None, fix: str | None = None,
                severity: Severity | None = None, **records: Any) -> Finding:
        return Finding(
            code=self.meta.code, name=self.meta.name,
            severity=severity or self.meta.severity, message=message,
            location=self.location(span, **records), related=tuple(related),
            evidence=evidence or {}, fix=fix,
        )


def run_rules(context: CheckContext, rules: Iterable[Rule]) -> Iterator[Finding]:
    """Run each rule; a crash becomes an X000 finding and the next rule runs."""
    for current in rules:
        bound = RuleContext(context, current.meta)
        try:
            yield from list(current.check(bound))
        except Exception as error:  # noqa: BLE001 - a rule's bug must not stop the run
            crash = RuleContext(context, CRASH)
            yield crash.finding(f"rule {current.code} ({current.meta.name}) crashed: "
                                f"{type(error).__name__}: {error}",
                                evidence={"rule": current.code, "error": repr(error)})
