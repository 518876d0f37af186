"""The applicant desk: what the bot answers to a free-text message.

In this order: small talk is answered politely; a message the FAQ does not understand (most
of its topic words unknown, or a topic the office does not handle) is handed over honestly –
contact, office hours, appointment – and never answered with the nearest FAQ entry; a named
funding area gets its description; an intent (appointment, contact, address, office hours,
phone, e-mail, funding areas, applying) gets its command's answer; anything else gets the
best FAQ entry, or the hand-over when no entry is good enough.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from rakbot.content import intent as intents
from rakbot.content.analysis import LANGS, detect_language, normalize
from rakbot.content.model import Content, FaqEntry
from rakbot.content.search import FaqIndex
from rakbot.domain.small_talk import SmallTalk, small_talk

#: Share of a message's topic words the FAQ must know for the message to be in scope.
MIN_COVERAGE = 0.5
QUERY_MAX = 300


class Kind(StrEnum):
    SMALL_TALK = "small_talk"
    INTENT = "intent"
    AREA = "area"
    FAQ = "faq"
    HANDOVER = "handover"


@dataclass(frozen=True)
class DeskAnswer:
    """What to answer, and in which language (the message's own, see :func:`detect_language`)."""

    kind: Kind
    lang: str
    intent: intents.Intent | None = None
    area: str | None = None
    entry: FaqEntry | None = None
    others: list[FaqEntry] = field(default_factory=list)
    small_talk: SmallTalk | None = None

    @property
    def answer_id(self) -> str:
        """The id the evaluation set uses: FAQ id, "termin", or "none" for no answer."""
        if self.intent is not None:
            return self.intent.value
        if self.area is not None:
            return f"foerderbereich-{self.area.lower()}"
        if self.entry is not None:
            return self.entry.id
        return "none"


class Desk:
    """Answers free-text messages from the content's FAQ, in German and English."""

    def __init__(self, content: Content) -> None:
        self._content = content
        self._codes = frozenset(area.code for area in content.funding_areas)
        self._faq_ids = frozenset(entry.id for entry in content.faq)
        self._not_handled = frozenset(normalize(topic) for topic in content.not_handled)
        self.indexes = {
            lang: FaqIndex(content.faq, lang, extra_vocabulary=intents.VOCABULARY) for lang in LANGS
        }

    def index(self, lang: str) -> FaqIndex:
        """The FAQ search in this language (English for every `en…` code, else German)."""
        return self.indexes["en" if lang.lower().startswith("en") else "de"]

    def answer(self, text: str, telegram_lang: str) -> DeskAnswer:
        text = text[:QUERY_MAX]
        talk = small_talk(text)
        if talk is not None:
            return DeskAnswer(Kind.SMALL_TALK, telegram_lang, small_talk=talk)
        lang = detect_language(text, telegram_lang if telegram_lang in LANGS else "de")
        index = self.indexes[lang]
        result = index.lookup(text, limit=3)
        handover = DeskAnswer(Kind.HANDOVER, lang)
        detected = intents.detect(text)
        if detected is not None and not index.words(text):
            # only stop words and a phrase: "Wo seid ihr?", "Where can I find you?"
            return DeskAnswer(Kind.INTENT, lang, intent=detected.intent)
        if result.coverage <= MIN_COVERAGE or self._names_other_topic(index, text):
            return handover
        code = intents.area_code(text, self._codes)
        if code is not None:
            return DeskAnswer(Kind.AREA, lang, area=code)
        if detected is not None:
            return DeskAnswer(Kind.INTENT, lang, intent=detected.intent)
        if not result.hits:
            return handover
        best, *others = result.hits
        return DeskAnswer(Kind.FAQ, lang, entry=best.entry, others=[hit.entry for hit in others])

    def _names_other_topic(self, index: FaqIndex, text: str) -> bool:
        """Whether the message is about a programme or service the office does not handle."""
        for word in index.words(text):
            if {word.plain, word.lemma, *word.parts} & self._not_handled:
                return True
        return False
