"""R: the fields a note or an entry prints: a note's fields against its entry's
(R003), years no work can have (R004), pinpoint pages outside the entry's
range (R005)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from claimcheck import rx
from claimcheck.checks import RuleContext, rule
from claimcheck.checks.works import (
    QUOTES, also_in, cited_works, entries_by_key, family, name_tokens, names_a_work, spelling_variants, squeeze,
    year_digits,
)
from claimcheck.finding import Finding, Severity
from claimcheck.model import Citation, WorkFields
from claimcheck.textnorm import fold

# --------------------------------------------------------------------------
# R003: a note's fields against its entry's


def _container(fields: WorkFields, other: WorkFields) -> str:
    value = rx.sub(r"\([^()]*\)", " ", fields.container or "")
    text = fold(value)
    for place in (fields.place, other.place):  # "Carnegie Endowment, Washington DC"
        if place and fold(place) and text.endswith(" " + fold(place)):
            text = text[: -len(fold(place))].strip()
    return rx.sub(r"^the ", "", text)


def _same_container(note: WorkFields, entry: WorkFields) -> bool:
    a, b = _container(note, entry), _container(entry, note)
    if a.replace(" ", "") == b.replace(" ", ""):
        return True
    if fold(note.container) in {fold(entry.publisher)} or fold(entry.container) in {fold(note.publisher)}:
        return True
    # a container printed with its subtitle on one side only ("Analytical Media: Eurasian Studies")
    heads = {fold((note.container or "").split(":")[0]), fold((entry.container or "").split(":")[0])}
    return a in heads or b in heads


def _swallowed(title: str | None, base: str | None, container: str | None) -> bool:
    """``title`` is ``base`` run on into ``container`` (a misplaced closing quote)."""
    from rapidfuzz import fuzz

    t, b, c = fold(title), fold(base), fold(container)
    return bool(t and b and c) and t.startswith(b) and t != b and fuzz.ratio(t[len(b):].strip(), c) >= 85


def _printed_as_title(citation: Citation) -> bool:
    """The note prints its title in quotation marks (at least the closing one)."""
    title = citation.fields.title or ""
    where = citation.text.lower().find(title.lower()[:40])
    if not title or where < 0:
        return False
    before = citation.text[:where].rstrip()
    after = citation.text[where + len(title):].lstrip(" ,.?!;:")
    return bool(before[-1:]) and before[-1] in QUOTES or bool(after[:1]) and after[0] in QUOTES


def _title_difference(citation: Citation, entry: WorkFields) -> tuple[str | None, Severity, str] | None:
    """(how the titles differ, if more than wording; severity; fix), or None when they agree."""
    from rapidfuzz import fuzz

    note = citation.fields
    a, b = fold(note.title), fold(entry.title)
    if a.replace(" ", "") == b.replace(" ", ""):
        return None
    if _swallowed(note.title, entry.title, entry.container):
        return ("the note's title runs on into the container "
                f'"{entry.container}": its closing quotation mark is misplaced', Severity.WARNING,
                f'close the title after "{entry.title}" and print "{entry.container}" as the container')
    if _swallowed(entry.title, note.title, note.container):
        return (f'the entry\'s title runs on into the container "{note.container}"', Severity.WARNING,
                f'close the entry\'s title after "{note.title}"')
    if note.container and fuzz.ratio(fold(note.container), b) >= 90:
        if not _printed_as_title(citation):
            return None  # the note's opening words are a description, not a title
        return (f'the entry gives the container "{entry.title}" as its title and lacks the title '
                f'the note cites', Severity.WARNING, f'add the title "{note.title}" to the entry')
    short_form = citation.crossref is not None or not (note.year or note.container or note.urls)
    if short_form and len(a.split()) >= 2 and b.startswith(a):
        return None  # a short title in a subsequent note
    variants = spelling_variants(note.title, entry.title)
    if variants:
        words = ", ".join(f"{x}/{y}" for x, y in variants)
        return (f"a spelling variant only ({words})", Severity.INFO,
                "print the title as the work itself does, in the note and in the entry")
    return (None, Severity.WARNING,
            "copy the title from the work itself into both the note and the entry")


def _author_difference(citation: Citation, entry: WorkFields) -> str | None:
    """"same", or how the authors differ (None: plainly different names)."""
    a, b = citation.fields.authors, entry.authors
    if [family(x) for x in a] == [family(y) for y in b]:
        return "same"
    if len(a) == len(b) and all(name_tokens(x) == name_tokens(y) for x, y in zip(a, b)):
        return "same"  # particle or name order ("De Grauwe, Paul" / "Grauwe, Paul De")
    if "et al" in citation.text.lower() and [family(x) for x in a] == [family(y) for y in b[: len(a)]]:
        return "same"
    if sorted(family(x) for x in a) == sorted(family(y) for y in b):
        return "the authors are in a different order"
    return None


Difference = tuple[str, str, str, "str | None", Severity, str]


def field_differences(citation: Citation, entry: WorkFields) -> Iterator[Difference]:
    """(field, note value, entry value, how, severity, fix) for each field both print differently."""
    note = citation.fields
    if note.authors and entry.authors:
        how = _author_difference(citation, entry)
        if how != "same":
            yield ("authors", "; ".join(note.authors), "; ".join(entry.authors), how, Severity.WARNING,
                   "spell the authors as the work itself does, in the note and in the entry")
    if note.title and entry.title:
        difference = _title_difference(citation, entry)
        if difference:
            yield ("title", note.title, entry.title, *difference)
    if note.container and entry.container and not _same_container(note, entry):
        yield ("container", note.container, entry.container, None, Severity.WARNING,
               "give the journal, book or website its one correct name in the note and in the entry")
    note_year, entry_year = year_digits(note.year), year_digits(entry.year)
    if note_year and entry_year and note_year != entry_year:
        yield ("year", note.year or "", entry.year or "", None, Severity.WARNING,
               "print the year of publication in both places")
    for name in ("volume", "issue"):
        mine, theirs = getattr(note, name), getattr(entry, name)
        if mine and theirs and squeeze(mine) != squeeze(theirs):
            yield (name, mine, theirs, None, Severity.WARNING,
                   f"print the {name} the work has, in the note and in the entry")


@rule("R003", "footnote-reference-mismatch", Severity.WARNING)
def footnote_reference_mismatch(ctx: RuleContext) -> Iterator[Finding]:
    """A note and the reference-list entry it cites print a field differently.

    What it checks
        For each citation linked to an entry, field by field: author family
        names (case, diacritics, OCR splits such as "P aduraru", name order of
        particles such as "De Grauwe"/"Grauwe, Paul De" are not differences),
        title (case, punctuation and quote style ignored; a short title in a
        subsequent note is fine; a title that ran on into its journal is
        reported as such), container (journal, book, website), year, volume
        and issue. A field one side does not print is not compared; nor are
        pages (R005) and URLs (U002). The same difference repeated by several
        notes is reported once, at the first, with the others as related.

        Severity: warning for a difference in wording, spelling of a name,
        number or year; info when the titles differ only by a British/American
        spelling variant ("Organisation"/"Organization") -- the work is still
        found, but the title is not as published and exact-match tools miss it.

    Why it matters
        When a note and the list disagree, at most one of them is right: a
        reader or a citation manager may look for a journal that does not
        exist ("The Asian Forum" for "The Asan Forum") or a year that is wrong.

    Example
        Note 7: ``"Russia-China Relations...," The Asian Forum 8, no.2, (2019)``;
        entry: ``Kaczmarski, Marcin. "Russia-China Relations..." The Asan Forum``.

    Instead
        Check the field against the work itself and print it the same way in
        the note and in the entry.
    """
    entries = entries_by_key(ctx.paper)
    reported: dict[tuple, list] = {}
    for note, citation in cited_works(ctx.paper):
        entry = entries.get(citation.ref_key or "")
        if entry is None or not (names_a_work(citation.fields) or citation.fields.container):
            continue
        for name, mine, theirs, how, severity, fix in field_differences(citation, entry.fields):
            key = (entry.key, name, fold(mine))
            if key in reported:
                reported[key][1].append(note)
                continue
            reported[key] = [(note, entry, name, mine, theirs, how, severity, fix), []]
    for (first, others) in reported.values():
        note, entry, name, mine, theirs, how, severity, fix = first
        yield ctx.finding(
            f'note {note.n} and reference entry {entry.key} differ in {name}: note "{mine}", '
            f'reference "{theirs}"' + also_in([o.n for o in others]) + (f"; {how}" if how else ""),
            note.span, footnote=note.n, severity=severity,
            related=[ctx.location(entry.span, reference=entry.key),
                     *(ctx.location(o.span, footnote=o.n) for o in others)],
            evidence={"field": name, "note": mine, "reference": theirs, "how": how,
                      "reference_key": entry.key, "notes": [note.n, *(o.n for o in others)]},
            fix=fix,
        )


# --------------------------------------------------------------------------
# R004: years


def plausible_year_problem(year: str, paper_year: int) -> str | None:
    """Why ``year`` is no publication year, or None."""
    digits = year_digits(year)
    if digits is None or not rx.fullmatch(r"\s*\(?\s*\d+\s*[a-z]?\s*\)?\s*", year):
        return None  # "n.d.", "forthcoming", a season or a range: not a bare year
    if len(digits) != 4:
        return f"has {len(digits)} digits"
    value = int(digits)
    if value > paper_year + 1:
        return f"is after the paper's own year ({paper_year})"
    if value < 1450:
        return "is before printing (1450)"
    return None


@rule("R004", "implausible-year", Severity.WARNING)
def implausible_year(ctx: RuleContext) -> Iterator[Finding]:
    """A year in a note or a reference entry that cannot be a year of publication.

    What it checks
        Every year a note or an entry prints: it must have four digits, be no
        later than the year after the paper's own (the current year when the
        paper's year is unknown) and no earlier than 1450. "n.d." and
        "forthcoming" are not years and are not checked.

    Why it matters
        A truncated year ("(201)") or a typo ("2102") makes the source hard to
        find and is usually a conversion or typing slip that hides the real year.

    Example
        ``Richard Weitz, "Eurasian Security Institutions," World Politics
        Review, (201), https://...`` -- the entry says 2010.

    Instead
        Print the full year of publication (here 2010, as the entry has it).
    """
    paper = ctx.paper
    paper_year = int(year_digits(paper.meta.year) or 0) or date.today().year
    if not 1450 <= paper_year <= date.today().year + 1:
        paper_year = date.today().year
    entries = entries_by_key(paper)
    for note, citation in cited_works(paper):
        year = citation.fields.year
        problem = plausible_year_problem(year, paper_year) if year else None
        if problem:
            entry = entries.get(citation.ref_key or "")
            other = entry.fields.year if entry else None
            likely = other if other and plausible_year_problem(other, paper_year) is None else None
            yield ctx.finding(
                f"note {note.n} gives the year ({year}), which {problem}"
                + (f"; the reference entry has {likely}" if likely else ""),
                note.span, footnote=note.n,
                related=[ctx.location(entry.span, reference=entry.key)] if entry else [],
                evidence={"year": year, "problem": problem, "paper_year": paper_year,
                          "reference_year": other},
                fix=f"print the year as {likely}" if likely else "print the full year of publication",
            )
    for entry in paper.references:
        year = entry.fields.year
        problem = plausible_year_problem(year, paper_year) if year else None
        if problem:
            yield ctx.finding(
                f"reference entry {entry.key} gives the year ({year}), which {problem}",
                entry.span, reference=entry.key,
                evidence={"year": year, "problem": problem, "paper_year": paper_year},
                fix="print the full year of publication",
            )


# --------------------------------------------------------------------------
# R005: pinpoint pages


def page_numbers(pages: str) -> list[tuple[int, int]] | None:
    """[(first, last)] of a pinpoint or range ("45", "45-47", "45–7", "pp. 3, 9");
    None when any part is not an arabic page number (roman, "A3", "n. 4")."""
    text = rx.sub(r"^\s*(?:pp?\.|pages?)\s*", "", pages.strip(), flags=re.I).rstrip(" .")
    result = []
    for part in rx.split(r"\s*[,;]\s*|\s+and\s+", text):
        if not part:
            continue
        bounds = rx.split(r"\s*[-–—‐]+\s*", part)
        if len(bounds) > 2 or not all(b.isdigit() for b in bounds):
            return None
        low = int(bounds[0])
        high = int(bounds[-1])
        if len(bounds) == 2 and len(bounds[1]) < len(bounds[0]) and high < low:
            high = int(bounds[0][: len(bounds[0]) - len(bounds[1])] + bounds[1])  # 1526-52
        result.append((low, max(low, high)))
    return result or None


@rule("R005", "cited-page-outside-range", Severity.ERROR)
def cited_page_outside_range(ctx: RuleContext) -> Iterator[Finding]:
    """A page cited in a note that lies outside the page range of its entry.

    What it checks
        The pinpoint pages of a note ("1527", "pp. 45-47", "Ibid., 1600")
        against the page range of the reference-list entry the note cites
        ("1526-1552", "1526–52"). Roman page numbers and entries without a
        range are not checked.

    Why it matters
        A page the article does not have sends the reader nowhere; it is a
        typo, or the note cites another work than the entry it is linked to.

    Example
        ``Kropatcheva, "Russia and the CSTO," 1572`` while the article runs
        ``1526-1552``.

    Instead
        Correct the page number (or the entry's page range).
    """
    entries = entries_by_key(ctx.paper)
    for note, citation in cited_works(ctx.paper):
        entry = entries.get(citation.ref_key or "")
        if entry is None or not citation.fields.pages or not entry.fields.pages:
            continue
        cited, span = page_numbers(citation.fields.pages), page_numbers(entry.fields.pages)
        if not cited or not span or len(span) != 1 or span[0][0] == span[0][1]:
            continue
        first, last = span[0]
        outside = [f"{a}" if a == b else f"{a}-{b}" for a, b in cited if a < first or b > last]
        if outside:
            yield ctx.finding(
                f"note {note.n} cites {'pages' if len(outside) > 1 or '-' in outside[0] else 'page'} "
                f"{', '.join(outside)}, outside the pages {entry.fields.pages} of {entry.key}",
                note.span, footnote=note.n, related=[ctx.location(entry.span, reference=entry.key)],
                evidence={"pages": citation.fields.pages, "range": entry.fields.pages,
                          "outside": outside, "reference_key": entry.key},
                fix=f"cite a page between {first} and {last}, or correct the entry's range",
            )
