"""records/claims_yaml.py: the claims.yaml contract and its re-extraction merge."""

from __future__ import annotations

import os
from dataclasses import replace

import builders
import pytest
from ruamel.yaml import YAML

from claimcheck.records.atomic import RecordFileError
from claimcheck.records.claims_yaml import (
    load_claims,
    paper_to_records,
    render_claims_yaml,
    write_claims_yaml,
)

PATH = "claims.yaml"


def render(paper, existing=None):
    return render_claims_yaml(paper_to_records(paper), existing, PATH)


def parsed(text):
    return YAML(typ="safe").load(text)


def claim_by_id(data, cid, where="claims"):
    return next(c for c in data[where] if c["id"] == cid)


# --------------------------------------------------------------------------
# The contract


def test_top_level_and_paper_keys_in_order():
    data = paper_to_records(builders.paper())
    assert list(data) == ["schema", "paper", "footnotes", "claims", "tables"]
    assert data["schema"] == 1
    assert list(data["paper"]) == ["source", "sha256", "title", "authors", "year", "venue"]
    assert data["paper"]["source"] == "paper.md"


def test_footnote_with_inferred_marker_exact_keys_and_values():
    text, _ = render(builders.paper())
    note = parsed(text)["footnotes"][1]
    assert list(note) == ["n", "text", "page", "line", "number_printed", "marker", "cites", "crossref", "urls"]
    assert note["number_printed"] is False
    assert list(note["marker"]) == ["form", "line", "claim", "confidence", "evidence"]
    assert note["marker"] == {
        "form": "inferred",
        "line": 7,
        "claim": "c-intro-2",
        "confidence": 0.8,
        "evidence": ["quote ends the sentence", "only note without marker"],
    }
    assert note["cites"] == [{"ref": "kropatcheva2016russia", "pages": None, "score": None}]
    assert note["crossref"] == [1]
    assert note["urls"] == [{"printed": "http://example.org/a\\_b.", "url": "http://example.org/a_b"}]


def test_found_marker_has_no_confidence_and_score_is_rounded():
    note = parsed(render(builders.paper())[0])["footnotes"][0]
    assert list(note["marker"]) == ["form", "line", "claim"]
    assert note["marker"]["claim"] == "c-intro-1"
    assert note["cites"][0]["score"] == 97.2
    assert note["crossref"] is None


def test_claim_keys_quote_shapes_and_entities():
    data = parsed(render(builders.paper())[0])
    first = data["claims"][0]
    assert list(first) == [
        "id", "section", "text", "line", "kind", "footnotes", "refs",
        "quote", "numbers", "years", "entities", "status", "note",
    ]
    assert first["quote"] is None
    assert first["status"] == "unverified" and first["note"] is None
    assert first["entities"][1] == {
        "text": "Collective Security Treaty Organization", "type": "organisation", "acronym": "CSTO",
    }
    assert "acronym" not in first["entities"][0]
    assert data["claims"][1]["quote"] == ["a shield", "a promise"]
    one_quote = builders.paper(claims=(builders.claim("q", 0, "He said 'no'.", quotes=("no",)),))
    assert parsed(render(one_quote)[0])["claims"][0]["quote"] == "no"


def test_table_with_relations():
    table = parsed(render(builders.paper())[0])["tables"][0]
    assert list(table) == ["id", "title", "line", "columns", "rows", "relations"]
    assert table["rows"] == [["CSTO", "Armenia, Belarus"], ["EAEU", "Armenia"]]
    assert table["relations"] == [
        {"organisation": "CSTO", "status": "member", "members": ["Armenia", "Belarus"],
         "annotations": [{"member": "Belarus", "note": "ob"}]}
    ]


def test_new_file_header_and_determinism():
    first, report = render(builders.paper())
    second, _ = render(builders.paper())
    assert first == second
    assert first.splitlines()[0] == (
        "# claimcheck records for paper.md — machine fields are rewritten by 'claimcheck extract'; "
        "edit status/note (and add your own keys): they are kept."
    )
    assert report.new_file
    # Re-rendering onto its own output changes nothing.
    again, report = render(builders.paper(), first)
    assert again == first
    assert report.kept_by_id == ("c-intro-1", "c-intro-2", "c-intro-3")


def test_yaml11_booleans_stay_strings():
    paper = builders.paper(claims=(builders.claim("c1", 0, "yes", numbers=("no", "on")),))
    text, _ = render(paper)
    assert "text: 'yes'" in text
    assert parsed(text)["claims"][0]["numbers"] == ["no", "on"]


# --------------------------------------------------------------------------
# Human work survives


def annotated(text: str) -> str:
    """What a reviewer does to a fresh file: status, note, own key, comments."""
    edited = text.replace(
        "    entities: []\n    status: unverified\n    note:\n  - id: c-intro-3",
        "    entities: []\n    status: disputed  # second quote not found\n"
        "    note: checked against p. 4\n    reviewer: ann\n  # c3 needs a table check\n  - id: c-intro-3",
    )
    edited = edited.replace(
        "    status: unverified\n    note:\ntables:",
        "    status: verified\n    note: ok\ntables:",
    )
    edited = edited.replace("schema: 1\n", "schema: 1  # do not touch\n")
    edited = edited.replace("      form: inferred\n", "      form: inferred  # agreed\n")
    edited = edited.replace("    number_printed: true\n", "    number_printed: true\n    checked_by: bob\n")
    assert edited.count("disputed") == 1 and "checked_by" in edited and "status: verified" in edited
    return edited


def test_human_fields_comments_and_extra_keys_survive_rerender():
    paper = builders.paper()
    edited = annotated(render(paper)[0])
    # A machine field changes (the footnote text): it is rewritten, the rest stays.
    changed = replace(paper, footnotes=(replace(paper.footnotes[0], text="Kropatcheva 2016, p. 116."),) + paper.footnotes[1:])
    text, report = render(changed, edited)
    data = parsed(text)
    second = claim_by_id(data, "c-intro-2")
    assert (second["status"], second["note"], second["reviewer"]) == ("disputed", "checked against p. 4", "ann")
    assert claim_by_id(data, "c-intro-3")["status"] == "verified"
    assert data["footnotes"][0]["text"] == "Kropatcheva 2016, p. 116."
    assert data["footnotes"][0]["checked_by"] == "bob"
    for comment in ("# second quote not found", "# c3 needs a table check", "# do not touch", "# agreed"):
        assert comment in text
    assert "status: disputed  # second quote not found" in text
    assert report.annotations_carried == ("c-intro-2", "c-intro-3")
    assert report.orphaned == ()


def test_machine_fields_are_rewritten_even_if_edited():
    paper = builders.paper()
    edited = render(paper)[0].replace("    kind: statistic\n", "    kind: quote\n")
    data = parsed(render(paper, edited)[0])
    assert claim_by_id(data, "c-intro-3")["kind"] == "statistic"


def test_edited_sentence_matched_by_fuzzy_text():
    paper = builders.paper()
    edited = annotated(render(paper)[0])
    claims = list(paper.claims)
    claims[1] = replace(
        claims[1], id="c-intro-2-new",
        text="As one official put it, the alliance is 'a shield' and 'a promise' too.",
    )
    text, report = render(replace(paper, claims=tuple(claims)), edited)
    data = parsed(text)
    moved = claim_by_id(data, "c-intro-2-new")
    assert moved["status"] == "disputed" and moved["reviewer"] == "ann"
    assert moved["text"].endswith("too.")
    assert report.matched_by_text == (("c-intro-2", "c-intro-2-new"),)
    assert "orphaned" not in data
    # the footnote marker now points at the new id
    assert data["footnotes"][1]["marker"]["claim"] == "c-intro-2-new"


def test_dissimilar_text_is_not_matched():
    paper = builders.paper()
    edited = annotated(render(paper)[0])
    claims = list(paper.claims)
    claims[1] = replace(claims[1], id="c-other", text="Something entirely different is claimed here.")
    text, report = render(replace(paper, claims=tuple(claims)), edited)
    assert report.matched_by_text == ()
    assert claim_by_id(parsed(text), "c-other")["status"] == "unverified"
    assert report.orphaned == ("c-intro-2",)


def test_removed_annotated_claim_is_orphaned_and_reported():
    paper = builders.paper()
    edited = annotated(render(paper)[0])
    fewer = replace(paper, claims=paper.claims[:2])
    text, report = render(fewer, edited)
    data = parsed(text)
    assert [c["id"] for c in data["claims"]] == ["c-intro-1", "c-intro-2"]
    assert data["orphaned"] == [
        {
            "id": "c-intro-3",
            "text": "More than half of the members are also in the EAEU.",
            "status": "verified",
            "note": "ok",
        }
    ]
    assert list(data)[-1] == "orphaned"
    assert report.orphaned == ("c-intro-3",)
    assert "1 orphaned" in report.summary()
    # Stable on re-render, and the orphan comes back when the claim does.
    again, _ = render(fewer, text)
    assert again == text
    back, report = render(paper, text)
    assert "orphaned" not in parsed(back)
    assert claim_by_id(parsed(back), "c-intro-3")["status"] == "verified"
    assert report.annotations_carried[-1] == "c-intro-3"


def test_removed_unannotated_claim_is_dropped():
    paper = builders.paper()
    text, report = render(replace(paper, claims=paper.claims[:2]), render(paper)[0])
    assert "orphaned" not in parsed(text)
    assert report.orphaned == ()


def test_removed_footnote_with_own_key_is_orphaned():
    paper = builders.paper()
    edited = render(paper)[0].replace("    number_printed: true\n", "    number_printed: true\n    checked_by: bob\n")
    text, report = render(replace(paper, footnotes=paper.footnotes[1:]), edited)
    orphan = parsed(text)["orphaned"][0]
    assert orphan["footnote"] == 1 and orphan["checked_by"] == "bob"
    assert report.orphaned_other == ("footnote 1",)


# --------------------------------------------------------------------------
# Malformed existing files


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("schema: 1\nclaims:\n  - id: a\n    text: [unclosed\n    status: x\n", 5, "YAML error"),
        ("schema: 1\nclaims:\n  - id: a\n   bad: indent\n", 4, "YAML error"),
        ("title: my notes\n", 1, "no 'schema'"),
        ("# only a comment\n", 1, "not a claimcheck"),
        ("- a\n- b\n", 1, "not a mapping"),
        ("paper: {}\nschema: 2\n", 2, "schema 2"),
        ("schema: 1\nclaims:\n  - id: a\n  - just text\n", 4, "mapping"),
        ("schema: 1\nclaims: nope\n", 2, "must be a list"),
    ],
)
def test_malformed_existing_file_raises_with_line(text, line, words):
    with pytest.raises(RecordFileError) as err:
        render(builders.paper(), text)
    assert err.value.line == line
    assert words in err.value.message
    assert str(err.value).startswith(f"{PATH}:{line}: ")


def test_write_refuses_to_overwrite_malformed_file(tmp_path):
    target = tmp_path / "claims.yaml"
    bad = "schema: 1\nclaims:\n  - id: a\n    note: 'unterminated\n"
    target.write_text(bad)
    with pytest.raises(RecordFileError) as err:
        write_claims_yaml(target, builders.paper())
    assert err.value.path == str(target)
    assert target.read_text() == bad
    assert os.listdir(tmp_path) == ["claims.yaml"]


def test_write_claims_yaml_then_merge(tmp_path):
    target = tmp_path / "claims.yaml"
    assert write_claims_yaml(target, builders.paper()).new_file
    target.write_text(annotated(target.read_text()))
    report = write_claims_yaml(target, builders.paper())
    assert not report.new_file
    assert claim_by_id(load_claims(target), "c-intro-2")["status"] == "disputed"


# --------------------------------------------------------------------------
# load_claims


def test_load_claims_returns_data_with_lines(tmp_path):
    target = tmp_path / "claims.yaml"
    target.write_text(render(builders.paper())[0])
    data = load_claims(target)
    assert data["schema"] == 1
    assert data["claims"][0]["id"] == "c-intro-1"
    assert data["claims"].lc.item(0)[0] + 1 == target.read_text().splitlines().index("  - id: c-intro-1") + 1


@pytest.mark.parametrize(
    ("content", "line", "words"),
    [
        (b"", 1, "empty"),
        (b"\n  \n", 1, "empty"),
        (b"schema: 1\n\x00\x01binary", 2, "binary"),
        (b"schema: 1\nnote: caf\xe9\n", 2, "UTF-8"),
        (b"just a string\n", 1, "not a mapping"),
        (b"schema: 1\npaper: [1, 2\n", 3, "YAML error"),
    ],
)
def test_load_claims_rejects_malformed(tmp_path, content, line, words):
    target = tmp_path / "claims.yaml"
    target.write_bytes(content)
    with pytest.raises(RecordFileError) as err:
        load_claims(target)
    assert err.value.line == line
    assert words in err.value.message


def test_unplaceable_comments_fall_back_to_backup(tmp_path, monkeypatch):
    from claimcheck.records import claims_yaml

    path = str(tmp_path / "claims.yaml")
    edited = annotated(render(builders.paper())[0])
    calls = []

    def first_check_fails(text, root):
        calls.append(text)
        return len(calls) > 1

    monkeypatch.setattr(claims_yaml, "_round_trips", first_check_fails)
    text, report = render_claims_yaml(paper_to_records(builders.paper()), edited, path)
    assert report.comments_lost and report.backup_path == path + ".bak"
    with open(path + ".bak", encoding="utf-8") as handle:
        assert handle.read() == edited
    assert "# second quote not found" not in text
    assert claim_by_id(parsed(text), "c-intro-2")["reviewer"] == "ann"
    assert "comments could not be kept" in report.summary()


def test_duplicate_annotated_footnote_is_not_lost():
    paper = builders.paper()
    text = render(paper)[0]
    start = text.index("  - n: 2\n")
    end = text.index("claims:\n")
    duplicate = text[start:end].replace("    number_printed: false\n", "    number_printed: false\n    mine: keep me\n")
    text, report = render(paper, text[:end] + duplicate + text[end:])
    assert parsed(text)["orphaned"][0]["mine"] == "keep me"
    assert report.orphaned_other == ("footnote 2",)


def test_comment_on_a_machine_key_that_disappears_is_kept():
    paper = builders.paper()
    edited = render(paper)[0].replace("      confidence: 0.8\n", "      confidence: 0.8  # too high\n")
    notes = list(paper.footnotes)
    notes[1] = replace(notes[1], marker=replace(notes[1].marker, form="sup", confidence=None, evidence=()))
    text, _ = render(replace(paper, footnotes=tuple(notes)), edited)
    assert "# too high" in text
    assert "confidence" not in parsed(text)["footnotes"][1]["marker"]
