"""Personal and corporate names in citations: telling a name list from a title,
and splitting it into "Family, Given" strings.

Split from ``fields`` because names have their own conventions (particles,
suffixes, initials, inverted and direct order, OCR-split surnames) and their
own callers: the author block of ``work.parse_work`` and the editor finder of
``fields``. Nothing here depends on the other finders.
"""

from __future__ import annotations

import re

from claimcheck import rx

PARTICLES = {"de", "del", "della", "der", "den", "di", "da", "van", "von", "le", "la", "du", "dos", "das", "bin", "al", "el", "ter", "ten", "auf"}
NAME_SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"}
# "J.", "J.A.", "J.-P.", "Th."; two-letter words like "Hu." or "Ng." are names
INITIALS_RE = rx.compile(r"^(?:(?:[A-Z]|Th|Ch|Ph|Wm|Sh|Zh|Kh|Yu)\.?[-‐]?){1,4}$")
VANCOUVER_INITIALS_RE = rx.compile(r"^[A-Z]{1,3}$")


def is_initials(token: str) -> bool:
    return bool(INITIALS_RE.match(token)) and (len(token) <= 2 or "." in token or token.isupper())


def is_given_part(part: str) -> bool:
    """"J. A.", "Elena", "Mary Ann": what follows "Family," in an inverted name."""
    tokens = part.split()
    return bool(tokens) and len(tokens) <= 3 and all(t[:1].isupper() or t.lower() in PARTICLES for t in tokens)


def looks_like_name_list(segment: str) -> bool:
    """Reject title-like or corporate strings ("United Nations' ... 8626th Meeting")."""
    segment = rejoin_split_initial(segment)
    words = rx.findall(r"[^\s,;&]+", segment)
    if not words or rx.search(r"\d", segment) or len(words) > 40:
        return False
    lower = [w for w in words if w[:1].islower() and w.lower() not in PARTICLES | {"and", "et", "al.", "al"}]
    return not lower


def rejoin_split_initial(text: str) -> str:
    """"P aduraru" -> "Paduraru": conversion split a name after a lost letter.

    Only a lone capital (no period) glued to a lowercase word that is not a
    particle; "A de" or "J. smith" are left alone.
    """
    return rx.sub(
        r"\b([A-Z]) ([a-z]{2,})\b",
        lambda m: m.group(0) if m.group(2) in PARTICLES else m.group(1) + m.group(2),
        text,
    )


def invert_name(name: str) -> str:
    """"Charles E. Ziegler" -> "Ziegler, Charles E."; "Marcel de Haas" -> "de Haas, Marcel"."""
    name = rx.sub(r"\s+", " ", name).strip(" ,;")
    if name.endswith(".") and not is_initials(name.split()[-1]) and name.split()[-1].lower() not in NAME_SUFFIXES:
        name = name[:-1]  # "Ken Lang." ends a sentence, "Charles E." keeps its initial
    if "," in name:
        family, given = (p.strip() for p in name.split(",", 1))
        return f"{family}, {given}" if given else family
    tokens = name.split()
    if len(tokens) <= 1:
        return tokens[0] if tokens else ""
    if not VANCOUVER_INITIALS_RE.match(tokens[0]) and _initials_after_family(tokens[1:]):
        return _family_first(" ".join(tokens))  # Vancouver "Smith AB", "Wilson CB.", "Neal R. M."
    suffix = ""
    if tokens[-1].lower() in NAME_SUFFIXES:
        suffix = ", " + tokens.pop()
    family_start = len(tokens) - 1
    while family_start > 1 and tokens[family_start - 1].lower() in PARTICLES:
        family_start -= 1
    given = " ".join(tokens[:family_start])
    family = " ".join(tokens[family_start:])
    return f"{family}, {given}{suffix}"


def _initials_after_family(tokens: list[str]) -> bool:
    """"AB", "CB." or "R. M." after a family name. One initial with a period
    ("Charles E.") is left to direct order: it is as often a given name whose
    family the previous comma part holds ("Ziegler, Charles E.")."""
    if len(tokens) == 1:
        bare = tokens[0].rstrip(".")
        return bool(VANCOUVER_INITIALS_RE.match(bare)) and (bare == tokens[0] or len(bare) > 1)
    return all(is_initials(t) and t.endswith(".") for t in tokens)


ORGANISATION_RE = rx.compile(
    r"\b(?:Organi[sz]ation|Association|Ministry|Council|Institute|Bank|Office|Department|Agency|"
    r"Committee|Nations|Union|Society|Group|Government|Commission|Foundation|Bureau|Centre|Center)\b"
)


def split_names(segment: str, first_inverted: bool | None = None) -> list[str]:
    """Authors or editors as "Family, Given" strings.

    ``first_inverted`` True: bibliography entry, the first name is "Family,
    Given" (Chicago); False: note, every name is "Given Family"; None: guess
    per name from the shape of the comma-separated parts (APA lists invert all).
    """
    segment = rx.sub(r"\s+et\.? al\.?.*$", "", segment.strip(), flags=re.I)
    segment = rx.sub(r"(\w)-\s+(\w)", r"\1-\2", segment)  # "Martin- Facklam"
    segment = rejoin_split_initial(segment)
    segment = segment.strip(" ,;:")
    last = segment.split()[-1] if segment.split() else ""
    if segment.endswith(".") and not is_initials(last) and last.lower() not in NAME_SUFFIXES:
        segment = segment[:-1]
    if not segment:
        return []
    if ORGANISATION_RE.search(segment) and "," not in segment:
        return [segment]  # a corporate author is kept as printed
    # APA 7 "..." before the last name separates like a comma
    parts = [p.strip() for p in rx.split(r"\s*(?:;|,?\s+and\s+|,?\s*&\s*|,|\.\.\.|…)\s*", segment) if p.strip()]
    parts = [p for p in parts if p.lower() not in {"et al", "et al.", "others"}]
    if first_inverted is not False and all(FAMILY_THEN_INITIALS_RE.match(p) for p in parts):
        # "Gertz M., Lipeck U. W.": every name is family first, one initial or more
        return [_family_first(p) for p in parts]
    names: list[str] = []
    index = 0
    while index < len(parts):
        part = parts[index]
        nxt = parts[index + 1] if index + 1 < len(parts) else None
        inverted = first_inverted if (first_inverted is not None and not names) else None
        if inverted is None and first_inverted is not False:
            inverted = nxt is not None and _family_only(part) and _given_follows(nxt, bool(names))
        if inverted and nxt is not None and is_given_part(nxt) and (names or _family_only(part)):
            names.append(f"{part}, {nxt}")
            index += 2
            continue
        names.append(invert_name(part))
        index += 1
    return [n for n in names if n]


FAMILY_THEN_INITIALS_RE = rx.compile(r"^[A-Z][\w'’-]+(?:\s[A-Z][a-z][\w'’-]+)?\s[A-Z](?:\.?\s?-?[A-Z])*\.?$")


def _family_first(part: str) -> str:
    family, given = rx.match(r"^(\S+(?:\s[A-Z][a-z]\S*)?)\s(.+)$", part).groups()
    if rx.fullmatch(r"[A-Z]{2,3}\.", given):
        given = given[:-1]  # "Wilson CB." ends the list: the period is not the initials'
    return f"{family}, {given}"


def _family_only(part: str) -> bool:
    tokens = part.split()
    if not tokens or any(is_initials(t) for t in tokens):
        return False
    core = [t for t in tokens if t.lower() not in PARTICLES]
    return len(core) == 1 or (len(tokens) <= 3 and len(core) <= 2 and tokens[0].lower() in PARTICLES)


def _given_follows(part: str, later_author: bool) -> bool:
    tokens = part.split()
    if all(is_initials(t) for t in tokens):
        return True
    # after the first author a bare given name is ambiguous; only initials invert
    return not later_author and is_given_part(part) and len(tokens) <= 2
