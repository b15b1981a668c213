"""read/inline.py: inline conversion damage undone, every character mapped back."""

from __future__ import annotations

import html
import re

import pytest

from claimcheck.read.inline import clean_inline


def _plain_chars_map_back(raw: str, base: int = 0) -> None:
    """Every output character points at itself in ``raw`` (a decoded entity
    at its "&"; a space may stand for a line break)."""
    result = clean_inline(raw, base)
    assert len(result.offsets) == len(result.text)
    for index, char in enumerate(result.text):
        origin = result.offsets[index] - base
        assert 0 <= origin < len(raw)
        entity = re.match(r"&#?\w+;", raw[origin:])
        if entity and raw[origin] != char:
            assert html.unescape(entity.group()) == char, (index, char, entity.group())
        elif char == " ":
            assert raw[origin].isspace()
        else:
            assert raw[origin] == char, (index, char, origin, raw[origin])


def _sups(raw: str, base: int = 0) -> list[tuple[str, str, int]]:
    return [(content, form, position) for content, form, position, _, _ in clean_inline(raw, base).superscripts]


# --------------------------------------------------------------------------
# superscripts in every form


@pytest.mark.parametrize(
    ("raw", "content", "form"),
    [
        ("stability.<sup>&</sup>lt;sup>1</sup> Next", "1", "escaped"),
        ("stability.&lt;sup&gt;3&lt;/sup&gt; Next", "3", "escaped"),
        ("stability.<sup>4</sup> Next", "4", "sup"),
        ("stability.$<sup>^{37}</sup>$ Next", "37", "latex"),
        ("stability.$^{5}$ Next", "5", "latex"),
        ("stability.[^3] Next", "3", "pandoc"),
    ],
)
def test_superscript_forms_are_taken_out_of_the_text(raw, content, form):
    result = clean_inline(raw)
    assert result.text == "stability. Next"
    assert _sups(raw) == [(content, form, len("stability."))]


def test_superscript_raw_span_covers_exactly_the_markup():
    raw = "word.<sup>&</sup>lt;sup>12</sup> Next"
    [(_, _, _, start, end)] = clean_inline(raw, base=1000).superscripts
    assert raw[start - 1000: end - 1000] == "<sup>&</sup>lt;sup>12</sup>"


def test_escaped_tag_raw_span():
    raw = "a &lt;sup&gt;3&lt;/sup&gt; b"
    [(_, _, _, start, end)] = clean_inline(raw).superscripts
    assert raw[start:end] == "&lt;sup&gt;3&lt;/sup&gt;"


def test_author_note_star_superscript():
    assert _sups("<sup>\\*</sup> Professor") == [("*", "sup", 0)]
    assert clean_inline("<sup>\\*\\*</sup> Professor").superscripts[0][0] == "**"
    assert clean_inline("<sup>\\*</sup> Professor").text == "Professor"


def test_lone_rule_superscript_keeps_its_content():
    result = clean_inline("<sup>-</sup>")
    assert result.text == ""
    assert _sups("<sup>-</sup>") == [("-", "sup", 0)]


def test_ordinal_superscript_is_text():
    raw = "UNSC's 8626<sup>th</sup> meeting"
    result = clean_inline(raw)
    assert result.text == "UNSC's 8626th meeting"
    assert result.superscripts == []
    _plain_chars_map_back(raw)


def test_pandoc_definition_marker():
    raw = "[^3]: Smith, A Book (2019)."
    result = clean_inline(raw)
    assert result.text == "Smith, A Book (2019)."
    assert _sups(raw) == [("3", "pandoc", 0)]
    assert result.offsets[0] == raw.index("Smith")


def test_several_superscripts_keep_reading_order():
    raw = "One.<sup>1</sup> Two.$^{2}$ Three.&lt;sup&gt;3&lt;/sup&gt;"
    assert _sups(raw) == [("1", "sup", 4), ("2", "latex", 9), ("3", "escaped", 16)]
    assert clean_inline(raw).text == "One. Two. Three."


# --------------------------------------------------------------------------
# escapes, entities, tags, LaTeX text runs


def test_latex_text_run_becomes_emphasised_text():
    raw = "According to $\\it Official\\ website$ of CSTO"
    result = clean_inline(raw)
    assert result.text == "According to Official website of CSTO"
    start = result.text.index("Official")
    assert result.emphasis == [(start, start + len("Official website"))]
    _plain_chars_map_back(raw)


def test_markdown_escapes_are_undone():
    raw = "foreign\\_policy and \\*note\\* \\[1\\]"
    result = clean_inline(raw)
    assert result.text == "foreign_policy and *note* [1]"
    _plain_chars_map_back(raw)


def test_escaped_star_inside_a_word_is_a_lost_diacritic():
    raw = "Mihail P\\*aduraru wrote"
    result = clean_inline(raw)
    assert result.text == "Mihail Paduraru wrote"
    _plain_chars_map_back(raw)


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        ("&quot;Quoted&quot;", '"Quoted"'),
        ("R&amp;D", "R&D"),
        ("Russia&#39;s", "Russia's"),
        ("a&nbsp;b", "a\xa0b"),
    ],
)
def test_entities_are_decoded(raw, text):
    result = clean_inline(raw)
    assert result.text == text
    # a decoded entity points at its "&"
    for index, char in enumerate(result.text):
        origin = result.offsets[index]
        assert raw[origin] == char or raw[origin] == "&"


def test_html_tags_are_dropped():
    raw = "<b>Received</b> <i>Date</i><br>"
    result = clean_inline(raw)
    assert result.text == "Received Date"
    _plain_chars_map_back(raw)


def test_emphasis_markers_become_spans():
    raw = "an *italic* word and **bold** text and ***both***"
    result = clean_inline(raw)
    assert result.text == "an italic word and bold text and both"
    spans = [result.text[s:e] for s, e in result.emphasis]
    assert spans == ["italic", "bold", "both"]
    _plain_chars_map_back(raw)


def test_unclosed_emphasis_adds_no_span():
    result = clean_inline("a lone * star")
    assert result.emphasis == []


# --------------------------------------------------------------------------
# offsets


def test_offsets_map_every_plain_character_back_with_a_base():
    raw = ("<sup>&</sup>lt;sup>1</sup> Mihail P\\*aduraru, &quot;Security Risk&quot;, in "
           "*Transformation*, ed. Anja Mihr (Bishkek: Springer, 2020), 57. foreign\\_policy")
    base = 4321
    result = clean_inline(raw, base)
    assert result.text.startswith("Mihail Paduraru, \"Security Risk\", in Transformation")
    _plain_chars_map_back(raw, base)


def test_offsets_are_increasing():
    raw = "x<sup>1</sup> *y* &amp; $\\it z w$ \\_ 5<sup>th</sup>"
    offsets = clean_inline(raw).offsets
    assert offsets == sorted(offsets)
    assert len(set(offsets)) == len(offsets)


def test_newlines_become_spaces_and_crlf_is_dropped():
    raw = "first line\r\nsecond\tline"
    result = clean_inline(raw, 10)
    assert result.text == "first line second line"
    _plain_chars_map_back(raw, 10)
    # the space that stands for the line break points at the "\n", not the "\r"
    space = result.text.index(" second")
    assert raw[result.offsets[space] - 10] == "\n"


def test_whitespace_is_squeezed_and_trimmed():
    raw = "  a   b  \n  c  "
    result = clean_inline(raw)
    assert result.text == "a b c"
    assert [raw[o] for o in result.offsets] == ["a", " ", "b", " ", "c"]


def test_superscript_position_after_whitespace_squeezing():
    raw = "a   b  <sup>2</sup>  c"
    result = clean_inline(raw)
    assert result.text == "a b c"
    [(content, _, position, _, _)] = result.superscripts
    assert content == "2"
    # the marker stood after "b" and its spaces, before "c"
    assert result.text[:position].rstrip() == "a b"
    assert result.text[position:] == "c"


def test_superscript_after_squeezed_leading_space():
    raw = "   <sup>7</sup>   Note text"
    result = clean_inline(raw)
    assert result.text == "Note text"
    assert result.superscripts[0][2] == 0


def test_trailing_superscript_points_at_end_of_text():
    raw = "End of sentence.<sup>9</sup>   "
    result = clean_inline(raw)
    assert result.text == "End of sentence."
    assert result.superscripts[0][2] == len(result.text)


def test_emphasis_positions_after_squeezing():
    raw = "a    *b  c*   d"
    result = clean_inline(raw)
    assert result.text == "a b c d"
    [(start, end)] = result.emphasis
    assert result.text[start:end] == "b c"
