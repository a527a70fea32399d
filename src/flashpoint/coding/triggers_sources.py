"""Sources the parse hides: two finders for common misparses, tried (as
rules ``find_source.stray_agent`` and ``find_source.fronted_subject`` of
``coding.rules_finders``) when ``parse_source`` of ``coding.sources`` finds
no source for a verb.

1. A passive trigger with no 'by' agent whose 'by' phrase the parser hung
   lower or higher: "has been accused of corruption by government
   officials" (the 'by' phrase under "corruption"), or on the verb above
   after an aside ("accused of misusing funds, much of it believed to be
   lost, by officials"). The phrase must name an actor.
2. A subject the parser put inside a fronted phrase: "After the signing of
   the accord, the government and the rebels agreed to ..." (the subject
   parsed as a conjunct or apposition of "accord"): a main verb with no
   subject whose last opening phrase ends, after a comma, in a noun phrase
   naming an actor, just before the verb.
"""

from __future__ import annotations

from spacy.tokens import Token

from flashpoint.coding.actor_index import ActorIndex
from flashpoint.coding.parse_tree import is_passive
from flashpoint.coding.role import Role
from flashpoint.nlp.deps import ALL_SUBJECTS as SUBJECTS

# Clauses a stray 'by' phrase is not looked for in: they have their own actors.
OWN_CLAUSES = {"relcl", "acl", "advcl", "ccomp", "xcomp", "parataxis", "conj"}


def _by_actor(prep: Token, index: ActorIndex) -> Role | None:
    for pobj in prep.children:
        if pobj.dep_ == "pobj":
            found = index.phrase(pobj)
            if found:
                return Role(found, f"'by' phrase after the passive (hung on '{prep.head.text}')", [pobj])
    return None


def stray_agent(verb: Token, index: ActorIndex) -> Role | None:
    if not is_passive(verb) or any(c.dep_ == "agent" for c in verb.children):
        return None
    # Below the verb, in its own phrases (not in subject or other clauses).
    stack = [c for c in verb.children if c.dep_ not in SUBJECTS and c.dep_ not in OWN_CLAUSES]
    while stack:
        tok = stack.pop()
        if tok.lower_ == "by" and tok.dep_ in ("prep", "agent") and tok.i > verb.i:
            found = _by_actor(tok, index)
            if found:
                return found
        stack.extend(c for c in tok.children if c.dep_ not in OWN_CLAUSES)
    # On the active verb above a passive clause: "X has been accused of ...,
    # much of it believed lost, by officials".
    head = verb.head
    if verb.dep_ in ("ccomp", "conj") and head.i != verb.i and not is_passive(head):
        for prep in head.children:
            if prep.dep_ == "prep" and prep.lower_ == "by" and prep.i > verb.i:
                found = _by_actor(prep, index)
                if found:
                    return found
    return None


def fronted_subject(verb: Token, index: ActorIndex) -> Role | None:
    if verb.dep_ != "ROOT" or any(c.dep_ in SUBJECTS for c in verb.children):
        return None
    fronted = [c for c in verb.lefts if c.dep_ in ("prep", "advcl", "npadvmod")]
    if not fronted:
        return None
    phrase = fronted[-1]
    last = phrase.right_edge.i
    between = verb.doc[last + 1:verb.i]
    if any(t.dep_ not in ("aux", "neg", "advmod") for t in between):
        return None
    commas = [t.i for t in phrase.subtree if t.lower_ == "," and t.i < last]
    if not commas:
        return None
    segment = verb.doc[commas[-1] + 1:last + 1]
    roots = [t for t in segment if not (segment.start <= t.head.i < segment.end)]
    if len(roots) != 1 or roots[0].dep_ not in ("conj", "appos", "pobj", "dobj", "npadvmod"):
        return None
    found = index.phrase(roots[0])
    if not found:
        return None
    return Role(found, f"subject parsed inside the opening phrase ('{segment.text}')", [roots[0]])
