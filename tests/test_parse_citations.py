"""Footnote citations: claimcheck.parse.citations."""

from __future__ import annotations

import pytest
from markup import italic

from claimcheck.model import Citation, CrossRef
from claimcheck.parse.citations import parse_note


def one(marked: str) -> Citation:
    citations = parse_note(*italic(marked))
    assert len(citations) == 1, citations
    return citations[0]


def test_full_article_note():
    cite = one('Elena Kropatcheva, "Russia and the Collective Security Treaty Organization: Multilateral Policy or Unilateral Ambitions?," *Europe-Asia Studies* 68, no. 9 (2016): 1527.')
    work = cite.fields
    assert work.authors == ("Kropatcheva, Elena",)
    assert work.title == "Russia and the Collective Security Treaty Organization: Multilateral Policy or Unilateral Ambitions?"
    assert (work.container, work.volume, work.issue, work.year, work.pages) == ("Europe-Asia Studies", "68", "9", "2016", "1527")
    assert work.kind == "article"
    assert cite.crossref is None and cite.ref_key is None and cite.score is None


def test_note_with_url_and_glued_italic_container():
    cite = one('Arkady Dubnov, "Reflecting on a Quarter Century of Russia\'s Relations with Central Asia," Carnegie *Endowment for International Peace*, (2018), https://carnegieendowment.org/2018/04/19/reflecting-pub-76117.')
    assert cite.fields.container == "Carnegie Endowment for International Peace"
    assert cite.fields.year == "2018"
    assert [u.url for u in cite.fields.urls] == ["https://carnegieendowment.org/2018/04/19/reflecting-pub-76117"]
    assert cite.fields.kind == "web"


def test_note_with_italic_split_inside_a_word():
    cite = one('Vladislav Inozemtsev, "Integrating the Eurasian Union and China\'s Belt and Road: A Bridge Too Far?," E*urasia Daily Monitor* 16, no. 91, (2019), https://jamestown.org/program/x/.')
    assert (cite.fields.container, cite.fields.volume, cite.fields.issue) == ("Eurasia Daily Monitor", "16", "91")


def test_chapter_note():
    cite = one('Mihail P aduraru and Claudia-Iohana Voicu, "Security Risk Analysis Perspectives on Central Asia Dynamics," in *Transformation and Development*, ed. Anja Mihr (Bishkek: Springer, 2020), 57.')
    work = cite.fields
    assert work.authors == ("Paduraru, Mihail", "Voicu, Claudia-Iohana")
    assert work.container == "Transformation and Development"
    assert work.editors == ("Mihr, Anja",)
    assert (work.place, work.publisher, work.year, work.pages) == ("Bishkek", "Springer", "2020", "57")
    assert work.kind == "chapter"


def test_chapter_note_with_initial_and_lowercase_container():
    cite = one('Charles E. Ziegler, "Russia and China in Central Asia" in *the Future of China-Russia Relations*, ed. James Bellacqua (Kentucky: The University Press of Kentucky, 2010), 236.')
    assert cite.fields.authors == ("Ziegler, Charles E.",)
    assert cite.fields.container == "the Future of China-Russia Relations"
    assert cite.fields.pages == "236"


def test_short_note_with_ref_is_one_citation_with_fields_and_crossref():
    cite = one('Mihail Paduraru and Claudia-Iohana Voicu, "Security Risk Analysis Perspectives on Central Asia Dynamics," 63, REF:1.')
    assert cite.fields.title == "Security Risk Analysis Perspectives on Central Asia Dynamics"
    assert cite.fields.authors == ("Paduraru, Mihail", "Voicu, Claudia-Iohana")
    assert cite.fields.pages == "63"
    assert cite.crossref == CrossRef("ref", "REF:1", (1,))


def test_short_note_page_that_looks_like_a_year():
    cite = one('Elena Kropatcheva, "Russia and the Collective Security Treaty Organization: Multilateral Policy or Unilateral Ambitions?," 1527, REF: 13.')
    assert cite.fields.pages == "1527" and cite.fields.year is None
    assert cite.crossref.targets == (13,)


@pytest.mark.parametrize(
    ("note", "printed", "targets"),
    [
        ('Fabio Indeo, "Russia-China Military Cooperation in Central Asia", REF: 21', "REF: 21", (21,)),
        ('Fabio Indeo, "Russia-China Military Cooperation", REF 21 & 26.', "REF 21 & 26", (21, 26)),
        ('Arkady Dubnov, "Reflecting on a Quarter Century," REF 2 & REF 10.', "REF 2 & REF 10", (2, 10)),
        ('Vladislav Inozemtsev, Integrating the Eurasian Union: A Bridge Too Far?" (Ref. 9).', "(Ref. 9)", (9,)),
        ("Mihail Paduraru and Claudia-Iohana Voicu, 53, REF.1&5.", "REF.1&5", (1, 5)),
        ('Smith, "A Title," supra note 7, 12.', "supra note 7", (7,)),
        ("Smith, supra n. 7-9.", "supra n. 7-9", (7, 8, 9)),
    ],
)
def test_cross_reference_forms(note, printed, targets):
    cite = one(note)
    assert cite.crossref.kind in {"ref", "supra"}
    assert cite.crossref.printed == printed
    assert cite.crossref.targets == targets


def test_ref_note_without_title_keeps_names_and_page():
    cite = one("Mihail Paduraru and Claudia-Iohana Voicu, 53, REF.1&5.")
    assert cite.fields.authors == ("Paduraru, Mihail", "Voicu, Claudia-Iohana")
    assert cite.fields.title is None and cite.fields.pages == "53"


@pytest.mark.parametrize(("note", "pages"), [("Ibid.", None), ("Ibid., 45.", "45"), ("Ibid., pp. 3-5.", "3-5"), ("Id. at 12.", "12")])
def test_ibid(note, pages):
    cite = one(note)
    assert cite.crossref.kind == "ibid" and cite.crossref.targets == ()
    assert cite.fields.pages == pages


def test_op_cit_keeps_author_and_page_with_no_targets():
    cite = one("Kropatcheva, op. cit., 1530.")
    assert cite.crossref.kind == "op_cit" and cite.crossref.targets == ()
    assert cite.fields.pages == "1530"


@pytest.mark.parametrize(
    ("note", "authors", "pages"),
    [
        ("Paduraru, op. cit., 63.", ("Paduraru",), "63"),
        ("P aduraru, op. cit., 63.", ("Paduraru",), "63"),
        ("Jane Roe, op. cit., 9.", ("Roe, Jane",), "9"),
        ("Mihail Paduraru and Claudia-Iohana Voicu, op. cit., 53.", ("Paduraru, Mihail", "Voicu, Claudia-Iohana"), "53"),
        ("Roe and Doe, op. cit., p. 5.", ("Roe", "Doe"), "5"),
        ("Roe et al., op. cit., 9.", ("Roe",), "9"),
        ("de Haas, op. cit., 12.", ("de Haas",), "12"),
        ("Ziegler, Charles E., op. cit., 4.", ("Ziegler, Charles E.",), "4"),
        ("See Roe, op. cit., 9.", ("Roe",), "9"),
        ("Paduraru, op. cit.", ("Paduraru",), None),
    ],
)
def test_name_before_op_cit_is_the_author_not_a_title(note, authors, pages):
    cite = one(note)
    assert cite.crossref.kind == "op_cit" and cite.crossref.targets == ()
    assert cite.fields.authors == authors
    assert cite.fields.title is None and cite.fields.pages == pages


def test_loc_cit_points_back_like_op_cit():
    cite = one("Jane Roe, loc. cit., 9.")
    assert (cite.crossref.kind, cite.crossref.printed, cite.crossref.targets) == ("op_cit", "loc. cit.", ())
    assert cite.fields.authors == ("Roe, Jane",) and cite.fields.title is None and cite.fields.pages == "9"


@pytest.mark.parametrize(("note", "pages"), [("Jane Roe, supra n. 3.", None), ("Jane Roe, supra n. 3, 12.", "12")])
def test_name_before_supra_is_the_author(note, pages):
    cite = one(note)
    assert cite.crossref.kind == "supra" and cite.crossref.targets == (3,)
    assert cite.fields.authors == ("Roe, Jane",) and cite.fields.title is None and cite.fields.pages == pages


@pytest.mark.parametrize(
    ("note", "authors", "title"),
    [
        ('Roe, "Trust in Metrics," op. cit., 9.', ("Roe",), "Trust in Metrics"),
        ("Roe, *Trust in Metrics*, op. cit., 9.", ("Roe",), "Trust in Metrics"),
        ("Ministry of Defence, op. cit., 3.", (), "Ministry of Defence"),  # not a personal name
    ],
)
def test_op_cit_after_a_title_or_no_name_is_left_to_the_work_parser(note, authors, title):
    cite = one(note)
    assert cite.crossref.kind == "op_cit"
    assert (cite.fields.authors, cite.fields.title) == (authors, title)


def test_note_missing_its_opening_quote():
    cite = one('Yulia Nikitina, Security Cooperation in the Post-Soviet Area within the Collective Security Treaty Organization," *Instituto per GLI Di Politica Internazioale* (*ISPI*), no. 152 (2013): 3, https://www.ispionline.it/it/documents/Analysis_152_2013.pdf.')
    work = cite.fields
    assert work.authors == ("Nikitina, Yulia",)
    assert work.title == "Security Cooperation in the Post-Soviet Area within the Collective Security Treaty Organization"
    assert (work.issue, work.year, work.pages) == ("152", "2013", "3")
    assert work.container.startswith("Instituto per GLI")


def test_corporate_note_missing_opening_quote_has_no_author():
    cite = one('Russia to Help CSTO Countries Make More Friends: Putin," *Xinhua Net*, (2019), http://www.xinhuanet.com/english/2019-11/28/c_138590694.htm.')
    assert cite.fields.authors == ()
    assert cite.fields.title == "Russia to Help CSTO Countries Make More Friends: Putin"
    assert cite.fields.container == "Xinhua Net"


def test_place_without_publisher_and_leading_zero_pinpoint():
    cite = one('Paul Stronski and Nicole Ng, "Cooperation and Competition Russia and China in Central Asia, the Russian Far East, and the Arctic," *Carnegie Endowment for International Peace*, (Washington DC, 2018), 09.')
    assert (cite.fields.place, cite.fields.year, cite.fields.pages) == ("Washington DC", "2018", "09")


def test_implausible_year_kept_as_printed():
    cite = one('Richard Weitz, "Eurasian Security Institutions: The CSTO and SCO", *World Politics Review*, (201), https://www.worldpoliticsreview.com/articles/5916/x.')
    assert cite.fields.year == "201"


@pytest.mark.parametrize(
    "note",
    [
        "Uzbekistan has joined the CSTO twice and left twice, 1994-1999 and 2006-2012.",
        "The treaty was signed in 2002 and ratified two years later.",
    ],
)
def test_discursive_note_yields_no_citation(note):
    assert parse_note(note) == ()


def test_url_only_note_is_a_citation():
    cite = one("Official website of the Collective Security Treaty Organization (CSTO), http://www.odkb.gov.ru/start/index_aengl.htm.")
    assert cite.fields.title == "Official website of the Collective Security Treaty Organization (CSTO)"
    assert cite.fields.kind == "web"


def test_several_works_in_one_note():
    citations = parse_note(*italic('Roy Allison, "Regionalism and Security," *International Affairs* 80, no. 3 (2004): 470; see also Alexander Cooley, *Great Games, Local Rules* (New York: Oxford University Press, 2012), 45. Also Ibid., 46.'))
    assert [c.fields.authors for c in citations[:2]] == [("Allison, Roy",), ("Cooley, Alexander",)]
    assert citations[1].fields.title == "Great Games, Local Rules"
    assert citations[1].fields.kind == "book"
    assert (citations[1].fields.publisher, citations[1].fields.pages) == ("Oxford University Press", "45")
    assert citations[2].crossref.kind == "ibid" and citations[2].fields.pages == "46"


def test_citation_text_is_the_part_of_the_note():
    note = 'A. Smith, "One," *J* 1 (2000): 2; B. Jones, "Two," *K* 3 (2001): 4.'
    citations = parse_note(*italic(note))
    assert [c.text for c in citations] == ['A. Smith, "One," J 1 (2000): 2', 'B. Jones, "Two," K 3 (2001): 4.']


def test_plain_text_book_note_without_italics():
    cite = one("John Smith, Book Title (London: Routledge, 2010), 45.")
    assert (cite.fields.title, cite.fields.place, cite.fields.publisher, cite.fields.pages) == ("Book Title", "London", "Routledge", "45")


def test_bad_input_never_raises():
    for note in ["", " ", ";", '"', "REF", "Ibid", "(Ref. )", "; see also ;"]:
        assert isinstance(parse_note(note), tuple)
