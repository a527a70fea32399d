"""Modality: did the event happen, or is it claimed, denied, hypothetical,
negated or planned? Read off the trigger's clause and the clauses above it.

- negated: "did not attack", "no talks were held", "never met";
- denied: the event sits under a denial ("Pakistan denied that its forces
  fired"); ``claimed_by`` is the denier;
- negated also: what is prevented ("a curfew to prevent riots",
  ``prevention_verbs``) and what someone failed to do ("failed to arrive",
  ``failure_verbs``; not what they failed to prevent);
- hypothetical: a condition ("if", "unless"), a modal (may, might, could,
  would outside reported speech), "any war";
- planned: will / shall / going to, or under plan / prepare / intend / set
  ("plans to hold talks"); not an act that goes on ("will continue to
  support", ``continuing_verbs``);
- claimed: under claim / allege / insist, or "according to X", or a party
  reporting its own act ("Pakistan said it shot down ..."); ``claimed_by`` is
  whoever claims.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from flashpoint.coding.domestic import is_state
from flashpoint.coding.patterns import Grammar
from flashpoint.coding.roles import ActorIndex
from flashpoint.models import Actor

# How a prevented act hangs on "prevent": its object ("to prevent riots"),
# or "from" + gerund ("prevented them from marching").
PREVENTED_DEPS = ("dobj", "nsubjpass", "prep", "pcomp")

UP_DEPS = {"xcomp", "ccomp", "advcl", "conj", "dobj", "pobj", "prep", "pcomp", "acl", "relcl",
           "nsubj", "nsubjpass", "attr", "oprd", "appos", "compound", "amod"}  # fmt: skip


@dataclass
class Modality:
    value: str = "asserted"
    claimed_by: list[Actor] | None = None
    why: str | None = None


def _clause_of(token: Token) -> Token:
    """The verb whose clause a token is in (a noun's governing verb)."""
    tok = token
    for _ in range(6):
        if tok.pos_ in ("VERB", "AUX") or tok.dep_ == "ROOT":
            return tok
        tok = tok.head
    return tok


def _ancestors(token: Token, limit: int = 8):
    tok = token
    for _ in range(limit):
        if tok.head.i == tok.i:
            return
        if tok.dep_ not in UP_DEPS:
            return
        tok = tok.head
        yield tok


def _subject_actors(verb: Token, index: ActorIndex) -> list[Actor]:
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass"):
            return index.phrase(child)
    for child in verb.children:
        if child.dep_ == "agent":
            for pobj in child.children:
                return index.phrase(pobj)
    return []


def _is_negated(tok: Token, grammar: Grammar) -> bool:
    for child in tok.children:
        if child.dep_ == "neg" or (child.dep_ == "det" and child.lower_ == "no"):
            return True
        if child.dep_ == "advmod" and child.lower_ == "never":
            return True
        if child.dep_ in ("nsubj", "nsubjpass") and _negating_subject(child, grammar):
            return True
    return False


def _negating_subject(subject: Token, grammar: Grammar) -> bool:
    """'neither side will attack the other', 'no country has sent troops':
    a subject whose determiner says none of them acts negates its clause."""
    return any(c.dep_ == "det" and c.lower_ in grammar.negating_subject_dets for c in subject.children)


def _said_absent(trigger: Token) -> str | None:
    """A nominal event said to be absent: 'dispersed the crowd without
    clashes', 'there was no sign of fighting', 'no reports of shelling':
    the words that negate it, or None. The noun's own 'no' ('no talks')
    is read by ``_is_negated``."""
    if trigger.pos_ not in ("NOUN", "PROPN") or trigger.dep_ != "pobj":
        return None
    prep = trigger.head
    if prep.lower_ == "without":
        return "without"
    if prep.lower_ == "of" and prep.head.pos_ == "NOUN":
        if any(c.dep_ == "det" and c.lower_ == "no" for c in prep.head.children):
            return f"no {prep.head.text} of"
    return None


def _below_circumstance(trigger: Token, chain: list[Token], grammar: Grammar) -> list[Token]:
    """The chain of clauses above a nominal trigger, cut at a preposition of
    circumstance: 'agreed to reopen the border following talks', 'vowed
    to retaliate after the attacks': the talks and the attacks are when
    the act is offered, told as having happened, not offered or planned
    themselves."""
    if trigger.pos_ not in ("NOUN", "PROPN") or trigger.dep_ not in ("pobj", "dobj"):
        return chain
    if trigger.head.lower_ not in grammar.circumstance_preps:
        return chain
    return [t for t in chain if t.i == trigger.i or t.i == trigger.head.i]


def _denied_above(trigger: Token, grammar: Grammar) -> bool:
    """'denied knowledge of any fighting', 'denied any role in the
    attack': 'any' under a denial is the denial's scope (denied, read by
    the walk below), not a hypothetical event."""
    return any(t.pos_ == "VERB" and t.lemma_.lower() in grammar.deny_verbs for t in _ancestors(trigger, 5))


def _failed(verb: Token, grammar: Grammar) -> bool:
    """A verb someone failed to carry out ("failed to prevent ...")."""
    return verb.dep_ == "xcomp" and verb.head.lemma_.lower() in grammar.failure_verbs


def _aux(verb: Token) -> list[str]:
    return [c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")]


def _under_speech(verb: Token, grammar: Grammar) -> bool:
    """A reported clause ("said it would ..."), or one conjoined to it ("said
    it would prohibit aid and would deny entry")."""
    for _ in range(3):
        if verb.dep_ != "conj" or verb.head.i == verb.i:
            break
        verb = verb.head
    return verb.dep_ == "ccomp" and verb.head.lemma_.lower() in grammar.speech_verbs | grammar.claim_verbs


def modality_of(trigger: Token, index: ActorIndex, grammar: Grammar, *,
                source: list[Actor], target: list[Actor]) -> Modality:
    clause = _clause_of(trigger)
    # Negation on the trigger, its clause, or a light verb carrying it.
    if _is_negated(trigger, grammar) or (clause.i != trigger.i and _is_negated(clause, grammar)):
        return Modality("negated", why=f"negation on '{clause.text}'")
    absent = _said_absent(trigger)
    if absent:
        return Modality("negated", why=f"'{absent} {trigger.text}'")
    if trigger.pos_ in ("NOUN", "PROPN"):
        for child in trigger.children:
            if child.dep_ == "det" and child.lower_ in grammar.hypothetical_dets and not _denied_above(trigger, grammar):
                return Modality("hypothetical", why=f"'{child.text} {trigger.text}'")
            if child.dep_ == "amod" and child.lower_ in ("planned", "proposed", "upcoming", "possible", "potential", "future"):
                value = "planned" if child.lower_ in ("planned", "proposed", "upcoming") else "hypothetical"
                return Modality(value, why=f"'{child.text} {trigger.text}'")
    # Walk up: denials, claims, conditions, modals, plans.
    chain = [trigger] + ([] if clause.i == trigger.i else [clause])
    chain += [t for t in _ancestors(clause)]
    chain = _below_circumstance(trigger, chain, grammar)
    for depth, tok in enumerate(chain):
        lemma = tok.lemma_.lower()
        if depth > 0 and chain[depth - 1].dep_ == "conj" and chain[depth - 1].head.i == tok.i \
                and lemma in grammar.deny_verbs | grammar.strong_claim_verbs:
            # "denies any role and has offered talks": the second verb is
            # asserted on its own, not denied.
            break
        if (depth > 0 and tok.pos_ == "VERB" and chain[depth - 1].head.i == tok.i
                and _failed(chain[depth - 1], grammar)
                and chain[depth - 1].i in (trigger.i, clause.i)
                and chain[depth - 1].lemma_.lower() not in grammar.prevention_verbs):
            # "the inspectors failed to arrive", "failed to hold talks": what
            # was not done did not happen (only the act itself, or its light
            # verb, under "fail": "failed to stop the attack" keeps the attack).
            return Modality("negated", why=f"failed: under '{tok.text}'")
        if (depth > 0 and lemma in grammar.prevention_verbs and tok.pos_ == "VERB"
                and not _failed(tok, grammar)
                and chain[depth - 1].head.i == tok.i and chain[depth - 1].dep_ in PREVENTED_DEPS):
            # "a curfew imposed to prevent riots", "to avert a war": what is
            # prevented did not happen.
            return Modality("negated", why=f"prevented: under '{tok.text}'")
        if depth > 0 and tok.i != trigger.i and lemma in grammar.deny_verbs and tok.pos_ == "VERB":
            return Modality("denied", _subject_actors(tok, index) or None, f"under '{tok.text}'")
        if depth > 0 and tok.i != trigger.i and lemma in grammar.strong_claim_verbs and tok.pos_ == "VERB":
            return Modality("claimed", _subject_actors(tok, index) or None, f"under '{tok.text}'")
    according = _according_to(clause, index)
    if according is not None:
        return Modality("claimed", according or None, "'according to'")
    for depth, tok in enumerate(chain[: 3]):
        if depth > 0 and tok.lemma_.lower() in grammar.continuing_verbs \
                and chain[depth - 1].dep_ == "xcomp" and chain[depth - 1].head.i == tok.i:
            # "would continue to support X", "will keep shelling": the act
            # goes on now; a modal on "continue" tells of its future, not of
            # whether it happens ("will not continue to support": stopped).
            if _is_negated(tok, grammar):
                return Modality("negated", why=f"negation on '{tok.text}'")
            break
        if tok.pos_ not in ("VERB", "AUX", "ADJ"):
            continue
        for child in tok.children:
            if child.dep_ == "mark" and child.lower_ in grammar.hypothetical_marks:
                return Modality("hypothetical", why=f"'{child.text}' clause")
        aux = _aux(tok)
        if any(a in grammar.planned_aux for a in aux) and not _is_negated(tok, grammar):
            return Modality("planned", why=f"'{' '.join(aux)} {tok.text}'")
        if "would" in aux and _under_speech(tok, grammar):
            return Modality("planned", why=f"'would {tok.text}' in reported speech")
        if any(a in grammar.hypothetical_aux for a in aux):
            return Modality("hypothetical", why=f"'{' '.join(aux)} {tok.text}'")
        if tok.dep_ == "xcomp" and tok.head.lemma_.lower() in grammar.planned_verbs:
            return Modality("planned", why=f"under '{tok.head.text}'")
    # A party reporting its own act: "Pakistan said it shot down ...".
    for tok in chain[1:5]:
        if tok.lemma_.lower() in grammar.claim_verbs and tok.pos_ == "VERB" and tok.i != trigger.i:
            # "soldiers were reported killed": a passive verb of saying has
            # no speaker in its subject
            passive = any(c.dep_ == "auxpass" for c in tok.children)
            speaker = [] if passive else _subject_actors(tok, index)
            codes = {a.code for a in source + target if a.code}
            if speaker and any(a.code in codes for a in speaker):
                return Modality("claimed", speaker, f"reported by a party under '{tok.text}'")
            if speaker and _tells_of_the_other_side(speaker, source, target, trigger):
                return Modality("claimed", speaker, f"told of the other side under '{tok.text}'")
            break
    return Modality()


def _tells_of_the_other_side(speaker: list[Actor], source: list[Actor], target: list[Actor],
                             trigger: Token) -> bool:
    """A state telling of harm done to another state's people with no author
    named ("India's military said 35 Pakistani soldiers had been killed"):
    its count of the other side's losses, a claim. Not a body of states or
    a party's own losses (those are the own-act rule's)."""
    if any(a.code for a in source):
        return False
    speakers = {a.code for a in speaker if a.code and is_state(a.code, trigger.doc)}
    victims = {a.code for a in target if a.code}
    return bool(speakers and victims) and not speakers & victims and all(
        is_state(c, trigger.doc) for c in victims)


def _according_to(clause: Token, index: ActorIndex) -> list[Actor] | None:
    """Actors of an "according to X" phrase in the clause (or the sentence
    root), [] when it names none, None when there is no such phrase."""
    candidates = [clause, clause.sent.root]
    for verb in candidates:
        for prep in verb.children:
            if prep.dep_ != "prep" or prep.lower_ != "according":
                continue
            for to in prep.children:
                for pobj in to.children:
                    if pobj.dep_ == "pobj":
                        return index.phrase(pobj)
            return []
    return None
