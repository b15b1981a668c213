"""Collecting URLs with their sources: Markdown/text, HTML, BibTeX, a paper; access dates."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from claimcheck.engine import extract
from claimcheck.links.collect import (
    CollectError,
    Source,
    access_date,
    collect_file,
    collect_files,
    paper_urls,
    urls_in_bibtex,
    urls_in_html,
    urls_in_text,
)

ROOT = Path(__file__).resolve().parents[1]
PAPER = ROOT / "papers" / "rauf-saud-2020.md"


def test_markdown_urls_are_repaired_and_carry_their_line():
    text = ("# Title\n\nSee <https://a.example.org/x> and [the report](https://b.example.org/r.pdf).\n"
            "A wrapped one: https://c.example.org/files/Annual%20Report%2\n02019.pdf, done.\n"
            "Escaped: https://d.example.org/foreign\\_policy/item.htm.\n")
    found = urls_in_text(text, "doc.md")
    assert found == [
        ("https://a.example.org/x", Source("doc.md", 3)),
        ("https://b.example.org/r.pdf", Source("doc.md", 3)),
        ("https://c.example.org/files/Annual%20Report%202019.pdf", Source("doc.md", 4)),
        ("https://d.example.org/foreign_policy/item.htm", Source("doc.md", 6)),
    ]


def test_text_skips_what_is_not_a_web_url():
    assert urls_in_text("mail me at someone@example.org or ftp://x.example.org/f\n", "a.txt") == []


def test_html_href_and_src_absolute_only():
    html = ('<html><body>\n<a href="https://a.example.org/p?x=1&amp;y=2">a</a>\n'
            '<img src="//cdn.example.org/i.png">\n<a href="relative/page.html">r</a>\n'
            '<a href="#top">t</a> <a href="mailto:x@example.org">m</a>\n'
            '<script src="http://s.example.org/s.js"></script>\n<br/>\n<link href="https://l.example.org/c.css"/>\n')
    assert urls_in_html(html, "p.html") == [
        ("https://a.example.org/p?x=1&y=2", Source("p.html", 2)),
        ("https://cdn.example.org/i.png", Source("p.html", 3)),
        ("http://s.example.org/s.js", Source("p.html", 6)),
        ("https://l.example.org/c.css", Source("p.html", 8)),
    ]


def test_bibtex_url_and_doi_fields_at_their_line():
    bib = ("% a comment\n@article{roe2018why,\n  author = {Roe, Jane},\n"
           "  url = {\\url{https://blogs.example.ac.uk/why\\_states/}},\n}\n\n"
           "@book{smith2013,\n  title = {Partners},\n  doi = {10.1000/XYZ.123},\n"
           "  url = {https://www.example.nl/p%20c.pdf}\n}\n"
           "@misc{doiurl, doi = {https://doi.org/10.5555/abc}}\n"
           "@broken{\n")
    assert urls_in_bibtex(bib, "refs.bib") == [
        ("https://blogs.example.ac.uk/why_states/", Source("refs.bib", 4)),
        ("https://doi.org/10.1000/XYZ.123", Source("refs.bib", 9)),
        ("https://www.example.nl/p%20c.pdf", Source("refs.bib", 10)),
        ("https://doi.org/10.5555/abc", Source("refs.bib", 12)),
    ]


def test_files_are_dispatched_by_suffix_and_merged_sorted(tmp_path):
    (tmp_path / "a.md").write_text("https://z.example.org/1 and https://a.example.org/2\n", "utf-8")
    (tmp_path / "b.html").write_text('<a href="https://a.example.org/2">x</a>\n', "utf-8")
    (tmp_path / "c.bib").write_text("@misc{k, url = {https://z.example.org/1}}\n", "utf-8")
    (tmp_path / "notes.rst").write_text("\n\nhttps://r.example.org/\n", "utf-8")
    found = collect_files(sorted(tmp_path.iterdir()))
    assert list(found) == ["https://a.example.org/2", "https://r.example.org/", "https://z.example.org/1"]
    assert [s.path.rsplit("/", 1)[-1] for s in found["https://a.example.org/2"]] == ["a.md", "b.html"]
    assert found["https://r.example.org/"][0].line == 3
    assert collect_file(tmp_path / "c.bib")[0][1].line == 1


def test_unreadable_files_raise_a_clear_error(tmp_path):
    binary = tmp_path / "x.md"
    binary.write_bytes(b"\x00\x01binary")
    with pytest.raises(CollectError, match="binary"):
        collect_file(binary)
    with pytest.raises(CollectError, match="cannot read"):
        collect_file(tmp_path / "missing.md")
    latin = tmp_path / "l.txt"
    latin.write_bytes("caf\xe9 https://x.example.org".encode("latin-1"))
    with pytest.raises(CollectError, match="UTF-8"):
        collect_file(latin)


@pytest.mark.parametrize(("text", "expected"), [
    ("Accessed May 3, 2020.", date(2020, 5, 3)),
    ("(accessed on 3 May 2020)", date(2020, 5, 3)),
    ("Retrieved 2019-11-28 from", date(2019, 11, 28)),
    ("last accessed: 12.05.2020", date(2020, 5, 12)),
    ("accessed 5/3/2020", date(2020, 5, 3)),
    ("Retrieved Sept. 14th, 2018", date(2018, 9, 14)),
    ("viewed February 2021", date(2021, 2, 28)),
    ("accessed the 1st of June, 2017", date(2017, 6, 1)),
    ("Accessed February 30, 2020", None),
    ("Published May 3, 2020.", None),
    ("no date here", None),
])
def test_access_dates(text, expected):
    assert access_date(text) == expected


def test_the_first_access_date_in_a_note_wins():
    assert access_date("accessed 1 March 2019; retrieved again May 2, 2020") == date(2019, 3, 1)


def test_paper_urls_are_repaired_located_and_tagged():
    paper = extract(PAPER)
    found = paper_urls(paper)
    notes = [u for u in found if u.footnote is not None]
    entries = [u for u in found if u.reference is not None]
    assert len(notes) == 26 and len(entries) == 24
    escaped = next(u for u in notes if u.footnote == 14)
    assert escaped.url == "https://www.ispionline.it/it/documents/Analysis_152_2013.pdf"
    assert "\\_" in escaped.printed and escaped.span.line == 134 and escaped.span.column > 1
    # the reference entry printed "whyrussia": the note's hyphen is given back
    grauwe = next(u for u in entries if u.reference == "grauwe2018russia")
    assert grauwe.url == ("https://blogs.lse.ac.uk/europpblog/2018/04/28/"
                          "why-russia-is-economically-weak-and-politically-strong/")
    wrapped = next(u for u in notes if u.footnote == 34)
    assert " " not in wrapped.url and "%20%20NATO" in wrapped.url


def test_paper_access_date_is_read_from_the_note(tmp_path):
    paper_file = tmp_path / "p.md"
    paper_file.write_text(
        "# T\n\n## 1. Intro\n\nText.<sup>1</sup> More.<sup>2</sup>\n\n"
        "<sup>1</sup> \"Charter,\" *Secretariat*, (2019), https://www.example.org/c.pdf, accessed May 3, 2020.\n\n"
        "<sup>2</sup> \"Report,\" *Secretariat*, (2019), https://www.example.org/r.pdf.\n", "utf-8")
    found = {u.footnote: u for u in paper_urls(extract(paper_file))}
    assert found[1].accessed == date(2020, 5, 3)
    assert found[2].accessed is None
