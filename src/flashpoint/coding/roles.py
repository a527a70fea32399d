"""Who did it and to whom: an event's source and target from the parse.

The actor mentions come from the actors component (``doc.spans["fp_actors"]``,
``span._.fp_actor`` for one actor, ``span._.fp_members`` for a group such as
"both sides"). This module only walks the dependency tree from a trigger to
the phrases that fill its roles and reads the actors found there:

- source: the agent: subject, "by" phrase of a passive, possessor or
  demonym of a nominal event ("India's strikes", "Indian drones"), or the
  subject of a governing verb ("launched strikes", "responded by shooting");
- target: the patient, recipient or prepositional object: direct object,
  passive subject, "against / on / with / to ..." objects, the subject of a
  requested action ("called for both sides to ...").

Each role comes back as a ``Role``: the actors and the rule that found them
(shown by ``flashpoint explain``).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from spacy.tokens import Doc, Span, Token

from flashpoint.coding.patterns import Grammar
from flashpoint.coding.sources_clauses import participle_noun_source, scene_source
from flashpoint.coding.sources_place import act_place_state, placeable
from flashpoint.coding.targets_nominal import act_author, container_members, dangling_object
from flashpoint.coding.targets_protest import protest_target
from flashpoint.coding.targets_scope import (
    adjunct_stops,
    in_place_phrase,
    locative_object,
    own_means,
    purpose_object,
    purpose_target,
    threatened_act,
)
from flashpoint.models import Actor

PRONOUNS = {"he", "she", "it", "they", "him", "her", "them", "its", "their", "his", "we", "our",
            "us", "i", "my", "me", "which", "who", "that", "whom", "whose", "itself",
            "themselves", "himself", "herself"}  # fmt: skip
REFLEXIVE = {"itself", "themselves", "himself", "herself", "ourselves"}
FIRST_PERSON = {"we", "our", "us", "i", "my", "me"}
RELATIVE = {"which", "who", "that", "whom", "whose"}
DYAD_NOUNS = {"side", "country", "nation", "army", "government", "party", "neighbour", "neighbor"}
CLAUSE_DEPS = {"relcl", "acl", "advcl", "ccomp", "xcomp", "parataxis", "appos"}
SUBJ_DEPS = {"nsubj", "csubj", "expl"}
OBJ_DEPS = {"dobj", "dative", "iobj", "obj"}


@dataclass
class Role:
    actors: list[Actor] = field(default_factory=list)
    rule: str | None = None
    tokens: list[Token] = field(default_factory=list)  # the words the actors came from

    def __bool__(self) -> bool:
        # "each other" is a target even though it names no actor of its own.
        return bool(self.actors) or self.rule == "reciprocal"


def _try_actors_api(name: str):
    try:
        from flashpoint.nlp import actors as actors_module
    except ImportError:  # pragma: no cover - the module always exists
        return None
    fn = getattr(actors_module, name, None)
    return fn if callable(fn) else None


def _as_actors(value) -> list[Actor]:
    """Whatever the actors API returned, as a list of Actor."""
    if value is None:
        return []
    if isinstance(value, Actor):
        return [value]
    if isinstance(value, Span):
        return span_actors(value)
    if isinstance(value, list | tuple):
        out: list[Actor] = []
        for v in value:
            out.extend(_as_actors(v))
        return out
    return []


def span_actors(span: Span) -> list[Actor]:
    """The actors one mention stands for (a group gives its members)."""
    members = span._.fp_members
    if members:
        return [_with_text(m, span.text) for m in members]
    actor = span._.fp_actor
    return [actor] if actor is not None else []


def _with_text(actor: Actor, text: str) -> Actor:
    if actor.text:
        return actor
    return Actor(code=actor.code, sector=actor.sector, name=actor.name, role=actor.role, text=text)


class ActorIndex:
    """Token -> actor mention look-ups over ``doc.spans["fp_actors"]``."""

    def __init__(self, doc: Doc, grammar: Grammar, *, quote_speakers: dict[int, list[Actor]] | None = None):
        self.doc = doc
        self.grammar = grammar
        self.by_token: dict[int, Span] = {}
        spans = list(doc.spans["fp_actors"]) if "fp_actors" in doc.spans else []
        # Longer spans first, so a group ("India and Pakistan") wins over its parts.
        for span in sorted(spans, key=lambda s: -(s.end - s.start)):
            for i in range(span.start, span.end):
                self.by_token.setdefault(i, span)
        self.spans = sorted(spans, key=lambda s: s.start)
        self.quote_speakers = quote_speakers or {}
        self._resolve = _try_actors_api("resolve_reference")
        self._dyad_fn = _try_actors_api("dyad_in_focus")
        self._dyad: list[Actor] | None = None
        self.event_type: str | None = None  # the type whose target is being looked for

    # -- single tokens ---------------------------------------------------------
    def at(self, token: Token) -> list[Actor]:
        span = self.by_token.get(token.i)
        if span is not None:
            return span_actors(span)
        if token.lower_ in PRONOUNS:
            return self.resolve_pronoun(token)
        return []

    def span_at(self, token: Token) -> Span | None:
        return self.by_token.get(token.i)

    def resolve_pronoun(self, token: Token) -> list[Actor]:
        if token.lower_ in FIRST_PERSON and token.i in self.quote_speakers:
            return self.quote_speakers[token.i]
        if token.lower_ in RELATIVE:
            # "militants who attacked": the relative clause's head noun.
            clause = token.head
            if clause.dep_ == "relcl":
                return self.phrase(clause.head)
            return []
        if self._resolve is not None:
            try:
                found = _as_actors(self._resolve(self.doc, token))
            except Exception:  # the actors API is another component's: never fail here
                found = []
            if found:
                return found
        return self._nearest_subject_before(token)

    def _nearest_subject_before(self, token: Token) -> list[Actor]:
        """Fallback antecedent: the closest actor before the pronoun that is
        a subject, in this sentence or the two before it."""
        sent_start = token.sent.start
        earliest = sent_start
        for _ in range(2):
            if earliest > 0:
                earliest = self.doc[earliest - 1].sent.start
        best: Span | None = None
        for span in self.spans:
            if span.start >= token.i or span.start < earliest:
                continue
            if span.root.dep_ in ("nsubj", "nsubjpass", "poss") or span.root.head.dep_ in ("nsubj",):
                best = span
        return span_actors(best) if best is not None else []

    # -- phrases ---------------------------------------------------------------
    def phrase(self, head: Token) -> list[Actor]:
        """The actors a noun phrase names: the mention at its head, else the
        mentions inside it (not inside its clauses), each conjunct included."""
        found = self._phrase_one(head)
        for conj in head.conjuncts:
            if conj.i > head.i:
                found.extend(a for a in self._phrase_one(conj) if a not in found)
        if any(a.code for a in found):
            # "Deputy Prime Minister and Foreign Minister Ishaq Dar": a bare
            # title beside an identified actor is the same person.
            found = [a for a in found if a.code or a.name]
        return _unique(found)

    def _phrase_one(self, head: Token) -> list[Actor]:
        direct = self.at(head)
        if direct and not any(a.code for a in direct):
            # "a camp for Congolese refugees": the people it belongs to.
            direct = container_members(head, self) or direct
        if direct:
            return list(direct)
        text = _reciprocal(head)
        if text:
            return []
        found: list[Actor] = []
        opposed: list[Actor] = []  # "the US-led war against Iraq": Iraq is the war's foe
        seen: set[int] = set()
        for tok in _phrase_tokens(head):
            span = self.by_token.get(tok.i)
            if span is None or id(span) in seen:
                continue
            seen.add(id(span))
            (opposed if _under_against(tok, head) else found).extend(span_actors(span))
        found = found or opposed
        if not found:
            for tok in head.children:
                if tok.dep_ == "poss" and tok.lower_ in PRONOUNS:
                    found.extend(self.resolve_pronoun(tok))
        if not found:
            # "our friends Saudi Arabia, China and Turkey": the apposition.
            for appos in _children(head, ("appos",)):
                found.extend(self.phrase(appos))
        if not found:
            # "mediation offered by the United States": the author.
            for acl in head.children:
                if acl.dep_ == "acl":
                    for agent in acl.children:
                        if agent.dep_ == "agent":
                            for pobj in agent.children:
                                # an actor, not something deep inside the
                                # cause ("hackers angered by the publication
                                # of cartoons of the Prophet")
                                if self.at(pobj):
                                    found.extend(self.phrase(pobj))
        return _unique(found)

    def place_state(self, token: Token) -> list[Actor]:
        """The state of a place named at ``token`` ("Lahore" -> PAK)."""
        for span in self.doc.spans.get("fp_places", []):
            if span.start <= token.i < span.end:
                loc = span._.fp_location
                if loc is not None and loc.country:
                    return [Actor(code=loc.country, text=span.text)]
        return []

    def modifiers(self, noun: Token) -> list[Actor]:
        """Actors that modify a noun before it: possessor, demonym, compound
        ("India's strikes", "Indian drones", "U.S. support")."""
        out: list[Actor] = []
        for child in noun.lefts:
            if child.dep_ in ("poss", "compound", "amod", "nmod", "npadvmod"):
                found = self.at(child) or (self.phrase(child) if child.dep_ == "poss" else [])
                if not found and child.dep_ == "compound":
                    # "India’s drone strikes": the parser may hang the
                    # possessor on the compound rather than on the head.
                    for grand in child.lefts:
                        if grand.dep_ == "poss":
                            found = self.at(grand) or self.phrase(grand)
                            break
                out.extend(a for a in found if a not in out)
        return out

    # -- the dyad --------------------------------------------------------------
    def dyad(self) -> list[Actor]:
        """The two states the article is about, when it has such a pair."""
        if self._dyad is not None:
            return self._dyad
        found: list[Actor] = []
        if self._dyad_fn is not None:
            try:
                found = _dyad_from(self._dyad_fn(self.doc))
            except Exception:  # the actors API is another component's: never fail here
                found = []
        if not found:
            found = self._frequent_states()
        self._dyad = found if len(found) == 2 else []
        return self._dyad

    def _frequent_states(self) -> list[Actor]:
        counts: dict[str, int] = {}
        first: dict[str, Actor] = {}
        for span in self.spans:
            for actor in span_actors(span):
                if actor.code and len(actor.code) == 3 and actor.code.isalpha():
                    counts[actor.code] = counts.get(actor.code, 0) + 1
                    first.setdefault(actor.code, Actor(code=actor.code, sector="GOV"))
        ranked = sorted(counts, key=lambda c: -counts[c])
        if len(ranked) >= 2 and counts[ranked[1]] >= 2 and (
            len(ranked) == 2 or counts[ranked[1]] > counts[ranked[2]]
        ):
            return [first[ranked[0]], first[ranked[1]]]
        return []


def _dyad_from(value) -> list[Actor]:
    if not value:
        return []
    out: list[Actor] = []
    for v in value:
        if isinstance(v, str):
            out.append(Actor(code=v, sector="GOV"))
        else:
            out.extend(_as_actors(v))
    return out


def _unique(actors: list[Actor]) -> list[Actor]:
    out: list[Actor] = []
    keys: set = set()
    for a in actors:
        key = (a.code, a.name, a.sector) if (a.code or a.name) else ("text", a.text)
        if key not in keys:
            keys.add(key)
            out.append(a)
    return out


def _phrase_tokens(head: Token):
    """Tokens of a noun phrase without its clauses (relative clauses,
    participles) and without other event phrases hanging from it."""
    stack = [head]
    while stack:
        tok = stack.pop()
        yield tok
        for child in tok.children:
            if child.dep_ in CLAUSE_DEPS or child.dep_ == "punct":
                continue
            stack.append(child)


def _under_against(tok: Token, head: Token) -> bool:
    """``tok`` is inside an "against ..." phrase below ``head``."""
    for t in tok.ancestors:
        if t.i == head.i:
            return False
        if t.dep_ == "prep" and t.lower_ == "against":
            return True
    return False


def _reciprocal(tok: Token) -> bool:
    text = f"{tok.nbor(-1).lower_} {tok.lower_}" if tok.i > 0 else tok.lower_
    if text == "the other" and any(_each_side(t, None) for t in tok.sent if t.i < tok.i):
        return True  # "each side accused the other"
    return tok.lower_ in ("other", "another") and text in ("each other", "one another")


def _each_side(tok: Token, grammar: Grammar | None) -> bool:
    """"each side", "either country": one of the two states in focus, each in turn."""
    return (tok.lemma_.lower() in DYAD_NOUNS
            and any(c.dep_ == "det" and c.lower_ in ("each", "either") for c in tok.children))


def is_reciprocal(tok: Token) -> bool:
    """"each other" / "one another" (also as a possessor: "each other's")."""
    if _reciprocal(tok):
        return True
    return any(_reciprocal(c) for c in tok.children if c.dep_ == "poss")


# ---------------------------------------------------------------------------
# Walking from a trigger to its roles
# ---------------------------------------------------------------------------

CLIMB_DEPS = {"xcomp", "advcl", "pcomp", "conj", "oprd", "acomp", "ccomp", "relcl", "acl", "prep"}


def _children(tok: Token, deps: set[str] | tuple[str, ...]) -> list[Token]:
    return [c for c in tok.children if c.dep_ in deps]


def light_verb_of(noun: Token, grammar: Grammar) -> Token | None:
    """The verb that carries a nominal event: "launched strikes",
    "held talks", "remained in contact with", "carrying out strikes"."""
    head = noun.head
    if noun.dep_ in ("dobj", "attr", "nsubjpass") and head.pos_ in ("VERB", "AUX"):
        # Not any passive: "the attacks were foiled by India" are not India's.
        if head.lemma_.lower() in grammar.light_verbs:
            return head
    if noun.dep_ == "pobj" and head.dep_ == "prep" and head.lower_ in ("in", "into"):
        verb = head.head
        if verb.pos_ in ("VERB", "AUX") and verb.lemma_.lower() in grammar.in_verbs:
            return verb
    if noun.dep_ == "pobj" and head.dep_ == "prep" and head.lower_ == "for":
        verb = head.head
        if verb.pos_ == "VERB" and verb.lemma_.lower() in grammar.for_verbs:
            return verb  # "arrived in Delhi for talks"
    if noun.dep_ == "conj" and noun.head.pos_ == "NOUN":
        return light_verb_of(noun.head, grammar)
    return None


def is_nominal(tok: Token) -> bool:
    """A noun, or a gerund used as one ("Pakistani shelling of villages")."""
    if tok.pos_ in ("NOUN", "PROPN"):
        return True
    return (tok.tag_ == "VBG" and tok.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj")
            and not any(c.dep_ in ("nsubj", "dobj", "aux") for c in tok.children))


def find_source(trigger: Token, index: ActorIndex, grammar: Grammar) -> Role:
    if is_nominal(trigger):
        return _noun_source(trigger, index, grammar)
    return _verb_source(trigger, index, grammar, depth=0)


def _verb_source(verb: Token, index: ActorIndex, grammar: Grammar, *, depth: int) -> Role:
    for agent in _children(verb, ("agent",)):
        for pobj in _children(agent, ("pobj",)):
            found = index.phrase(pobj)
            if found:
                return Role(found, "passive agent (by ...)", [pobj])
    # Two subjects: the parser took a dateline or a fronted phrase for one
    # ("QUETTA, March 12 - Pakistani forces ended ..."): the nearer first.
    for subj in sorted(_children(verb, SUBJ_DEPS), key=lambda t: -t.i):
        found = index.phrase(subj)
        if not any(a.code for a in found) and _each_side(subj, grammar) and index.dyad():
            found = index.dyad()  # "each side accused the other"
        if found and not any(a.code for a in found):
            # "the opposition alliance in Pakistan": a sector, and the state
            # of the place it is in.
            where = located_in(subj, index)
            if not where and placeable(found):
                where = act_place_state(verb, index)  # "people blocked streets in Hong Kong"
            if where:
                found = [replace(a, code=where[0].code) for a in found]
        if found:
            return Role(found, f"subject of '{verb.text}'", [subj])
        if subj.lower_ in RELATIVE and verb.dep_ == "relcl":
            # "the attack which killed 26": the subject is an event, not an actor.
            return Role([], None, [])
        if subj.pos_ in ("NOUN", "PROPN") and subj.lower_ not in PRONOUNS:
            # "protesters in Lahore": the state of the place they are in.
            found = located_in(subj, index)
            if found:
                return Role(found, f"state of the place of '{subj.text}'", [subj])
            # A subject that names no actor ("the clashes", "a bomb") is the
            # subject: do not borrow one from a higher clause.
            return Role([], None, [])
    for subj in _children(verb, ("nsubjpass",)):
        if verb.lemma_.lower() in grammar.in_verbs | grammar.stative_passives:
            # "Serb forces were engaged in ethnic cleansing", "Bhutan is
            # committed to reopening the border": the subject acts.
            found = index.phrase(subj)
            if found:
                return Role(found, f"subject of '{verb.text}'", [subj])
        return Role([], None, [])
    if depth >= 4:
        return Role([], None, [])
    head = verb.head
    if head.i == verb.i:
        return Role([], None, [])
    dep = verb.dep_
    if dep == "pcomp" or (dep == "pobj" and head.dep_ == "prep"):
        # "responded by shooting down": up through the preposition.
        prep = head
        up = prep.head
        # "are guilty of violating", "is responsible for killing": through
        # a predicative adjective to its subject.
        if up.pos_ in ("VERB", "AUX") or (up.pos_ == "ADJ" and up.dep_ in ("acomp", "ROOT", "conj")):
            role = _verb_source(up, index, grammar, depth=depth + 1)
            return _relabel(role, f"subject of '{up.text}' (via '{prep.text}')")
        return Role([], None, [])
    if dep in ("xcomp", "advcl", "conj", "oprd", "acomp", "ccomp"):
        if dep == "xcomp":
            # Object control: "urged both sides to talk": the object acts.
            for obj in _children(head, OBJ_DEPS):
                found = index.phrase(obj)
                if found:
                    return Role(found, f"object of '{head.text}' (who is asked to act)", [obj])
        if dep == "ccomp" and any(c.dep_ == "nsubj" for c in verb.children):
            return Role([], None, [])
        if dep == "conj" and verb.tag_ != "VBN":
            # "X has been indicted by Y and will resign": the passive's
            # subject is the subject of the active conjunct, not its agent.
            for subj in _children(head, ("nsubjpass",)):
                found = index.phrase(subj)
                if found:
                    return Role(found, f"subject of '{head.text}' (passive, shared)", [subj])
        if head.pos_ in ("VERB", "AUX", "ADJ"):
            role = _verb_source(head, index, grammar, depth=depth + 1)
            return _relabel(role, f"subject of '{head.text}'")
        if head.pos_ in ("NOUN", "PROPN"):
            return _noun_source(head, index, grammar, depth=depth + 1)
    participle = participle_noun_source(verb, index)  # "demonstrators protesting ..."
    if participle is not None:
        return participle
    if dep in ("acl", "relcl") and head.pos_ in ("NOUN", "PROPN"):
        # "a statement condemning ...": the statement's author.
        return _noun_source(head, index, grammar, depth=depth + 1)
    return Role([], None, [])


def _noun_source(noun: Token, index: ActorIndex, grammar: Grammar, *, depth: int = 0) -> Role:
    mods = index.modifiers(noun)
    if mods:
        return Role(mods, f"modifier of '{noun.text}' (possessor / demonym)", [noun])
    for prep in _children(noun, ("prep",)):
        if prep.lower_ == "by":
            for pobj in _children(prep, ("pobj",)):
                found = index.phrase(pobj)
                if found:
                    return Role(found, f"'by' phrase of '{noun.text}'", [pobj])
    found = act_author(noun, index)  # "killings committed by gunmen"
    if found:
        return Role(found, f"'by' phrase of the participle of '{noun.text}'", [noun])
    direct = index.at(noun)
    if direct and noun.pos_ == "PROPN":
        return Role(direct, "the noun itself", [noun])
    if depth >= 4:
        return Role([], None, [])
    verb = light_verb_of(noun, grammar)
    if verb is not None and verb.i != noun.i:
        role = _verb_source(verb, index, grammar, depth=depth + 1)
        return _relabel(role, f"subject of '{verb.text}' (carries '{noun.text}')")
    if noun.dep_ == "conj" and noun.head.pos_ in ("NOUN", "PROPN"):
        return _noun_source(noun.head, index, grammar, depth=depth + 1)
    scene = scene_source(noun, index, grammar, depth=depth)  # "threw stones during demonstrations"
    if scene is not None:
        return scene
    return Role([], None, [])


def located_in(noun: Token, index: ActorIndex) -> list[Actor]:
    """The state of a place a noun phrase is located in: "students in
    Lahore", "rebels from Balochistan" (a place, not an actor mention)."""
    for prep in _children(noun, ("prep",)):
        if prep.lower_ not in ("in", "from", "of", "across", "throughout"):
            continue
        for pobj in _children(prep, ("pobj",)):
            for tok in [pobj, *_children(pobj, ("appos", "compound"))]:
                found = index.place_state(tok)
                if found:
                    return found
    return []


def _relabel(role: Role, rule: str) -> Role:
    if role and role.rule and not role.rule.startswith("object of"):
        role.rule = rule
    return role


def find_target(trigger: Token, index: ActorIndex, grammar: Grammar, *,
                event_type: str, source: list[Actor],
                event_sources: dict[int, list[Actor]], events_at: set[int] | None = None) -> Role:
    """The event's target. ``event_sources`` maps the token of every other
    trigger to that event's source: when the object is an event ("condemned
    the attack"), the target is the event's author. ``events_at``: the tokens
    of nominal material events in the sentence (the place of a condemned
    attack is not the condemnation's target)."""
    index.event_type = event_type
    if event_type == "PROTEST":
        role = protest_target(trigger, index, grammar, source, event_sources)
        if role:
            return role
    if is_nominal(trigger):
        role = _noun_target(trigger, index, grammar, event_sources)
        if not role:
            verb = light_verb_of(trigger, grammar)
            if verb is not None:
                role = _prep_targets(verb, index, grammar, event_sources, exclude=trigger)
                if role:
                    role.rule = f"prepositional object of '{verb.text}' (carries '{trigger.text}')"
                elif event_type in ("ASSAULT", "COERCE"):
                    for comp in _children(verb, ("advcl",)):
                        role = purpose_object(comp, index)
                        if role:
                            break
    else:
        role = _verb_target(trigger, index, grammar, event_type, event_sources)
    if (role.actors and all(_same(a, source) for a in role.actors)
            and any(t.lower_ in REFLEXIVE for t in role.tokens)):
        role.rule = "reflexive"  # "defend itself": no event between two parties
        if event_type in grammar.self_harm_types:
            # "a bomber blew himself up outside a police station": a suicide
            # attack, aimed at the place of the blast.
            role = Role([], "suicide", [])
    role.actors = [a for a in role.actors if not _same(a, source)]
    if not any(a.code for a in role.actors) and role.rule not in ("reflexive", "reciprocal", "suicide"):
        purpose = purpose_target(trigger, index, grammar, event_sources)
        purpose.actors = [a for a in purpose.actors if not _same(a, source)]
        if purpose.actors:
            return purpose
    joint = len({a.code for a in source if a.code}) >= 2  # "X and Y agreed": no target
    if (role.rule not in ("reflexive", "reciprocal") and not joint
            and not any(a.code for a in role.actors)):
        stop = set(events_at or ()) if event_type in AUTHOR_TYPES else set()
        if event_type == "THREATEN":
            stop -= threatened_act(trigger)  # "threatened to impose a curfew in X"
        stop |= adjunct_stops(trigger, grammar, event_type)
        fallback = phrase_state(trigger, index, grammar, source=source, stop_at=stop)
        kinds = [a for a in role.actors if a.sector or a.role or a.name]
        if kinds and event_type in grammar.place_target_types:
            # the place of the act, not a state named further down ("the
            # demonstration staged in Sivas to protest ... troops to Iraq")
            fallback = phrase_state(trigger, index, grammar, source=source, stop_at=stop,
                                    where_only=True) or fallback
        codes = {a.code for a in fallback.actors if a.code}
        if len(codes) == 1 and kinds and event_type in grammar.place_target_types:
            # "killed two militants in Pulwama", "detained students in
            # Dhaka": the stateless victims are of the place's state.
            state = codes.pop()
            return Role([replace(a, code=state) for a in kinds],
                        f"{role.rule}, in {state} ({fallback.rule})", role.tokens)
        if fallback:
            return fallback
    return role


PHRASE_SKIP_DEPS = {"punct", "cc", "conj", "relcl", "advcl", "parataxis", "nsubj", "nsubjpass",
                    "appos", "npadvmod", "agent"}  # fmt: skip
# "according to Iranian state media": the attribution is no part of the phrase.
ATTRIBUTION_PREPS = {"according"}


def _subtree_until(head: Token, stop_at: set[int]) -> list[Token]:
    out: list[Token] = []
    stack = [head]
    while stack:
        tok = stack.pop()
        if tok.i in stop_at:
            continue
        out.append(tok)
        # Not into relative clauses: "refugees who lived in Iraq".
        stack.extend(c for c in tok.children if c.dep_ != "relcl")
    return sorted(out, key=lambda t: t.i)


def _named_states(heads: list[Token], index: ActorIndex, *,
                  stop_at: set[int]) -> list[tuple[Token, list[Actor], str]]:
    """States named in the phrases below ``heads`` (not below a token of
    ``stop_at``), in text order: actor mentions with a code, else places
    standing for their state."""
    out: list[tuple[Token, list[Actor], str]] = []
    seen: set[int] = set()
    for head in heads:
        for tok in _subtree_until(head, stop_at):
            if tok.i in seen:
                continue
            span = index.span_at(tok)
            if span is not None:
                seen.update(range(span.start, span.end))
                found = [a for a in span_actors(span) if a.code]
                if found:
                    out.append((tok, found, "actor"))
                continue
            found = index.place_state(tok)
            if found:
                out.append((tok, found, "place"))
    return out


def phrase_state(trigger: Token, index: ActorIndex, grammar: Grammar, *, source: list[Actor],
                 stop_at: set[int] | None = None, where_only: bool = False) -> Role:
    """Last resort for a trigger with no target: the first state named in
    its own phrase (objects, complements, prepositional chains; not its
    subject), an actor mention or a place: "ready to contribute troops to a
    force in Liberia" -> Liberia. A state other than the source's comes
    first; the source's own state is the target when it is the only one
    named (a domestic event: "police dispersed a rally in Lahore")."""
    words = [trigger]
    if is_nominal(trigger):
        verb = light_verb_of(trigger, grammar)
        if verb is not None:
            words.append(verb)
    heads = [c for w in words for c in w.rights
             if c.dep_ not in PHRASE_SKIP_DEPS and c.i not in {x.i for x in words}
             and c.lower_ not in ATTRIBUTION_PREPS]
    # "shot dead by militants in Anantnag": the parser hangs the place on
    # the passive agent; a place phrase there still locates the act.
    heads += [p for agent in trigger.children if agent.dep_ == "agent"
              for obj in agent.children if obj.dep_ == "pobj"
              for p in obj.children if p.dep_ == "prep" and p.lower_ in grammar.agent_place_preps]
    named = _named_states(heads, index, stop_at=(stop_at or set()) - {trigger.i})
    if where_only:  # only states named in a place phrase ("in Sivas")
        named = [n for n in named if in_place_phrase(n[0], trigger, grammar)]
    for tok, actors, kind in named:
        # A place in the source's own country is its own state's territory,
        # whatever the source's sector ("Ugandan rebels surrendered in Soroti").
        own_codes = {s.code for s in source if s.code} if kind == "place" else set()
        others = [a for a in actors if not _same(a, source) and a.code not in own_codes]
        if others:
            return Role(others, f"first state named in the phrase of '{trigger.text}' ({kind} '{tok.text}')", [tok])
    # "its troops": its own means; "warned that Colombo would respond": the
    # speaker's own state as a subject below is the speaker, not a target;
    # "aggression by China": the source's own phrase.
    own = [(tok, actors, kind) for tok, actors, kind in named
           if not any(w.lower_ in PRONOUNS for w in tok.subtree)
           and not _as_subject_or_agent(tok)
           and not own_means(tok, index, grammar)]
    if own and source and index.event_type not in grammar.no_domestic_types:
        tok, actors, kind = own[0]
        return Role(actors, f"domestic: the source's own state named in the phrase ({kind} '{tok.text}')", [tok])
    return Role([], None, [])


def _as_subject_or_agent(tok: Token) -> bool:
    """The token heads, or is inside, a subject or a 'by' phrase."""
    for t in [tok, *tok.ancestors][:4]:
        if t.dep_ in ("nsubj", "nsubjpass", "agent") or (t.dep_ == "prep" and t.lower_ == "by"):
            return True
    return False


# Sectors of a state's people who act against it: "Croatia" (a state named
# alone) is its government, not its rebels or its opposition ("its aid
# workers", its civilians, are its own).
NON_STATE_SECTORS = frozenset({"REB", "OPP"})


def same_actor(a: Actor, b: Actor) -> bool:
    """The same actor: same code, and no different sector or name (a state
    named alone is the same as its government; a state's rebels are not)."""
    if a.code and b.code:
        if a.sector != b.sector and (a.sector or b.sector) in NON_STATE_SECTORS and not (a.sector and b.sector):
            return False  # "Croatia" and "Croatian extremists"
        return (a.code == b.code and (a.sector == b.sector or not a.sector or not b.sector)
                and (a.name == b.name or not a.name or not b.name))
    return bool(a.text) and a.text == b.text and a.code == b.code


def _same(actor: Actor, others: list[Actor]) -> bool:
    return any(same_actor(actor, o) for o in others)


AUTHOR_TYPES = {"ACCUSE", "REJECT", "SUPPORT", "CONCEDE", "THREATEN", "SANCTION"}


def _object_actors(obj: Token, index: ActorIndex, event_sources: dict[int, list[Actor]]) -> tuple[list[Actor], str]:
    if obj.i in event_sources and index.event_type in AUTHOR_TYPES:
        return event_sources[obj.i], f"author of the event '{obj.text}'"
    for child in obj.children:
        if child.dep_ == "conj" and child.i in event_sources and index.event_type in AUTHOR_TYPES:
            return event_sources[child.i], f"author of the event '{child.text}'"
    if index.event_type in AUTHOR_TYPES:
        # "investigating alleged crimes by Croatian extremists": the author
        # of the act, not its victims.
        found = act_author(obj, index)
        if found:
            return found, f"author of '{obj.text}' (by ...)"
    return index.phrase(obj), ""


def _verb_target(verb: Token, index: ActorIndex, grammar: Grammar, event_type: str,
                 event_sources: dict[int, list[Actor]]) -> Role:
    if verb.dep_ == "oprd" or (verb.dep_ == "ccomp" and not _children(verb, SUBJ_DEPS)):
        # "kept the U.S. informed": the governing verb's object.
        for obj in _children(verb.head, OBJ_DEPS):
            found = index.phrase(obj)
            if found:
                return Role(found, f"object of '{verb.head.text}'", [obj])
    for subj in _children(verb, ("nsubjpass",)):
        found, why = _object_actors(subj, index, event_sources)
        if found:
            return Role(found, why or "passive subject", [subj])
    weak: Role | None = None  # an object that names no state ("troops")
    for obj in _children(verb, OBJ_DEPS):
        if locative_object(obj, index, grammar):
            continue  # "declared a ceasefire in south Lebanon"
        found, why = _object_actors(obj, index, event_sources)
        if found and any(a.code for a in found):
            return Role(found, why or f"object of '{verb.text}'", [obj])
        if found and weak is None:
            weak = Role(found, why or f"object of '{verb.text}'", [obj])
        if is_reciprocal(obj):
            return Role([], "reciprocal", [obj])
    role = _prep_targets(verb, index, grammar, event_sources)
    if role:
        return role
    if weak is not None:
        return weak
    # Requests and intentions: the actor in the complement clause (not for a
    # denial: "X denied that its army fired" is aimed at the accuser).
    if verb.lemma_.lower() in grammar.deny_verbs:
        return Role([], None, [])
    for comp in _children(verb, ("ccomp", "xcomp", "advcl")):
        if comp.dep_ == "advcl" and not any(c.lower_ in ("for", "to") for c in comp.children):
            continue
        for subj in _children(comp, ("nsubj", "nsubjpass")):
            found = index.phrase(subj)
            if found:
                return Role(found, f"subject of the requested '{comp.text}'", [subj])
        if event_type in ("AGREE", "THREATEN", "REQUEST", "REJECT", "SUPPORT", "AID", "SANCTION", "CONCEDE"):
            for obj in _children(comp, OBJ_DEPS):
                found, why = _object_actors(obj, index, event_sources)
                if found:
                    return Role(found, why or f"object of '{comp.text}'", [obj])
            role = _prep_targets(comp, index, grammar, event_sources)
            if role:
                return role
        elif event_type in ("ASSAULT", "COERCE") and comp.dep_ == "advcl":
            role = purpose_object(comp, index)
            if role:
                return role
    for acomp in _children(verb, ("acomp",)):
        role = _prep_targets(acomp, index, grammar, event_sources)
        if role:
            return role
    return Role([], None, [])


def _prep_targets(tok: Token, index: ActorIndex, grammar: Grammar,
                  event_sources: dict[int, list[Actor]], *, exclude: Token | None = None) -> Role:
    preps = _children(tok, ("prep", "dative", "agent"))
    if index.event_type == "ACCUSE":
        # "complained to the UN over Israeli raids": the complaint's object
        # (the raids' author) is the target, not its addressee.
        preps.sort(key=lambda p: p.lower_ not in grammar.accuse_topic_preps)
    for prep in preps:
        if prep.dep_ == "agent" or prep.lower_ not in grammar.target_preps:
            continue
        if (prep.lower_ in grammar.lists.get("locative_preps", ())
                and index.event_type in grammar.lists.get("no_locative_target_types", ())):
            continue  # "a ceasefire in south Lebanon": where, not whom
        dangling = dangling_object(prep, index)
        if dangling is not None:
            # "granted asylum to five officers holed up in ...": the parser
            # made the recipient the participle's subject.
            return Role(dangling[1], f"object of '{prep.text}' (subject of the clause after it)", [dangling[0]])
        for pobj in _children(prep, ("pobj", "pcomp")):
            if exclude is not None and pobj.i == exclude.i:
                continue
            if is_reciprocal(pobj):
                return Role([], "reciprocal", [pobj])
            found, why = _object_actors(pobj, index, event_sources)
            if found:
                return Role(found, why or f"object of '{prep.text}'", [pobj])
            if (index.event_type in grammar.place_target_types
                    and prep.lower_ in grammar.place_target_preps):
                found = index.place_state(pobj)
                if found:
                    return Role(found, f"state of the place '{pobj.text}' (object of '{prep.text}')", [pobj])
    return Role([], None, [])


def _noun_target(noun: Token, index: ActorIndex, grammar: Grammar,
                 event_sources: dict[int, list[Actor]]) -> Role:
    role = _prep_targets(noun, index, grammar, event_sources)
    if role:
        return role
    verb = light_verb_of(noun, grammar)
    if verb is not None:
        # "issued a reminder to Iraq that it must cooperate with the UN": the
        # addressee, before the actors inside the noun's clause.
        for prep in _children(verb, ("dative", "prep")):
            if prep.lower_ != "to" or prep.i < noun.i:
                continue
            for pobj in _children(prep, ("pobj",)):
                found = index.phrase(pobj)
                if found:
                    return Role(found, f"recipient 'to' of '{verb.text}' (carries '{noun.text}')", [pobj])
    for acl in _children(noun, ("acl", "relcl")):
        # "strikes targeting Pakistan"
        for obj in _children(acl, OBJ_DEPS):
            found = index.phrase(obj)
            if found:
                return Role(found, f"object of '{acl.text}'", [obj])
        role = _prep_targets(acl, index, grammar, event_sources)
        if role:
            return role
    return Role([], None, [])
