"""GitHub Actions workflow commands: each finding an annotation on the pull request.

    ::warning file=paper.md,line=41,col=1,title=N001 footnote-number-missing::footnote 25 ...

Errors are ``::error``, warnings ``::warning``, info ``::notice``. The
message carries the record tags and, on a second line, the fix. Escaping as
the Actions runner expects: in the message ``%``, CR and LF become ``%25``,
``%0D``, ``%0A``; in property values ``:`` and ``,`` also become ``%3A`` and
``%2C``. Rules that did not run and notices become file-less notices.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from claimcheck.finding import Finding, Severity
from claimcheck.report._common import notices, not_run, record_tags, rule_table

if TYPE_CHECKING:
    from claimcheck.engine import VerifyResult

_COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(name: str, message: str, **properties: object) -> str:
    """One workflow command line; properties that are None are left out."""
    props = ",".join(f"{key}={escape_property(str(value))}"
                     for key, value in properties.items() if value is not None)
    return f"::{name}{' ' + props if props else ''}::{escape_data(message)}"


def render(results: Sequence[VerifyResult], *, color: bool = False, tool_version: str) -> str:
    rules = rule_table(results)
    lines = [_annotation(finding, rules[finding.code].name)
             for result in results for finding in result.findings]
    lines += [command("notice", f"{code} did not run: {reason}", title=f"{code} not run")
              for code, reason in not_run(results).items()]
    lines += [command("notice", notice, title="claimcheck") for notice in notices(results)]
    return "".join(line + "\n" for line in lines)


def _annotation(finding: Finding, rule_name: str) -> str:
    loc = finding.location
    message = finding.message
    tags = record_tags(loc)
    if tags:
        message += " " + " ".join(f"[{tag}]" for tag in tags)
    if finding.fix:
        message += f"\nfix: {finding.fix}"
    has_line = loc.line is not None
    return command(
        _COMMANDS[finding.severity], message,
        file=loc.path,
        line=loc.line,
        endLine=loc.end_line if has_line else None,
        col=loc.column if has_line else None,
        endColumn=loc.end_column if has_line and loc.end_line == loc.line else None,
        title=f"{finding.code} {rule_name}",
    )
