"""read/document.py: pages, blocks and their spans; unreadable input as ReadError."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimcheck.model import Span
from claimcheck.read.document import ReadError, parse_document, read_document

FIXTURES = Path(__file__).parent / "fixtures" / "read"


@pytest.fixture(scope="module")
def paged():
    return read_document(FIXTURES / "pages_blank_runs_and_form_feeds.md")


def _kinds(document) -> list[tuple[str, str]]:
    return [(b.kind, b.text) for b in document.blocks]


# --------------------------------------------------------------------------
# pages


def test_pages_from_blank_runs_and_form_feeds(paged):
    assert paged.page_count == 4
    pages = {b.text[:12]: b.page for b in paged.blocks if b.text}
    assert pages == {
        "A Paper Titl": 1, "First page t": 1, "17": 1,
        "1. Introduct": 2, "first point": 2, "second point": 2, "| Organisati": 2,
        "A note on pa": 2, "Third page s": 3, "Fourth page,": 4,
    }


def test_two_blank_lines_are_not_a_page_break():
    document = parse_document("One.\n\n\nTwo.\n\n\n\nThree.\n")
    assert [b.page for b in document.blocks] == [1, 1, 2]
    assert document.page_count == 2


def test_leading_blank_lines_do_not_start_a_page():
    document = parse_document("\n\n\n\n\nFirst.\n")
    assert document.blocks[0].page == 1
    assert document.page_count == 1


def test_form_feed_glued_to_text_starts_a_new_block_on_the_new_page(paged):
    fourth = paged.blocks[-1]
    assert fourth.text == "Fourth page, form feed glued to the text."
    assert fourth.page == 4
    # the form feed is not part of the previous block either
    assert paged.blocks[-2].text == "Third page starts here."


def test_form_feed_line_without_blank_line_splits_the_paragraph():
    document = parse_document("Line on page one\n\fline on page two.\n")
    assert [(b.text, b.page) for b in document.blocks] == [
        ("Line on page one", 1), ("line on page two.", 2)]


def test_page_of_line_and_span_at(paged):
    assert len(paged.page_of_line) == len(paged.source.split("\n"))
    offset = paged.source.index("Third page")
    assert paged.position(offset) == (23, 1)
    assert paged.span_at(offset, offset + 5) == Span(23, 1, 23, 6, 3)


# --------------------------------------------------------------------------
# block kinds


def test_block_kinds_and_heading_levels(paged):
    kinds = [(b.kind, b.level) for b in paged.blocks]
    assert kinds == [
        ("heading", 1), ("paragraph", 0), ("artifact", 0), ("heading", 2),
        ("list_item", 0), ("list_item", 0), ("table", 0), ("artifact", 0),
        ("paragraph", 0), ("paragraph", 0), ("paragraph", 0),
    ]


def test_heading_text_has_no_hashes_and_offsets_point_past_them():
    document = parse_document("### **Bold Heading**\n")
    [heading] = document.blocks
    assert (heading.kind, heading.level, heading.text) == ("heading", 3, "Bold Heading")
    assert document.source[heading.offsets[0]] == "B"


def test_list_item_text_has_no_bullet_or_number():
    document = parse_document("- bullet\n* star\n1. numbered\n2) paren\n")
    assert _kinds(document) == [("list_item", "bullet"), ("list_item", "star"),
                                ("list_item", "numbered"), ("list_item", "paren")]


def test_table_keeps_its_raw_text():
    source = "Before.\n\n| a | b |\n|---|---|\n| 1 | 2 |\nAfter.\n"
    document = parse_document(source)
    table = document.blocks[1]
    assert table.kind == "table"
    assert table.text == "| a | b |\n|---|---|\n| 1 | 2 |"
    assert table.span.line == 3 and table.span.end_line == 5
    assert document.blocks[2].text == "After."


def test_paragraph_lines_are_joined_with_a_space():
    document = parse_document("first line\nsecond line\n")
    [block] = document.blocks
    assert block.text == "first line second line"
    assert block.raw == "first line\nsecond line"


@pytest.mark.parametrize("page_number", ["17", "- 17 -", "— 3"])
def test_lone_page_number_is_an_artifact(page_number):
    document = parse_document(f"Text.\n\n{page_number}\n\nMore text.\n")
    assert [b.kind for b in document.blocks] == ["paragraph", "artifact", "paragraph"]


def test_lone_rule_superscript_is_an_artifact_but_a_lone_number_superscript_is_not():
    document = parse_document("<sup>-</sup>\n\n<sup>12</sup>\n\n<sup>12</sup> Note text.\n")
    assert [b.kind for b in document.blocks] == ["artifact", "paragraph", "paragraph"]


def test_a_sentence_with_a_number_is_not_an_artifact():
    document = parse_document("Founded in 2001.\n")
    assert document.blocks[0].kind == "paragraph"


# --------------------------------------------------------------------------
# spans


def test_block_span_line_column_page(paged):
    note = next(b for b in paged.blocks if b.text.startswith("A note"))
    assert note.span == Span(21, 1, 21, 47, 2)
    paragraph = paged.blocks[1]
    assert (paragraph.span.line, paragraph.span.end_line) == (3, 4)


def test_superscript_span_is_where_the_markup_stands():
    source = "Intro line.\nSecond line ends here.<sup>12</sup> Next.\n"
    document = parse_document(source)
    [sup] = document.blocks[0].superscripts
    assert (sup.content, sup.form) == ("12", "sup")
    assert sup.span == Span(2, 23, 2, 36, 1)
    assert document.blocks[0].text[: sup.offset] == "Intro line. Second line ends here."


def test_block_offsets_map_into_the_source():
    source = "# Head\n\nSome *emph* and P\\*aduraru here.\n"
    document = parse_document(source)
    block = document.blocks[1]
    assert block.text == "Some emph and Paduraru here."
    for index, char in enumerate(block.text):
        assert source[block.offsets[index]] == char or char == " "


# --------------------------------------------------------------------------
# encodings and line endings


def test_crlf_input():
    source = "# Title\r\n\r\nLine one\r\nline two.<sup>3</sup>\r\n\r\n\r\n\r\nNext page.\r\n"
    document = parse_document(source)
    assert [(b.kind, b.text) for b in document.blocks] == [
        ("heading", "Title"), ("paragraph", "Line one line two."), ("paragraph", "Next page.")]
    assert [b.page for b in document.blocks] == [1, 1, 2]
    [sup] = document.blocks[1].superscripts
    assert (sup.span.line, sup.span.column) == (4, 10)
    assert "\r" not in document.blocks[1].text


def test_bom_is_dropped(tmp_path):
    path = tmp_path / "bom.md"
    path.write_bytes("\ufeff# Title\n\nText.\n".encode())
    document = read_document(path)
    assert not document.source.startswith("\ufeff")
    assert document.blocks[0].kind == "heading"
    assert document.blocks[0].text == "Title"
    assert document.blocks[0].span.column == 1


def test_read_document_uses_display_path(tmp_path):
    path = tmp_path / "paper.md"
    path.write_text("Text.\n", encoding="utf-8")
    assert read_document(path, display_path="shown.md").path == "shown.md"


# --------------------------------------------------------------------------
# ReadError


def _read_error(tmp_path, name: str, data: bytes) -> ReadError:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(ReadError) as caught:
        read_document(path)
    return caught.value


def _one_line_naming(error: ReadError, name: str) -> None:
    message = str(error)
    assert "\n" not in message
    assert name in message


@pytest.mark.parametrize("data", [b"", b"  \n\n\t\n"])
def test_empty_file(tmp_path, data):
    error = _read_error(tmp_path, "empty.md", data)
    _one_line_naming(error, "empty.md")
    assert "empty" in error.message
    assert error.line is None


def test_binary_file(tmp_path):
    error = _read_error(tmp_path, "paper.pdf", b"%PDF-1.4\n\x00\x01\x02binary")
    _one_line_naming(error, "paper.pdf")
    assert "binary" in error.message


def test_non_utf8_bytes_give_the_line_number(tmp_path):
    error = _read_error(tmp_path, "latin1.md", b"first line\nsecond caf\xe9\nthird\n")
    _one_line_naming(error, "latin1.md")
    assert error.line == 2
    assert str(error).startswith(f"{tmp_path / 'latin1.md'}:2: ")
    assert "0xe9" in error.message


def test_missing_file(tmp_path):
    with pytest.raises(ReadError) as caught:
        read_document(tmp_path / "missing.md")
    _one_line_naming(caught.value, "missing.md")
    assert caught.value.path.endswith("missing.md")
