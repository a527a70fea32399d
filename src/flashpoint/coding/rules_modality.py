"""Rules of the ``modality`` and ``recode`` stages: whether the event
happened (``coding.modality``), then the type changes that implies, the
first that applies winning: refusing to cooperate is REJECT, preparing an
attack is MOBILIZE, a conflict act on a condition or an ultimatum is
THREATEN, some planned acts stay themselves, other planned cooperation is
AGREE and other planned conflict THREATEN (PLOVER)."""

from __future__ import annotations

from spacy.tokens import Token

from flashpoint.coding.candidate import Candidate, SentenceContext
from flashpoint.coding.engine import Example, rule
from flashpoint.coding.modality import Modality, modality_of
from flashpoint.coding.parse_tree import is_nominal, light_verb_of, reporting_verb
from flashpoint.coding.patterns import Grammar
from flashpoint.coding.rules_finders import find_source
from flashpoint.coding.rules_types import CONFLICT_ACTS, COOPERATIVE
from flashpoint.coding.types_rules import keep_planned, prepared_attack


@rule("modality.clause", stage="modality", order=10,
      example=Example("Pakistan denied that its forces fired on Indian posts.",
                      records=("ASSAULT PAK>IND",)))
def clause_modality(cand: Candidate, ctx: SentenceContext) -> None:
    """Negated, denied, hypothetical, planned or claimed, read off the
    trigger's clause and the clauses above it (``coding.modality``)."""
    cand.modality = modality_of(cand.trigger, ctx.index, ctx.grammar,
                                source=cand.source.actors, target=cand.target.actors)


@rule("recode.refusal", stage="recode", order=10,
      example=Example("Pakistan will not accept any talks with India.", records=("REJECT PAK",)))
def refusal(cand: Candidate, ctx: SentenceContext) -> bool:
    """Refusing to cooperate ("will not accept refugees", "would not meet
    the demands") is REJECT, asserted (PLOVER)."""
    grammar = ctx.grammar
    if cand.modality.value == "negated" and (
            cand.event_type in grammar.refusable_types or cand.trigger.lemma_.lower() in grammar.refusal_lemmas):
        cand.notes.append(f"negated {cand.event_type} coded REJECT")
        cand.event_type = "REJECT"
        cand.modality = Modality(why=f"refusal: {cand.modality.why}")
        return True
    return False


@rule("recode.prepared_attack", stage="recode", order=20,
      example=Example("The rebels were preparing to attack the garrison.", records=("MOBILIZE",)))
def preparing_an_attack(cand: Candidate, ctx: SentenceContext) -> bool:
    """Preparing to attack is mobilising, asserted
    (``coding.types_rules.prepared_attack``)."""
    return prepared_attack(cand, ctx.grammar)


@rule("recode.conditional_threat", stage="recode", order=30,
      example=Example("Pakistan may strike Indian bases if India attacks again.",
                      records=("THREATEN PAK>IND",)))
def conditional_threat(cand: Candidate, ctx: SentenceContext) -> bool:
    """A planned or hypothetical conflict act on a condition ("may halt its
    mediation if the parties do not cooperate") is a THREATEN."""
    threat = condition_word(cand.trigger, ctx.grammar, marks=ctx.grammar.condition_marks)
    if (threat and cand.modality.value in ("planned", "hypothetical") and cand.source
            and cand.event_type in CONFLICT_ACTS - {"THREATEN"}):
        cand.notes.append(f"{cand.event_type} on condition '{threat}' coded THREATEN")
        cand.event_type = "THREATEN"
        return True
    return False


@rule("recode.ultimatum", stage="recode", order=40,
      example=Example("Russia will withdraw its force unless the talks resume.", records=("THREATEN RUS",)))
def ultimatum(cand: Candidate, ctx: SentenceContext) -> bool:
    """A planned act or a promise under "unless" is an ultimatum: THREATEN."""
    conditional = condition_word(cand.trigger, ctx.grammar)
    if conditional and (cand.modality.value == "planned" or cand.match.pattern.intent):
        cand.notes.append(f"planned {cand.event_type} under '{conditional}' coded THREATEN")
        cand.event_type = "THREATEN"
        return True
    return False


@rule("recode.planned_stays", stage="recode", order=50,
      example=Example("The European Union will impose sanctions on Belarus.",
                      records=("SANCTION EU>BLR",)))
def planned_stays(cand: Candidate, ctx: SentenceContext) -> bool:
    """A planned sanction stays a sanction, a planned resignation or
    permission stays itself (``coding.types_rules.keep_planned``)."""
    return keep_planned(cand, ctx.grammar)


@rule("recode.planned_cooperation", stage="recode", order=60,
      example=Example("The two foreign ministers will meet in Geneva next week.",
                      records=("AGREE",), absent=("CONSULT",)))
def planned_cooperation(cand: Candidate, ctx: SentenceContext) -> bool:
    """Planned cooperation (other than an agreement) is AGREE (PLOVER)."""
    return _planned_as(cand, COOPERATIVE, "AGREE")


@rule("recode.own_possible_attack", stage="recode", order=65,
      example=Example("An Egyptian army spokesman said it could launch further strikes on the militants.",
                      records=("THREATEN EGY",), absent=("ASSAULT",)))
def own_possible_attack(cand: Candidate, ctx: SentenceContext) -> bool:
    """A conflict act that its own side says it may or could do ("the army
    said it could launch further strikes") is a warning: THREATEN (PLOVER).
    Told by anyone else ("analysts said the army could strike") it stays a
    hypothetical act."""
    if (cand.modality.value != "hypothetical" or cand.event_type not in CONFLICT_ACTS - {"THREATEN"}
            or not cand.source):
        return False
    carrier = light_verb_of(cand.trigger, ctx.grammar) if is_nominal(cand.trigger) else None
    verb = reporting_verb(carrier or cand.trigger, ctx.grammar)
    if verb is None:
        return False
    speaker = find_source(verb, ctx.index, ctx.grammar)
    own = {a.code for a in speaker.actors if a.code} & {a.code for a in cand.source.actors if a.code}
    if not own:
        return False
    cand.notes.append(f"{cand.event_type} its own side ({sorted(own)[0]}) says it could do coded THREATEN")
    cand.event_type = "THREATEN"
    return True


@rule("recode.planned_conflict", stage="recode", order=70,
      example=Example("Israel will strike Hezbollah positions in Lebanon.",
                      records=("THREATEN ISR",), absent=("ASSAULT",)))
def planned_conflict(cand: Candidate, ctx: SentenceContext) -> bool:
    """A planned conflict act is THREATEN (PLOVER)."""
    return _planned_as(cand, CONFLICT_ACTS, "THREATEN")


def _planned_as(cand: Candidate, types: frozenset[str], new_type: str) -> bool:
    """A planned act of one of ``types`` (other than ``new_type``) is ``new_type``."""
    if cand.modality.value == "planned" and cand.event_type in types - {new_type}:
        cand.notes.append(f"planned {cand.event_type} coded {new_type}")
        cand.event_type = new_type
        return True
    return False


def condition_word(trigger: Token, grammar: Grammar, *, marks: frozenset[str] | None = None) -> str | None:
    """The condition word ("unless"; any of ``marks`` when given) of a clause
    attached to the trigger or to the verb that carries it, or None."""
    marks = grammar.ultimatum_marks if marks is None else marks
    verbs = [trigger]
    if trigger.dep_ in ("xcomp", "ccomp") or trigger.pos_ in ("ADJ", "NOUN"):
        verbs.append(trigger.head)
    for verb in verbs:
        for clause in verb.children:
            if clause.dep_ != "advcl":
                continue
            for mark in clause.children:
                if mark.dep_ == "mark" and mark.lower_ in marks:
                    return mark.text
    return None
