"""Turning an applicant's words into search terms: language, lemmas, compound parts, stop words.

The linguistic work is done by libraries: simplemma (lemmas and the language of a message),
its German lexicon for compounds ("Praktikumsplatz" → "Praktikum" + "Platz") and stop-words
(stop word lists). What remains here is how they are combined and spelled: every term is
lower-case with umlauts written as ae/oe/ue/ss, so "Förderbereich", "Foerderbereich" and
"forderbereich" meet (the last one through the fuzzy match of the index).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import simplemma
from stop_words import get_stop_words

LANGS = ("de", "en")
#: simplemma's frugal dictionaries: the same data read from its compressed streams on demand.
#: Its default loads whole dictionaries into memory – about 460 MB and seconds of start-up
#: for German and English, which a bot with a 150 MB budget cannot carry.
LOW_MEMORY = True

_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_E_MAIL = re.compile(r"\be-mail", re.IGNORECASE)
_SPELLED_UMLAUTS = (("ae", "ä"), ("oe", "ö"), ("ue", "ü"))

#: Words that carry no topic in a message to an office, beyond the stop-word lists:
#: politeness and colloquial fillers ("ich möchte gern mal …", "I'd like to …").
_FILLERS = {
    "de": """möchte möchten möchtest hätte hätten würde würden könnte könnten gern gerne bitte
        mal nen ne eigentlich genau vielleicht brauche brauchen bräuchte frage fragen info
        infos information informationen hallo hi servus moin danke okay ok ja nein
        alles gibt gibts geht einfach kurz sagen erfahren wissen weiß beim heute nächste
        nächsten hilfe suche suchen lassen persönlich frei stellen
        stelle machen""",
    "en": """please hi hello thanks like would want need could can get tell know info
        information i'd i'm send time""",
}
#: Words the stop-word lists contain that carry a topic in this domain ("funding area",
#: "How long does the funding run?", "young people", "work together").
_TOPIC_WORDS = {
    "de": "warum",
    "en": """amount area areas call close course example group groups help long member members
        name number opening open part plus results run state work working young together own
        former""",
}
#: Minimum length of each part of a German compound.
MIN_PART = 3
#: Minimum length of a compound's head (the last part): short heads are mostly suffixes.
MIN_HEAD = 4
#: Shortest word that is tried as a compound.
MIN_COMPOUND = 7


def normalize(text: str) -> str:
    """Lower-case, spell umlauts as ae/oe/ue/ss, drop accents, turn punctuation into spaces."""
    text = text.lower().translate(_UMLAUTS)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _NON_ALNUM.sub(" ", text).strip()


def words(text: str) -> list[str]:
    """The words of ``text``, lower-case, with their umlauts ("E-Mail" → "e", "mail")."""
    return [word.lower() for word in _WORD.findall(_E_MAIL.sub("email", text))]


@lru_cache(maxsize=1)
def stop_words() -> dict[str, frozenset[str]]:
    """Stop words per language, written as :func:`normalize` spells them."""
    return {
        lang: frozenset(
            normalize(word) for word in [*get_stop_words(lang), *_FILLERS[lang].split()]
        )
        - frozenset(_TOPIC_WORDS[lang].split())
        for lang in LANGS
    }


def detect_language(text: str, default: str) -> str:
    """The language a message is written in ("de" or "en"); ``default`` when it is unclear.

    A single word or a mix keeps the Telegram setting: "Termin" or "STABIL" say nothing
    about the language the person reads.
    """
    if len(words(text)) < 2:
        return default
    scores = dict(simplemma.langdetect(text, lang=LANGS, low_memory=LOW_MEMORY))
    other = "en" if default == "de" else "de"
    if scores.get(other, 0.0) >= 0.6 and scores[other] - scores.get(default, 0.0) >= 0.3:
        return other
    return default


@lru_cache(maxsize=20_000)
def lemma(word: str, lang: str) -> str:
    """The dictionary form of a lower-case word, normalized ("geöffnet" → "oeffnen").

    German nouns are looked up capitalised first, so "wetter" is the weather, not "wettern";
    a word spelled with ae/oe/ue is tried with its umlauts.
    """
    if lang == "de":
        for candidate in _german_spellings(word):
            for form in (candidate.capitalize(), candidate):
                if simplemma.is_known(form, lang="de", low_memory=LOW_MEMORY):
                    return normalize(simplemma.lemmatize(form, lang="de", low_memory=LOW_MEMORY))
    return normalize(simplemma.lemmatize(word, lang=lang, low_memory=LOW_MEMORY))


def _german_spellings(word: str) -> list[str]:
    spellings = [word]
    for plain, umlaut in _SPELLED_UMLAUTS:
        if plain in word:
            spellings.append(word.replace(plain, umlaut))
    return spellings


@lru_cache(maxsize=20_000)
def compound_parts(word: str) -> tuple[str, ...]:
    """The lemmas of the parts of a German compound; empty if it is none.

    The word is cut where both sides are words of simplemma's German lexicon (a linking "s"
    or "n" dropped), the longest known head first, as German compounds put the head last;
    the head is split once more ("Alleinerziehenden|projekt|antrag"). A splitter with its own n-gram
    model would cost about 350 MB of memory for what the lexicon already answers.
    """
    if len(word) < MIN_COMPOUND:
        return ()
    for cut in range(MIN_PART, len(word) - MIN_HEAD + 1):
        modifier, head = _known_part(word[:cut]), _known_part(word[cut:])
        if modifier and head:
            inner = compound_parts(word[cut:])
            return (modifier, *(inner or (head,)))
    return ()


def _known_part(part: str) -> str | None:
    for candidate in (part, part.removesuffix("s"), part.removesuffix("n")):
        if len(candidate) >= MIN_PART and any(
            simplemma.is_known(form, lang="de", low_memory=LOW_MEMORY)
            for form in (candidate.capitalize(), candidate.lower())
        ):
            return lemma(candidate.lower(), "de")
    return None


@dataclass(frozen=True)
class Word:
    """One word of a text: its normalized form, its lemma and, in German, its compound parts."""

    plain: str
    lemma: str
    parts: tuple[str, ...] = ()


def analyse(text: str, lang: str) -> list[Word]:
    """The topic words of ``text``: stop words dropped."""
    stops = stop_words()[lang]
    result: list[Word] = []
    for raw in words(text):
        plain = normalize(raw).replace(" ", "")
        if not plain or plain in stops:
            continue
        if len(plain) == 1:
            result.append(Word(plain, plain))
            continue
        parts = compound_parts(raw) if lang == "de" else ()
        result.append(Word(plain, lemma(raw, lang), parts))
    return result
