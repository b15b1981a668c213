"""What a sentence says about membership: "X is not its member", "X and Y are
members of ORG", "X has left ORG", "granting the membership of ORG to A and B",
"ORG includes A, B and C", read as (what is said, country, organisation).

Split from ``consistency`` because this is sentence grammar (coordinated
country lists, the subject of a verb, clause breaks, hypotheticals), larger
than the rule that uses it (C001) and testable on its own. It is deliberately
narrow: a statement whose subject or organisation is unclear yields nothing,
so the rule stays silent rather than guess.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from claimcheck import rx
from claimcheck.checks.entity_names import Mention, country_mentions
from claimcheck.checks.membership import Organisation, TableOrganisations

_NOT_MEMBER = rx.compile(
    r"\b(?:is|are)\s+(?:currently\s+|now\s+|still\s+)?(?:not|no\s+(?:more|longer))\s+(?:currently\s+|now\s+)?"
    r"(?:(?P<its>its|their)\s+|(?:a|an)\s+)?(?:full\s+)?(?:members?|member\s+states?)\b"
    r"(?P<of>\s+(?:of|in)\s+)?", re.IGNORECASE)
_IS_MEMBER = rx.compile(
    r"\b(?:is|are)\s+(?:also\s+|now\s+|currently\s+|still\s+|both\s+)*(?:a\s+|an\s+)?"
    r"(?:(?P<full>full|founding)\s+)?(?P<role>members?|member\s+states?|observers?|observer\s+states?|"
    r"dialogue\s+partners?)\s+(?:of|in)\s+", re.IGNORECASE)
_GRANTED = rx.compile(
    r"\bgrant(?:ing|ed)\s+(?:the\s+)?(?:full\s+)?membership\s+(?:of|in)\s+(?:the\s+)?(?P<org>\S+(?:\s+\S+){0,4}?)"
    r"\s+to\s+(?P<list>.+)", re.IGNORECASE)
_LEFT = rx.compile(r"\b(?:has|have)\s+(?:now\s+)?(?:left|withdrawn\s+from|quit)\s+", re.IGNORECASE)
_REPEATED = rx.compile(r"\b(?:twice|two\s+times|\w+\s+times|again|once|earlier|previously|temporarily|"
                       r"(?:in|since|from)\s+(?:1[89]|20)\d\d)\b", re.IGNORECASE)
_INCLUDES = rx.compile(r"\b(?:includes|comprises|consists\s+of|is\s+made\s+up\s+of|brings\s+together|"
                       r"unites)\s+", re.IGNORECASE)
# a cheap test that a sentence may speak of membership at all, before the grammar runs
_MEMBERSHIP_WORDS = ("member", "observer", "partner", "left", "withdrawn", "quit", "includes", "comprises",
                     "consists", "made up", "together", "unites")
_ABOUT_MEMBERSHIP = rx.compile("|".join(_MEMBERSHIP_WORDS), re.IGNORECASE)
# the letters re.IGNORECASE folds unlike str.lower (long s, dotless i, dotted capital I)
_FOLDED_APART = ("\u017f", "\u0131", "\u0130")


def about_membership(text: str) -> bool:
    """Whether ``text`` holds one of the words, ignoring case as re.IGNORECASE does.

    Substring tests on the lower-cased text find exactly what the regex finds
    unless one of the three letters that fold differently is present, and cost a
    tenth of a regex scan (which tries every position of every sentence)."""
    if any(letter in text for letter in _FOLDED_APART):
        return _ABOUT_MEMBERSHIP.search(text) is not None
    lowered = text.lower()
    return any(word in lowered for word in _MEMBERSHIP_WORDS)
_HYPOTHETICAL = rx.compile(r"\b(?:if|whether|unless|suppose|supposing|assuming|once|should|would|could)\b",
                           re.IGNORECASE)
_CLAUSE_BREAK = rx.compile(r";|,\s*(?:but|while|whereas|although|though|however)\b|\bbut\b")


def membership_statements(orgs: TableOrganisations,
                          text: str) -> Iterator[tuple[str, str, Organisation, str]]:
    """(what the text says, country, organisation, the words saying it).

    What is said is one of "member", "observer", "dialogue_partner",
    "not member", "included" or "granted"."""
    for match in _NOT_MEMBER.finditer(text):
        if match.group("its"):
            before = [m for m in orgs.mentions(text[:match.start()])]
            targets = orgs.resolve(before[-1].name) if before else []
        else:
            targets = _org_list_at(orgs, text, match.end()) if match.group("of") else []
        plural = match.group().lower().lstrip().startswith("are")
        for country in _subject(text, match.start(), plural):
            for organisation in targets:
                yield "not member", country.name, organisation, match.group().strip()
    for match in _IS_MEMBER.finditer(text):
        role = match.group("role").lower()
        said = ("observer" if role.startswith("observer") else
                "dialogue_partner" if role.startswith("dialogue") else "member")
        if rx.match(r"(?:the\s+)?neither\b", text[match.end():], re.IGNORECASE):
            if said != "member":
                continue
            said = "not member"  # "is a member of neither A nor B"
        plural = match.group().lower().startswith("are")
        for country in _subject(text, match.start(), plural):
            for organisation in _org_list_at(orgs, text, match.end()):
                yield said, country.name, organisation, match.group().strip()
    for match in _GRANTED.finditer(text):
        targets = orgs.resolve(match.group("org"))
        for country in _country_list_at(text, match.start("list")):
            for organisation in targets:
                yield "granted", country.name, organisation, match.group()[:80]
    for match in _LEFT.finditer(text):
        rest = text[match.end():]
        if _REPEATED.search(rest[:60]) or _REPEATED.search(text[:match.start()][-30:]):
            continue  # a past event ("left twice"), not the present state
        targets = _org_list_at(orgs, text, match.end())
        for country in _subject(text, match.start(), True):
            for organisation in targets:
                yield "not member", country.name, organisation, match.group().strip()
    for match in _INCLUDES.finditer(text):
        named = [m for m in orgs.mentions(text[:match.start()])]
        if not named or not rx.fullmatch(r"(?:['’]s)?\s*(?:(?:now|currently|also)\s+)?",
                                         text[named[-1].end:match.start()]):
            continue
        for country in _country_list_at(text, match.end()):
            for organisation in orgs.resolve(named[-1].name):
                yield "included", country.name, organisation, match.group().strip()


def _country_list_at(text: str, start: int) -> list[Mention]:
    """The countries of a coordinated list beginning at ``start`` ("A, B and C")."""
    listed = []
    position = start
    for mention in country_mentions(text):
        if mention.start < start:
            continue
        gap = text[position:mention.start]
        if listed and not rx.fullmatch(r"\s*(?:,\s*(?:and\s+|or\s+)?|(?:and|or|&)\s+)(?:the\s+)?", gap):
            break
        if not listed and not rx.fullmatch(r"\s*(?:both\s+|the\s+)?", gap):
            break
        listed.append(mention)
        position = mention.end
    return listed


def _country_list_before(text: str, end: int) -> list[Mention]:
    """The countries of a coordinated list ending just before ``end`` (a few
    adverbs may stand between the list and the verb)."""
    before = [m for m in country_mentions(text) if m.end <= end]
    if not before or not rx.fullmatch(r"\s*(?:,?\s*(?:however|now|currently|still|also|too|thus|"
                                       r"therefore|today)\s*,?\s*)*", text[before[-1].end:end]):
        return []
    listed = [before[-1]]
    for mention in reversed(before[:-1]):
        gap = text[mention.end:listed[0].start]
        if not rx.fullmatch(r"\s*(?:,\s*(?:and\s+)?|and\s+|&\s+)(?:the\s+)?", gap):
            break
        listed.insert(0, mention)
    return listed


def _clause_start(text: str, position: int) -> int:
    starts = [m.end() for m in _CLAUSE_BREAK.finditer(text, 0, position)]
    return starts[-1] if starts else 0


def _subject(text: str, position: int, plural: bool) -> list[Mention]:
    """Who the verb at ``position`` speaks of: the country list right before it,
    or for a clause opening with "it"/"they", the one country named earlier."""
    listed = _country_list_before(text, position)
    clause = _clause_start(text, position)
    if _HYPOTHETICAL.search(text[clause:position]):
        return []  # "if X is a member ...", "whether X is a member ..."
    if listed and listed[0].start >= clause:
        return listed
    if listed:
        return []
    lead = text[clause:position]
    if rx.match(r"\s*(?:and\s+)?(?:it|they)\b", lead, re.IGNORECASE) and not country_mentions(lead):
        earlier = {m.name: m for m in country_mentions(text[:clause])}
        if len(earlier) == 1 or (plural and earlier):
            return list(earlier.values())
    return []


def _org_list_at(orgs: TableOrganisations, text: str, start: int) -> list[Organisation]:
    """The organisations named right at ``start`` ("CSTO", "both CSTO and SCO")."""
    if orgs.group is None:
        return []
    match = re.compile(orgs.group).match(text, start)
    return orgs.resolve(match.group("orgs")) if match else []
