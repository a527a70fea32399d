"""Who did it and to whom: an event's source and target from the parse.

The actor mentions come from the actors component (``doc.spans["fp_actors"]``,
``span._.fp_actor`` for one actor, ``span._.fp_members`` for a group such as
"both sides"). The role finders only walk the dependency tree from a trigger
to the phrases that fill its roles and read the actors found there:

- source (``sources.py``): the agent: subject, "by" phrase of a passive,
  possessor or demonym of a nominal event ("India's strikes", "Indian
  drones"), or the subject of a governing verb ("launched strikes",
  "responded by shooting");
- target (``targets.py``): the patient, recipient or prepositional object:
  direct object, passive subject, "against / on / with / to ..." objects, the
  subject of a requested action ("called for both sides to ..."); last, the
  first state named in the trigger's phrase (``targets_last_resort.py``).

``find_target`` here tries the target finders in the order the
``find_target`` rules declare (``rules_finders.py``); ``parse_source``
here is the parse's alone (the ``find_source.parse`` finder; the rules of the
event coder also try the finders of misparses after it).

Each role comes back as a ``Role`` (``role.py``): the actors and the rule that
found them (shown by ``flashpoint explain``). ``ActorIndex``
(``actor_index.py``) looks up the actors a token or phrase stands for;
``parse_tree.py`` holds the small parse look-ups they share.

This module gathers those names in one place for the event coder and the
other coding modules.
"""

from __future__ import annotations

from flashpoint.coding.actor_index import ActorIndex, span_actors
from flashpoint.coding.parse_tree import (
    FIRST_PERSON,
    OBJ_DEPS,
    PRONOUNS,
    REFLEXIVE,
    RELATIVE,
    SUBJ_DEPS,
    is_nominal,
    is_reciprocal,
    light_verb_of,
)
from flashpoint.coding.role import Role, same_actor
from flashpoint.coding.rules_finders import find_target
from flashpoint.coding.sources import parse_source
from flashpoint.coding.sources_place import located_in
from flashpoint.coding.targets_last_resort import phrase_state

__all__ = [
    "FIRST_PERSON",
    "OBJ_DEPS",
    "PRONOUNS",
    "REFLEXIVE",
    "RELATIVE",
    "SUBJ_DEPS",
    "ActorIndex",
    "Role",
    "parse_source",
    "find_target",
    "is_nominal",
    "is_reciprocal",
    "light_verb_of",
    "located_in",
    "phrase_state",
    "same_actor",
    "span_actors",
]
