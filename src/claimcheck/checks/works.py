"""Comparing printed works: names, titles, spellings, years. Shared by the R
rules (a note against its entry, entries against each other) and the N rules
(a cross-reference against the work it points at)."""

from __future__ import annotations

from collections.abc import Iterator

from claimcheck import rx
from claimcheck.model import Citation, Footnote, Paper, Reference, WorkFields
from claimcheck.textnorm import fold

# --------------------------------------------------------------------------
# comparing bibliographic values

QUOTES = "\"'“”„«»‘’`"




def squeeze(text: str | None) -> str:
    """``fold`` without spaces: hyphenation and OCR splits ("P aduraru") vanish."""
    return fold(text).replace(" ", "")


def family(author: str) -> str:
    return squeeze(author.split(",")[0])


def name_tokens(author: str) -> frozenset[str]:
    """Every word of a name: "De Grauwe, Paul" and "Grauwe, Paul De" are one person."""
    return frozenset(fold(author).split())


# British and American spellings of one word ("Organisation"/"Organization")
_SPELLING = [(rx.compile(pattern), repl) for pattern, repl in (
    (r"isation", "ization"), (r"(?<=\w\w)is(e|es|ed|ing)$", r"iz\1"), (r"ys(e|es|ed|ing)$", r"yz\1"),
    (r"(?<=\w\w\w)our(s|ed|ing|ite|ites)?$", r"or\1"), (r"(?<=\w\w\w)tre(s)?$", r"ter\1"),
    (r"^(def|off|lic|pret)ence", r"\1ense"), (r"ogue(s)?$", r"og\1"), (r"ll(ed|ing|er|ers)$", r"l\1"),
    (r"^programme", "program"), (r"ae", "e"),
)]


def _american(word: str) -> str:
    for pattern, repl in _SPELLING:
        word = pattern.sub(repl, word)
    return word


def spelling_variants(a: str | None, b: str | None) -> list[tuple[str, str]]:
    """The word pairs in which ``a`` and ``b`` differ only as spelling variants.

    Empty when they differ otherwise (or not at all)."""
    words_a, words_b = fold(a).split(), fold(b).split()
    if len(words_a) != len(words_b):
        return []
    pairs = [(x, y) for x, y in zip(words_a, words_b) if x != y]
    if pairs and all(_american(x) == _american(y) for x, y in pairs):
        return pairs
    return []


def similar_titles(a: str | None, b: str | None) -> bool:
    """Two printings of one title, a short title among them ("Partners and competitors")."""
    from rapidfuzz import fuzz

    x, y = fold(a), fold(b)
    if not x or not y:
        return True
    if x == y or x.replace(" ", "") == y.replace(" ", ""):
        return True
    shorter, longer = sorted((x, y), key=len)
    if len(shorter.split()) >= 2 and longer.startswith(shorter):
        return True
    return fuzz.ratio(x, y) >= 75 or fuzz.token_set_ratio(x, y) >= 85


def same_people(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """At least one author in common (any spelling of the family name or name order)."""
    if not a or not b:
        return True
    if {family(x) for x in a} & {family(y) for y in b}:
        return True
    return any(name_tokens(x) == name_tokens(y) for x in a for y in b)


def same_work(a: WorkFields, b: WorkFields) -> bool:
    """False only when the fields both sides print say these are different works."""
    return similar_titles(a.title, b.title) and same_people(a.authors, b.authors)


def names_a_work(fields: WorkFields) -> bool:
    return bool(fields.title or fields.authors)


def describe(fields: WorkFields) -> str:
    who = ", ".join(a.split(",")[0] for a in fields.authors[:2])
    if len(fields.authors) > 2:
        who += " et al."
    title = f'"{fields.title}"' if fields.title else (fields.container or "an untitled work")
    return f"{who}, {title}" if who else title


def year_digits(year: str | None) -> str | None:
    """The digits of a printed year ("2017a" -> "2017"); None for "n.d." and the like."""
    if not year:
        return None
    digits = rx.sub(r"\D", "", year)
    return digits or None


def also_in(notes: list[int]) -> str:
    """" (also in notes 12, 40)" for a finding reported once for several notes."""
    if not notes:
        return ""
    return f" (also in note{'s' if len(notes) > 1 else ''} {', '.join(map(str, notes))})"


def entries_by_key(paper: Paper) -> dict[str, Reference]:
    return {entry.key: entry for entry in paper.references}


def cited_works(paper: Paper) -> Iterator[tuple[Footnote, Citation]]:
    for note in paper.footnotes:
        for citation in note.citations:
            yield note, citation
