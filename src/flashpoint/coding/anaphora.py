"""Event anaphora: "the attack", "the airstrikes", "this bombing" in a later
sentence name a happening the article has already told.

- ``known_happening`` decides which earlier event a definite event noun
  names again: the latest event of an earlier sentence of the same type,
  with a named source, told with the same word when one is ("the
  airstrikes" after "Israeli airstrikes"), else the latest of that type.
- ``resolve_event_anaphora`` applies it to a sentence's candidates: the
  noun with no actor of its own takes the earlier event's source and
  target (the same happening gets the same key, never a second one with no
  actors), and a verbal event about it ("condemned the attack", "praised
  the strike", "expressed regret over the airstrikes") with no target of
  its own is aimed at its author.

The word lists are in ``data/patterns/grammar_anaphora.yaml``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Token

from flashpoint.coding.parse_tree import is_nominal
from flashpoint.coding.patterns import Grammar
from flashpoint.coding.role import Role, RoleKind
from flashpoint.models import Event

if TYPE_CHECKING:  # pragma: no cover
    from flashpoint.coding.candidate import Candidate

LOOKBACK = 12  # earlier events looked at, latest first
TOLD_BEFORE = "the happening"  # how the rules below name a role taken from an earlier sentence


def told_before(role: Role) -> bool:
    """The role was taken from a happening told in an earlier sentence: the
    sentence's own states say nothing of its other side (no 'domestic'
    reading from them)."""
    return role.kind is RoleKind.TOLD_BEFORE


def _definite(tok: Token, grammar: Grammar) -> bool:
    return any(c.dep_ == "det" and c.lower_ in grammar.anaphoric_dets for c in tok.children)


def _dated_apart(tok: Token) -> bool:
    """'the 2019 bombing', 'the 1971 war': a year of its own marks another
    happening (background), never the one just told."""
    return any(c.dep_ in ("compound", "nummod", "amod", "npadvmod") and c.like_num and len(c.text) == 4
               for c in tok.children)


def known_happening(tok: Token, event_type: str, history: list[Event], grammar: Grammar) -> Event | None:
    """The earlier event that the definite event noun ``tok`` names again,
    or None (an indefinite noun, or no earlier event of its type with a
    named source)."""
    if not is_nominal(tok) or not _definite(tok, grammar) or _dated_apart(tok):
        return None
    earlier = [e for e in reversed(history[-LOOKBACK:])
               if e.event_type == event_type and e.source is not None and e.source.code
               and e.evidence.sentence != tok.sent.text]
    lemma = tok.lemma_.lower()
    for event in earlier:
        if lemma in (event.evidence.trigger or "").lower():
            return event
    return earlier[0] if earlier else None


def _about(verbal: Token, grammar: Grammar) -> list[Token]:
    """The nouns a verbal event is about: its object ("condemned the
    attack") or the object of an 'about' preposition ("regret over the
    strikes", "outrage at the killing")."""
    nouns = [c for c in verbal.children if c.dep_ in ("dobj", "nsubjpass")]
    # "warned that the strikes will not go unanswered": the subject of the
    # clause said about
    nouns += [s for c in verbal.children if c.dep_ == "ccomp"
              for s in c.children if s.dep_ in ("nsubj", "nsubjpass")]
    heads = [verbal] + nouns
    for head in heads:
        for prep in head.children:
            if prep.dep_ == "prep" and prep.lower_ in grammar.about_preps:
                nouns.extend(c for c in prep.children if c.dep_ == "pobj")
    return nouns


def _told_before(noun: Token, history: list[Event], grammar: Grammar) -> Role | None:
    """The author of an earlier happening told with the same word that a
    definite noun, coded as no event of its own here (it sits inside a
    warning or a condemnation), names again: 'warned that the strikes
    will be answered' after 'US strikes hit ...'."""
    if not is_nominal(noun) or not _definite(noun, grammar):
        return None
    lemma = noun.lemma_.lower()
    for event in reversed(history[-LOOKBACK:]):
        if (event.event_type in grammar.material_types and event.source is not None and event.source.code
                and lemma in (event.evidence.trigger or "").lower()):
            return Role([event.source], f"{TOLD_BEFORE} '{event.evidence.trigger}' told before", [noun],
                        RoleKind.TOLD_BEFORE)
    return None


def resolve_event_anaphora(candidates: dict[int, Candidate], history: list[Event], grammar: Grammar) -> None:
    """Definite event nouns that name an earlier happening take its actors;
    verbal events about a happening with a named author are aimed at it."""
    authors: dict[int, Role] = {}
    for cand in candidates.values():
        if cand.event_type not in grammar.material_types or not is_nominal(cand.trigger):
            continue
        if any(a.code for a in cand.source.actors):
            authors[cand.trigger.i] = cand.source
            continue
        if any(a.code for a in cand.target.actors):
            continue
        event = known_happening(cand.trigger, cand.event_type, history, grammar)
        if event is None:
            continue
        cand.source = Role([event.source], f"{TOLD_BEFORE} '{event.evidence.trigger}' told before", [],
                           RoleKind.TOLD_BEFORE)
        cand.target = Role([event.target] if event.target else [], "its target as told before", [])
        cand.notes.append(f"'{cand.trigger.text}' names again '{event.evidence.trigger}'")
        authors[cand.trigger.i] = cand.source
    for cand in candidates.values():
        if cand.event_type not in grammar.about_act_types or any(a.code for a in cand.target.actors):
            continue
        if cand.target.kind is RoleKind.RECIPROCAL:
            continue
        for noun in _about(cand.trigger, grammar):
            author = authors.get(noun.i) or _told_before(noun, history, grammar)
            if author is None:
                continue
            own = {a.code for a in cand.source.actors}
            actors = [a for a in author.actors if a.code not in own]
            if actors:
                cand.target = Role(actors, f"author of '{noun.text}'", [noun])
                cand.notes.append(f"aimed at the author of '{noun.text}'")
                break
