"""Country and organisation names in a sentence: where they stand, and when two
names are one (an alias and its country, an acronym and its expansion, two
spellings of one expansion).

Split from ``consistency`` because every C rule that compares entities needs
the same notion of "the same name": membership statements and tables (C001,
C002, C006), acronym definitions (C004) and doubled entities (C005). The
country list itself is ``parse.claims.country_pattern``, so claims and checks
recognise the same countries.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from claimcheck import rx
from claimcheck.model import Paper
from claimcheck.parse.claims import country_pattern


@dataclass(frozen=True)
class Mention:
    """A country or organisation named in a sentence, with its canonical name and place."""

    name: str  # canonical country or table organisation
    start: int
    end: int


def canonical_country(name: str) -> str:
    _, canonical = country_pattern()
    name = name.strip()
    return canonical.get(name) or canonical.get(name.lower()) or name


def country_mentions(text: str) -> list[Mention]:
    """Country names in ``text``; not the first half of a compound ("Russia-China")
    and not a possessive ("Russia's allies")."""
    pattern, _ = country_pattern()
    found = []
    for match in pattern.finditer(text):
        if rx.match(r"-\w|['’]s\b", text[match.end():]):
            continue
        found.append(Mention(canonical_country(match.group()), match.start(), match.end()))
    return found


# --------------------------------------------------------------------------
# Acronyms and their expansions

ACRONYM_TOKEN = rx.compile(r"(?=[A-Z])(?<![\w-])[A-Z0-9&]*[A-Z][A-Z0-9&]*(?:s(?![a-z]))?(?![\w])")


def acronym_key(token: str) -> str:
    """The acronym without a plural "s" ("CARs" -> "CAR")."""
    return token[:-1] if token.endswith("s") and token[:-1].isupper() else token


@lru_cache(maxsize=8192)  # the rules ask it of the same expansions, sentence after sentence
def normal_expansion(text: str) -> str:
    """An expansion with spelling (-ise/-ize, "&"), plurals and small words set aside."""
    text = text.lower().replace("&", " and ").replace("-", " ")
    text = rx.sub(r"is(ation|ing|ed|e)\b", r"iz\1", text)
    words = [w for w in rx.findall(r"[a-z0-9]+", text) if w not in {"the", "of", "and", "for", "in"}]
    return " ".join(w[:-1] if w.endswith("s") and not w.endswith("ss") and len(w) > 3 else w for w in words)


def same_expansion(a: str, b: str) -> bool:
    """Equal once spelling, plurals and a leading word the extractor may have
    taken in ("China's Belt and Road Initiative") are set aside."""
    na, nb = normal_expansion(a), normal_expansion(b)
    return na == nb or na.endswith(" " + nb) or nb.endswith(" " + na)


def expansion_pattern(paper: Paper) -> tuple[re.Pattern[str] | None, dict[str, str]]:
    """One pattern of every defined expansion, and normal expansion -> acronym."""
    expansions = {normal_expansion(a.expansion): acronym_key(a.acronym) for a in paper.acronyms}
    names = sorted({a.expansion for a in paper.acronyms}, key=len, reverse=True)
    if not names:
        return None, expansions
    alternation = "|".join(re.escape(name) for name in names)
    return re.compile(rf"(?<![\w-])(?:{alternation})(?![\w-])(?!['’]s)", re.IGNORECASE), expansions


def entity_mentions(text: str, expansions_found: re.Pattern[str] | None,
                    expansions: dict[str, str]) -> list[Mention]:
    """Countries, acronyms and defined expansions (canonical: the acronym), in
    text order; ``expansions_found`` and ``expansions`` come from ``expansion_pattern``."""
    found = country_mentions(text)
    for match in ACRONYM_TOKEN.finditer(text):
        key = acronym_key(match.group())
        if sum(c.isupper() for c in key) >= 2 and not rx.match(r"-\w|['’]s\b", text[match.end():]):
            if not any(m.start <= match.start() < m.end for m in found):
                found.append(Mention(canonical_country(key), match.start(), match.end()))
    for match in expansions_found.finditer(text) if expansions_found else ():
        if not any(m.start <= match.start() < m.end for m in found):
            name = expansions.get(normal_expansion(match.group()), match.group())
            found.append(Mention(name, match.start(), match.end()))
    return sorted(found, key=lambda m: m.start)
