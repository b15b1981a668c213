"""parse/recovery.py: where a lost footnote marker stood, inferred from what note and sentence share."""

from __future__ import annotations

from claimcheck.model import Sentence, Span
from claimcheck.parse.recovery import Inference, NoteClues, content_stems, infer_markers, stem

# Sentences with words of their own, so that word rarity (idf) behaves as in a paper.
_FILLER = ("apple banana cherry daisy eagle falcon garden harbor island jungle "
           "kettle lemon meadow needle orchard pepper quartz river saddle timber").split()
BEFORE = [f"The {word} was mentioned once." for word in _FILLER[:10]]
AFTER = [f"The {word} came up later." for word in _FILLER[10:]]
FIRST = len(BEFORE)  # index of the first core sentence

CORE = [
    ("Russia formed the CIS in 1992.", (1,)),  # FIRST: marker 1
    ("The alliance grew in the region.", ()),  # FIRST + 1
    ('Putin said "the practice of joint operations will be continued" in Bishkek.', ()),  # + 2
    ("Energy pipelines were built across the steppe.", ()),  # + 3
    ("Later it expanded.", (4,)),  # FIRST + 4: marker 4
    ("Caspian tanker routes were discussed afterwards.", ()),  # + 5: after marker 4
]


def _sentences(core=CORE, pages: dict[int, int] | None = None) -> list[Sentence]:
    texts = [(t, ()) for t in BEFORE] + list(core) + [(t, ()) for t in AFTER]
    pages = pages or {}
    return [Sentence(i, text, Span(i + 1, page=pages.get(i, 1)), "Introduction", 0, tuple(markers))
            for i, (text, markers) in enumerate(texts)]


def _infer(clues: dict[int, NoteClues], core=CORE, pages: dict[int, int] | None = None,
           expansions: dict[str, str] | None = None) -> dict[int, Inference]:
    sentences = _sentences(core, pages)
    sentence_pages = [(s.span.page, s.span.page) for s in sentences]
    known = {n: s.index for s in sentences for n in s.markers}
    result = infer_markers(sentences, sentence_pages, known, clues, expansions or {})
    return {inference.n: inference for inference in result}


def _clue(n: int, title: str, authors: tuple[str, ...] = (), page: int = 1) -> NoteClues:
    return NoteClues(n, page, title, authors)


# --------------------------------------------------------------------------


def test_stems_and_content_words():
    assert stem("Russia's") == "russia"
    assert stem("Operations") == "operat"
    assert content_stems("The practice of joint operations") == {"practi", "joint", "operat"}


def test_quote_sentence_sharing_rare_title_words_wins():
    inferred = _infer({2: _clue(2, "Joint Operations of the CSTO in Bishkek")})
    [(n, inference)] = inferred.items()
    assert inference.sentence == FIRST + 2
    assert 0.5 <= inference.confidence <= 0.95
    assert any("quotation" in e for e in inference.evidence)
    assert any("bishke" in e and "joint" in e for e in inference.evidence)


def test_cited_author_named_in_the_sentence_is_evidence():
    core = list(CORE)
    core[1] = ("Smirnov described how the alliance grew in the region.", ())
    inferred = _infer({2: _clue(2, "Unrelated Words Entirely", ("Smirnov",))}, core)
    assert inferred[2].sentence == FIRST + 1
    assert any("Smirnov" in e for e in inferred[2].evidence)


def test_two_lost_notes_keep_their_order():
    inferred = _infer({
        2: _clue(2, "Joint Operations of the CSTO in Bishkek"),
        3: _clue(3, "Energy Pipelines Across the Steppe"),
    })
    assert (inferred[2].sentence, inferred[3].sentence) == (FIRST + 2, FIRST + 3)


def test_crossing_evidence_never_puts_a_note_after_the_next_one():
    # note 2's title fits the later sentence, note 3's the earlier one
    inferred = _infer({
        2: _clue(2, "Energy Pipelines Across the Steppe"),
        3: _clue(3, "Joint Operations of the CSTO in Bishkek"),
    })
    placed = [inferred[n].sentence for n in (2, 3) if inferred[n].sentence is not None]
    assert placed == sorted(placed)
    assert inferred[3].sentence == FIRST + 2


def test_weak_evidence_is_not_placed():
    core = [(text.replace('"', ""), markers) for text, markers in CORE]  # no quotation to lean on
    inferred = _infer({2: _clue(2, "Nothing Shared Whatsoever")}, core)
    assert inferred[2].sentence is None
    assert inferred[2].confidence == 0.0
    assert inferred[2].evidence and "shares enough" in inferred[2].evidence[0]


def test_candidates_lie_between_the_neighbouring_markers():
    # the only sentence naming the tanker routes stands after marker 4
    core = [(text.replace('"', ""), markers) for text, markers in CORE]
    inferred = _infer({2: _clue(2, "Caspian Tanker Routes")}, core)
    assert inferred[2].sentence is None


def test_candidates_lie_on_the_notes_page():
    pages = {FIRST + 3: 2}  # the pipeline sentence is on page 2, the note on page 1
    core = [(text.replace('"', ""), markers) for text, markers in CORE]
    assert _infer({2: _clue(2, "Energy Pipelines Across the Steppe", page=1)}, core, pages)[2].sentence is None
    assert _infer({2: _clue(2, "Energy Pipelines Across the Steppe", page=2)}, core, pages)[2].sentence == FIRST + 3


def test_acronym_expansions_count_as_shared_words():
    core = [(text.replace('"', ""), markers) for text, markers in CORE]
    core[1] = ("The EEU grew in the region.", ())
    clues = {2: _clue(2, "Eurasian Economic Union Today")}
    assert _infer(clues, core)[2].sentence is None
    expanded = _infer(clues, core, expansions={"EEU": "Eurasian Economic Union"})
    assert expanded[2].sentence == FIRST + 1


def test_notes_with_surviving_markers_are_not_inferred():
    sentences = _sentences()
    clues = {1: _clue(1, "Joint Operations of the CSTO in Bishkek")}
    assert infer_markers(sentences, [(1, 1)] * len(sentences), {1: FIRST}, clues, {}) == []
