"""Link checking: which URLs a paper or a set of files cites, and what became of them.

``collect`` finds URLs with their sources (path, line); ``options`` turns the
command line and ``[tool.claimcheck.links]`` into ``LinkSettings``; ``runner``
filters, remaps and hands the URLs to the probe engine (``claimcheck.net``);
``report`` renders a links run. Rules U003-U007 (``checks/links.py``) read
the same verdicts through ``CheckContext.probes``.

The verdict table below is the one place that says which rule a verdict is
reported under and whether it fails a CI run.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from claimcheck.links.collect import Source
    from claimcheck.net import LinkResult

LINKS_SCHEMA = "claimcheck/links@1"
NETWORK_UNREACHABLE = "network unreachable: URL checks not run"

# verdict -> (rule code, severity). ``redirected`` is reported only when permanent.
VERDICT_RULES: dict[str, tuple[str, str]] = {
    "broken": ("U003", "error"),
    "ssl_error": ("U003", "error"),
    "fragment_missing": ("U003", "warning"),
    "redirected": ("U004", "warning"),
    "soft_404": ("U005", "warning"),
    "blocked": ("U006", "warning"),
    "timeout": ("U006", "warning"),
}
ARCHIVE_RULE = "U007"
# Which verdicts make `claimcheck links` exit 1, per --fail-on. A redirect never
# fails a run (it still works); blocked and timeout are the site's choice, not
# the paper's fault, so they fail only when warnings do.
FAILING = {
    "error": frozenset({"broken", "ssl_error", "soft_404"}),
    "warning": frozenset({"broken", "ssl_error", "soft_404", "blocked", "timeout",
                          "fragment_missing"}),
    "never": frozenset(),
}
DEAD = frozenset({"broken", "soft_404", "ssl_error"})  # worth an archived copy


def reported(result: LinkResult) -> bool:
    """Whether a result is worth a finding (anything but ok, skipped, a temporary redirect)."""
    if result.verdict == "redirected":
        return bool(result.permanent)
    return result.verdict in VERDICT_RULES


@dataclass
class LinksRun:
    """One `claimcheck links` run: every URL's verdict and where it was found."""

    results: dict[str, LinkResult]  # url -> result, for every URL found
    sources: dict[str, list[Source]]  # url -> where it stands (path, line), sorted
    fail_on: str = "error"
    notices: list[str] = field(default_factory=list)

    def urls(self) -> list[str]:
        return sorted(self.results)

    def failing(self) -> list[str]:
        failing = FAILING[self.fail_on]
        return [url for url in self.urls() if self.results[url].verdict in failing]

    def summary(self) -> dict[str, int]:
        """verdict -> count, every verdict listed (zeros too), in ``net.VERDICTS`` order."""
        from claimcheck.net import VERDICTS

        counts = dict.fromkeys(VERDICTS, 0)
        for result in self.results.values():
            counts[result.verdict] = counts.get(result.verdict, 0) + 1
        return counts

    def paths(self) -> list[str]:
        return sorted({source.path for sources in self.sources.values() for source in sources})


def reason(result: LinkResult) -> str:
    """``HTTP 404``, ``HTTP 404: Not Found``, or the engine's short reason."""
    status = f"HTTP {result.http_status}" if result.http_status else ""
    if result.error and status and str(result.http_status) not in result.error:
        return f"{status}: {result.error}"
    return result.error or status or result.verdict


def message(code: str, url: str, result: LinkResult) -> str:
    """The one-line message of a finding of ``code`` about ``url`` (rules and reports share it)."""
    if code == "U003" and result.verdict == "fragment_missing":
        return f"URL {url} is there but its fragment is not: {reason(result)}"
    if code == "U003":
        return f"URL {url} is broken: {reason(result)}"
    if code == "U004":
        hops = " -> ".join(str(hop.status) for hop in result.redirects) or "301"
        return f"URL {url} permanently redirects ({hops}) to {result.final_url}"
    if code == "U005":
        return f"URL {url} answers with a missing-page (soft 404): {reason(result)}"
    if code == "U006":
        what = "timed out" if result.verdict == "timeout" else "refused the checker"
        return f"URL {url} could not be checked: the site {what} ({reason(result)})"
    if code == ARCHIVE_RULE:
        return f"URL {url} is dead but archived: {result.archived_url}"
    raise ValueError(f"no link message for {code}")


def codes_for(result: LinkResult) -> list[tuple[str, str]]:
    """(code, severity) of every finding a result gives: its verdict's rule, then U007."""
    found = []
    if reported(result):
        found.append(VERDICT_RULES[result.verdict])
    if result.verdict in DEAD and result.archived_url:
        found.append((ARCHIVE_RULE, "info"))
    return found
