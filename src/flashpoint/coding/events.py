"""PLOVER event coding.

Component ``flashpoint_events``: sets ``doc._.fp_events`` to a list of
``models.Event`` (``_trigger_span`` set to the trigger's token span) and
``doc._.fp_event_trace`` to one dict per event saying which pattern fired and
which rules found its actors and modality (``coding.explain`` prints them).

The steps, per sentence:
1. the trigger patterns of ``data/patterns/events.yaml`` fire (a spaCy
   DependencyMatcher); one pattern per trigger token, the most specific;
2. triggers that are not events of their own are dropped: an action someone
   asks for or offers ("urged both sides to hold talks": no talks), the toll
   of another attack ("strikes ..., killing 13"), words inside a name;
3. source and target come from the parse (``coding.roles``); an offer or
   request by a third party with no named target is directed at the two
   states in focus; "each other" gives each side the other;
4. modality (``coding.modality``); a planned cooperative act is AGREE, a
   planned conflict act THREATEN (PLOVER), save the exceptions of
   ``coding.types_rules`` (announced sanctions, resignations, preparations
   for an attack), which also refines types and absorbs the triggers that
   are part of another's event;
5. one event per (source, target) pair: "both sides" gives one per state;
   a nominal event needs a source and a target unless it is material
   conflict; a verbal event needs a source;
6. repeats within the article (a headline repeated in the body, the same
   sentence twice) are dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from flashpoint.coding.anaphora import resolve_event_anaphora, told_before
from flashpoint.coding.derived_events import add_derived_events
from flashpoint.coding.domestic import domestic_roles, is_state, with_state
from flashpoint.coding.events_filters import classifier_noun
from flashpoint.coding.modality import Modality, modality_of
from flashpoint.coding.patterns import Grammar, Match, build_pattern_set, load_grammar
from flashpoint.coding.roles import (
    REFLEXIVE,
    ActorIndex,
    Role,
    find_target,
    is_nominal,
    is_reciprocal,
    light_verb_of,
    same_actor,
)
from flashpoint.coding.talks import clause_partners
from flashpoint.coding.threats import threatened_party
from flashpoint.coding.triggers_sources import find_source  # roles.find_source + misparse fallbacks
from flashpoint.coding.types_protest import crowd_demands, protest_setting
from flashpoint.coding.types_reports import recode_report_shapes
from flashpoint.coding.types_rules import absorb_parts, keep_planned, prepared_attack, refine_type
from flashpoint.models import QUAD_CLASS, Actor, Event, Evidence

if not Doc.has_extension("fp_event_trace"):
    Doc.set_extension("fp_event_trace", default=None)

COOPERATIVE = {t for t, q in QUAD_CLASS.items() if q.endswith("cooperation")}
CONFLICT_TYPES = {t for t, q in QUAD_CLASS.items() if q.endswith("conflict")}
CONFLICT_ACTS = {"ASSAULT", "COERCE", "SANCTION", "MOBILIZE", "PROTEST", "THREATEN"}
TOLL_LINKS = {"advcl", "prep", "pcomp"}
EMBED_DEPS = {"xcomp", "ccomp", "dobj", "pobj", "prep", "pcomp", "acl", "attr", "oprd", "conj",
              "advcl", "compound", "amod", "nsubj", "relcl"}  # fmt: skip


@dataclass
class Candidate:
    """A trigger with everything found about it, before it becomes events."""

    match: Match
    event_type: str
    source: Role
    target: Role
    modality: Modality = field(default_factory=Modality)
    reciprocal: bool = False
    inferred_target: str | None = None
    mode: str | None = None  # set when another trigger's mode is kept
    contexts: list[str] = field(default_factory=list)  # added by the type rules
    pattern_contexts: bool = True  # false when the type chosen is not the pattern's
    notes: list[str] = field(default_factory=list)

    @property
    def trigger(self) -> Token:
        return self.match.trigger


class EventCoder:
    def __init__(self, nlp: Language, *, patterns_path: Path | None = None,
                 grammar_path: Path | None = None):
        self.patterns = build_pattern_set(nlp.vocab, path=patterns_path)
        self.grammar: Grammar = load_grammar(grammar_path)

    def __call__(self, doc: Doc) -> Doc:
        from flashpoint.coding.quotes import first_person_speakers

        index = ActorIndex(doc, self.grammar)
        index.quote_speakers = first_person_speakers(doc, index)
        events: list[Event] = []
        traces: list[dict] = []
        seen: set[tuple] = set()
        history: list[Event] = []
        # The matcher runs once over the whole Doc; each sentence takes its own.
        matches = self.patterns.best_per_trigger(doc)
        # An article about a conflict: its two states in focus are adversaries.
        index.conflict = sum(m.pattern.type in CONFLICT_TYPES for m in matches) >= 2
        for sent in doc.sents:
            here = [m for m in matches if sent.start <= m.trigger.i < sent.end]
            if not here:
                continue
            for event, trace in self.code_sentence(sent, index, history, matches=here):
                key = (event.event_type, _key(event.source), _key(event.target),
                       event.evidence.sentence.strip())
                if key in seen:
                    continue
                seen.add(key)
                events.append(event)
                traces.append(trace)
                history.append(event)
        # Events the coded ones imply (coding.derived_events).
        events, traces = add_derived_events(doc, events, traces, index, self.grammar)
        events, traces = _drop_headline_repeats(doc, events, traces)
        doc._.fp_events = events
        doc._.fp_event_trace = traces
        return doc

    # -- one sentence ------------------------------------------------------------
    def code_sentence(self, sent: Span, index: ActorIndex, history: list[Event], *,
                      matches: list[Match] | None = None):
        """The events of one sentence; ``matches``: the trigger matches in it
        (found here when not given)."""
        grammar = self.grammar
        if matches is None:
            matches = [m for m in self.patterns.best_per_trigger(sent.doc)
                       if sent.start <= m.trigger.i < sent.end]
        matches = [m for m in matches if index.span_at(m.trigger) is None]
        by_token = {m.trigger.i: m for m in matches}
        sources = {i: find_source(m.trigger, index, grammar) for i, m in by_token.items()}
        said = {i: self._speaker_roles(m, index) for i, m in by_token.items() if m.pattern.speaker_source}
        for i, roles in said.items():
            if roles is not None:
                sources[i] = roles[0]
        event_sources = {i: r.actors for i, r in sources.items() if r}

        # Nominal material events ("the attack in Kashmir"): their place is
        # not the target of a verbal event about them.
        happenings = {i for i, m in by_token.items()
                      if m.pattern.type in grammar.material_types and is_nominal(m.trigger)}
        candidates: dict[int, Candidate] = {}
        for i, m in by_token.items():
            why = self._not_an_event(m, by_token)
            if why:
                continue
            event_type = self._type_of(m, by_token, sources[i])
            choice = refine_type(m, event_type, sources[i], grammar)
            event_type = choice.event_type
            if i in said and said[i] is None:
                if not m.pattern.unsaid_type:
                    continue
                event_type = m.pattern.unsaid_type
            if said.get(i) is not None and said[i][1]:
                target = said[i][1]
            else:
                target = find_target(m.trigger, index, grammar, event_type=event_type,
                                     source=sources[i].actors, event_sources=event_sources,
                                     events_at=happenings)
            cand = Candidate(m, event_type, sources[i], target, mode=choice.mode, contexts=list(choice.contexts),
                             pattern_contexts=event_type == m.pattern.type or m.pattern.intent)
            if choice.why:
                cand.notes.append(choice.why)
            cand.reciprocal = target.rule == "reciprocal"
            candidates[i] = cand
        # "the strike" names the happening told before: its actors first,
        # so that a toll in it ("killed in the strike") takes them too
        resolve_event_anaphora(candidates, history, grammar)
        self._merge_consequences(by_token, candidates, index)
        self._share_conjuncts(candidates)
        self._protest_purpose(candidates)
        absorb_parts(candidates, index, grammar)
        crowd_demands(candidates, grammar)
        clause_partners(candidates, grammar)
        threatened_party(candidates, index, grammar)
        recode_report_shapes(candidates, index, grammar)
        for cand in candidates.values():
            cand.modality = modality_of(cand.trigger, index, grammar,
                                        source=cand.source.actors, target=cand.target.actors)
            if (cand.modality.value == "negated"
                    and (cand.event_type in self.grammar.refusable_types
                         or cand.trigger.lemma_.lower() in self.grammar.refusal_lemmas)):
                # "will not accept refugees", "would not meet the demands":
                # refusing to cooperate is REJECT (PLOVER).
                cand.notes.append(f"negated {cand.event_type} coded REJECT")
                cand.event_type = "REJECT"
                cand.modality = Modality(why=f"refusal: {cand.modality.why}")
                continue
            if prepared_attack(cand, grammar):
                continue
            conditional = _ultimatum(cand.trigger, self.grammar)
            threat = _ultimatum(cand.trigger, self.grammar, marks=self.grammar.condition_marks)
            if (threat and cand.modality.value in ("planned", "hypothetical") and cand.source
                    and cand.event_type in CONFLICT_ACTS - {"THREATEN"}):
                # "may halt its mediation if the parties do not cooperate"
                cand.notes.append(f"{cand.event_type} on condition '{threat}' coded THREATEN")
                cand.event_type = "THREATEN"
                continue
            if conditional and (cand.modality.value == "planned" or cand.match.pattern.intent):
                # "will withdraw its force unless ...": an ultimatum.
                cand.notes.append(f"planned {cand.event_type} under '{conditional}' coded THREATEN")
                cand.event_type = "THREATEN"
                continue
            if keep_planned(cand, grammar):
                continue
            if cand.modality.value == "planned":
                if cand.event_type in COOPERATIVE - {"AGREE"}:
                    cand.notes.append(f"planned {cand.event_type} coded AGREE")
                    cand.event_type = "AGREE"
                elif cand.event_type in CONFLICT_ACTS - {"THREATEN"}:
                    cand.notes.append(f"planned {cand.event_type} coded THREATEN")
                    cand.event_type = "THREATEN"
        for i in sorted(candidates):
            cand = candidates[i]
            self._fill_missing_target(cand, index, history)
            self._own_state_target(cand)
            domestic = None if told_before(cand.source) else domestic_roles(
                cand.source, cand.target, sent, index,
                source_only=cand.event_type in self.grammar.no_domestic_types)
            if domestic is not None:
                cand.source, cand.target = domestic
            yield from self._events_of(cand, sent)

    # -- filters -----------------------------------------------------------------
    def _not_an_event(self, m: Match, by_token: dict[int, Match]) -> str | None:
        """Why a trigger is not an event of its own, or None."""
        tok = m.trigger
        grammar = self.grammar
        if tok.pos_ == "VERB" and tok.tag_ == "VBN" and tok.dep_ == "amod":
            return f"'{tok.text}' is a participle used as an adjective ('occupied Kashmir')"
        if (tok.tag_ == "VBN" and tok.dep_ in ("pobj", "dobj", "nsubj", "nsubjpass")
                and any(c.dep_ == "det" for c in tok.children)):
            return f"'{tok.text}' is a participle used as a noun ('the wounded')"
        if is_nominal(tok) and (
            (tok.dep_ == "compound" and tok.head.lemma_.lower() in grammar.title_heads)
            or (tok.dep_ == "pobj" and tok.head.lower_ == "of"
                and tok.head.head.lemma_.lower() in grammar.title_heads)):
            return f"'{tok.text}' names an office or a person ('operations chief')"
        kind = classifier_noun(tok, grammar)
        if kind:
            return kind
        setting = protest_setting(m, by_token, grammar)
        if setting:
            return setting
        path = tok
        for _ in range(6):
            if path.head.i == path.i or path.dep_ not in EMBED_DEPS:
                break
            dep = path.dep_
            if dep == "advcl" and not any(c.lower_ == "to" and c.dep_ == "aux" for c in path.children):
                break
            if dep == "nsubj" and path.i != tok.i:
                break
            if dep == "nsubj":
                break
            if (m.pattern.type in grammar.talks_types and dep in ("pobj", "dobj")
                    and path.head.lower_ in grammar.circumstance_preps):
                break  # "agreed to a truce after talks": the talks are when, not what
            path = path.head
            other = by_token.get(path.i)
            if (other is not None and other.pattern.embeds
                    and m.pattern.type in grammar.embedded_complaint_types):
                return f"part of '{path.text}' ({other.pattern.id})"
            if other is not None and other.pattern.absorbs:
                return f"part of '{path.text}' ({other.pattern.id})"
            if other is not None and other.pattern.type in self.grammar.embedding_types | (
                {"AGREE", "THREATEN"} if other.pattern.intent else set()
            ):
                if other.trigger.lemma_.lower() in self.grammar.deny_verbs:
                    continue  # "denied that its army fired": kept, modality denied
                return f"inside '{path.text}' ({other.pattern.type}): asked for or offered, not done"
        return None

    def _speaker_roles(self, m: Match, index: ActorIndex) -> tuple[Role, Role] | None:
        """'Khan said India will bear the consequences', 'Misri said
        Pakistan violated the understanding', 'any attempt ... will be
        treated as an act of war, the minister said': the speaker of the
        reporting verb above the trigger is the source; the trigger's
        subject, when it names another actor, is the target. None when no
        speaker is found."""
        grammar = self.grammar
        tok = m.trigger
        for _ in range(4):
            if tok.dep_ not in ("ccomp", "xcomp", "conj", "advcl", "parataxis") or tok.head.i == tok.i:
                break
            tok = tok.head
            if tok.lemma_.lower() in grammar.speech_verbs | grammar.claim_verbs:
                break
        else:
            return None
        if tok is m.trigger or tok.lemma_.lower() not in grammar.speech_verbs | grammar.claim_verbs:
            return None
        speaker = find_source(tok, index, grammar)
        if not speaker:
            return None
        subjects = [c for c in m.trigger.children if c.dep_ in ("nsubj", "nsubjpass")]
        named = [a for c in subjects for a in index.phrase(c)]
        target = [a for a in named if not any(same_actor(a, s) for s in speaker.actors)]
        if named and not target:
            return None  # "we will respond at a time of our choosing": the speaker acts
        rule = f"speaker of '{tok.text}'"
        return (Role(speaker.actors, rule, speaker.tokens),
                Role(target, f"subject of '{m.trigger.text}' (said by the speaker)", subjects))

    def _type_of(self, m: Match, by_token: dict[int, Match], source: Role) -> str:
        pattern = m.pattern
        event_type = pattern.type
        if pattern.intent:
            kinds = self._promised_kinds(m.trigger, by_token)
            conflict = bool(kinds & (CONFLICT_ACTS | {"ACCUSE"}))
            if pattern.type == "THREATEN":
                # "vowed to retaliate" threatens; "vowed to cooperate" agrees.
                event_type = "AGREE" if kinds & COOPERATIVE and not conflict else "THREATEN"
            else:
                event_type = "THREATEN" if conflict else "AGREE"
        if pattern.source_sector_types:
            for actor in source.actors:
                if actor.sector in pattern.source_sector_types:
                    event_type = pattern.source_sector_types[actor.sector]
                    break
        return event_type

    def _promised_kinds(self, trigger: Token, by_token: dict[int, Match]) -> set[str]:
        """The event types of the act an offer, promise or vow is about: the
        complement verb when it is a trigger ("vowed to retaliate"), else the
        event nouns it governs ("agreed to hold talks"); a reversal verb
        turns a conflict act into a cooperative one ("agreed to postpone the
        protest", "ready to lift the embargo")."""
        def kind_of(tok: Token) -> str | None:
            other = by_token.get(tok.i)
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
            if phrases & self.grammar.participation_verbs:
                # "offered to take part in a neutral investigation": joining
                # an act is cooperating, whatever the act.
                kinds.add("COOPERATE")
                continue
            own = kind_of(comp)
            if own is not None:
                kinds.add(own)
                continue
            reversal = comp.lemma_.lower() in self.grammar.reversal_verbs
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

    def _merge_consequences(self, by_token: dict[int, Match], candidates: dict[int, Candidate],
                            index: ActorIndex) -> None:
        """'strikes ..., killing 13' / 'the attack which killed 26': the
        killing is the toll of the strike, not an event of its own; its
        victims become the strike's target when the strike has none."""
        grammar = self.grammar
        for i, cand in list(candidates.items()):
            tok = cand.trigger
            if cand.event_type != "ASSAULT" or tok.lemma_.lower() not in grammar.consequence_lemmas:
                continue
            if i not in candidates:
                continue
            main = self._main_assault(tok, candidates)
            if main is None or (main is not cand
                                and main.trigger.lemma_.lower() in grammar.consequence_lemmas):
                self._absorb_attack_below(cand, candidates)
                continue
            if main is cand:
                continue
            if not main.target and cand.target:
                main.target = cand.target
            if not main.source and cand.source:
                main.source = cand.source
            del candidates[i]

    def _main_assault(self, tok: Token, candidates: dict[int, Candidate]) -> Candidate | None:
        def assault_at(t: Token) -> Candidate | None:
            c = candidates.get(t.i)
            return c if c is not None and c.event_type == "ASSAULT" else None

        for child in tok.children:
            if child.dep_ == "nsubj":
                found = assault_at(child)
                if found:
                    return found
                if child.lower_ in ("which", "that") and tok.dep_ == "relcl":
                    return assault_at(tok.head)
        head = tok
        for _ in range(3):
            if head.dep_ not in ("advcl", "conj", "xcomp", "relcl", "acl"):
                break
            head = head.head
            found = assault_at(head)
            if found:
                return found
            for child in head.children:
                if child.dep_ in ("dobj", "nsubjpass", "nsubj"):
                    found = assault_at(child)
                    if found:
                        return found
            if head.lemma_.lower() not in self.grammar.consequence_lemmas:
                break
        # "were killed when India fired missiles", "injured in the shelling",
        # "wounded while defending ... against the aggression": the attack
        # named in a clause or phrase of the toll verb (or of the verb it is
        # conjoined to: "were martyred and 46 others injured when ...").
        # "an attack in X on April 22, which killed 26": a toll with no
        # actor of its own after an attack in the same sentence.
        subj = [c for c in tok.children if c.dep_ == "nsubj"]
        if not subj or subj[0].lower_ in ("which", "that"):
            before = [c for i, c in candidates.items()
                      if i < tok.i and i >= tok.sent.start and c.event_type == "ASSAULT"
                      and c.trigger.pos_ == "NOUN"]
            if before:
                return before[-1]
        return None

    def _absorb_attack_below(self, cand: Candidate, candidates: dict[int, Candidate]) -> None:
        """"were killed when India fired missiles", "injured in the
        shelling", "wounded while defending ... against the aggression": the
        attack named in a clause or phrase of the toll verb (or of the verb
        it is conjoined to: "were martyred and 46 others injured when ...")
        is the same event; the toll verb keeps it (the figures hang from
        it) with the attack's actors."""
        tok = cand.trigger
        owner = cand
        first = candidates.get(tok.head.i) if tok.dep_ == "conj" else None
        if (first is not None and first is not cand and first.event_type == "ASSAULT"
                and first.trigger.lemma_.lower() in self.grammar.consequence_lemmas):
            owner = first  # "nine were killed and 30 injured when ...": one toll
        attack = None
        for verb in dict.fromkeys([tok, tok.head] if tok.dep_ == "conj" else [tok]):
            if verb.pos_ == "VERB":
                attack = self._assault_below(verb, candidates, exclude=tok)
            if attack is not None:
                break
        if owner is not cand:
            del candidates[tok.i]
        if attack is None or attack is owner:
            return
        inside = {t.i for t in attack.trigger.subtree}
        if attack.source:
            owner.source = attack.source
        codes = {a.code for a in attack.target.actors if a.code}
        if not owner.target or any(t.i in inside for t in owner.target.tokens):
            owner.target = attack.target
        elif len(codes) == 1 and not any(a.code for a in owner.target.actors):
            # "nine villagers were killed when troops shelled Poonch",
            # "killed three militants in an encounter in Shopian": the toll's
            # victims stay its target, of the state the attack was aimed at.
            state = codes.pop()
            owner.target = Role([with_state(a, state) for a in owner.target.actors],
                                f"{owner.target.rule}, in the state of '{attack.trigger.text}'",
                                owner.target.tokens)
        owner.mode = self._mode(attack)
        owner.notes.append(f"the attack '{attack.trigger.text}' is this toll's event")
        del candidates[attack.trigger.i]

    def _assault_below(self, verb: Token, candidates: dict[int, Candidate], *,
                       exclude: Token) -> Candidate | None:
        """An ASSAULT candidate in the adverbial clauses and prepositional
        phrases below a toll verb (three steps at most)."""
        frontier = [c for c in verb.children if c.dep_ in TOLL_LINKS]
        for _ in range(3):
            below: list[Token] = []
            for tok in frontier:
                found = candidates.get(tok.i)
                if found is not None and found.event_type == "ASSAULT" and tok.i != exclude.i:
                    return found
                below.extend(c for c in tok.children if c.dep_ in TOLL_LINKS | {"pobj", "dobj"})
            frontier = below
        return None

    def _protest_purpose(self, candidates: dict[int, Candidate]) -> None:
        """'staged demonstrations to demand reforms by the government',
        'began a hunger strike to protest Sweden's decision': a protest with
        no state as target is aimed at the target of its purpose clause."""
        for cand in candidates.values():
            if cand.event_type != "PROTEST" or any(a.code for a in cand.target.actors):
                continue
            verbs = [cand.trigger]
            carrier = light_verb_of(cand.trigger, self.grammar) if is_nominal(cand.trigger) else None
            if carrier is not None:
                verbs.append(carrier)
            for clause in (c for v in verbs for c in v.children if c.dep_ == "advcl"):
                if not any(a.dep_ == "aux" and a.lower_ == "to" for a in clause.children):
                    continue
                purpose = candidates.get(clause.i)
                if purpose is not None and any(a.code for a in purpose.target.actors):
                    # a purpose aimed at the source's own state keeps its
                    # "domestic" rule (the same state on both sides is meant)
                    domestic = "domestic: " if (purpose.target.rule or "").startswith("domestic") else ""
                    cand.target = Role(purpose.target.actors,
                                       f"{domestic}target of its purpose '{clause.text}'", purpose.target.tokens)
                    break

    def _share_conjuncts(self, candidates: dict[int, Candidate]) -> None:
        """'Indian air strikes and missile launches targeting Pakistan': the
        conjoined nominal events share their source and target."""
        for cand in candidates.values():
            tok = cand.trigger
            for other_tok in tok.conjuncts:
                other = candidates.get(other_tok.i)
                if other is None or other.event_type != cand.event_type:
                    continue
                if not cand.source and other.source:
                    cand.source = other.source
                if not cand.target and other.target:
                    cand.target = other.target

    def _fill_missing_target(self, cand: Candidate, index: ActorIndex, history: list[Event]) -> None:
        grammar = self.grammar
        if not any(a.code for a in cand.target.actors) and cand.target.rule != "reciprocal" \
                and self._between_adversaries(cand, index):
            return
        if cand.target or not cand.source:
            return
        dyad = index.dyad()
        dyad_codes = {a.code for a in dyad}
        src_codes = {a.code for a in cand.source.actors}
        if cand.reciprocal:
            return
        if cand.event_type == "REJECT":
            for event in reversed(history[-8:]):
                if event.target and event.target.code in src_codes and event.source:
                    cand.target = Role([event.source], f"answers the {event.event_type} by {event.source.code}")
                    cand.inferred_target = cand.target.rule
                    return
        if not dyad:
            return
        if cand.event_type in grammar.third_party_types and not (src_codes & dyad_codes):
            cand.target = Role(list(dyad), "the two states in focus (third-party act with no named target)")
            cand.inferred_target = cand.target.rule
        elif cand.event_type in grammar.dyad_types and len(src_codes) == 1 and src_codes <= dyad_codes:
            other = [a for a in dyad if a.code not in src_codes]
            cand.target = Role(other, "the other state in focus (no named target)")
            cand.inferred_target = cand.target.rule

    def _own_state_target(self, cand: Candidate) -> None:
        """'Students staged demonstrations across Indonesia': a protest by
        people of one state with no target named is aimed at that state
        (``own_state_target_types``)."""
        if (cand.event_type not in self.grammar.own_state_target_types
                or any(a.code for a in cand.target.actors) or cand.reciprocal):
            return
        codes = {a.code for a in cand.source.actors}
        if len(codes) != 1 or None in codes or not is_state(next(iter(codes))):
            return
        code = next(iter(codes))
        cand.target = Role([Actor(code=code)], f"domestic: {cand.event_type} aimed at the source's own state {code}")
        cand.inferred_target = cand.target.rule

    def _between_adversaries(self, cand: Candidate, index: ActorIndex) -> bool:
        """In an article about a conflict, the two adversaries acting
        together ("India and Pakistan agreed to a ceasefire", "the DGMOs of
        the two countries held talks") act towards each other, and a
        symmetric clash with no actor named ("exchanges of fire were
        reported") is between them: each side is the other's target."""
        dyad = index.dyad()
        if not dyad or not getattr(index, "conflict", False):
            return False
        dyad_codes = {a.code for a in dyad}
        codes = {a.code for a in cand.source.actors if a.code}
        if codes == dyad_codes and cand.event_type in self.grammar.joint_reciprocal_types:
            rule = "each other (the two adversaries act together)"
        elif not cand.source and self._symmetric(cand):
            cand.source = Role(list(dyad), "the two states in focus (a clash with no side named)")
            rule = "each other (a clash between the two states in focus)"
        else:
            return False
        cand.reciprocal = True
        cand.target = Role([], "reciprocal")
        cand.notes.append(rule)
        return True

    def _symmetric(self, cand: Candidate) -> bool:
        """A clash that names both sides as one ("clashes", "exchanges of
        fire", "traded fire")."""
        if cand.event_type != "ASSAULT":
            return False
        grammar = self.grammar
        tok = cand.trigger
        if tok.lemma_.lower() in grammar.symmetric_verbs:
            return True
        if not is_nominal(tok):
            return False
        if tok.lemma_.lower() in grammar.symmetric_nouns:
            return True
        # "exchanges of fire"
        return (tok.dep_ == "pobj" and tok.head.lower_ == "of"
                and tok.head.head.lemma_.lower() in grammar.symmetric_nouns)

    # -- records -------------------------------------------------------------------
    def _events_of(self, cand: Candidate, sent: Span):
        grammar = self.grammar
        nominal = is_nominal(cand.trigger)
        sources = cand.source.actors or [None]
        symmetric = not cand.target and self._symmetric(cand)
        if (cand.reciprocal or symmetric) and len(cand.source.actors) >= 2:
            pairs = [(s, t) for s in cand.source.actors for t in cand.source.actors if s is not t]
        else:
            targets = cand.target.actors or [None]
            domestic = (cand.target.rule or "").startswith("domestic")
            pairs = [(s, t) for s in sources for t in targets
                     if s is None or t is None or domestic or not same_actor(s, t)]
        material = cand.event_type in grammar.material_types
        if not pairs and material:
            # "security forces killed three militants in Shopian": a place of
            # one's own state is no target; the act itself stays.
            pairs = [(s, None) for s in sources]
        if cand.target.rule == "reflexive" and not cand.target:
            return
        if not material:
            if not cand.source:
                return
            joint = len(cand.source.actors) >= 2  # "officials of both states held talks"
            if nominal and not cand.target and not joint and cand.event_type not in ("RETREAT", "AID", "COOPERATE"):
                return
        start, end = _trigger_span(cand.match)
        trigger_text = sent.doc[start:end].text
        mode = self._mode(cand)
        contexts = self._contexts(cand)
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
                confidence=_confidence(cand, nominal),
                _trigger_span=(start, end),
            )
            yield event, {
                "pattern": cand.match.pattern.id,
                "trigger": trigger_text,
                "trigger_i": cand.trigger.i,
                "source_rule": cand.source.rule,
                "target_rule": cand.target.rule,
                "modality_rule": cand.modality.why,
                "notes": list(cand.notes),
            }

    def _mode(self, cand: Candidate) -> str | None:
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
            found = self.grammar.mode_words.get(word.lemma_.lower())
            if found and (cand.event_type == "ASSAULT") == (found not in ("phone",)):
                return found
        return mode

    def _contexts(self, cand: Candidate) -> list[str]:
        # The pattern's contexts belong to its type ("diplomatic" is no
        # context of soldiers arriving, recoded MOBILIZE when chosen).
        out = list(cand.match.pattern.contexts) if cand.pattern_contexts else []
        out += [c for c in cand.contexts if c not in out]
        tok = cand.trigger
        words = [tok] + list(tok.children)
        for child in tok.children:
            if child.dep_ in ("dobj", "pobj", "prep"):
                words.extend(child.children)
        for word in words:
            ctx = self.grammar.context_words.get(word.lemma_.lower())
            if ctx and ctx not in out:
                out.append(ctx)
        for actor in cand.source.actors:
            if actor.sector == "REB" and cand.event_type == "ASSAULT" and "terrorism" not in out:
                out.append("terrorism")
        if cand.inferred_target and cand.event_type in ("AGREE", "CONSULT") and "mediation" not in out:
            out.append("mediation")
        return out


def _ultimatum(trigger: Token, grammar: Grammar, *, marks: frozenset[str] | None = None) -> str | None:
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


def _is_headline(first_para_end: int, event: Event) -> bool:
    """A line at the top of the article (before the first blank line, at
    ``first_para_end``) with no closing punctuation."""
    text = event.evidence.sentence.strip()
    return (0 <= event.evidence.start < max(first_para_end, 0) + 1
            and not text.endswith((".", "!", "?", "\u201d", '"')))


def _drop_headline_repeats(doc: Doc, events: list[Event], traces: list[dict]):
    """A headline event told again in the body is counted once (the body's)."""
    first_para_end = doc.text.find("\n\n")  # doc.text is rebuilt on each access: once
    headline = [_is_headline(first_para_end, e) for e in events]
    body = {(e.event_type, _key(e.source), _key(e.target))
            for e, top in zip(events, headline, strict=True) if not top}
    kept = [(e, t) for e, t, top in zip(events, traces, headline, strict=True)
            if not (top and (e.event_type, _key(e.source), _key(e.target)) in body)]
    return [e for e, _ in kept], [t for _, t in kept]


def _trigger_span(match: Match) -> tuple[int, int]:
    idx = sorted({t.i for t in match.tokens})
    trig = match.trigger.i
    near = [i for i in idx if abs(i - trig) <= 2]
    return min(near), max(near) + 1


def _key(actor: Actor | None):
    if actor is None:
        return None
    return (actor.code, actor.name, actor.sector) if (actor.code or actor.name) else actor.text


def _confidence(cand: Candidate, nominal: bool) -> float:
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


def light_verb(token: Token, grammar: Grammar) -> Token | None:
    """Re-exported for explain: the verb carrying a nominal trigger."""
    return light_verb_of(token, grammar)


__all__ = ["EventCoder", "is_reciprocal", "light_verb"]


@Language.factory("flashpoint_events")
def make_event_coder(nlp: Language, name: str) -> EventCoder:
    return EventCoder(nlp)
