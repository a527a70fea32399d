"""An event needs an actor acting on purpose.

The trigger patterns fire on the words of conflict, and the words of conflict
are everyday words: a storm *hits* a coast, a bus crash *kills* its
passengers, a team *beats* another 6-0, oil prices *hit* a record, a party
*targets* marginal seats. None of these is an event: no one acted against
anyone. ``drop_unpurposed`` runs once over an article's coded events and drops
the conflict acts (``CONFLICT_ACTS``) that one of the named rules below finds
to be no act; each rule reads

(a) the **agent** of the trigger (``agent_of``: subject, "by" phrase, the noun
    a participle or relative clause hangs on, the subject of the governing
    verb): a state, force, armed group or person acts; a hazard, vehicle,
    object, disease, market or team does not act on purpose;
(b) the **sense** of the trigger in its sentence: a score line, a record
    price, a dismissed coach, "had a blast";
(c) the **domain** of the article (``article_domain``): the density of sports,
    disaster or business words against the words of armed conflict.

A real attack survives in any article: an agent among ``armed_agents`` or a
weapon or attacker word in the sentence (``sentence_attack_cues``) keeps the
event whatever the rules say ("gunmen stormed the stadium", "a bomb blast at
a market"). The word lists are in ``data/patterns/grammar_agency.yaml``.
Dropped events are listed in ``doc._.fp_not_events`` with the rule's id.

The rules are the coding engine's rules of the ``agency`` stage
(``flashpoint rules --stage agency`` lists them in the order they run:
hazards, accidents and precautions, then matches, markets, charges and the
other senses of the words); the first that finds the event no act wins
(``judge``), and ``flashpoint explain`` names it among the dropped
triggers. Each has an example, run with the others by
``tests/test_rule_examples.py``. No rule is learned: the senses are told
apart by the parse and the word lists.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache

from spacy.tokens import Doc, Span, Token

from flashpoint.coding.engine import ENGINE, Example, Rule, get_rule, rule
from flashpoint.coding.parse_tree import RELATIVE, is_nominal
from flashpoint.coding.patterns import Grammar
from flashpoint.models import Event
from flashpoint.nlp.extensions import text_of

if not Doc.has_extension("fp_not_events"):
    Doc.set_extension("fp_not_events", default=None)

CONFLICT_ACTS = frozenset({"ASSAULT", "COERCE", "SANCTION", "MOBILIZE", "PROTEST", "THREATEN"})
CLIMB_DEPS = frozenset({"advcl", "xcomp", "conj", "pcomp", "prep"})
RESULT_VERBS = frozenset({"leave", "render"})
CAUSE_CLAUSE_MARKS = frozenset({"when", "as", "after", "while", "because", "since", "before"})


# -- the article's domain ----------------------------------------------------------

@dataclass(frozen=True)
class Domain:
    """What an article is about, told by its vocabulary: counts of conflict,
    hazard, sports, business and unexplained-blast words, and the names of
    the storms it names ("Hurricane Ivan" makes a later "Ivan" a hazard)."""

    counts: dict[str, float]
    hazard_names: frozenset[str] = frozenset()

    @property
    def conflict(self) -> float:
        return self.counts.get("conflict", 0)

    def is_(self, name: str) -> bool:
        """The article is about ``name`` (hazard, sports, business): at least
        two of its words, and three times the words of armed conflict."""
        n = self.counts.get(name, 0)
        return n >= 2 and n >= 3 * self.conflict


@cache
def _score_res(patterns: frozenset[str]) -> tuple[re.Pattern, ...]:
    return tuple(re.compile(p) for p in sorted(patterns))


def score_lines(span: Doc | Span, grammar: Grammar) -> int:
    """How many score lines ("6-0", "21-16", "49-to-14") the text holds. A
    range of counted things ("3-11 protesters", "150-200 people") is no
    score: the word after a score is no noun outside the words of play; nor
    is a range of days ("12-13 May")."""
    doc = span.doc if isinstance(span, Span) else span
    text = text_of(doc)  # built once per Doc; ``Doc.text`` joins every token again
    if isinstance(span, Span):
        text = text[span.start_char : span.end_char]
    offset = span[0].idx if len(span) else 0
    found = 0
    for rx in _score_res(grammar.score_patterns):
        for m in rx.finditer(text):
            after = doc.char_span(offset + m.start(), offset + m.end(), alignment_mode="expand")
            if after is None:
                continue
            nxt = doc[after.end] if after.end < len(doc) else None
            prev = doc[after.start - 1] if after.start > 0 else None
            if any(t is not None and t.lower_.rstrip(".") in grammar.month_names for t in (prev, nxt)):
                continue  # "on 12-13 May", "May 3-4"
            play = grammar.sports_domain_cues | grammar.sports_weak_cues
            if nxt is not None and nxt.pos_ == "NOUN" and nxt.lemma_.lower() not in play:
                continue
            found += 1
    return found


def hazard_words(grammar: Grammar) -> frozenset[str]:
    """Every noun that can head a hazard's phrase: natural hazards,
    accidents, vehicles, objects, diseases and misfortunes."""
    return (grammar.hazard_nouns | grammar.accident_nouns | grammar.vehicle_nouns
            | grammar.object_nouns | grammar.misfortune_nouns)


def _hyphened(tok: Token) -> str:
    """The hyphenated word a token ends ("cease-fire" at "fire"), else ""."""
    doc = tok.doc
    if tok.i >= 2 and doc[tok.i - 1].text == "-" and not doc[tok.i - 2].whitespace_ \
            and not doc[tok.i - 1].whitespace_:
        return f"{doc[tok.i - 2].lower_}-{tok.lower_}"
    return ""


def _told_as_happening(noun: Token, grammar: Grammar) -> bool:
    """A blast or fire noun told as a happening: subject, headline, or the
    object of a cause ("killed in an explosion"); not "set on fire", "opened
    fire", "came under fire"."""
    if noun.dep_ == "dobj":
        return False
    return not (noun.dep_ == "pobj" and noun.head.lower_ in grammar.not_happening_preps)


def _attack_named(noun: Token, grammar: Grammar) -> bool:
    """A weapon or attacker word in the noun's own phrase ("bomb blast"),
    or someone who set the fire or blast off: the noun is the object of a
    verb with a subject ("settlers set fire to the offices", "gunmen opened
    fire", "set the house on fire")."""
    if phrase_words(noun) & (grammar.armed_agents | grammar.attack_words):
        return True
    if any(c.lemma_.lower() in grammar.set_off_modifiers for c in noun.children):
        return True  # "open fire" parsed as an adjective and its noun
    verb = None
    if noun.dep_ == "dobj":
        verb = noun.head
    elif noun.dep_ == "pobj" and noun.head.lower_ in ("on", "to", "ablaze"):
        verb = noun.head.head  # "set the house on fire"
    return verb is not None and any(c.dep_ == "nsubj" for c in verb.children)


def article_domain(doc: Doc, grammar: Grammar) -> Domain:
    """Count the article's domain words: ``conflict_domain_cues``; natural
    hazard and accident nouns and ``accident_domain_verbs``;
    ``sports_domain_cues`` and ``sports_agents``, half of each
    ``sports_weak_cues`` and two per score line; ``market_nouns``; blast
    and fire nouns told as happenings with no attack named ("blast"). Also
    collect the article's storm names."""
    hazards = grammar.hazard_nouns | (grammar.accident_nouns - grammar.blast_nouns)
    counts: dict[str, float] = {"conflict": 0, "hazard": 0, "sports": 0, "business": 0, "blast": 0}
    names: set[str] = set()
    # the word lists once, not per token
    conflict, weak = grammar.conflict_domain_cues, grammar.sports_weak_cues
    sports = grammar.sports_domain_cues | grammar.sports_agents
    accident_verbs, markets = grammar.accident_domain_verbs, grammar.market_nouns
    name_heads, blasts = grammar.hazard_name_heads, grammar.blast_nouns
    for tok in doc:
        lemma, lower, pos = tok.lemma_.lower(), tok.lower_, tok.pos_
        hyphened = _hyphened(tok)
        if hyphened in conflict:  # "cease-fire", "car-bomb"
            counts["conflict"] += 1
        if lemma in conflict or lower in conflict:
            counts["conflict"] += 1
        noun = pos in ("NOUN", "PROPN")
        if (noun and lemma in hazards) or (pos == "VERB" and lemma in accident_verbs):
            counts["hazard"] += 1
        if lemma in sports or lower in sports or hyphened in sports:
            counts["sports"] += 1
        elif lemma in weak or lower in weak:
            counts["sports"] += 0.5
        if noun and lemma in markets:
            counts["business"] += 1
        if lemma in name_heads and tok.i + 1 < len(doc):
            nxt = doc[tok.i + 1]
            if nxt.pos_ == "PROPN" and nxt.text[:1].isupper():
                names.add(nxt.lower_)
        if noun and lemma in blasts and _told_as_happening(tok, grammar) \
                and not _attack_named(tok, grammar):
            counts["blast"] += 1
    counts["sports"] += 2 * score_lines(doc, grammar)
    return Domain(counts, frozenset(names))


# -- the agent of a trigger -------------------------------------------------------------

def agent_of(tok: Token) -> list[Token]:
    """The head tokens of the phrase that does the act of ``tok``: the
    subject, the "by" phrase of a passive, the noun a participle or relative
    clause hangs on ("the storm that hit", "the worst storm to hit"), or, for a
    trigger with no subject of its own ("collided, killing 24", "after
    killing 23"), the subject of the verb it depends on. A nominal trigger's
    agent is its possessor, its "by" / "from" phrase, or the agent of the
    verb it is the object of ("launched an assault"). A passive with no "by"
    phrase has none ([])."""
    return find_agent(tok)[0]


def find_agent(tok: Token) -> tuple[list[Token], Token]:
    """``agent_of`` and the verb (or noun) whose agent it is: "the bus
    collided, killing 24" gives ([bus], collided)."""
    if is_nominal(tok):
        found = [c for c in tok.children if c.dep_ == "poss"]
        for prep in tok.children:
            if prep.dep_ == "prep" and prep.lower_ in ("by", "from"):
                found.extend(c for c in prep.children if c.dep_ == "pobj")
        if not found and tok.dep_ == "dobj" and tok.head.pos_ in ("VERB", "AUX"):
            return find_agent(tok.head)  # "the retailer launched an assault"
        return _with_conjuncts(found), tok
    t = tok
    for _ in range(6):
        by = [g for c in t.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
        if by:
            return _with_conjuncts(by), t
        if any(c.dep_ in ("nsubjpass", "auxpass") for c in t.children):
            return [], t
        subj = [c for c in t.children if c.dep_ in ("nsubj", "csubj")]
        if subj:
            if subj[0].lower_ in RELATIVE and t.dep_ == "relcl":
                return _with_conjuncts([t.head]), t
            return _with_conjuncts(subj), t
        if t.dep_ in ("acl", "relcl") and t.head.pos_ in ("NOUN", "PROPN"):
            return _with_conjuncts([t.head]), t
        if t.dep_ in CLIMB_DEPS and t.head.i != t.i:
            t = t.head
            continue
        if t.dep_ in ("dobj", "ccomp", "oprd", "acomp") and t.head.lemma_.lower() in RESULT_VERBS:
            t = t.head  # "collapsed, leaving five dead and 12 injured"
            continue
        break
    return [], t


def _with_conjuncts(heads: list[Token]) -> list[Token]:
    """The heads, their conjuncts and appositions ("wind and water";
    "CHARLESTON, S.C. - Tropical Storm Gaston", a dateline parsed as the
    subject with the storm in apposition)."""
    out: list[Token] = []
    for h in heads:
        for t in (h, *h.conjuncts, *(c for c in h.children if c.dep_ == "appos")):
            if t not in out:
                out.append(t)
    return out


def _forms(tok: Token) -> set[str]:
    """A word's lemma and lower-case form, and the singular of a plural the
    lemmatizer left alone ("tsunamis")."""
    forms = {tok.lemma_.lower(), tok.lower_}
    return forms | {w[:-1] for w in forms if len(w) > 3 and w.endswith("s")}


def _owners(head: Token) -> list[Token]:
    """The possessor and the object of "of" of a noun ("the storm's fury",
    "the force of the storm")."""
    out = [c for c in head.children if c.dep_ == "poss"]
    for prep in head.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            out.extend(c for c in prep.children if c.dep_ == "pobj")
    return out


def phrase_words(head: Token) -> set[str]:
    """The lemmas that say what a noun phrase is: its head, compounds,
    adjectives and possessor, and the object of an "of" ("the full force of
    Hurricane Ivan", "the remnants of the storm")."""
    words = {head.lemma_.lower(), head.lower_}
    for c in head.children:
        if c.dep_ in ("compound", "amod", "nmod", "poss", "npadvmod"):
            words |= {c.lemma_.lower(), c.lower_}
            words |= {g.lemma_.lower() for g in c.children if g.dep_ in ("compound", "poss")}
        if c.dep_ == "prep" and c.lower_ == "of":
            for g in c.children:
                if g.dep_ == "pobj":
                    words |= {g.lemma_.lower(), g.lower_}
                    words |= {x.lemma_.lower() for x in g.children if x.dep_ in ("compound", "amod")}
    # a plural the lemmatizer left alone ("tsunamis")
    return words | {w[:-1] for w in words if len(w) > 3 and w.endswith("s")}


@dataclass
class Context:
    """What the rules read about one event."""

    event: Event
    trigger: Token
    sent: Span
    agents: list[Token]
    domain: Domain
    grammar: Grammar
    agent_verb: Token | None = None
    held: frozenset[str] = frozenset()  # the guards that hold (see ``rule``)

    def natural(self, head: Token) -> bool:
        """The phrase names a natural hazard or a disease ("the quake",
        "Hurricane Ivan", "a heat wave", "cholera"): never an attack, whatever
        else the sentence names ("troops were sent after the quake killed
        300")."""
        g = self.grammar
        own = _forms(head)
        if own & (g.hazard_nouns | g.misfortune_nouns) and not own & g.blast_nouns:
            return True
        if head.lower_ in self.domain.hazard_names:
            return True
        if own & g.hazard_part_nouns and any(self.natural(o) for o in _owners(head)):
            return True  # "the full force of Hurricane Ivan", "a string of tornadoes"
        return head.pos_ == "PROPN" and any(
            c.dep_ == "compound" and c.lemma_.lower() in g.hazard_name_heads for c in head.children)

    def kind(self, head: Token, verb: Token | None = None) -> str | None:
        """What the noun phrase headed by ``head`` names, read from its head
        first: 'armed' (a force, an attacker, a weapon, in the head or its
        modifiers: "a bomb blast"), 'hazard' (a hazard, accident, disease or
        falling object as head: "truck drivers" are people, "the gas
        explosion" is not; a storm's name; "the full force of the storm"),
        A blast or fire is a hazard only in an article with no word of armed
        conflict. 'sports' (a team or player), 'market' (a price, firm or share),
        'market_people' (investors, traders), else None. ``verb``: the verb
        the phrase is the subject of, which tells a vehicle's accident
        ("the bus collided") from its use ("a car hit the protesters")."""
        g = self.grammar
        own = _forms(head)
        words = phrase_words(head)
        names = self.domain.hazard_names
        hazards = hazard_words(g) | g.blast_nouns
        is_hazard = bool(own & hazards) or head.lower_ in names or (
            head.pos_ == "PROPN" and any(c.dep_ == "compound" and c.lemma_.lower() in g.hazard_name_heads
                                         for c in head.children))
        owners = [o for o in _owners(head) if _forms(o) & (hazards | g.hazard_name_heads) or o.lower_ in names]
        part = bool(own & g.hazard_part_nouns) and bool(owners)
        is_hazard = is_hazard or part  # "the full force of Hurricane Ivan", "a string of tornadoes"
        core = set().union(*(_forms(o) for o in owners)) if part and not own & hazards else own
        if own & g.hazard_generic_heads and any(
                c.dep_ in ("compound", "amod") and _forms(c) & (g.hazard_nouns | g.hazard_modifiers)
                for c in head.children):
            is_hazard = True  # "a heat wave", "a cold snap", "the storm system"
        if is_hazard and core & g.blast_nouns and not core & (hazards - g.blast_nouns) and self.domain.conflict:
            is_hazard = False  # "the explosion killed 12" in an article of armed conflict
        things = g.vehicle_nouns | g.object_nouns
        if is_hazard and core & things and not core & (hazards - things):
            is_hazard = self._accident(verb)
            if not is_hazard and core & g.vehicle_nouns and self._state_craft(head, words, verb):
                return "armed"
        if own & g.blast_nouns and _attack_named(head, g):
            return "armed"
        armed = words & (g.armed_agents | g.attack_words)
        if part:
            armed = armed - g.hazard_part_nouns
        if armed:
            return "armed"
        if is_hazard:
            return "hazard"
        if own & g.sports_agents:
            return "sports"
        if own & g.market_nouns:
            return "market"
        if own & g.market_people:
            return "market_people"
        return None

    def _accident(self, verb: Token | None) -> bool:
        """A vehicle or an object is a hazard when its verb is an accident's
        ("the bus collided", "the wall collapsed") or the article is about
        a disaster or an accident, or it hits another vehicle ("the cruiser
        was struck by a truck"); "a car hit the protesters" may be on
        purpose."""
        g = self.grammar
        if verb is not None and verb.lemma_.lower() in g.accident_verbs:
            return True
        if verb is not None:
            patients = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
            patients += [o for p in verb.children if p.dep_ == "prep" and p.lower_ in ("into", "with")
                         for o in p.children if o.dep_ == "pobj"]
            if any(phrase_words(c) & g.vehicle_nouns for c in patients):
                return True  # a vehicle hitting a vehicle: a collision
        return self.domain.is_("hazard")

    def _state_craft(self, head: Token, words: set[str], verb: Token | None) -> bool:
        """A state's aircraft, ship or vehicle in action ("Russian aircraft
        killed 46", "Israeli helicopters shelled the town") is a force,
        unless it carries passengers or goods."""
        if words & self.grammar.civil_craft_words:
            return False
        return any(c.ent_type_ in ("NORP", "GPE") and c.dep_ in ("amod", "compound", "poss", "nmod")
                   for c in head.children)

    @property
    def agent_kind(self) -> str | None:
        """The kind of the agent: 'armed' when any of its conjuncts is, else
        the first kind found."""
        kinds = [self.kind(a, self.agent_verb) for a in self.agents]
        if "armed" in kinds:
            return "armed"
        return next((k for k in kinds if k), None)

    @property
    def attack_in_sentence(self) -> bool:
        return bool(sentence_words(self.sent) & self.grammar.sentence_attack_cues)


#: ``sentence_words``' answers for the last Doc: [the Doc, its length,
#: {(sentence start, end): words}]
_SENTENCE_WORDS: list = []


def sentence_words(sent: Span) -> frozenset[str]:
    """The lower-case forms and lemmas of a sentence's tokens, read once per
    sentence of a Doc (each event of the sentence asks)."""
    doc = sent.doc
    if not _SENTENCE_WORDS or _SENTENCE_WORDS[0] is not doc or _SENTENCE_WORDS[1] != len(doc):
        _SENTENCE_WORDS[:] = [doc, len(doc), {}]
    kept = _SENTENCE_WORDS[2]
    words = kept.get((sent.start, sent.end))
    if words is None:
        words = kept[(sent.start, sent.end)] = frozenset(
            w for t in sent for w in (t.lemma_.lower(), t.lower_))
    return words


# The rules are the engine's (``coding.engine``), of the ``agency`` stage:
# ``@rule(id, stage="agency", order=..., example=..., guards=..., recode=...)``.
# Two options say how ``judge`` runs them:
# ``guards``: what keeps an event from the rule: ``armed_agent`` (the agent
# is a force, an armed group or an attacker), ``attack_in_sentence`` (an
# attacker or a weapon word in the sentence), ``weapon_in_sentence`` (any of
# ``attack_words`` in the sentence, "attack" included: "no group claimed the
# attack"; guards the hazard rules only, since "a pace attack" is play); by
# default ``GUARDS``. A rule about a word's sense that no attack has ("blast
# off") takes none. ``recode``: (type, mode) the event becomes instead of
# being dropped (a strike from work would be a PROTEST).
GUARDS = frozenset({"armed_agent", "attack_in_sentence"})
HAZARD_GUARDS = GUARDS | {"weapon_in_sentence"}


def _guards(r: Rule) -> frozenset[str]:
    return r.option("guards", GUARDS)


# -- the rules ---------------------------------------------------------------------

@rule("agency.hazard_agent", stage="agency", order=10, guards=frozenset({"armed_agent"}),
      example=Example("A cyclone tore through the coastal villages on Friday, killing 11 fishermen.",
                      absent=("ASSAULT",)))
def hazard_agent(ctx: Context) -> str | None:
    """The agent is a natural hazard, an accident, a vehicle, a falling
    object or a disease ("a storm blasted the coast", "the bus collided with a
    truck, killing 24", "the quake killed 40", "Ivan has killed 60" after
    "Hurricane Ivan"): nothing acted on purpose. An attack word in the
    sentence keeps the event unless the agent is a natural hazard or a
    disease."""
    if ctx.agent_kind != "hazard":
        return None
    if ctx.held & HAZARD_GUARDS and not all(ctx.natural(a) for a in ctx.agents):
        return None
    return f"the agent '{ctx.agents[0].text}' is a hazard, an accident or an object"


def _cause_kind(ctx: Context, verb: Token) -> str | None:
    """The kind of the cause a toll verb names ('natural' for a natural
    hazard or a disease, else as ``Context.kind``): the object of "in / by /
    during / after ..." ("killed in a helicopter crash") or the agent of a
    "when / as / after" clause ("killed when the roof fell in"). The
    object of a preposition other than "by" is a cause only when it names a
    happening ("in a crash"), not a place ("in a house", "at a mine")."""
    g = ctx.grammar
    happenings = g.hazard_nouns | g.accident_nouns | g.misfortune_nouns | ctx.domain.hazard_names
    for child in verb.children:
        if child.dep_ in ("prep", "agent") and child.lower_ in g.cause_preps:
            for obj in child.children:
                if obj.dep_ != "pobj":
                    continue
                kind = ctx.kind(obj)
                # "by a truck" is a cause; "in a house", "at a mine" are places
                if kind == "hazard" and child.lower_ != "by" and not _forms(obj) & happenings \
                        and obj.lower_ not in ctx.domain.hazard_names:
                    kind = None
                if kind == "hazard" and ctx.natural(obj):
                    return "natural"
                if kind:
                    return kind
        if child.dep_ == "advcl" and (
                any(m.dep_ in ("mark", "advmod") and m.lower_ in CAUSE_CLAUSE_MARKS for m in child.children)):
            agents, clause_verb = find_agent(child)
            for a in agents:
                kind = ctx.kind(a, clause_verb)
                if kind == "hazard" and ctx.natural(a):
                    return "natural"
                if kind:
                    return kind
    return None


@rule("agency.hazard_cause", stage="agency", order=20, guards=frozenset({"armed_agent"}),
      example=Example("Six climbers were killed in an avalanche in the mountains on Monday.",
                      absent=("ASSAULT",)))
def hazard_cause(ctx: Context) -> str | None:
    """A toll with no attacker whose stated cause is a hazard or an accident
    ("seven were killed in a helicopter crash", "injured as the earthquake
    shook the island", "recovered the bodies of those killed in the crash"):
    the deaths are real, the assault is not. An attack word in the sentence
    keeps the event unless the cause is a natural hazard or a disease."""
    tolls = ctx.grammar.toll_lemmas
    verbs = [t for t in ctx.trigger.subtree if t.lemma_.lower() in tolls]
    if ctx.agents and ctx.agent_kind != "hazard" and ctx.trigger.lemma_.lower() not in tolls:
        return None
    for verb in verbs:
        kind = _cause_kind(ctx, verb)
        if kind == "armed":
            return None
        if kind == "natural" or (kind == "hazard" and not ctx.held & HAZARD_GUARDS):
            return f"the toll of '{verb.text}' has a hazard or an accident as its cause"
    return None


@rule("agency.blast_without_attacker", stage="agency", order=30, guards=HAZARD_GUARDS,
      example=Example("A gas explosion ripped through a restaurant overnight, injuring nine diners.",
                      absent=("ASSAULT",)))
def blast_without_attacker(ctx: Context) -> str | None:
    """An explosion, blast or fire that names no attacker, weapon or bomb
    ("a gas explosion in a coal mine", "a large blast was heard") in an
    article with no word of armed conflict: an accident until someone is
    said to have set it off. "A bomb blast" and "the militants' explosion"
    are attacks."""
    tok = ctx.trigger
    if not is_nominal(tok) or tok.lemma_.lower() not in ctx.grammar.blast_nouns:
        return None
    if not _told_as_happening(tok, ctx.grammar):
        return None
    if ctx.domain.conflict or _attack_named(tok, ctx.grammar):
        return None
    return f"'{tok.text}' names no attacker in an article with no armed conflict"


@rule("agency.hazard_story", stage="agency", order=40, guards=HAZARD_GUARDS,
      example=Example("Explosion Hits Fertiliser Plant\n\nAt least four workers were killed and seven "
                      "hurt, the owners said.",
                      absent=("ASSAULT",)))
def hazard_story(ctx: Context) -> str | None:
    """In an article about a disaster or an accident (``Domain.is_``), or
    about an explosion that no one set off (a blast noun with no weapon or
    attacker word in it, no word of armed conflict in the article), an act
    with no agent, or with "it" for agent, is the disaster's doing ("after
    two-thirds of the country was submerged, destroying crops and killing
    700", "wherever it strikes", "four were killed" after "a blast hit the
    centre")."""
    if ctx.event.event_type != "ASSAULT":
        return None
    if not (ctx.domain.is_("hazard") or (not ctx.domain.conflict and ctx.domain.counts.get("blast", 0))):
        return None
    if ctx.agents and not all(a.lower_ == "it" for a in ctx.agents):
        return None
    return "no agent in an article about a disaster or an accident"


@rule("agency.precaution", stage="agency", order=50, guards=frozenset(),
      example=Example("Villagers scrambled to board up their homes as the cyclone approached.",
                      absent=("MOBILIZE",)))
def precaution(ctx: Context) -> str | None:
    """Mobilising, closing or ordering out ahead of a hazard or against it
    ("islanders scrambled to put up storm shutters", "the coast guard shut
    five ports as the hurricane neared", "soldiers were deployed to rescue
    flood victims"): preparation or relief, not against anyone. Troops may
    do it; a weapon or an attack word in the sentence keeps the event."""
    if ctx.event.event_type not in ctx.grammar.precaution_types:
        return None
    g = ctx.grammar
    names = ctx.domain.hazard_names
    if any(t.lemma_.lower() in g.attack_words or t.lower_ in g.attack_words for t in ctx.sent):
        return None  # a weapon or an attack in the sentence
    if any((t.pos_ == "NOUN" and t.lemma_.lower() in g.hazard_nouns) or t.lower_ in names for t in ctx.sent):
        return "a precaution against a hazard named in the sentence"
    if ctx.domain.is_("hazard") and not ctx.domain.conflict:
        return "a precaution in an article about a disaster"
    return None


CONTEST_OBJ_DEPS = ("dobj", "nsubjpass", "pobj")


@rule("agency.score_line", stage="agency", order=60, guards=frozenset(),
      example=Example("Brazil beat Chile 2-0 in a qualifier on Tuesday.",
                      absent=("ASSAULT",)))
def score_line(ctx: Context) -> str | None:
    """A contest verb with a score line in its sentence ("beat Haiti 6-0",
    "rallied past the Yankees 5-4", "won 21-16, 21-15"), or with a number
    for object that takes an article ("shot a 60", "fired a superb 65"), or
    a winning margin ("beat her by two strokes", "by three lengths"): a
    match result or a score. ("shot three dead" takes no article.) A score
    line outweighs a team name that sounds armed ("the Raiders beat the
    Chiefs 24-17"): the rule takes no guard."""
    if ctx.trigger.lemma_.lower() not in ctx.grammar.contest_lemmas:
        return None
    if score_lines(ctx.sent, ctx.grammar):
        return "a contest verb with a score line: a match result"
    for c in ctx.trigger.children:
        if c.dep_ == "dobj" and c.like_num and any(d.dep_ == "det" and d.lower_ in ("a", "an") for d in c.children):
            return f"'{ctx.trigger.text} a {c.text}': a score"
        if c.dep_ in ("prep", "agent") and c.lower_ == "by":
            for o in c.children:
                if o.dep_ == "pobj" and _forms(o) & ctx.grammar.margin_units \
                        and any(n.dep_ == "nummod" or n.like_num for n in o.children):
                    return f"'{ctx.trigger.text} by {o.text}': a winning margin"
    return None


@rule("agency.sports_agent", stage="agency", order=70,
      example=Example("The champions avenged last year's defeat with an easy win.",
                      absent=("ASSAULT",)))
def sports_agent(ctx: Context) -> str | None:
    """A contest verb whose agent or patient is a team, player, seed or
    champion ("beat her teammate", "the team was pounded by 19 points")."""
    tok = ctx.trigger
    if tok.lemma_.lower() not in ctx.grammar.contest_lemmas:
        return None
    if ctx.agent_kind == "sports":
        return f"the agent '{ctx.agents[0].text}' is a team or a player"
    for c in tok.children:
        if c.dep_ in ("dobj", "nsubjpass") and ctx.kind(c) == "sports":
            return f"the patient '{c.text}' is a team or a player"
    return None


@rule("agency.play_object", stage="agency", order=80,
      example=Example("The Hawks rallied from twelve points down in the last quarter to edge the Bulls.",
                      absent=("PROTEST",)))
def play_object(ctx: Context) -> str | None:
    """A trigger whose object is a thing of play ("avenged last season's
    defeat", "broke a 66-66 tie", "stormed into the semifinals", "captured
    the pennant", "rallied from a deficit"), done with one ("shot down the
    Cubs with a four-run inning"), a side's play ("a running attack"), or
    aimed at a result ("rallied to edge the Bills"): a game is won or lost,
    no one is attacked."""
    g = ctx.grammar
    tok = ctx.trigger
    objs = [c for c in tok.children if c.dep_ == "dobj"]
    objs += [o for p in tok.children if p.dep_ == "prep" and p.lower_ in ("into", "to", "past", "for", "from")
             for o in p.children if o.dep_ == "pobj"]
    means = [o for p in tok.children if p.dep_ == "prep" and p.lower_ in ("with", "behind")
             for o in p.children if o.dep_ == "pobj"]
    for obj in means:
        if _forms(obj) & g.play_objects:
            return f"done with '{obj.text}', a thing of play"
    if is_nominal(tok) and any(c.dep_ in ("amod", "compound") and _forms(c) & g.play_modifiers
                               for c in tok.children):
        return f"'{tok.text}' of a side at play"
    if tok.lemma_.lower() in g.comeback_lemmas:
        for clause in tok.children:
            if clause.dep_ in ("xcomp", "advcl") and clause.lemma_.lower() in g.result_verbs:
                return f"'{tok.text} ... to {clause.text}': a comeback in play"
    for obj in objs:
        if _forms(obj) & g.play_objects:
            return f"the object '{obj.text}' is a thing of play"
        if obj.dep_ == "dobj" and len(obj.doc[obj.left_edge.i:obj.right_edge.i + 1]) <= 8 \
                and score_lines(obj.doc[obj.left_edge.i:obj.right_edge.i + 1], g):
            return f"the object '{obj.text}' holds a score line"
    return None


@rule("agency.sports_story", stage="agency", order=90,
      example=Example("Rovers beat their local rivals on Saturday to stay top of the league, the coach "
                      "said after the match at the stadium.",
                      absent=("ASSAULT",)))
def sports_story(ctx: Context) -> str | None:
    """In an article about a match or a season (``Domain.is_``), combat words
    are the words of play ("stormed into the semifinals", "a four-strong pace
    attack", "a late strike", "the rivals' encounter"), unless the agent is an
    armed force or a person acting against someone with a weapon (kept by the
    guard). Only words with a sense in play are read so (``contest_lemmas``,
    ``sports_sense_lemmas``): "jailed" is jailing in any article; and only
    in a sentence that speaks of play itself (a word of play that is no
    name, a score line, a team as agent): "fans were beaten outside" is not
    play."""
    lemma = ctx.trigger.lemma_.lower()
    if not (lemma in ctx.grammar.contest_lemmas or lemma in ctx.grammar.sports_sense_lemmas):
        return None
    if not ctx.domain.is_("sports"):
        return None
    g = ctx.grammar
    cues = g.sports_domain_cues | g.sports_weak_cues
    if (ctx.agent_kind == "sports" or score_lines(ctx.sent, g)
            or any(t.pos_ != "PROPN" and (t.lemma_.lower() in cues or t.lower_ in cues) for t in ctx.sent)):
        return "combat words in an article about sport"
    return None


def _money_like(tok: Token) -> bool:
    return tok.ent_type_ in ("MONEY", "PERCENT") or any(
        t.text in ("$", "%", "\u00a3", "\u20ac") or t.ent_type_ in ("MONEY", "PERCENT") for t in tok.subtree)


@rule("agency.market_sense", stage="agency", order=100,
      example=Example("Wheat prices hit a record high on Tuesday as stocks dwindled.",
                      absent=("ASSAULT",)))
def market_sense(ctx: Context) -> str | None:
    """Markets, prices, firms and campaigns told in combat words: a price,
    share or firm as agent ("oil prices hit $46", "an assault from a
    software maker"), investors or traders acting on a market thing
    ("investors captured the shares"), an amount or a record as
    object ("hit a record high"), a campaign's object ("will target marginal
    seats"); in an article about markets with no word of armed conflict,
    such a word done by traders or investors, or a nominal one with no
    agent ("the takeover battle", "a price war"). (Villagers who beat a
    company's worker act on purpose, whatever the article's vocabulary.)"""
    g = ctx.grammar
    tok = ctx.trigger
    if tok.lemma_.lower() not in g.market_trigger_lemmas:
        return None
    agent = ctx.agent_kind
    if agent == "market":
        return f"the agent '{ctx.agents[0].text}' is a market, a price or a firm"
    for c in tok.children:
        if c.dep_ != "dobj":
            continue
        words = phrase_words(c)
        if agent == "market_people" and ctx.kind(c) == "market":
            return f"'{ctx.agents[0].text}' {tok.text} '{c.text}': a market act"
        if tok.lemma_.lower() in g.market_hit_lemmas and (_money_like(c) or c.lemma_.lower() in g.market_objects):
            return f"the object '{c.text}' is an amount or a record"
        if words & g.campaign_objects and tok.lemma_.lower() in ("target", "capture", "seize", "win", "woo", "court"):
            return f"the object '{c.text}' is a campaign's or a market's"
    if ctx.domain.is_("business") and not ctx.domain.conflict and (
            agent == "market_people" or (not ctx.agents and is_nominal(tok))):
        return "combat words in an article about markets, with no one but traders acting"
    return None


@rule("agency.legal_charge", stage="agency", order=110,
      example=Example("The actor faces two counts of assault at a trial next week.",
                      absent=("ASSAULT",)))
def legal_charge(ctx: Context) -> str | None:
    """A nominal act named as the matter of a charge or a case ("charged
    with assault", "the assault case", "three counts of sexual assault"):
    the report of a court, not the act told as it happened."""
    tok = ctx.trigger
    g = ctx.grammar
    if not is_nominal(tok):
        return None
    if tok.dep_ == "compound" and tok.head.lemma_.lower() in g.charge_heads:
        return f"'{tok.text} {tok.head.text}': a legal case"
    if tok.dep_ == "pobj" and tok.head.dep_ == "prep" and tok.head.lower_ in ("with", "of"):
        holder = tok.head.head
        if holder.lemma_.lower() in g.charge_heads | g.charge_verbs:
            return f"'{holder.text} {tok.head.text} {tok.text}': a charge"
    return None


@rule("agency.dismissal", stage="agency", order=120, guards=frozenset(),
      example=Example("The bank fired its chief executive on Friday.",
                      absent=("ASSAULT",)))
def dismissal(ctx: Context) -> str | None:
    """"fire" or "sack" a person is to dismiss them ("fired the coach", "was
    fired as manager", "fired by his team"); gunfire goes "at / on" someone
    or fires a weapon ("fired shots", "fired on the crowd")."""
    g = ctx.grammar
    tok = ctx.trigger
    if tok.pos_ != "VERB" or tok.lemma_.lower() not in g.dismissal_lemmas:
        return None
    if any(c.dep_ == "prep" and c.lower_ in ("at", "on", "upon", "into", "towards", "toward")
           and any(o.dep_ == "pobj" and o.ent_type_ not in ("DATE", "TIME") for o in c.children)
           for c in tok.children):
        return None  # "fired on the crowd" (not "fired on Tuesday")
    people = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")]
    for p in people:
        if p.lemma_.lower() in g.weapon_objects or p.lower_ in g.weapon_objects:
            return None
        if p.ent_type_ == "PERSON" or phrase_words(p) & g.person_roles:
            return f"'{tok.text}' {p.text}: dismissed, not shot at"
    if any(c.dep_ == "prep" and c.lower_ == "as" for c in tok.children):
        return f"'{tok.text} as ...': dismissed from a post"
    return None


@rule("agency.idiom", stage="agency", order=130, guards=frozenset(),
      example=Example("The students had a blast at the fair.",
                      absent=("ASSAULT",)))
def idiom(ctx: Context) -> str | None:
    """Idioms of conflict words that no attack has: "had a blast" (fun),
    an act done in words ("racially abused", "verbally attacked"),
    phrasal verbs of ``non_event_phrasals`` ("the rocket will blast off",
    "prices shot up", "rounded out the roster"), "an explosion of X" where X
    is no weapon (sudden growth: "an explosion of spyware")."""
    g = ctx.grammar
    tok = ctx.trigger
    lemma = tok.lemma_.lower()
    if is_nominal(tok) and lemma == "blast" and tok.dep_ == "dobj" and tok.head.lemma_.lower() in g.fun_lemmas:
        return "'have a blast': fun"
    for c in tok.children:
        if c.dep_ == "advmod" and c.lower_ in g.verbal_adverbs and tok.pos_ == "VERB":
            return f"'{c.text} {tok.text}': in words, not blows"
        if c.dep_ == "prt" and f"{lemma} {c.lower_}" in g.non_event_phrasals:
            return f"'{tok.text} {c.text}': a phrasal verb of no conflict"
    if is_nominal(tok) and lemma in g.growth_of_nouns:
        for prep in tok.children:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                objs = [c for c in prep.children if c.dep_ == "pobj"]
                if objs and not any(ctx.kind(o) == "armed" for o in objs):
                    return f"'{tok.text} of {objs[0].text}': growth, not an explosion"
    return None


@rule("agency.criticism", stage="agency", order=140,
      example=Example("The governor attacked his rival's record on schools in a radio debate.",
                      absent=("ASSAULT",)))
def criticism(ctx: Context) -> str | None:
    """Attacking, blasting or slamming a decision, a plan or a record is
    criticism in words ("the senator attacked his rival's record", "the
    golfer blasted the course set-up"): the object is a thing said or
    decided (``criticism_objects``), not a person or a place; or the verb
    goes on in speech ("blasted the organisers, saying ...",
    ``criticism_speech``). An armed agent or an attack in the sentence
    keeps the act (the rule's guards)."""
    g = ctx.grammar
    tok = ctx.trigger
    if tok.pos_ != "VERB" or tok.lemma_.lower() not in g.criticism_lemmas:
        return None
    for c in tok.children:
        if c.dep_ == "dobj" and _forms(c) & g.criticism_objects:
            return f"'{tok.text} ... {c.text}': criticism in words"
    for c in tok.children:
        if c.dep_ == "advcl" and c.tag_ == "VBG" and c.lemma_.lower() in g.criticism_speech:
            return f"'{tok.text} ..., {c.text}': criticism that goes on in speech"
    return None


@rule("agency.under_fire", stage="agency", order=150,
      example=Example("The mayor came under fire for the new parking rules.",
                      absent=("ASSAULT",)))
def under_fire(ctx: Context) -> str | None:
    """"under fire" in an article with no word of armed conflict is
    criticism ("the referee came under fire"); a patrol under fire in a war
    story is attacked."""
    tok = ctx.trigger
    if tok.lemma_.lower() == "fire" and not ctx.domain.conflict and (
            (tok.dep_ == "pobj" and tok.head.lower_ == "under")
            or any(c.lower_ == "under" for c in tok.children)):
        return "'under fire': criticism"
    return None


# -- the pass ------------------------------------------------------------------------

def judge(event: Event, trigger: Token, domain: Domain, grammar: Grammar) -> tuple[str, str] | None:
    """(rule id, why) of the first rule that finds ``event`` no act, or None.
    Only conflict acts are judged; an armed agent or an attack word in the
    sentence keeps the event from the rules they guard."""
    if event.event_type not in CONFLICT_ACTS:
        return None
    agents, verb = find_agent(trigger)
    ctx = Context(event, trigger, trigger.sent, agents, domain, grammar, verb)
    held: set[str] = set()
    if ctx.agent_kind == "armed":
        held.add("armed_agent")
    if ctx.attack_in_sentence:
        held.add("attack_in_sentence")
    if sentence_words(ctx.sent) & grammar.attack_words:
        held.add("weapon_in_sentence")
    ctx.held = frozenset(held)
    rule_id, why = ENGINE.first("agency", ctx, skip=lambda r: bool(_guards(r) & ctx.held))
    return (rule_id, why) if why else None


def drop_unpurposed(doc: Doc, events: list[Event], traces: list[dict], grammar: Grammar,
                    dropped_by: list[tuple[str, str, str]] | None = None):
    """The events and traces that some actor did on purpose; the others go
    to ``doc._.fp_not_events`` as (trigger, type, rule id, why), and to
    ``dropped_by`` (when given) as (rule id, trigger, why). An event a
    recoding rule finds is kept with its new type, the rule in its trace."""
    if not any(e.event_type in CONFLICT_ACTS for e in events):
        return events, traces
    domain = article_domain(doc, grammar)
    kept_e: list[Event] = []
    kept_t: list[dict] = []
    dropped: list[tuple[str, str, str, str]] = []
    for event, trace in zip(events, traces, strict=True):
        i = trace.get("trigger_i")
        verdict = judge(event, doc[i], domain, grammar) if i is not None else None
        recode = get_rule(verdict[0]).option("recode") if verdict else None
        if recode:
            event_type, mode = recode
            trace = {**trace, "notes": [*trace.get("notes", []), f"{verdict[0]}: {verdict[1]}: coded {event_type}"]}
            event = replace(event, event_type=event_type, mode=mode)
        elif verdict:
            dropped.append((doc[i].text, event.event_type, *verdict))
            if dropped_by is not None:
                dropped_by.append((verdict[0], doc[i].text, verdict[1]))
            continue
        kept_e.append(event)
        kept_t.append(trace)
    doc._.fp_not_events = dropped
    return kept_e, kept_t


__all__ = ["Domain", "agent_of", "article_domain", "drop_unpurposed", "judge"]
