"""The resources of the ``flashpoint_events`` component: its trigger
patterns and grammar word lists, built from its settings, and their saving
with a pipeline (spaCy's ``to_disk`` / ``from_disk``).

Settings (the factory's config, so settable in a spaCy config file):

- ``patterns_path``: a trigger-pattern file used instead of the built-in
  ones (``data/patterns/events*.yaml``);
- ``grammar_path``: a grammar file used instead of the built-in ones
  (``data/patterns/grammar*.yaml``);
- ``extra_patterns``: trigger-pattern files added to the others, in order.

None (or an empty list): the built-in files. ``to_disk`` saves copies of
the user's files, which ``from_disk`` reads back (``nlp/saved_resources.py``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from spacy.language import Language
from spacy.util import ensure_path

from flashpoint.coding.patterns import Grammar, PatternSet, build_pattern_set, load_grammar
from flashpoint.nlp.saved_resources import read_resources, save_resources

DEFAULT_CONFIG = {"patterns_path": None, "grammar_path": None, "extra_patterns": []}


class EventResources:
    """The trigger patterns and the grammar of one ``flashpoint_events``."""

    SETTINGS = tuple(DEFAULT_CONFIG)

    def __init__(self, nlp: Language, *, patterns_path: str | Path | None = None,
                 grammar_path: str | Path | None = None,
                 extra_patterns: Sequence[str | Path] = ()) -> None:
        self.vocab = nlp.vocab
        self._missing: FileNotFoundError | None = None
        try:
            self._load_resources(patterns_path, grammar_path, extra_patterns)
        except FileNotFoundError as missing:
            # A saved pipeline whose user files have moved: its from_disk
            # brings copies; used before that, the component fails.
            self._missing = missing

    def _load_resources(self, patterns_path: str | Path | None, grammar_path: str | Path | None,
                        extra_patterns: Sequence[str | Path]) -> None:
        """Build the trigger patterns and the grammar from these files."""
        self.settings: dict = {
            "patterns_path": str(patterns_path) if patterns_path else None,
            "grammar_path": str(grammar_path) if grammar_path else None,
            "extra_patterns": [str(p) for p in extra_patterns],
        }
        self.patterns: PatternSet = build_pattern_set(
            self.vocab, path=Path(patterns_path) if patterns_path else None,
            extra=[Path(p) for p in extra_patterns],
        )  # fmt: skip
        self.grammar: Grammar = load_grammar(Path(grammar_path) if grammar_path else None)
        self._missing = None

    def require_resources(self) -> None:
        """Fail, naming the file, when a file of the settings was missing
        and no ``from_disk`` brought a copy."""
        if self._missing is not None:
            raise self._missing

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        """Save copies of the user's pattern and grammar files (``nlp.to_disk``)."""
        save_resources(ensure_path(path), self.settings)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> EventResources:
        """Rebuild from the copies ``to_disk`` saved (``spacy.load``)."""
        settings = read_resources(ensure_path(path), self.SETTINGS)
        self._load_resources(settings["patterns_path"], settings["grammar_path"],
                             settings["extra_patterns"] or ())
        return self
