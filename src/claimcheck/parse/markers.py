"""Footnote markers in the body: superscripts, and bare numbers conversion left.

A superscript that carries digits is a marker (``<sup>12</sup>``, escaped,
LaTeX, Pandoc ``[^12]``; ``12,13`` and ``12-14`` give several). When PDF
conversion flattened a superscript into the line, the number is left glued to
punctuation (``stability."37 Moreover``, ``region. 45 Mostly``). Such a bare
number is taken for marker *n* only when note *n* exists, has no marker yet,
and the number sits between the markers of notes *n-1* and *n+1*, so years,
page numbers, figures and table cells are never taken for markers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from claimcheck import rx
from claimcheck.model import Span, Superscript
from claimcheck.parse.layout import Paragraph

_MARKER_LIST = rx.compile(r"^\d{1,4}(?:\s*[,;–—-]\s*\d{1,4})*$")
# digits glued to punctuation, but not the decimals of a figure ("4.45", "1,45")
_BARE_NUMBER = rx.compile(
    r"(?<=[.,;:!?\"”’)\]])(?P<space>\s?)(?:(?<!\d[.,])|(?<=\b(?:1[5-9]|20)\d\d\.))"
    r"(?P<n>\d{1,3})(?=\s+[A-Z\"“(]|\s*$)")
# A number right after "4." is a decimal ("4.45 Percent"), except after a year
# that ends a sentence ("after 2002.1 Critics"), where it is a flattened marker.
_ABBREVIATION_BEFORE = rx.compile(
    r"\b(?:no|nos|vol|vols|p|pp|pt|ch|chap|fig|figs|sec|art|para|n|nn|ed|eds)\.\s?$", re.IGNORECASE)


@dataclass(frozen=True)
class FoundMarker:
    """A note marker found in a body paragraph."""

    n: int
    form: str
    paragraph: int
    position: int  # in the paragraph's text (after bare numbers are removed)
    span: Span


def find_markers(paragraphs: list[Paragraph], note_numbers: set[int],
                 span_of) -> list[FoundMarker]:
    """All markers in reading order. Removes bare marker digits from the paragraphs.

    ``span_of(start_offset, end_offset)`` maps absolute file offsets to a Span.
    """
    found = [
        FoundMarker(n, sup.form, index, sup.offset, sup.span)
        for index, paragraph in enumerate(paragraphs)
        for sup in paragraph.superscripts
        if not _is_exponent(paragraph.text, sup, note_numbers)
        for n in _numbers_in(sup)
    ]
    found.sort(key=_reading_order)
    missing = sorted(note_numbers - {m.n for m in found})
    windows = _Windows(found)
    for n in missing:
        bare = _find_bare(paragraphs, n, found, span_of, windows.around(n))
        if bare is not None:
            found.append(bare)
            found.sort(key=_reading_order)
            windows = _Windows(found)
    return found


def _is_exponent(text: str, sup: Superscript, note_numbers: set[int]) -> bool:
    """``10<sup>11</sup>``: a superscript glued to a digit that names no note is
    a power, not a marker (a marker glued to a year still names its note)."""
    glued_to_digit = sup.offset > 0 and text[sup.offset - 1].isdigit()
    return glued_to_digit and not set(_numbers_in(sup)) & note_numbers


def _reading_order(marker: FoundMarker) -> tuple[int, int]:
    return marker.paragraph, marker.position


def _numbers_in(sup: Superscript) -> list[int]:
    content = sup.content.strip()
    if not _MARKER_LIST.match(content):
        return []
    numbers: list[int] = []
    for part in rx.split(r"\s*[,;]\s*", content):
        bounds = rx.split(r"\s*[–—-]\s*", part)
        if len(bounds) == 2 and int(bounds[0]) < int(bounds[1]) <= int(bounds[0]) + 20:
            numbers.extend(range(int(bounds[0]), int(bounds[1]) + 1))
        else:
            numbers.extend(int(b) for b in bounds)
    return numbers


class _Windows:
    """For a note number n: the reading position after every marker numbered
    below n and before every marker numbered above it (prefix max / suffix min)."""

    def __init__(self, found: list[FoundMarker]) -> None:
        by_number = sorted(found, key=lambda m: m.n)
        self.numbers = [m.n for m in by_number]
        self.prefix_max: list[tuple[int, int]] = []
        best = (0, 0)
        for marker in by_number:
            best = max(best, _reading_order(marker))
            self.prefix_max.append(best)
        self.suffix_min: list[tuple[int, int]] = [(10**9, 0)] * len(by_number)
        least = (10**9, 0)
        for index in range(len(by_number) - 1, -1, -1):
            least = min(least, _reading_order(by_number[index]))
            self.suffix_min[index] = least

    def around(self, n: int) -> tuple[tuple[int, int], tuple[int, int]]:
        from bisect import bisect_left, bisect_right

        below = bisect_left(self.numbers, n)
        above = bisect_right(self.numbers, n)
        start = self.prefix_max[below - 1] if below else (0, 0)
        end = self.suffix_min[above] if above < len(self.numbers) else (10**9, 0)
        return start, end


def _find_bare(paragraphs: list[Paragraph], n: int, found: list[FoundMarker],
               span_of, window: tuple[tuple[int, int], tuple[int, int]]) -> FoundMarker | None:
    start, end = window
    for index in range(start[0], min(end[0], len(paragraphs) - 1) + 1):
        paragraph = paragraphs[index]
        for match in _BARE_NUMBER.finditer(paragraph.text):
            if int(match.group("n")) != n:
                continue
            if not (start <= (index, match.start()) <= end):
                continue
            if _ABBREVIATION_BEFORE.search(paragraph.text[: match.start()]):
                continue
            digits_start, digits_end = match.start("n"), match.end("n")
            span = span_of(paragraph.offsets[digits_start], paragraph.offsets[digits_end - 1] + 1)
            _remove(paragraph, match.start(), match.end())
            _shift_found(found, index, match.start(), match.end() - match.start())
            return FoundMarker(n, "bare", index, match.start(), span)
    return None


def _remove(paragraph: Paragraph, start: int, end: int) -> None:
    """Cut text[start:end] out, keeping positions of everything after it right."""
    width = end - start
    paragraph.text = paragraph.text[:start] + paragraph.text[end:]
    del paragraph.offsets[start:end]
    paragraph.superscripts = [
        Superscript(s.content, s.form, s.offset - width if s.offset >= end else s.offset, s.span)
        for s in paragraph.superscripts]
    paragraph.emphasis = [(s - width if s >= end else s, e - width if e >= end else e)
                          for s, e in paragraph.emphasis]


def _shift_found(found: list[FoundMarker], paragraph: int, at: int, width: int) -> None:
    for index, marker in enumerate(found):
        if marker.paragraph == paragraph and marker.position >= at + width:
            found[index] = FoundMarker(marker.n, marker.form, marker.paragraph,
                                       marker.position - width, marker.span)
