"""Where the last-resort target may be looked for in a trigger's phrase.

``phrase_state`` in targets_last_resort.py takes the first state named below
the trigger. Some of what hangs there names no participant:

- adjuncts of time, cause or manner ("agreed to resign without returning to
  X", "demanded a truce before allowing U.N. convoys", "as he succeeded X");
- for a ceasefire or a deal, its place ("declared a ceasefire in south
  Lebanon"): a locative phrase names where, not whom;
- while the threatened act itself is no event to step over: "threatened to
  impose a curfew in Algiers" is aimed at Algiers' state.
"""

from __future__ import annotations

from spacy.tokens import Token

from flashpoint.coding.actor_index import ActorIndex
from flashpoint.coding.parse_tree import OBJ_DEPS, phrase_tokens
from flashpoint.coding.patterns import Grammar
from flashpoint.coding.role import Role
from flashpoint.nlp.actor_context import mission_abroad


def _list(grammar: Grammar, name: str) -> frozenset[str]:
    return grammar.lists.get(name, frozenset())


def adjunct_stops(trigger: Token, grammar: Grammar, event_type: str) -> set[int]:
    """Tokens of the trigger's sentence whose phrases name no participant."""
    locative_ok = event_type in grammar.place_target_types or event_type == "THREATEN"
    preps = set() if locative_ok else set(_list(grammar, "adjunct_preps"))
    if event_type in _list(grammar, "no_locative_target_types"):
        preps |= _list(grammar, "locative_preps")
    marks = _list(grammar, "adjunct_marks")
    stops: set[int] = set()
    for tok in trigger.sent:
        if tok.i == trigger.i:
            continue
        if tok.dep_ == "prep" and tok.lower_ in preps:
            stops.add(tok.i)
        elif (not locative_ok and tok.dep_ == "advcl"
              and any(c.dep_ == "mark" and c.lower_ in marks for c in tok.children)):
            stops.add(tok.i)
    return stops


def locative_only(obj: Token, actor_tokens: list[int], grammar: Grammar) -> bool:
    """Every actor found in the object's phrase sits in a place phrase of it
    ("a ceasefire in south Lebanon")."""
    if not actor_tokens or obj.i in actor_tokens:
        return False
    locs = _list(grammar, "locative_preps")
    for i in actor_tokens:
        tok = obj.doc[i]
        for t in [tok, *tok.ancestors]:
            if t.i == obj.i:
                return False
            if t.dep_ == "prep" and t.lower_ in locs:
                break
        else:
            return False
    return True


def threatened_act(trigger: Token) -> set[int]:
    """The objects of the threatened act: "threatened to impose a curfew"."""
    out: set[int] = set()
    for comp in [trigger, *(c for c in trigger.children if c.dep_ == "xcomp")]:
        for obj in comp.children:
            if obj.dep_ in ("dobj", "obj"):
                out.add(obj.i)
                out.update(c.i for c in obj.conjuncts)
    return out


def purpose_object(comp: Token, index: ActorIndex) -> Role:
    """"opened fire to disperse the demonstrators": the object of a purpose
    clause (empty when the clause is no "to" purpose)."""
    if not any(c.dep_ == "aux" and c.lower_ == "to" for c in comp.children):
        return Role([], None, [])
    for obj in comp.children:
        if obj.dep_ in OBJ_DEPS:
            found = index.phrase(obj)
            if found:
                return Role(found, f"object of its purpose '{comp.text}'", [obj])
    return Role([], None, [])


def locative_object(obj: Token, index: ActorIndex, grammar: Grammar) -> bool:
    """For a type whose place is no target, the object names a state only in
    a place phrase of it ("declared a ceasefire in south Lebanon")."""
    if index.event_type not in _list(grammar, "no_locative_target_types"):
        return False
    toks = [t.i for t in phrase_tokens(obj) if any(a.code for a in index.at(t))]
    return locative_only(obj, toks, grammar)


def own_means(tok: Token, index: ActorIndex, grammar: Grammar) -> bool:
    """The source's own state named at ``tok`` is no last-resort target:
    as a possessor it names its own means ("offered Tehran's help", "to
    explain India's position"); as the object of a promised or offered act
    a policy at home ("promised to democratize Serbia"), except for attacks,
    coercion and threats ("police raided homes in Lahore")."""
    span = index.span_at(tok)
    root = span.root if span is not None else tok
    if root.dep_ == "poss":
        return True
    if index.event_type in grammar.place_target_types or index.event_type == "THREATEN":
        return False
    return root.dep_ in ("dobj", "obj") and root.head.dep_ in ("xcomp", "conj", "ccomp")


def mission_in_place_phrase(tok: Token, trigger: Token, index: ActorIndex, grammar: Grammar) -> bool:
    """``tok`` is a state's mission abroad named in a place phrase of the
    trigger ("a rally outside the French embassy", "wounded students in
    front of the US embassy"): where the act is, in another state than the
    mission's; not whom it is aimed at, nor whose the people there are."""
    span = index.span_at(tok)
    return span is not None and mission_abroad(span) and in_place_phrase(tok, trigger, grammar)


def in_place_phrase(tok: Token, trigger: Token, grammar: Grammar) -> bool:
    """``tok`` is (inside) a place phrase below the trigger ("arrested
    students at a university in Sivas")."""
    for t in [tok, *tok.ancestors]:
        if t.i == trigger.i:
            return False
        if t.dep_ == "prep" and t.lower_ in grammar.agent_place_preps:
            return True
    return False
