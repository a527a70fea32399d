"""Saving and reading back the files a component was built from (spaCy's
``to_disk`` / ``from_disk``).

A component's settings name its resources: ``None`` for the built-in files
of the installed package, or the user's own files and directories (an extra
actor dictionary, a trigger-pattern file). ``save_resources`` copies the
user's ones into the component's folder of a saved pipeline and writes
``settings.json`` naming the copies; ``read_resources`` gives the settings
back with the copies' paths, so the saved pipeline works where the user's
originals are gone. Built-in files are not copied: they go with the code
that reads them, which is the installed package's.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Sequence
from pathlib import Path

SETTINGS_FILE = "settings.json"

Setting = str | list[str] | None


def _copy(source: Path, folder: Path, slot: str) -> str:
    """Copy ``source`` (a file or a directory) to ``folder/slot/<its name>``
    (loaders know files by name, so the name is kept); the copy's path
    relative to ``folder``."""
    if not source.exists():
        raise FileNotFoundError(f"resource file not found: {source}")
    dest = folder / slot / source.name
    dest.parent.mkdir(parents=True, exist_ok=True)
    if source.resolve() != dest.resolve():  # saving a pipeline over itself
        if source.is_dir():
            shutil.copytree(source, dest, dirs_exist_ok=True)
        else:
            shutil.copyfile(source, dest)
    return dest.relative_to(folder).as_posix()


def save_resources(folder: str | Path, settings: dict[str, Setting]) -> None:
    """Write the files ``settings`` names into ``folder``, with
    ``settings.json`` naming the copies (relative to ``folder``)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    saved: dict[str, Setting] = {}
    for key, value in settings.items():
        if value is None:
            saved[key] = None
        elif isinstance(value, str):
            saved[key] = _copy(Path(value), folder, key)
        else:
            saved[key] = [_copy(Path(v), folder, f"{key}/{i:02d}") for i, v in enumerate(value)]
    (folder / SETTINGS_FILE).write_text(json.dumps(saved, indent=2) + "\n", encoding="utf-8")


def read_resources(folder: str | Path, keys: Sequence[str]) -> dict[str, Setting]:
    """The settings ``save_resources`` wrote into ``folder``, with the copies'
    full paths; an unknown or missing key is an error naming the file."""
    folder = Path(folder)
    path = folder / SETTINGS_FILE
    raw = json.loads(path.read_text(encoding="utf-8"))
    if set(raw) != set(keys):
        raise ValueError(f"{path}: the settings are {sorted(keys)}, not {sorted(raw)}")
    out: dict[str, Setting] = {}
    for key, value in raw.items():
        if value is None:
            out[key] = None
        elif isinstance(value, str):
            out[key] = str(folder / value)
        else:
            out[key] = [str(folder / v) for v in value]
    return out
