"""Rules of the ``complete`` stage: roles the sentence leaves open, filled
from the article: the two adversaries acting together or clashing act on
each other; a reply answers the act it replies to; a third party's act
with no named target is aimed at the two states in focus; a protest with
no target is aimed at its people's own state; a domestic act takes its
state on both sides (``coding.domestic``)."""

from __future__ import annotations

from dataclasses import replace

from flashpoint.coding.anaphora import told_before
from flashpoint.coding.candidate import Candidate, SentenceContext
from flashpoint.coding.domestic import domestic_roles, is_state, nationals, states_named
from flashpoint.coding.engine import Example, rule
from flashpoint.coding.parse_tree import is_nominal
from flashpoint.coding.patterns import Grammar
from flashpoint.coding.role import Role, RoleKind
from flashpoint.models import Actor
from flashpoint.nlp.actors import span_actors
from flashpoint.nlp.context import context_of
from flashpoint.nlp.extensions import spans_of


@rule("complete.joint_partners", stage="complete", order=9,
      example=Example("Ghana accused Togo of shelling border villages. Ghana and Togo reached a "
                      "ceasefire agreement on Monday.",
                      records=("ASSAULT TGO>GHA", "AGREE GHA>TGO", "AGREE TGO>GHA")))
def joint_partners(cand: Candidate, ctx: SentenceContext) -> None:
    """Two parties named as one coordinated subject of an agreement or of
    talks, with no partner named, are each other's partners: "X and Y
    reached a ceasefire", "X and Y held talks" (``joint_subject_types``:
    agreeing and talking are done with someone, and the conjoined subject
    names both ends; ``joint_words``: agreeing, meeting, talking,
    signing, not offering to mediate; "both" or "each" makes every
    conjunct act on its own), in an article about a conflict (two or more conflict
    triggers: the parties settle or talk with each other; a lone report
    that two states agreed on a trade pact or an exercise names a joint
    source and no partner, as PLOVER codes it). Each conjunct is one side ("the US and Yemen's
    rebels": the US on one side, Yemen and its rebels on the other); only
    actors of different sides are paired. A subject of one party, a
    conjunct that names no actor, or a party named on both sides leaves
    the candidate as it was."""
    if cand.event_type not in ctx.grammar.joint_subject_types or cand.target or cand.reciprocal \
            or not context_of(ctx.sent.doc).conflict:
        return
    subj = next((t for t in cand.source.tokens if t.dep_ in ("nsubj", "nsubjpass") and t.conjuncts), None)
    if subj is None or not _done_together(cand.trigger, ctx.grammar):
        return
    if any(c.lower_ in ctx.grammar.distributive_words for t in (subj, subj.head) for c in t.children
           if c.dep_ in ("preconj", "det", "dep", "advmod", "appos")):
        return  # "both offered to mediate": each on its own
    sides = conjunct_sides(subj, cand.source.actors)
    if sides is None:
        return
    cand.sides = sides
    cand.reciprocal = True
    cand.target = Role([], "reciprocal (the other conjunct of a joint subject)", kind=RoleKind.RECIPROCAL)
    cand.notes.append(f"each conjunct of the joint subject of '{cand.trigger.text}' is the other's partner")


def _done_together(trigger, grammar: Grammar) -> bool:
    """The trigger is a word of doing together (``joint_words``: agree,
    reach, sign, meet, talk; an agreement or talks), itself or the verb
    that carries it ("held talks", "reached a deal")."""
    words = grammar.joint_words
    if trigger.lemma_.lower() in words:
        return True
    verb = trigger.head if trigger.dep_ in ("dobj", "pobj", "attr") else None
    return verb is not None and verb.lemma_.lower() in words


def conjunct_sides(head, actors: list[Actor]) -> list[list[Actor]] | None:
    """The actors of a coordinated noun phrase grouped by conjunct (the
    words of each conjunct, without the conjuncts hanging on it), or None
    when an actor is in no conjunct or in several, fewer than two conjuncts
    name a coded actor, or one code is on two sides."""
    while head.dep_ == "conj" and head.head.i != head.i:
        head = head.head
    conjuncts = [head, *sorted(head.conjuncts, key=lambda t: t.i)]
    texts = []
    for conj in conjuncts:
        nested = {t.i for other in conjuncts if conj.is_ancestor(other) for t in other.subtree}
        own = [t.text for t in conj.subtree if t.i not in nested]
        texts.append(f" {' '.join(own)} ")
    sides: list[list[Actor]] = [[] for _ in conjuncts]
    for actor in actors:
        if not actor.text:
            return None
        where = [k for k, text in enumerate(texts) if f" {actor.text} " in text]
        if len(where) != 1:
            return None
        sides[where[0]].append(actor)
    sides = [side for side in sides if any(a.code for a in side)]
    codes = [{a.code for a in side if a.code} for side in sides]
    if len(sides) < 2 or any(codes[i] & codes[j] for i in range(len(codes)) for j in range(i + 1, len(codes))):
        return None
    return sides


@rule("complete.missing_target", stage="complete", order=10,
      example=Example("India and Pakistan clashed on the border. The United Nations offered to mediate.",
                      records=("AGREE UN>IND", "AGREE UN>PAK")))
def missing_target(cand: Candidate, ctx: SentenceContext) -> None:
    """A candidate with a source and no target: between the two adversaries
    of a conflict article, each is the other's target (joint acts, clashes
    with no side named); a REJECT answers the last act aimed at its source;
    a third party's act is aimed at the two states in focus; one side's act
    at the other (``third_party_types``, ``dyad_types``). The two states in
    focus fill a side only when they face each other (``dyad_attested``),
    and the target of an attack or coercion (``force_fill_types``) only
    when they face each other by force (``facing_by_force``)."""
    grammar, index = ctx.grammar, ctx.index
    if not any(a.code for a in cand.target.actors) and cand.target.kind is not RoleKind.RECIPROCAL \
            and _between_adversaries(cand, ctx):
        return
    if cand.target or not cand.source:
        return
    dyad = index.dyad()
    dyad_codes = {a.code for a in dyad}
    src_codes = {a.code for a in cand.source.actors}
    if cand.reciprocal:
        return
    if cand.event_type == "REJECT":
        for event in reversed(ctx.history[-8:]):
            if event.target and event.target.code in src_codes and event.source:
                cand.target = Role([event.source], f"answers the {event.event_type} by {event.source.code}")
                cand.inferred_target = cand.target.rule
                return
    if not dyad or not dyad_attested(ctx):
        return
    if cand.event_type in grammar.third_party_types and not (src_codes & dyad_codes):
        cand.target = Role(list(dyad), "the two states in focus (third-party act with no named target)")
        cand.inferred_target = cand.target.rule
    elif cand.event_type in grammar.dyad_types and len(src_codes) == 1 and src_codes <= dyad_codes \
            and (cand.event_type not in grammar.force_fill_types or facing_by_force(ctx)
                 or _blamed_by_the_other(cand, ctx, dyad_codes - src_codes)):
        other = [a for a in dyad if a.code not in src_codes]
        cand.target = Role(other, "the other state in focus (no named target)")
        cand.inferred_target = cand.target.rule


def _between_adversaries(cand: Candidate, ctx: SentenceContext) -> bool:
    """In an article about a conflict, the two adversaries acting together
    ("India and Pakistan agreed to a ceasefire") act towards each other,
    and a symmetric clash with no actor named ("exchanges of fire were
    reported") is between them: each side is the other's target."""
    index = ctx.index
    dyad = index.dyad()
    if not dyad or not context_of(index.doc).conflict:
        return False
    dyad_codes = {a.code for a in dyad}
    codes = {a.code for a in cand.source.actors if a.code}
    if codes == dyad_codes and cand.event_type in ctx.grammar.joint_reciprocal_types:
        rule = "each other (the two adversaries act together)"
    elif not cand.source and is_symmetric(cand, ctx.grammar) and dyad_attested(ctx):
        cand.source = Role(list(dyad), "the two states in focus (a clash with no side named)")
        rule = "each other (a clash between the two states in focus)"
    else:
        return False
    cand.reciprocal = True
    cand.target = Role([], "reciprocal", kind=RoleKind.RECIPROCAL)
    cand.notes.append(rule)
    return True


def dyad_attested(ctx: SentenceContext) -> bool:
    """The two states in focus face each other, rather than merely being
    the two states named most: they are the only states named, or they are
    named together as one party ("Sudan and Chad agreed", "talks between
    Sudan and Chad"), or one attacked, coerced, threatened, sanctioned or
    mobilised against the other earlier in the article (``hostile_types``;
    a condemnation is no sign, mediators condemn too), or a sentence anywhere
    in it names the two alone with a hostile trigger ("its strikes on
    Pakistani air bases": ``facing_states``), since a report may tell the
    toll of an attack before it names who struck whom. An article about a
    war in one place names its mediators and neighbours often; they are no
    side of it."""
    dyad = ctx.index.dyad()
    codes = {a.code for a in dyad}
    if len(codes) != 2:
        return False
    if ctx.index.dyad_named_together():
        return True
    doc = ctx.sent.doc
    if frozenset(codes) in context_of(doc).facing:
        return True
    named = {a.code for span in ctx.index.spans for a in span_actors(span) if is_state(a.code, doc)}
    if named <= codes:  # the only two states the article names
        return True
    return _told_between(ctx, codes, ctx.grammar.hostile_types)


def _told_between(ctx: SentenceContext, codes: set, types) -> bool:
    """An event of ``types`` between exactly the two ``codes`` was told
    earlier in the article."""
    types = set(types)
    return any(e.event_type in types and e.source is not None and e.target is not None
               and {e.source.code, e.target.code} == codes for e in ctx.history)


def _blamed_by_the_other(cand: Candidate, ctx: SentenceContext, other: set) -> bool:
    """The act is told inside the other state's accusation of its source
    ("Kenya blamed Somalia for the border blasts"): the accuser is the one
    it struck."""
    for acc in ctx.candidates.values():
        if acc is cand or acc.event_type != "ACCUSE" or cand.trigger not in acc.trigger.subtree:
            continue
        if {a.code for a in acc.source.actors} == other and \
                {a.code for a in acc.target.actors} == {a.code for a in cand.source.actors}:
            return True
    return False


def facing_by_force(ctx: SentenceContext) -> bool:
    """The two states in focus face each other by force: one attacked,
    coerced, threatened or mobilised against the other (``force_types``),
    in a sentence naming the two alone with such a trigger
    (``facing_states``) or earlier in the article. Sanctions, talks or
    protests between two states make neither the target of the other's
    strikes ("the military launched 243 attacks" in an article where the
    United States sanctions that military is no attack on the United
    States)."""
    codes = {a.code for a in ctx.index.dyad()}
    if frozenset(codes) in context_of(ctx.sent.doc).facing_by_force:
        return True
    return _told_between(ctx, codes, ctx.grammar.force_types)


def facing_states(doc, matches, index, grammar: Grammar, types=None) -> frozenset:
    """The pairs of states that face each other by the article's own words:
    a hostile trigger (``hostile_types``, or ``types``) whose own phrase (the trigger's
    subtree: "India's missile attacks on Pakistani air bases", "India struck
    Pakistani bases") names exactly two states as actors, not as places.
    A state outside that phrase ("Kenya condemned the Ugandan offensive")
    is no side of it."""
    hostile = set(types if types is not None else grammar.hostile_types)
    pairs = set()
    spans = [s for s in index.spans if not _a_place_named(s.root, grammar)]
    for m in matches:
        if m.pattern.type not in hostile:
            continue
        phrase = {t.i for t in m.trigger.subtree}
        codes = {a.code for span in spans if span.root.i in phrase
                 for a in span_actors(span) if a.code and is_state(a.code, doc)}  # fmt: skip
        if len(codes) == 2:
            pairs.add(frozenset(codes))
    return frozenset(pairs)


def _a_place_named(tok, grammar: Grammar) -> bool:
    """A state named as where ("the crossing between Gaza and Egypt",
    "fighting in Sudan", "gunmen from other parts of Syria"), not as who:
    the object of a locative preposition (``facing_place_preps``), a
    conjunct of one, or the "of" part of one."""
    for _ in range(8):  # conjuncts and "of" phrases, a few levels up
        while tok.dep_ == "conj" and tok.head.i != tok.i:
            tok = tok.head
        if tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.i != tok.head.i:
            tok = tok.head.head
            continue
        break
    return tok.dep_ == "pobj" and tok.head.lower_ in grammar.facing_place_preps


def is_symmetric(cand: Candidate, grammar: Grammar) -> bool:
    """A clash that names both sides as one ("clashes", "exchanges of
    fire", "traded fire")."""
    if cand.event_type != "ASSAULT":
        return False
    tok = cand.trigger
    if tok.lemma_.lower() in grammar.symmetric_verbs:
        return True
    if not is_nominal(tok):
        return False
    if tok.lemma_.lower() in grammar.symmetric_nouns:
        return True
    return (tok.dep_ == "pobj" and tok.head.lower_ == "of"
            and tok.head.head.lemma_.lower() in grammar.symmetric_nouns)


@rule("complete.own_state_target", stage="complete", order=20,
      example=Example("Kenyan teachers staged protests.", records=("PROTEST KEN>KEN",)))
def own_state_target(cand: Candidate, ctx: SentenceContext) -> None:
    """A protest by people of one state with no target named is aimed at
    that state (``own_state_target_types``); not when they are private
    people told by their nationality and the sentence places the protest in
    another state (refugees, migrant workers)."""
    if (cand.event_type not in ctx.grammar.own_state_target_types
            or any(a.code for a in cand.target.actors) or cand.reciprocal):
        return
    codes = {a.code for a in cand.source.actors}
    if len(codes) != 1 or None in codes or not is_state(next(iter(codes)), cand.trigger.doc):
        return
    code = next(iter(codes))
    if nationals(cand.source) and _placed_abroad(cand, ctx, code):
        return  # "Congolese refugees protested in a camp in Tanzania": not at Kinshasa
    cand.target = Role([Actor(code=code)], f"domestic: {cand.event_type} aimed at the source's own state {code}",
                       kind=RoleKind.DOMESTIC)
    cand.inferred_target = cand.target.rule


def _placed_abroad(cand: Candidate, ctx: SentenceContext, code: str) -> bool:
    """The sentence places the act in a state other than ``code``: a place
    of another state is named in it (people told by their nationality may
    act abroad)."""
    sent = cand.trigger.sent
    for span in spans_of(cand.trigger.doc, "fp_places"):
        if sent.start <= span.start < sent.end:
            loc = span._.fp_location
            if loc is not None and loc.country and loc.country != code:
                return True
    return False


@rule("complete.domestic", stage="complete", order=30,
      example=Example("Police in Kenya arrested twelve opposition activists.", records=("COERCE KEN",)))
def domestic(cand: Candidate, ctx: SentenceContext) -> None:
    """A domestic act takes the state named in its sentence on the side
    that has none (``coding.domestic``)."""
    if told_before(cand.source):
        return  # the actors of a happening told before are that happening's
    found = domestic_roles(cand.source, cand.target, ctx.sent, ctx.index,
                           source_only=cand.event_type in ctx.grammar.no_domestic_types)
    if found is not None:
        cand.source, cand.target = found


def _state_role(state: str, why: str) -> Role:
    return Role([Actor(code=state, sector="GOV")], why, kind=RoleKind.DOMESTIC)


@rule("complete.unnamed_authority", stage="complete", order=40,
      example=Example("The opposition leader was detained at his home in Kampala on Tuesday.",
                      records=("COERCE UGA>UGA",)))
def unnamed_authority(cand: Candidate, ctx: SentenceContext) -> None:
    """An arrest, detention or jailing told with no one doing it is done by
    the authorities of the state its captive belongs to, when the sentence
    names no other state ("the mayor was jailed pending trial"): only a
    state's police, courts and prosecutors hold people in custody
    (``custody_modes``, ``custody_words``). A captive of a state detained
    in another ("a British tourist held in Iran") is left alone, and so is
    a captive told by nationality ("police detained ten Syrian refugees"):
    foreigners are held by the state they are in, which that does not say."""
    grammar = ctx.grammar
    if cand.event_type != "COERCE" or any(a.code for a in cand.source.actors) or cand.reciprocal:
        return
    mode = cand.mode or cand.match.pattern.mode
    if mode not in grammar.custody_modes and \
            cand.trigger.lemma_.lower() not in grammar.custody_words:
        return
    codes = {a.code for a in cand.target.actors if a.code}
    if len(codes) != 1 or nationals(cand.target):
        return
    state = next(iter(codes))
    if not is_state(state, cand.trigger.doc) or not states_named(ctx.sent, ctx.index) <= {state}:
        return
    cand.source = _state_role(state, f"the authorities of {state}, the captive's own state (no one named)")


@rule("complete.against_the_government", stage="complete", order=45,
      example=Example("Georgia's parliament passed the bill on Tuesday, and Georgian police detained "
                      "activists in Tbilisi. Later, thousands marched in an anti-government protest.",
                      records=("PROTEST ->GEO",)))
def against_the_government(cand: Candidate, ctx: SentenceContext) -> None:
    """A protest that is "anti-government", "anti-regime" or "anti-junta"
    and names no target is aimed at the government of the state it happens
    in: the one state its sentence names, else the state the article is
    about (``home_state``; ``government_words``)."""
    if cand.event_type != "PROTEST" or any(a.code for a in cand.target.actors) or cand.reciprocal:
        return
    words = ctx.grammar.government_words
    trigger = cand.trigger
    if not any(t.lower_ in words and _after_anti(t) for t in trigger.lefts):
        return
    named = states_named(ctx.sent, ctx.index)
    state = next(iter(named)) if len(named) == 1 else home_state(trigger.doc, ctx.index)
    if state is None:
        return
    cand.target = _state_role(state, f"the government of {state} (an anti-government protest)")
    cand.inferred_target = cand.target.rule


def _after_anti(tok) -> bool:
    """``tok`` follows "anti" ("anti-junta", "anti junta")."""
    doc = tok.doc
    prev = [doc[i].lower_ for i in range(max(0, tok.i - 2), tok.i)]
    return "anti" in prev or tok.lower_.startswith("anti")


def home_state(doc, index) -> str | None:
    """The state an article is about: the state its actors and places name
    most, when it has at least three mentions and half of all state
    mentions; None otherwise."""
    from collections import Counter

    counts: Counter[str] = Counter()
    for span in index.spans:
        for a in span_actors(span):
            if is_state(a.code, doc):
                counts[a.code] += 1
    for span in spans_of(doc, "fp_places"):
        loc = span._.fp_location
        if loc is not None and is_state(loc.country, doc):
            counts[loc.country] += 1
    if not counts:
        return None
    (state, n), = counts.most_common(1)
    return state if n >= 3 and 2 * n >= sum(counts.values()) else None


@rule("complete.own_operation_reported", stage="complete", order=5,
      example=Example("Nigeria's army said air strikes were launched on Sunday against militant "
                      "positions near the border.", records=("ASSAULT NGA",)))
def own_operation_reported(cand: Candidate, ctx: SentenceContext) -> None:
    """A state's military or government that reports that strikes "were
    launched" or "were carried out", naming no one who did them, reports
    its own operation: the reporter's state is the attacker
    (``operation_verbs``: launching, conducting; "in retaliation" there is
    the same act; those hit by strikes say
    "were hit", "were killed in"). The reporter must be a state's armed
    forces or government (sector MIL or GOV), and not the act's only
    target (its own forces named as the target of what the strikes answer
    are dropped: "launched in retaliation for an attack on its soldiers")."""
    if cand.event_type not in ctx.grammar.hostile_types or any(a.code for a in cand.source.actors):
        return
    trigger = cand.trigger
    verb = trigger.head if trigger.dep_ == "nsubjpass" else None
    if trigger.dep_ == "pobj" and trigger.head.lower_ == "in" and trigger.head.dep_ == "prep" \
            and any(c.dep_ == "nsubjpass" for c in trigger.head.head.children):
        verb = trigger.head.head  # "strikes were launched in retaliation": one act
    if verb is None or verb.lemma_.lower() not in ctx.grammar.operation_verbs \
            or any(c.dep_ == "agent" for c in verb.children):
        return
    report = verb.head if verb.dep_ == "ccomp" else None
    if report is None or report.lemma_.lower() not in ctx.grammar.speech_verbs:
        return
    subjects = [c for c in report.children if c.dep_ == "nsubj"]
    speaker = [a for s in subjects for a in ctx.index.phrase(s)]
    states = {a.code for a in speaker if a.sector in ("MIL", "GOV") and is_state(a.code, trigger.doc)}
    targets = {a.code for a in cand.target.actors if a.code}
    if len(states) != 1 or (targets and targets <= states):
        return
    state = next(iter(states))
    if targets & states:
        cand.target = Role([a for a in cand.target.actors if a.code != state], cand.target.rule,
                           cand.target.tokens, cand.target.kind)
    cand.source = Role([Actor(code=state, sector="MIL")],
                       f"the reporter {state}'s own operation ('{verb.text}' with no one named)")


DEFINITE = frozenset({"the", "this", "these", "that", "those", "such"})


@rule("complete.condemned_happening_told_before", stage="complete", order=8,
      example=Example("Pakistani jets bombed a village in Afghanistan on Monday, killing nine people. "
                      "Iran condemned the deaths.", records=("ACCUSE IRN>PAK",)))
def condemned_happening_told_before(cand: Candidate, ctx: SentenceContext) -> None:
    """A condemnation of "the attack", "the killings" or "these deaths"
    that names no author refers back to the violent happening told before
    in the article: its target is that happening's author, the source of
    the last violent act with a named author other than the condemner
    (``happening_nouns``; the definite article marks the reference back)."""
    if cand.event_type != "ACCUSE" or any(a.code for a in cand.target.actors) or cand.reciprocal:
        return
    grammar = ctx.grammar
    trigger = cand.trigger
    objs = [c for c in trigger.children if c.dep_ == "dobj"]
    if not any(o.lemma_.lower() in grammar.happening_nouns and any(d.dep_ == "det" and d.lower_ in DEFINITE for d in o.children) for o in objs):
        return
    own = {a.code for a in cand.source.actors if a.code}
    if not own:
        return
    for event in reversed(ctx.history[-12:]):
        if (event.event_type == "ASSAULT" and event.modality in ("asserted", "claimed")
                and event.source is not None and event.source.code and event.source.code not in own):
            cand.target = Role([event.source], f"author of the {event.event_type} told before "
                                               f"({event.source.code}): the happening condemned")
            cand.inferred_target = cand.target.rule
            return


@rule("complete.person_state_told_before", stage="complete", order=2,
      example=Example("The governor condemned the attack on a village in Bama on Friday. Officials "
                      "gave no figures. The governor called for calm.",
                      records=("REQUEST NGA",)))
def person_state_told_before(cand: Candidate, ctx: SentenceContext) -> None:
    """A named person whose state the article gave earlier ("Governor X
    ... in Nigeria" coded NGA) keeps it when named again with no state
    around, by name, by pronoun ("He called for calm") or by a definite
    title of the same sector ("the governor", or "the president" after
    "President X"): one person, one state in one article."""
    known: dict[str, str] = {}
    for event in ctx.history:
        for a in (event.source, event.target):
            if a is None or not a.code or not is_state(a.code, cand.trigger.doc):
                continue
            if a.name:
                known.setdefault(a.name.lower(), a.code)
            if a.sector and a.text:
                known.setdefault(f"{a.sector}:{a.text.split()[-1].lower()}", a.code)
            if a.sector and a.role:  # "President X" ... "the president"
                known.setdefault(f"{a.sector}:{a.role.lower()}", a.code)
    if not known:
        return
    for attr in ("source", "target"):
        role = getattr(cand, attr)
        actors = [replace(a, code=known[k]) if (k := _person_key(a)) in known else a for a in role.actors]
        if actors != role.actors:
            setattr(cand, attr, Role(actors, f"{role.rule}; the person's state told before", role.tokens,
                                     role.kind))


def _person_key(a: Actor) -> str | None:
    """How a person with no state is known again: by name, or a definite
    role ("the governor") by its sector and title word."""
    if a.code:
        return None
    if a.name:
        return a.name.lower()
    words = (a.text or "").lower().split()
    if a.sector and len(words) == 2 and words[0] == "the":
        return f"{a.sector}:{words[1]}"
    return None
