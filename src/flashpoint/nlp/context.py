"""The per-document context: the resources a Doc is coded with, and what
the components found about the whole document.

``flashpoint_actors`` builds its actor dictionary once, from its config (the
built-in files plus ``extra_dictionaries``), and stores it on every Doc it
annotates as ``doc._.fp_context``, a ``DocContext``. Every rule that needs
the dictionary reads it from there (``dictionary_of(doc)``) or is handed it
by its caller, so the dictionary a user configures is the one every rule
uses; no rule loads a dictionary of its own. ``flashpoint_events`` adds the
grammar it was built with (``grammar``), whether the article is about a
conflict (``conflict``), and the article's quotations once found
(``quotes``, shared with ``flashpoint_quotes``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from spacy.tokens import Doc

from flashpoint.nlp import extensions
from flashpoint.nlp.actor_dictionary import ActorDictionary

if TYPE_CHECKING:  # type hints only: coding sits above nlp
    from flashpoint.coding.patterns import Grammar
    from flashpoint.coding.quotes import Quote


@dataclass
class DocContext:
    """What every rule run on one Doc may read besides the Doc itself."""

    dictionary: ActorDictionary
    # Set by flashpoint_actors: (start, end) of the role mentions that took
    # their state from another mention (the one they refer back to, their
    # possessor) or from where the sentence or the report puts them (a
    # place, an attachment phrase, the home state), not from their own words.
    placed_roles: set[tuple[int, int]] = field(default_factory=set)
    # Set by flashpoint_events: the grammar word lists it was built with.
    grammar: Grammar | None = None
    # Set by flashpoint_events: two or more conflict triggers in the article,
    # so its two states in focus are adversaries.
    conflict: bool = False
    # Set by flashpoint_events: the pairs of states one sentence of the
    # article names with a hostile trigger between them (coding.rules_complete
    # .facing_states), wherever in the article it stands.
    facing: frozenset = frozenset()
    # The same pairs, with an act of force between them (``force_types``).
    facing_by_force: frozenset = frozenset()
    # The article's quotations with their speakers, found once (coding.quotes).
    quotes: list[Quote] | None = None


def set_context(doc: Doc, dictionary: ActorDictionary) -> DocContext:
    """Give ``doc`` a fresh context holding ``dictionary`` (flashpoint_actors)."""
    extensions.register()
    context = DocContext(dictionary=dictionary)
    doc._.fp_context = context
    return context


def context_of(doc: Doc) -> DocContext:
    """The context ``flashpoint_actors`` stored on ``doc``; an error when the
    component has not run, since every rule after it reads the dictionary
    from here."""
    context = doc._.fp_context if Doc.has_extension("fp_context") else None
    if context is None:
        raise ValueError(
            "this Doc has no flashpoint context (doc._.fp_context): run the "
            "flashpoint_actors component before the rules that read it"
        )
    return context


def dictionary_of(doc: Doc) -> ActorDictionary:
    """The actor dictionary ``doc`` is coded with."""
    return context_of(doc).dictionary
