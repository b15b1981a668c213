"""Small hand-built model objects for the records tests (no parsing involved)."""

from __future__ import annotations

from dataclasses import replace

from claimcheck.model import (
    Citation,
    Claim,
    CrossRef,
    Document,
    Entity,
    Footnote,
    Marker,
    Paper,
    PaperMeta,
    Reference,
    Relation,
    Sentence,
    Span,
    Table,
    UrlRef,
    WorkFields,
)

SOURCE = "paper.md"


def document(path: str = SOURCE) -> Document:
    return Document(
        path=path,
        source="text\n",
        sha256="ab" * 32,
        blocks=(),
        line_starts=(0,),
        page_of_line=(1,),
        page_count=1,
    )


def claim(
    cid: str,
    sentence: int,
    text: str,
    line: int = 10,
    kind: str = "other",
    **extra,
) -> Claim:
    return Claim(
        id=cid,
        sentence=sentence,
        section="Introduction",
        text=text,
        span=Span(line, 1, page=1),
        kind=kind,
        **extra,
    )


def references() -> tuple[Reference, ...]:
    article = WorkFields(
        kind="article",
        authors=("Kropatcheva, Elena", "Smith, John"),
        title="Russia and the {CSTO}: 100% & more",
        container="Journal of Eurasian Studies",
        year="2016",
        volume="7",
        issue="2",
        pages="113-124",
        urls=(UrlRef("https://doi.org/10.1016/j.euras.2015 .10.003", "https://doi.org/10.1016/j.euras.2015.10.003"),),
        doi="10.1016/j.euras.2015.10.003",
    )
    web = WorkFields(
        kind="web",
        authors=("Collective Security Treaty Organization",),
        title="Member states #1",
        container="CSTO website",
        year="2020",
        urls=(UrlRef("http://www.odkb.gov.ru/a_c/?a=1&b=2%20x", "http://www.odkb.gov.ru/a_c/?a=1&b=2%20x"),),
    )
    chapter = WorkFields(
        kind="chapter",
        authors=("Doe, Jane",),
        editors=("Roe, Richard",),
        title="Regional orders",
        container="The Handbook of Regions",
        publisher="Oxford University Press",
        place="Oxford",
        year="2019",
        pages="1–20",
    )
    return (
        Reference(1, "kropatcheva2016russia", "Kropatcheva, E. and Smith, J. (2016) 'Russia and the {CSTO}: 100% & more', Journal of Eurasian Studies 7(2), 113-124.", Span(100, page=9), article),
        Reference(2, "csto2020member", "CSTO (2020) Member states #1. http://www.odkb.gov.ru/a_c/?a=1&b=2%20x", Span(102, page=9), web),
        Reference(3, "doe2019regional", "Doe, J. (2019) Regional orders. In R. Roe (ed.) The Handbook of Regions. Oxford: OUP, 1–20.", Span(104, page=9), chapter),
    )


def paper(claims: tuple[Claim, ...] | None = None) -> Paper:
    if claims is None:
        claims = (
            claim(
                "c-intro-1",
                0,
                "Russia joined the CSTO in 2002 and has led it ever since.",
                line=5,
                kind="membership",
                footnotes=(1,),
                refs=("kropatcheva2016russia",),
                numbers=("2002",),
                years=(2002,),
                entities=(
                    Entity("Russia", "country"),
                    Entity("Collective Security Treaty Organization", "organisation", "CSTO"),
                ),
            ),
            claim(
                "c-intro-2",
                1,
                "As one official put it, the alliance is 'a shield' and 'a promise'.",
                line=7,
                kind="quote",
                footnotes=(2,),
                quotes=("a shield", "a promise"),
            ),
            claim("c-intro-3", 2, "More than half of the members are also in the EAEU.", line=9, kind="statistic"),
        )
    article = references()[0].fields
    notes = (
        Footnote(
            n=1,
            text="Kropatcheva 2016, p. 115.",
            span=Span(40, page=3),
            citations=(Citation("Kropatcheva 2016, p. 115", replace(article, pages="115"), ref_key="kropatcheva2016russia", score=97.25),),
            marker=Marker(1, "sup", Span(5, 40, page=1), sentence=0),
        ),
        Footnote(
            n=2,
            text="Ibid. See http://example.org/a_b.",
            span=Span(41, page=3),
            number_printed=False,
            citations=(Citation("Ibid.", WorkFields(), crossref=CrossRef("ibid", "Ibid.", (1,)), ref_key="kropatcheva2016russia", score=None),),
            urls=(UrlRef("http://example.org/a\\_b.", "http://example.org/a_b", ("removed '\\_'", "trailing '.'")),),
            marker=Marker(2, "inferred", Span(7, 60, page=1), sentence=1, confidence=0.8, evidence=("quote ends the sentence", "only note without marker")),
        ),
    )
    table = Table(
        id="T1",
        title="Membership of regional organisations",
        span=Span(20, page=2),
        columns=("Organisation", "Members"),
        rows=(("CSTO", "Armenia, Belarus"), ("EAEU", "Armenia")),
        relations=(Relation("CSTO", "member", ("Armenia", "Belarus"), (("Belarus", "ob"),)),),
    )
    sentences = tuple(
        Sentence(index=c.sentence, text=c.text, span=c.span, section=c.section, block=0) for c in claims
    )
    return Paper(
        document=document(),
        meta=PaperMeta(title="Regional Security", authors=("Doe, Jane",), year="2021", venue="Survey"),
        footnotes=notes,
        references=references(),
        sentences=sentences,
        claims=claims,
        tables=(table,),
    )
