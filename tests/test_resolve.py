"""resolve.py: cross-references between notes, and linking cited works to the reference list."""

from __future__ import annotations

import pytest

from claimcheck.model import Citation, CrossRef, Footnote, Reference, Span, UrlRef, WorkFields
from claimcheck.resolve import (
    LINK_THRESHOLD, link_citations, match_score, normalise_family, normalise_text, resolve_crossrefs,
)

CSTO_URL = "http://www.odkb.gov.ru/start/index_aengl.htm"


def _entry(index: int, key: str, **fields) -> Reference:
    return Reference(index, key, key, Span(100 + index), WorkFields(**fields))


REFERENCES = [
    _entry(1, "paduraru2020security", kind="chapter",
           authors=("Păduraru, Mihail", "Voicu, Claudia-Iohana"),
           title="Security Risk Analysis Perspectives on Central Asia Dynamics",
           container="Transformation and Development", year="2020"),
    _entry(2, "kropatcheva2016russia", kind="article", authors=("Kropatcheva, Elena",),
           title="Russia and the Collective Security Treaty Organization: Multilateral Policy "
                 "or Unilateral Ambitions?",
           container="Europe-Asia Studies", year="2016"),
    _entry(3, "csto2020official", kind="web",
           title="Official website of the Collective Security Treaty Organization",
           urls=(UrlRef(CSTO_URL, CSTO_URL),)),
    _entry(4, "stronski2018cooperation", kind="report", authors=("Stronski, Paul", "Ng, Nicole"),
           title="Cooperation and Competition: Russia and China in Central Asia, the Russian Far "
                 "East, and the Arctic",
           container="Carnegie Endowment for International Peace", year="2018"),
]

PADURARU_OCR = WorkFields(
    kind="chapter", authors=("P aduraru, Mihail", "Voicu, Claudia-Iohana"),
    title="Security Risk Analysis Perspectives on Central Asia Dynamics",
    container="Transformation and Development", year="2020", pages="57")
KROPATCHEVA_UK = WorkFields(
    kind="article", authors=("Kropatcheva, Elena",),
    title="Russia and the Collective Security Treaty Organisation: Multilateral Policy or "
          "Unilateral Ambitions?",
    container="Europe-Asia Studies", year="2016", pages="1527")
ABSENT = WorkFields(kind="article", authors=("Nobody, John",), title="A Work Absent From the List",
                    container="Some Journal", year="2011")


def _note(n: int, fields: WorkFields, crossref: CrossRef | None = None) -> Footnote:
    return Footnote(n, f"note {n}", Span(n, page=1), citations=(Citation(f"note {n}", fields, crossref),))


def _linked(*notes: Footnote) -> dict[int, Citation]:
    result = link_citations(resolve_crossrefs(list(notes)), REFERENCES)
    return {note.n: note.citations[0] for note in result}


# --------------------------------------------------------------------------
# normalisation


@pytest.mark.parametrize("name", ["P aduraru", "P*aduraru", "Păduraru, Mihail", "PADURARU", "P-aduraru"])
def test_normalise_family_undoes_ocr_damage(name):
    assert normalise_family(name) == "paduraru"


def test_normalise_family_takes_the_part_before_the_comma():
    assert normalise_family("De Grauwe, Paul") == "degrauwe"


def test_normalise_text_folds_spelling_variants_and_symbols():
    assert normalise_text("Organisation & Co.") == "organization and co"
    assert normalise_text("Russia’s “Near Abroad”") == "russia s near abroad"
    assert normalise_text(None) == ""


# --------------------------------------------------------------------------
# match_score


def test_identical_works_score_100():
    assert match_score(REFERENCES[0].fields, REFERENCES[0].fields) == 100.0


def test_ocr_damaged_author_and_spelling_variant_score_high():
    assert match_score(PADURARU_OCR, REFERENCES[0].fields) >= 95
    assert match_score(KROPATCHEVA_UK, REFERENCES[1].fields) >= 95


def test_year_mismatch_costs_a_little():
    entry = WorkFields(authors=("Smith, John",), title="Alliances in Central Asia", year="2019")
    other_year = WorkFields(authors=("Smith, John",), title="Alliances in Central Asia", year="2018")
    assert match_score(other_year, entry) == pytest.approx(match_score(entry, entry) - 4.0)


def test_missing_author_on_one_side_is_discounted():
    entry = WorkFields(authors=("Smith, John",), title="Alliances in Central Asia", year="2019")
    assert match_score(WorkFields(title="Alliances in Central Asia"), entry) == pytest.approx(90.0)


def test_different_works_score_below_the_threshold():
    for entry in REFERENCES:
        assert match_score(ABSENT, entry.fields) < LINK_THRESHOLD
    assert match_score(KROPATCHEVA_UK, REFERENCES[0].fields) < LINK_THRESHOLD


def test_shared_url_is_a_full_match():
    cited = WorkFields(kind="web", urls=(UrlRef("http://www.odkb.gov.ru/start/index\\_aengl.htm", CSTO_URL),))
    assert match_score(cited, REFERENCES[2].fields) == 100.0


def test_short_title_matches_the_head_of_the_full_title():
    cited = WorkFields(authors=("Stronski, Paul",), title="Cooperation and Competition")
    assert match_score(cited, REFERENCES[3].fields) >= LINK_THRESHOLD


# --------------------------------------------------------------------------
# link_citations and cross-references


def test_links_despite_ocr_damage_and_spelling_variants():
    linked = _linked(_note(1, PADURARU_OCR), _note(2, KROPATCHEVA_UK))
    assert linked[1].ref_key == "paduraru2020security"
    assert linked[2].ref_key == "kropatcheva2016russia"
    assert linked[1].score >= LINK_THRESHOLD


def test_link_by_url_alone():
    cited = WorkFields(kind="web", urls=(UrlRef(CSTO_URL + "/", CSTO_URL + "/"),))
    assert _linked(_note(1, cited))[1].ref_key == "csto2020official"


def test_work_absent_from_the_list_links_to_nothing():
    linked = _linked(_note(1, ABSENT))
    assert linked[1].ref_key is None
    assert linked[1].score is not None and linked[1].score < LINK_THRESHOLD


def test_ibid_points_at_the_note_before_and_takes_its_entry():
    linked = _linked(_note(1, PADURARU_OCR), _note(2, WorkFields(pages="5"), CrossRef("ibid", "Ibid.")))
    assert linked[2].crossref.targets == (1,)
    assert linked[2].ref_key == "paduraru2020security"


def test_ibid_after_an_unlinked_note_links_to_nothing():
    linked = _linked(_note(1, ABSENT), _note(2, WorkFields(), CrossRef("ibid", "Ibid.")))
    assert linked[2].crossref.targets == (1,)
    assert linked[2].ref_key is None


def test_ibid_as_the_first_note_has_no_target():
    linked = _linked(_note(1, WorkFields(), CrossRef("ibid", "Ibid.")))
    assert linked[1].crossref.targets == ()
    assert linked[1].ref_key is None


def test_op_cit_points_at_the_latest_note_citing_the_same_author():
    other = WorkFields(kind="article", authors=("Păduraru, Mihail",), title="Another Paper Entirely",
                       container="Other Journal", year="2010")
    linked = _linked(
        _note(1, PADURARU_OCR),
        _note(2, KROPATCHEVA_UK),
        _note(3, WorkFields(authors=("Paduraru, Mihail",), pages="63"), CrossRef("op_cit", "op. cit.")),
        _note(4, other),
        _note(5, WorkFields(authors=("P*aduraru, M.",), pages="9"), CrossRef("op_cit", "op. cit.")),
    )
    assert linked[3].crossref.targets == (1,)
    assert linked[3].ref_key == "paduraru2020security"
    assert linked[5].crossref.targets == (4,)
    assert linked[5].ref_key is None  # note 4 cites a work absent from the list


OP_CIT_PAPER = """\
# A Paper

## 1. Introduction

Trust is measured in many ways.<sup>1</sup> Metrics disagree.<sup>2</sup> They always did.<sup>3</sup>

<sup>1</sup> Jane Roe, "Trust in Metrics," *Journal of Things* 3, no. 1 (2019): 5.

<sup>2</sup> John Doe, "Reading Habits," *Review of Reading* 7, no. 2 (2017): 12.

<sup>3</sup> Jane Roe, op. cit., 9.

## References

Doe, John. "Reading Habits." *Review of Reading* 7, no. 2 (2017): 1-20.

Roe, Jane. "Trust in Metrics." *Journal of Things* 3, no. 1 (2019): 1-10.
"""


def test_op_cit_after_a_name_resolves_to_the_note_citing_that_author():
    from claimcheck.engine import extract_text

    notes = {note.n: note for note in extract_text(OP_CIT_PAPER, "paper.md").footnotes}
    citation = notes[3].citations[0]
    assert citation.fields.authors == ("Roe, Jane",) and citation.fields.pages == "9"
    assert citation.crossref.kind == "op_cit" and citation.crossref.targets == (1,)
    assert citation.ref_key == notes[1].citations[0].ref_key == "roe2019trust"


def test_ref_pointer_names_its_note():
    linked = _linked(
        _note(1, PADURARU_OCR),
        _note(2, KROPATCHEVA_UK),
        _note(3, WorkFields(pages="9"), CrossRef("ref", "REF: 2", (2,))),
    )
    assert linked[3].crossref.targets == (2,)
    assert linked[3].ref_key == "kropatcheva2016russia"


def test_citation_naming_a_work_is_linked_by_the_work_before_its_pointer():
    # a REF pointer to the wrong note does not override a clear title match
    cited = WorkFields(authors=("Kropatcheva, Elena",), title=KROPATCHEVA_UK.title)
    linked = _linked(_note(1, PADURARU_OCR), _note(2, cited, CrossRef("ref", "REF: 1", (1,))))
    assert linked[2].ref_key == "kropatcheva2016russia"


def test_short_form_links_by_its_head_title():
    cited = WorkFields(authors=("Stronski, Paul",), title="Cooperation and Competition")
    linked = _linked(_note(1, cited, CrossRef("short", 'Stronski, "Cooperation and Competition"')))
    assert linked[1].ref_key == "stronski2018cooperation"


def test_pointer_to_a_missing_note_links_to_nothing():
    linked = _linked(_note(1, WorkFields(), CrossRef("ref", "REF: 40", (40,))))
    assert linked[1].ref_key is None
