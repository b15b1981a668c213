"""S002 and S004 beyond their fixtures: author-year papers, quotations that a
sentence splitter cut in two, sentences that are not claims, a paper with no date."""

from __future__ import annotations

from dataclasses import replace

from claimcheck.engine import extract_text, verify
from claimcheck.model import PaperMeta, Span

AUTHOR_YEAR = """\
# A Paper

## 1. Introduction

The ministry states "the Republic stands for increasing the organisation's potential" (Roe 2019). The secretary said the alliance "takes a serious approach to cooperation with its neighbours" at the summit.

## References

Roe, Jane. 2019. "The Two Powers." *Journal of Things* 3 (1): 1-10.
"""


def test_s002_an_in_text_citation_is_a_source():
    findings = verify(extract_text(AUTHOR_YEAR, "paper.md"), select=("S002",)).findings
    assert [f.evidence["quotes"] for f in findings] == [
        ["takes a serious approach to cooperation with its neighbours"]]


FOOTNOTED = """\
# A Paper

## 1. Introduction

Overall, the forces are ready. "Two regional groups are able to react to external aggression. There is also a peacekeeping force of 3,500 soldiers."<sup>1</sup>

<sup>1</sup> Karen Avery, "What is the Collective Organisation?," *Region Report*, (2019), 2.

## References

Avery, Karen. "What is the Collective Organisation?" *Region Report*, 2019.
"""


def split_quotation(paper):
    """The paper as a splitter that cuts quotations at full stops would give it."""
    quoted = next(s for s in paper.sentences if s.text.startswith('"Two'))
    cut = quoted.text.index("There is")
    first = replace(quoted, text=quoted.text[:cut].rstrip(), markers=())
    second = replace(quoted, index=quoted.index + 1, text=quoted.text[cut:])
    sentences = [*paper.sentences[: quoted.index], first, second]
    claim = next(c for c in paper.claims if c.sentence == quoted.index)
    claims = [replace(claim, text=first.text, footnotes=(), refs=(),
                      quotes=(first.text.strip('"'),)),
              replace(claim, id="c-second", sentence=second.index, text=second.text, quotes=())]
    footnotes = tuple(replace(n, marker=replace(n.marker, sentence=second.index))
                      for n in paper.footnotes)
    return replace(paper, sentences=tuple(sentences), claims=tuple(claims), footnotes=footnotes)


def test_s002_a_quotation_closed_by_the_next_sentence_borrows_its_note():
    paper = extract_text(FOOTNOTED, "paper.md")
    assert verify(paper, select=("S002",)).findings == []
    cut = split_quotation(paper)
    assert verify(cut, select=("S002",)).findings == []


def test_s002_a_quotation_closed_by_a_sentence_without_a_note_is_reported():
    paper = split_quotation(extract_text(FOOTNOTED, "paper.md"))
    footnotes = tuple(replace(n, marker=replace(n.marker, sentence=None)) for n in paper.footnotes)
    sentences = tuple(replace(s, markers=()) for s in paper.sentences)
    claims = tuple(replace(c, footnotes=(), refs=()) for c in paper.claims)
    unsourced = replace(paper, footnotes=footnotes, sentences=sentences, claims=claims)
    assert len(verify(unsourced, select=("S002",)).findings) == 1


def test_s004_without_a_paper_date_says_so():
    paper = extract_text("# A Paper\n\n## 1. Introduction\n\nCurrently, the alliance has "
                         "six members and nothing else matters here.\n", "paper.md")
    paper = replace(paper, meta=PaperMeta(title="A Paper"))
    (finding,) = verify(paper, select=("S004",)).findings
    assert "date is unknown" in finding.message
    assert finding.evidence["triggers"] == ["Currently", "has six members"]
    assert finding.location.line == 5


def test_s004_a_sentence_that_is_not_a_claim_is_located_at_the_sentence():
    paper = extract_text("# A Paper\n\n## 1. Introduction\n\nSome words first. Presently, the "
                         "balance of power seems to tilt towards the east.\n", "paper.md")
    (finding,) = verify(paper, select=("S004",)).findings
    assert finding.location.claim is None
    assert (finding.location.line, finding.location.column) == (5, 19)
    assert isinstance(paper.sentences[1].span, Span)
