"""The one reader of flashpoint's YAML data files (dictionaries, patterns,
word lists, gazetteer cues, weights, mappings) and of a user's files of the
same kinds.

One dialect for all of them: YAML 1.1 as PyYAML's safe loader reads it,
except that only ``true`` / ``false`` are booleans, so the words ``on``,
``off``, ``yes`` and ``no`` in a word list stay words. A file that does not
parse fails with ``DataFileError`` naming the file, the line and the
problem; a file whose top level is not a mapping fails the same way.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml


class DataFileError(ValueError):
    """A data file that cannot be read: its name, line and the reason."""


class WordLoader(yaml.SafeLoader):
    """PyYAML's safe loader with only true/false as booleans."""


WordLoader.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
for _first in "tTfF":
    WordLoader.add_implicit_resolver(
        "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), [_first]
    )


def parse_yaml(text: str, *, source: str = "<text>") -> dict[str, Any]:
    """The mapping a YAML text holds ({} for an empty text)."""
    try:
        data = yaml.load(text, Loader=WordLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{source}:{mark.line + 1}" if mark is not None else source
        raise DataFileError(f"{where}: {exc.problem or exc}") from exc
    except yaml.YAMLError as exc:
        raise DataFileError(f"{source}: {exc}") from exc
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise DataFileError(f"{source}: the file must hold a mapping (name: value), "
                            f"not a {type(data).__name__}")
    return data


def read_yaml(path: Any) -> dict[str, Any]:
    """The mapping of a YAML data file (a path, or a packaged resource)."""
    text = path.read_text(encoding="utf-8") if hasattr(path, "read_text") else Path(path).read_text(
        encoding="utf-8")
    return parse_yaml(text, source=str(getattr(path, "name", path)) if not isinstance(path, str | Path)
                      else str(path))
