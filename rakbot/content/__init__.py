"""The bot's content (committee, REGIO AKTIV, funding areas, contact, FAQ) and FAQ search."""

from rakbot.content.loader import ContentError, load_content
from rakbot.content.model import (
    AREA_CODES,
    Contact,
    Content,
    FaqEntry,
    FundingArea,
    Institution,
    Programme,
    Text,
)
from rakbot.content.search import FaqHit, FaqIndex, normalize

__all__ = [
    "AREA_CODES",
    "Contact",
    "Content",
    "ContentError",
    "FaqEntry",
    "FaqHit",
    "FaqIndex",
    "FundingArea",
    "Institution",
    "Programme",
    "Text",
    "load_content",
    "normalize",
]
