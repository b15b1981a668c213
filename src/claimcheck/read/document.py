"""Read a PDF-converted Markdown or plain-text paper into a ``Document``.

Layout damage handled here (inline damage is ``inline.py``'s job):

* pages: PDF converters mark a page break with a run of blank lines (three
  or more) or a form feed; every block knows its page;
* blocks: headings, paragraphs, list items, pipe tables;
* artifacts: a block that is only a page number, or only a superscript that
  carries no note number (``<sup>-</sup>``, a footnote rule), is kept as an
  ``artifact`` block so that nothing is lost, but no parser reads it as text.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from claimcheck import rx
from claimcheck.model import Block, Document, Span, Superscript
from claimcheck.read.inline import clean_inline

PAGE_BREAK_BLANK_LINES = 3

_HEADING = rx.compile(r"^\s{0,3}(#{1,6})\s+")
_LIST_ITEM = rx.compile(r"^\s{0,3}(?:[-*+•]|\d{1,3}[.)])\s+")
_TABLE_LINE = rx.compile(r"^\s*\|")
_PAGE_NUMBER = rx.compile(r"^\s*(?:[-–—]\s*)?\d{1,4}(?:\s*[-–—])?\s*$")
_PANDOC_CONTINUATION = rx.compile(r"^(?: {4}|\t)")


class ReadError(Exception):
    """An input file that cannot be read as a paper (binary, bad encoding, empty)."""

    def __init__(self, path: str, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.path = path
        self.line = line
        self.message = message

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


def read_document(path: str | Path, *, display_path: str | None = None) -> Document:
    """Read ``path`` from disk; raise ReadError for input that is not a paper."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ReadError(str(path), f"cannot read file: {error.strerror or error}") from None
    # errors name the file as the user gave it; records name it as display_path
    return parse_document(decode_paper(data, str(path)), display_path or str(path))


def decode_paper(data: bytes, path: str) -> str:
    if b"\x00" in data[:8192]:
        raise ReadError(path, "this is a binary file, not a text or Markdown paper")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ReadError(path, f"not valid UTF-8 (byte 0x{data[error.start]:02x}); "
                        "convert the file to UTF-8", line) from None
    if not text.strip():
        raise ReadError(path, "the file is empty")
    return text


def parse_document(source: str, path: str = "<string>") -> Document:
    """Split ``source`` into pages and blocks; pure, for tests and other readers."""
    lines = source.split("\n")
    line_starts = _line_starts(lines)
    pages = _pages_of_lines(lines)
    blocks = [
        _make_block(kind, start, end, lines, line_starts, pages)
        for kind, start, end in _group_lines(lines)
    ]
    if not any(b.kind == "heading" or b.superscripts for b in blocks):
        from claimcheck.read.plain import structure_plain  # plain text: pdftotext output

        blocks = structure_plain(blocks, line_starts)
    return Document(
        path=path,
        source=source,
        sha256=hashlib.sha256(source.encode("utf-8")).hexdigest(),
        blocks=tuple(blocks),
        line_starts=tuple(line_starts),
        page_of_line=tuple(pages),
        page_count=max(pages) if pages else 1,
    )


def _line_starts(lines: list[str]) -> list[int]:
    starts, offset = [], 0
    for line in lines:
        starts.append(offset)
        offset += len(line) + 1
    return starts


def _is_blank(line: str) -> bool:
    return not line.strip() or line.strip() == "\f"


def _pages_of_lines(lines: list[str]) -> list[int]:
    pages, page, blank_run, seen_text = [], 1, 0, False
    for line in lines:
        if "\f" in line:
            page += 1
            blank_run = 0
        elif _is_blank(line):
            blank_run += 1
        else:
            if blank_run >= PAGE_BREAK_BLANK_LINES and seen_text:
                page += 1
            blank_run, seen_text = 0, True
        pages.append(page)
    return pages


def _group_lines(lines: list[str]) -> list[tuple[str, int, int]]:
    """(kind, first line index, last line index) of each block."""
    groups: list[tuple[str, int, int]] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        if _is_blank(line):
            index += 1
            continue
        kind = _line_kind(line)
        end = index
        if kind == "heading":
            pass
        elif kind == "table":
            while end + 1 < len(lines) and _TABLE_LINE.match(lines[end + 1]):
                end += 1
        else:
            end = _paragraph_end(lines, index, kind)
        groups.append((kind, index, end))
        index = end + 1
    return groups


def _line_kind(line: str) -> str:
    if _HEADING.match(line):
        return "heading"
    if _TABLE_LINE.match(line):
        return "table"
    if _LIST_ITEM.match(line) and not _PAGE_NUMBER.match(line):
        return "list_item"
    return "paragraph"


def _paragraph_end(lines: list[str], start: int, kind: str) -> int:
    end = start
    while end + 1 < len(lines):
        following = lines[end + 1]
        if _is_blank(following) or _HEADING.match(following) or _TABLE_LINE.match(following):
            break
        if "\f" in following:  # a page starts: the block on it is a new block
            break
        if _LIST_ITEM.match(following) and not _PANDOC_CONTINUATION.match(following):
            break
        end += 1
    return end


def _make_block(kind: str, start: int, end: int, lines: list[str],
                line_starts: list[int], pages: list[int]) -> Block:
    raw = "\n".join(lines[start : end + 1])
    base = line_starts[start]
    level = 0
    strip = 0
    if kind == "heading":
        marker = _HEADING.match(raw)
        level, strip = len(marker.group(1)), marker.end()
    elif kind == "list_item":
        strip = _LIST_ITEM.match(raw).end()
    if kind == "table":
        cleaned = clean_inline("", base)
        text, offsets = raw, list(range(base, base + len(raw)))
    else:
        cleaned = clean_inline(raw[strip:], base + strip)
        text, offsets = cleaned.text, cleaned.offsets

    def span_of(raw_start: int, raw_end: int) -> Span:
        line = _line_of(line_starts, raw_start)
        end_line = _line_of(line_starts, max(raw_end - 1, raw_start))
        return Span(line + 1, raw_start - line_starts[line] + 1, end_line + 1,
                    raw_end - line_starts[end_line] + 1, pages[line])

    superscripts = tuple(
        Superscript(content, form, position, span_of(raw_start, raw_end))
        for content, form, position, raw_start, raw_end in cleaned.superscripts
    )
    last = lines[end]
    span = Span(start + 1, 1, end + 1, len(last) + 1, pages[start])
    if kind in {"paragraph", "list_item"} and _is_artifact(text, superscripts):
        kind = "artifact"
    return Block(kind=kind, text=text, span=span, offsets=tuple(offsets),
                 superscripts=superscripts, emphasis=tuple(cleaned.emphasis),
                 level=level, raw=raw)


def _line_of(line_starts: list[int], offset: int) -> int:
    from bisect import bisect_right

    return bisect_right(line_starts, offset) - 1


def _is_artifact(text: str, superscripts: tuple[Superscript, ...]) -> bool:
    """A page number alone, or a lone superscript that is no note number."""
    if (_PAGE_NUMBER.match(text) or not text.strip()) and not superscripts:
        return True  # a page number, or nothing but an HTML comment
    if not text.strip() and superscripts:
        return not any(s.content.isdigit() for s in superscripts)
    return False
