"""Link what the notes cite to the reference list, and cross-references to notes.

* Cross-references: "Ibid." points at the note before it; "op. cit." at the
  latest earlier note citing the same author; "REF n" / "supra n." name their
  notes already.
* Linking: each citation that names a work is matched against every entry
  of the reference list on normalised author family names and titles with
  rapidfuzz (tolerant of OCR damage such as "P aduraru" and of spelling
  variants such as Organisation/Organization); the best entry is linked when
  its score clears ``LINK_THRESHOLD``. A citation that names no work (a bare
  "Ibid.") takes the entries its cross-reference resolves to. A citation
  whose work is not in the list links to nothing: that is a finding for
  verify, not a guess here.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from functools import lru_cache

from claimcheck import rx
from claimcheck.model import Citation, CrossRef, Footnote, Reference, WorkFields

LINK_THRESHOLD = 72.0


@lru_cache(maxsize=8192)
def normalise_text(text: str | None) -> str:
    """``textnorm.fold``, and British -isation spelt -ization: for matching a
    note to its entry, a spelling variant is the same work (R003 still reports it)."""
    from claimcheck.textnorm import fold

    return fold(text).replace("organisation", "organization")


@lru_cache(maxsize=4096)
def normalise_family(name: str) -> str:
    family = name.split(",")[0]
    # OCR splits and stray symbols inside a surname ("P aduraru", "P*aduraru")
    return rx.sub(r"[^a-z]", "", normalise_text(family))


def resolve_crossrefs(footnotes: list[Footnote]) -> list[Footnote]:
    resolved: list[Footnote] = []
    for note in footnotes:
        citations = tuple(_resolve_crossref(c, note, resolved) for c in note.citations)
        resolved.append(replace(note, citations=citations))
    return resolved


def _resolve_crossref(citation: Citation, note: Footnote, earlier: list[Footnote]) -> Citation:
    crossref = citation.crossref
    if crossref is None or crossref.targets:
        return citation
    targets: tuple[int, ...] = ()
    if crossref.kind == "ibid" and earlier:
        targets = (earlier[-1].n,)
    elif crossref.kind in {"op_cit", "short"}:
        families = {normalise_family(a) for a in citation.fields.authors}
        for previous in reversed(earlier):
            cited = {normalise_family(a) for c in previous.citations for a in c.fields.authors}
            if families & cited:
                targets = (previous.n,)
                break
    return replace(citation, crossref=CrossRef(crossref.kind, crossref.printed, targets))


def link_citations(footnotes: list[Footnote], references: list[Reference]) -> list[Footnote]:
    linked: list[Footnote] = []
    by_number: dict[int, Footnote] = {}
    choices = [normalise_text(" ".join(filter(None, (r.fields.title, r.fields.container))))
               for r in references]
    families = [{normalise_family(a) for a in r.fields.authors} for r in references]
    for note in footnotes:
        citations = tuple(_link(c, references, by_number, choices, families) for c in note.citations)
        note = replace(note, citations=citations)
        linked.append(note)
        by_number.setdefault(note.n, note)
    return linked


def _link(citation: Citation, references: list[Reference], earlier: dict[int, Footnote],
          choices: list[str], families: list[set[str]]) -> Citation:
    best_key, best_score = None, 0.0
    if _names_a_work(citation.fields):
        for reference in _candidates(citation.fields, references, choices, families):
            score = match_score(citation.fields, reference.fields)
            if score > best_score:
                best_key, best_score = reference.key, score
        if best_score >= LINK_THRESHOLD:
            return replace(citation, ref_key=best_key, score=round(best_score, 1))
    target_key = _key_from_targets(citation, earlier)
    if target_key is not None:
        return replace(citation, ref_key=target_key[0], score=target_key[1])
    return replace(citation, ref_key=None, score=round(best_score, 1) if best_score else None)


CANDIDATES = 8


def _candidates(cited: WorkFields, references: list[Reference], choices: list[str],
                families: list[set[str]]) -> list[Reference]:
    """The entries worth a full comparison: the few whose title and container read
    most alike (one batched rapidfuzz call), plus any sharing the first author's
    family name or a URL. A long reference list then costs little per note.
    ``choices`` and ``families`` are each entry's text and family names, computed once."""
    if len(references) <= CANDIDATES:
        return references
    from rapidfuzz import fuzz, process

    cited_text = normalise_text(" ".join(filter(None, (cited.title, cited.container))))
    picked = {index for _, _, index in process.extract(
        cited_text, choices, scorer=fuzz.token_set_ratio, limit=CANDIDATES)}
    first = {normalise_family(a) for a in cited.authors[:1]}
    for index, reference in enumerate(references):
        if first & families[index] or _same_url(cited, reference.fields):
            picked.add(index)
    return [references[index] for index in sorted(picked)]


def _names_a_work(fields: WorkFields) -> bool:
    return bool(fields.title or fields.container or fields.urls)


def _key_from_targets(citation: Citation, earlier: dict[int, Footnote]) -> tuple[str, float] | None:
    if citation.crossref is None:
        return None
    linked = [(c.ref_key, c.score or 0.0) for n in citation.crossref.targets
              for c in (earlier[n].citations if n in earlier else ()) if c.ref_key]
    if not linked:
        return None
    key, _ = Counter(k for k, _ in linked).most_common(1)[0]
    return key, max(score for k, score in linked if k == key)


def match_score(cited: WorkFields, entry: WorkFields) -> float:
    """0-100: how surely ``cited`` (from a note) is the reference-list ``entry``."""
    from rapidfuzz import fuzz

    title = _title_score(cited, entry)
    url_bonus = 100.0 if _same_url(cited, entry) else 0.0
    if cited.authors and entry.authors:
        cited_family = normalise_family(cited.authors[0])
        author = max(fuzz.ratio(cited_family, normalise_family(a)) for a in entry.authors)
        score = 0.35 * author + 0.65 * title
    elif cited.authors or entry.authors:
        score = 0.9 * title  # one side names an author the other lacks
    else:
        score = title
    if cited.year and entry.year and cited.year != entry.year:
        score -= 4.0
    return max(score, url_bonus)


def _title_score(cited: WorkFields, entry: WorkFields) -> float:
    from rapidfuzz import fuzz

    cited_title, entry_title = normalise_text(cited.title), normalise_text(entry.title)
    scores = []
    if cited_title and entry_title:
        full = fuzz.ratio(cited_title, entry_title)
        # a short title ("Partners and competitors") is the head of the full one
        head = fuzz.ratio(cited_title, entry_title[: len(cited_title)]) if len(cited_title.split()) >= 2 else 0
        scores.append(max(full, 0.97 * head, fuzz.token_sort_ratio(cited_title, entry_title)))
    cited_all = normalise_text(" ".join(filter(None, (cited.title, cited.container))))
    entry_all = normalise_text(" ".join(filter(None, (entry.title, entry.container))))
    if cited_all and entry_all:
        scores.append(0.95 * fuzz.token_set_ratio(cited_all, entry_all) if min(
            len(cited_all.split()), len(entry_all.split())) >= 3 else 0.0)
    return max(scores, default=0.0)


def _same_url(cited: WorkFields, entry: WorkFields) -> bool:
    if not cited.urls or not entry.urls:
        return False
    return bool({_normal_url(u.url) for u in cited.urls} & {_normal_url(u.url) for u in entry.urls})


@lru_cache(maxsize=4096)
def _normal_url(url: str) -> str:
    from claimcheck.parse.urls import normalize_url

    return normalize_url(url)
