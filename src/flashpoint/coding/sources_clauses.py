"""Sources found through the clause around a trigger: an active participle's
noun acts: "demonstrators protesting the results" (the demonstrators
protest; a stateless civilian noun takes the state of where it is or acts).

(A nominal event in a scene phrase of a verb is that verb's subject's:
``scene_source`` in ``sources.py``, which climbs the parse from there.)
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Token

from flashpoint.coding.actor_index import ActorIndex
from flashpoint.coding.role import Role
from flashpoint.coding.sources_place import act_place_state, located_in, placeable


def participle_noun_source(verb: Token, index: ActorIndex) -> Role | None:
    """The noun an active participle ("-ing", acl) describes, or None."""
    head = verb.head
    if verb.dep_ != "acl" or verb.tag_ != "VBG" or head.pos_ not in ("NOUN", "PROPN"):
        return None
    found = index.phrase(head)
    if placeable(found):
        where = located_in(head, index) or act_place_state(verb, index)
        found = [replace(a, code=where[0].code) for a in found] if where else found
    if not found:
        return None
    return Role(found, f"'{head.text}', which '{verb.text}' describes", [head])
