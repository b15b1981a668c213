"""Which table cells stand behind a consistency finding.

C001 (text against table), C002 (derived column) and C006 (count against
table) carry in their evidence the table, the organisation or column, and the
members concerned; the cells of that column naming those members are the ones
a reader should look at. When no cell names them (the text names a member
the table does not list), the column's header is highlighted instead.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from claimcheck.finding import Finding
from claimcheck.model import Table

TABLE_RULES = ("C001", "C002", "C006")

Cell = tuple[int, int]  # (row, column); row -1 is the header


def highlighted_cells(table: Table, findings: Sequence[Finding]) -> dict[Cell, list[int]]:
    """(row, column) -> indices of the findings that point at that cell."""
    cells: dict[Cell, list[int]] = {}
    for index, finding in enumerate(findings):
        if finding.code not in TABLE_RULES or _table_of(finding) != table.id:
            continue
        for cell in _cells_of(table, finding):
            cells.setdefault(cell, []).append(index)
    return cells


def _table_of(finding: Finding) -> str | None:
    return finding.evidence.get("table") or finding.location.table


def _cells_of(table: Table, finding: Finding) -> list[Cell]:
    evidence = finding.evidence
    if finding.code == "C001":
        columns = _columns_of(table, [evidence.get("organisation")])
        return _naming(table, columns, [evidence.get("country")])
    if finding.code == "C002":
        columns = _columns_of(table, [evidence.get("column")])
        names = [*evidence.get("printed_not_computed", ()), evidence.get("member")]
        return _naming(table, columns, names)
    organisations = list((evidence.get("members") or {}).keys())
    columns = _columns_of(table, organisations)
    return _naming(table, columns, evidence.get("shared") or ())


def _columns_of(table: Table, names: Iterable[str | None]) -> list[int]:
    """The columns (never the row-label column) whose header is or names one of ``names``."""
    found = []
    for name in filter(None, names):
        pattern = re.compile(rf"(?<![\w-]){re.escape(name)}(?![\w-])", re.IGNORECASE)
        for column, header in enumerate(table.columns):
            if column and (header == name or pattern.search(header)) and column not in found:
                found.append(column)
    if not found and len(table.columns) == 2:
        found = [1]  # a single-organisation table: the organisation is in the title
    return found


def _naming(table: Table, columns: list[int], names: Iterable[str | None]) -> list[Cell]:
    wanted = [name for name in names if name]
    cells = []
    for row_index, row in enumerate(table.rows):
        for column in columns:
            if column < len(row) and any(_names(row[column], name) for name in wanted):
                cells.append((row_index, column))
    return cells or [(-1, column) for column in columns]


def _names(cell: str, name: str) -> bool:
    if re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", cell, re.IGNORECASE):
        return True
    return any(_canonical(member) == name for member in _members(cell))


def _members(cell: str) -> tuple[str, ...]:
    from claimcheck.parse.tables import split_members

    return split_members(cell)[0]


def _canonical(name: str) -> str:
    """The canonical country name the consistency rules compare ("Kyrgyz Republic" -> "Kyrgyzstan")."""
    from claimcheck.parse.claims import country_pattern

    _, canonical = country_pattern()
    name = name.strip()
    return canonical.get(name) or canonical.get(name.lower()) or name
