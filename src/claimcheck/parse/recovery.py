"""Infer where a footnote marker stood when PDF conversion lost it.

For each run of notes whose markers were lost, the candidates are the
sentences between the markers that survive on either side (the marker of
note n sits after marker n-1 and before marker n+1), on the page the note
is printed on (a note is printed on the page of its marker). Each
(note, sentence) pair is scored on what they share:

* the note's title words, weighted by how rare they are in the paper
  (tf-idf: "Central Asia" says little in a paper about Central Asia), in the
  sentence itself and, less, in the sentence before ("It states ...");
* the cited author's family name in the sentence;
* a quotation in a sentence that carries no marker: a quote needs a source.

The notes of a run are then placed in order (note n never after note n+1)
by dynamic programming over the scores. A placement whose score is too weak
is not made: the marker is reported as not inferable.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from claimcheck import rx
from claimcheck.model import Sentence

MIN_SCORE = 0.30
COMMON_SHARE = 0.10
INFORMATION_SCALE = 5.0
_QUOTE = rx.compile(r"[\"“][^\"”]{12,}[\"”]")
_WORDS = rx.compile(r"[A-Za-zÀ-ÿ]{3,}")
_STOP = set("""the and for with from that this which into over under about their there
were was are been being have has had its not but also than then they them these those
such will would could should can may might more most some other between within without
upon what when where while who whom whose how why all any both each few many much very
our your his her one two new use used using according""".split())


@dataclass(frozen=True)
class NoteClues:
    """What a note offers to find its sentence: words of the cited titles, authors."""

    n: int
    page: int
    title_text: str
    author_families: tuple[str, ...]


@dataclass(frozen=True)
class Inference:
    """Where a lost marker most likely stood, how sure that is, and why."""

    n: int
    sentence: int | None  # None: not inferable
    confidence: float
    evidence: tuple[str, ...]


@lru_cache(maxsize=16384)  # a paper repeats its words: most calls are for a word seen before
def stem(word: str) -> str:
    word = word.lower().replace("’", "'")
    if word.endswith("'s"):
        word = word[:-2]
    return word[:6]


def content_stems(text: str) -> set[str]:
    return {stem(w) for w in _WORDS.findall(text) if w.lower() not in _STOP}


class _Scorer:
    def __init__(self, sentences: list[Sentence], expansions: dict[str, str]) -> None:
        self.sentences = sentences
        self.expansions = expansions
        self.acronym_pattern = (re.compile(r"\b(?:" + "|".join(
            re.escape(a) for a in sorted(expansions, key=len, reverse=True)) + r")\b")
            if expansions else None)
        self.clue_cache: dict[str, set[str]] = {}
        self.stems = [content_stems(self._expanded(s.text)) for s in sentences]
        document_frequency = Counter(stem_ for stems in self.stems for stem_ in stems)
        total = max(len(sentences), 1)
        # words in more than a tenth of the sentences (the paper's own subject:
        # "Russia", "security") say nothing about which sentence a note is for
        self.idf = {w: (math.log((total + 1) / (df + 0.5)) if df <= max(3, total * COMMON_SHARE) else 0.0)
                    for w, df in document_frequency.items()}
        self.default_idf = math.log(total + 1)

    def _expanded(self, text: str) -> str:
        if self.acronym_pattern is None:
            return text
        found = dict.fromkeys(self.acronym_pattern.findall(text))
        return " ".join([text, *(self.expansions[a] for a in found)])

    def clue_stems(self, title_text: str) -> set[str]:
        if title_text not in self.clue_cache:
            self.clue_cache[title_text] = content_stems(self._expanded(title_text))
        return self.clue_cache[title_text]

    def overlap(self, clue_stems: set[str], sentence: int) -> tuple[float, list[str]]:
        if not clue_stems or not (0 <= sentence < len(self.sentences)):
            return 0.0, []
        shared = sorted(w for w in clue_stems & self.stems[sentence] if self.idf.get(w, 0.0) > 0)
        information = sum(self.idf[w] for w in shared)
        # saturating: two rare shared words are strong evidence, more add little
        return 1.0 - math.exp(-information / INFORMATION_SCALE), shared

    def score(self, clues: NoteClues, sentence: int) -> tuple[float, list[str]]:
        text = self.sentences[sentence].text
        clue_stems = self.clue_stems(clues.title_text)
        own, shared = self.overlap(clue_stems, sentence)
        before, _ = self.overlap(clue_stems, sentence - 1)
        evidence = []
        score = 0.45 * own + 0.15 * before
        if shared:
            evidence.append("shares " + ", ".join(shared[:5]) + " with the cited title")
        if before > own and before > 0.3:
            evidence.append("the sentence before names the cited work")
        families = [f for f in clues.author_families if f and
                    re.search(rf"\b{re.escape(f)}\b", text, re.IGNORECASE)]
        if families:
            score += 0.35
            evidence.append("names the cited author " + ", ".join(families))
        if _QUOTE.search(text) and not self.sentences[sentence].markers:
            score += 0.3
            evidence.append("holds a quotation that carries no marker")
        if self.sentences[sentence].markers:
            score -= 0.1
        return score, evidence


def infer_markers(sentences: list[Sentence], sentence_pages: list[tuple[int, int]],
                  known: dict[int, int], clues: dict[int, NoteClues],
                  expansions: dict[str, str]) -> list[Inference]:
    """Infer the sentence of every note in ``clues`` that is not in ``known``.

    ``known`` maps note numbers to the sentence of their surviving marker;
    ``sentence_pages`` gives each sentence's first and last page.
    """
    scorer = _Scorer(sentences, expansions)
    lost = sorted(n for n in clues if n not in known)
    results: list[Inference] = []
    for run in _runs(lost):
        low = max((s for n, s in known.items() if n < run[0]), default=0)
        high = min((s for n, s in known.items() if n > run[-1]), default=len(sentences) - 1)
        results.extend(_place_run(run, low, high, scorer, clues, sentence_pages))
    return results


def _runs(numbers: list[int]) -> list[list[int]]:
    runs: list[list[int]] = []
    for n in numbers:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return runs


def _candidates(n: int, low: int, high: int, clues: dict[int, NoteClues],
                sentence_pages: list[tuple[int, int]]) -> list[int]:
    page = clues[n].page
    on_page = [s for s in range(low, high + 1) if sentence_pages[s][0] <= page <= sentence_pages[s][1]]
    return on_page or [s for s in range(low, high + 1)
                       if abs(sentence_pages[s][0] - page) <= 1]


def _place_run(run: list[int], low: int, high: int, scorer: _Scorer,
               clues: dict[int, NoteClues], sentence_pages) -> list[Inference]:
    options = []
    for n in run:
        scored = []
        for s in _candidates(n, low, high, clues, sentence_pages):
            value, evidence = scorer.score(clues[n], s)
            scored.append((s, value, evidence))
        options.append(scored)
    chosen = _best_monotone(options)
    inferences = []
    for n, scored, pick in zip(run, options, chosen):
        if pick is None:
            inferences.append(Inference(n, None, 0.0, ("no sentence between the neighbouring "
                                                        "markers shares enough with the note",)))
            continue
        sentence, value, evidence = scored[pick]
        others = sorted((v for i, (_, v, _) in enumerate(scored) if i != pick), reverse=True)
        margin = (value - others[0]) / value if others and value > 0 else 1.0
        confidence = round(max(0.05, min(0.95, value * (0.6 + 0.4 * max(margin, 0.0)))), 2)
        inferences.append(Inference(n, sentence, confidence, tuple(evidence)))
    return inferences


def _best_monotone(options: list[list[tuple[int, float, list[str]]]]) -> list[int | None]:
    """Pick one candidate per note (or none) so that sentences never go
    backwards, maximising the summed score of the picks above MIN_SCORE."""
    # state: (total, last sentence index used, picks)
    states: list[tuple[float, int, list[int | None]]] = [(0.0, -1, [])]
    for scored in options:
        next_states = []
        for total, last, picks in states:
            next_states.append((total, last, [*picks, None]))
            for index, (sentence, value, _) in enumerate(scored):
                if value >= MIN_SCORE and sentence >= last:
                    penalty = 0.15 if sentence == last else 0.0
                    next_states.append((total + value - penalty, sentence, [*picks, index]))
        # keep the best total per last-sentence: enough for optimality
        best: dict[int, tuple[float, int, list[int | None]]] = {}
        for state in next_states:
            if state[1] not in best or state[0] > best[state[1]][0]:
                best[state[1]] = state
        states = list(best.values())
    return max(states, key=lambda state: state[0])[2] if states else []
