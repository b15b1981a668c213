"""parse/claims.py: what makes a sentence a claim, its kind, facts and stable id."""

from __future__ import annotations

import pytest

from claimcheck.model import Acronym, Entity, Sentence, Span
from claimcheck.parse.claims import (
    build_claims, carry_ids, claim_id, claim_kind, entities_in, is_english, numbers_in,
    quotes_in, years_in,
)

ACRONYMS = {
    "CSTO": Acronym("CSTO", "Collective Security Treaty Organization", Span(1)),
    "SCO": Acronym("SCO", "Shanghai Cooperation Organization", Span(2)),
}


def _sentence(index: int, text: str) -> Sentence:
    return Sentence(index=index, text=text, span=Span(index + 1, 1, page=1), section="Intro", block=0)


# --------------------------------------------------------------------------
# quotes, numbers, years


def test_quotes_of_three_words_or_more():
    text = 'He said "the treaty is working well" and called it "fine" and “a real success story”.'
    assert quotes_in(text) == ("the treaty is working well", "a real success story")


def test_quote_left_open_at_the_end_of_the_sentence():
    text = 'It states "the practice of joint operations will be continued'
    assert quotes_in(text) == ("the practice of joint operations will be continued",)


def test_scare_quotes_are_not_quotes():
    assert quotes_in('a new category namely "dialogue partners" for states') == ()


def test_numbers_figures_percentages_and_spelled_numbers():
    text = "Around 3,500 soldiers, more than 800 police, 45% and 12.5 per cent in 2019; twice a two-year plan."
    assert numbers_in(text) == ("3,500", "800", "45%", "12.5 per cent", "twice", "two-year")


def test_years_are_not_numbers():
    assert numbers_in("It was founded in 2001 and enlarged in 2017.") == ()
    assert numbers_in("During 2019-2021 and 1994–1999.") == ()


def test_years():
    assert years_in("Founded in 2001, enlarged in 2017, planned in 1890.") == (2001, 2017, 1890)


@pytest.mark.parametrize(
    "text",
    ["ORCID 0000-0003-2239-6934", "see 12/2019 issue", "index 12019 here", "v1.2019.3", "3000 troops"],
)
def test_not_years(text):
    assert years_in(text) == ()


# --------------------------------------------------------------------------
# kinds


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ('He said "the treaty is working well" in 2019.', "quote"),
        ("Uzbekistan joined the CSTO in 2006 with 3,500 troops.", "membership"),
        ("Around 3,500 soldiers were sent in 2019.", "statistic"),
        ("It doubled, twice.", "other"),  # spelled numbers alone are not statistics
        ("It was founded in 2001.", "date_event"),
        ("It held talks in November.", "date_event"),
        ("It began in the 1990s.", "date_event"),
        ("The group grew quickly.", "other"),
    ],
)
def test_claim_kind(text, kind):
    assert claim_kind(text, quotes_in(text)) == kind


@pytest.mark.parametrize(
    "text",
    [
        "Uzbekistan is no more member of CSTO.",
        "Uzbekistan is not its member currently.",
        "Uzbekistan has left CST and CSTO two times.",
        "Uzbekistan withdrew from the CSTO in 2012.",
        "India and Pakistan became members in 2017.",
        "Iran is an observer.",
        "Belarus remains a dialogue partner of the SCO.",
        "No new membership is given after 2017.",
        "SCO membership has been extended in recent past.",
        "Members of SCO are also members of CSTO.",
        "Afghanistan was granted observer membership.",
        "Its accession took years.",
        "Russia left the CSTO briefly.",
    ],
)
def test_membership_statements(text):
    assert claim_kind(text, ()) == "membership"


@pytest.mark.parametrize(
    "text",
    [
        "The member states met in Bishkek.",
        "The members of the group agreed on a charter.",
        "Membership matters to small states.",
        "The leaders left the summit early.",
        "Officials spoke to members of parliament.",
    ],
)
def test_not_membership_statements(text):
    assert claim_kind(text, ()) != "membership"


# --------------------------------------------------------------------------
# language and entities


def test_is_english():
    assert is_english("The treaty of the members is a good one for them and it was signed.")
    assert not is_english("Bu makalede, Orta Asya da yer alan Kolektif Güvenlik Anlaşması Örgütü "
                          "ile Şangay İşbirliği Örgütü arasındaki koordinasyon incelenmektedir.")
    assert is_english("Kısa metin burada.")  # too short to tell: kept


def test_entities_countries_with_aliases_and_acronyms():
    entities = entities_in("Russia and the US joined the CSTO; the Russian Federation leads it.", ACRONYMS)
    assert entities == (
        Entity("Russia", "country"),
        Entity("United States", "country"),
        Entity("Collective Security Treaty Organization", "organisation", "CSTO"),
    )


def test_entities_organisation_by_expansion_and_countries_as_proper_nouns():
    entities = entities_in("The Shanghai Cooperation Organization met in the Kyrgyz Republic.", ACRONYMS)
    assert entities == (Entity("Kyrgyzstan", "country"),
                        Entity("Shanghai Cooperation Organization", "organisation", "SCO"))
    # a country is a proper noun: "turkey" and "china" in lower case are not countries
    assert entities_in("They ate turkey from fine china.", {}) == ()


def test_entities_short_aliases_only_in_capitals_and_whole_words():
    assert entities_in("Let us see the SCOPE of it.", ACRONYMS) == ()


def test_entities_longest_name_wins():
    assert entities_in("Papua New Guinea and Guinea-Bissau.", {}) == (
        Entity("Papua New Guinea", "country"), Entity("Guinea-Bissau", "country"))
    assert entities_in("Niger and Nigeria.", {}) == (Entity("Niger", "country"), Entity("Nigeria", "country"))


# --------------------------------------------------------------------------
# ids


def test_claim_id_ignores_punctuation_spacing_case_and_markers():
    base = claim_id("Russia formed the CIS in 1992, and offered the CST.")
    assert base.startswith("c") and len(base) == 9
    assert claim_id("Russia  formed the CIS in 1992 and offered the CST") == base
    assert claim_id("russia formed the “CIS” in 1992 — and offered the CST!") == base
    assert claim_id("Russia formed the CIS in 1993, and offered the CST.") != base
    assert claim_id("Russia formed the CIS in 1992, and offered the CSTO.") != base


def test_build_claims_selects_check_worthy_sentences_and_numbers_duplicates():
    sentences = [
        _sentence(0, "Russia joined the CSTO in 2002."),
        _sentence(1, "This is a plain sentence without anything."),
        _sentence(2, "This is a plain sentence with a note."),
        _sentence(3, "Russia joined the CSTO in 2002."),
        _sentence(4, "Bu makalede Orta Asya da yer alan ve bu konuyu inceleme 2002 yılında."),
    ]
    claims = build_claims(sentences, {2: (7,)}, {7: ("smith2019",)}, ACRONYMS)
    assert [c.sentence for c in claims] == [0, 2, 3]
    first, noted, duplicate = claims
    assert first.kind == "membership" and first.years == (2002,)
    assert first.entities[0] == Entity("Russia", "country")
    assert noted.footnotes == (7,) and noted.refs == ("smith2019",) and noted.kind == "other"
    assert duplicate.id == f"{first.id}-2"


def test_build_claims_in_text_citations_make_a_claim_and_add_refs():
    sentences = [_sentence(0, "Alliances are hard to keep together.")]
    claims = build_claims(sentences, {}, {}, {}, {0: ["smith2019", None, "smith2019"]})
    assert [c.refs for c in claims] == [("smith2019",)]


def _claims(*texts: str):
    return build_claims([_sentence(i, t) for i, t in enumerate(texts)], {}, {}, {})


def test_carry_ids_keeps_the_old_id_of_a_slightly_edited_sentence():
    old = _claims("Russia formed the CIS in 1992 and offered the CST to its members.")
    new = _claims("Russia formed the CIS in 1992 and then offered the CST to its members.")
    assert new[0].id != old[0].id
    carried = carry_ids(new, [(old[0].id, old[0].text)])
    assert carried[0].id == old[0].id


def test_carry_ids_does_not_carry_to_a_different_sentence():
    old = _claims("Russia formed the CIS in 1992 and offered the CST to its members.")
    new = _claims("China founded the SCO in 2001 with five neighbours.")
    assert carry_ids(new, [(old[0].id, old[0].text)])[0].id == new[0].id


def test_carry_ids_gives_each_old_id_once_to_the_closest_sentence():
    old = _claims("Russia formed the CIS in 1992 and offered the CST to its members.")
    new = _claims("Russia formed the CIS in 1992 and then offered the CST to its members.",
                  "Russia formed the CIS in 1992 and offered the CST to all its members.")
    carried = carry_ids(new, [(old[0].id, old[0].text)])
    assert [c.id for c in carried].count(old[0].id) == 1
    assert carried[1].id == old[0].id  # one word added beats two


def test_carry_ids_leaves_unchanged_ids_alone():
    claims = _claims("Russia formed the CIS in 1992.", "China founded the SCO in 2001.")
    previous = [(c.id, c.text) for c in claims]
    assert carry_ids(claims, previous) == claims
