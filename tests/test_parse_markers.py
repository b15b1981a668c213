"""parse/markers.py: footnote markers in the body, and bare numbers left by conversion."""

from __future__ import annotations

import pytest

from claimcheck.parse.layout import lay_out
from claimcheck.parse.markers import find_markers
from claimcheck.read.document import parse_document


def _find(body: str, notes: set[int]):
    document = parse_document("## Introduction\n\n" + body + "\n")
    paragraphs = lay_out(document).paragraphs
    found = find_markers(paragraphs, notes, document.span_at)
    return document, paragraphs, found


def _numbers(found) -> list[tuple[int, str]]:
    return [(m.n, m.form) for m in found]


# --------------------------------------------------------------------------
# superscript markers


@pytest.mark.parametrize(
    ("markup", "form"),
    [
        ("<sup>4</sup>", "sup"),
        ("<sup>&</sup>lt;sup>4</sup>", "escaped"),
        ("&lt;sup&gt;4&lt;/sup&gt;", "escaped"),
        ("$<sup>^{4}</sup>$", "latex"),
        ("$^{4}$", "latex"),
        ("[^4]", "pandoc"),
    ],
)
def test_superscript_marker_forms(markup, form):
    document, paragraphs, found = _find(f"A claim.{markup} Next.", {4})
    assert _numbers(found) == [(4, form)]
    [marker] = found
    assert paragraphs[0].text[: marker.position] == "A claim."
    assert marker.span.line == 3 and marker.span.column == len("A claim.") + 1


@pytest.mark.parametrize(
    ("content", "numbers"),
    [("12,13", [12, 13]), ("12, 13", [12, 13]), ("12-14", [12, 13, 14]), ("12–14", [12, 13, 14]),
     ("12;14", [12, 14])],
)
def test_marker_lists_and_ranges(content, numbers):
    _, _, found = _find(f"A claim.<sup>{content}</sup> Next.", set(numbers))
    assert [m.n for m in found] == numbers
    assert len({m.position for m in found}) == 1


def test_non_numeric_superscripts_are_not_markers():
    _, _, found = _find("Stars<sup>\\*</sup> and letters<sup>a</sup> and rules<sup>-</sup>.", {1})
    assert found == []


def test_markers_in_reading_order_across_paragraphs():
    _, _, found = _find("One.<sup>2</sup> Two.<sup>1</sup>\n\nThree.<sup>3</sup>", {1, 2, 3})
    assert [(m.n, m.paragraph) for m in found] == [(2, 0), (1, 0), (3, 1)]


# --------------------------------------------------------------------------
# bare markers glued to punctuation


def test_bare_marker_after_a_closing_quote():
    body = 'A claim.<sup>36</sup> It brought "peace and stability."37 Moreover, more.<sup>38</sup>'
    document, paragraphs, found = _find(body, {36, 37, 38})
    assert _numbers(found) == [(36, "sup"), (37, "bare"), (38, "sup")]
    bare = found[1]
    text = paragraphs[0].text
    assert text == 'A claim. It brought "peace and stability." Moreover, more.'
    assert text[: bare.position] == 'A claim. It brought "peace and stability."'
    # the span is that of the digits in the file
    line = document.source.split("\n")[bare.span.line - 1]
    assert line[bare.span.column - 1: bare.span.end_column - 1] == "37"
    # offsets still map the remaining text back to the file
    assert len(paragraphs[0].offsets) == len(text)
    assert document.source[paragraphs[0].offsets[text.index("Moreover")]] == "M"


def test_bare_marker_after_a_full_stop_and_space():
    body = "Drugs cross the region.<sup>44</sup> It is porous. 45 Mostly the south.<sup>46</sup>"
    _, paragraphs, found = _find(body, {44, 45, 46})
    assert _numbers(found) == [(44, "sup"), (45, "bare"), (46, "sup")]
    assert paragraphs[0].text == "Drugs cross the region. It is porous. Mostly the south."


def test_later_markers_shift_after_a_bare_number_is_removed():
    body = 'Said "peace is here."37 Then more.<sup>38</sup>'
    _, paragraphs, found = _find(body, {37, 38})
    later = found[1]
    assert paragraphs[0].text[: later.position] == 'Said "peace is here." Then more.'


def test_bare_marker_at_the_end_of_a_paragraph():
    _, paragraphs, found = _find("A claim.<sup>1</sup> Another claim.2", {1, 2})
    assert _numbers(found) == [(1, "sup"), (2, "bare")]
    assert paragraphs[0].text == "A claim. Another claim."


def test_bare_number_only_for_an_existing_note():
    body = 'A claim.<sup>36</sup> It brought "peace and stability."37 Moreover.<sup>38</sup>'
    _, paragraphs, found = _find(body, {36, 38})
    assert _numbers(found) == [(36, "sup"), (38, "sup")]
    assert '"37 Moreover' in paragraphs[0].text


def test_bare_number_not_taken_when_the_note_has_a_marker():
    body = 'One.<sup>5</sup> Two said "this is so."5 Three.'
    _, paragraphs, found = _find(body, {5})
    assert _numbers(found) == [(5, "sup")]
    assert '"5 Three' in paragraphs[0].text


def test_bare_number_outside_the_window_is_not_taken():
    # note 2's marker must sit between the markers of notes 1 and 3
    body = 'One.<sup>1</sup> Three.<sup>3</sup> Later said "this is so."2 Then.'
    _, paragraphs, found = _find(body, {1, 2, 3})
    assert _numbers(found) == [(1, "sup"), (3, "sup")]
    assert '"2 Then' in paragraphs[0].text


def test_bare_number_in_an_earlier_paragraph_than_the_window_is_not_taken():
    body = 'Before "the first note here."2 Then.\n\nOne.<sup>1</sup> Three.<sup>3</sup>'
    _, _, found = _find(body, {1, 2, 3})
    assert [m.n for m in found] == [1, 3]


@pytest.mark.parametrize(
    "body",
    [
        "See no. 45 The text.<sup>46</sup>",  # an abbreviation before the number
        "See Vol. 45 The text.<sup>46</sup>",
        "See pp. 45 The text.<sup>46</sup>",
        "There were 45 crimes in 2002.<sup>46</sup>",  # a figure, not glued to punctuation
        "In 1945. The text.<sup>46</sup>",  # part of a year
        "It rose by 4.45 Percent.<sup>46</sup>",  # the decimals of a figure
        "It cost 1,45 Million.<sup>46</sup>",
        "There were 650 crimes. 45percent fell.<sup>46</sup>",  # glued to a word
    ],
)
def test_never_taken_for_a_bare_marker(body):
    _, paragraphs, found = _find(body, {45, 46})
    assert [m.n for m in found] == [46]
    assert "45" in paragraphs[0].text
