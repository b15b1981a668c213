"""parse/acronyms.py: acronym definitions found the Schwartz-Hearst way."""

from __future__ import annotations

import pytest

from claimcheck.parse.acronyms import find_definitions


def _pairs(text: str) -> list[tuple[str, str]]:
    return [(d.acronym, d.expansion) for d in find_definitions(text)]


@pytest.mark.parametrize(
    ("text", "pair"),
    [
        ("the Collective Security Treaty Organization (CSTO) met", ("CSTO", "Collective Security Treaty Organization")),
        ("weapons of mass destruction (WMD) and", ("WMD", "weapons of mass destruction")),
        ("Commonwealth of Independent States (CIS) was", ("CIS", "Commonwealth of Independent States")),
        ("China's Belt and Road Initiative (BRI) got", ("BRI", "Belt and Road Initiative")),
        ("the Eurasian Economic Union (EAEU) is", ("EAEU", "Eurasian Economic Union")),
        ("the Organization for Security and Co-operation in Europe (OSCE) met",
         ("OSCE", "Organization for Security and Co-operation in Europe")),
    ],
)
def test_definitions(text, pair):
    assert _pairs(text) == [pair]


def test_long_form_starts_at_the_first_letter_not_earlier_words():
    text = "In this milieu, the new arrangement was Collective Security Treaty (CST) which"
    [definition] = find_definitions(text)
    assert definition.expansion == "Collective Security Treaty"
    assert text[definition.start:].startswith("Collective")
    assert text[: definition.end].endswith("(CST)")


def test_plural_short_form():
    assert _pairs("Central Asian Republics (CARs) need help") == [("CARs", "Central Asian Republics")]


def test_possessive_after_the_parenthesis():
    [definition] = find_definitions("United Nations Security Council (UNSC)'s 8626th meeting")
    assert definition.expansion == "United Nations Security Council"
    assert definition.end == len("United Nations Security Council (UNSC)'s")


def test_possessive_before_the_parenthesis_is_not_part_of_the_expansion():
    assert _pairs("the Collective Security Treaty Organization's (CSTO) role") == [
        ("CSTO", "Collective Security Treaty Organization")]


def test_several_definitions_in_one_text():
    text = ("the Collective Security Treaty Organization (CSTO) and the Shanghai "
            "Cooperation Organization (SCO).")
    assert [a for a, _ in _pairs(text)] == ["CSTO", "SCO"]
    second = find_definitions(text)[1]
    assert text[second.start: second.end] == "Shanghai Cooperation Organization (SCO)"


@pytest.mark.parametrize(
    "text",
    [
        "Kolektif Güvenlik Anlaşması Örgütü (CSTO) ile",  # letters do not cover the acronym
        "in 2002 (USA) it",  # nothing before spells it
        "Russia (see above) and",  # not a short form
        "a group of states (e.g. Russia)",
        "The treaty (the CST) was",
        "in the year (2002) it",  # digits only
        "a Something Else (AB)",
        "Rapid Reaction Force (A) here",  # one letter
    ],
)
def test_no_definition(text):
    assert find_definitions(text) == []
