"""Loading the content YAML into the validated model, with errors that name file and line.

The content is edited by hand, so a mistake must be reported where the editor can find it:
each pydantic error location (e.g. ``("faq", 3, "answer", "en")``) is followed through the
composed YAML node tree to the line of the offending item.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from importlib import resources
from pathlib import Path

import yaml
from pydantic import ValidationError

from rakbot.content.model import Content

DEFAULT_FILE = "rak_boerde.yaml"


class ContentError(Exception):
    """The content file cannot be read, parsed or validated."""

    def __init__(self, file: str, line: int | None, detail: str, field: str | None = None) -> None:
        where = file if line is None else f"{file}, Zeile {line}"
        if field is not None:
            where += f" ({field})"
        super().__init__(f"{where}: {detail}")
        self.file = file
        self.line = line
        self.field = field


def load_content(path: Path | None = None) -> Content:
    """Load and validate the content; ``None`` loads the packaged default (cached)."""
    if path is None:
        return _load_default()
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ContentError(path.name, None, f"Datei nicht lesbar: {exc}") from exc
    return parse_content(text, path.name)


@functools.cache
def _load_default() -> Content:
    text = resources.files("rakbot.content").joinpath(DEFAULT_FILE).read_text(encoding="utf-8")
    return parse_content(text, DEFAULT_FILE)


def parse_content(text: str, file: str) -> Content:
    """Parse and validate YAML text; ``file`` is only used in error messages."""
    root, data = _parse_yaml(text, file)
    try:
        return Content.model_validate(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        loc = tuple(error["loc"])
        more = exc.error_count() - 1
        suffix = f" (und {more} weitere Fehler)" if more else ""
        raise ContentError(
            file, _line_of(root, loc), f"{error['msg']}{suffix}", format_loc(loc)
        ) from exc


#: libyaml's loader when PyYAML has it (six times faster at start-up), else the pure-Python one;
#: both give the same data and the same line numbers.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _parse_yaml(text: str, file: str) -> tuple[yaml.Node, object]:
    """Compose the node tree (for line numbers) and construct the data from that same tree."""
    loader = _SafeLoader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            raise ContentError(file, None, "Datei ist leer")
        data = loader.construct_document(root)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        raise ContentError(file, line, f"YAML-Syntaxfehler: {exc.problem}") from exc
    except yaml.YAMLError as exc:
        raise ContentError(file, None, f"YAML-Fehler: {exc}") from exc
    finally:
        loader.dispose()
    return root, data


def format_loc(loc: Sequence[int | str]) -> str:
    """Render a pydantic error location as ``faq[3].answer.en``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "(Dokument)"


def _line_of(root: yaml.Node, loc: Sequence[int | str]) -> int:
    """Return the 1-based line of the deepest node along ``loc``.

    A missing field has no node of its own, so the line of its parent item is returned.
    """
    node = root
    for part in loc:
        child = _child(node, part)
        if child is None:
            break
        node = child
    return node.start_mark.line + 1


def _child(node: yaml.Node, part: int | str) -> yaml.Node | None:
    if isinstance(node, yaml.SequenceNode) and isinstance(part, int):
        return node.value[part] if 0 <= part < len(node.value) else None
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode) and key.value == str(part):
                return value
    return None
