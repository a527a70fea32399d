"""Who a conditional warning is aimed at.

``threatened_party`` decides the target of a threat that names none of its
own: the actor whose act the condition names ("warned it will respond if
the rebels attack its bases", "vowed to strike back should the militia
advance"): the threat is aimed at whoever might do what the condition
says; that act itself is the warning's condition, not an act done, and
no event of its own. ``readiness_in_threat`` decides that an offer-like readiness inside
the warning ("warned it is ready to take action if ...") is the threat
itself, not a second (cooperative) event.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Token

from flashpoint.coding.actor_index import ActorIndex
from flashpoint.coding.patterns import Grammar
from flashpoint.coding.role import Role, RoleKind

if TYPE_CHECKING:  # pragma: no cover
    from flashpoint.coding.candidate import Candidate


def _conditions(tok: Token, grammar: Grammar) -> list[Token]:
    """The condition clauses ('if ...', 'unless ...') in the subtree of a
    warning (its reported clause and the clauses below it)."""
    return [t for t in tok.subtree if t.dep_ == "advcl"
            and any(c.dep_ == "mark" and c.lower_ in grammar.condition_marks for c in t.children)]


def threatened_party(candidates: dict[int, Candidate], index: ActorIndex, grammar: Grammar) -> None:
    """Threats with no named target are aimed at the subject of their
    condition clause, when it names an actor other than the threatener; the
    hostile act that condition names is dropped (it may never happen)."""
    for i, cand in list(candidates.items()):
        if cand.event_type != "THREATEN" or i not in candidates:
            continue
        open_target = not any(a.code for a in cand.target.actors) and cand.target.kind is not RoleKind.RECIPROCAL
        own_codes = {a.code for a in cand.source.actors if a.code}
        own_texts = {a.text for a in cand.source.actors if a.text}
        for clause in _conditions(cand.trigger, grammar):
            subjects = [c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")]
            actors = [a for s in subjects for a in index.phrase(s)
                      if not (a.code and a.code in own_codes) and a.text not in own_texts]
            if not actors:
                continue
            # what the other party might do is the warning's condition,
            # not an act done ("if the rebels attack its bases")
            for verb in (clause, *clause.conjuncts):
                act = candidates.get(verb.i)
                if act is not None and act is not cand and act.event_type in grammar.hostile_types:
                    cand.notes.append(f"'{verb.text}' is its condition, not an act done")
                    del candidates[verb.i]
            if open_target:
                cand.target = Role(actors, f"subject of its condition '{clause.text}'", subjects)
                cand.notes.append("aimed at whoever the condition names")
                open_target = False
        for j, other in list(candidates.items()):
            if j != i and readiness_in_threat(other, cand):
                cand.notes.append(f"'{other.trigger.text}' is the threat itself")
                del candidates[j]


def readiness_in_threat(other: Candidate, threat: Candidate) -> bool:
    """'warned it is ready to take action if ...': a readiness or promise
    (AGREE from an intent pattern) in the clause a warning reports is the
    warning's content."""
    if other.event_type != "AGREE" or not other.match.pattern.intent:
        return False
    tok = other.trigger
    for _ in range(3):
        if tok.head.i == tok.i:
            return False
        if tok.dep_ not in ("ccomp", "xcomp", "acomp", "conj"):
            return False
        tok = tok.head
        if tok.i == threat.trigger.i:
            return True
    return False
