"""Targets found through a noun phrase rather than at its head.

- the author of an act: what is accused, investigated, rejected or supported
  is the act of someone ("investigating alleged crimes by Croatian
  extremists", "rejected the plan put forward by the rebels"): the target is
  that someone, the "by" phrase of the act noun or of its participle;
- a container: "a camp for refugees", "the offices of the opposition", "the
  welfare of 2,000 Libyans": the people the thing belongs to;
- a recipient the parser left dangling: "granted asylum to five officers
  holed up in ...": the parser may make "officers" the subject of the
  participle and leave "to" with no object; the subject right after the
  preposition is its object.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Token

from flashpoint.models import Actor

if TYPE_CHECKING:  # pragma: no cover
    from flashpoint.coding.actor_index import ActorIndex  # which imports this module


def by_phrase_actors(by: Token, index: ActorIndex) -> list[Actor]:
    """The actors of the first object of a "by" phrase (a preposition or a
    passive's agent) that names any."""
    for pobj in by.children:
        if pobj.dep_ == "pobj":
            found = index.phrase(pobj)
            if found:
                return found
    return []


def act_author(obj: Token, index: ActorIndex) -> list[Actor]:
    """The "by" phrase of an act noun ("crimes by X", "crimes committed by X")."""
    if obj.pos_ != "NOUN":
        return []
    for child in obj.children:
        if child.dep_ == "prep" and child.lower_ == "by":
            found = by_phrase_actors(child, index)
            if found:
                return found
        if child.dep_ == "acl" and child.tag_ == "VBN":
            for agent in child.children:
                if agent.dep_ == "agent":
                    found = by_phrase_actors(agent, index)
                    if found:
                        return found
    return []


def container_members(head: Token, index: ActorIndex) -> list[Actor]:
    """The people a container noun belongs to ("a camp for refugees")."""
    grammar = index.grammar
    if head.lemma_.lower() not in grammar.lists.get("container_nouns", ()):
        return []
    preps = grammar.lists.get("container_preps", ())
    for prep in head.children:
        if prep.dep_ == "prep" and prep.lower_ in preps:
            for pobj in prep.children:
                if pobj.dep_ == "pobj":
                    found = index.phrase(pobj)
                    if any(a.code for a in found):
                        return found
    return []


def dangling_object(prep: Token, index: ActorIndex) -> tuple[Token, list[Actor]] | None:
    """The object of a preposition the parser left without one: the subject
    of a participle clause that starts right after it."""
    if any(c.dep_ in ("pobj", "pcomp") for c in prep.children):
        return None
    for clause in prep.head.children:
        if clause.dep_ not in ("advcl", "acl", "ccomp") or clause.i < prep.i:
            continue
        for subj in clause.children:
            if subj.dep_ in ("nsubj", "nsubjpass") and subj.left_edge.i == prep.i + 1:
                found = index.phrase(subj)
                if found:
                    return subj, found
    return None
