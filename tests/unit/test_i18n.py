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


def _is_factory_call(node: ast.AST | None) -> bool:
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in {"translator", "tr", "Translator"}
    )


def _unextracted_calls(source: str) -> list[str]:
    """Literal texts passed to a translator that `pybabel extract` does not see: one bound to
    another name than the keywords (`x = translator(lang)`, also annotated) or called at once
    (`translator(lang)("Text")`)."""
    tree = ast.parse(source)
    bound = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and _is_factory_call(node.value):
            bound |= {target.id for target in node.targets if isinstance(target, ast.Name)}
        elif (
            isinstance(node, ast.AnnAssign)
            and _is_factory_call(node.value)
            and isinstance(node.target, ast.Name)
        ):
            bound.add(node.target.id)
    bound -= set(KEYWORDS)
    return [
        f"line {node.lineno}: {node.args[0].value[:40]!r}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and (
            (isinstance(node.func, ast.Name) and node.func.id in bound)
            or _is_factory_call(node.func)
        )
        and node.args
        and isinstance(node.args[0], ast.Constant)
        and isinstance(node.args[0].value, str)
    ]


def test_every_literal_text_goes_through_an_extracted_name() -> None:
    """`personal = translator(lang); personal("Text")` would never reach the catalog."""
    for offending_source in (
        'def f(lang):\n    x = translator(lang)\n    x("Hallo")\n',
        'def f(lang):\n    x: Translator = translator(lang)\n    x("Hallo")\n',
        'x = translator("en")\nx("Hallo")\n',
        'def f(lang):\n    return translator(lang)("Hallo")\n',
    ):
        assert _unextracted_calls(offending_source), offending_source
    assert not _unextracted_calls('def f(lang):\n    t = translator(lang)\n    t("Hallo")\n')
    offending = [
        f"{path.relative_to(ROOT)}: {call}"
        for package in ("rakbot", "handlers")
        for path in sorted((ROOT / package).rglob("*.py"))
        for call in _unextracted_calls(path.read_text(encoding="utf-8"))
    ]
    assert not offending, "name the translator t:\n" + "\n".join(offending)
