"""Find a quotation in a source's text, and say how well it is there.

Verdicts (``QuoteMatch.verdict``):

``found``      the quotation, normalised (see ``text.normalize``), occurs
               verbatim; a quotation with an ellipsis or a bracketed
               insertion is found when every part of it is.
``close``      not verbatim, but an alignment scores >= ``CLOSE`` (rapidfuzz
               ``partial_ratio``, 0-100): ``differences`` lists the words
               that differ, quotation against source.
``partial``    a substantial part is there: pieces of the quotation (runs of
               at least ``_CHUNK_MIN`` words, a quarter of it for long ones),
               at least one verbatim and the others verbatim or close nearby,
               cover at least ``PARTIAL_COVERAGE`` of its words.
``not_found``  none of that.

The search is linear in the length of the source: an exact ``str.find``
first, then ``partial_ratio`` over overlapping windows of twice the
quotation's length (every alignment of the quotation lies whole inside one
of them), with rapidfuzz doing the loop and pruning with the score cutoff;
only the best window is aligned precisely. For *partial*, the quotation's
pieces are looked for verbatim (``str.find``), and only when one is found
are the others looked for fuzzily, near it.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from claimcheck.sources.text import SourceText, normalize_plain

__all__ = ["CLOSE", "PARTIAL_COVERAGE", "QuoteMatch", "search_quote", "split_quote"]

CLOSE = 90.0
PARTIAL_COVERAGE = 0.5
_CHUNK_MIN = 4
_FAST_NEEDLE = 64  # rapidfuzz's bit-parallel limit
_PARTIAL_MIN_WORDS = 8
_ELISION = re.compile(r"\s*(?:\.\s?\.\s?\.|…|\[[^\]]{3,}\]|\[\s*\.\.\.\s*\])\s*")
_CASE_BRACKET = re.compile(r"\[(\w{1,2})\]")  # "[T]he": a changed capital, not an insertion
_EDGE_PUNCTUATION = " .,;:!?"


@dataclass(frozen=True, slots=True)
class Part:
    """One piece of a quotation located in the source."""

    text: str  # the piece, normalised
    score: float
    start: int | None = None  # offsets in SourceText.text
    end: int | None = None
    page: int | None = None


@dataclass(frozen=True, slots=True)
class QuoteMatch:
    verdict: str  # found | close | partial | not_found
    score: float  # best alignment score of the whole quotation, 0-100
    start: int | None = None  # the matched passage, offsets in SourceText.text
    end: int | None = None
    passage: str = ""  # as the source prints it
    page: int | None = None  # 1-based PDF page of the passage's start
    differences: tuple[tuple[str, str], ...] = ()  # (quotation words, source words)
    coverage: float = 0.0  # share of the quotation's words found (partial)
    parts: tuple[Part, ...] = field(default=())

    def as_dict(self) -> dict:
        return {
            "verdict": self.verdict, "score": round(self.score, 1), "start": self.start,
            "end": self.end, "passage": self.passage, "page": self.page,
            "differences": [{"quote": q, "source": s} for q, s in self.differences],
            "coverage": round(self.coverage, 2),
            "parts": [{"text": p.text, "score": round(p.score, 1), "start": p.start, "end": p.end,
                       "page": p.page} for p in self.parts],
        }


def split_quote(quote: str) -> list[str]:
    """The pieces of a quotation between ellipses and bracketed insertions,
    normalised; pieces of one word are dropped when others remain."""
    quote = _CASE_BRACKET.sub(r"\1", quote)
    pieces = [_clean(piece) for piece in _ELISION.split(quote)]
    pieces = [piece for piece in pieces if piece]
    longer = [piece for piece in pieces if " " in piece]
    return longer or pieces


def _clean(text: str) -> str:
    return normalize_plain(text).strip(_EDGE_PUNCTUATION)


def search_quote(quote: str, source: SourceText) -> QuoteMatch:
    """Where ``quote`` is in ``source``, and the verdict."""
    norm, index = source.normalized
    pieces = split_quote(quote)
    if not pieces or not norm:
        return QuoteMatch("not_found", 0.0)
    if len(pieces) == 1:
        return _search_whole(pieces[0], source, norm, index)
    return _search_pieces(pieces, source, norm, index)


def _search_whole(piece: str, source: SourceText, norm: str, index: list[int]) -> QuoteMatch:
    score, start, end = locate(piece, norm, CLOSE)
    if start is not None and score >= CLOSE:
        verdict = "found" if score >= 100.0 else "close"
        start, end = _word_bounds(norm, start, end)
        differences = () if verdict == "found" else _differences(piece, norm[start:end])
        return _match(verdict, score, source, index, start, end, differences)
    parts, coverage = _chunks_found(piece, norm, index, source)
    if coverage >= PARTIAL_COVERAGE:
        first, last = parts[0], parts[-1]
        return QuoteMatch("partial", score, first.start, last.end if last.end and first.start is not None
                          and last.end > first.start else first.end,
                          _passage(source, first.start, first.end), first.page, (), coverage,
                          tuple(parts))
    return QuoteMatch("not_found", score, coverage=coverage, parts=tuple(parts))


def _search_pieces(pieces: list[str], source: SourceText, norm: str,
                   index: list[int]) -> QuoteMatch:
    parts: list[Part] = []
    found_words = total_words = 0
    worst = 100.0
    for piece in pieces:
        words = len(piece.split())
        total_words += words
        score, start, end = locate(piece, norm, CLOSE)
        if start is None or score < CLOSE:
            worst = min(worst, score)
            continue
        start, end = _word_bounds(norm, start, end)
        found_words += words
        worst = min(worst, score)
        parts.append(_part(piece, score, source, index, start, end))
    coverage = found_words / total_words if total_words else 0.0
    if coverage == 1.0:
        first, last = parts[0], parts[-1]
        ordered = all(a.start <= b.start for a, b in zip(parts, parts[1:]))
        end = last.end if ordered and last.end - first.start <= 4 * sum(map(len, pieces)) else first.end
        passage = source.text[first.start:end]
        return QuoteMatch("found" if worst >= 100.0 else "close", worst, first.start, end, passage,
                          first.page, (), 1.0, tuple(parts))
    verdict = "partial" if coverage >= PARTIAL_COVERAGE else "not_found"
    first = parts[0] if parts else None
    return QuoteMatch(verdict, worst, first.start if first else None, first.end if first else None,
                      _passage(source, first.start, first.end) if first else "",
                      first.page if first else None, (), coverage, tuple(parts))


def locate(needle: str, haystack: str, cutoff: float = 0.0) -> tuple[float, int | None, int | None]:
    """Best alignment of ``needle`` in ``haystack``: (score, start, end); start is
    None when nothing scores ``cutoff`` or more. Linear in ``len(haystack)``."""
    at = haystack.find(needle)
    if at >= 0:
        return 100.0, at, at + len(needle)
    size = len(needle)
    if size == 0:
        return 0.0, None, None
    if len(haystack) <= 2 * size:
        found = fuzz.partial_ratio_alignment(needle, haystack, score_cutoff=cutoff)
        if found is None or found.score < cutoff or found.score == 0:
            return (found.score if found else 0.0), None, None
        return found.score, found.dest_start, found.dest_end
    starts = range(0, max(len(haystack) - size, 1), size)
    windows = [haystack[s:s + 2 * size] for s in starts]
    candidates = _candidate_windows(needle, windows, cutoff)
    if candidates is not None:
        if not candidates:
            return 0.0, None, None
        chosen = sorted(candidates)
        best = process.extractOne(needle, [windows[i] for i in chosen], scorer=fuzz.partial_ratio,
                                  score_cutoff=cutoff)
        best = (best[0], best[1], chosen[best[2]]) if best else None
    else:
        best = process.extractOne(needle, windows, scorer=fuzz.partial_ratio, score_cutoff=cutoff)
    if best is None:
        return 0.0, None, None
    _, score, which = best
    offset = starts[which]
    found = fuzz.partial_ratio_alignment(needle, windows[which])
    return found.score, offset + found.dest_start, offset + found.dest_end


def _candidate_windows(needle: str, windows: list[str], cutoff: float) -> set[int] | None:
    """Windows that may hold an alignment of a long ``needle`` scoring ``cutoff``.

    rapidfuzz is fastest with needles of at most 64 characters. A long needle
    is cut into k such pieces: an alignment of the whole within an edit budget
    has some piece within its share of that budget, so that piece scores
    ``cutoff`` against the same window. Only windows where a piece does (and
    their neighbours) are scored with the whole needle. None: no prefilter.
    """
    if cutoff <= 0 or len(needle) <= _FAST_NEEDLE or len(windows) < 8:
        return None
    pieces = -(-len(needle) // _FAST_NEEDLE)
    size = -(-len(needle) // pieces)
    hits: set[int] = set()
    for first in range(0, len(needle), size):
        piece = needle[first:first + size]
        for _, _, index in process.extract_iter(piece, windows, scorer=fuzz.partial_ratio,
                                                score_cutoff=cutoff):
            hits.update(i for i in (index - 1, index, index + 1) if 0 <= i < len(windows))
    return hits


def _chunks_found(piece: str, norm: str, index: list[int],
                  source: SourceText) -> tuple[list[Part], float]:
    """Pieces of ``piece`` (runs of words) found in ``norm``, and the share of its
    words they cover. A piece must first be found verbatim somewhere; the others
    are then looked for fuzzily only near what was found (a partial quotation
    is one passage), which keeps a quotation that is nowhere cheap to refute."""
    words = piece.split()
    if len(words) < _PARTIAL_MIN_WORDS:
        return [], 0.0
    size = max(_CHUNK_MIN, len(words) // 4)
    starts = list(range(0, len(words), size))
    if len(starts) > 1 and len(words) - starts[-1] < _CHUNK_MIN:
        starts.pop()  # a short tail joins the chunk before it
    chunks = [" ".join(words[first:last]) for first, last in zip(starts, [*starts[1:], len(words)])]
    exact = {i: norm.find(chunk) for i, chunk in enumerate(chunks)}
    anchors = [at for at in exact.values() if at >= 0]
    if not anchors:
        return [], 0.0
    reach = 2 * len(piece)
    low, high = max(0, min(anchors) - reach), min(len(norm), max(anchors) + reach)
    parts, found = [], 0
    for i, chunk in enumerate(chunks):
        if exact[i] >= 0:
            score, start, end = 100.0, exact[i], exact[i] + len(chunk)
        else:
            score, start, end = locate(chunk, norm[low:high], CLOSE)
            if start is not None:
                start, end = start + low, end + low
        if start is not None and score >= CLOSE:
            start, end = _word_bounds(norm, start, end)
            parts.append(_part(chunk, score, source, index, start, end))
            found += len(chunk.split())
    parts.sort(key=lambda part: part.start)
    return parts, found / len(words)


def _word_bounds(norm: str, start: int, end: int) -> tuple[int, int]:
    """Widen an alignment to whole words (an alignment may cut a word in two)."""
    while start > 0 and norm[start - 1].isalnum() and norm[start].isalnum():
        start -= 1
    while end < len(norm) and end > 0 and norm[end - 1].isalnum() and norm[end].isalnum():
        end += 1
    return start, end


def _original(index: list[int], start: int, end: int) -> tuple[int, int]:
    return index[start], index[end - 1] + 1


def _part(piece: str, score: float, source: SourceText, index: list[int], start: int,
          end: int) -> Part:
    s, e = _original(index, start, end)
    return Part(piece, score, s, e, source.page_at(s))


def _match(verdict: str, score: float, source: SourceText, index: list[int], start: int, end: int,
           differences: tuple[tuple[str, str], ...]) -> QuoteMatch:
    s, e = _original(index, start, end)
    return QuoteMatch(verdict, score, s, e, source.text[s:e], source.page_at(s), differences,
                      1.0 if verdict == "found" else 0.0)


def _passage(source: SourceText, start: int | None, end: int | None) -> str:
    return source.text[start:end] if start is not None and end is not None else ""


def _differences(quote: str, passage: str) -> tuple[tuple[str, str], ...]:
    """The words that differ, as (quotation words, source words) pairs."""
    mine = quote.split()
    theirs = passage.strip(_EDGE_PUNCTUATION).split()
    matcher = difflib.SequenceMatcher(a=mine, b=theirs, autojunk=False)
    found = []
    for tag, a1, a2, b1, b2 in matcher.get_opcodes():
        if tag != "equal":
            found.append((" ".join(mine[a1:a2]), " ".join(theirs[b1:b2])))
    return tuple(found)
