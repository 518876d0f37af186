"""FAQ search that knows how sure it is.

Every FAQ text is reduced to terms once, when the index is built: lemmas (simplemma), the
parts of German compounds (split along the lexicon) and the words as written. A query word
matches an index term exactly, as an abbreviation (prefix of at least four letters) or, for
longer words, by edit similarity. Each match is weighted by the field it was found in
(question and keywords above answer) and by how rare the term is across the FAQ (idf). A small
bonus for the share of query words found in an entry's question favours entries that ask what
the user asked; on equal scores the earlier entry wins, so general entries belong before
specific ones.

Besides the hits the index tells how much of the query it understood (:attr:`SearchResult.
coverage`): the share of the query's topic words it knows. A question about the weather has
words the FAQ does not know, so the caller can hand over honestly instead of showing the
nearest entry.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from rakbot.content.analysis import Word, analyse, normalize
from rakbot.content.model import FaqEntry

__all__ = ["FaqHit", "FaqIndex", "SearchResult", "normalize"]

QUESTION_WEIGHT = 3.0
KEYWORD_WEIGHT = 3.0
ANSWER_WEIGHT = 1.0
#: A compound's part counts less than the whole word.
PART_FACTOR = 0.5

EXACT_SIMILARITY = 1.0
PREFIX_SIMILARITY = 0.85
#: Fuzzy matches count with at most this share of an exact match.
FUZZY_FACTOR = 0.9
#: rapidfuzz ratio (0–100) a fuzzy match needs; below it, words are merely similar.
FUZZY_CUTOFF = 82.0
#: A misspelt word counts as understood only when it is this close to a known one.
KNOWN_SIMILARITY = 0.77
MIN_PREFIX_LENGTH = 4
MIN_FUZZY_LENGTH = 5
#: Added in proportion to the share of query terms that match an entry's question.
COVERAGE_WEIGHT = 2.0

#: Score a hit needs at least: roughly one rare word in a question, or several in answers.
MIN_SCORE = 2.0
#: Hits far below the best one are noise next to it.
RELATIVE_CUTOFF = 0.4


@dataclass(frozen=True)
class FaqHit:
    """A search result; ``score`` is only comparable within one index."""

    entry: FaqEntry
    score: float


@dataclass(frozen=True)
class SearchResult:
    """Hits, best first, and the share (0–1) of the query's topic words the index knows."""

    hits: list[FaqHit]
    coverage: float
    #: topic words of the query that the index does not know
    unknown: tuple[str, ...] = ()


class FaqIndex:
    """Search index over FAQ entries in one language ("de" or "en")."""

    def __init__(
        self, entries: Sequence[FaqEntry], lang: str = "de", extra_vocabulary: Iterable[str] = ()
    ) -> None:
        self._entries = tuple(entries)
        self.lang = "en" if lang.lower().startswith("en") else "de"
        #: words of the questions and keywords: what the FAQ is about
        self._whole: set[str] = set()
        #: words found only in answers: they score, but do not make a query understood
        self._weak: set[str] = set()
        postings: dict[str, dict[int, float]] = defaultdict(dict)
        self._question_terms = tuple(
            frozenset(self._terms_of([entry.question.get(self.lang)])) for entry in self._entries
        )
        for index, entry in enumerate(self._entries):
            fields = (
                (QUESTION_WEIGHT, self._question_terms[index]),
                (KEYWORD_WEIGHT, self._terms_of(entry.keywords)),
                (ANSWER_WEIGHT, self._terms_of([entry.answer.get(self.lang)], strong=False)),
            )
            for weight, terms in fields:
                for term in terms:
                    postings[term][index] = max(postings[term].get(index, 0.0), weight)
        count = len(self._entries)
        #: term -> ((entry index, field weight × idf), ...)
        self._postings: dict[str, tuple[tuple[int, float], ...]] = {
            term: tuple(
                (index, weight * math.log(1 + count / len(hits))) for index, weight in hits.items()
            )
            for term, hits in postings.items()
        }
        #: whole words (lemmas and as written); compound parts match only exactly
        self._strong = self._whole | {normalize(word) for word in extra_vocabulary}
        self._vocabulary = self._strong | self._weak
        self._fuzzy_vocabulary = [
            term for term in self._vocabulary if len(term) >= MIN_FUZZY_LENGTH
        ]
        self._by_prefix: dict[str, list[str]] = defaultdict(list)
        for term in self._vocabulary:
            for end in range(MIN_PREFIX_LENGTH, len(term)):
                self._by_prefix[term[:end]].append(term)

    def words(self, text: str) -> list[Word]:
        """The topic words of ``text`` as this index sees them."""
        return analyse(text, self.lang)

    def _terms_of(self, texts: Iterable[str], strong: bool = True) -> set[str]:
        terms: set[str] = set()
        for text in texts:
            for word in self.words(text):
                (self._whole if strong else self._weak).update((word.plain, word.lemma))
                terms.update((word.plain, word.lemma, *word.parts))
        return terms

    def knows(self, word: Word) -> bool:
        """Whether a query word is part of the FAQ's (or the extra) vocabulary.

        A compound counts when its first part is known: "Praktikumsplatz" is about a
        Praktikum, "Bürgergeld" about something the FAQ does not know.
        """
        if len(word.plain) == 1:
            return True
        for term in (word.plain, word.lemma):
            if term in self._weak or any(
                candidate in self._strong and similarity >= KNOWN_SIMILARITY
                for candidate, similarity in self._matches(term).items()
            ):
                return True
        return bool(word.parts) and word.parts[0] in self._strong

    def search(self, query: str, limit: int = 3) -> list[FaqHit]:
        """Return up to ``limit`` good hits, best first; empty if nothing matches well."""
        return self.lookup(query, limit).hits

    def lookup(self, query: str, limit: int = 3) -> SearchResult:
        """Hits and how much of the query the index understood."""
        query_words = self.words(query)
        if not query_words:
            return SearchResult([], 0.0)
        scores: dict[int, float] = defaultdict(float)
        for word in query_words:
            self._score_word(word, scores, len(query_words))
        unknown = tuple(word.plain for word in query_words if not self.knows(word))
        coverage = 1 - len(unknown) / len(query_words)
        ranked = sorted(scores.items(), key=lambda item: (-item[1], item[0]))
        if not ranked or ranked[0][1] < MIN_SCORE:
            return SearchResult([], coverage, unknown)
        floor = max(MIN_SCORE, ranked[0][1] * RELATIVE_CUTOFF)
        hits = [
            FaqHit(self._entries[index], round(score, 3))
            for index, score in ranked[:limit]
            if score >= floor
        ]
        return SearchResult(hits, coverage, unknown)

    def _score_word(self, word: Word, scores: dict[int, float], count: int) -> None:
        variants = [(term, 1.0) for term in dict.fromkeys((word.lemma, word.plain))]
        whole = self._best(variants)
        if not whole and word.parts:
            whole = self._best([(part, PART_FACTOR) for part in word.parts], add=True, parts=True)
        for index, (value, in_question) in whole.items():
            scores[index] += value
            if in_question:
                scores[index] += COVERAGE_WEIGHT / count

    def _best(
        self, variants: list[tuple[str, float]], add: bool = False, parts: bool = False
    ) -> dict[int, tuple[float, bool]]:
        """Entry → (score, matched in the question) for the best (or, for parts, summed) match."""
        result: dict[int, tuple[float, bool]] = {}
        for term, factor in variants:
            matches = {term: EXACT_SIMILARITY} if parts else self._matches(term)
            best: dict[int, float] = {}
            for candidate, similarity in matches.items():
                for index, weight in self._postings.get(candidate, ()):
                    best[index] = max(best.get(index, 0.0), factor * similarity * weight)
            for index, value in best.items():
                in_question = not self._question_terms[index].isdisjoint(matches)
                old, old_question = result.get(index, (0.0, False))
                total = old + value if add else max(old, value)
                result[index] = (total, in_question or old_question)
        return result

    def _matches(self, term: str) -> dict[str, float]:
        """Vocabulary terms matching a query term, with their similarity (0–1).

        A query term that is itself a vocabulary term is taken as spelled.
        """
        if term in self._vocabulary:
            return {term: EXACT_SIMILARITY}
        matches: dict[str, float] = {}
        if len(term) >= MIN_PREFIX_LENGTH:
            for candidate in self._by_prefix.get(term, ()):
                matches[candidate] = PREFIX_SIMILARITY
        if len(term) >= MIN_FUZZY_LENGTH:
            for candidate, ratio, _ in process.extract(
                term,
                self._fuzzy_vocabulary,
                scorer=fuzz.ratio,
                score_cutoff=FUZZY_CUTOFF,
                limit=None,
            ):
                similarity = FUZZY_FACTOR * ratio / 100
                if similarity > matches.get(candidate, 0.0):
                    matches[candidate] = similarity
        return matches
