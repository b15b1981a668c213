"""The extraction pipeline on papers of other styles: nothing is tuned to the
development paper."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimcheck.engine import extract, extract_text, verify

PAPERS = Path(__file__).parent / "fixtures" / "papers"


def test_numbered_reference_list_and_bracket_citations():
    paper = extract(PAPERS / "numbered_references.md")
    assert [(r.label, r.key) for r in paper.references] == [
        ("[1]", "smith2012open"), ("[2]", "lee2015link"), ("[3]", "brown2016measuring"),
        ("[4]", "garcia2018portal")]
    lee = paper.references[1].fields
    assert (lee.container, lee.volume, lee.pages, lee.doi) == ("Data Policy", "7", "101-119", "10.1000/dp.2015.7")
    assert [(c.printed, c.ref_key) for c in paper.in_text] == [
        ("[1]", "smith2012open"), ("[2]", "lee2015link"), ("[3]", "brown2016measuring"),
        ("[3]", "brown2016measuring"), ("[4]", "garcia2018portal")]
    survey = next(c for c in paper.claims if c.text.startswith("A survey of 120 portals"))
    assert survey.refs == ("lee2015link", "brown2016measuring")
    assert survey.kind == "statistic"
    assert paper.footnotes == ()


def test_author_year_citations_resolve_by_family_and_year():
    paper = extract(PAPERS / "author_year.md")
    resolved = {c.printed: c.ref_key for c in paper.in_text}
    assert resolved == {
        "Smith 2019": "smith2019trust", "Lee et al., 2021": "lee2021trust",
        "Jones and Park (2018)": "jones2018readers", "Garcia (2017a)": "garcia2017readinga",
        "Garcia (2017b)": "garcia2017readingb", "Miller 2005": None,
    }
    jones = next(r for r in paper.references if r.key == "jones2018readers").fields
    assert jones.kind == "book"
    assert jones.authors == ("Jones, Alan", "Park, Min")
    assert (jones.place, jones.publisher) == ("Oxford", "Oxford University Press")


def test_author_year_paper_verify_reports_the_unlisted_work():
    result = verify(extract(PAPERS / "author_year.md"), select=("R001", "R002"))
    assert [(f.code, f.location.line) for f in result.findings] == [("R001", 7)]
    assert "Miller 2005" in result.findings[0].message


def test_pandoc_footnotes_with_ibid_and_short_note():
    paper = extract(PAPERS / "pandoc_footnotes.md")
    assert [(n.n, n.marker.form, n.marker.span.line) for n in paper.footnotes] == [
        (1, "pandoc", 5), (2, "pandoc", 6), (3, "pandoc", 6), (4, "pandoc", 8)]
    links = {n.n: [(c.ref_key, c.crossref.targets if c.crossref else None) for c in n.citations]
             for n in paper.footnotes}
    assert links == {1: [("grafton1997footnote", None)], 2: [("grafton1997footnote", (1,))],
                     3: [("connors1998rise", None)], 4: [("grafton1997footnote", (1,))]}
    assert [r.key for r in paper.references] == ["grafton1997footnote", "connors1998rise"]
    quote = next(c for c in paper.claims if c.kind == "quote")
    assert quote.quotes == ("the historian's proof of diligence.",)
    assert quote.refs == ("grafton1997footnote",)


def test_plain_text_paper_with_bare_note_numbers_after_punctuation():
    source = (
        "Open Access and Its Critics\n\n"
        "1. Introduction\n\n"
        "Open access grew after 2002.1 Critics called it \"a threat to peer review\".2\n\n"
        "<sup>1</sup> Ann Lee, \"Open Access Now,\" Journal of Access 2, no. 1 (2004): 3.\n\n"
        "<sup>2</sup> Bob Ray, \"Against Open Access,\" Review of Reviews 9 (2005): 11.\n\n"
        "## References\n\n"
        "Lee, Ann. \"Open Access Now.\" Journal of Access 2, no. 1 (2004): 1-20.\n\n"
        "Ray, Bob. \"Against Open Access.\" Review of Reviews 9 (2005): 10-30.\n"
    )
    paper = extract_text(source, "plain.md")
    assert [(m.n, m.form) for m in paper.markers] == [(1, "bare"), (2, "bare")]
    assert [c.ref_key for n in paper.footnotes for c in n.citations] == ["lee2004open", "ray2005against"]
    first = paper.sentences[paper.footnotes[0].marker.sentence]
    assert first.text == "Open access grew after 2002."


def test_unterminated_table_at_end_of_file():
    source = ("# T\n\n## 1. Data\n\nMembers are listed below.\n\n"
              "| Organisation | Members |\n|---|---|\n| Alpha | Spain, France |\n| Beta | Italy")
    paper = extract_text(source, "table.md")
    (table,) = paper.tables
    assert table.rows[-1] == ("Beta", "Italy")


@pytest.mark.parametrize(("source", "problem"), [
    ("# Title\n\n## 1. Intro\n\nText with a note.<sup>1</sup>\n\n<sup>1</sup> A. Author, \"T,\" 2020.\n",
     "no reference list was found (no 'References' or 'Bibliography' heading)"),
    ("# Title\n\nJust prose.\n", "no footnotes and no reference list were found"),
])
def test_missing_parts_are_stated_not_guessed(source, problem):
    paper = extract_text(source, "x.md")
    assert [p.message for p in paper.problems] == [problem]


def test_vancouver_paper_with_a_markdown_ordered_reference_list():
    """A medical paper: Vancouver entries printed as a Markdown ordered list (the
    reader takes "1." as list syntax), bracket citations, a year range in the title."""
    paper = extract(PAPERS / "vancouver_ordered_list.md")
    assert [r.label for r in paper.references] == [f"{n}." for n in range(1, 9)]
    first = paper.references[0].fields
    assert first.authors[:2] == ("Pittet, D", "Hugonnet, S") and len(first.authors) == 6
    assert (first.container, first.year, first.volume, first.issue, first.pages) == (
        "Lancet", "2000", "356", "9238", "1307-12")
    who = paper.references[3].fields
    assert (who.place, who.publisher, who.year) == ("Geneva", "World Health Organization", "2009")
    abstract = paper.claims[0]
    assert abstract.refs == ("pittet2000effectiveness", "pittet2000improving")
    assert ("[9]", None) in [(c.printed, c.ref_key) for c in paper.in_text]
    assert paper.meta.year is None  # "2015–2019" in the title is the period studied


def test_vancouver_paper_findings():
    result = verify(extract(PAPERS / "vancouver_ordered_list.md"), offline=True)
    found = sorted((f.code, f.location.line) for f in result.findings)
    # [9] cites no entry; entry 8 is never cited; the quote has its [2]; no entry
    # is "after the paper's year", which the title's range does not give
    assert found == [("R001", 25), ("R002", 36)]


def test_apa_paper_with_a_markdown_bulleted_reference_list():
    """Psychology, APA 7: "&" between two cited authors, an author list cut with
    "...", a reference list printed as a Markdown bullet list."""
    paper = extract(PAPERS / "apa_unordered_list.md")
    resolved = {c.printed: c.ref_key for c in paper.in_text}
    assert resolved["Short & Banks, 2014"] == resolved["Short and Banks, 2014"] == "short2014functional"
    assert resolved["Minges & Redline, 2016"] == "minges2016delayed"
    assert resolved["Tarokh et al. (2016)"] is None
    hirshkowitz = next(r for r in paper.references if r.key.startswith("hirshkowitz")).fields
    assert hirshkowitz.authors[-2:] == ("DonCarlos, L.", "Hillard, P. J. A.")
    assert (hirshkowitz.year, hirshkowitz.container, hirshkowitz.volume) == ("2015", "Sleep Health", "1")
    assert paper.meta.year == "2021"


def test_apa_paper_findings():
    result = verify(extract(PAPERS / "apa_unordered_list.md"), offline=True)
    found = sorted((f.code, f.location.line) for f in result.findings)
    # Tarokh et al. is not in the list, Watson et al. is never cited, and the
    # "seven-year period from 2012 to 2016" is four years (five counting both)
    assert found == [("C003", 15), ("R001", 30), ("R002", 41)]


def test_chicago_paper_with_endnotes():
    """History, Chicago notes gathered under "Notes" as a Markdown ordered list,
    <sup> markers in the text, Ibid. and a short form, a bibliography."""
    paper = extract(PAPERS / "endnotes_chicago.md")
    assert [n.n for n in paper.footnotes] == list(range(1, 8))
    assert [n.marker.span.line for n in paper.footnotes] == [7, 7, 7, 9, 9, 13, 13]
    cited = [(c.crossref.kind if c.crossref else None, c.ref_key) for n in paper.footnotes for c in n.citations]
    assert cited == [(None, "tielhof2002mother"), ("ibid", "tielhof2002mother"), ("ibid", "tielhof2002mother"),
                     (None, "scheltjens2012sound"), (None, "bogucka2003baltic"),
                     ("short", "scheltjens2012sound"), (None, None)]


def test_chicago_endnotes_findings():
    result = verify(extract(PAPERS / "endnotes_chicago.md"), offline=True)
    found = sorted((f.code, f.location.line) for f in result.findings)
    # the archive of note 7 is not in the bibliography, North is never cited, and
    # note 7's URL was cut by a line wrap; no marker is "without a footnote"
    assert found == [("R001", 23), ("R002", 33), ("U001", 23)]


def test_superscript_citations_of_a_numbered_reference_list():
    """Nature/AMA style: superscript numbers cite the numbered reference list and
    mark no footnote ("<sup>1,2</sup>", "<sup>4–6</sup>")."""
    paper = extract(PAPERS / "superscript_citations.md")
    assert paper.footnotes == () and paper.markers == ()
    cited = [(c.printed, c.ref_key) for c in paper.in_text]
    assert [printed for printed, _ in cited] == ["1", "2", "3", "4", "5", "6", "7", "2", "8"]
    assert dict(cited)["4"] == "cheacharoen2018design" and ("8", None) in cited
    first = next(c for c in paper.claims if "25%" in c.text)
    assert first.refs == ("jeong2021pseudo", "alashouri2020monolithic")


def test_superscript_citations_findings():
    result = verify(extract(PAPERS / "superscript_citations.md"), offline=True)
    # superscript 8 cites no entry; no "marker without footnote", no "marker twice"
    assert sorted((f.code, f.location.line) for f in result.findings) == [("R001", 7)]


def test_plain_text_paper_from_pdftotext():
    """No Markdown at all: headings, note numbers at the foot of each page and
    bare markers glued to the text are read from the layout alone."""
    paper = extract(PAPERS / "plain_text_pdftotext.txt")
    assert paper.meta.title == "THE GRAIN TRADE OF DANZIG"
    assert [(n.n, n.marker.form if n.marker else None) for n in paper.footnotes] == [
        (1, "bare"), (2, "bare"), (3, "bare"), (4, "bare"), (5, "none")]
    assert [r.key for r in paper.references] == [
        "bogucka2003baltic", "north2015baltic", "scheltjens2012sound", "tielhof2002mother"]
    assert [c.ref_key for n in paper.footnotes for c in n.citations][:4] == [
        "tielhof2002mother", "tielhof2002mother", "scheltjens2012sound", "bogucka2003baltic"]


def test_plain_text_paper_findings():
    result = verify(extract(PAPERS / "plain_text_pdftotext.txt"), offline=True)
    # note 5 has no marker, North is never cited; the capitals of the title are
    # no undefined acronyms
    assert sorted((f.code, f.location.line) for f in result.findings) == [("N002", 21), ("R002", 27)]


def test_mla_author_page_citations():
    """MLA: "(Heaney 45)", "(Kiberd 302; Longley 17)" cite by family name and page."""
    paper = extract(PAPERS / "mla_author_page.md")
    assert [(c.printed, c.ref_key, c.kind) for c in paper.in_text] == [
        ("Heaney 45", "heaney1975north", "author_page"), ("Boland 123", "boland1995object", "author_page"),
        ("Kiberd 302", "kiberd1995inventing", "author_page"), ("Longley 17", "longley1994living", "author_page")]
    result = verify(paper, offline=True)
    # Murphy is never cited; Boland's quotation has its citation
    assert sorted((f.code, f.location.line) for f in result.findings) == [("R002", 17)]


def test_table_and_figure_numbers_are_no_author_page_citations():
    paper = extract_text("# Results\n\nThe effect held in every wave (Table 2) and in the pooled model "
                         "(Figure 3; Article 5).\n\n## References\n\nSmith, J. (2019). *Waves*. Brill.\n")
    assert paper.in_text == ()


def test_superscript_citations_in_plain_text():
    """The Nature-style paper as pdftotext prints it: "above 25%.1,2 Their"."""
    paper = extract(PAPERS / "superscript_citations_plain.txt")
    markdown = extract(PAPERS / "superscript_citations.md")
    assert [(c.printed, c.ref_key) for c in paper.in_text] == [(c.printed, c.ref_key) for c in markdown.in_text]
    assert [s.text for s in paper.sentences] == [s.text for s in markdown.sentences]
    result = verify(paper, offline=True)
    assert sorted((f.code, f.location.line) for f in result.findings) == [("R001", 7)]
