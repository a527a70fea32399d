"""From a finished candidate to event records: one record per (source,
target) pair, with the PLOVER mode and contexts, the modality, the
evidence (sentence and trigger span) and a confidence; the trace of each
record says which pattern fired and which rules set what.

What a record needs (``records_of``): a material act needs nothing more
than its trigger; a verbal act needs a source; a nominal verbal act
("talks") also a target, unless two or more sources act together; an act
aimed only at oneself ("blew himself up" as target) gives none."""

from __future__ import annotations

from spacy.tokens import Span

from flashpoint.coding.candidate import Candidate
from flashpoint.coding.parse_tree import REFLEXIVE, is_nominal
from flashpoint.coding.patterns import Grammar, Match
from flashpoint.coding.role import RoleKind, same_actor
from flashpoint.models import Actor, Event, Evidence


def records_of(cand: Candidate, sent: Span, grammar: Grammar, *, symmetric: bool):
    """(event, trace) pairs for a finished candidate; ``symmetric``: the
    candidate is a clash naming both sides as one."""
    nominal = is_nominal(cand.trigger)
    sources = cand.source.actors or [None]
    if cand.reciprocal and cand.sides:
        pairs = [(s, t) for i, side in enumerate(cand.sides) for s in side
                 for j, other in enumerate(cand.sides) if i != j for t in other]
    elif (cand.reciprocal or (symmetric and not cand.target)) and len(cand.source.actors) >= 2:
        pairs = [(s, t) for s in cand.source.actors for t in cand.source.actors if s is not t]
    else:
        targets = cand.target.actors or [None]
        domestic = cand.target.kind is RoleKind.DOMESTIC
        pairs = [(s, t) for s in sources for t in targets
                 if s is None or t is None or domestic or not same_actor(s, t)]
    material = cand.event_type in grammar.material_types
    if not pairs and material:
        # "security forces killed three militants in X": a place of one's
        # own state is no target; the act itself stays.
        pairs = [(s, None) for s in sources]
    if cand.target.kind is RoleKind.REFLEXIVE and not cand.target:
        return
    if not material:
        if not cand.source:
            return
        joint = len(cand.source.actors) >= 2  # "officials of both states held talks"
        if nominal and not cand.target and not joint and cand.event_type not in ("RETREAT", "AID", "COOPERATE"):
            return
    start, end = trigger_span(cand.match)
    trigger_text = sent.doc[start:end].text
    mode = mode_of(cand, grammar)
    contexts = contexts_of(cand, grammar)
    for source, target in pairs:
        event = Event(
            doc_id=sent.doc._.fp_doc_id or "",
            event_type=cand.event_type,
            evidence=Evidence(sentence=sent.text, start=sent.start_char, end=sent.end_char,
                              trigger=trigger_text),
            source=source,
            target=target,
            mode=mode,
            contexts=list(contexts),
            modality=cand.modality.value,
            claimed_by=(cand.modality.claimed_by or [None])[0],
            confidence=confidence(cand, nominal),
            _trigger_span=(start, end),
        )
        yield event, {
            "pattern": cand.match.pattern.id,
            "trigger": trigger_text,
            "trigger_i": cand.trigger.i,
            "source_rule": cand.source.rule,
            "target_rule": cand.target.rule,
            "source_finder": cand.source.finder,
            "target_finder": cand.target.finder,
            "modality_rule": cand.modality.why,
            "notes": list(cand.notes),
            "rules": [f"{rule_id}: {change}" for rule_id, change in cand.fired],
        }


def mode_of(cand: Candidate, grammar: Grammar) -> str | None:
    """The PLOVER mode: one a rule set, "suicide-attack" for an attack on
    oneself, the pattern's, or one a word of the trigger's phrase names
    (``mode_words``: "drone strike" aerial)."""
    if cand.mode:
        return cand.mode
    if cand.event_type == "ASSAULT" and any(
            c.dep_ == "dobj" and c.lower_ in REFLEXIVE for c in cand.trigger.children):
        return "suicide-attack"  # "blew himself up"
    mode = cand.match.pattern.mode
    if cand.event_type not in ("ASSAULT", "CONSULT"):
        return mode if cand.event_type == cand.match.pattern.type else None
    words = [cand.trigger] + [c for c in cand.trigger.children
                              if c.dep_ in ("compound", "amod", "nmod", "dobj", "nsubj")]
    for prep in cand.trigger.children:
        if prep.dep_ == "prep" and prep.lower_ in ("with", "by", "using"):
            words.extend(c for c in prep.children if c.dep_ == "pobj")
    for word in words:
        found = grammar.mode_words.get(word.lemma_.lower())
        if found and (cand.event_type == "ASSAULT") == (found not in ("phone",)):
            return found
    return mode


def contexts_of(cand: Candidate, grammar: Grammar) -> list[str]:
    """PLOVER contexts: the pattern's (when its type was kept), the rules',
    those the trigger's words name (``context_words``), terrorism for an
    attack by rebels, mediation for a third party's agreement or meeting
    aimed at the states in focus."""
    out = list(cand.match.pattern.contexts) if cand.pattern_contexts else []
    out += [c for c in cand.contexts if c not in out]
    tok = cand.trigger
    words = [tok] + list(tok.children)
    for child in tok.children:
        if child.dep_ in ("dobj", "pobj", "prep"):
            words.extend(child.children)
    for word in words:
        ctx = grammar.context_words.get(word.lemma_.lower())
        if ctx and ctx not in out:
            out.append(ctx)
    for actor in cand.source.actors:
        if actor.sector == "REB" and cand.event_type == "ASSAULT" and "terrorism" not in out:
            out.append("terrorism")
    if cand.inferred_target and cand.event_type in ("AGREE", "CONSULT") and "mediation" not in out:
        out.append("mediation")
    return out


def trigger_span(match: Match) -> tuple[int, int]:
    idx = sorted({t.i for t in match.tokens})
    trig = match.trigger.i
    near = [i for i in idx if abs(i - trig) <= 2]
    return min(near), max(near) + 1


def actor_key(actor: Actor | None):
    if actor is None:
        return None
    return (actor.code, actor.name, actor.sector) if (actor.code or actor.name) else actor.text


def confidence(cand: Candidate, nominal: bool) -> float:
    score = 0.8
    if not cand.source:
        score -= 0.2
    if not cand.target:
        score -= 0.15
    if cand.inferred_target:
        score -= 0.15
    if nominal:
        score -= 0.05
    return round(max(0.1, min(1.0, score)), 2)
