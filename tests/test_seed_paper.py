"""The development paper end to end: exact counts and specific records.

papers/rauf-saud-2020.md is a PDF-converted article with every kind of
conversion damage; these tests pin what extraction must make of it, item by
item. (Nothing in the parsers knows this paper; these are its expected
results.)
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from claimcheck.engine import extract

ROOT = Path(__file__).resolve().parents[1]
PAPER = ROOT / "papers" / "rauf-saud-2020.md"
SHARED_PAPER = ROOT.parent / "shared" / "papers" / "rauf-saud-2020.md"


@pytest.fixture(scope="module")
def paper():
    return extract(PAPER, display_path="papers/rauf-saud-2020.md")


@pytest.fixture(scope="module")
def notes(paper):
    return {note.n: note for note in paper.footnotes}


def sentence_of(paper, note):
    index = note.marker.sentence
    return None if index is None else paper.sentences[index].text


def test_copy_is_byte_identical_to_the_shared_paper():
    if not SHARED_PAPER.exists():
        pytest.skip("../shared is not beside this checkout")
    assert PAPER.read_bytes() == SHARED_PAPER.read_bytes()


def test_metadata(paper):
    assert paper.meta.title == "Prospects of CSTO and SCO in Regional Politics of Central Asia"
    assert paper.meta.authors == ("Sarwat Rauf", "Adam Saud")
    assert paper.meta.year == "2020"
    assert paper.meta.venue == "International Journal of Politics and Security (IJPS)"
    assert paper.document.sha256 == hashlib.sha256(PAPER.read_bytes()).hexdigest()
    assert paper.problems == ()


# --------------------------------------------------------------------------
# footnotes


def test_all_47_footnotes_in_order(paper):
    assert [note.n for note in paper.footnotes] == list(range(1, 48))


def test_numbers_lost_in_conversion_are_inferred(notes):
    assert {n for n, note in notes.items() if not note.number_printed} == {25, 31}
    assert notes[25].text.startswith('Tayyab Baloch, "NATO Challenges SCO and CSTO in Afghanistan,"')
    assert notes[25].span.line == 188
    assert notes[31].text.startswith('Anatoliy A. Rozanov, "The Issue of Security in the SCO,"')
    assert notes[31].span.line == 222


def test_note_lines_and_pages(notes):
    assert (notes[1].span.line, notes[1].page) == (60, 4)
    assert (notes[4].span.line, notes[4].page) == (74, 5)
    assert (notes[37].span.line, notes[37].page) == (259, 16)
    assert (notes[47].span.line, notes[47].page) == (317, 20)


def test_escaped_and_latex_note_text_is_cleaned(notes):
    assert notes[1].text == ('Mihail P aduraru and Claudia-Iohana Voicu, "Security Risk Analysis '
                             'Perspectives on Central Asia Dynamics," in Transformation and '
                             'Development, ed. Anja Mihr (Bishkek: Springer, 2020), 57.')
    assert notes[4].text == "Ibid."
    assert notes[37].text == ("The information available on Official website Collective Security "
                              "Treaty Organization, https://en.odkbcsto.org/international_org/sco/")


def test_two_notes_on_one_line_are_split(notes):
    assert notes[11].text.endswith("(Ref. 9).")
    assert notes[12].text.startswith('Paul De Grauwe "Why Russia is economically weak')
    assert notes[11].span.line == notes[12].span.line == 118


def test_note_continued_on_the_next_block_is_joined(notes):
    assert notes[17].text.startswith('"Cooperation Between the United Nations and Regional')
    assert "Seventy-fourth year 8626th Meeting, (2019): 6" in notes[17].text
    assert notes[18].text.startswith("Russia to Help CSTO Countries")


def test_note_urls_printed_and_repaired(notes):
    (url,) = notes[3].urls
    assert url.printed == ("https://www.mid.ru/en/foreign\\_policy/official\\_documents/-/"
                           "asset\\_publisher/CptICkB6BZ29/content/id/2542248.")
    assert url.url == ("https://www.mid.ru/en/foreign_policy/official_documents/-/asset_publisher/"
                       "CptICkB6BZ29/content/id/2542248")
    (wrapped,) = notes[34].urls
    assert wrapped.url == ("https://www.clingendael.org/sites/default/files/pdfs/Partners%20and%20"
                           "Competitors%20%20NATO%20and%20the%20(Far)%20East.pdf")
    assert len(notes[20].urls) == 0
    assert sum(len(note.urls) for note in notes.values()) == 26


# --------------------------------------------------------------------------
# markers

FOUND_MARKERS = {
    2: ("sup", 64), 13: ("sup", 124), 15: ("sup", 138), 16: ("sup", 140), 20: ("sup", 160),
    21: ("sup", 160), 22: ("sup", 160), 23: ("sup", 162), 24: ("sup", 162), 26: ("sup", 184),
    27: ("sup", 194), 29: ("sup", 198), 30: ("sup", 198), 31: ("sup", 212), 32: ("sup", 212),
    34: ("sup", 232), 35: ("sup", 232), 36: ("sup", 232), 37: ("bare", 255), 38: ("sup", 265),
    39: ("sup", 267), 40: ("sup", 267), 41: ("sup", 279), 42: ("sup", 281), 44: ("sup", 295),
    45: ("bare", 297), 47: ("sup", 307),
}


def test_every_printed_marker_is_found(paper):
    found = {m.n: (m.form, m.span.line) for m in paper.markers}
    assert found == FOUND_MARKERS


def test_no_year_figure_or_table_cell_is_taken_for_a_marker(paper):
    # 8626<sup>th</sup>, "650 crimes", "2019-2021", the table, page number "21"
    assert len(paper.markers) == 27
    assert all(m.n <= 47 for m in paper.markers)


def test_found_markers_attach_to_their_sentences(paper, notes):
    assert sentence_of(paper, notes[2]).startswith("Currently, they are willing to co-own Central Asia")
    assert sentence_of(paper, notes[15]).endswith('more than 800 civilian police officers."')
    assert sentence_of(paper, notes[20]).startswith("For instance, Uzbekistan has been a reluctant party")
    assert sentence_of(paper, notes[37]).startswith("According to the CSTO's website organizations had signed")
    assert sentence_of(paper, notes[45]).startswith("Security is also the preoccupation of the leaders of CARs")


RECOVERED = {
    17: "The contribution of CSTO in countering terrorist threats",
    18: "President Putin in a meeting of the Collective Security Council",
    19: "According to CSTO official website",
    25: '"For this purpose, Russia is interested to install CSTO military',
    28: "Going forward with this context, SCO has successfully managed",
    33: "In this regard, Secretary-General of CSTO Yuri Khachaturov maintained",
    46: "The current developments in military cooperation between Russia, China and CARs",
}


@pytest.mark.parametrize("n", sorted(RECOVERED))
def test_lost_marker_recovered_at_the_right_sentence(paper, notes, n):
    marker = notes[n].marker
    assert marker.form == "inferred"
    assert 0 < marker.confidence <= 0.95
    assert marker.evidence
    assert sentence_of(paper, notes[n]).startswith(RECOVERED[n])


def test_lost_markers_of_one_document_stay_in_order(paper, notes):
    # notes 3 and 4 (Ibid.) both cite the Foreign Policy Concept quoted on line 66
    assert notes[3].marker.form == notes[4].marker.form == "inferred"
    assert notes[3].marker.span.line == notes[4].marker.span.line == 66
    assert notes[3].marker.sentence < notes[4].marker.sentence


def test_weak_evidence_is_reported_not_inferable(notes):
    not_inferable = {n for n, note in notes.items() if note.marker.form == "none"}
    assert not_inferable == {1, 5, 6, 7, 8, 10, 12, 14}
    assert all(notes[n].marker.span is None and notes[n].marker.evidence for n in not_inferable)


def test_marker_totals(notes):
    forms = [note.marker.form for note in notes.values()]
    assert (forms.count("sup"), forms.count("bare"), forms.count("inferred"), forms.count("none")) == (25, 2, 12, 8)


# --------------------------------------------------------------------------
# reference list and links

REFERENCE_KEYS = [
    "afghan2016china", "foreign2016policy", "interview2018csto", "russia2019help",
    "sco2019afghanistan", "alimondrole", "avedissian2019collective", "baloch2016nato",
    "bescotti2018collective", "bin2014oil", "dubnov2018reflecting", "grauwe2018russia",
    "haas2013partners", "indeo2018russia", "inozemtsev2019integrating", "iskandarov2013security",
    "kaczmarski2019russia", "kropatcheva2016russia", "lotspeich2010economic", "makszimov2019central",
    "nikitina2013security", "officialndwebsite", "paduraru2020security", "peng2019china",
    "rozanov2013issue", "rytovuoriapunen2016tajikistans", "shavialiova2013energy",
    "stronski2018cooperation", "tolipov2013uzbekistan", "united2019nations", "wani2020russia",
    "weitz2018assessing", "weitz2010eurasian", "ziegler2010russia",
]


def test_reference_list_entries_in_printed_order(paper):
    assert [r.key for r in paper.references] == REFERENCE_KEYS
    assert [r.index for r in paper.references] == list(range(1, 35))
    assert paper.references[0].span.line == 329
    assert paper.references[-1].span.line == 370


def test_mangled_quot_entries_parse(paper):
    first = paper.references[0]
    assert first.printed.startswith('"Afghan, China, Pakistan, Tajikistan form QCCM')
    assert first.fields.title == "Afghan, China, Pakistan, Tajikistan form QCCM to Counter-Terrorism"
    assert first.fields.container == "Pakistan Today"
    assert first.fields.year == "2016"


def test_reference_fields(paper):
    refs = {r.key: r.fields for r in paper.references}
    kropatcheva = refs["kropatcheva2016russia"]
    assert kropatcheva.kind == "article"
    assert kropatcheva.authors == ("Kropatcheva, Elena",)
    assert kropatcheva.container == "Europe-Asia Studies"
    assert (kropatcheva.volume, kropatcheva.issue, kropatcheva.pages) == ("68", "9", "1526-1552")
    lotspeich = refs["lotspeich2010economic"]
    assert lotspeich.kind == "chapter"
    assert lotspeich.editors == ("Bellacqua, James",)
    assert lotspeich.publisher == "The University Press of Kentucky"
    assert lotspeich.place == "Kentucky"
    assert refs["paduraru2020security"].authors == ("Paduraru, Mihail", "Voicu, Claudia-Iohana")
    assert refs["grauwe2018russia"].authors == ("Grauwe, Paul De",)
    assert refs["weitz2010eurasian"].year == "2010"
    assert refs["alimondrole"].year is None


NOTE_REFS = {
    1: "paduraru2020security", 2: "dubnov2018reflecting", 3: "foreign2016policy",
    4: "foreign2016policy", 5: "paduraru2020security", 6: "stronski2018cooperation",
    7: "kaczmarski2019russia", 8: "wani2020russia", 9: "inozemtsev2019integrating",
    10: "dubnov2018reflecting", 11: "inozemtsev2019integrating", 12: "grauwe2018russia",
    13: "kropatcheva2016russia", 14: "nikitina2013security", 15: "avedissian2019collective",
    16: "weitz2018assessing", 17: "united2019nations", 18: "russia2019help", 19: "officialndwebsite",
    21: "indeo2018russia", 22: "tolipov2013uzbekistan", 23: "rytovuoriapunen2016tajikistans",
    24: "bescotti2018collective", 25: "baloch2016nato", 26: "indeo2018russia",
    27: "shavialiova2013energy", 28: "alimondrole", 29: "weitz2010eurasian",
    30: "iskandarov2013security", 31: "rozanov2013issue", 32: "sco2019afghanistan",
    33: "interview2018csto", 34: "haas2013partners", 35: "afghan2016china",
    36: "makszimov2019central", 37: "officialndwebsite", 38: "lotspeich2010economic",
    39: "bin2014oil", 40: "stronski2018cooperation", 41: "kropatcheva2016russia",
    42: "haas2013partners", 43: "dubnov2018reflecting", 44: "ziegler2010russia",
    45: "paduraru2020security", 46: "peng2019china", 47: "indeo2018russia",
}


def test_every_citation_links_to_the_right_entry(notes):
    linked = {n: tuple(c.ref_key for c in note.citations) for n, note in notes.items()}
    assert linked == {n: ((NOTE_REFS[n],) if n in NOTE_REFS else ()) for n in range(1, 48)}
    assert all(c.score >= 72 for note in notes.values() for c in note.citations)


def test_discursive_note_cites_nothing(notes):
    assert notes[20].text.startswith("Uzbekistan has joined the CSTO twice")
    assert notes[20].citations == ()


def test_ocr_damaged_author_still_links(notes):
    (citation,) = notes[1].citations
    assert citation.ref_key == "paduraru2020security"
    assert citation.fields.pages == "57"


CROSSREFS = {4: (3,), 5: (1,), 11: (9,), 26: (21,), 40: (6,), 41: (13,), 42: (34,),
             43: (2, 10), 45: (1, 5), 47: (21, 26)}


def test_every_cross_reference_resolves(notes):
    resolved = {n: c.crossref.targets for n, note in notes.items()
                for c in note.citations if c.crossref}
    assert resolved == CROSSREFS
    assert notes[4].citations[0].crossref.kind == "ibid"
    assert notes[43].citations[0].crossref.printed.startswith("REF 2 & REF 10")


def test_pinpoint_pages(notes):
    pages = {n: note.citations[0].fields.pages for n, note in notes.items() if note.citations}
    assert (pages[1], pages[5], pages[13], pages[41], pages[45], pages[39]) == ("57", "63", "1527", "1527", "53", "599")


# --------------------------------------------------------------------------
# claims, acronyms, tables


def test_claim_counts(paper):
    kinds = {}
    for claim in paper.claims:
        kinds[claim.kind] = kinds.get(claim.kind, 0) + 1
    assert len(paper.claims) == 58
    assert kinds["quote"] == 13
    assert kinds["membership"] == 7


def test_claim_links_claim_to_footnote_to_reference(paper):
    claim = next(c for c in paper.claims if c.text.startswith("According to CSTO official website"))
    assert claim.kind == "quote"
    assert claim.footnotes == (19,)
    assert claim.refs == ("officialndwebsite",)
    assert claim.quotes[0].startswith("creation and activity of the CSTO became")
    assert claim.span.line == 142


def test_membership_claim_with_entities(paper):
    claim = next(c for c in paper.claims if "is not its member currently" in c.text)
    assert claim.kind == "membership"
    assert claim.footnotes == (20,)
    entities = {(e.text, e.type, e.acronym) for e in claim.entities}
    assert ("Uzbekistan", "country", None) in entities
    assert ("Collective Security Treaty Organization", "organisation", "CSTO") in entities


def test_statistics_and_dates(paper):
    claim = next(c for c in paper.claims if "SCO has averted 650 crimes" in c.text)
    assert claim.footnotes == (28,)
    assert {"650", "440", "1,700"} <= set(claim.numbers)
    dated = next(c for c in paper.claims if c.text.startswith("In order to boost collective efforts"))
    assert dated.years == (2005, 2009)


def test_claim_ids_are_unique_and_stable(paper):
    ids = [claim.id for claim in paper.claims]
    assert len(set(ids)) == len(ids)
    again = extract(PAPER, display_path="papers/rauf-saud-2020.md")
    assert [claim.id for claim in again.claims] == ids


def test_non_english_abstract_gives_no_claims_or_acronyms(paper):
    assert not any("Örgütü" in claim.text for claim in paper.claims)
    assert {a.expansion for a in paper.acronyms if a.acronym == "CSTO"} == {
        "Collective Security Treaty Organization"}


def test_acronyms_defined_by_the_paper(paper):
    defined = {a.acronym: a.expansion for a in paper.acronyms}
    assert defined["CARs"] == "Central Asian Republics"
    assert defined["UNSC"] == "United Nations Security Council"
    assert defined["QCCM"] == "Quadrilateral Cooperation and Coordination Mechanism"
    assert len(defined) == 16


def test_membership_table_as_rows_and_relations(paper):
    (table,) = paper.tables
    assert table.title == "Member States of CSTO and SCO"
    assert table.span.line == 236
    assert table.columns == ("Membership Status", "SCO Member States", "CSTO Member States", "Common Members")
    assert [row[0] for row in table.rows] == ["Full Members", "Observer States", "Dialogue Partners"]
    relations = {(r.organisation, r.status): r for r in table.relations}
    assert relations[("SCO", "member")].members == (
        "Russia", "Tajikistan", "Kazakhstan", "Kyrgyzstan", "China", "Uzbekistan", "Pakistan", "India")
    assert relations[("SCO", "observer")].members == ("Afghanistan", "Belarus", "Iran", "Mongolia")
    assert relations[("SCO", "dialogue_partner")].members == (
        "Armenia", "Azerbaijan", "Cambodia", "Nepal", "Sri Lanka", "Turkey")
    assert relations[("CSTO", "member")].members == (
        "Russia", "Tajikistan", "Kazakhstan", "Kyrgyzstan", "Armenia", "Belarus")
    assert relations[("CSTO", "observer")].members == ("Afghanistan", "Serbia")
    common = relations[("Common Members", "common")]
    assert common.members == ("Russia", "Tajikistan", "Kazakhstan", "Kyrgyzstan", "Belarus", "Afghanistan")
    assert common.annotations == (("Belarus", "ob"), ("Afghanistan", "ob"))
    assert len(table.relations) == 6


def test_committed_records_are_current(tmp_path):
    """claims.yaml and references.bib at the repository root are what
    `claimcheck extract papers/rauf-saud-2020.md` writes today."""
    import shutil

    from claimcheck.records.bibtex import references_to_bibtex
    from claimcheck.records.claims_yaml import load_claims, paper_to_records, render_claims_yaml

    claims_copy = tmp_path / "claims.yaml"
    bib_copy = tmp_path / "references.bib"
    shutil.copy(ROOT / "claims.yaml", claims_copy)
    shutil.copy(ROOT / "references.bib", bib_copy)
    previous = [(c["id"], c["text"]) for c in load_claims(claims_copy)["claims"]]
    current = extract(PAPER, display_path="papers/rauf-saud-2020.md", previous_claims=previous)
    committed = claims_copy.read_text("utf-8")
    rendered, _ = render_claims_yaml(paper_to_records(current), committed, str(claims_copy))
    assert rendered == committed, "run: claimcheck extract papers/rauf-saud-2020.md"
    committed_bib = bib_copy.read_text("utf-8")
    rendered_bib, _ = references_to_bibtex(current.references, committed_bib, str(bib_copy))
    assert rendered_bib == committed_bib, "run: claimcheck extract papers/rauf-saud-2020.md"
