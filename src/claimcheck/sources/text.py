"""Source text as it is searched: pages joined, and a normalised form that
maps every character back to the extracted text.

Normalisation (the same for a quotation and for its source) undoes what
typesetting and PDF extraction do to the same words:

* compatibility forms (NFKC): ligatures ``ﬁ``/``ﬂ``/``ﬀ``, full-width
  letters, no-break spaces;
* quotation marks and apostrophes of every kind are dropped (a paper prints
  'accompany' where its source prints “accompany”), dashes of every kind
  become ``-``, the ellipsis character becomes ``...``;
* a word hyphenated at a line end is joined (``develop-\\nment`` ->
  ``development``), soft hyphens are dropped;
* runs of whitespace become one space; case is folded.

``normalize`` returns the normalised string and, for each of its characters,
the offset in the input it came from, so a match found in normalised text is
shown as the passage the source really prints.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, field

__all__ = ["SourceText", "normalize", "normalize_plain"]

_QUOTES = frozenset("\"'`´‘’‚‛“”„‟′″‹›«»")
_DASHES = frozenset("‐‑‒–—―−﹘﹣－")
_SOFT = frozenset("\u00ad\u200b\u200c\u200d\ufeff")
# A hyphen at a line end between two letters, the next line starting lower case.
_LINE_END_HYPHEN = re.compile(r"(?<=[^\W\d_])[-\u00ad‐]\s*\n\s*(?=[a-zß-ÿ])")


def normalize(text: str) -> tuple[str, list[int]]:
    """``text`` normalised for searching, and the input offset of each output character."""
    joined = {m.start(): m.end() for m in _LINE_END_HYPHEN.finditer(text)}
    out: list[str] = []
    index: list[int] = []
    space_pending = False
    position = 0
    length = len(text)
    while position < length:
        if position in joined:
            position = joined[position]
            continue
        char = text[position]
        if char.isspace():
            space_pending = bool(out)
            position += 1
            continue
        if char in _QUOTES or char in _SOFT:
            position += 1
            continue
        if char in _DASHES:
            piece = "-"
        elif char == "…":
            piece = "..."
        elif char.isascii():
            piece = char.lower()
        else:
            piece = unicodedata.normalize("NFKC", char).casefold()
            if any(c.isspace() for c in piece):
                space_pending = bool(out)
                position += 1
                continue
        if space_pending:
            out.append(" ")
            index.append(position)
            space_pending = False
        out.append(piece)
        index.extend([position] * len(piece))
        position += 1
    return "".join(out), index


def normalize_plain(text: str) -> str:
    """``normalize`` without the offsets (for quotations and titles)."""
    return normalize(text)[0]


@dataclass
class SourceText:
    """The text of one fetched source: its pages (one page for HTML) joined
    with form feeds, and where each page starts."""

    text: str
    page_starts: tuple[int, ...] = (0,)
    kind: str = "html"  # html | pdf | text
    title: str = ""
    _normalized: tuple[str, list[int]] | None = field(default=None, repr=False, compare=False)

    @classmethod
    def from_pages(cls, pages: list[str], kind: str = "pdf", title: str = "") -> SourceText:
        starts, parts, offset = [], [], 0
        for page in pages:
            starts.append(offset)
            parts.append(page)
            offset += len(page) + 1
        return cls("\f".join(parts), tuple(starts) or (0,), kind, title)

    @property
    def page_count(self) -> int:
        return len(self.page_starts)

    @property
    def normalized(self) -> tuple[str, list[int]]:
        if self._normalized is None:
            self._normalized = normalize(self.text)
        return self._normalized

    def page_at(self, offset: int) -> int | None:
        """1-based page of an offset in ``text``; None for a one-page (HTML) source."""
        if self.kind != "pdf":
            return None
        return bisect_right(self.page_starts, offset)
