"""C: where the paper contradicts itself (text against table, duration against
years, an acronym against its own definition, an entity against itself).

Every rule here reads only the extracted paper: body sentences (never notes or
the reference list), membership tables as relations (organisation -> status ->
members) and acronym definitions. Each is conservative: it speaks only when
the sentence's grammar is unambiguous and no plausible reading of the paper
makes it consistent; a consistent paper gets silence.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import combinations

from claimcheck.checks import RuleContext, rule
from claimcheck.finding import Finding, Location, Severity
from claimcheck.model import Paper, Sentence, Span, Table
from claimcheck.parse.claims import _country_pattern, is_english

# --------------------------------------------------------------------------
# Shared reading of the paper


def _body_sentences(paper: Paper) -> Iterator[Sentence]:
    """English body sentences (abstract included), without keyword lines."""
    for sentence in paper.sentences:
        if is_english(sentence.text) and not re.match(r"\s*(?:key\s*words|jel)\b", sentence.text, re.I):
            yield sentence


def _claim_of(paper: Paper) -> dict[int, str]:
    return {claim.sentence: claim.id for claim in paper.claims}


def _canonical_country(name: str) -> str:
    _, canonical = _country_pattern()
    name = name.strip()
    return canonical.get(name) or canonical.get(name.lower()) or name


@dataclass(frozen=True)
class _Mention:
    name: str  # canonical country or table organisation
    start: int
    end: int


def _countries(text: str) -> list[_Mention]:
    """Country names in ``text``; not the first half of a compound ("Russia-China")
    and not a possessive ("Russia's allies")."""
    pattern, _ = _country_pattern()
    found = []
    for match in pattern.finditer(text):
        if re.match(r"-\w|['’]s\b", text[match.end():]):
            continue
        found.append(_Mention(_canonical_country(match.group()), match.start(), match.end()))
    return found


# Table statuses that count as membership ("Full Members", "Founding members").
_MEMBER_STATUSES = {"member", "founding_member"}
_OBSERVER_STATUSES = {"observer"}


@dataclass(frozen=True, eq=False)
class _Organisation:
    """One organisation of a membership table: status -> canonical members."""

    name: str
    table: Table
    statuses: dict[str, frozenset[str]]

    def members(self, *, observers: bool = False, everyone: bool = False) -> frozenset[str]:
        wanted = (set(self.statuses) if everyone else
                  _MEMBER_STATUSES | (_OBSERVER_STATUSES if observers else set()))
        return frozenset().union(*(m for s, m in self.statuses.items() if s in wanted))

    def status_of(self, country: str) -> str | None:
        for status in sorted(self.statuses, key=lambda s: s not in _MEMBER_STATUSES):
            if country in self.statuses[status]:
                return status
        return None


def _organisations(paper: Paper) -> list[_Organisation]:
    found = []
    for table in paper.tables:
        by_name: dict[str, dict[str, set[str]]] = {}
        for relation in table.relations:
            if relation.status == "common":
                continue
            statuses = by_name.setdefault(relation.organisation, {})
            statuses.setdefault(relation.status, set()).update(
                _canonical_country(m) for m in relation.members)
        for name, statuses in by_name.items():
            found.append(_Organisation(name, table, {s: frozenset(m) for s, m in statuses.items()}))
    return found


def _aliases(paper: Paper, organisations: list[_Organisation]) -> dict[str, list[_Organisation]]:
    """Every name the text may use for a table's organisation: the name as in the
    table, and through the paper's acronyms its expansion or its acronym."""
    aliases: dict[str, list[_Organisation]] = {}
    for organisation in organisations:
        names = {organisation.name}
        for acronym in paper.acronyms:
            if organisation.name in {acronym.acronym, acronym.expansion} or _same_name(
                    acronym.expansion, organisation.name):
                names |= {acronym.acronym, acronym.expansion}
        for name in names:
            aliases.setdefault(name, []).append(organisation)
    return aliases


def _same_name(a: str, b: str) -> bool:
    return _normal_expansion(a) == _normal_expansion(b)


def _alias_alternation(aliases: dict[str, list[_Organisation]]) -> str:
    """One regex alternation of the aliases (acronyms case-sensitive, names not)."""
    parts = []
    for name in sorted(aliases, key=len, reverse=True):
        escaped = re.escape(name).replace("ization", "i[sz]ation").replace("isation", "i[sz]ation")
        parts.append(escaped if name.isupper() else f"(?i:{escaped})")
    return "|".join(parts)


def _alias_key(text: str, aliases: dict[str, list[_Organisation]]) -> str | None:
    for name in aliases:
        if name == text or (not name.isupper() and _same_name(name, text)):
            return name
    return None


class _Orgs:
    """The membership tables' organisations and how the text names them."""

    def __init__(self, paper: Paper) -> None:
        self.all = _organisations(paper)
        self.aliases = _aliases(paper, self.all)
        self.names = _alias_alternation(self.aliases)  # regex alternation of every alias
        self.pattern = re.compile(rf"(?<![\w-])(?:{self.names})(?![\w-])") if self.names else None
        # organisations named in a row: "CSTO", "both CSTO and SCO", "either A or B"
        self.group = (rf"(?:the\s+)?(?P<orgs>(?:both\s+|either\s+|neither\s+)?(?:the\s+)?(?:{self.names})"
                      rf"(?:['’]s)?(?:\s*(?:,|and|or|nor)\s+(?:the\s+)?(?:{self.names}))*)(?![\w-])"
                      if self.names else None)

    def mentions(self, text: str) -> list[_Mention]:
        if self.pattern is None:
            return []
        return [_Mention(_alias_key(m.group(), self.aliases) or m.group(), m.start(), m.end())
                for m in self.pattern.finditer(text)]

    def resolve(self, text: str) -> list[_Organisation]:
        result: list[_Organisation] = []
        for mention in self.mentions(text):
            for organisation in self.aliases.get(mention.name, []):
                if organisation not in result:
                    result.append(organisation)
        return result


def _table_location(ctx: RuleContext, table: Table) -> Location:
    return ctx.location(table.span, table=table.id)


def _status_words(status: str) -> str:
    article = "an" if status[0] in "aeiou" else "a"
    return f"as {article} {status.replace('_', ' ')}"


# --------------------------------------------------------------------------
# C001


_NOT_MEMBER = re.compile(
    r"\b(?:is|are)\s+(?:currently\s+|now\s+|still\s+)?(?:not|no\s+(?:more|longer))\s+(?:currently\s+|now\s+)?"
    r"(?:(?P<its>its|their)\s+|(?:a|an)\s+)?(?:full\s+)?(?:members?|member\s+states?)\b"
    r"(?P<of>\s+(?:of|in)\s+)?", re.IGNORECASE)
_IS_MEMBER = re.compile(
    r"\b(?:is|are)\s+(?:also\s+|now\s+|currently\s+|still\s+|both\s+)*(?:a\s+|an\s+)?"
    r"(?:(?P<full>full|founding)\s+)?(?P<role>members?|member\s+states?|observers?|observer\s+states?|"
    r"dialogue\s+partners?)\s+(?:of|in)\s+", re.IGNORECASE)
_GRANTED = re.compile(
    r"\bgrant(?:ing|ed)\s+(?:the\s+)?(?:full\s+)?membership\s+(?:of|in)\s+(?:the\s+)?(?P<org>\S+(?:\s+\S+){0,4}?)"
    r"\s+to\s+(?P<list>.+)", re.IGNORECASE)
_LEFT = re.compile(r"\b(?:has|have)\s+(?:now\s+)?(?:left|withdrawn\s+from|quit)\s+", re.IGNORECASE)
_REPEATED = re.compile(r"\b(?:twice|two\s+times|\w+\s+times|again|once|earlier|previously|temporarily|"
                       r"(?:in|since|from)\s+(?:1[89]|20)\d\d)\b", re.IGNORECASE)
_INCLUDES = re.compile(r"\b(?:includes|comprises|consists\s+of|is\s+made\s+up\s+of|brings\s+together|"
                       r"unites)\s+", re.IGNORECASE)
_ABOUT_MEMBERSHIP = re.compile(r"member|observer|partner|left|withdrawn|quit|includes|comprises|consists|"
                               r"made up|together|unites", re.IGNORECASE)
_HYPOTHETICAL = re.compile(r"\b(?:if|whether|unless|suppose|supposing|assuming|once|should|would|could)\b",
                           re.IGNORECASE)
_CLAUSE_BREAK = re.compile(r";|,\s*(?:but|while|whereas|although|though|however)\b|\bbut\b")


def _country_list_at(text: str, start: int) -> list[_Mention]:
    """The countries of a coordinated list beginning at ``start`` ("A, B and C")."""
    listed = []
    position = start
    for mention in _countries(text):
        if mention.start < start:
            continue
        gap = text[position:mention.start]
        if listed and not re.fullmatch(r"\s*(?:,\s*(?:and\s+|or\s+)?|(?:and|or|&)\s+)(?:the\s+)?", gap):
            break
        if not listed and not re.fullmatch(r"\s*(?:both\s+|the\s+)?", gap):
            break
        listed.append(mention)
        position = mention.end
    return listed


def _country_list_before(text: str, end: int) -> list[_Mention]:
    """The countries of a coordinated list ending just before ``end`` (a few
    adverbs may stand between the list and the verb)."""
    before = [m for m in _countries(text) if m.end <= end]
    if not before or not re.fullmatch(r"\s*(?:,?\s*(?:however|now|currently|still|also|too|thus|"
                                       r"therefore|today)\s*,?\s*)*", text[before[-1].end:end]):
        return []
    listed = [before[-1]]
    for mention in reversed(before[:-1]):
        gap = text[mention.end:listed[0].start]
        if not re.fullmatch(r"\s*(?:,\s*(?:and\s+)?|and\s+|&\s+)(?:the\s+)?", gap):
            break
        listed.insert(0, mention)
    return listed


def _clause_start(text: str, position: int) -> int:
    starts = [m.end() for m in _CLAUSE_BREAK.finditer(text, 0, position)]
    return starts[-1] if starts else 0


def _subject(text: str, position: int, plural: bool) -> list[_Mention]:
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
    if re.match(r"\s*(?:and\s+)?(?:it|they)\b", lead, re.IGNORECASE) and not _countries(lead):
        earlier = {m.name: m for m in _countries(text[:clause])}
        if len(earlier) == 1 or (plural and earlier):
            return list(earlier.values())
    return []


def _org_list_at(orgs: _Orgs, text: str, start: int) -> list[_Organisation]:
    """The organisations named right at ``start`` ("CSTO", "both CSTO and SCO")."""
    if orgs.group is None:
        return []
    match = re.compile(orgs.group).match(text, start)
    return orgs.resolve(match.group("orgs")) if match else []


@rule("C001", "table-contradicts-text", Severity.WARNING)
def table_contradicts_text(ctx: RuleContext) -> Iterator[Finding]:
    """The text says who is (or is not) a member of an organisation; the paper's own table disagrees.

    What it checks
        Sentences about the membership of an organisation listed in a
        membership table (named by its acronym or its expansion): "X is not
        its member currently", "X is no more member of ORG", "X and Y are
        members of ORG", "X is an observer of ORG", "X has left ORG", "while
        granting the membership of ORG to A and B", "ORG includes A, B and
        C", against the table's rows. Past events ("left twice", "left in
        2012") are not contradicted by the current membership; a sentence
        whose subject is unclear is skipped.

    Why it matters
        A reader trusts the table and the text equally; when they disagree,
        one of them is wrong, and a reviewer cannot tell which.

    Example
        "Uzbekistan is no more member of CSTO" while the table lists
        Uzbekistan among the CSTO's full members.

    Instead
        Correct the table or the sentence so that both give the same status
        (and say when the membership changed if both were once true).
    """
    orgs = _Orgs(ctx.paper)
    if not orgs.all:
        return
    claims = _claim_of(ctx.paper)
    for sentence in _body_sentences(ctx.paper):
        if sentence.text.rstrip().endswith("?") or not _ABOUT_MEMBERSHIP.search(sentence.text):
            continue  # a question asserts nothing
        for said, country, organisation, phrase in _membership_statements(orgs, sentence.text):
            status = organisation.status_of(country)
            if said == "member":
                contradicted = status not in _MEMBER_STATUSES
            elif said == "observer":
                contradicted = status not in _OBSERVER_STATUSES
            elif said == "dialogue_partner":
                contradicted = status not in {"dialogue_partner", "partner"}
            elif said == "not member":
                contradicted = status in _MEMBER_STATUSES
            elif said == "included":
                contradicted = status is None
            else:  # "granted": a later change explains absence, not another status
                contradicted = status is not None and status not in _MEMBER_STATUSES
            if not contradicted:
                continue
            table = organisation.table
            said_words = {"not member": "is not a member of", "member": "is a member of",
                          "observer": "is an observer of", "dialogue_partner": "is a dialogue partner of",
                          "included": "is part of", "granted": "was granted membership of"}[said]
            listed = (f"{table.id} does not list {country} under {organisation.name}" if status is None
                      else f"{table.id} lists {country} {_status_words(status)} of {organisation.name}")
            yield ctx.finding(
                f"the text says {country} {said_words} {organisation.name}; {listed}",
                sentence.span, claim=claims.get(sentence.index),
                related=[_table_location(ctx, table)],
                evidence={"sentence": sentence.text, "statement": phrase, "country": country,
                          "organisation": organisation.name, "text_says": said,
                          "table": table.id, "table_status": status,
                          "table_statuses": {s: sorted(m) for s, m in organisation.statuses.items()}},
                fix=f"make the sentence and {table.id} agree on {country}'s status in {organisation.name}",
            )


def _membership_statements(orgs: _Orgs, text: str) -> Iterator[tuple[str, str, _Organisation, str]]:
    """(what the text says, country, organisation, the words saying it)."""
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
        if re.match(r"(?:the\s+)?neither\b", text[match.end():], re.IGNORECASE):
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
        if not named or not re.fullmatch(r"(?:['’]s)?\s*(?:(?:now|currently|also)\s+)?",
                                         text[named[-1].end:match.start()]):
            continue
        for country in _country_list_at(text, match.end()):
            for organisation in orgs.resolve(named[-1].name):
                yield "included", country.name, organisation, match.group().strip()


# --------------------------------------------------------------------------
# C002


_OBSERVER_NOTE = re.compile(r"^(?:ob|obs|observer|o)\.?$", re.IGNORECASE)


@rule("C002", "derived-column-inconsistent", Severity.WARNING)
def derived_column_inconsistent(ctx: RuleContext) -> Iterator[Finding]:
    """A derived table column ("Common Members") that no reading of the other columns reproduces.

    What it checks
        A column derived from the others (a header saying common, both,
        shared, overlap) against the intersection of the organisations'
        columns, computed three ways: full members only, members and
        observers, any status. It fires only when none of the three gives the
        printed list, and reports the nearest one with the differences. It
        also checks status notes such as "(ob)": the member so marked must be
        an observer in at least one of the organisations, and when the
        column uses such notes, every observer in it should carry one.

    Why it matters
        A derived column is a computation readers take on trust; a wrong
        entry in it misstates which states belong to both organisations.

    Example
        | Status | SCO | CSTO | Common |
        | Members | Russia, China | Russia, Armenia | Russia, Armenia |
        (Armenia is not an SCO member under any status.)

    Instead
        Recompute the column from the organisations' columns, say in a note
        which statuses it counts, and mark observers consistently.
    """
    for table in ctx.paper.tables:
        derived = [r for r in table.relations if r.status == "common"]
        if not derived:
            continue
        organisations = [o for o in _organisations(ctx.paper) if o.table is table]
        if len(organisations) < 2:
            continue
        for column in dict.fromkeys(r.organisation for r in derived):
            relations = [r for r in derived if r.organisation == column]
            printed = {_canonical_country(m) for r in relations for m in r.members}
            notes = {_canonical_country(m): n for r in relations for m, n in r.annotations}
            yield from _check_derived(ctx, table, column, printed, organisations)
            yield from _check_notes(ctx, table, column, printed, notes, organisations)


_DEFINITIONS = (("full members of every organisation", {}),
                ("members or observers of every organisation", {"observers": True}),
                ("any status in every organisation", {"everyone": True}))


def _check_derived(ctx, table, column, printed, organisations) -> Iterator[Finding]:
    computed = {}
    for label, how in _DEFINITIONS:
        computed[label] = frozenset.intersection(*(o.members(**how) for o in organisations))
    if any(printed == result for result in computed.values()):
        return
    label, nearest = min(computed.items(), key=lambda item: len(item[1] ^ printed))
    extra = sorted(printed - nearest)
    missing = sorted(nearest - printed)
    differences = "; ".join(filter(None, (
        f"printed but not computed: {', '.join(extra)}" if extra else "",
        f"computed but not printed: {', '.join(missing)}" if missing else "")))
    line, col = _cell_line(ctx.paper, table, column, extra[0] if extra else None)
    yield ctx.finding(
        f"{table.id} column '{column}' matches no intersection of "
        f"{', '.join(o.name for o in organisations)}; nearest ({label}): {differences}",
        Span(line, col, page=table.span.page), table=table.id,
        related=[_table_location(ctx, table)],
        evidence={"table": table.id, "column": column, "printed": sorted(printed),
                  "computed": {k: sorted(v) for k, v in computed.items()},
                  "nearest": label, "printed_not_computed": extra, "computed_not_printed": missing,
                  "columns": {o.name: {s: sorted(m) for s, m in o.statuses.items()} for o in organisations}},
        fix=f"list exactly: {', '.join(sorted(nearest))}" if nearest else None,
    )


def _check_notes(ctx, table, column, printed, notes, organisations) -> Iterator[Finding]:
    observer_notes = {m for m, n in notes.items() if _OBSERVER_NOTE.match(n)}
    if not observer_notes:
        return
    for country in sorted(printed):
        statuses = {o.name: o.status_of(country) for o in organisations}
        observer_somewhere = any(s in _OBSERVER_STATUSES for s in statuses.values())
        member_everywhere = all(s in _MEMBER_STATUSES for s in statuses.values())
        if country in observer_notes and member_everywhere:
            problem = f"{country} is marked '({notes[country]})' but is a full member of " \
                      f"{' and '.join(statuses)}"
        elif country not in observer_notes and observer_somewhere:
            where = [name for name, s in statuses.items() if s in _OBSERVER_STATUSES]
            problem = f"{country} is an observer of {' and '.join(where)} but carries no observer note " \
                      f"where others do"
        else:
            continue
        line, col = _cell_line(ctx.paper, table, column, country)
        yield ctx.finding(
            f"{table.id} column '{column}': {problem}", Span(line, col, page=table.span.page),
            table=table.id, related=[_table_location(ctx, table)],
            evidence={"table": table.id, "column": column, "member": country,
                      "note": notes.get(country), "statuses": statuses},
        )


def _cell_line(paper: Paper, table: Table, column: str, member: str | None) -> tuple[int, int]:
    """The file line and column of ``member`` in the derived column, else of the
    column's first cell that names a country."""
    index = table.columns.index(column) if column in table.columns else None
    first = table.span.line
    lines = paper.document.source.split("\n")[first - 1: table.span.end_line or first]
    fallback = None
    for number, line in enumerate(lines, start=first):
        cell = _cell(line, index) if index is not None else None
        if cell is None:
            continue
        start, end = cell
        text = line[start:end]
        if fallback is None and _countries(text):
            fallback = (number, start + 1)
        if member and member.split()[0] in text:
            return number, start + text.index(member.split()[0]) + 1
    return fallback or (first, 1)


def _cell(line: str, index: int) -> tuple[int, int] | None:
    """[start, end) of cell ``index`` of a pipe-table line."""
    pipes = [i for i, c in enumerate(line) if c == "|" and (i == 0 or line[i - 1] != "\\")]
    bounds = [-1, *pipes] if not line.lstrip().startswith("|") else pipes
    if index + 1 >= len(bounds):
        return None
    return bounds[index] + 1, bounds[index + 1]


# --------------------------------------------------------------------------
# C003


_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50,
}
_MODIFIER = (r"almost|nearly|about|around|roughly|approximately|some|over|more\s+than|less\s+than|"
             r"under|at\s+least|just\s+over|just\s+under|barely|exactly|precisely|only")
_DURATION = re.compile(
    rf"(?:(?P<mod1>{_MODIFIER})\s+)?(?P<prep>after|following|for|within)?\s*"
    rf"(?:(?:a|an)\s+(?=\S+[\s-]+(?:years?|decades?)))?"
    rf"(?:(?P<mod2>{_MODIFIER})\s+)?(?P<n>\d{{1,3}}|(?:twenty|thirty|forty|fifty)-\w+|"
    rf"{'|'.join(sorted(_NUMBER_WORDS, key=len, reverse=True))})[\s-]+(?P<unit>years?|decades?)\b"
    r"(?P<tail>[\s-]+(?:long\s+)?(?:break|gap|hiatus|pause|interval|lull|absence|suspension|"
    r"interruption|freeze|delay|dormancy|wait)\b|\s+(?:later|afterwards?)\b(?!\s+than))?",
    re.IGNORECASE)
_TERM = re.compile(r"\b(?:extend|renew|prolong|elect|appoint|lease|sign|grant|agree|plan|schedul|valid|"
                   r"term|mandate|sentenc|ban|suspend|postpon)\w*\b[^.;]*$", re.IGNORECASE)
_YEAR = re.compile(r"(?<![\w/.,])(1[89]\d\d|20\d\d)(?![\w/])")
_CITATION = re.compile(r"\([^()]*?[A-Z][\w'’-]+[^()]*?\b(?:1[89]|20)\d\d[a-z]?\b[^()]*\)")


def _number(word: str) -> int | None:
    word = word.lower()
    if word.isdigit():
        return int(word)
    if "-" in word:
        tens, _, unit = word.partition("-")
        if tens in _NUMBER_WORDS and unit in _NUMBER_WORDS and _NUMBER_WORDS[unit] < 10:
            return _NUMBER_WORDS[tens] + _NUMBER_WORDS[unit]
        return None
    return _NUMBER_WORDS.get(word)


def _tolerance(modifier: str | None, n: int) -> tuple[int, float, str]:
    """(lowest, highest) difference between two years that fits "<modifier> n years"."""
    mod = " ".join((modifier or "").lower().split())
    if mod in {"almost", "nearly", "just under", "barely"}:
        return n - 1, n, mod
    if mod in {"about", "around", "roughly", "approximately", "some"}:
        return n - 1, n + 1, mod
    if mod in {"over", "more than", "at least", "just over"}:
        return n, float("inf"), mod
    if mod in {"less than", "under"}:
        return 0, n, mod
    return n, n, "exact"


def _years(text: str, paper: Paper) -> list[int]:
    for citation in paper.in_text:
        text = text.replace(citation.printed, " ")
    text = _CITATION.sub(" ", text)
    return [int(y) for y in _YEAR.findall(text)]


def _block_index_of_line(paper: Paper):
    starts = [block.span.line for block in paper.document.blocks]
    return lambda line: max(bisect_right(starts, line) - 1, 0)


def _paragraph_before(paper: Paper, sentence: Sentence, depth: int = 2) -> list[Sentence]:
    """Up to ``depth`` sentences before ``sentence`` in its paragraph (a
    paragraph may run across a page break, so blocks are followed by lines)."""
    block_of = _block_index_of_line(paper)
    found = []
    current = sentence
    while len(found) < depth and current.index > 0:
        previous = paper.sentences[current.index - 1]
        if block_of(previous.span.end_line or previous.span.line) != current.block:
            break
        found.insert(0, previous)
        current = previous
    return found


@rule("C003", "duration-contradicts-years", Severity.WARNING)
def duration_contradicts_years(ctx: RuleContext) -> Iterator[Finding]:
    """A stated duration ("after a seven-year break") that the years stated around it do not give.

    What it checks
        Durations that join two moments ("after a seven-year break", "two
        years later", "after a decade", "for eight years") against the years
        printed in the same sentence and the sentence or two before it in the
        paragraph. "Almost", "nearly", "about", "over", "more than", "less
        than", "within" widen the check; a sentence with fewer than two years
        around it is not checked. It fires when no pair of those years gives
        the duration and the nearest pair misses by a little (an off-by-one
        count); a gross miss means the years are about something else.

    Why it matters
        A duration that disagrees with the dates beside it makes the reader
        doubt both, and usually hides a miscount or a wrong year.

    Example
        "... established in 2005 but it became dormant in 2009. ... became
        operative in 2017 and after a seven-year break ..." (2009 to 2017 is
        eight years).

    Instead
        Make the duration follow from the years ("after an eight-year
        break"), or correct the year.
    """
    claims = _claim_of(ctx.paper)
    for sentence in _body_sentences(ctx.paper):
        if not re.search(r"years?\b|decades?\b", sentence.text, re.IGNORECASE):
            continue
        for match in _DURATION.finditer(sentence.text):
            if not (match.group("prep") or match.group("tail")):
                continue
            if re.match(r"\s+of\b", sentence.text[match.end():]):
                continue  # "after two years of talks": an activity, not an interval
            forward = match.group("prep") and match.group("prep").lower() == "for"
            if forward and _TERM.search(sentence.text[max(0, match.start() - 40):match.start()]):
                continue  # "extended in 2016 for five years": a term that runs on, not a gap
            n = _number(match.group("n"))
            if n is None or n == 0:
                continue
            if match.group("unit").lower().startswith("decade"):
                n *= 10
            modifier = match.group("mod1") or match.group("mod2")
            if match.group("prep") and match.group("prep").lower() == "within" and not modifier:
                modifier = "less than"
            low, high, reading = _tolerance(modifier, n)
            # a "for" duration spans years of its own sentence ("opened in 2003 ... for a
            # decade until 2013"); a gap or a "later" may reach back to the sentences before
            window = [sentence] if forward else [*_paragraph_before(ctx.paper, sentence), sentence]
            stated = [(year, s) for s in window for year in _years(s.text, ctx.paper)]
            pairs = list(combinations(sorted({year for year, _ in stated}), 2))
            if not pairs or any(low <= b - a <= high for a, b in pairs):
                continue
            nearest = min(pairs, key=lambda p: (min(abs(p[1] - p[0] - low), abs(p[1] - p[0] - high)),
                                                -p[0]))
            difference = nearest[1] - nearest[0]
            miss = min(abs(difference - low), abs(difference - high))
            if miss > max(2, n // 4):
                continue
            sources = [s for year, s in stated if year in nearest]
            yield ctx.finding(
                f"'{match.group().strip()}' does not fit the years stated: "
                f"{nearest[0]} → {nearest[1]} is {difference} year{'s' if difference != 1 else ''}",
                sentence.span, claim=claims.get(sentence.index),
                related=[ctx.location(s.span) for s in dict.fromkeys(sources) if s is not sentence],
                evidence={"sentence": sentence.text, "duration": match.group().strip(),
                          "stated_years": n, "reading": reading, "allowed": [low, high],
                          "years": [year for year, _ in stated], "nearest": list(nearest),
                          "difference": difference,
                          "context": [s.text for s in window if s is not sentence]},
                fix=f"say {_spell(difference)}-year (from {nearest[0]} to {nearest[1]}) or correct the year",
            )


def _spell(n: int) -> str:
    words = {v: k for k, v in _NUMBER_WORDS.items() if k not in {"a", "an"}}
    return words.get(n, str(n))


# --------------------------------------------------------------------------
# C004


_KNOWN_ACRONYMS = {"US", "USA", "UK", "UN", "EU", "USSR", "NATO", "GDP"}
_ACRONYM_TOKEN = re.compile(r"(?<![\w-])(?=[A-Z])[A-Z0-9&]*[A-Z][A-Z0-9&]*(?:s(?![a-z]))?(?![\w])")
_ROMAN = re.compile(r"[IVXLCDM]+")


def _acronym_key(token: str) -> str:
    return token[:-1] if token.endswith("s") and token[:-1].isupper() else token


def _normal_expansion(text: str) -> str:
    text = text.lower().replace("&", " and ").replace("-", " ")
    text = re.sub(r"is(ation|ing|ed|e)\b", r"iz\1", text)
    words = [w for w in re.findall(r"[a-z0-9]+", text) if w not in {"the", "of", "and", "for", "in"}]
    return " ".join(w[:-1] if w.endswith("s") and not w.endswith("ss") and len(w) > 3 else w for w in words)


def _same_expansion(a: str, b: str) -> bool:
    """Equal once spelling, plurals and a leading word the extractor may have
    taken in ("China's Belt and Road Initiative") are set aside."""
    na, nb = _normal_expansion(a), _normal_expansion(b)
    return na == nb or na.endswith(" " + nb) or nb.endswith(" " + na)


def _position(span: Span) -> tuple[int, int]:
    return span.line, span.column


def _before(a: Span, b: Span) -> bool:
    return _position(a) < _position(b)


@rule("C004", "acronym-inconsistent", Severity.WARNING)
def acronym_inconsistent(ctx: RuleContext) -> Iterator[Finding]:
    """An acronym defined two ways, two acronyms for one name, or a use before (or without) a definition.

    What it checks
        Acronym definitions ("Collective Security Treaty Organization (CSTO)")
        and uses in the body (the abstract included; title, headings, front
        matter, notes and references excluded): one acronym given two
        different expansions; two acronyms defined for the same expansion;
        an acronym used before its first definition; and, as info, an
        acronym never defined at all (universally known ones such as US, UK,
        UN, EU, NATO, GDP, country abbreviations and the option
        ``known_acronyms`` are exempt).

    Why it matters
        Readers (and indexers) resolve an acronym by its first definition; a
        second expansion, a use before it or no definition at all leaves
        them guessing what is meant.

    Example
        "... leaders of CARs ..." in the abstract, while "Central Asian
        Republics (CARs)" is first defined in the introduction; "ISIS" used
        throughout and never spelled out.

    Instead
        Define each acronym once, at its first use (again in the abstract if
        the abstract uses it), always with the same expansion.
    """
    paper = ctx.paper
    claims = _claim_of(paper)
    definitions: dict[str, list] = {}
    for acronym in sorted(paper.acronyms, key=lambda a: _position(a.span)):
        definitions.setdefault(_acronym_key(acronym.acronym), []).append(acronym)
    yield from _two_expansions(ctx, definitions)
    yield from _two_acronyms(ctx, definitions)

    known = set(_KNOWN_ACRONYMS) | set(ctx.options.get("known_acronyms") or ())
    _, countries = _country_pattern()
    known |= {name for name in countries if name.isupper()}
    reported: set[str] = set()
    for sentence in _body_sentences(paper):
        for match in _ACRONYM_TOKEN.finditer(sentence.text):
            token = match.group()
            key = _acronym_key(token)
            if key in reported or sum(c.isupper() for c in key) < 2 or _ROMAN.fullmatch(key):
                continue
            if key in definitions:
                first = definitions[key][0]
                if _used_before(sentence, match.start(), first.span, key):
                    reported.add(key)
                    yield ctx.finding(
                        f"{token} is used before its definition ('{first.expansion}', line {first.span.line})",
                        sentence.span, claim=claims.get(sentence.index),
                        related=[ctx.location(first.span)],
                        evidence={"acronym": first.acronym, "sentence": sentence.text,
                                  "definition": first.expansion, "defined_at": first.span.line},
                        fix=f"spell it out here: {first.expansion} ({first.acronym})",
                    )
                else:
                    reported.add(key)
            elif key not in known and token not in known:
                reported.add(key)
                yield ctx.finding(
                    f"{token} is never defined", sentence.span, severity=Severity.INFO,
                    claim=claims.get(sentence.index),
                    evidence={"acronym": key, "sentence": sentence.text},
                    fix=f"spell out {token} at its first use",
                )


def _used_before(sentence: Sentence, position: int, definition: Span, key: str) -> bool:
    end = Span(sentence.span.end_line or sentence.span.line, sentence.span.end_column or 10**6)
    if _before(end, definition):
        return True
    if _before(definition, sentence.span) or definition == sentence.span:
        return False
    # the definition is inside this sentence: is this use before "(KEY)"?
    inside = re.search(rf"\(\s*{re.escape(key)}s?\s*\)", sentence.text)
    return inside is not None and position < inside.start() and sentence.text[position - 1: position] != "("


def _two_expansions(ctx: RuleContext, definitions: dict[str, list]) -> Iterator[Finding]:
    for key, found in definitions.items():
        first = found[0]
        for other in found[1:]:
            if not _same_expansion(first.expansion, other.expansion):
                yield ctx.finding(
                    f"{key} is defined as '{other.expansion}' here and as '{first.expansion}' "
                    f"at line {first.span.line}",
                    other.span, related=[ctx.location(first.span)],
                    evidence={"acronym": key, "expansions": [first.expansion, other.expansion],
                              "lines": [first.span.line, other.span.line]},
                    fix=f"use one expansion of {key} throughout",
                )
                break


def _two_acronyms(ctx: RuleContext, definitions: dict[str, list]) -> Iterator[Finding]:
    seen: list = []
    for key, found in sorted(definitions.items(), key=lambda item: _position(item[1][0].span)):
        for earlier in seen:
            if _acronym_key(earlier.acronym) != key and _normal_expansion(earlier.expansion) == \
                    _normal_expansion(found[0].expansion):
                yield ctx.finding(
                    f"'{found[0].expansion}' is abbreviated {key} here and "
                    f"{_acronym_key(earlier.acronym)} at line {earlier.span.line}",
                    found[0].span, related=[ctx.location(earlier.span)],
                    evidence={"expansion": found[0].expansion,
                              "acronyms": [_acronym_key(earlier.acronym), key],
                              "lines": [earlier.span.line, found[0].span.line]},
                    fix="use one acronym throughout",
                )
                break
        seen.append(found[0])


# --------------------------------------------------------------------------
# C005


_COORDINATOR = re.compile(r"\s*(?:,\s*(?:and\s+|or\s+)?|(?:and|or|&)\s+)(?:the\s+)?")


def _expansion_pattern(paper: Paper) -> tuple[re.Pattern[str] | None, dict[str, str]]:
    """One pattern of every defined expansion, and normal expansion -> acronym."""
    expansions = {_normal_expansion(a.expansion): _acronym_key(a.acronym) for a in paper.acronyms}
    names = sorted({a.expansion for a in paper.acronyms}, key=len, reverse=True)
    if not names:
        return None, expansions
    alternation = "|".join(re.escape(name) for name in names)
    return re.compile(rf"(?<![\w-])(?:{alternation})(?![\w-])(?!['’]s)", re.IGNORECASE), expansions


def _entities(text: str, expansion_pattern: re.Pattern[str] | None,
              expansions: dict[str, str]) -> list[_Mention]:
    """Countries, acronyms and defined expansions (canonical: the acronym)."""
    found = _countries(text)
    for match in _ACRONYM_TOKEN.finditer(text):
        key = _acronym_key(match.group())
        if sum(c.isupper() for c in key) >= 2 and not re.match(r"-\w|['’]s\b", text[match.end():]):
            if not any(m.start <= match.start() < m.end for m in found):
                found.append(_Mention(_canonical_country(key), match.start(), match.end()))
    for match in expansion_pattern.finditer(text) if expansion_pattern else ():
        if not any(m.start <= match.start() < m.end for m in found):
            name = expansions.get(_normal_expansion(match.group()), match.group())
            found.append(_Mention(name, match.start(), match.end()))
    return sorted(found, key=lambda m: m.start)


@rule("C005", "doubled-entity", Severity.WARNING)
def doubled_entity(ctx: RuleContext) -> Iterator[Finding]:
    """The same country or organisation twice in one coordination ("CSTO and CSTO").

    What it checks
        Lists joined by "and", "or" or commas ("A and B", "between A and B",
        "A, B and C") of countries, acronyms and defined organisation names
        in which one entity stands twice (an acronym and its own expansion
        count as the same). A compound ("Russia and Russia-China ties") or a
        possessive ("Russia and Russia's allies") is not a repetition.

    Why it matters
        A doubled name is almost always a slip for another one (here "CSTO
        and SCO"); the sentence then says something the author did not mean.

    Example
        "... leaders of CSTO and CSTO need to manage relations ..."

    Instead
        Name the entity that was meant: "leaders of CSTO and SCO".
    """
    claims = _claim_of(ctx.paper)
    expansion_pattern, expansions = _expansion_pattern(ctx.paper)
    for sentence in _body_sentences(ctx.paper):
        if not re.search(r"\b(?:and|or)\b|&", sentence.text):
            continue
        mentions = _entities(sentence.text, expansion_pattern, expansions)
        run = mentions[:1]
        closed = False  # "A, B and C" ends at C: "A and B, and A and C" is two lists
        for previous, mention in zip(mentions, mentions[1:]):
            gap = sentence.text[previous.end:mention.start]
            if _COORDINATOR.fullmatch(gap) and not closed:
                closed = bool(re.search(r"\b(?:and|or)\b|&", gap))
                twin = next((m for m in run if m.name == mention.name), None)
                if twin is not None:
                    phrase = sentence.text[twin.start:mention.end]
                    yield ctx.finding(
                        f"'{phrase}' names {mention.name} twice", sentence.span,
                        claim=claims.get(sentence.index),
                        evidence={"sentence": sentence.text, "phrase": phrase, "entity": mention.name},
                        fix=f"replace the second {sentence.text[mention.start:mention.end]} "
                            f"with the entity meant",
                    )
                run.append(mention)
            else:
                run, closed = [mention], False


# --------------------------------------------------------------------------
# C006


_QUANTIFIER = (r"(?P<q>more\s+than\s+half(?:\s+of)?|over\s+half(?:\s+of)?|less\s+than\s+half(?:\s+of)?|"
               r"fewer\s+than\s+half(?:\s+of)?|(?:about\s+|nearly\s+|almost\s+)?half\s+(?:of\s+)?|"
               r"(?:the\s+|a\s+)?majority\s+of|most(?:\s+of)?|all(?:\s+of)?|every|none\s+of|no|"
               r"only\s+(?P<only>\w+)(?:\s+of)?|(?:at\s+least|more\s+than|exactly|just)\s+(?P<bound>\w+)(?:\s+of)?|"
               r"(?P<k>\w+)\s+(?:out\s+)?of)")


def _count(word: str | None) -> int | None:
    if word is None:
        return None
    return None if word.lower() in {"a", "an"} else _number(word)


@rule("C006", "count-claim-contradicts-table", Severity.WARNING)
def count_claim_contradicts_table(ctx: RuleContext) -> Iterator[Finding]:
    """A count or proportion of shared members ("more than half") that the membership table does not give.

    What it checks
        Counts and proportions over a membership table: "more than half
        members of CSTO are members of SCO", "all members of A are members of
        B", "three of the five A members are B members", "most", "none",
        "only two", "A and B share N members". The overlap is computed from
        the table (full members; the check passes if counting observers of
        the second organisation also makes the claim true).

    Why it matters
        A proportion cited "as indicated in the table" that the table does not
        support undermines the argument built on it.

    Example
        "More than half of the CSTO members are also SCO members" when the
        table lists 6 CSTO members of whom 2 are SCO members.

    Instead
        State the count the table gives ("two of the six CSTO members ..."),
        or correct the table.
    """
    orgs = _Orgs(ctx.paper)
    if orgs.pattern is None:
        return
    org = f"(?:{orgs.names})(?![\\w-])"
    group_a = (rf"(?:the\s+)?(?:(?P<n>\w+)\s+)?(?:(?:full\s+)?(?:members|member\s+states|member\s+countries)\s+"
               rf"(?:of|in)\s+(?:the\s+)?(?P<a>{org})|(?P<a2>{org})(?:['’]s)?\s+(?:full\s+)?"
               rf"(?:members|member\s+states|member\s+countries))")
    predicate = (rf"\s+(?:are|were)\s+(?:also\s+)?(?:(?:full\s+)?(?:members|member\s+states)\s+(?:of|in)\s+"
                 rf"(?:the\s+)?(?P<b>{org})|(?:in|part\s+of)\s+(?:the\s+)?(?P<b2>{org})|(?P<b3>{org})\s+members)"
                 rf"|\s+(?:also\s+)?belong\s+to\s+(?:the\s+)?(?P<b4>{org})")
    claim_pattern = re.compile(rf"\b{_QUANTIFIER}\s+{group_a}{predicate}", re.IGNORECASE)
    share_pattern = re.compile(
        rf"(?P<a>{org})\s+and\s+(?:the\s+)?(?P<b>{org})\s+(?:share|have)\s+(?:(?P<q>only|exactly|at\s+least)\s+)?"
        rf"(?P<k>\w+)\s+(?:common\s+members|members\s+in\s+common|member\s+states\s+in\s+common|members)\b",
        re.IGNORECASE)
    claims = _claim_of(ctx.paper)
    for sentence in _body_sentences(ctx.paper):
        for match in claim_pattern.finditer(sentence.text):
            a_name = match.group("a") or match.group("a2")
            b_name = next(match.group(g) for g in ("b", "b2", "b3", "b4") if match.group(g))
            test = _quantifier_test(match)
            if test is None:
                continue
            if re.search(r"\b(?:almost|nearly|virtually|practically|roughly|about|the)\s+$",
                         sentence.text[:match.start()], re.IGNORECASE):
                continue  # "almost all" is a hedge, "the most important" a superlative
            if match.group("n") and _count(match.group("n")) is None:
                continue  # "most important members of A": a subset the table does not mark
            if re.search(r"\bnot\s+$", sentence.text[:match.start()], re.IGNORECASE):
                test = (lambda s, n, held=test[0]: not held(s, n)), f"not {test[1]}"
            yield from _count_finding(ctx, orgs, sentence, claims, match.group().strip(),
                                      a_name, b_name, test, _count(match.group("n")))
        for match in share_pattern.finditer(sentence.text):
            k = _count(match.group("k"))
            if k is None:
                continue
            bound = (match.group("q") or "").lower()
            test = ((lambda s, n, k=k: s >= k), f"at least {k}") if bound.startswith("at") else \
                   ((lambda s, n, k=k: s == k), f"exactly {k}")
            yield from _count_finding(ctx, orgs, sentence, claims, match.group().strip(),
                                      match.group("a"), match.group("b"), test, None, shared=True)


def _quantifier_test(match: re.Match[str]):
    """(predicate over (shared, total), what the text claims) for the quantifier."""
    q = " ".join(match.group("q").lower().split())
    q = re.sub(r"\s+of$", "", q)
    if q in {"more than half", "over half"} or "majority" in q or q == "most":
        return (lambda s, n: s * 2 > n), q
    if q in {"less than half", "fewer than half"}:
        return (lambda s, n: s * 2 < n), q
    if q.endswith("half"):
        if q != "half":  # about / nearly half
            return (lambda s, n: abs(s * 2 - n) <= 2), q
        return (lambda s, n: s * 2 in (n - 1, n, n + 1)), q
    if q in {"all", "every"}:
        return (lambda s, n: s == n), q
    if q in {"none", "no"}:
        return (lambda s, n: s == 0), q
    if match.group("only"):
        k = _count(match.group("only"))
        return None if k is None else ((lambda s, n, k=k: s == k), q)
    if match.group("bound"):
        k = _count(match.group("bound"))
        if k is None:
            return None
        if q.startswith("at least"):
            return (lambda s, n, k=k: s >= k), q
        if q.startswith("more than"):
            return (lambda s, n, k=k: s > k), q
        return (lambda s, n, k=k: s == k), q
    if match.group("k"):
        k = _count(match.group("k"))
        return None if k is None else ((lambda s, n, k=k: s == k), q)
    return None


def _count_finding(ctx, orgs, sentence, claims, phrase, a_name, b_name, test, total, shared=False):
    """A finding unless some reading of the table (full members; observers of the
    second organisation counted; observers of both counted) makes the claim true."""
    predicate, claimed = test
    for a in orgs.resolve(a_name):
        for b in orgs.resolve(b_name):
            if a is b or a.table is not b.table:
                continue
            readings = {"full members": (a.members(), b.members())}
            if not shared:  # "A and B share N members" is symmetric: no one-sided reading
                readings[f"full members of {a.name}, members or observers of {b.name}"] = (
                    a.members(), b.members(observers=True))
            readings["members or observers of both"] = (a.members(observers=True), b.members(observers=True))
            results = {label: (set_a & set_b, set_a) for label, (set_a, set_b) in readings.items()}
            if any(predicate(len(overlap), len(set_a)) and total in (None, len(set_a))
                   for overlap, set_a in results.values()):
                continue
            overlap, set_a = results["full members"]
            computation = f"{len(overlap)} of the {len(set_a)} {a.name} members are {b.name} members"
            yield ctx.finding(
                f"the text says '{phrase}', but {a.table.id} gives {computation}",
                sentence.span, claim=claims.get(sentence.index),
                related=[_table_location(ctx, a.table)],
                evidence={"sentence": sentence.text, "claim": claimed, "stated_total": total,
                          "table": a.table.id,
                          "members": {a.name: sorted(set_a), b.name: sorted(b.members())},
                          "shared": sorted(overlap), "computation": computation,
                          "readings": {label: {"shared": sorted(o), "of": len(s)}
                                       for label, (o, s) in results.items()}},
                fix=f"say '{len(overlap)} of the {len(set_a)}' or correct {a.table.id}",
            )
