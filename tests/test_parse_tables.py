"""parse/tables.py: pipe tables rebuilt into logical rows and membership relations."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimcheck.model import ParseProblem, Relation, Span
from claimcheck.parse.tables import find_pipe_tables, parse_pipe_table, split_members

FIXTURES = Path(__file__).parent / "fixtures" / "tables"
DEV_PAPER = Path(__file__).parents[1] / "papers" / "rauf-saud-2020.md"


def _lines(name: str) -> list[str]:
    return (FIXTURES / name).read_text(encoding="utf-8").splitlines()


def _table(name: str, **kwargs):
    lines = _lines(name)
    [(start, end)] = find_pipe_tables(lines)
    return parse_pipe_table(lines[start:end], first_line=start + 1, **kwargs)


# --------------------------------------------------------------------------
# find_pipe_tables


def test_find_tables_in_fixture_with_heading_and_paragraph():
    assert find_pipe_tables(_lines("membership_multiline_cells.md")) == [(2, 12)]


def test_find_tables_in_dev_paper():
    lines = DEV_PAPER.read_text(encoding="utf-8").splitlines()
    assert find_pipe_tables(lines) == [(235, 245)]


def test_unterminated_table_just_ends_at_end_of_file():
    lines = _lines("unterminated.md")
    assert find_pipe_tables(lines) == [(4, 8)]
    table = parse_pipe_table(lines[4:8])
    assert table.columns == ("Year", "Event")
    assert table.rows == (("2001", "Founded"), ("2017", "Enlarged"))


def test_find_tables_skips_code_fences_and_single_pipe_lines():
    lines = ["a | b is prose", "", "```", "| x | y |", "| 1 | 2 |", "```", "| lone |", "", "| p | q |", "|---|---|"]
    assert find_pipe_tables(lines) == [(8, 10)]


def test_find_tables_without_outer_pipes():
    lines = ["text", "A | B", "--|--", "1 | 2", "", "after"]
    assert find_pipe_tables(lines) == [(1, 4)]


def test_two_tables_separated_by_blank_line():
    lines = ["| a |", "|---|", "| 1 |", "", "| b |", "|---|"]
    assert find_pipe_tables(lines) == [(0, 3), (4, 6)]


# --------------------------------------------------------------------------
# The development paper's table


@pytest.fixture(scope="module")
def dev_table():
    return _table("membership_multiline_cells.md", title="Member States of CSTO and SCO", page=7, table_id="table-1")


def test_dev_table_header_split_over_separator_is_joined(dev_table):
    assert dev_table.columns == ("Membership Status", "SCO Member States", "CSTO Member States", "Common Members")


def test_dev_table_logical_rows(dev_table):
    assert dev_table.rows == (
        (
            "Full Members",
            "Russia, Tajikistan, Kazakhstan, Kyrgyzstan, China, Uzbekistan, Pakistan, India.",
            "Russia, Tajikistan, Kazakhstan, Kyrgyzstan, Armenia, Belarus.",
            "Russia, Tajikistan, Kazakhstan, Kyrgyzstan, Belarus (ob), Afghanistan (ob).",
        ),
        ("Observer States", "Afghanistan, Belarus, Iran, and Mongolia.", "Afghanistan, Serbia.", ""),
        ("Dialogue Partners", "Armenia, Azerbaijan, Cambodia, Nepal, Sri Lanka and Turkey.", "", ""),
    )


def test_dev_table_relations_are_exactly_what_it_states(dev_table):
    assert dev_table.relations == (
        Relation("SCO", "member", ("Russia", "Tajikistan", "Kazakhstan", "Kyrgyzstan", "China", "Uzbekistan", "Pakistan", "India")),
        Relation("SCO", "observer", ("Afghanistan", "Belarus", "Iran", "Mongolia")),
        Relation("SCO", "dialogue_partner", ("Armenia", "Azerbaijan", "Cambodia", "Nepal", "Sri Lanka", "Turkey")),
        Relation("CSTO", "member", ("Russia", "Tajikistan", "Kazakhstan", "Kyrgyzstan", "Armenia", "Belarus")),
        Relation("CSTO", "observer", ("Afghanistan", "Serbia")),
        Relation(
            "Common Members",
            "common",
            ("Russia", "Tajikistan", "Kazakhstan", "Kyrgyzstan", "Belarus", "Afghanistan"),
            (("Belarus", "ob"), ("Afghanistan", "ob")),
        ),
    )


def test_dev_table_metadata(dev_table):
    assert dev_table.id == "table-1"
    assert dev_table.title == "Member States of CSTO and SCO"
    assert dev_table.span == Span(3, 1, 12, None, 7)


def test_dev_table_straight_from_the_paper_matches_fixture(dev_table):
    lines = DEV_PAPER.read_text(encoding="utf-8").splitlines()
    table = parse_pipe_table(lines[235:245], first_line=236)
    assert table.relations == dev_table.relations
    assert table.span.line == 236 and table.span.end_line == 245


# --------------------------------------------------------------------------
# Generic rules on other tables


def test_running_column_left_out_of_a_tied_vote():
    table = _table("membership_running_column_tie.md")
    assert table.columns == ("Status", "NCU Member States", "Countries in Both")
    assert [row[0] for row in table.rows] == ["Full Members", "Associate Members", "Observer States"]
    assert table.rows[0][2] == "Cuba, Nicaragua, Venezuela."
    assert table.rows[1][2] == ""
    assert table.relations == (
        Relation("NCU", "member", ("Bolivia", "Cuba", "Nicaragua", "Venezuela")),
        Relation("NCU", "associate", ("Antigua and Barbuda", "Dominica", "Grenada")),
        Relation("NCU", "observer", ("Haiti", "Iran"), (("Haiti", "*"),)),
        Relation("Countries in Both", "common", ("Cuba", "Nicaragua", "Venezuela")),
    )


def test_simple_table_cells_cleaned_and_no_relations():
    table = _table("simple.md")
    assert table.columns == ("Country", "Year", "Share (%) & note")
    assert table.rows == (
        ("France", "2019", "12.5"),
        ("Spain", "2019", "9.1 revised"),
        ("Chile | Peru", "2020", "3"),
    )
    assert table.relations == ()


def test_ragged_rows_are_padded_or_truncated_and_reported():
    problems: list[ParseProblem] = []
    table = _table("ragged_rows.md", problems=problems)
    assert table.columns == ("Name", "Role", "Since")
    assert table.rows == (("Ada", "Chair", ""), ("Bob", "Member", "2019"), ("Cy", "", ""))
    assert [p.span.line for p in problems] == [3, 4, 5]
    assert "4 cells" in problems[1].message


def test_ragged_rows_without_problem_list_do_not_crash():
    assert len(_table("ragged_rows.md").rows) == 3


def test_first_body_row_with_empty_cell_is_not_a_header_without_evidence():
    table = parse_pipe_table(["| Name | Age |", "|---|---|", "| Bob | |", "| Alice | 30 |"])
    assert table.columns == ("Name", "Age")
    assert table.rows == (("Bob", ""), ("Alice", "30"))


def test_lowercase_start_continues_the_label():
    table = parse_pipe_table(
        ["| Status | ABC members |", "|---|---|", "| Observer | Chad. |", "| states | |", "| Members | Mali. |"]
    )
    assert [row[0] for row in table.rows] == ["Observer states", "Members"]
    assert table.relations == (Relation("ABC", "observer", ("Chad",)), Relation("ABC", "member", ("Mali",)))


def test_header_lines_before_separator_are_joined():
    table = parse_pipe_table(["| Member | Joined |", "| state | in |", "|---|---|", "| Peru | 2001 |"])
    assert table.columns == ("Member state", "Joined in")
    assert table.rows == (("Peru", "2001"),)


def test_empty_and_separator_only_input():
    assert parse_pipe_table([]).rows == ()
    assert parse_pipe_table(["|---|---|"]).columns == ()


def test_table_with_status_labels_but_no_membership_header_gives_no_relations():
    table = parse_pipe_table(["| Role | Score |", "|---|---|", "| Observer | 3 |", "| Runner | 4 |"])
    assert table.relations == ()


# --------------------------------------------------------------------------
# split_members


@pytest.mark.parametrize(
    ("text", "members", "notes"),
    [
        ("Afghanistan, Belarus, Iran, and Mongolia.", ("Afghanistan", "Belarus", "Iran", "Mongolia"), ()),
        ("Nepal, Sri Lanka and Turkey.", ("Nepal", "Sri Lanka", "Turkey"), ()),
        ("Trinidad and Tobago and Fiji", ("Trinidad and Tobago", "Fiji"), ()),
        ("Belarus (ob), Afghanistan (ob).", ("Belarus", "Afghanistan"), (("Belarus", "ob"), ("Afghanistan", "ob"))),
        ("A; B & C", ("A", "B", "C"), ()),
        ("", (), ()),
    ],
)
def test_split_members(text, members, notes):
    assert split_members(text) == (members, notes)


def test_label_wrap_in_a_single_data_column_table():
    table = parse_pipe_table(
        ["| Status | XYZ Members |", "|---|---|", "| Full Members | Peru. |", "| Dialogue | Fiji, Chad, |", "| Partners | Oman. |", "| Guests | |"]
    )
    assert [row[0] for row in table.rows] == ["Full Members", "Dialogue Partners", "Guests"]
    assert table.relations == (
        Relation("XYZ", "member", ("Peru",)),
        Relation("XYZ", "dialogue_partner", ("Fiji", "Chad", "Oman")),
    )


def test_plain_members_column_takes_organisation_from_title_and_other_columns_ignored():
    table = parse_pipe_table(
        ["| Status | Members | Year joined |", "|---|---|---|", "| Full members | Laos, Peru. | 1997 |", "| Observers | Fiji. | 2002 |"],
        title="ASEAN Membership",
    )
    assert table.relations == (
        Relation("ASEAN", "member", ("Laos", "Peru")),
        Relation("ASEAN", "observer", ("Fiji",)),
    )


def test_unnamed_members_column_beside_two_organisations_is_derived():
    table = parse_pipe_table(
        ["| Status | AB members | CD members | Members |", "|---|---|---|---|", "| Members | Laos, Peru. | Peru, Chad. | Peru. |"]
    )
    assert table.relations[-1] == Relation("Members", "common", ("Peru",))
    assert [r.organisation for r in table.relations] == ["AB", "CD", "Members"]
