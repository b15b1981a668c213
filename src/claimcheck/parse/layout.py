"""Tell the blocks of a document apart: front matter, body, notes, reference list.

PDF conversion leaves each page's footnotes after that page's text, so notes
sit in a *zone* at the end of each page (a paper with endnotes gathers them
under a "Notes" heading instead, numbered as a list). Most notes start with
their number (any superscript form, or a Pandoc ``[^n]:`` definition); the
damaged ones are recognised from their place in that zone and from the
numbering:

* an unnumbered block between two notes is a *lost-number note* when the
  numbering has a gap for it, else the *continuation* of the note before;
* an unnumbered block just before a page's first note is a lost-number note
  when it reads like a citation and the numbering has a gap for it;
* a block that holds two notes ("... (Ref. 9). <sup>12</sup> Paul ...") is
  split at the superscript that carries the next number.

Body paragraphs that a page break cut in two (the first part ends without
sentence-final punctuation) are joined back into one logical paragraph.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field, replace

from claimcheck import rx
from claimcheck.model import Block, Document, Span, Superscript

REFERENCE_HEADING = rx.compile(
    r"^\W*(?:\d+\.?\s*)?(references?|bibliography|works cited|literature cited|"
    r"sources|reference list|literature)\W*$", re.IGNORECASE)
# endnotes: the notes gathered under their own heading, numbered "1." or "1"
NOTES_HEADING = rx.compile(r"^\W*(?:\d+\.?\s*)?(notes|endnotes|end\s+notes|footnotes)\W*$", re.IGNORECASE)
_ENDNOTE_NUMBER = rx.compile(r"\s{0,3}(\d{1,4})(?:[.)]\s+|\s+(?=\S))")
BODY_START_HEADING = rx.compile(
    r"^\W*(?:abstract|summary|introduction|(?:\d+|[IVX]+)\.?\s+\w)", re.IGNORECASE)
_TERMINAL = rx.compile(r"[.?!:;\"”’')\]]\s*$")
_CITATION_YEAR = rx.compile(r"\b(1[5-9]\d\d|20\d\d)\b|\(\s*\d{3,4}\s*\)")
_CITATION_TITLE = rx.compile(r"[\"“][^\"”]{8,}[\"”]|[\"“][^\"”]{8,}$")


@dataclass
class RawNote:
    """A footnote as laid out: number, cleaned text and where each char came from."""

    n: int
    text: str
    offsets: list[int]
    emphasis: list[tuple[int, int]]
    span: Span
    number_form: str  # sup | escaped | latex | pandoc | endnote | lost
    blocks: list[int] = field(default_factory=list)


@dataclass
class Paragraph:
    """A logical body paragraph, possibly joined across a page break."""

    text: str
    offsets: list[int]
    superscripts: list[Superscript]
    emphasis: list[tuple[int, int]]
    blocks: list[int]
    section: str | None
    span: Span


@dataclass
class Layout:
    """What each block of the document is: front matter, body, note, reference entry, table."""

    front_matter: list[int]
    author_notes: list[int]
    paragraphs: list[Paragraph]
    notes: list[RawNote]
    reference_blocks: list[int]
    reference_heading: int | None
    tables: list[int]
    headings: list[int]
    artifacts: list[int]


def lay_out(document: Document) -> Layout:
    blocks = document.blocks
    reference_heading, reference_blocks = _reference_section(blocks)
    in_references = set(reference_blocks)
    front = _front_matter(blocks, reference_heading)
    author_notes = [i for i, b in enumerate(blocks) if _is_author_note(b) and i not in in_references]
    endnotes, endnote_blocks = _endnotes(blocks, in_references)
    skip = in_references | set(front) | set(author_notes) | endnote_blocks
    note_starts = {i: _note_number(b) for i, b in enumerate(blocks)
                   if i not in skip and _note_number(b) is not None}
    notes, note_blocks = _collect_notes(blocks, note_starts, skip)
    if endnotes and not notes:
        notes = endnotes  # their blocks stay in `skip`: they are no body
    else:  # footnotes as well as a "Notes" section: its blocks are not taken as notes
        skip -= endnote_blocks
    taken = skip | note_blocks
    body = [i for i, b in enumerate(blocks) if i not in taken and b.kind in {"paragraph", "list_item"}]
    return Layout(
        front_matter=front,
        author_notes=author_notes,
        paragraphs=_logical_paragraphs(blocks, body),
        notes=notes,
        reference_blocks=reference_blocks,
        reference_heading=reference_heading,
        tables=[i for i, b in enumerate(blocks) if b.kind == "table"],
        headings=[i for i, b in enumerate(blocks) if b.kind == "heading"],
        artifacts=[i for i, b in enumerate(blocks) if b.kind == "artifact"],
    )


# --------------------------------------------------------------------------
# sections


def _reference_section(blocks: tuple[Block, ...]) -> tuple[int | None, list[int]]:
    heading = None
    for index, block in enumerate(blocks):
        if block.kind == "heading" and REFERENCE_HEADING.match(block.text):
            heading = index  # the last such heading wins: a paper may cite "Sources" earlier
    if heading is None:
        return None, []
    level = blocks[heading].level
    entries = []
    for index in range(heading + 1, len(blocks)):
        block = blocks[index]
        if block.kind == "heading" and block.level <= level:
            break
        if block.kind in {"paragraph", "list_item"} and _note_number(block) is None:
            entries.append(index)
    return heading, entries


def _endnotes(blocks: tuple[Block, ...], in_references: set[int]) -> tuple[list[RawNote], set[int]]:
    """The notes of a "Notes" section: items numbered "1." (a Markdown ordered
    list, whose number the reader took as syntax) or "1 ", each running on
    over the unnumbered blocks after it, up to the next heading of its level."""
    heading = next((i for i, b in enumerate(blocks) if b.kind == "heading" and NOTES_HEADING.match(b.text)), None)
    if heading is None:
        return [], set()
    notes: list[RawNote] = []
    used: set[int] = set()
    for index in range(heading + 1, len(blocks)):
        block = blocks[index]
        if block.kind == "heading" and block.level <= blocks[heading].level:
            break
        if index in in_references or block.kind not in {"paragraph", "list_item"} or not block.text.strip():
            continue
        number = _endnote_number(block)
        if number is not None:
            notes.append(_endnote(number, block, index))
        elif notes:
            _extend_note(notes[-1], block, index)
        else:
            continue
        used.add(index)
    return (notes, used) if len(notes) >= 2 or notes and notes[0].n == 1 else ([], set())


def _endnote_number(block: Block) -> int | None:
    """The number of an endnote: the list item's, or the one its text starts with."""
    source = block.raw if block.kind == "list_item" else block.text
    match = _ENDNOTE_NUMBER.match(source)
    return int(match.group(1)) if match else None


def _endnote(n: int, block: Block, index: int) -> RawNote:
    skip = 0 if block.kind == "list_item" else _ENDNOTE_NUMBER.match(block.text).end()
    text = block.text[skip:]
    emphasis = [(s - skip, e - skip) for s, e in block.emphasis if s >= skip]
    span = Span(block.span.line, 1, block.span.end_line, block.span.end_column, block.page)
    return RawNote(n, text, list(block.offsets[skip:]), emphasis, span, "endnote", [index])


def _front_matter(blocks: tuple[Block, ...], reference_heading: int | None) -> list[int]:
    limit = reference_heading if reference_heading is not None else len(blocks)
    for index in range(limit):
        if blocks[index].kind == "heading" and BODY_START_HEADING.match(blocks[index].text):
            return list(range(index))
    return []


def _is_author_note(block: Block) -> bool:
    first = block.superscripts[0] if block.superscripts else None
    return bool(first and first.offset == 0 and first.content and
                not first.content.isdigit() and block.text.strip())


def _note_number(block: Block) -> int | None:
    if block.kind not in {"paragraph", "list_item"} or not block.superscripts:
        return None
    first = block.superscripts[0]
    if first.offset == 0 and first.content.isdigit() and block.text.strip():
        return int(first.content)
    return None


# --------------------------------------------------------------------------
# notes


def _collect_notes(blocks: tuple[Block, ...], note_starts: dict[int, int],
                   skip: set[int]) -> tuple[list[RawNote], set[int]]:
    notes: list[RawNote] = []
    used: set[int] = set()
    ordered = sorted(note_starts)
    for index, block in enumerate(blocks):
        if index in skip or block.kind not in {"paragraph", "list_item"}:
            continue
        if index in note_starts:
            notes.extend(_split_block_notes(index, block))
            used.add(index)
            continue
        inner = _inner_next_note(blocks, index, notes)
        if inner is not None:
            # "...2017), 9.<sup>4</sup> Dana White, ...": the end of note n, then note n+1
            head, tail = _cut_block(block, inner.offset)
            _extend_note(notes[-1], head, index)
            notes.extend(_split_block_notes(index, tail))
            used.add(index)
            continue
        decision = _unnumbered_block_role(blocks, index, note_starts, ordered, notes)
        if decision == "continuation":
            _extend_note(notes[-1], block, index)
            used.add(index)
        elif decision == "lost":
            notes.append(_lost_number_note(notes[-1].n + 1 if notes else 1, block, index))
            used.add(index)
    return notes, used


def _unnumbered_block_role(blocks, index, note_starts, ordered, notes) -> str:
    """'lost', 'continuation' or 'body' for an unnumbered block."""
    block = blocks[index]
    page = block.page
    previous = _neighbour(blocks, index, -1)
    following = _neighbour(blocks, index, +1)
    following_starts = bisect_right(ordered, index)
    next_note = note_starts[ordered[following_starts]] if following_starts < len(ordered) else None
    last_n = notes[-1].n if notes else 0
    gap = next_note is not None and next_note - last_n >= 2
    previous_is_note = previous is not None and blocks[previous].page == page and (
        previous in note_starts or (notes and previous in notes[-1].blocks))
    following_is_note = following is not None and following in note_starts and blocks[following].page == page
    if previous_is_note:
        if gap and _reads_like_citation(block.text):
            return "lost"
        if following_is_note or not _TERMINAL.search(notes[-1].text):
            return "continuation"
        return "body"
    if following_is_note and gap and _reads_like_citation(block.text):
        return "lost"
    return "body"


def _inner_next_note(blocks, index: int, notes: list[RawNote]) -> Superscript | None:
    """The superscript inside a block that continues the previous note and
    starts the next one: numbered last+1, after sentence-final punctuation."""
    previous = _neighbour(blocks, index, -1)
    if not notes or previous is None or previous not in notes[-1].blocks:
        return None
    if blocks[previous].page != blocks[index].page:
        return None
    for sup in blocks[index].superscripts:
        before = blocks[index].text[: sup.offset].rstrip()
        if sup.offset > 0 and sup.content == str(notes[-1].n + 1) and _TERMINAL.search(before):
            return sup
    return None


def _cut_block(block: Block, at: int) -> tuple[Block, Block]:
    """Two blocks: text before ``at`` and text from it (with what lies in each part)."""

    def part(start: int, end: int) -> Block:
        return replace(
            block, text=block.text[start:end], offsets=block.offsets[start:end],
            superscripts=tuple(replace(s, offset=s.offset - start) for s in block.superscripts
                               if start <= s.offset < end or (s.offset == end == len(block.text))),
            emphasis=tuple((max(s, start) - start, min(e, end) - start)
                           for s, e in block.emphasis if s < end and e > start))

    head = part(0, at)
    head = replace(head, text=head.text.rstrip(), offsets=head.offsets[: len(head.text.rstrip())],
                   superscripts=())
    return head, part(at, len(block.text))


def _neighbour(blocks, index: int, step: int) -> int | None:
    probe = index + step
    while 0 <= probe < len(blocks):
        if blocks[probe].kind != "artifact":
            return probe
        probe += step
    return None


def _reads_like_citation(text: str) -> bool:
    """A short block with a quoted title and a year or URL, as notes have."""
    if len(text) > 700:
        return False
    has_source = bool(_CITATION_YEAR.search(text)) or "http" in text
    return has_source and bool(_CITATION_TITLE.search(text))


def _split_block_notes(index: int, block: Block) -> list[RawNote]:
    """One block may hold several notes run together; split at the next number."""
    numbers = [s for s in block.superscripts if s.content.isdigit()]
    first = numbers[0]
    starts = [first]
    for sup in numbers[1:]:
        expected = int(starts[-1].content) + 1
        before = block.text[: sup.offset].rstrip()
        if int(sup.content) == expected and (not before or _TERMINAL.search(before)):
            starts.append(sup)
    notes = []
    for position, sup in enumerate(starts):
        end = starts[position + 1].offset if position + 1 < len(starts) else len(block.text)
        text = block.text[sup.offset:end]
        lead = len(text) - len(text.lstrip())
        text = text.strip()
        begin = sup.offset + lead
        offsets = list(block.offsets[begin: begin + len(text)])
        emphasis = [(max(s, begin) - begin, min(e, begin + len(text)) - begin)
                    for s, e in block.emphasis if e > begin and s < begin + len(text)]
        notes.append(RawNote(int(sup.content), text, offsets, emphasis, sup.span,
                             sup.form, [index]))
    return notes


def _lost_number_note(n: int, block: Block, index: int) -> RawNote:
    return RawNote(n, block.text, list(block.offsets), list(block.emphasis),
                   Span(block.span.line, 1, block.span.end_line, block.span.end_column, block.page),
                   "lost", [index])


def _extend_note(note: RawNote, block: Block, index: int) -> None:
    shift = len(note.text) + 1
    note.emphasis.extend((s + shift, e + shift) for s, e in block.emphasis)
    note.offsets.append(block.offsets[0] - 1 if block.offsets else note.offsets[-1])
    note.offsets.extend(block.offsets)
    note.text = f"{note.text} {block.text}"
    note.blocks.append(index)


# --------------------------------------------------------------------------
# body paragraphs


def _logical_paragraphs(blocks: tuple[Block, ...], body: list[int]) -> list[Paragraph]:
    paragraphs: list[Paragraph] = []
    section = None
    # a heading right before a table is the table's title, not a section
    headings = {i: b.text for i, b in enumerate(blocks) if b.kind == "heading"
                and not (i + 1 < len(blocks) and blocks[i + 1].kind == "table")}
    heading_indices = sorted(headings)
    previous_index = None
    for index in body:
        block = blocks[index]
        section = _section_of(index, heading_indices, headings)
        joined = (paragraphs and previous_index is not None
                  and blocks[previous_index].page < block.page
                  and not _heading_between(heading_indices, previous_index, index)
                  and not _TERMINAL.search(paragraphs[-1].text))
        if joined:
            _append(paragraphs[-1], block, index)
        else:
            paragraphs.append(Paragraph(block.text, list(block.offsets), list(block.superscripts),
                                        list(block.emphasis), [index], section, block.span))
        previous_index = index
    return paragraphs


def _section_of(index: int, heading_indices: list[int], headings: dict[int, str]) -> str | None:
    position = bisect_left(heading_indices, index)
    return headings[heading_indices[position - 1]] if position else None


def _heading_between(heading_indices: list[int], start: int, end: int) -> bool:
    position = bisect_right(heading_indices, start)
    return position < len(heading_indices) and heading_indices[position] < end


def _append(paragraph: Paragraph, block: Block, index: int) -> None:
    shift = len(paragraph.text) + 1
    paragraph.offsets.append(paragraph.offsets[-1] + 1 if paragraph.offsets else 0)
    paragraph.offsets.extend(block.offsets)
    paragraph.superscripts.extend(
        Superscript(s.content, s.form, s.offset + shift, s.span) for s in block.superscripts)
    paragraph.emphasis.extend((s + shift, e + shift) for s, e in block.emphasis)
    paragraph.text = f"{paragraph.text} {block.text}"
    paragraph.blocks.append(index)
    paragraph.span = Span(paragraph.span.line, paragraph.span.column, block.span.end_line,
                          block.span.end_column, paragraph.span.page)
