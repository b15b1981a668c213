"""The paper's own metadata (title, authors, year, venue) from its front matter.

Journals print these in many layouts; the rules are deliberately modest:
the title is the front-matter heading printed most often (a cover page and
the first page both carry it) that does not name a journal; the venue is a
heading or "Source:" line naming a journal; authors come from an
"Author(s):" line, else from the line right after the title; the year is
the most frequent year in the front matter outside a range of years.
"""

from __future__ import annotations

import re
from collections import Counter

from claimcheck import rx
from claimcheck.model import Block, PaperMeta

_VENUE_WORDS = rx.compile(r"\b(journal|review|proceedings|quarterly|bulletin|annals|"
                          r"transactions|letters|magazine)\b", re.IGNORECASE)
_AUTHOR_LINE = rx.compile(r"^\s*(?:author\(s\)|authors?|by)\s*:?\s*(?P<names>.+)$", re.IGNORECASE)
_SOURCE_LINE = rx.compile(r"^\s*source\s*:\s*(?P<venue>[^/|,]+)", re.IGNORECASE)
_YEAR = rx.compile(r"(?<!\d)(19\d\d|20\d\d)(?!\d)")
_YEAR_RANGE = rx.compile(r"(?<!\d)(?:19|20)\d\d\s*[-–—]\s*(?:(?:19|20)\d\d|\d\d)(?!\d)")
_NAME_SPLIT = rx.compile(r"\s+[-–—]\s+|\s*;\s*|,\s*(?:and\s+)?|\s+and\s+|\s+&\s+")


def paper_meta(blocks: tuple[Block, ...], front: list[int], first_body_heading: int | None) -> PaperMeta:
    scope = front or list(range(min(len(blocks), 12)))
    if first_body_heading is not None:
        scope = scope + [i for i in range(first_body_heading) if i not in scope]
    headings = [blocks[i] for i in scope if blocks[i].kind == "heading"]
    texts = [b.text for b in blocks if b.kind == "heading"]
    title = _title(headings, texts)
    return PaperMeta(
        title=title,
        authors=_authors([blocks[i] for i in scope], title),
        year=_year([blocks[i] for i in scope]),
        venue=_venue([blocks[i] for i in scope]),
    )


def _title(headings: list[Block], all_headings: list[str]) -> str | None:
    candidates = [h.text for h in headings if not _VENUE_WORDS.search(h.text)
                  and len(h.text.split()) >= 3 and not h.text.rstrip().endswith(":")]
    if not candidates:
        return None
    counts = Counter(all_headings)
    return max(candidates, key=lambda text: (counts[text], -candidates.index(text)))


def _authors(blocks: list[Block], title: str | None) -> tuple[str, ...]:
    for block in blocks:
        match = _AUTHOR_LINE.match(block.text)
        if match and block.kind == "paragraph":
            return _names(match.group("names"))
    for index, block in enumerate(blocks[:-1]):
        if block.kind == "heading" and block.text == title:
            following = blocks[index + 1]
            if following.kind == "paragraph" and len(following.text) < 200:
                return _names(following.text)
    return ()


def _names(text: str) -> tuple[str, ...]:
    text = rx.sub(r"[*†‡§\d]+", " ", text)
    parts = [p.strip(" .") for p in _NAME_SPLIT.split(text) if p and p.strip(" .")]
    names = []
    for part in parts:
        words = [w.capitalize() if w.isupper() and len(w) > 2 else w for w in part.split()]
        if 1 < len(words) <= 5:
            names.append(" ".join(words))
    if len(names) == 1 and rx.search(r"\s{2,}|\s[A-Z][a-z]+\s[A-Z][a-z]+\s[A-Z]", text):
        return tuple(_split_run_together(text))
    return tuple(names)


def _split_run_together(text: str) -> list[str]:
    # "Sarwat Rauf Adam Saud": pairs of capitalised words
    words = [w for w in text.split() if w[:1].isupper()]
    return [" ".join(words[i:i + 2]) for i in range(0, len(words) - 1, 2)]


def _year(blocks: list[Block]) -> str | None:
    """The most frequent year, the latest of equals; a range ("2015–2019" in a
    title) is a period studied, not a date of publication."""
    years = Counter(y for b in blocks for y in _YEAR.findall(_YEAR_RANGE.sub(" ", b.text)))
    return max(years, key=lambda year: (years[year], year)) if years else None


def _venue(blocks: list[Block]) -> str | None:
    for block in blocks:
        match = _SOURCE_LINE.match(block.text)
        if match:
            return match.group("venue").strip()
    for block in blocks:
        if block.kind == "heading" and _VENUE_WORDS.search(block.text):
            return block.text.strip()
    return None
