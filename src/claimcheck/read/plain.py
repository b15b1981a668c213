"""Structure for a paper with none of its own: plain text out of pdftotext.

A Markdown conversion marks headings with ``#`` and note numbers as
superscripts; plain text has neither, only layout. So, for a document with
no Markdown heading and no superscript at all, this stage reads them from the
lines themselves and hands the rest of the pipeline the same blocks a
Markdown paper gives:

* a **heading** is a one-line block of at most ten words that does not end a
  sentence and is numbered ("1. Introduction", "2.3 Data", "IV. Results"),
  names a section every paper has ("Abstract", "References", "Notes"), or is
  in capitals ("THE GRAIN TRADE OF DANZIG"); the first line of the paper is
  its title when most of its words are capitalised;
* a **note** is a line that starts with the next note number and then a
  word ("3 Werner Scheltjens, ..."), in a block whose first line does: its
  number becomes a ``plain`` superscript at the start of the note, as if the
  conversion had kept it raised. The numbers must run 1, 2, 3 across the
  paper, which keeps a body paragraph that happens to start with a number
  ("2 women ...") out.

The body's markers ("the 1560s.1 The trade") are left to ``parse.markers``,
which takes a bare number glued to punctuation only where the notes expect it.
A paper with no notes may cite a numbered reference list with raised numbers
("above 25%.1,2 Their"): those become ``plain`` superscripts too, when they
follow the order of first citation, and the engine reads them as citations.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import replace

from claimcheck import rx
from claimcheck.model import Block, Span, Superscript

_SECTION_NUMBER = rx.compile(r"^(?:\d{1,2}(?:\.\d{1,2})*\.?|[IVX]{1,5}\.)\s+[A-Z]")
_SECTION_NAME = rx.compile(
    r"^(?:abstract|summary|introduction|background|methods?|materials and methods|results|discussion|"
    r"conclusions?|acknowledge?ments?|references|bibliography|works cited|notes|endnotes|footnotes|"
    r"appendix(?:\s+\w+)?|literature)\s*$", re.IGNORECASE)
_NOTE_LINE = rx.compile(r"(\d{1,3})[ \t]+(?=[A-Z\"“‘'(]|[Ii]bid|[Ss]ee\b|[Cc]f\.)")


def structure_plain(blocks: list[Block], line_starts: list[int]) -> list[Block]:
    """Headings and note numbers read from the layout of a plain-text paper."""
    structured: list[Block] = []
    next_note = 1
    titled = False
    for index, block in enumerate(blocks):
        title = index == 0 and _is_title(block)
        if title or _is_heading(block):
            level = 1 if title or (not titled and block.raw.strip().isupper()) else 2
            structured.append(_as_heading(block, level, line_starts))
            titled = True
            continue
        numbered, next_note = _number_notes(block, line_starts, next_note)
        structured.append(numbered)
    if next_note == 1:  # no notes: the numbers glued to the text may cite a numbered list
        structured = _raise_citation_numbers(structured, line_starts)
    return structured


# "above 25%.1,2 Their", "silicon.3", "hours,4–6 and": a number glued to the
# punctuation after a word, as pdftotext prints a raised citation number
_GLUED_CITATION = rx.compile(r"(?<=[A-Za-z%)\]”\"’][.,;:])(\d{1,3}(?:[,–-]\d{1,3})*)(?=\s|$)")
_LIST_HEADING = rx.compile(r"^\W*(?:\d+\.?\s*)?(?:references?|bibliography|works cited|literature cited)\W*$",
                           re.IGNORECASE)


def _raise_citation_numbers(blocks: list[Block], line_starts: list[int]) -> list[Block]:
    """Glued numbers as ``plain`` superscripts, when they read as citations of a
    numbered list: each new number is the next one (1, 2, 3, 4–6, ...), as the
    Vancouver and Nature styles number works by first citation. A "Fig.3" or a
    "pp.12" breaks that order, and then nothing is raised."""
    found: dict[int, list[re.Match]] = {}
    in_list = False
    for index, block in enumerate(blocks):
        if block.kind == "heading":
            in_list = bool(_LIST_HEADING.match(block.text))
        elif block.kind == "paragraph" and not in_list:
            found[index] = list(_GLUED_CITATION.finditer(block.text))
    highest = 0
    for match in (m for matches in found.values() for m in matches):
        for number in _numbers(match.group(1)):
            if number > highest + 1:
                return blocks
            highest = max(highest, number)
    if highest < 2:
        return blocks
    raised = list(blocks)
    for index, matches in found.items():
        if matches:
            raised[index] = _cut_numbers(blocks[index], [(m.start(), m.end(), m.group(1)) for m in matches],
                                         line_starts)
    return raised


def _numbers(printed: str) -> list[int]:
    numbers: list[int] = []
    for part in printed.split(","):
        low, _, high = part.replace("–", "-").partition("-")
        numbers.extend(range(int(low), int(high) + 1) if high and int(high) >= int(low) else [int(low)])
    return numbers


def _is_heading(block: Block) -> bool:
    line = block.raw.strip()
    if block.kind not in {"paragraph", "list_item"} or "\n" in line or not line:
        return False
    if len(line.split()) > 10 or line[-1] in ".,;:?!" or not rx.search(r"[A-Za-z]{2}", line):
        return False
    return bool(_SECTION_NUMBER.match(line) or _SECTION_NAME.match(line)
                or (line.isupper() and len(line) > 3))


def _is_title(block: Block) -> bool:
    """The paper's first line, in title case: "The Grain Trade of Danzig, 1550-1650"."""
    line = block.raw.strip()
    words = line.split()
    return (block.kind == "paragraph" and "\n" not in line and 2 <= len(words) <= 20
            and line[-1] not in ".,;" and sum(w[:1].isupper() for w in words) * 2 > len(words))


def _as_heading(block: Block, level: int, line_starts: list[int]) -> Block:
    """The block as a heading whose text is its whole line ("1. Introduction")."""
    lead = len(block.raw) - len(block.raw.lstrip())
    text = block.raw.strip()
    base = line_starts[block.span.line - 1] + lead  # the raw block starts at its line's start
    return replace(block, kind="heading", text=text, offsets=tuple(range(base, base + len(text))),
                   level=level, emphasis=(), superscripts=())


def _number_notes(block: Block, line_starts: list[int], next_note: int) -> tuple[Block, int]:
    """The block with its note numbers taken out as superscripts, and the next number."""
    if block.kind != "paragraph" or not block.text:
        return block, next_note
    first = _NOTE_LINE.match(block.text)
    if not first or int(first.group(1)) != next_note:
        return block, next_note
    cuts = [(0, first.end(), first.group(1))]
    expected = next_note + 1
    for line in range(block.span.line, (block.span.end_line or block.span.line)):
        position = bisect_left(block.offsets, line_starts[line])
        if position >= len(block.offsets) or block.offsets[position] != line_starts[line]:
            continue
        match = _NOTE_LINE.match(block.text, position)
        if match and int(match.group(1)) == expected:
            cuts.append((position, match.end(), match.group(1)))
            expected += 1
    return _cut_numbers(block, cuts, line_starts), expected


def _cut_numbers(block: Block, cuts: list[tuple[int, int, str]], line_starts: list[int]) -> Block:
    text: list[str] = []
    offsets: list[int] = []
    superscripts = []
    kept = previous = 0
    for start, end, number in cuts:
        text.append(block.text[previous:start])
        offsets.extend(block.offsets[previous:start])
        kept += start - previous
        line = bisect_right(line_starts, block.offsets[start])  # 1-based line of the number
        column = block.offsets[start] - line_starts[line - 1] + 1
        span = Span(line, column, line, column + len(number), block.span.page)
        superscripts.append(Superscript(number, "plain", kept, span))
        previous = end
    text.append(block.text[previous:])
    offsets.extend(block.offsets[previous:])
    shift = {start: end - start for start, end, _ in cuts}
    emphasis = tuple((s - sum(w for c, w in shift.items() if c < s), e - sum(w for c, w in shift.items() if c < e))
                     for s, e in block.emphasis)
    return replace(block, text="".join(text), offsets=tuple(offsets), superscripts=tuple(superscripts),
                   emphasis=emphasis)
