"""The fonts of the minutes: DejaVu Sans as shipped inside matplotlib (a dependency of the
bot), never a font of the machine, so the PDF looks the same everywhere and every umlaut and
the euro sign have a glyph. Found without importing matplotlib."""

from __future__ import annotations

from importlib.util import find_spec
from pathlib import Path


def font_dir() -> Path:
    spec = find_spec("matplotlib")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("matplotlib (which ships the fonts) is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "mpl-data" / "fonts" / "ttf"


def regular() -> Path:
    return font_dir() / "DejaVuSans.ttf"


def bold() -> Path:
    return font_dir() / "DejaVuSans-Bold.ttf"
