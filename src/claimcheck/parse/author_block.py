"""Where the author block of a reference entry or a note citation ends, and
the names in it.

Split from ``work`` because finding the end of a name list is its own
problem: the shapes of the lists (inverted, direct, Vancouver, with or without
periods after the initials, "and"/"&", "et al.") each get a pattern, and the
earliest plausible end among them, a quote, an italic title, a year or a
sentence end wins. ``take_authors`` is the one entry point.
"""

from __future__ import annotations

import re

from claimcheck import rx
from claimcheck.parse import fields as f
from claimcheck.parse.names import is_initials, looks_like_name_list, split_names

# "Rees, J. and W. Clinger (Eds.)." / "Allison, Roy, and Lena Jonson, eds.": the
# names are editors
EDITOR_CUE_AFTER_NAMES_RE = rx.compile(r"\s*(?:,\s*|\()(?:eds?|editors?)\.?\)?(?=[\s.,:;]|$)", re.I)
EDITORS_AS_AUTHORS_RE = rx.compile(r"(?:,\s*|\s*\()(?:eds?|editors?)\.?\)?[.,]?\s*$", re.I)


def take_authors(work: str, spans: list[tuple[int, int]], note: bool) -> tuple[list[str], int]:
    """Names at the start and where the title begins (0 for title-first entries)."""
    stripped = len(work) - len(work.lstrip())
    if work[stripped : stripped + 1] in f.OPEN_QUOTES:
        return [], stripped
    end = _authors_end(work, spans, note)
    if end is None:
        return [], stripped
    cue = EDITOR_CUE_AFTER_NAMES_RE.match(work, end)
    if cue:
        end = cue.end()  # "Rees, J. and W. Clinger (Eds.).": the cue is the names', not the title's
    segment = work[:end]
    last = segment.split()[-1] if segment.split() else ""
    if work[end : end + 1] == "." and is_initials(last + "."):
        segment += "."  # "Hanley, Anne G. Native Capital": the period is the initial's
    segment = EDITORS_AS_AUTHORS_RE.sub("", segment)
    if not looks_like_name_list(segment.replace("et al.", "")):
        return [], stripped
    names = split_names(segment, first_inverted=False if note else True)
    if not names:
        return [], stripped
    return names, end


def _authors_end(work: str, spans: list[tuple[int, int]], note: bool) -> int | None:
    """The end of the name list: a quote, an italic title, a year, or a sentence end."""
    candidates = []
    quote = rx.search(rf"[{f.OPEN_QUOTES}]", work)
    if quote and (quote.start() == 0 or work[quote.start() - 1] in " ,.:("):
        candidates.append(quote.start())
    candidates += [s for s, _ in spans if s > 0][:1]
    paren_year = f.PAREN_YEAR_RE.search(work)
    if paren_year:
        candidates.append(paren_year.start())
    if note:
        lost_open = _lost_open_quote(work)
        if lost_open is not None:
            candidates.append(lost_open)
        elif not candidates:
            # "Mihail Paduraru and Claudia-Iohana Voicu, 53, REF.1&5." -- names, no title
            comma = work.find(", ")
            if 0 < comma and len(work[:comma].split()) <= 8:
                candidates.append(comma)
    else:
        bare_year = rx.search(r"[\s,]((?:1[5-9]\d\d|20\d\d)[a-z]?|n\.\s?d\.)[.,:]", work)
        if bare_year:
            candidates.append(bare_year.start(1))
        for names_end in (_direct_names_end(work), _inverted_names_end(work), _vancouver_names_end(work)):
            if names_end is not None:
                candidates.append(names_end)
        sentence_end = _first_sentence_end(work)
        if sentence_end is not None:
            candidates.append(sentence_end)
    candidates = [c for c in candidates if c > 0]
    return min(candidates) if candidates else None


def _lost_open_quote(work: str) -> int | None:
    """Note form ``Name Family, Title," ...`` whose opening quote was lost in conversion."""
    close = rx.search(r"[,.?!][\"”]", work)
    if not close or rx.search(rf"[{f.OPEN_QUOTES}]", work[: close.start()]):
        return None
    comma = work.find(", ", 0, close.start())
    if comma <= 0 or len(work[:comma].split()) > 8:
        return None
    return comma


DIRECT_NAME_RE = rx.compile(
    r"^(?:and\s+|&\s*)?(?:[A-Z][a-z]?\.\s?-?\s?)+\s?(?:[a-z]{1,3}\s)*[A-Z][\w'’-]+(?:\s(?:[A-Z][\w'’-]+|[a-z]{1,3}))*$")


def _direct_names_end(work: str) -> int | None:
    """IEEE/CS ``A. Cooley, B. Smith, and C. Doe, Title``: end of the last such name."""
    end = None
    for part in rx.finditer(r"[^,]+", work):
        text = part.group(0)
        stop = _first_sentence_end(text)
        chunks = rx.split(r"\s+(?:and|&)\s+", text[:stop].strip())
        if not all(DIRECT_NAME_RE.match(c.strip()) for c in chunks if c.strip()):
            break
        if stop is not None:
            return part.start() + stop
        end = part.end()
    return end if end is not None and end < len(work.rstrip()) else None


# "Family, I. J." (particles and a two-word family allowed: "de Souza", "De Raedt")
# and, after the first name, also "I. J. Family" (ASA: "Lee, L. L., W. E. Howard")
_FAMILY = r"(?:(?:[a-z]{1,3}|[Vv]an|[Vv]on|[Dd]e[nrl]?)\s+){0,2}[A-Z][\w'’-]+(?:\s[A-Z][a-z][\w'’-]+)?"
_INITIAL = r"(?:[A-Z]|Th|Ch|Ph|Wm)\."
_INITIALS = rf"{_INITIAL}(?:[\s-]{{0,2}}{_INITIAL}){{0,3}}(?:,?\s+(?:Jr|Sr)\.)?"
# APA 7 prints the first 19 names, "...", and the last
_NAME_SEP = r"(?:\s*,\s*(?:and\s+|&\s*|(?:\.\.\.|…)\s*)?|\s*;\s*|\s+and\s+|\s*&\s*)"
_LATER_NAME = rf"(?:{_FAMILY},\s*{_INITIALS}|{_INITIALS}\s?{_FAMILY}(?![\w'’-]))"
_ET_AL = r"(?:,?\s+et\s+al\b\.?)?"
# the last name may be printed in full ("Kibler, D., and David W. Aha, (1987)")
_LAST_FULL_NAME = rf"(?:,?\s+(?:and|&)\s+[A-Z][a-z]+\s+(?:{_INITIAL}\s?)?{_FAMILY}(?=\s*[,.(]))?"
INVERTED_NAMES_RE = rx.compile(rf"\s*{_FAMILY},\s*{_INITIALS}(?:{_NAME_SEP}{_LATER_NAME})*{_LAST_FULL_NAME}{_ET_AL}")
# what follows a name list that goes on with a name of another shape: "Jones, Mary"
ANOTHER_NAME_RE = rx.compile(rf"{_NAME_SEP}{_FAMILY}\s*,")


def _inverted_names_end(work: str) -> int | None:
    """``Gibson, R. L., Reimold, W. U., Petrographic evidence...`` or ``Debray,
    S. K. and Warren, D. S., Automatic...``: a list of "Family, Initials" names
    (later ones may be "Initials Family"), ended by something that is no name."""
    names = INVERTED_NAMES_RE.match(work)
    if names is None:
        return None
    end = names.end()
    while end > 0 and work[end - 1].isspace():
        end -= 1
    if end >= len(work.rstrip()) or ANOTHER_NAME_RE.match(work, end):
        return None
    return end


# Vancouver and its European cousin: "Vates GE, Berger MS, Wilson CB.",
# "Gertz M., Lipeck U. W.", "Niebauer T.M., Hollander W.J." and, initials first,
# "AM Trinkoff, J Geiger-Brown and BA Brady:". A name in direct order
# ("Larry D. Wittie, ...") is none of these.
_DIRECT_ORDER_NEXT = r"(?!\.?\s+[A-Z][\w'’-]+(?:,|\.\s|\s+(?:and|&)\s+[A-Z]))"
_TRAILING_INITIALS = rf"[A-Z](?:\.?\s?-?[A-Z](?![a-z])){{0,2}}\.?(?![\w'’-]){_DIRECT_ORDER_NEXT}"
_BARE_INITIALS = r"[A-Z]{1,3}(?![\w'’.-])"
_VANCOUVER_NAME = rf"(?:{_FAMILY}\s{_TRAILING_INITIALS}|{_BARE_INITIALS}\s{_FAMILY}(?![\w'’-]))"
_LIST_END = r"(?:(?<=\.)(?=\s)|(?=\s*[.:;(,«“\"‘]))"
VANCOUVER_NAMES_RE = rx.compile(
    rf"\s*{_VANCOUVER_NAME}(?:(?:\s*[,;]\s*|\s+(?:and|et)\s+|\s*&\s*){_VANCOUVER_NAME})*{_ET_AL}{_LIST_END}")


def _vancouver_names_end(work: str) -> int | None:
    """The end of a Vancouver name list, before the period or colon that closes it."""
    names = VANCOUVER_NAMES_RE.match(work)
    return names.end() if names else None


def _first_sentence_end(work: str) -> int | None:
    """First ". " that ends the author block, skipping initials and "Jr."."""
    for match in rx.finditer(r"(?<!\.)\.(?=\s|$)", work):  # not an ellipsis
        token = rx.search(r"(\S+)$", work[: match.start()])
        word = token.group(1) if token else ""
        if is_initials(word + ".") and not rx.fullmatch(r"[A-Z]{2,3}", word):
            if "," in work[: match.start()] and TITLE_START_RE.match(work, match.end()):
                return match.start()  # "Hanley, Anne G. Native Capital: ..." ends at the initial
            continue
        if word.lower() in {"ed", "eds"} and work[: match.start() - len(word)].rstrip().endswith(","):
            return match.start()  # "Allison, Roy, and Lena Jonson, eds. Title": editors end here
        if word.lower().rstrip(".") in {"jr", "sr", "ed", "eds", "st", "dr"}:
            continue
        return match.start()
    return None


# after an initial, a capitalised word that is no name: not followed by a comma,
# a period (another initial) or "and"
TITLE_START_RE = rx.compile(
    r"\s+(?!(?:and|&)\b)[A-Z][\w'’-]+(?![,.])\s+(?!(?:and|&)\s)(?=[\w'’]|\((?![Ee]d(?:s|itors?)?\b))")
