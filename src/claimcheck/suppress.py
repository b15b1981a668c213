"""Which findings to keep: --select/--ignore by code or prefix, and inline comments.

Inline, in the paper (HTML comments, invisible when the Markdown is rendered):

* ``<!-- claimcheck: ignore[U003,R002] -->`` on a line, or alone on the line
  above, silences those codes for findings on that line;
* ``<!-- claimcheck: ignore-file[C004] -->`` anywhere silences them everywhere.

A bare ``ignore`` (no codes) silences every code. Prefixes work in all
places: ``U`` is every URL rule, ``R00`` the first ten reference rules.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from claimcheck import rx

if TYPE_CHECKING:
    from claimcheck.finding import Finding

_INLINE = rx.compile(r"<!--\s*claimcheck:\s*(?P<scope>ignore-file|ignore)\s*(?:\[(?P<codes>[^\]]*)\])?\s*-->")
ALL = ("",)


def parse_codes(values: Iterable[str] | str | None) -> tuple[str, ...]:
    """'U003, R' and ['U003', 'R'] both give ('U003', 'R'), upper-cased."""
    if values is None:
        return ()
    if isinstance(values, str):
        values = [values]
    codes = []
    for value in values:
        codes.extend(part.strip().upper() for part in rx.split(r"[,\s]+", value) if part.strip())
    return tuple(codes)


def matches(code: str, prefixes: Sequence[str]) -> bool:
    return any(code.startswith(prefix) for prefix in prefixes)


def is_selected(code: str, select: Sequence[str], ignore: Sequence[str]) -> bool:
    """Selected unless ignored; the longer (more specific) prefix wins a tie."""
    selected = [p for p in (select or ALL) if code.startswith(p)]
    ignored = [p for p in ignore if code.startswith(p)]
    if not selected:
        return False
    return not ignored or max(map(len, selected)) > max(map(len, ignored))


@dataclass
class InlineSuppressions:
    """The paper's own ignore comments: codes silenced on one line, or in the whole file."""

    by_line: dict[int, tuple[str, ...]] = field(default_factory=dict)
    whole_file: tuple[str, ...] = ()

    def silences(self, finding: Finding) -> bool:
        if matches(finding.code, self.whole_file):
            return True
        line = finding.location.line
        return line is not None and matches(finding.code, self.by_line.get(line, ()))


def inline_suppressions(source: str) -> InlineSuppressions:
    suppressions = InlineSuppressions()
    whole: list[str] = []
    lines = source.split("\n")
    for index, line in enumerate(lines, start=1):
        for match in _INLINE.finditer(line):
            codes = parse_codes(match.group("codes")) or ALL
            if match.group("scope") == "ignore-file":
                whole.extend(codes)
                continue
            targets = [index]
            if not _INLINE.sub("", line).strip() and index < len(lines):
                targets.append(index + 1)  # a comment alone on its line covers the next line
            for target in targets:
                suppressions.by_line[target] = suppressions.by_line.get(target, ()) + codes
    suppressions.whole_file = tuple(whole)
    return suppressions


def filter_findings(findings: Iterable[Finding], select: Sequence[str], ignore: Sequence[str],
                    inline: InlineSuppressions | None = None) -> list[Finding]:
    kept = []
    for finding in findings:
        if finding.code != "X000" and not is_selected(finding.code, select, ignore):
            continue
        if inline is not None and inline.silences(finding):
            continue
        kept.append(finding)
    return kept
