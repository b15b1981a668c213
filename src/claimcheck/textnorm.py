"""Text folded for comparison: what the parsers, the resolver and the rules share."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from claimcheck import rx


@lru_cache(maxsize=8192)
def fold(text: str | None) -> str:
    """Case, diacritics, quote style and punctuation folded away; words kept."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = text.replace("&", " and ")
    return rx.sub(r"[^a-z0-9]+", " ", text).strip()
