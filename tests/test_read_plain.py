"""read/plain.py: headings and note numbers of a plain-text paper (pdftotext)."""

from __future__ import annotations

from claimcheck.read.document import parse_document

PLAIN = """THE GRAIN TRADE

1. Introduction

Danzig shipped most of the grain.1 Credit came from Amsterdam.2

2 women ran the largest houses, a fact the registers hide.

1 Milja van Tielhof, The Mother of All Trades (Leiden: Brill, 2002), 45.
2 Ibid., 61-63.

References

Tielhof, Milja van. The Mother of All Trades. Leiden: Brill, 2002.
"""


def _blocks(source: str):
    return [(b.kind, b.level, b.text) for b in parse_document(source).blocks]


def test_headings_are_read_from_the_lines():
    blocks = _blocks(PLAIN)
    assert [(kind, level, text) for kind, level, text in blocks if kind == "heading"] == [
        ("heading", 1, "THE GRAIN TRADE"), ("heading", 2, "1. Introduction"), ("heading", 2, "References")]


def test_note_numbers_become_superscripts_at_their_lines():
    document = parse_document(PLAIN)
    notes = next(b for b in document.blocks if b.text.startswith("Milja"))
    assert [(s.content, s.form, s.offset, s.span.line, s.span.column) for s in notes.superscripts] == [
        ("1", "plain", 0, 9, 1), ("2", "plain", 71, 10, 1)]
    assert notes.text == ("Milja van Tielhof, The Mother of All Trades (Leiden: Brill, 2002), 45. "
                          "Ibid., 61-63.")
    # every character still maps back to the file
    assert all(document.source[o] == c for o, c in zip(notes.offsets, notes.text) if c != " ")


def test_a_body_paragraph_that_starts_with_a_number_is_no_note():
    document = parse_document(PLAIN)
    women = next(b for b in document.blocks if "women" in b.text)
    assert women.text.startswith("2 women") and women.superscripts == ()


def test_a_markdown_paper_is_left_alone():
    source = "# Title\n\nTHE GRAIN TRADE\n\n1 Milja van Tielhof, The Mother of All Trades, 45.\n"
    assert _blocks(source) == [("heading", 1, "Title"), ("paragraph", 0, "THE GRAIN TRADE"),
                               ("paragraph", 0, "1 Milja van Tielhof, The Mother of All Trades, 45.")]


def test_the_first_line_in_title_case_is_the_title():
    source = "The Grain Trade of Danzig, 1550-1650\n\nAnna Kowalska\n\nDanzig shipped most of the grain.\n"
    assert _blocks(source)[:2] == [("heading", 1, "The Grain Trade of Danzig, 1550-1650"),
                                   ("paragraph", 0, "Anna Kowalska")]
    # a first line that is a sentence is not
    assert _blocks("Danzig shipped most of the grain in the 1560s.\n")[0][0] == "paragraph"


CITED = """Solar Cells Beyond 25%

Introduction

Efficiencies rose above 25%.1,2 Stability lags behind silicon.3 Lifetimes reach 1,000 hours,4-6 and more.

References

1. Jeong J. Halide engineering. Nature. 2021;592:381-5.
"""


def test_glued_numbers_in_a_paper_without_notes_are_raised_citations():
    document = parse_document(CITED)
    body = next(b for b in document.blocks if b.text.startswith("Efficiencies"))
    assert body.text == ("Efficiencies rose above 25%. Stability lags behind silicon. "
                         "Lifetimes reach 1,000 hours, and more.")
    assert [(s.content, s.form) for s in body.superscripts] == [("1,2", "plain"), ("3", "plain"), ("4-6", "plain")]


def test_glued_numbers_out_of_first_citation_order_are_left_alone():
    source = CITED.replace("silicon.3", "silicon (see Fig.9)")
    body = next(b for b in parse_document(source).blocks if b.text.startswith("Efficiencies"))
    assert body.superscripts == () and "25%.1,2" in body.text
