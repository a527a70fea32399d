"""Sources found through the clause around a trigger.

- an active participle's noun acts: "demonstrators protesting the results"
  (the demonstrators protest; a stateless civilian noun takes the state of
  where it is or acts);
- a nominal event in a scene phrase of a verb is that verb's subject's:
  "youths threw stones during demonstrations" (the youths demonstrate), but
  not when the subject is the state's forces ("police fired tear gas during
  demonstrations": the police do not demonstrate).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from spacy.tokens import Token

from flashpoint.coding.patterns import Grammar
from flashpoint.coding.sources_place import act_place_state, placeable

if TYPE_CHECKING:  # pragma: no cover
    from flashpoint.coding.roles import ActorIndex, Role

STATE_FORCE_SECTORS = frozenset({"GOV", "MIL", "COP", "JUD"})


def participle_noun_source(verb: Token, index: ActorIndex) -> Role | None:
    """The noun an active participle ("-ing", acl) describes, or None."""
    from flashpoint.coding import roles  # roles calls this module: imported here

    head = verb.head
    if verb.dep_ != "acl" or verb.tag_ != "VBG" or head.pos_ not in ("NOUN", "PROPN"):
        return None
    found = index.phrase(head)
    if placeable(found):
        where = roles.located_in(head, index) or act_place_state(verb, index)
        found = [replace(a, code=where[0].code) for a in found] if where else found
    if not found:
        return None
    return roles.Role(found, f"'{head.text}', which '{verb.text}' describes", [head])


def scene_source(noun: Token, index: ActorIndex, grammar: Grammar, *, depth: int) -> Role | None:
    """The subject of the verb whose scene phrase the event noun is, or None."""
    from flashpoint.coding import roles

    prep = noun.head
    if not (noun.dep_ == "pobj" and prep.lower_ in grammar.lists.get("event_scene_preps", ())
            and prep.head.pos_ == "VERB"):
        return None
    role = roles._verb_source(prep.head, index, grammar, depth=depth + 1)
    if role and not any(a.sector in STATE_FORCE_SECTORS for a in role.actors):
        return roles._relabel(role, f"subject of '{prep.head.text}' ('{prep.text} {noun.text}')")
    return None
