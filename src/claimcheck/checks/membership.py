"""Membership tables as organisations: who is a member of what, under which
status, by which names the text may call each organisation, and where a member
stands in the table's source.

Split from ``consistency`` because three rules read the same tables the same
way: C001 (the text against the table), C002 (a derived column against the
others) and C006 (counts against the table). A table's relations become one
``Organisation`` per column; ``TableOrganisations`` adds the names (the table's,
and through the paper's acronyms the acronym or its expansion) and the regex
that finds them in a sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from claimcheck.checks.entity_names import Mention, canonical_country, country_mentions, normal_expansion
from claimcheck.model import Paper, Table

# Table statuses that count as membership ("Full Members", "Founding members").
MEMBER_STATUSES = {"member", "founding_member"}
OBSERVER_STATUSES = {"observer"}


@dataclass(frozen=True, eq=False)
class Organisation:
    """One organisation of a membership table: status -> canonical members."""

    name: str
    table: Table
    statuses: dict[str, frozenset[str]]

    def members(self, *, observers: bool = False, everyone: bool = False) -> frozenset[str]:
        wanted = (set(self.statuses) if everyone else
                  MEMBER_STATUSES | (OBSERVER_STATUSES if observers else set()))
        return frozenset().union(*(m for s, m in self.statuses.items() if s in wanted))

    def status_of(self, country: str) -> str | None:
        for status in sorted(self.statuses, key=lambda s: s not in MEMBER_STATUSES):
            if country in self.statuses[status]:
                return status
        return None


def table_organisations(paper: Paper) -> list[Organisation]:
    """Every organisation of every table, a derived ("common") column excepted."""
    found = []
    for table in paper.tables:
        by_name: dict[str, dict[str, set[str]]] = {}
        for relation in table.relations:
            if relation.status == "common":
                continue
            statuses = by_name.setdefault(relation.organisation, {})
            statuses.setdefault(relation.status, set()).update(
                canonical_country(m) for m in relation.members)
        for name, statuses in by_name.items():
            found.append(Organisation(name, table, {s: frozenset(m) for s, m in statuses.items()}))
    return found


def _aliases(paper: Paper, organisations: list[Organisation]) -> dict[str, list[Organisation]]:
    """Every name the text may use for a table's organisation: the name as in the
    table, and through the paper's acronyms its expansion or its acronym."""
    aliases: dict[str, list[Organisation]] = {}
    for organisation in organisations:
        names = {organisation.name}
        for acronym in paper.acronyms:
            if organisation.name in {acronym.acronym, acronym.expansion} or _same_name(
                    acronym.expansion, organisation.name):
                names |= {acronym.acronym, acronym.expansion}
        for name in names:
            aliases.setdefault(name, []).append(organisation)
    return aliases


def _same_name(a: str, b: str) -> bool:
    return normal_expansion(a) == normal_expansion(b)


def _alias_alternation(aliases: dict[str, list[Organisation]]) -> str:
    """One regex alternation of the aliases (acronyms case-sensitive, names not)."""
    parts = []
    for name in sorted(aliases, key=len, reverse=True):
        escaped = re.escape(name).replace("ization", "i[sz]ation").replace("isation", "i[sz]ation")
        parts.append(escaped if name.isupper() else f"(?i:{escaped})")
    return "|".join(parts)


def _alias_key(text: str, aliases: dict[str, list[Organisation]]) -> str | None:
    for name in aliases:
        if name == text or (not name.isupper() and _same_name(name, text)):
            return name
    return None


class TableOrganisations:
    """The membership tables' organisations and how the text names them."""

    def __init__(self, paper: Paper) -> None:
        self.all = table_organisations(paper)
        self.aliases = _aliases(paper, self.all)
        self.names = _alias_alternation(self.aliases)  # regex alternation of every alias
        self.pattern = re.compile(rf"(?<![\w-])(?:{self.names})(?![\w-])") if self.names else None
        # organisations named in a row: "CSTO", "both CSTO and SCO", "either A or B"
        self.group = (rf"(?:the\s+)?(?P<orgs>(?:both\s+|either\s+|neither\s+)?(?:the\s+)?(?:{self.names})"
                      rf"(?:['’]s)?(?:\s*(?:,|and|or|nor)\s+(?:the\s+)?(?:{self.names}))*)(?![\w-])"
                      if self.names else None)

    def mentions(self, text: str) -> list[Mention]:
        if self.pattern is None:
            return []
        return [Mention(_alias_key(m.group(), self.aliases) or m.group(), m.start(), m.end())
                for m in self.pattern.finditer(text)]

    def resolve(self, text: str) -> list[Organisation]:
        result: list[Organisation] = []
        for mention in self.mentions(text):
            for organisation in self.aliases.get(mention.name, []):
                if organisation not in result:
                    result.append(organisation)
        return result


# --------------------------------------------------------------------------
# Where a member stands in the table's source


def member_cell_position(paper: Paper, table: Table, column: str, member: str | None) -> tuple[int, int]:
    """The file line and column of ``member`` in the derived column, else of the
    column's first cell that names a country."""
    index = table.columns.index(column) if column in table.columns else None
    first = table.span.line
    lines = paper.document.source.split("\n")[first - 1: table.span.end_line or first]
    fallback = None
    for number, line in enumerate(lines, start=first):
        cell = _cell_bounds(line, index) if index is not None else None
        if cell is None:
            continue
        start, end = cell
        text = line[start:end]
        if fallback is None and country_mentions(text):
            fallback = (number, start + 1)
        if member and member.split()[0] in text:
            return number, start + text.index(member.split()[0]) + 1
    return fallback or (first, 1)


def _cell_bounds(line: str, index: int) -> tuple[int, int] | None:
    """[start, end) of cell ``index`` of a pipe-table line."""
    pipes = [i for i, c in enumerate(line) if c == "|" and (i == 0 or line[i - 1] != "\\")]
    bounds = [-1, *pipes] if not line.lstrip().startswith("|") else pipes
    if index + 1 >= len(bounds):
        return None
    return bounds[index] + 1, bounds[index + 1]
