"""What a protest is aimed at, from its object or its purpose.

"began a hunger strike to protest against Sweden's decision", "blocked a road
to show their disapproval of U.S. policy", "blocked streets in defiance of
the authorities", "rioted ... demanding independence from Indonesian rule":
the protest's target is named by what it is against, not by where it
happens. The protest's location is its target only when nothing else is (the
finders of ``find_target``, in ``coding.rules_finders``, keep that fallback).
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Token

from flashpoint.coding.actor_index import ActorIndex
from flashpoint.models import Actor

# (actors, why, token)
Found = tuple[list[Actor], str, Token]


def _words(trigger: Token, carrier: Token | None) -> list[Token]:
    """The trigger, its carrying verb and their purpose or manner clauses
    ("to show ...", "in demanding ...", "demanding ..."), two levels deep."""
    out = [trigger] + ([carrier] if carrier is not None else [])
    frontier = list(out)
    for _ in range(2):
        nxt = []
        for w in frontier:
            for c in w.children:
                if c.dep_ in ("advcl", "xcomp") and c.pos_ == "VERB":
                    nxt.append(c)
                elif c.dep_ == "prep" and c.lower_ in ("in", "by"):
                    nxt.extend(p for p in c.children if p.dep_ == "pcomp" and p.pos_ == "VERB")
        out.extend(nxt)
        frontier = nxt
    return out


def _object_of_noun(noun: Token, index: ActorIndex, author: Callable[[Token], list[Actor]]) -> Found | None:
    """X in "defiance of X", "anger at X" (the author when X is an act)."""
    preps = index.grammar.lists.get("protest_object_preps", ())
    for prep in noun.children:
        if prep.dep_ == "prep" and prep.lower_ in preps:
            hit = _coded_object(prep, author)
            if hit:
                return hit[0], f"object of '{noun.text} {prep.text}'", hit[1]
    return None


def _coded_object(prep: Token, author: Callable[[Token], list[Actor]]) -> tuple[list[Actor], Token] | None:
    """The first object of ``prep`` whose actors (by ``author``) carry a code."""
    for pobj in prep.children:
        if pobj.dep_ == "pobj":
            found = author(pobj)
            if any(a.code for a in found):
                return found, pobj
    return None


def protest_object(trigger: Token, carrier: Token | None, index: ActorIndex,
                   author: Callable[[Token], list[Actor]]) -> Found | None:
    """The actor a protest is against, from "against X", "in defiance of X"
    or a purpose noun ("to show their disapproval for X"). ``author``: the
    actors of a noun phrase (an act's author where it names an act)."""
    grammar = index.grammar
    nouns = grammar.lists.get("protest_object_nouns", ())
    direct = grammar.lists.get("protest_target_preps", ())
    for word in _words(trigger, carrier):
        for child in word.children:
            if child.dep_ == "prep" and child.lower_ in direct:
                hit = _coded_object(child, author)
                if hit:
                    return hit[0], f"object of '{child.text}'", hit[1]
            if child.dep_ == "prep" and child.lower_ in ("in", "as"):
                for pobj in child.children:
                    if pobj.dep_ == "pobj" and pobj.lemma_.lower() in nouns:
                        hit = _object_of_noun(pobj, index, author)
                        if hit:
                            return hit
            if child.dep_ in ("dobj", "obj") and child.lemma_.lower() in nouns and word is not trigger:
                # "to show their anger at X" (the parser may hang "at X" on the verb)
                hit = _object_of_noun(child, index, author) or _object_of_noun(word, index, author)
                if hit:
                    return hit
    return None


def protest_demand(trigger: Token, carrier: Token | None, index: ActorIndex,
                   author: Callable[[Token], list[Actor]]) -> Found | None:
    """The state a protest's demand names ("rioted ... demanding a
    referendum on independence from Indonesian rule")."""
    verbs = index.grammar.lists.get("protest_demand_verbs", ())
    for word in _words(trigger, carrier)[1:]:
        if word.lemma_.lower() not in verbs:
            continue
        for obj in word.children:
            if obj.dep_ in ("dobj", "obj"):
                found = author(obj)
                if any(a.code for a in found):
                    return [a for a in found if a.code], f"named in the demand '{word.text}'", obj
    return None
