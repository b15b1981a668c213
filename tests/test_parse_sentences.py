"""parse/sentences.py: sentence splitting and the markers each sentence carries."""

from __future__ import annotations

import pytest

from claimcheck.parse.layout import lay_out
from claimcheck.parse.markers import find_markers
from claimcheck.parse.sentences import build_sentences, split_sentences
from claimcheck.read.document import parse_document


def _split(text: str) -> list[str]:
    return [text[start:end] for start, end in split_sentences(text)]


@pytest.mark.parametrize(
    "first",
    [
        "Three states viz. Turkmenistan, Uzbekistan and Tajikistan were fragile.",
        "It appeared in Transformation, ed. Anja Mihr, in 2020.",
        "It is listed as no. 45 in the series.",
        "It is printed in Vol. 2 of the journal.",
        "The U.S. Army left the base.",
        "A new podium i.e. the CIS tied them together.",
        "Some states e.g. Russia joined at once.",
        "According to Charles E. Ziegler the rules hold.",
        "The books by J. R. R. Tolkien were translated.",
        "Compare pp. 4-5 of that report.",
        "See Smith et al. on this point.",
    ],
)
def test_abbreviations_and_initials_do_not_split(first):
    assert _split(f"{first} The next sentence starts here.") == [
        first, "The next sentence starts here."]


def test_ordinary_sentence_ends_split():
    assert _split("First sentence. Second one! Third? Fourth.") == [
        "First sentence.", "Second one!", "Third?", "Fourth."]


def test_bounds_index_the_text():
    text = "  Leading space. Then more.  "
    bounds = split_sentences(text)
    assert [text[s:e] for s, e in bounds] == ["Leading space.", "Then more."]


def test_empty_text_has_no_sentences():
    assert split_sentences("") == []


# --------------------------------------------------------------------------
# build_sentences


def _build(body: str, notes: set[int]):
    document = parse_document("## Introduction\n\n" + body + "\n")
    paragraphs = lay_out(document).paragraphs
    found = find_markers(paragraphs, notes, document.span_at)
    starts = [document.line_starts[b.span.line - 1] for b in document.blocks]

    def block_of(offset: int) -> int:
        return max(i for i, start in enumerate(starts) if start <= offset)

    sentences, owner = build_sentences(paragraphs, found, document.span_at, block_of)
    return document, found, sentences, owner


def test_marker_after_the_full_stop_belongs_to_the_sentence_before():
    _, found, sentences, owner = _build("First claim.<sup>1</sup> Second claim.<sup>2</sup>", {1, 2})
    assert [(s.text, s.markers) for s in sentences] == [
        ("First claim.", (1,)), ("Second claim.", (2,))]
    assert owner == {0: 0, 1: 1}


def test_marker_after_the_space_still_belongs_to_the_sentence_before():
    _, _, sentences, _ = _build("First claim. <sup>1</sup>Second claim.", {1})
    assert [(s.text, s.markers) for s in sentences] == [
        ("First claim.", (1,)), ("Second claim.", ())]


def test_marker_inside_a_sentence_belongs_to_it():
    _, _, sentences, _ = _build("Before. Mid<sup>3</sup> sentence marker, cf. Vol. 2 here. After.", {3})
    assert [(s.text, s.markers) for s in sentences] == [
        ("Before.", ()), ("Mid sentence marker, cf. Vol. 2 here.", (3,)), ("After.", ())]


def test_bare_marker_after_a_quote_belongs_to_the_quoting_sentence():
    _, found, sentences, _ = _build('It brought "peace and stability."37 Moreover, it grew.', {37})
    assert found[0].form == "bare"
    assert [(s.text, s.markers) for s in sentences] == [
        ('It brought "peace and stability."', (37,)), ("Moreover, it grew.", ())]


def test_several_markers_on_one_sentence_are_sorted():
    _, _, sentences, _ = _build("A claim.<sup>5,4</sup>", {4, 5})
    assert sentences[0].markers == (4, 5)


def test_sentences_carry_spans_sections_and_blocks_and_are_indexed_in_order():
    document, _, sentences, _ = _build("First claim here. Second.\n\nThird paragraph.", set())
    assert [s.index for s in sentences] == [0, 1, 2]
    assert {s.section for s in sentences} == {"Introduction"}
    assert [s.block for s in sentences] == [1, 1, 2]
    second = sentences[1]
    assert (second.span.line, second.span.column) == (3, len("First claim here. ") + 1)
    assert (second.span.end_line, second.span.end_column) == (3, len("First claim here. Second.") + 1)
    assert sentences[2].span.line == 5
