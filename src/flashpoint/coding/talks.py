"""Talks named by a noun take their partners from the clause that tells them.

``clause_partners`` decides who held talks that a noun names with no actor
of its own, when the clause it hangs on is done by two or more parties
together: "Pakistan and Afghanistan agreed to a ceasefire after talks in
Doha", "the two governments signed the accord following negotiations":
the talks were between those parties (each the other's partner). One
party alone ("Ghana agreed after talks") says nothing of its partner, and
the noun stays without actors.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Token

from flashpoint.coding.parse_tree import is_nominal
from flashpoint.coding.patterns import Grammar
from flashpoint.coding.role import Role

if TYPE_CHECKING:  # pragma: no cover
    from flashpoint.coding.candidate import Candidate


def _owners(noun: Token, candidates: dict[int, Candidate]) -> list[Candidate]:
    """The events above a noun, nearest first, up its object and
    preposition chain ("agreed to a ceasefire following talks": the
    ceasefire, then the agreeing)."""
    found = []
    walk = noun
    for _ in range(5):
        if walk.dep_ not in ("dobj", "pobj", "prep", "acl", "pcomp", "advcl", "xcomp", "nsubjpass") or walk.head.i == walk.i:
            break
        walk = walk.head
        owner = candidates.get(walk.i)
        if owner is not None:
            found.append(owner)
    return found


def clause_partners(candidates: dict[int, Candidate], grammar: Grammar) -> None:
    """Nominal talks (``talks_types``) with no source take the joint source
    of the event whose clause they hang on, as each other's partners."""
    for cand in candidates.values():
        if cand.event_type not in grammar.talks_types or not is_nominal(cand.trigger):
            continue
        if cand.source:
            continue  # (a target found without a source is the venue: "talks in Doha, Qatar")
        owner = next((o for o in _owners(cand.trigger, candidates)
                      if len({a.code for a in o.source.actors if a.code}) >= 2), None)
        if owner is None:
            continue
        verb = owner.trigger
        cand.source = Role(list(owner.source.actors), f"the parties of '{verb.text}' (joint)", owner.source.tokens)
        cand.target = Role([], "reciprocal")
        cand.reciprocal = True
        cand.notes.append(f"talks between the parties that '{verb.text}' together")
