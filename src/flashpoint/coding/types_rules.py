"""Type choices the trigger patterns alone cannot make.

The event coder (``coding.events``) calls these at three points:

- ``refine_type`` when a trigger's type is chosen (before its target is
  looked for): peacekeepers arriving or deployed bring help (AID, context
  peacekeeping); a protest by a state or an official body is a protest in
  words (ACCUSE); exercises of one state alone are mobilisation, of two or
  more (or "joint") cooperation;
- ``absorb_parts`` once every trigger of a sentence is a candidate: a
  trigger that is only part of another's event goes (the purpose "to allow
  ..." of an act, the restriction a lifting verb lifts, the deployment that
  arrives), and a group disarmed with no one named as disarming it is the
  actor of its own disarmament;
- ``prepared_attack`` and ``keep_planned`` once modality is known:
  preparing to attack is mobilising (asserted, not a planned attack); a
  planned sanction stays a sanction, a planned resignation or permission
  stays itself (the coder otherwise turns planned cooperation into AGREE,
  planned conflict into THREATEN).

The word lists are in ``data/patterns/grammar_types.yaml``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from spacy.tokens import Token

from flashpoint.coding.modality import Modality
from flashpoint.coding.patterns import Grammar, Match
from flashpoint.coding.role import RoleKind
from flashpoint.coding.roles import ActorIndex, Role, is_nominal
from flashpoint.nlp.deps import SUBJECTS

if TYPE_CHECKING:  # pragma: no cover
    from flashpoint.coding.candidate import Candidate



def _words_of(tok: Token, deps: tuple[str, ...]) -> set[str]:
    """Lemmas in the phrases hung on ``tok`` by ``deps``."""
    return {w.lemma_.lower() for c in tok.children if c.dep_ in deps for w in c.subtree}


# -- when the type is chosen ---------------------------------------------------------
class TypeChoice(NamedTuple):
    event_type: str
    why: str | None = None  # None when nothing changed
    contexts: tuple[str, ...] = ()
    mode: str | None = None


def refine_type(m: Match, event_type: str, source: Role, grammar: Grammar) -> TypeChoice:
    """The type of a trigger after the rules below, a note saying why, and
    the contexts and mode the rule gives."""
    tok = m.trigger
    lemma = tok.lemma_.lower()
    if event_type in ("MOBILIZE", "CONSULT") and lemma in grammar.arrival_lemmas:
        # "peacekeeping troops arrived in X", "the UN deployed peacekeepers",
        # "the deployment of peacekeepers": help, not a show of force.
        if is_nominal(tok):
            words = {w.lemma_.lower() for w in tok.subtree}
        else:
            words = _words_of(tok, (*SUBJECTS, "dobj", "agent"))
        if words & grammar.peacekeeping_words:
            return TypeChoice("AID", "peacekeepers arriving or deployed: AID", ("peacekeeping",))
    if event_type == "PROTEST" and lemma == "protest" and tok.pos_ == "VERB":
        # "Pakistan protested to India", "the ministry protested the decision":
        # a state or official body protests in words.
        if any(a.code and a.sector in grammar.verbal_protest_sectors for a in source.actors) \
                or any(c.dep_ == "prep" and c.lower_ in ("to", "with") for c in tok.children):
            return TypeChoice("ACCUSE", "protest by a state or official body: in words (ACCUSE)",
                              mode="disapprove")
    if event_type == "RETREAT" and lemma in ("open", "reopen") and _admits_people(tok, grammar):
        # "opened its borders to refugees": letting people in is help.
        return TypeChoice("AID", "border opened to people: AID", ("migration",))
    if event_type == "COOPERATE":
        nouns = [t for t in m.tokens if t.lemma_.lower() in grammar.exercise_nouns]
        if nouns and not _joint(nouns[0], tok, source, grammar):
            return TypeChoice("MOBILIZE", "exercises of one side alone: MOBILIZE", mode="troops")
    return TypeChoice(event_type)


def _admits_people(verb: Token, grammar: Grammar) -> bool:
    """'opened its border to refugees / to West Africans' (not 'to trade',
    not 'to Afghanistan')."""
    objs = [c for c in verb.children if c.dep_ == "dobj" and c.lemma_.lower() in grammar.entry_nouns]
    if not objs:
        return False
    for prep in (p for t in [verb, *objs] for p in t.children if p.dep_ == "prep" and p.lower_ == "to"):
        for pobj in (c for c in prep.children if c.dep_ == "pobj"):
            if pobj.lemma_.lower() in grammar.admitted_people or pobj.tag_ == "NNPS":
                return True
    return False


def _joint(noun: Token, trigger: Token, source: Role, grammar: Grammar) -> bool:
    """'joint exercises', 'drills with Japan', 'France and Egypt held war
    games': more than one party takes part."""
    if any(c.dep_ in ("amod", "compound") and c.lemma_.lower() in grammar.joint_words for c in noun.children):
        return True
    for tok in (noun, trigger):
        if any(c.dep_ == "prep" and c.lower_ in ("with", "between", "alongside") for c in tok.children):
            return True
    return len({a.code for a in source.actors if a.code}) >= 2


# -- once the sentence's candidates are known -----------------------------------------
def absorb_parts(candidates: dict[int, Candidate], index: ActorIndex, grammar: Grammar) -> None:
    for i in list(candidates):
        cand = candidates.get(i)
        if cand is None:
            continue
        _purpose_permission(cand, candidates, grammar)
    for cand in list(candidates.values()):
        if cand.trigger.i not in candidates:
            continue
        # "lifted the curfew", "launched ten days of war games": a noun the
        # pattern matched beside its trigger is part of its event.
        for tok in cand.match.tokens:
            other = candidates.get(tok.i)
            if tok.i == cand.trigger.i or other is None or not is_nominal(tok):
                continue
            if other.event_type != cand.event_type or not other.source:
                del candidates[tok.i]
                cand.notes.append(f"'{tok.text}' is part of its event")
    for i, cand in list(candidates.items()):
        tok = cand.trigger
        if tok.dep_ == "compound" and tok.head.lemma_.lower() in grammar.exercise_nouns:
            del candidates[i]  # "live-fire drills": the kind of exercise, no attack
    for cand in list(candidates.values()):
        if cand.trigger.i in candidates:
            _protest_demands(cand, candidates, grammar)
        _arrival_subject(cand, candidates)
        _disarmed_group(cand, index, grammar)
        _forces_not_target(cand)


def _purpose_permission(cand: Candidate, candidates: dict[int, Candidate], grammar: Grammar) -> None:
    """'opened the bridge to allow the delivery of grain to X': the
    permission is the purpose of the opening, one event; its recipient is
    the opening's target when that has none."""
    tok = cand.trigger
    if tok.lemma_.lower() not in grammar.purpose_permission_verbs or tok.dep_ != "advcl":
        return
    if not any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children):
        return
    head = candidates.get(tok.head.i)
    if head is None:
        return
    if not any(a.code for a in head.target.actors) and any(a.code for a in cand.target.actors):
        head.target = Role(cand.target.actors, f"target of its purpose '{tok.text}'", cand.target.tokens)
    head.notes.append(f"'to {tok.text} ...' is its purpose, no event of its own")
    del candidates[tok.i]


def _protest_demands(cand: Candidate, candidates: dict[int, Candidate], grammar: Grammar) -> None:
    """'staged a hunger strike to demand the release of ...', 'blocked roads
    demanding reforms': the demand is what the protest is for, one event (the
    protest's target, when it has none, is the demand's)."""
    if cand.event_type != "PROTEST":
        return
    verbs = [cand.trigger]
    if is_nominal(cand.trigger) and cand.trigger.head.pos_ == "VERB" and cand.trigger.dep_ in ("dobj", "nsubjpass"):
        verbs.append(cand.trigger.head)  # "staged demonstrations to demand ..."
    for clause in (c for v in verbs for c in v.children if c.dep_ in ("advcl", "xcomp")):
        purpose = any(a.dep_ == "aux" and a.lower_ == "to" for a in clause.children)
        if not (purpose or clause.tag_ == "VBG"):
            continue
        other = candidates.get(clause.i)
        if other is None or other.event_type not in grammar.protest_purpose_types:
            continue
        if not any(a.code for a in cand.target.actors) and any(a.code for a in other.target.actors):
            cand.target = Role(other.target.actors, f"target of its demand '{clause.text}'", other.target.tokens)
        cand.notes.append(f"'{clause.text}' is what it demands, no event of its own")
        del candidates[clause.i]


def _arrival_subject(cand: Candidate, candidates: dict[int, Candidate]) -> None:
    """'the first deployment of troops arrived in X': the deployment is the
    arrival itself."""
    tok = cand.trigger
    if not is_nominal(tok) or tok.dep_ not in SUBJECTS:
        return
    head = candidates.get(tok.head.i)
    if head is None or head.event_type not in ("MOBILIZE", "AID", "CONSULT") or \
            cand.event_type not in ("MOBILIZE", "AID"):
        return
    if not head.source and cand.source:
        head.source = cand.source
    head.notes.append(f"its subject '{tok.text}' is the same movement")
    del candidates[tok.i]


def _forces_not_target(cand: Candidate) -> None:
    """'ordered patrols by police', 'deployed soldiers of the border force':
    the forces moved are the mobilisation's own, not its target."""
    if cand.event_type != "MOBILIZE" or not cand.target.tokens or cand.target.kind is RoleKind.RECIPROCAL:
        return
    moved = {t.i for c in cand.trigger.children if c.dep_ in ("dobj", "nsubjpass") for t in c.subtree}
    if all(t.i in moved for t in cand.target.tokens):
        cand.notes.append(f"'{cand.target.tokens[0].text}' names the forces moved, not a target")
        cand.target = Role([], None)


def _disarmed_group(cand: Candidate, index: ActorIndex, grammar: Grammar) -> None:
    """'the guerrillas have been demobilized', 'eighty peacekeepers were
    shipped out': told in the passive with no agent, the group disarmed or
    withdrawn is the actor (PLOVER RETREAT, modes disarm and withdraw)."""
    tok = cand.trigger
    if cand.event_type != "RETREAT" or cand.match.pattern.mode not in grammar.passive_actor_modes:
        return
    if any(c.dep_ == "agent" for c in tok.children):
        return
    for subj in (c for c in tok.children if c.dep_ == "nsubjpass"):
        found = index.phrase(subj)
        if found:
            cand.source = Role(found, "the group disarmed or withdrawn (passive, no agent)", [subj])
            if any(a in found for a in cand.target.actors):
                cand.target = Role([], None)
            return


# -- once modality is known -----------------------------------------------------------
def prepared_attack(cand: Candidate, grammar: Grammar) -> bool:
    """'prepared to resume shelling', 'poised to attack', 'getting ready to
    strike': the preparation is happening (MOBILIZE, asserted); True when
    the candidate was recoded."""
    prep = _preparation(cand, grammar)
    if prep is None or cand.event_type not in ("ASSAULT", "THREATEN"):
        return False
    cand.notes.append(f"{cand.event_type} being prepared ('{prep.text}') coded MOBILIZE")
    cand.event_type = "MOBILIZE"
    cand.mode = "troops"
    cand.modality = Modality(why=f"preparations under '{prep.text}'")
    return True


def keep_planned(cand: Candidate, grammar: Grammar) -> bool:
    """True when a planned act keeps its type: an announced sanction ("said
    it would prohibit all aid"), a resignation, a permission (the coder
    otherwise turns planned cooperation into AGREE, planned conflict into
    THREATEN)."""
    if cand.modality.value != "planned":
        return False
    pattern = cand.match.pattern
    if cand.event_type in grammar.planned_kept_types and pattern.mode not in grammar.planned_threat_modes:
        cand.notes.append(f"announced {cand.event_type} kept (modality planned)")
        return True
    if cand.event_type not in ("RETREAT", "CONCEDE") or cand.event_type != pattern.type or pattern.intent:
        return False
    lemma = cand.trigger.lemma_.lower()
    if lemma in grammar.planned_kept_lemmas:
        cand.notes.append(f"planned {cand.event_type} ('{cand.trigger.text}') kept")
        return True
    head = cand.trigger.head
    if cand.trigger.dep_ == "xcomp" and head.lemma_.lower() in grammar.decision_verbs:
        cand.notes.append(f"{cand.event_type} decided ('{head.text}'): kept")
        return True
    return False


def _preparation(cand: Candidate, grammar: Grammar) -> Token | None:
    """The word saying the act is being got ready: 'prepared to resume
    shelling', 'poised to attack', 'getting ready to strike' (not the stance
    'is prepared to retaliate', which is a threat)."""
    tok = cand.trigger
    if tok.lemma_.lower() == "ready" and tok.head.lemma_.lower() in grammar.becoming_verbs:
        return tok  # "getting ready to attack" (the offer pattern on "ready")
    if cand.event_type != "ASSAULT":
        return None
    for _ in range(4):
        if tok.dep_ not in ("xcomp", "dobj", "pobj", "prep") or tok.head.i == tok.i:
            return None
        tok = tok.head
        if tok.lemma_.lower() in grammar.preparation_verbs and tok.pos_ == "VERB":
            if tok.lemma_.lower() in grammar.stative_passives and \
                    any(c.dep_ == "auxpass" for c in tok.children):
                return None  # "is prepared to strike": a stance, a threat
            return tok
        if tok.lemma_.lower() == "ready" and tok.head.lemma_.lower() in grammar.becoming_verbs:
            return tok
    return None
