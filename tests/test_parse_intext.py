"""parse/intext.py: numeric and author-year citations in the body, and their entries."""

from __future__ import annotations

import pytest

from claimcheck.model import Reference, Span, WorkFields
from claimcheck.parse.intext import find_in_text


def _entry(index: int, key: str, authors: tuple[str, ...] = (), year: str | None = None,
           label: str | None = None) -> Reference:
    return Reference(index, key, f"entry {index}", Span(100 + index), WorkFields(authors=authors, year=year), label)


NUMBERED = [
    _entry(1, "smith2019", ("Smith, John",), "2019", "[1]"),
    _entry(2, "lee2020", ("Lee, Kim",), "2020", "[2]"),
    _entry(3, "roe2018", ("Roe, Ann",), "2018", "3."),
    _entry(4, "doe2017", ("Doe, Jane",), "2017", "[4]"),
    _entry(5, "poe2016", ("Poe, Ed",), "2016", "[5]"),
]

AUTHOR_YEAR = [
    _entry(1, "smith2019", ("Smith, John", "Jones, Ann"), "2019"),
    _entry(2, "lee2017a", ("Lee, Kim",), "2017"),
    _entry(3, "lee2017b", ("Lee, Kim",), "2017"),
    _entry(4, "muller2018", ("Müller, Hans",), "2018"),
    _entry(5, "degrauwe2018", ("De Grauwe, Paul",), "2018"),
    _entry(6, "anon", ("Anon, A",), "n.d."),
]


def _found(text: str, references) -> list[tuple[str, str | None, str]]:
    return [(c.printed, c.ref_key, c.kind) for c in find_in_text(text, references)]


# --------------------------------------------------------------------------
# numeric


def test_numeric_list_and_range():
    text = "As shown [2, 3] and [3-5]."
    assert _found(text, NUMBERED) == [
        ("[2]", "lee2020", "numeric"), ("[3]", "roe2018", "numeric"),
        ("[3]", "roe2018", "numeric"), ("[4]", "doe2017", "numeric"), ("[5]", "poe2016", "numeric"),
    ]
    first = find_in_text(text, NUMBERED)[0]
    assert text[first.start: first.end] == "[2, 3]"


def test_numeric_en_dash_range_and_semicolon_list():
    assert [k for _, k, _ in _found("[1–2] and [4; 5]", NUMBERED)] == [
        "smith2019", "lee2020", "doe2017", "poe2016"]


def test_markdown_link_is_not_a_citation():
    assert _found("See [12](http://example.org) and [the site](http://x.org).", NUMBERED) == []


def test_unknown_number_is_unresolved():
    assert _found("Shown in [9].", NUMBERED) == [("[9]", None, "numeric")]


def test_numeric_only_when_the_list_is_numbered():
    assert [kind for *_, kind in _found("Shown in [1] by Smith (2019).", AUTHOR_YEAR)] == ["author_year"]


# --------------------------------------------------------------------------
# author-year


def test_parenthetical_with_several_items():
    text = "It holds (Smith and Jones, 2019, p. 4; Lee et al. 2017a)."
    found = find_in_text(text, AUTHOR_YEAR)
    assert [(c.printed, c.ref_key) for c in found] == [
        ("Smith and Jones, 2019", "smith2019"), ("Lee et al. 2017a", "lee2017a")]
    assert all(c.kind == "author_year" for c in found)
    assert text[found[1].start: found[1].end] == "Lee et al. 2017a"


def test_narrative():
    text = "Smith et al. (2019, p. 4) argue it."
    assert _found(text, AUTHOR_YEAR) == [("Smith et al. (2019, p. 4)", "smith2019", "author_year")]


def test_year_suffix_picks_the_entry_in_list_order():
    assert [k for _, k, _ in _found("(Lee 2017b; Lee 2017a)", AUTHOR_YEAR)] == ["lee2017b", "lee2017a"]


def test_year_suffix_printed_in_the_list_matches_exactly():
    references = [_entry(1, "x", ("Lee, Kim",), "2017b"), _entry(2, "y", ("Lee, Kim",), "2017a")]
    assert [k for _, k, _ in _found("(Lee 2017a)", references)] == ["y"]


def test_diacritics_are_folded():
    assert [k for _, k, _ in _found("(Muller, 2018) and Müller (2018)", AUTHOR_YEAR)] == [
        "muller2018", "muller2018"]


def test_family_name_with_a_particle():
    assert [k for _, k, _ in _found("De Grauwe (2018) and (De Grauwe 2018)", AUTHOR_YEAR)] == [
        "degrauwe2018", "degrauwe2018"]


def test_no_date():
    assert [k for _, k, _ in _found("(Anon, n.d.)", AUTHOR_YEAR)] == ["anon"]


@pytest.mark.parametrize(
    "text",
    ["Brown (2015) says so.", "(Smith 2018)", "(Lee 2016a)", "(Jones 2019)"],
)
def test_unresolved_author_year(text):
    found = find_in_text(text, AUTHOR_YEAR)
    assert len(found) == 1 and found[0].ref_key is None


@pytest.mark.parametrize("text", ["In 2019 (a good year) it grew.", "It grew (by 2019 standards).", "(see above)"])
def test_parentheses_without_author_and_year(text):
    assert find_in_text(text, AUTHOR_YEAR) == []


def test_narrative_inside_a_parenthetical_is_not_counted_twice():
    assert _found("(as Smith (2019) notes)", AUTHOR_YEAR) == [("Smith (2019)", "smith2019", "author_year")]
    assert _found("(Smith (2019))", AUTHOR_YEAR) == [("Smith (2019)", "smith2019", "author_year")]


def test_one_author_several_years():
    """"(Lee 2017a, 2017b)" and "Lee (2017a, 2017b)" cite two works of one author."""
    assert [(p, k) for p, k, _ in _found("It holds (Lee 2017a, 2017b; Smith and Jones, 2019).", AUTHOR_YEAR)] == [
        ("Lee 2017a", "lee2017a"), ("Lee 2017b", "lee2017b"), ("Smith and Jones, 2019", "smith2019")]
    assert [(p, k) for p, k, _ in _found("Lee (2017a, 2017b) argues it.", AUTHOR_YEAR)] == [
        ("Lee (2017a, 2017b)", "lee2017a"), ("Lee 2017b", "lee2017b")]


def test_a_page_after_the_year_is_no_second_year():
    assert [k for _, k, _ in _found("(Smith and Jones, 2019, 2045)", AUTHOR_YEAR)] == ["smith2019"]
    assert [k for _, k, _ in _found("(Smith and Jones, 2019, p. 45)", AUTHOR_YEAR)] == ["smith2019"]


# --------------------------------------------------------------------------
# author-page (MLA)

MLA = [_entry(1, "heaney1975", ("Heaney, Seamus",), "1975"), _entry(2, "kiberd1995", ("Kiberd, Declan",), "1995")]


def test_author_page_citations():
    assert _found("The bog keeps memory (Heaney 45; Kiberd 302-04).", MLA) == [
        ("Heaney 45", "heaney1975", "author_page"), ("Kiberd 302-04", "kiberd1995", "author_page")]


@pytest.mark.parametrize("text", ["(Table 2)", "(Figure 3; Article 5)", "(Chapter 4)", "(Russia)", "(Smith)"])
def test_what_is_no_author_page_citation(text):
    assert _found(text, MLA) == []


def test_a_short_title_tells_one_authors_works_apart():
    works = [_entry(1, "heaney1975north", ("Heaney, Seamus",), "1975"),
             _entry(2, "heaney1966death", ("Heaney, Seamus",), "1966")]
    works = [Reference(r.index, r.key, r.printed, r.span, WorkFields(authors=r.fields.authors, year=r.fields.year,
                       title=title), r.label) for r, title in zip(works, ("North", "Death of a Naturalist"))]
    assert _found("(Heaney, Death of a Naturalist 12; Heaney, North 45; Heaney, Wintering Out 3)", works) == [
        ("Heaney, Death of a Naturalist 12", "heaney1966death", "author_page"),
        ("Heaney, North 45", "heaney1975north", "author_page"),
        ("Heaney, Wintering Out 3", None, "author_page")]


def test_a_name_alone_cites_only_a_listed_author():
    assert _found("The bog keeps memory (Heaney); the nation matters (Russia).", MLA) == [
        ("Heaney", "heaney1975", "author_page")]
