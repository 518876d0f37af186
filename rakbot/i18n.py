"""One translation layer for every user-facing text.

German is the source language: the msgids in the code are the German texts, and
`locale/<lang>/LC_MESSAGES/rakbot.po` holds the other languages. The catalogs are read with Babel
at start-up (no compile step). Mark a text with `t("…")` where it is used, or with `N_("…")` where
it is defined ahead of use; `pybabel extract` (see README) collects both.
"""

from __future__ import annotations

import functools
import gettext
from importlib import resources
from typing import Any

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

SOURCE_LANGUAGE = "de"
#: Messages to a committee's group chat are in German, the committee's working language.
GROUP_LANGUAGE = SOURCE_LANGUAGE
LANGUAGES = ("de", "en")


def N_(msgid: str) -> str:
    """Mark a text for extraction without translating it yet."""
    return msgid


@functools.cache
def _catalog(lang: str) -> Catalog | None:
    if lang == SOURCE_LANGUAGE:
        return None
    path = resources.files("rakbot") / "locale" / lang / "LC_MESSAGES" / "rakbot.po"
    with path.open("rb") as handle:
        return read_po(handle, locale=lang)


def language_for(code: str | None) -> str:
    """Telegram's `language_code` (e.g. `en-GB`) to one of the supported languages."""
    if code:
        base = code.split("-")[0].split("_")[0].lower()
        if base in LANGUAGES:
            return base
    return SOURCE_LANGUAGE


class Translator:
    """`t("Hallo {name}", name=…)`: translate, then fill the named placeholders."""

    def __init__(self, lang: str) -> None:
        self.lang = language_for(lang)
        self._catalog = _catalog(self.lang)

    def gettext(self, msgid: str) -> str:
        if self._catalog is None:
            return msgid
        message = self._catalog.get(msgid)
        if message is None or not message.string or message.fuzzy:
            return msgid
        return str(message.string)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        if self._catalog is not None:
            message = self._catalog.get((singular, plural))
            if message is not None and isinstance(message.string, tuple) and all(message.string):
                index = min(self._plural_index(n), len(message.string) - 1)
                return str(message.string[index])
        return singular if n == 1 else plural

    def _plural_index(self, n: int) -> int:
        """Which plural form the catalog's `Plural-Forms` rule picks for n."""
        assert self._catalog is not None
        return int(gettext.c2py(self._catalog.plural_expr)(n))

    def __call__(self, msgid: str, **values: Any) -> str:
        text = self.gettext(msgid)
        return text.format(**values) if values else text

    def plural(self, singular: str, plural: str, n: int, **values: Any) -> str:
        return self.ngettext(singular, plural, n).format(n=n, **values)


@functools.cache
def translator(lang: str | None) -> Translator:
    return Translator(language_for(lang))
