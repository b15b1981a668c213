"""parse/layout.py: front matter, body paragraphs, notes and the reference list."""

from __future__ import annotations

import pytest

from claimcheck.parse.layout import lay_out
from claimcheck.read.document import parse_document

PAGE_BREAK = "\n\n\n\n"


def _layout(source: str):
    document = parse_document(source)
    return document, lay_out(document)


def _notes(layout) -> list[tuple[int, str, str]]:
    return [(note.n, note.number_form, note.text) for note in layout.notes]


# --------------------------------------------------------------------------
# front matter, author notes, reference list


FRONT = """# Regional Security in Asia

Jane Doe<sup>\\*</sup> and John Roe<sup>\\*\\*</sup>

<sup>\\*</sup> Professor, Example University.

<sup>\\*\\*</sup> Lecturer, Example College.

## 1. Introduction

The alliance was founded in 2002.<sup>1</sup>

<sup>1</sup> Anna Smith, "Alliances in Asia," Journal of Things 3 (2019): 4.
"""


def test_front_matter_ends_at_the_first_body_heading():
    document, layout = _layout(FRONT)
    assert layout.front_matter == [0, 1, 2, 3]
    assert document.blocks[4].text == "1. Introduction"
    assert [p.text for p in layout.paragraphs] == ["The alliance was founded in 2002."]
    assert layout.paragraphs[0].section == "1. Introduction"


def test_author_notes_are_not_footnotes():
    document, layout = _layout(FRONT)
    assert layout.author_notes == [2, 3]
    assert [n.n for n in layout.notes] == [1]


def test_no_body_heading_means_no_front_matter():
    _, layout = _layout("Just a paragraph.<sup>1</sup>\n\n<sup>1</sup> A \"Note Title Here,\" 2019.\n")
    assert layout.front_matter == []
    assert [p.text for p in layout.paragraphs] == ["Just a paragraph."]


REFERENCES = """## Introduction

Body text cites a work.[^1]

## References

Smith, A. (2019) Alliances in Asia. Journal of Things.

Jones, B. (2018) Treaties. Oxford: Press.

[^1]: Smith, "Alliances in Asia," 4.
"""


def test_reference_section_blocks():
    document, layout = _layout(REFERENCES)
    assert document.blocks[layout.reference_heading].text == "References"
    assert [document.blocks[i].text[:9] for i in layout.reference_blocks] == ["Smith, A.", "Jones, B."]


def test_pandoc_note_after_the_reference_list_is_a_note_not_an_entry():
    _, layout = _layout(REFERENCES)
    assert _notes(layout) == [(1, "pandoc", 'Smith, "Alliances in Asia," 4.')]


def test_reference_section_ends_at_a_heading_of_the_same_level():
    source = REFERENCES.replace("[^1]:", "## Appendix\n\nAn appendix paragraph. [^1]:")
    document, layout = _layout(source)
    assert len(layout.reference_blocks) == 2
    assert any(p.text.startswith("An appendix paragraph") for p in layout.paragraphs)


def test_the_last_reference_heading_wins():
    source = "## Sources\n\nEarly text.\n\n## Bibliography\n\nSmith, A. (2019) A Book.\n"
    document, layout = _layout(source)
    assert document.blocks[layout.reference_heading].text == "Bibliography"
    assert [p.text for p in layout.paragraphs] == ["Early text."]


def test_no_reference_heading():
    _, layout = _layout("## Introduction\n\nText.\n")
    assert layout.reference_heading is None
    assert layout.reference_blocks == []


# --------------------------------------------------------------------------
# numbered notes in every superscript form


@pytest.mark.parametrize(
    ("number", "form"),
    [
        ("<sup>7</sup>", "sup"),
        ("<sup>&</sup>lt;sup>7</sup>", "escaped"),
        ("&lt;sup&gt;7&lt;/sup&gt;", "escaped"),
        ("$^{7}$", "latex"),
        ("[^7]:", "pandoc"),
    ],
)
def test_numbered_note_in_each_form(number, form):
    source = f"## Introduction\n\nA claim.{number.rstrip(':')}\n\n{number} Anna Smith, \"A Title\" (2019).\n"
    _, layout = _layout(source)
    assert _notes(layout) == [(7, form, 'Anna Smith, "A Title" (2019).')]
    note = layout.notes[0]
    assert note.span.line == 5 and note.span.column == 1
    # the note's text maps back to the file
    assert len(note.offsets) == len(note.text)


# --------------------------------------------------------------------------
# damaged notes


LOST_NUMBER = """## Introduction

The alliance was founded in 2002.<sup>1</sup>

<sup>1</sup> Anna Smith, "Alliances in Asia," Journal of Things 3 (2019): 4.
""" + PAGE_BREAK + """Officials said "the treaty is working well" in a statement. Later it expanded.<sup>3</sup>

Bob Jones, "The Treaty Works Well Enough," News Daily, (2018), http://example.org/a.

<sup>3</sup> Carl Brown, "Expansion of Alliances in Asia," 2017, 9.
"""


def test_unnumbered_citation_before_the_pages_first_note_is_a_lost_note():
    document, layout = _layout(LOST_NUMBER)
    assert [(n, form) for n, form, _ in _notes(layout)] == [(1, "sup"), (2, "lost"), (3, "sup")]
    lost = layout.notes[1]
    assert lost.text.startswith("Bob Jones")
    assert lost.span.page == 2
    assert document.blocks[lost.blocks[0]].text.startswith("Bob Jones")
    assert all(not p.text.startswith("Bob Jones") for p in layout.paragraphs)


def test_unnumbered_block_is_body_when_the_numbering_has_no_gap():
    source = LOST_NUMBER.replace("<sup>3</sup>", "<sup>2</sup>")
    _, layout = _layout(source)
    assert [n for n, _, _ in _notes(layout)] == [1, 2]
    assert any(p.text.startswith("Bob Jones") for p in layout.paragraphs)


def test_unnumbered_block_that_does_not_read_like_a_citation_is_body():
    source = LOST_NUMBER.replace(
        'Bob Jones, "The Treaty Works Well Enough," News Daily, (2018), http://example.org/a.',
        "A plain body paragraph without any source in it.")
    _, layout = _layout(source)
    assert [n for n, _, _ in _notes(layout)] == [1, 3]
    assert any(p.text.startswith("A plain body") for p in layout.paragraphs)


def test_unnumbered_citation_between_two_notes_with_a_gap_is_a_lost_note():
    source = """## Introduction

Text.<sup>1</sup> More.<sup>3</sup>

<sup>1</sup> Anna Smith, "Alliances in Asia," 2019.

Bob Jones, "The Treaty Works Well Enough," News Daily, (2018).

<sup>3</sup> Carl Brown, "Expansion of Alliances," 2017.
"""
    _, layout = _layout(source)
    assert [(n, form) for n, form, _ in _notes(layout)] == [(1, "sup"), (2, "lost"), (3, "sup")]


CONTINUED = """## Introduction

A body paragraph that ends properly.<sup>1</sup> Another.<sup>2</sup>

<sup>1</sup> Anna Smith, "Alliances in Asia," in

Regional Orders, ed. D. Green (Oxford: OUP, 2017), 9.

<sup>2</sup> Bob Jones, "Treaties," 2018.
"""


def test_note_continued_in_the_next_block_is_joined():
    document, layout = _layout(CONTINUED)
    assert _notes(layout)[0] == (
        1, "sup", 'Anna Smith, "Alliances in Asia," in Regional Orders, ed. D. Green (Oxford: OUP, 2017), 9.')
    first = layout.notes[0]
    assert len(first.blocks) == 2
    assert len(first.offsets) == len(first.text)
    start = first.text.index("Regional")
    assert document.source[first.offsets[start]] == "R"
    assert [p.text for p in layout.paragraphs] == ["A body paragraph that ends properly. Another."]


def test_two_notes_on_one_line_are_split():
    source = """## Introduction

One.<sup>11</sup> Two.<sup>12</sup>

<sup>&</sup>lt;sup>11</sup> Vladislav Inozemtsev, "A Bridge Too Far?" (Ref. 9). <sup>12</sup> Paul De Grauwe, "Why Russia is weak," 2018.
"""
    document, layout = _layout(source)
    assert _notes(layout) == [
        (11, "escaped", 'Vladislav Inozemtsev, "A Bridge Too Far?" (Ref. 9).'),
        (12, "sup", 'Paul De Grauwe, "Why Russia is weak," 2018.'),
    ]
    second = layout.notes[1]
    assert second.span.line == 5 and second.span.column > 1
    assert document.source[second.offsets[0]] == "P"


def test_superscript_inside_a_note_that_is_not_the_next_number_does_not_split():
    source = """## Introduction

One.<sup>2</sup>

<sup>2</sup> Bob Jones, "Treaties," 2018, cited in note<sup>9</sup> above.
"""
    _, layout = _layout(source)
    assert [n.n for n in layout.notes] == [2]
    assert layout.notes[0].text == 'Bob Jones, "Treaties," 2018, cited in note above.'


def test_continuation_block_that_also_starts_the_next_note():
    source = """## Introduction

A.<sup>3</sup> B.<sup>4</sup> C.<sup>5</sup>

<sup>3</sup> Carl Brown, "Expansion of Alliances in Asia," in

Regional Orders, ed. D. Green (Oxford: OUP, 2017), 9.<sup>4</sup> Dana White, "Later Works," 2020.

<sup>5</sup> Eve Black, "Another Work," 2021.
"""
    _, layout = _layout(source)
    assert [(n, form) for n, form, _ in _notes(layout)] == [(3, "sup"), (4, "sup"), (5, "sup")]
    assert layout.notes[0].text.endswith("2017), 9.")


# --------------------------------------------------------------------------
# body paragraphs across page breaks, sections, tables


CUT = """## Introduction

The members of the group agreed on a charter that

<sup>1</sup> Anna Smith, "Alliances in Asia," 2019.
""" + PAGE_BREAK + """12

continues on this page.<sup>1</sup> And more.
"""


def test_paragraph_cut_by_a_page_break_is_joined():
    document, layout = _layout(CUT)
    [paragraph] = layout.paragraphs
    assert paragraph.text == ("The members of the group agreed on a charter that "
                              "continues on this page. And more.")
    assert len(paragraph.blocks) == 2
    assert len(paragraph.offsets) == len(paragraph.text)
    [sup] = paragraph.superscripts
    assert paragraph.text[: sup.offset].endswith("continues on this page.")
    assert document.source[paragraph.offsets[paragraph.text.index("continues")]] == "c"
    assert paragraph.span.line == 3 and paragraph.span.end_line == document.blocks[-1].span.line
    assert paragraph.span.page == 1


def test_paragraph_ending_with_a_full_stop_is_not_joined():
    _, layout = _layout(CUT.replace("a charter that", "a charter."))
    assert [p.text for p in layout.paragraphs] == [
        "The members of the group agreed on a charter.", "continues on this page. And more."]


def test_paragraph_is_not_joined_across_a_heading():
    source = CUT.replace("12\n\ncontinues", "## 2. Next Section\n\ncontinues")
    _, layout = _layout(source)
    assert len(layout.paragraphs) == 2
    assert layout.paragraphs[1].section == "2. Next Section"


def test_paragraphs_on_the_same_page_are_not_joined():
    _, layout = _layout("## Introduction\n\nFirst without stop\n\nsecond paragraph.\n")
    assert len(layout.paragraphs) == 2


def test_heading_directly_above_a_table_is_not_a_section():
    source = """## Introduction

Text before the table.

### Table 1: Members

| a | b |
|---|---|

After the table, still the introduction.
"""
    document, layout = _layout(source)
    assert [p.section for p in layout.paragraphs] == ["Introduction", "Introduction"]
    assert layout.tables == [3]
    assert document.blocks[2].kind == "heading"
    assert 2 in layout.headings


def test_artifacts_are_listed_and_not_paragraphs():
    _, layout = _layout(CUT)
    assert len(layout.artifacts) == 1
    assert all(p.text != "12" for p in layout.paragraphs)


# --------------------------------------------------------------------------
# endnotes: a "Notes" section instead of notes at the foot of each page


ENDNOTES_AS_PARAGRAPHS = """# A History of Grain

## Introduction

Danzig shipped most of the grain.<sup>1</sup> Credit came from Amsterdam.<sup>2</sup>

## Notes

1 Milja van Tielhof, *The Mother of All Trades* (Leiden: Brill, 2002), 45.

The figures are for the 1560s only.

2 Ibid., 61.

## Bibliography

Tielhof, Milja van. *The Mother of All Trades*. Leiden: Brill, 2002.
"""


def test_endnotes_numbered_as_paragraphs_with_a_continuation():
    _, layout = _layout(ENDNOTES_AS_PARAGRAPHS)
    assert _notes(layout) == [
        (1, "endnote", "Milja van Tielhof, The Mother of All Trades (Leiden: Brill, 2002), 45. "
                       "The figures are for the 1560s only."),
        (2, "endnote", "Ibid., 61."),
    ]
    assert len(layout.reference_blocks) == 1
    assert all("Ibid" not in p.text for p in layout.paragraphs)


def test_a_notes_section_is_not_taken_when_the_paper_has_footnotes():
    source = """# Title

## Introduction

The alliance was founded in 2002.<sup>1</sup>

<sup>1</sup> Anna Smith, "Alliances in Asia," Journal of Things 3 (2019): 4.

## Notes

1 On method: all figures are rounded.
"""
    _, layout = _layout(source)
    assert _notes(layout) == [(1, "sup", 'Anna Smith, "Alliances in Asia," Journal of Things 3 (2019): 4.')]
    assert any(p.text.startswith("1 On method") for p in layout.paragraphs)
