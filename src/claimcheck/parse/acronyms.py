"""Acronyms as the paper defines them: "Collective Security Treaty Organization (CSTO)".

The matching is Schwartz & Hearst's (2003): for a parenthesised short form,
walk back over at most min(|A| + 5, 2|A|) words and take the shortest long
form whose letters cover the acronym's letters in order, the first letter
starting a word. A plural short form ("CARs") is matched without its "s".
"""

from __future__ import annotations

from dataclasses import dataclass

from claimcheck import rx

_SHORT_FORM = rx.compile(r"\((?P<short>[A-Z][A-Za-z0-9&.\-]{1,11}?)\)(?:'s)?")
_WORD = rx.compile(r"[\w'’\-]+")
# Words that may sit inside a long form without giving the acronym a letter.
_MINOR = {"of", "and", "the", "for", "in", "on", "de", "la", "du", "des", "to", "&"}


@dataclass(frozen=True)
class AcronymDefinition:
    """A long form followed by its acronym in parentheses, with its place in the text."""

    acronym: str
    expansion: str
    start: int  # of the long form in the text
    end: int  # after the closing parenthesis


def find_definitions(text: str) -> list[AcronymDefinition]:
    found = []
    for match in _SHORT_FORM.finditer(text):
        short = match.group("short")
        letters = short[:-1] if short.endswith("s") and short[:-1].isupper() else short
        if not _plausible_short_form(letters):
            continue
        long_form = _long_form(text[: match.start()], letters)
        if long_form is not None:
            start, expansion = long_form
            found.append(AcronymDefinition(short, expansion, start, match.end()))
    return found


def _plausible_short_form(short: str) -> bool:
    capitals = sum(1 for c in short if c.isupper())
    return 2 <= len(short) <= 10 and capitals >= 2 and not short.isdigit()


def _long_form(before: str, short: str) -> tuple[int, str] | None:
    words = list(_WORD.finditer(before))
    limit = min(len(short) + 5, 2 * len(short))
    window = words[-limit:]
    if not window:
        return None
    tail_end = window[-1].end()
    if before[tail_end:].strip() not in {"", "the"}:
        return None  # something other than the long form stands before the "("
    for first in range(len(window) - 1, -1, -1):
        candidate = before[window[first].start(): tail_end]
        if _covers(candidate, short):
            if window[first].group().lower() in _MINOR:
                continue
            # "Treaty Organization's (CSTO)": the possessive is not part of the name
            return window[first].start(), rx.sub(r"['’]s$", "", candidate.strip())
    return None


def _covers(candidate: str, short: str) -> bool:
    """Schwartz-Hearst: short form letters appear in order, right to left,
    with the first letter at the start of a word of the long form."""
    short_letters = [c.lower() for c in short if c.isalnum()]
    long_text = candidate.lower()
    s_index, l_index = len(short_letters) - 1, len(long_text) - 1
    while s_index >= 0:
        char = short_letters[s_index]
        while l_index >= 0 and (long_text[l_index] != char or (
                s_index == 0 and l_index > 0 and long_text[l_index - 1].isalnum())):
            l_index -= 1
        if l_index < 0:
            return False
        l_index -= 1
        s_index -= 1
    # every significant word should give a letter: reject long forms with
    # extra leading capitalised words the acronym does not account for
    words = [w for w in _WORD.findall(candidate) if w.lower() not in _MINOR]
    return len(words) <= len(short_letters) + 1
