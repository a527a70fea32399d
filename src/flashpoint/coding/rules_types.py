"""Rules of the ``type`` stage: a candidate for every trigger that may be
an event, with the PLOVER type its pattern gives, then the choices the
pattern alone cannot make (what a promise is a promise of, a type that
depends on who acts, the refinements of ``coding.types_rules``)."""

from __future__ import annotations

from spacy.tokens import Token

from flashpoint.coding.candidate import Candidate, SentenceContext
from flashpoint.coding.engine import Example, rule
from flashpoint.coding.patterns import Match
from flashpoint.coding.types_rules import refine_type
from flashpoint.models import QUAD_CLASS

COOPERATIVE = frozenset(t for t, q in QUAD_CLASS.items() if q.endswith("cooperation"))
CONFLICT_ACTS = frozenset({"ASSAULT", "COERCE", "SANCTION", "MOBILIZE", "PROTEST", "THREATEN"})


@rule("type.from_pattern", stage="type", order=10,
      example=Example("Rebels ambushed an army convoy near the border.", records=("ASSAULT",)))
def from_pattern(ctx: SentenceContext) -> None:
    """Every trigger kept by the trigger rules becomes a candidate of its
    pattern's type."""
    for i, m in ctx.kept.items():
        ctx.candidates[i] = Candidate(m, m.pattern.type, ctx.sources[i])


@rule("type.promise", stage="type", order=20,
      example=Example("Pakistan promised to strike back at India.", records=("THREATEN PAK>IND",)))
def promise(ctx: SentenceContext) -> None:
    """An offer, promise or vow (an ``intent`` pattern) takes the kind of
    the act it is about: a conflict act promised is THREATEN, a cooperative
    one AGREE ("vowed to retaliate" threatens, "vowed to cooperate" agrees)."""
    for cand in ctx.candidates.values():
        pattern = cand.match.pattern
        if not pattern.intent:
            continue
        kinds = promised_kinds(cand.trigger, ctx)
        conflict = bool(kinds & (CONFLICT_ACTS | {"ACCUSE"}))
        if pattern.type == "THREATEN":
            cand.event_type = "AGREE" if kinds & COOPERATIVE and not conflict else "THREATEN"
        else:
            cand.event_type = "THREATEN" if conflict else "AGREE"


@rule("type.by_source_sector", stage="type", order=30,
      example=Example("The foreign ministry of Pakistan protested the detention of its diplomats.",
                      records=("ACCUSE PAK",), absent=("PROTEST",)))
def by_source_sector(ctx: SentenceContext) -> None:
    """A pattern may give another type by the sector of who acts
    (``source_sector_types``): the first source actor of a listed sector
    decides."""
    for i, cand in ctx.candidates.items():
        types = cand.match.pattern.source_sector_types
        for actor in ctx.sources[i].actors if types else ():
            if actor.sector in types:
                cand.event_type = types[actor.sector]
                break


@rule("type.refine", stage="type", order=40,
      example=Example("Pakistan protested to India over the water treaty.",
                      records=("ACCUSE PAK>IND",), absent=("PROTEST",)))
def refine(ctx: SentenceContext) -> None:
    """The refinements of ``coding.types_rules.refine_type``: peacekeepers
    arriving bring help (AID), a protest by a state is in words (ACCUSE),
    a border opened to people is AID, exercises of one side alone are
    MOBILIZE."""
    for i, cand in ctx.candidates.items():
        choice = refine_type(cand.match, cand.event_type, ctx.sources[i], ctx.grammar)
        cand.event_type = choice.event_type
        cand.mode = choice.mode
        cand.contexts = list(choice.contexts)
        if choice.why:
            cand.notes.append(choice.why)


@rule("type.unsaid", stage="type", order=50,
      example=Example("Rebels violated the ceasefire.", records=("ASSAULT",), absent=("ACCUSE",)))
def unsaid(ctx: SentenceContext) -> None:
    """A speaker-sourced trigger with no reporting speaker takes the
    pattern's ``unsaid_type``, or is no event when it has none."""
    for i in list(ctx.candidates):
        if i in ctx.said and ctx.said[i] is None:
            pattern = ctx.candidates[i].match.pattern
            if not pattern.unsaid_type:
                del ctx.candidates[i]
            else:
                ctx.candidates[i].event_type = pattern.unsaid_type


@rule("type.pattern_contexts", stage="type", order=90,
      example=Example("Pakistan protested to India over the water treaty.", records=("ACCUSE",)))
def pattern_contexts(ctx: SentenceContext) -> None:
    """A pattern's contexts belong to its type: they stay on the candidate
    only when the type chosen is the pattern's (or the pattern is a
    promise)."""
    for cand in ctx.candidates.values():
        cand.pattern_contexts = cand.event_type == cand.match.pattern.type or cand.match.pattern.intent


def promised_kinds(trigger: Token, ctx: SentenceContext) -> set[str]:
    """The event types of the act an offer, promise or vow is about: the
    complement verb when it is a trigger ("vowed to retaliate"), else the
    event nouns it governs ("agreed to hold talks"); a reversal verb
    turns a conflict act into a cooperative one ("agreed to postpone the
    protest", "ready to lift the embargo")."""
    grammar = ctx.grammar

    def kind_of(tok: Token) -> str | None:
        other: Match | None = ctx.by_token.get(tok.i)
        if other is None or other.pattern.intent or tok.i == trigger.i:
            return None
        return other.pattern.type

    comps = [c for c in trigger.children if c.dep_ in ("xcomp", "ccomp", "acl", "dobj")]
    comps += [g for c in trigger.children if c.dep_ == "prep" and c.lower_ in ("to", "of", "for")
              for g in c.children if g.dep_ in ("pobj", "pcomp")]
    kinds: set[str] = set()
    for comp in comps:
        phrases = {comp.lemma_.lower()} | {f"{comp.lemma_.lower()} {c.lemma_.lower()}"
                                           for c in comp.children if c.dep_ == "dobj"}
        if phrases & grammar.participation_verbs:
            # "offered to take part in a neutral investigation": joining an
            # act is cooperating, whatever the act.
            kinds.add("COOPERATE")
            continue
        own = kind_of(comp)
        if own is not None:
            kinds.add(own)
            continue
        reversal = comp.lemma_.lower() in grammar.reversal_verbs
        objs = [c for c in comp.children if c.dep_ in ("dobj", "xcomp", "nsubjpass", "attr")]
        objs += [g for c in comp.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
        for obj in objs:
            kind = kind_of(obj)
            if kind is None:
                continue
            if reversal and kind in CONFLICT_ACTS:
                kind = "CONCEDE"
            kinds.add(kind)
        if reversal and not kinds:
            kinds.add("CONCEDE")
    return kinds
