"""parse/meta.py: the paper's own title, authors, year and venue from its front matter."""

from __future__ import annotations

from claimcheck.model import PaperMeta
from claimcheck.parse.layout import lay_out
from claimcheck.parse.meta import paper_meta
from claimcheck.read.document import parse_document


def _meta(source: str) -> PaperMeta:
    document = parse_document(source)
    layout = lay_out(document)
    first_body = layout.front_matter[-1] + 1 if layout.front_matter else None
    return paper_meta(document.blocks, layout.front_matter, first_body)


JOURNAL_COVER = """# **Journal of Regional Studies**

## Alliances in Central Asia Today

Author(s): Jane DOE - John ROE

Source: Journal of Regional Studies / Vol. 2 / No. 4 / July 2020,

How to cite: Doe, Jane, "Alliances in Central Asia Today", 2020, pp. 1-10.

# Alliances in Central Asia Today

Jane Doe\\* John Roe\\*\\*

## 1. Introduction

In 1999 and 1999 and 1999 things happened.
"""


def test_journal_cover_page():
    assert _meta(JOURNAL_COVER) == PaperMeta(
        title="Alliances in Central Asia Today",
        authors=("Jane Doe", "John Roe"),
        year="2020",
        venue="Journal of Regional Studies",
    )


def test_title_is_the_heading_printed_most_often():
    source = ("# Published Online First Edition\n\n# Alliances in Central Asia Today\n\n"
              "# Alliances in Central Asia Today\n\n## Introduction\n\nText.\n")
    assert _meta(source).title == "Alliances in Central Asia Today"
    # with every heading printed once, the first one is the title
    once = source.replace("# Alliances in Central Asia Today\n\n## Intro", "## Intro")
    assert _meta(once).title == "Published Online First Edition"


def test_simple_title_and_author_line_after_it():
    source = """# A Short History of Footnotes

Anthony Grafton and Robert Connors

Published 1997. Reprinted 1997 and 2001.

## Introduction

Text from 2019.
"""
    meta = _meta(source)
    assert meta.title == "A Short History of Footnotes"
    assert meta.authors == ("Anthony Grafton", "Robert Connors")
    assert meta.year == "1997"  # the body's years do not count
    assert meta.venue is None


def test_venue_from_a_journal_heading_when_no_source_line():
    source = "# The Wilson Quarterly\n\n# How Footnotes Rose and Fell\n\n## Introduction\n\nText.\n"
    meta = _meta(source)
    assert meta.venue == "The Wilson Quarterly"
    assert meta.title == "How Footnotes Rose and Fell"


def test_short_or_label_headings_are_not_titles():
    assert _meta("# Notes:\n\n# Short\n\n## Introduction\n\nText.\n").title is None


def test_run_together_author_names_are_paired():
    source = "# Prospects of Regional Politics\n\nSarwat Rauf Adam Saud\n\n## Introduction\n\nText.\n"
    assert _meta(source).authors == ("Sarwat Rauf", "Adam Saud")


def test_author_markers_and_separators():
    source = ("# Prospects of Regional Politics\n\nAuthors: Jane Doe\\*, John Roe\\*\\*; Ann Poe\n\n"
              "## Introduction\n\nText.\n")
    assert _meta(source).authors == ("Jane Doe", "John Roe", "Ann Poe")


def test_nothing_to_find():
    assert _meta("## Introduction\n\nJust text.\n") == PaperMeta()
