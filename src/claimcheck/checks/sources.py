"""S: sources -- quotations without a source and statements that date (offline),
and, from what ``claimcheck.sources.gather`` fetched: quotations not in their
source (S001), entries that differ from the registry (S003), cited pages that
changed (S005).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from claimcheck import rx
from claimcheck.checks import RuleContext, rule
from claimcheck.finding import Finding, Severity
from claimcheck.model import Paper, Sentence

# How far a quotation opened in one sentence may run on before we stop
# looking for the sentence that closes it (and carries its note).
_QUOTE_RUN_ON = 4


@rule("S002", "quote-without-source", Severity.WARNING)
def quote_without_source(ctx: RuleContext) -> Iterator[Finding]:
    """A quotation with no footnote and no in-text citation to say where it comes from.

    What it checks
        Every sentence that quotes three words or more (shorter quotes are
        scare quotes) and carries no footnote marker (printed, or inferred
        where conversion lost it) and no in-text citation. A quotation that
        runs over several sentences counts as sourced when the sentence that
        closes it carries the note.

    Why it matters
        A reader cannot check a quotation that names no source, and a
        reviewer cannot tell a quotation from a paraphrase of the author's
        own. When the paper once had a note here, PDF conversion lost its
        marker.

    Example
        ``However, the same document also maintains "Russia seeks to
        facilitate the development of the CSTO into a prominent
        multifunctional international organization."`` with no note.

    Instead
        Add the note (an "Ibid." with the page is enough when the previous note
        cites the same work), or restore the lost marker.
    """
    paper = ctx.paper
    notes_of = _notes_by_sentence(paper)
    cited_in_text = {citation.sentence for citation in paper.in_text}
    for claim in paper.claims:
        if not claim.quotes or claim.footnotes or claim.refs:
            continue
        closing = _closing_sentence(paper, claim.sentence)
        if closing != claim.sentence and (notes_of.get(closing) or closing in cited_in_text):
            continue
        quote = claim.quotes[0]
        shown = quote if len(quote) <= 80 else quote[:77].rstrip() + "..."
        yield ctx.finding(
            f"quotation \"{shown}\" has no footnote or citation naming its source",
            claim.span, claim=claim.id,
            evidence={"quotes": list(claim.quotes), "sentence": claim.text,
                      "section": claim.section},
            fix="add a note citing the source of the quotation",
        )


def _notes_by_sentence(paper: Paper) -> dict[int, set[int]]:
    notes: dict[int, set[int]] = {}
    for sentence in paper.sentences:
        if sentence.markers:
            notes.setdefault(sentence.index, set()).update(sentence.markers)
    for claim in paper.claims:
        if claim.footnotes:
            notes.setdefault(claim.sentence, set()).update(claim.footnotes)
    for note in paper.footnotes:
        if note.marker is not None and note.marker.sentence is not None:
            notes.setdefault(note.marker.sentence, set()).add(note.n)
    return notes


def _closing_sentence(paper: Paper, index: int) -> int:
    """The sentence where a quotation opened in sentence ``index`` closes.

    ``index`` itself when its quotation marks are balanced; otherwise the next
    sentence of the same section whose quotation marks close it.
    """
    sentences = paper.sentences
    if index >= len(sentences) or not _leaves_quote_open(sentences[index].text):
        return index
    section = sentences[index].section
    for following in sentences[index + 1: index + 1 + _QUOTE_RUN_ON]:
        if following.section != section:
            break
        if _closes_quote(following.text):
            return following.index
    return index


def _leaves_quote_open(text: str) -> bool:
    if "“" in text or "”" in text:
        return text.count("“") > text.count("”")
    return text.count('"') % 2 == 1


def _closes_quote(text: str) -> bool:
    if "“" in text or "”" in text:
        return text.count("”") > text.count("“")
    return text.count('"') % 2 == 1


# --------------------------------------------------------------------------
# S004


_MONTH = (r"(?:January|February|March|April|May|June|July|August|September|October|"
          r"November|December)")
_TIME_WORDS = rx.compile(
    r"\b(?:currently|presently|nowadays|at present|at the time of writing|as things stand|"
    r"these days|thus far|up to now|until now|so far(?! as\b)|as yet|"
    r"in (?:the )?recent (?:past|years|months|times)|"
    r"(?:in|over|during) the (?:last|past) (?:(?:few|several|\w+) )?(?:years|decades|months)|"
    r"(?<!up )to date(?![-\w])|"
    r"as of (?:now|today|yet|this (?:writing|year|month)|the time of writing|writing|"
    rf"(?:\d{{1,2}} )?{_MONTH}(?: \d{{1,2}},?)? \d{{4}}|\d{{4}}))\b"
    r"|\bno (?:new|further|more|other) (?:\w+ ){0,4}?(?:\w+ )?(?:after|since) \d{4}\b",
    re.IGNORECASE,
)
# "X is (not/no longer) a member of Y", "members of X are members of Y",
# "X has become an observer": membership stated in the present.
_FILLER = r"(?:not|no|longer|more|still|now|also|only|both|all|a|an|the|its|their|full|" \
          r"founding|permanent|new|current|currently)"
_PRESENT_MEMBERSHIP = rx.compile(
    rf"\b(?:is|are|remains?|has become|have become|becomes?)\s+(?:{_FILLER}\s+){{0,3}}"
    r"(?:members?|observers?|(?:dialogue )?partners?|associate members?|member states?|"
    r"observer states?)\b(?!\s+(?:was|were|had)\b)"
    r"|\b(?:has|have|comprises?|includes?|counts?)\s+(?:\d+|one|two|three|four|five|six|seven|"
    r"eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|twenty)\s+(?:\w+\s+)?"
    r"(?:member states|members?|observers?|partners)\b",
    re.IGNORECASE,
)


@rule("S004", "time-sensitive-claim", Severity.INFO)
def time_sensitive_claim(ctx: RuleContext) -> Iterator[Finding]:
    """A statement true at the time of writing that may no longer be true.

    What it checks
        Sentences that state the present: words such as "currently",
        "presently", "nowadays", "at present", "to date", "as of 2020", "no new
        member ... after 2017", and present-tense statements of membership or
        status ("Uzbekistan is not a member of the CSTO", "members of the CSTO
        are members of the SCO"). The finding gives the paper's year so the
        reader knows how old the statement is.

    Why it matters
        Memberships, counts and policies change: a reader of a 2020 paper in
        a later year takes "currently" to mean their own present. A
        fact-checker needs the list of what to recheck.

    Example
        ``Currently, many states have shown their interests to become either
        members or observers, however, no new membership is given after
        2017.`` (in a paper of 2020).

    Instead
        Date the statement ("as of July 2020, ...") or recheck it and update
        it before republishing.
    """
    paper = ctx.paper
    year = paper.meta.year
    claim_of = {claim.sentence: claim for claim in paper.claims}
    for sentence in paper.sentences:
        triggers = _time_triggers(sentence)
        if not triggers:
            continue
        dated = f"the paper is from {year}" if year else "the paper's date is unknown"
        message = (f"time-sensitive statement ({', '.join(repr(t) for t in triggers)}): "
                   f"{dated}; recheck it against the present")
        evidence = {"triggers": triggers, "paper_year": year, "sentence": sentence.text}
        claim = claim_of.get(sentence.index)
        if claim is not None:
            yield ctx.finding(message, claim.span, claim=claim.id, evidence=evidence)
        else:
            yield ctx.finding(message, sentence.span, evidence=evidence)


def _time_triggers(sentence: Sentence) -> list[str]:
    found = [m.group() for m in _TIME_WORDS.finditer(sentence.text)]
    found += [m.group() for m in _PRESENT_MEMBERSHIP.finditer(sentence.text)]
    return list(dict.fromkeys(" ".join(t.split()) for t in found))


# --------------------------------------------------------------------------
# S001, S003, S005: read what ``claimcheck.sources.gather`` put in ``ctx.probes``
# (records with ``as_dict()``; this module never touches the network).


def _gathered(ctx: RuleContext, prefix: str) -> list:
    if "sources" not in ctx.probes:
        return []
    return [value for key, value in sorted(ctx.probes.items()) if key.startswith(prefix)]


def _short(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 3].rstrip() + "..."


def _day(timestamp: str | None) -> str:
    if not timestamp or len(timestamp) < 8:
        return timestamp or "an unknown date"
    return f"{timestamp[:4]}-{timestamp[4:6]}-{timestamp[6:8]}"


@rule("S001", "quote-not-in-source", Severity.WARNING, network=True)
def quote_not_in_source(ctx: RuleContext) -> Iterator[Finding]:
    """A quotation that is not in the source its note cites (or not on the cited page).

    What it checks
        Each quotation of a claim whose note gives a URL: the source is
        fetched (at most 25 MB, streamed; a larger one is refused), its text
        extracted (HTML main text by trafilatura, PDF page by page by pypdf),
        and the quotation searched after normalising quotation marks, dashes,
        ligatures, line-end hyphenation, spacing and case. Verdicts: *found*;
        *close* (alignment score >= 90: the differing words are shown);
        *partial* (pieces covering at least half of its words found); *not
        found*; *source unavailable* (reported at info severity with the
        reason, e.g. "too large"). A quotation found in a PDF on another page
        than the note's pinpoint is reported at info severity with its own
        message ("found on page 3 ... note cites page 2"). A quotation the
        live page lacks but its archived copy holds is S005's, not S001's.

    Why it matters
        A misquotation, or a quotation of a sentence the source never
        printed, is the citation error a reviewer is least likely to catch
        and a reader most likely to repeat. A wrong page sends every reader
        looking in the wrong place.

    Example
        The paper quotes "the Republic stood for increasing its political
        potential" where the cited page says "the Republic stands for
        increasing its political potential".

    Instead
        Copy the quotation from the source, mark omissions with an ellipsis
        and insertions with brackets, and give the page it is on.
    """
    claims = {claim.id: claim for claim in ctx.paper.claims}
    for verdict in _gathered(ctx, "quote:"):
        claim = claims.get(verdict.claim)
        if claim is None or verdict.drifted:
            continue
        evidence = verdict.as_dict()
        where = dict(claim=claim.id, footnote=verdict.footnote)
        quote = _short(verdict.quote)
        if verdict.verdict == "source_unavailable":
            yield ctx.finding(f"quotation \"{quote}\" not checked: its source is unavailable "
                              f"({verdict.problem})", claim.span, evidence=evidence,
                              severity=Severity.INFO, **where)
        elif verdict.verdict == "close":
            shown = "; ".join(f"\"{q or '(nothing)'}\" where the source has \"{s or '(nothing)'}\""
                              for q, s in verdict.match.differences[:3])
            yield ctx.finding(f"quotation \"{quote}\" differs from its source: {shown}",
                              claim.span, evidence=evidence,
                              fix=f"quote the source as printed: \"{_short(verdict.match.passage, 200)}\"",
                              **where)
        elif verdict.verdict == "partial":
            share = round(100 * verdict.match.coverage)
            yield ctx.finding(f"only part of quotation \"{quote}\" is in its source ({share}% of its "
                              f"words, at {verdict.url})", claim.span, evidence=evidence, **where)
        elif verdict.verdict == "not_found":
            archive = verdict.archive
            also = (f"; nor is it in the archived copy of {_day(archive.timestamp)}"
                    if archive is not None and archive.verdict == "not_found" else "")
            yield ctx.finding(f"quotation \"{quote}\" not found in its source {verdict.url}{also}",
                              claim.span, evidence=evidence, **where)
        if verdict.page_mismatch:
            low, high = verdict.expected_pages
            cited = f"page {low}" if low == high else f"pages {low}-{high}"
            yield ctx.finding(f"quotation \"{quote}\" is on page {verdict.match.page} of its source, "
                              f"but note {verdict.footnote} cites {cited}", claim.span,
                              evidence=evidence, severity=Severity.INFO,
                              fix=f"cite page {verdict.match.page}", **where)


@rule("S003", "metadata-differs-from-registry", Severity.WARNING, network=True)
def metadata_differs_from_registry(ctx: RuleContext) -> Iterator[Finding]:
    """A reference entry whose title, authors, year, journal, volume, issue or pages differ from the registry's record.

    What it checks
        Journal articles, books and chapters of the reference list, looked up
        in Crossref by DOI, or by a bibliographic query accepted only when
        the match is certain (high relevance score, title similarity >= 90,
        year and first author not contradicting it); OpenAlex too when an API
        key is configured. Each differing field is one finding, with both
        values. A certain match for an entry without a DOI suggests the DOI
        (info). A DOI the registry does not know is reported. A work the
        registry records as retracted or withdrawn is reported at error
        severity; a correction or expression of concern at warning; a DOI
        that is itself a retraction notice is reported too.

    Why it matters
        A wrong year, volume or page range sends readers to the wrong place
        and breaks reference managers' matching; a cited work that has been
        retracted undermines the claim that rests on it.

    Example
        ``Roe, Jane. 2019. "The Two Powers." Journal of Things 3 (1): 1-10.``
        where Crossref records volume 4 and pages 1-12.

    Instead
        Copy the metadata from the publisher's page or the DOI record, add
        the DOI, and replace (or explicitly discuss) a retracted source.
    """
    entries = {entry.key: entry for entry in ctx.paper.references}
    for check in _gathered(ctx, "crossref:"):
        entry = entries.get(check.key)
        if entry is None or check.error:
            continue
        evidence = check.as_dict()
        span = entry.span
        name = (check.record.source if check.record else "crossref").replace("crossref", "Crossref") \
            .replace("openalex", "OpenAlex")
        if check.doi_unknown:
            yield ctx.finding(f"DOI {check.doi_unknown} is not registered with Crossref",
                              span, reference=entry.key, evidence=evidence,
                              fix="check the DOI against the publisher's page")
            continue
        if check.record is None:
            continue
        for update in check.retractions:
            if update.direction == "update-to":
                yield ctx.finding(f"DOI {check.record.doi} is a {update.type.replace('_', ' ')} "
                                  f"notice (of {update.doi}), not the work itself", span,
                                  reference=entry.key, evidence=evidence, severity=Severity.ERROR)
            else:
                notice = f" (notice {update.doi})" if update.doi else ""
                dated = f", {update.date}" if update.date else ""
                yield ctx.finding(f"{name} records a {update.type.replace('_', ' ')} of this work"
                                  f"{notice}{dated}", span, reference=entry.key,
                                  evidence=evidence, severity=Severity.ERROR,
                                  fix="replace the retracted source or say that it was retracted")
        for update in check.corrections:
            notice = f" (notice {update.doi})" if update.doi else ""
            relation = "is" if update.direction == "update-to" else "records"
            what = (f"DOI {check.record.doi} is a {update.type.replace('_', ' ')} notice"
                    if relation == "is" else
                    f"{name} records a {update.type.replace('_', ' ')} of this work{notice}")
            yield ctx.finding(what, span, reference=entry.key, evidence=evidence)
        for difference in check.differences:
            yield ctx.finding(f"{difference.field} differs from {name}: the entry has "
                              f"\"{_short(difference.paper)}\", {name} \"{_short(difference.registry)}\"",
                              span, reference=entry.key, evidence=evidence,
                              fix=f"{difference.field}: {difference.registry}")
        if check.suggested_doi and not entry.fields.doi:
            yield ctx.finding(f"{name} has this work as DOI {check.suggested_doi}; the entry gives none",
                              span, reference=entry.key, evidence=evidence, severity=Severity.INFO,
                              fix=f"add https://doi.org/{check.suggested_doi}")


@rule("S005", "source-content-drift", Severity.WARNING, network=True)
def source_content_drift(ctx: RuleContext) -> Iterator[Finding]:
    """A cited page that is still there but no longer says what was cited.

    What it checks
        Pages that answer but no longer contain a quotation the paper takes
        from them while the Wayback Machine's snapshot closest to the access
        date (or, without one, the paper's year) does; and pages that no
        longer carry the title the note cites while that snapshot does. Only
        a snapshot that has what the live page lacks shows that the page
        changed: without one (none archived, or it lacks the text too) S005
        says nothing, and a missing quotation stays S001's. The finding
        points to the snapshot.

    Why it matters
        Web pages are edited, moved behind the same URL or replaced by a
        site's new version; a reader following the link finds something else
        and takes the quotation for an invention. The archived copy is the
        source as it was cited.

    Example
        A ministry's page cited in 2020 for "the Republic stands for
        increasing the organisation's potential" now carries a new policy
        text; the snapshot of 3 May 2020 still has the quoted sentence.

    Instead
        Cite the archived copy alongside the live URL (with its date), or
        update the quotation to the current text.
    """
    claims = {claim.id: claim for claim in ctx.paper.claims}
    for verdict in _gathered(ctx, "quote:"):
        claim = claims.get(verdict.claim)
        if claim is None or not verdict.drifted:
            continue
        archive = verdict.archive
        yield ctx.finding(f"cited page changed since it was cited: quotation \"{_short(verdict.quote)}\" "
                          f"is no longer on {verdict.url}; the archived copy of {_day(archive.timestamp)} "
                          f"has it: {archive.snapshot}", claim.span, claim=claim.id,
                          footnote=verdict.footnote, evidence=verdict.as_dict(),
                          fix=f"cite the archived copy: {archive.snapshot}")
    for page in _gathered(ctx, "page:"):
        archive = page.archive
        if not page.available or page.title_found is not False or archive is None \
                or not archive.snapshot or not archive.title_found:
            continue  # only a snapshot that has the title shows the page changed
        note = ctx.note(page.footnote) if page.footnote is not None else None
        yield ctx.finding(f"cited page changed since it was cited: {page.url} no longer carries the "
                          f"cited title \"{_short(page.title)}\"; the archived copy of "
                          f"{_day(archive.timestamp)} has it: {archive.snapshot}",
                          note.span if note else None, footnote=page.footnote,
                          evidence=page.as_dict(), fix=f"cite the archived copy: {archive.snapshot}")
