"""C: where the paper's text contradicts its own tables.

Every rule here reads only the extracted paper: body sentences (never notes or
the reference list) and membership tables as relations (organisation -> status
-> members). Each is conservative: it speaks only when the sentence's grammar
is unambiguous and no plausible reading of the paper makes it consistent; a
consistent paper gets silence.

This module registers C001, C002 and C006 and keeps their small private
helpers, and the two readers every C rule shares (``body_sentences``,
``claim_of``); ``prose`` has the C rules that need no table. The reading they
rely on lives beside them: ``entity_names`` (countries, acronyms, expansions),
``membership`` (tables as organisations), ``membership_statements`` (what a
sentence says about membership) and ``quantities`` (number words, quantifiers).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from claimcheck import rx
from claimcheck.checks import RuleContext, rule
from claimcheck.checks.entity_names import canonical_country
from claimcheck.checks.membership import (
    MEMBER_STATUSES, OBSERVER_STATUSES, TableOrganisations, member_cell_position, table_organisations,
)
from claimcheck.checks.membership_statements import about_membership, membership_statements
from claimcheck.checks.quantities import (
    QUANTIFIER, count_from_word, quantifier_test,
)
from claimcheck.finding import Finding, Location, Severity
from claimcheck.model import Paper, Sentence, Span, Table
from claimcheck.parse.claims import is_english


# --------------------------------------------------------------------------
# What every rule reads: body sentences, claim ids, where a table is


def body_sentences(paper: Paper) -> Iterator[Sentence]:
    """English body sentences (abstract included), without keyword lines."""
    for sentence in paper.sentences:
        if is_english(sentence.text) and not rx.match(r"\s*(?:key\s*words|jel)\b", sentence.text, re.I):
            yield sentence


def claim_of(paper: Paper) -> dict[int, str]:
    """Sentence index -> id of the claim made in that sentence."""
    return {claim.sentence: claim.id for claim in paper.claims}


def _table_location(ctx: RuleContext, table: Table) -> Location:
    return ctx.location(table.span, table=table.id)


def _status_words(status: str) -> str:
    article = "an" if status[0] in "aeiou" else "a"
    return f"as {article} {status.replace('_', ' ')}"


# --------------------------------------------------------------------------
# C001


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
    orgs = TableOrganisations(ctx.paper)
    if not orgs.all:
        return
    claims = claim_of(ctx.paper)
    for sentence in body_sentences(ctx.paper):
        if sentence.text.rstrip().endswith("?") or not about_membership(sentence.text):
            continue  # a question asserts nothing
        for said, country, organisation, phrase in membership_statements(orgs, sentence.text):
            status = organisation.status_of(country)
            if said == "member":
                contradicted = status not in MEMBER_STATUSES
            elif said == "observer":
                contradicted = status not in OBSERVER_STATUSES
            elif said == "dialogue_partner":
                contradicted = status not in {"dialogue_partner", "partner"}
            elif said == "not member":
                contradicted = status in MEMBER_STATUSES
            elif said == "included":
                contradicted = status is None
            else:  # "granted": a later change explains absence, not another status
                contradicted = status is not None and status not in MEMBER_STATUSES
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



# --------------------------------------------------------------------------
# C002


_OBSERVER_NOTE = rx.compile(r"^(?:ob|obs|observer|o)\.?$", re.IGNORECASE)


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
        organisations = [o for o in table_organisations(ctx.paper) if o.table is table]
        if len(organisations) < 2:
            continue
        for column in dict.fromkeys(r.organisation for r in derived):
            relations = [r for r in derived if r.organisation == column]
            printed = {canonical_country(m) for r in relations for m in r.members}
            notes = {canonical_country(m): n for r in relations for m, n in r.annotations}
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
    line, col = member_cell_position(ctx.paper, table, column, extra[0] if extra else None)
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
        observer_somewhere = any(s in OBSERVER_STATUSES for s in statuses.values())
        member_everywhere = all(s in MEMBER_STATUSES for s in statuses.values())
        if country in observer_notes and member_everywhere:
            problem = f"{country} is marked '({notes[country]})' but is a full member of " \
                      f"{' and '.join(statuses)}"
        elif country not in observer_notes and observer_somewhere:
            where = [name for name, s in statuses.items() if s in OBSERVER_STATUSES]
            problem = f"{country} is an observer of {' and '.join(where)} but carries no observer note " \
                      f"where others do"
        else:
            continue
        line, col = member_cell_position(ctx.paper, table, column, country)
        yield ctx.finding(
            f"{table.id} column '{column}': {problem}", Span(line, col, page=table.span.page),
            table=table.id, related=[_table_location(ctx, table)],
            evidence={"table": table.id, "column": column, "member": country,
                      "note": notes.get(country), "statuses": statuses},
        )


# --------------------------------------------------------------------------
# C006


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
    orgs = TableOrganisations(ctx.paper)
    if orgs.pattern is None:
        return
    org = f"(?:{orgs.names})(?![\\w-])"
    group_a = (rf"(?:the\s+)?(?:(?P<n>\w+)\s+)?(?:(?:full\s+)?(?:members|member\s+states|member\s+countries)\s+"
               rf"(?:of|in)\s+(?:the\s+)?(?P<a>{org})|(?P<a2>{org})(?:['’]s)?\s+(?:full\s+)?"
               rf"(?:members|member\s+states|member\s+countries))")
    predicate = (rf"\s+(?:are|were)\s+(?:also\s+)?(?:(?:full\s+)?(?:members|member\s+states)\s+(?:of|in)\s+"
                 rf"(?:the\s+)?(?P<b>{org})|(?:in|part\s+of)\s+(?:the\s+)?(?P<b2>{org})|(?P<b3>{org})\s+members)"
                 rf"|\s+(?:also\s+)?belong\s+to\s+(?:the\s+)?(?P<b4>{org})")
    claim_pattern = re.compile(rf"\b{QUANTIFIER}\s+{group_a}{predicate}", re.IGNORECASE)
    share_pattern = re.compile(
        rf"(?P<a>{org})\s+and\s+(?:the\s+)?(?P<b>{org})\s+(?:share|have)\s+(?:(?P<q>only|exactly|at\s+least)\s+)?"
        rf"(?P<k>\w+)\s+(?:common\s+members|members\s+in\s+common|member\s+states\s+in\s+common|members)\b",
        re.IGNORECASE)
    claims = claim_of(ctx.paper)
    for sentence in body_sentences(ctx.paper):
        if "member" not in sentence.text.lower():
            continue  # a match of either pattern contains the word; testing for it costs far less
        for match in claim_pattern.finditer(sentence.text):
            a_name = match.group("a") or match.group("a2")
            b_name = next(match.group(g) for g in ("b", "b2", "b3", "b4") if match.group(g))
            test = quantifier_test(match)
            if test is None:
                continue
            if rx.search(r"\b(?:almost|nearly|virtually|practically|roughly|about|the)\s+$",
                         sentence.text[:match.start()], re.IGNORECASE):
                continue  # "almost all" is a hedge, "the most important" a superlative
            if match.group("n") and count_from_word(match.group("n")) is None:
                continue  # "most important members of A": a subset the table does not mark
            if rx.search(r"\bnot\s+$", sentence.text[:match.start()], re.IGNORECASE):
                test = (lambda s, n, held=test[0]: not held(s, n)), f"not {test[1]}"
            yield from _count_finding(ctx, orgs, sentence, claims, match.group().strip(),
                                      a_name, b_name, test, count_from_word(match.group("n")))
        for match in share_pattern.finditer(sentence.text):
            k = count_from_word(match.group("k"))
            if k is None:
                continue
            bound = (match.group("q") or "").lower()
            test = ((lambda s, n, k=k: s >= k), f"at least {k}") if bound.startswith("at") else \
                   ((lambda s, n, k=k: s == k), f"exactly {k}")
            yield from _count_finding(ctx, orgs, sentence, claims, match.group().strip(),
                                      match.group("a"), match.group("b"), test, None, shared=True)


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

