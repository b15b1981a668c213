"""records/bibtex.py: references.bib writing, merging and reading."""

from __future__ import annotations

import os
from dataclasses import replace

import bibtexparser
import builders
import pytest

from claimcheck.model import Reference, Span, UrlRef, WorkFields
from claimcheck.records.atomic import RecordFileError
from claimcheck.records.bibtex import (
    MACHINE_FIELDS,
    latex_escape,
    latex_unescape,
    load_bibtex,
    references_to_bibtex,
    write_bibtex,
)


def render(refs=None, existing=None, path="references.bib"):
    return references_to_bibtex(builders.references() if refs is None else refs, existing, path)


def entries(text):
    library = bibtexparser.parse_string(text)
    assert library.failed_blocks == []
    return library.entries


def test_output_parses_back_in_printed_order_with_types():
    text, report = render()
    parsed = entries(text)
    assert [(e.key, e.entry_type) for e in parsed] == [
        ("kropatcheva2016russia", "article"),
        ("csto2020member", "online"),
        ("doe2019regional", "incollection"),
    ]
    assert report.new_file


def test_fields_in_fixed_order_one_per_line_and_x_printed():
    text, _ = render()
    article = entries(text)[0]
    names = [f.key for f in article.fields]
    assert names == ["author", "title", "journal", "year", "volume", "number", "pages", "url", "doi", "x-printed"]
    assert names == sorted(names, key=MACHINE_FIELDS.index)
    assert "  pages = {113--124},\n" in text
    assert "  author = {Kropatcheva, Elena and Smith, John},\n" in text
    chapter = {f.key: f.value for f in entries(text)[2].fields}
    assert chapter["booktitle"] == "The Handbook of Regions"
    assert chapter["editor"] == "Roe, Richard" and chapter["address"] == "Oxford"
    assert chapter["pages"] == "1--20"


def test_special_characters_round_trip_through_load(tmp_path):
    text, _ = render()
    target = tmp_path / "references.bib"
    target.write_text(text)
    loaded = load_bibtex(target)
    first, web = loaded[0], loaded[1]
    assert first["fields"]["title"] == "Russia and the {CSTO}: 100% & more"
    assert first["fields"]["x-printed"] == builders.references()[0].printed
    assert web["fields"]["title"] == "Member states #1"
    assert web["fields"]["url"] == "http://www.odkb.gov.ru/a_c/?a=1&b=2%20x"
    assert web["fields"]["author"] == "Collective Security Treaty Organization"
    assert (first["type"], first["line"]) == ("article", 5)
    # in the file: escaped outside url, verbatim in url, corporate author braced
    assert r"title = {Russia and the \{CSTO\}: 100\% \& more}" in text
    assert "url = {http://www.odkb.gov.ru/a_c/?a=1&b=2%20x}" in text
    assert "author = {{Collective Security Treaty Organization}}" in text


@pytest.mark.parametrize("value", ["a\\b}", "{unbalanced", "50% of $x_1 & #2 ~ ^", "plain"])
def test_escape_is_inverted_by_unescape(value):
    assert latex_unescape(latex_escape(value)) == value


def test_hostile_values_still_parse():
    nasty = WorkFields(kind="misc", title="ends in backslash \\", container="{open", urls=(UrlRef("x", "http://e.org/{a}\\"),))
    ref = Reference(1, "bad key,{x}", "printed\nover lines @article{", Span(1), nasty)
    text, report = render((ref, ref))
    parsed = entries(text)
    assert [e.key for e in parsed] == ["bad_key__x_", "bad_key__x_-2"]
    assert report.renamed_keys == (("bad key,{x}", "bad_key__x_"), ("bad key,{x}", "bad_key__x_-2"))


def test_deterministic():
    assert render()[0] == render()[0]
    first = render()[0]
    again, report = render(existing=first)
    assert again == first
    assert report.machine_fields_changed == () and report.backup_path is None


def with_human_edits(text: str) -> str:
    edited = text.replace("  volume = {7},\n", "  volume = {7},\n  annote = {read this},\n  Keywords = \"csto\",\n")
    edited = edited.replace("@online{", "% my note about the CSTO site\n@online{")
    edited += "\n@book{mine2020,\n  title = {My own book},\n  author = {Me, I},\n  x-status = {todo}\n}\n"
    assert edited.count("annote") == 1 and "mine2020" in edited
    return edited


def test_human_added_fields_entries_and_comments_kept(tmp_path):
    path = str(tmp_path / "references.bib")
    text, report = render(existing=with_human_edits(render()[0]), path=path)
    parsed = entries(text)
    article = parsed[0].fields_dict
    assert article["annote"].value == "read this"
    assert article["Keywords"].value == "csto"
    assert '  Keywords = "csto"\n' in text  # a person's value is written as they wrote it
    assert [e.key for e in parsed][-1] == "mine2020"
    assert parsed[-1].fields_dict["x-status"].value == "todo"
    assert text.index("% my note about the CSTO site") < text.index("@online{csto2020member")
    assert report.human_fields_kept == (("kropatcheva2016russia", "annote"), ("kropatcheva2016russia", "Keywords"))
    assert report.human_entries_kept == ("mine2020",)
    # nothing human lost: no backup
    assert report.backup_path is None and not os.path.exists(path + ".bak")
    assert text.count("% references.bib, written by") == 1


def test_edited_machine_field_is_rewritten_reported_and_backed_up(tmp_path):
    path = str(tmp_path / "references.bib")
    edited = render()[0].replace("  title = {Regional orders},", "  title = {Regional Orders (2nd ed.)},")
    text, report = render(existing=edited, path=path)
    assert entries(text)[2].fields_dict["title"].value == "Regional orders"
    (change,) = report.machine_fields_changed
    assert (change.key, change.field, change.old, change.new) == (
        "doe2019regional", "title", "Regional Orders (2nd ed.)", "Regional orders",
    )
    assert change.printed_unchanged
    assert report.backup_path == path + ".bak"
    with open(path + ".bak", encoding="utf-8") as handle:
        assert handle.read() == edited
    assert "1 machine fields changed" in report.summary()


def test_entry_type_change_is_reported(tmp_path):
    edited = render()[0].replace("@online{csto2020member", "@misc{csto2020member")
    _, report = render(existing=edited, path=str(tmp_path / "references.bib"))
    assert [(c.field, c.old, c.new) for c in report.machine_fields_changed] == [("ENTRYTYPE", "misc", "online")]


def test_removed_reference_is_dropped_and_reported_but_human_entry_kept(tmp_path):
    path = str(tmp_path / "references.bib")
    refs = builders.references()
    text, report = render(refs[:2], with_human_edits(render()[0]), path)
    keys = [e.key for e in entries(text)]
    assert keys == ["kropatcheva2016russia", "csto2020member", "mine2020"]
    assert report.entries_removed == ("doe2019regional",)


def test_key_change_with_same_printed_text_carries_human_fields(tmp_path):
    refs = builders.references()
    edited = render()[0].replace("  pages = {1--20},\n", "  pages = {1--20},\n  annote = {chapter 1},\n")
    renamed = refs[:2] + (replace(refs[2], key="doe2019orders"),)
    text, report = render(renamed, edited, str(tmp_path / "r.bib"))
    entry = entries(text)[2]
    assert entry.key == "doe2019orders" and entry.fields_dict["annote"].value == "chapter 1"
    assert report.rekeyed == (("doe2019regional", "doe2019orders"),)


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("@article{a,\n  title = {ok}\n}\n\n@article{b,\n  title = {broken\n\n@book{c, title={x}}\n", 5),
        ("% header\n@article{a, title = {x}}\n@article{a, title = {y}}\n", 3),
        ("@article{a,\n  title = {x},\n  title = {y}\n}\n", 1),
    ],
)
def test_malformed_bib_raises_with_line(tmp_path, text, line):
    path = tmp_path / "references.bib"
    path.write_text(text)
    with pytest.raises(RecordFileError) as err:
        render(existing=text, path=str(path))
    assert err.value.line == line
    assert str(err.value).startswith(f"{path}:{line}: malformed BibTeX")
    with pytest.raises(RecordFileError) as err:
        load_bibtex(path)
    assert err.value.line == line
    with pytest.raises(RecordFileError):
        write_bibtex(path, builders.references())
    assert path.read_text() == text
    assert os.listdir(tmp_path) == ["references.bib"]


def test_load_bibtex_rejects_binary(tmp_path):
    path = tmp_path / "references.bib"
    path.write_bytes(b"@article{a, title={x}}\n\x00")
    with pytest.raises(RecordFileError) as err:
        load_bibtex(path)
    assert err.value.line == 2


def test_load_bibtex_resolves_strings_and_lowercases_fields(tmp_path):
    path = tmp_path / "references.bib"
    path.write_text('@string{jes = "Journal of Eurasian Studies"}\n@article{a,\n  Journal = jes,\n  YEAR = 2016\n}\n')
    (entry,) = load_bibtex(path)
    assert entry["fields"] == {"journal": "Journal of Eurasian Studies", "year": "2016"}
    assert entry["line"] == 2


def test_write_bibtex_writes_and_merges(tmp_path):
    path = tmp_path / "references.bib"
    assert write_bibtex(path, builders.references()).new_file
    path.write_text(with_human_edits(path.read_text()))
    report = write_bibtex(path, builders.references())
    assert report.human_entries_kept == ("mine2020",)
    assert [e["key"] for e in load_bibtex(path)][-1] == "mine2020"
