"""Findings: the plain records every check yields and every reporter reads."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any

DOCS_URL = "https://github.com/claimcheck/claimcheck/blob/main/docs/rules.md#{code}"


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 3, "warning": 2, "info": 1}[self.value]

    def at_least(self, threshold: "Severity") -> bool:
        return self.rank >= threshold.rank


@dataclass(frozen=True, slots=True)
class Location:
    """Where a finding points: a file position plus the record it concerns."""

    path: str
    line: int | None = None
    column: int | None = None
    end_line: int | None = None
    end_column: int | None = None
    page: int | None = None
    footnote: int | None = None
    claim: str | None = None
    reference: str | None = None  # BibTeX key of a reference-list entry
    table: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "path": self.path, "line": self.line, "column": self.column, "page": self.page,
            "footnote": self.footnote, "claim": self.claim, "reference": self.reference,
            "table": self.table,
        }


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem a rule found: where, how bad, the evidence, and a fix when there is one."""

    code: str
    name: str
    severity: Severity
    message: str
    location: Location
    related: tuple[Location, ...] = ()
    evidence: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    fix: str | None = None

    def sort_key(self) -> tuple:
        loc = self.location
        return (loc.path, loc.line or 0, loc.column or 0, self.code, self.message)


@dataclass(frozen=True, slots=True)
class RuleMeta:
    """What reporters need to know of a rule (SARIF rule metadata, docs links)."""

    code: str
    name: str
    severity: Severity
    summary: str
    doc: str
    network: bool = False

    @property
    def family(self) -> str:
        return self.code[0]

    @property
    def url(self) -> str:
        return DOCS_URL.format(code=self.code.lower())
