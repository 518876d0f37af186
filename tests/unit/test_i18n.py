"""Every text the code marks is translated to English, with the same placeholders."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from rakbot.i18n import Translator, language_for, translator

ROOT = Path(__file__).resolve().parents[2]
CATALOG = ROOT / "rakbot" / "locale" / "en" / "LC_MESSAGES" / "rakbot.po"
KEYWORDS = {"t": None, "N_": None, "plural": (1, 2)}
PLACEHOLDER = re.compile(r"\{(\w+)\}")
TAG = re.compile(r"</?\w+")


def _marked() -> set[str | tuple[str, ...]]:
    found: set[str | tuple[str, ...]] = set()
    for package in ("rakbot", "handlers"):
        for _file, _line, message, _comments, _context in extract_from_dir(
            ROOT / package, method_map=[("**.py", "python")], keywords=KEYWORDS
        ):
            found.add(message)
    return found


def _catalog() -> dict[object, object]:
    with CATALOG.open("rb") as handle:
        return {m.id: m.string for m in read_po(handle) if m.id}


def test_every_marked_text_has_an_english_translation() -> None:
    catalog = _catalog()
    missing = sorted(str(m) for m in _marked() if not catalog.get(m))
    assert not missing, "untranslated (run pybabel extract/update, see README):\n" + "\n".join(
        missing
    )


def test_catalog_has_no_stale_entries() -> None:
    stale = sorted(str(m) for m in set(_catalog()) - _marked())
    assert not stale, "no longer in the code:\n" + "\n".join(stale)


def test_translations_keep_placeholders_and_tags() -> None:
    for msgid, msgstr in _catalog().items():
        for source, target in zip(
            msgid if isinstance(msgid, tuple) else (msgid,),
            msgstr if isinstance(msgstr, tuple) else (msgstr,),
            strict=False,
        ):
            assert set(PLACEHOLDER.findall(source)) == set(PLACEHOLDER.findall(target)), source
            assert sorted(TAG.findall(source)) == sorted(TAG.findall(target)), source


def test_language_choice() -> None:
    assert language_for("en-GB") == "en"
    assert language_for("de-AT") == "de"
    assert language_for("fr") == "de"
    assert language_for(None) == "de"
    assert translator("en")("Name: {name}", name="Anna") == "Name: Anna"
    assert Translator("de")("Unbekannter Text {x}", x=1) == "Unbekannter Text 1"
    assert translator("en")("Kontakt der Regionalen Koordination") == (
        "Contact of the Regional Coordination"
    )


def test_plural_forms_in_both_languages() -> None:
    english, german = translator("en"), translator("de")
    assert german.plural("morgen", "in {n} Tagen", 1) == "morgen"
    assert german.plural("morgen", "in {n} Tagen", 3) == "in 3 Tagen"
    assert english.plural("morgen", "in {n} Tagen", 1) != "morgen"
    assert "3" in english.plural("morgen", "in {n} Tagen", 3)
    assert english.plural("morgen", "in {n} Tagen", 3) != english.plural(
        "morgen", "in {n} Tagen", 1
    )


def _unextracted_calls(source: str) -> list[str]:
    """Literal texts passed to a translator bound to a name `pybabel extract` does not know."""
    factories = {"translator", "tr", "Translator"}
    found = []
    for function in ast.walk(ast.parse(source)):
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        bound = {
            target.id
            for node in ast.walk(function)
            if isinstance(node, ast.Assign)
            and isinstance(node.value, ast.Call)
            and isinstance(node.value.func, ast.Name)
            and node.value.func.id in factories
            for target in node.targets
            if isinstance(target, ast.Name) and target.id not in KEYWORDS
        }
        found += [
            f"{function.name}: {node.func.id}({node.args[0].value[:40]!r}…)"
            for node in ast.walk(function)
            if isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in bound
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ]
    return found


def test_every_literal_text_goes_through_an_extracted_name() -> None:
    """`personal = translator(lang); personal("Text")` would never reach the catalog."""
    assert _unextracted_calls('def f(lang):\n    x = translator(lang)\n    x("Hallo")\n')
    offending = [
        f"{path.relative_to(ROOT)}: {call}"
        for package in ("rakbot", "handlers")
        for path in sorted((ROOT / package).rglob("*.py"))
        for call in _unextracted_calls(path.read_text(encoding="utf-8"))
    ]
    assert not offending, "name the translator t:\n" + "\n".join(offending)
