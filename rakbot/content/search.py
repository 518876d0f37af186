"""FAQ search tolerant to typos, umlaut spellings, word forms and abbreviations.

Every FAQ text is reduced to stemmed terms once, when the index is built. A query term
matches an index term exactly, as an abbreviation (prefix of at least four letters) or, for
longer words, by edit similarity; a query word that is itself an index term is taken as
spelled. Each match is weighted by the field it was found in (question and keywords above
answer) and by how rare the term is across the FAQ (idf). A small bonus for the share of query
words found in an entry's question favours entries that ask what the user asked; on equal
scores the earlier entry wins, so general entries belong before specific ones in the content.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import snowballstemmer
from rapidfuzz import fuzz, process

from rakbot.content.model import FaqEntry

QUESTION_WEIGHT = 3.0
KEYWORD_WEIGHT = 3.0
ANSWER_WEIGHT = 1.0

EXACT_SIMILARITY = 1.0
PREFIX_SIMILARITY = 0.85
#: Fuzzy matches count with at most this share of an exact match.
FUZZY_FACTOR = 0.9
#: rapidfuzz ratio (0–100) a fuzzy match needs; below it, words are merely similar.
FUZZY_CUTOFF = 80.0
MIN_PREFIX_LENGTH = 4
MIN_FUZZY_LENGTH = 5
#: Added in proportion to the share of query terms that match an entry's question.
COVERAGE_WEIGHT = 2.0

#: Score a hit needs at least: roughly one rare word in a question, or several in answers.
MIN_SCORE = 2.0
#: Hits far below the best one are noise next to it.
RELATIVE_CUTOFF = 0.4

#: Stems of the words after which a single letter is a funding area code ("Förderbereich B").
_AREA_WORDS = frozenset({"forderbereich", "bereich", "area"})

_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
_NON_ALNUM = re.compile(r"[^a-z0-9]+")

#: Stop words, written as :func:`normalize` spells them.
_GERMAN_STOP_WORDS = """
aber alle allem allen aller als also am an auch auf aus bei beim bin bis bitte bzw da damit
dann das dass dem den denn der des dessen die dies diese diesem diesen dieser dieses du
durch ein eine einem einen einer eines er es etwa etwas euch fuer gibt gern gerne hab habe
haben hat hier ich ihm ihn ihnen ihr ihre im in ist ja jetzt kann kannst koennen koennte man
mich mir mit muss mein meine meinem meinen meiner nach noch nun nur ob oder ohne sein seine
sich sie sind so soll sollen ueber um und uns unser unter vom von vor war waren was welche
welchem welchen welcher welches wenn wer werde werden wie wieso warum wir wird wo wurde
wurden zu zum zur
"""
_ENGLISH_STOP_WORDS = """
a about all also am an and any are as at be been but by can could did do does for from get
got had has have he her his how i if in is it its me my of on or our please she should so
tell than that the their them there these they this those to us was we were what when where
which who whom why will with would you your
"""
_STOP_WORDS: dict[str, frozenset[str]] = {
    "de": frozenset(_GERMAN_STOP_WORDS.split()),
    "en": frozenset(_ENGLISH_STOP_WORDS.split()),
}


def normalize(text: str) -> str:
    """Lower-case, spell umlauts as ae/oe/ue/ss, drop accents, turn punctuation into spaces."""
    text = text.lower().translate(_UMLAUTS)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _NON_ALNUM.sub(" ", text).strip()


@dataclass(frozen=True)
class FaqHit:
    """A search result; ``score`` is only comparable within one index."""

    entry: FaqEntry
    score: float


class _Analyzer:
    """Turns text into search terms: normalized, stop words removed, stemmed."""

    def __init__(self, lang: str) -> None:
        self._stop_words = _STOP_WORDS[lang]
        self._stemmer = snowballstemmer.stemmer("english" if lang == "en" else "german")

    def terms(self, text: str) -> list[str]:
        """Return the terms of ``text`` in order; area codes become ``#b`` after an area word.

        Other single characters are dropped: they are noise, and "a" is an English stop word.
        """
        terms: list[str] = []
        previous = ""
        for word in normalize(text).split():
            if len(word) == 1 and previous in _AREA_WORDS:
                terms.append(f"#{word}")
            if len(word) == 1 or word in self._stop_words:
                previous = ""
                continue
            previous = self._stemmer.stemWord(word)
            terms.append(previous)
        return terms


class FaqIndex:
    """Search index over FAQ entries in one language ("de" or "en")."""

    def __init__(self, entries: Sequence[FaqEntry], lang: str = "de") -> None:
        self._entries = tuple(entries)
        self._analyzer = _Analyzer("en" if lang.lower().startswith("en") else "de")
        postings: dict[str, dict[int, float]] = defaultdict(dict)
        self._question_terms = tuple(
            frozenset(self._analyzer.terms(entry.question.get(lang))) for entry in self._entries
        )
        for index, entry in enumerate(self._entries):
            fields = (
                (QUESTION_WEIGHT, self._question_terms[index]),
                (KEYWORD_WEIGHT, self._terms_of(entry.keywords)),
                (ANSWER_WEIGHT, self._terms_of([entry.answer.get(lang)])),
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
        words = [term for term in self._postings if not term.startswith("#")]
        self._fuzzy_vocabulary = [term for term in words if len(term) >= MIN_FUZZY_LENGTH]
        self._by_prefix: dict[str, list[str]] = defaultdict(list)
        for term in words:
            for end in range(MIN_PREFIX_LENGTH, len(term)):
                self._by_prefix[term[:end]].append(term)

    def _terms_of(self, texts: Iterable[str]) -> set[str]:
        return {term for text in texts for term in self._analyzer.terms(text)}

    def search(self, query: str, limit: int = 3) -> list[FaqHit]:
        """Return up to ``limit`` good hits, best first; empty if nothing matches well."""
        terms = list(dict.fromkeys(self._analyzer.terms(query)))
        scores: dict[int, float] = defaultdict(float)
        for term in terms:
            matches = self._matches(term)
            best: dict[int, float] = {}
            for candidate, similarity in matches.items():
                for index, weight in self._postings[candidate]:
                    best[index] = max(best.get(index, 0.0), similarity * weight)
            for index, value in best.items():
                scores[index] += value
                if not self._question_terms[index].isdisjoint(matches):
                    scores[index] += COVERAGE_WEIGHT / len(terms)
        ranked = sorted(scores.items(), key=lambda item: (-item[1], item[0]))
        if not ranked or ranked[0][1] < MIN_SCORE:
            return []
        floor = max(MIN_SCORE, ranked[0][1] * RELATIVE_CUTOFF)
        return [
            FaqHit(self._entries[index], round(score, 3))
            for index, score in ranked[:limit]
            if score >= floor
        ]

    def _matches(self, term: str) -> dict[str, float]:
        """Index terms matching a query term, with their similarity (0–1).

        A query term that is itself an index term is taken as spelled; area codes only match
        exactly.
        """
        if term in self._postings:
            return {term: EXACT_SIMILARITY}
        if term.startswith("#"):
            return {}
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
