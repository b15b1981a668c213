"""Split body paragraphs into sentences and attach the markers they carry.

The splitting is sentencex's (Wikimedia's rule-based segmenter: it knows
initials, "U.S.", "i.e." and keeps a quotation of several sentences together,
and is thirty times faster than syntok here); scholarly prose adds
abbreviations that it still breaks on ("ed.", "no.", "Vol.", "cf."), so a
sentence that ends in one of those is joined to the next. A marker belongs to the
sentence it stands in, or, when it stands between two sentences (after the
full stop), to the sentence before it.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from claimcheck import rx
from claimcheck.model import Sentence, Span
from claimcheck.parse.layout import Paragraph
from claimcheck.parse.markers import FoundMarker

_JOIN_AFTER = rx.compile(
    r"(?:\b(?:viz|cf|ed|eds|no|nos|vol|vols|pp|p|op|cit|ca|approx|fig|figs|esp|resp|"
    r"incl|vs|al|chap|sec|art|para|trans|repr|rev|suppl|ser|dept|univ|govt|i\.e|e\.g)\.)$",
    re.IGNORECASE)
# _JOIN_AFTER matches at most 7 characters ("approx."), so it is tried on the
# sentence's last 10 only: the character before a match is still there for \b,
# and searching a whole sentence for an end-anchored pattern costs a test per character.
_TAIL = 10


def split_sentences(text: str) -> list[tuple[int, int]]:
    """[start, end) of each sentence of ``text``."""
    from sentencex import segment  # imported here: it loads its language tables

    bounds: list[tuple[int, int]] = []
    position = 0
    for piece in segment("en", text):
        # the segments are consecutive slices of the input; trim their spacing
        start = text.index(piece, position) if piece else position
        position = start + len(piece)
        stripped = piece.strip()
        if not stripped:
            continue
        begin = start + (len(piece) - len(piece.lstrip()))
        end = begin + len(stripped)
        if bounds and _JOIN_AFTER.search(text[max(bounds[-1][0], bounds[-1][1] - _TAIL): bounds[-1][1]]):
            bounds[-1] = (bounds[-1][0], end)
        else:
            bounds.append((begin, end))
    return bounds


def build_sentences(paragraphs: list[Paragraph], markers: list[FoundMarker],
                    span_of: Callable[[int, int], Span],
                    block_of: Callable[[int], int]) -> tuple[list[Sentence], dict[int, int]]:
    """Sentences in reading order, and for each found marker (by its index in
    ``markers``) the index of the sentence that carries it."""
    sentences: list[Sentence] = []
    marker_sentence: dict[int, int] = {}
    by_paragraph: dict[int, list[int]] = {}
    for marker_index, marker in enumerate(markers):
        by_paragraph.setdefault(marker.paragraph, []).append(marker_index)
    for paragraph_index, paragraph in enumerate(paragraphs):
        bounds = split_sentences(paragraph.text)
        first = len(sentences)
        for start, end in bounds:
            offset_start = paragraph.offsets[start]
            offset_end = paragraph.offsets[end - 1] + 1
            sentences.append(Sentence(
                index=len(sentences), text=paragraph.text[start:end],
                span=span_of(offset_start, offset_end), section=paragraph.section,
                block=block_of(offset_start)))
        for marker_index in by_paragraph.get(paragraph_index, []):
            position = markers[marker_index].position
            owner = _owner(bounds, position)
            if owner is not None:
                marker_sentence[marker_index] = first + owner
    _attach(sentences, markers, marker_sentence)
    return sentences, marker_sentence


def _owner(bounds: list[tuple[int, int]], position: int) -> int | None:
    owner = None
    for index, (start, _end) in enumerate(bounds):
        if start < position or (index == 0 and position <= start):
            owner = index
    return owner


def _attach(sentences: list[Sentence], markers: list[FoundMarker],
            marker_sentence: dict[int, int]) -> None:
    carried: dict[int, list[int]] = {}
    for marker_index, sentence_index in marker_sentence.items():
        carried.setdefault(sentence_index, []).append(markers[marker_index].n)
    for sentence_index, numbers in carried.items():
        old = sentences[sentence_index]
        sentences[sentence_index] = Sentence(old.index, old.text, old.span, old.section,
                                             old.block, tuple(sorted(numbers)))
