"""Derived events: what the trigger patterns' events imply, read off the parse.

Run by the event coder once per Doc, after its own events:

1. an act only a state performs, told in the passive with no 'by' agent, in
   a place of one state ("was arrested in Lebanon", "has been put under
   investigation in Italy"): that state is the source, with the sector of
   the act (police for arrests, judiciary for investigations and trials,
   government otherwise); an event no pattern could keep (no source) is
   made. Never attacks or killings: an unattributed attack stays UNK;
2. an arrest or jailing with a stated charge ("jailed ... on allegations
   of treason", "arrested for collaborating with Israel") is also an
   accusation (ACCUSE, mode allege) by the same actor against the same
   target;
3. a request with no target whose clause names who is asked ("renewed its
   call for Japan to withdraw"): the clause's subject is the target.

The word lists are in ``data/patterns/grammar_triggers.yaml``.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache

from spacy.tokens import Doc, Token

from flashpoint.coding.domestic import is_state
from flashpoint.coding.modality import modality_of
from flashpoint.coding.parse_tree import is_passive
from flashpoint.coding.patterns import DATA_DIR, Grammar
from flashpoint.coding.records import actor_key
from flashpoint.coding.roles import ActorIndex, located_in, same_actor
from flashpoint.datafiles import read_yaml
from flashpoint.models import Actor, Event, Evidence

SECTORS = (("state_acts_police", "COP"), ("state_acts_judicial", "JUD"), ("state_acts_government", "GOV"))
CUSTODY = (("state_custody_police", "COP"), ("state_custody_judicial", "JUD"))


@cache
def _state_act_events() -> dict[str, tuple[str, str | None]]:
    raw = read_yaml(DATA_DIR / "grammar_triggers.yaml").get("state_act_events") or {}
    out = {}
    for lemma, spec in raw.items():
        parts = str(spec).split()
        out[str(lemma).lower()] = (parts[0], parts[1] if len(parts) > 1 else None)
    return out


def _words(grammar: Grammar, name: str) -> frozenset[str]:
    return grammar.lists.get(name, frozenset())


def _kids(tok: Token, deps: tuple[str, ...], lower: tuple[str, ...] | None = None) -> list[Token]:
    return [c for c in tok.children if c.dep_ in deps and (lower is None or c.lower_ in lower)]


# -- 1. agentless state acts --------------------------------------------------------
def state_act(tok: Token, grammar: Grammar) -> tuple[Token, Token, str] | None:
    """(the act's verb, the word naming the act, sector) for a passive state
    act with no agent at ``tok``, else None."""
    if tok.pos_ != "VERB" or not is_passive(tok) or _kids(tok, ("agent",)):
        return None
    lemma = tok.lemma_.lower()
    for name, sector in SECTORS:
        if lemma in _words(grammar, name):
            return tok, tok, sector
    if lemma in _words(grammar, "state_custody_verbs"):
        for prep in _kids(tok, ("prep",), ("under", "into", "in", "on")):
            for noun in _kids(prep, ("pobj",)):
                for name, sector in CUSTODY:
                    if noun.lemma_.lower() in _words(grammar, name):
                        return tok, noun, sector
    return None


def _place_state(words: list[Token], index: ActorIndex) -> str | None:
    """The one state of the places in the act's own 'in'/'at' phrases (of
    the verb, or of the custody noun: "under investigation in Italy")."""
    codes: set[str] = set()
    for prep in (p for w in words for p in _kids(w, ("prep",), ("in", "at", "inside"))):
        for pobj in _kids(prep, ("pobj",)):
            for tok in [pobj, *_kids(pobj, ("compound", "appos"))]:
                named = index.place_state(tok) or [a for a in index.at(tok) if not a.sector]
                codes.update(a.code for a in named if is_state(a.code, index.doc))
    return codes.pop() if len(codes) == 1 else None


def _passive_subject(verb: Token, index: ActorIndex, state: str) -> list[Actor]:
    """Who the act is done to: the passive subject's actors, else the state
    of the place the subject is from ("a missionary from Calgary")."""
    for subj in _kids(verb, ("nsubjpass",)):
        found = [a for a in index.phrase(subj) if a.code or a.sector]
        if any(a.code for a in found):
            return found
        where = [a for a in located_in(subj, index) if a.code and a.code != state]
        if where:
            return where
    return []


# -- 2. charges -----------------------------------------------------------------------
def charge_of(tok: Token, grammar: Grammar) -> Token | None:
    """The words stating the charge of an arrest: "on allegations of
    treason", "on charges of spying", "for collaborating with", "for
    treason". None when there is none ("detained for questioning")."""
    for prep in _kids(tok, ("prep",)):
        low = prep.lower_
        for obj in _kids(prep, ("pobj", "pcomp")):
            lemma = obj.lemma_.lower()
            if low in ("on", "over", "under") and lemma in _words(grammar, "charge_nouns"):
                return prep
            if low != "for":
                continue
            if obj.pos_ == "VERB" and lemma not in _words(grammar, "not_charge_gerunds"):
                return prep
            if obj.pos_ in ("NOUN", "PROPN") and lemma in _words(grammar, "crime_nouns"):
                return prep
    return None


# -- the pass -------------------------------------------------------------------------
def add_derived_events(doc: Doc, events: list[Event], traces: list[dict], index: ActorIndex,
                       grammar: Grammar) -> tuple[list[Event], list[dict]]:
    events, traces = list(events), list(traces)
    _state_sources(doc, events, traces, index, grammar)
    _clause_targets(doc, events, traces, index)
    _charges(doc, events, traces, grammar)
    return _unique(events, traces)


def _state_sources(doc: Doc, events: list[Event], traces: list[dict], index: ActorIndex,
                   grammar: Grammar) -> None:
    for tok in doc:
        found = state_act(tok, grammar)
        if found is None:
            continue
        verb, word, sector = found
        state = _place_state(list(dict.fromkeys([verb, word])), index)
        if state is None:
            continue
        source = Actor(code=state, sector=sector)
        victims = _passive_subject(verb, index, state)
        rule = f"the state of the place of the passive '{verb.text}' (no agent)"
        mine = [n for n, t in enumerate(traces) if t.get("trigger_i") in (verb.i, word.i)]
        if mine:
            for n in mine:
                event = events[n]
                if event.source is not None:
                    continue
                target = event.target
                if victims and (target is None or target.code == state):
                    target = victims[0]
                if target is not event.target:
                    traces[n] = {**traces[n], "target_rule": "who the passive act is done to"}
                events[n] = replace(event, source=source, target=target)
                traces[n] = {**traces[n], "source_rule": rule,
                             "notes": [*traces[n].get("notes", []), "agentless state act"]}
            continue
        kind = _state_act_events().get(word.lemma_.lower())
        if kind is None or _asked_for(verb, events, traces, grammar):
            continue
        event_type, mode = kind
        targets = victims or [None]
        for target in targets:
            _append(events, traces, doc, word, verb, event_type, mode, source, target, index, grammar,
                    pattern="derived.state_act", source_rule=rule,
                    target_rule="subject of the passive act" if target else None)


def _asked_for(verb: Token, events: list[Event], traces: list[dict], grammar: Grammar) -> bool:
    """The act sits under a request, offer, threat or refusal ("urged that
    the suspects be arrested"): asked for, not done."""
    above = {t.i for t in verb.ancestors}
    return any(t.get("trigger_i") in above and e.event_type in grammar.embedding_types
               for e, t in zip(events, traces, strict=True))


def _clause_targets(doc: Doc, events: list[Event], traces: list[dict], index: ActorIndex) -> None:
    for n, (event, trace) in enumerate(list(zip(events, traces, strict=True))):
        if event.event_type != "REQUEST" or event.target is not None:
            continue
        tok = doc[trace["trigger_i"]]
        for comp in _kids(tok, ("ccomp", "advcl")):
            if not _kids(comp, ("mark",), ("that", "for")):
                continue
            asked = [a for s in _kids(comp, ("nsubj", "nsubjpass")) for a in index.phrase(s)]
            asked = [a for a in asked if a.code and not (event.source and same_actor(a, event.source))]
            if asked:
                events[n] = replace(event, target=asked[0])
                traces[n] = {**trace, "target_rule": f"subject of the requested '{comp.text}'"}
                for extra in asked[1:]:
                    events.append(replace(event, target=extra))
                    traces.append(dict(traces[n]))
                break


def _charges(doc: Doc, events: list[Event], traces: list[dict], grammar: Grammar) -> None:
    for event, trace in list(zip(events, traces, strict=True)):
        if event.event_type != "COERCE" or event.source is None:
            continue
        tok = doc[trace["trigger_i"]]
        if tok.lemma_.lower() not in _words(grammar, "charge_carriers"):
            continue
        prep = charge_of(tok, grammar)
        if prep is None:
            continue
        events.append(replace(event, event_type="ACCUSE", mode="allege",
                              confidence=round(max(0.1, event.confidence - 0.1), 2)))
        traces.append({**trace, "pattern": "derived.charge",
                       "notes": [*trace.get("notes", []),
                                 f"the arrest '{tok.text}' states a charge ('{prep.text} ...'): an accusation"]})


def _append(events, traces, doc, word, verb, event_type, mode, source, target, index, grammar, *,
            pattern, source_rule, target_rule) -> None:
    sent = word.sent
    modality = modality_of(word, index, grammar, source=[source], target=[target] if target else [])
    start, end = min(word.i, verb.i), max(word.i, verb.i) + 1
    events.append(Event(
        doc_id=doc._.fp_doc_id or "",
        event_type=event_type,
        evidence=Evidence(sentence=sent.text, start=sent.start_char, end=sent.end_char,
                          trigger=doc[start:end].text),
        source=source, target=target, mode=mode, contexts=[],
        modality=modality.value,
        claimed_by=(modality.claimed_by or [None])[0],
        confidence=0.6 if target else 0.45,
        _trigger_span=(start, end),
    ))
    traces.append({"pattern": pattern, "trigger": doc[start:end].text, "trigger_i": word.i,
                   "source_rule": source_rule, "target_rule": target_rule,
                   "modality_rule": modality.why, "notes": []})


def _unique(events: list[Event], traces: list[dict]) -> tuple[list[Event], list[dict]]:
    seen: set[tuple] = set()
    out_e, out_t = [], []
    for event, trace in zip(events, traces, strict=True):
        key = (event.event_type, actor_key(event.source), actor_key(event.target), event.evidence.start)
        if key in seen:
            continue
        seen.add(key)
        out_e.append(event)
        out_t.append(trace)
    return out_e, out_t
