"""Rules of the ``source`` and ``target`` stages: who acts and at whom,
found for every trigger of the sentence by the ``find_source`` and
``find_target`` rules (``coding.rules_finders``), and the reporting
speaker of a trigger whose pattern makes the speaker its source ("X said
India will bear the consequences": X threatens India)."""

from __future__ import annotations

from flashpoint.coding.candidate import SentenceContext
from flashpoint.coding.engine import Example, rule
from flashpoint.coding.parse_tree import reporting_verb
from flashpoint.coding.patterns import Match
from flashpoint.coding.role import Role, RoleKind, same_actor
from flashpoint.coding.rules_finders import find_source, find_target  # the finders, in order
from flashpoint.models import Actor


@rule("source.parse", stage="source", order=10,
      example=Example("Indian troops shelled a Pakistani border post.", records=("ASSAULT IND>PAK",)))
def source_from_parse(ctx: SentenceContext) -> None:
    """Every trigger's source from the parse: the subject, the agent of a
    passive, the possessor or demonym of a nominal event, the subject of a
    governing verb (``coding.sources``)."""
    ctx.sources = {i: find_source(m.trigger, ctx.index, ctx.grammar) for i, m in ctx.by_token.items()}


@rule("source.reported_speaker", stage="source", order=20,
      example=Example("The minister of Pakistan said India would pay a heavy price.",
                      records=("THREATEN PAK>IND",)))
def source_is_reported_speaker(ctx: SentenceContext) -> None:
    """For a pattern that takes its source from the reporting verb above it
    (``speaker_source``), the speaker of that verb is the source; the
    trigger's own subject, when it names another actor, is the target.
    Found for each such trigger (None when there is no speaker)."""
    for i, m in ctx.by_token.items():
        if m.pattern.speaker_source:
            ctx.said[i] = speaker_roles(m, ctx)
            if ctx.said[i] is not None:
                ctx.sources[i] = ctx.said[i][0]


@rule("source.pattern_slot", stage="source", order=30,
      example=Example("Indian posts came under fire from Pakistani troops.", records=("ASSAULT PAK>IND",)))
def source_from_pattern_slot(ctx: SentenceContext) -> None:
    """A pattern that names a node ``id: source`` says where its source is:
    the actors of that node's phrase are the source (when it names any),
    whatever the general rules found. So a way of telling an event whose
    agent sits in an unusual place is written as data, in the pattern.
    Where the pattern's ``id: target`` node is the phrase the parse took the
    source from ("a reporter went missing": the subject is the one the act
    befell), the event has no source of its own."""
    for i, m in ctx.by_token.items():
        slot = m.slot("source")
        actors = ctx.index.phrase(slot) if slot is not None else []
        if actors:
            ctx.sources[i] = Role(actors, f"slot 'source' of pattern {m.pattern.id}", [slot])
            continue
        target = m.slot("target")
        found = ctx.sources.get(i)
        if target is not None and found and any(
                target.left_edge.i <= t.i <= target.right_edge.i for t in found.tokens):
            ctx.sources[i] = Role([], f"the subject is slot 'target' of pattern {m.pattern.id}", [])


def speaker_roles(m: Match, ctx: SentenceContext) -> tuple[Role, Role] | None:
    """(source, target) from the reporting verb above the trigger, or None
    when no speaker is found or the speaker is the trigger's own subject
    ("we will respond at a time of our choosing")."""
    grammar, index = ctx.grammar, ctx.index
    tok = reporting_verb(m.trigger, grammar)
    if tok is None:
        return None
    speaker = find_source(tok, index, grammar)
    if not speaker:
        return None
    subjects = [c for c in m.trigger.children if c.dep_ in ("nsubj", "nsubjpass")]
    named = [a for c in subjects for a in index.phrase(c)]
    target = [a for a in named if not any(same_actor(a, s) for s in speaker.actors)]
    if named and not target:
        return None
    return (Role(speaker.actors, f"speaker of '{tok.text}'", speaker.tokens),
            Role(target, f"subject of '{m.trigger.text}' (said by the speaker)", subjects))


@rule("target.reported_subject", stage="target", order=10,
      example=Example("The minister of Pakistan said India would pay a heavy price.",
                      records=("THREATEN PAK>IND",)))
def target_is_reported_subject(ctx: SentenceContext) -> None:
    """The subject a reporting speaker talks about is the target of a
    speaker-sourced trigger (see ``source.reported_speaker``)."""
    for i, cand in ctx.candidates.items():
        roles = ctx.said.get(i)
        if roles is not None and roles[1]:
            cand.target = roles[1]


@rule("target.pattern_slot", stage="target", order=30,
      example=Example("An Israeli patrol came under attack from Hezbollah fighters near the border.",
                      records=("ASSAULT HEZBOLLAH>ISR",)))
def target_from_pattern_slot(ctx: SentenceContext) -> None:
    """A pattern that names a node ``id: target`` says where its target is:
    the actors of that node's phrase are the target (when it names any)."""
    for cand in ctx.candidates.values():
        slot = cand.match.slot("target")
        actors = ctx.index.phrase(slot) if slot is not None else []
        if actors:
            cand.target = Role(actors, f"slot 'target' of pattern {cand.match.pattern.id}", [slot])
            cand.reciprocal = False


@rule("target.parse", stage="target", order=20,
      example=Example("Pakistani troops fired on Indian positions.", records=("ASSAULT PAK>IND",)))
def target_from_parse(ctx: SentenceContext) -> None:
    """Every other candidate's target from the parse: the object, the
    passive subject, "against / on / with / to" phrases, the subject of a
    requested act, "each other" (``coding.targets``)."""
    event_sources, happenings = ctx.event_sources, ctx.happenings  # once per sentence
    for i, cand in ctx.candidates.items():
        roles = ctx.said.get(i)
        if roles is not None and roles[1]:
            continue
        cand.target = find_target(cand.trigger, ctx.index, ctx.grammar, event_type=cand.event_type,
                                  source=ctx.sources[i].actors, event_sources=event_sources,
                                  events_at=happenings)
        cand.reciprocal = cand.target.kind is RoleKind.RECIPROCAL


@rule("target.reduced_relative", stage="target", order=25,
      example=Example("The rebels fought armed herders backed by tribal gunmen from Chad.",
                      records=("SUPPORT ->-",)))
def target_of_reduced_relative(ctx: SentenceContext) -> None:
    """'herders backed by gunmen from Chad', 'a convoy attacked by
    militants': a past participle that modifies a noun, with its agent in a
    'by' phrase, is aimed at that noun, never at a place or state named
    inside the agent's phrase or where it comes from: a target found there
    gives way to the noun. The noun's
    actors are the target (the noun's words, uncoded, when it names no
    known actor: no state of the sentence fills it in)."""
    for cand in ctx.candidates.values():
        tok = cand.trigger
        if tok.dep_ != "acl" or tok.tag_ != "VBN" or tok.head.pos_ not in ("NOUN", "PROPN"):
            continue
        agents = [c for c in tok.children if c.dep_ == "agent"]
        if not agents:
            continue
        # the agent's phrase and where it comes from ("by gunmen from Chad")
        inside = {t.i for c in tok.children if c.dep_ == "agent" or c.lower_ == "from" for t in c.subtree}
        if not cand.target or not any(t.i in inside for t in cand.target.tokens):
            continue
        noun = _modified_noun(tok)
        actors = ctx.index.at(noun) or [Actor(text=noun.doc[noun.left_edge.i:noun.i + 1].text)]
        cand.target = Role(list(actors), f"the noun '{noun.text}' that '{tok.text}' modifies", [noun])
        cand.reciprocal = False


@rule("target.own_state_in_purpose", stage="target", order=27,
      example=Example('The Turkish army posted images, claiming "precision strikes" were launched to '
                      '"defend Turkish interests and deter enemies."',
                      records=("ASSAULT TUR>-",), absent=("ASSAULT TUR>TUR", "SUPPORT")))
def own_state_in_purpose(ctx: SentenceContext) -> None:
    """An actor never targets itself through the good it states it acts
    for: the source's own state named in a to-clause of protecting
    ("launched strikes to defend American interests", "acted to protect
    Turkish citizens": ``protective_verbs``) is whom the act is for, not
    whom it is aimed at; a domestic target found only there is dropped.
    Other purposes keep their object ("fired tear gas to disperse the
    protesters": the crowd is the target), and a place of the source's own
    state still locates a domestic act. The protecting verb itself, so left
    with no one to protect but its own side, under another verb ("strikes
    were launched to defend American interests") is the motive of that
    act, no support of anyone: it is dropped."""
    motives: list[int] = []
    for cand in ctx.candidates.values():
        target = cand.target
        if target.kind is not RoleKind.DOMESTIC or not target.tokens:
            continue
        own = {a.code for a in ctx.sources[cand.trigger.i].actors if a.code} if cand.trigger.i in ctx.sources else set()
        codes = {a.code for a in target.actors}
        if not codes or not codes <= own:
            continue
        if all(_in_purpose_clause(t, cand.trigger, ctx.grammar.protective_verbs) and not ctx.index.place_state(t)
               for t in target.tokens):
            cand.target = Role([], f"none: the source's own state named in the purpose of '{cand.trigger.text}'")
            if _purpose_of_another_act(cand.trigger, ctx.grammar.protective_verbs):
                motives.append(cand.trigger.i)
    for i in motives:
        del ctx.candidates[i]


def _purpose_of_another_act(trigger, verbs) -> bool:
    """The trigger is itself the verb of protecting in a to-clause under
    another verb ("were launched to defend ...")."""
    return (trigger.dep_ in ("xcomp", "advcl") and trigger.lemma_.lower() in verbs
            and trigger.head.i != trigger.i and trigger.head.pos_ in ("VERB", "AUX")
            and any(c.dep_ in ("aux", "mark") and c.lower_ == "to" for c in trigger.children))


@rule("target.addressee_of_a_document", stage="target", order=28,
      example=Example("Chad and Sudan clashed at the border. Sudan accused its neighbour, "
                      "in a complaint to the African Union, of arming rebels.",
                      records=("ACCUSE SDN>TCD",), absent=("ACCUSE SDN>AU",)))
def addressee_of_a_document(ctx: SentenceContext) -> None:
    """The one a letter, complaint or note is sent to ("accused the
    rebels in a note to the Security Council", "a complaint to the
    African Union") is where the act is lodged, not whom it is aimed at
    (``document_nouns``): a target found only there is dropped, and the
    article's sides may fill it (``complete.missing_target``)."""
    for cand in ctx.candidates.values():
        tokens = cand.target.tokens
        if tokens and all(_addressed_by_a_document(t, cand.trigger, ctx.grammar.document_nouns)
                          for t in tokens):
            cand.target = Role([], f"none: the addressee of a document of '{cand.trigger.text}'")
            cand.reciprocal = False


@rule("target.place_left", stage="target", order=29,
      example=Example("Tribal fighters withdrew from the city of Homs on Sunday.",
                      absent=("RETREAT >SYR",)))
def place_left(ctx: SentenceContext) -> None:
    """A place one withdraws from ("fighters withdrew from the city of
    Homs") is where the retreat happens, not whom it yields to: a target of
    a retreat (``place_left_types``) found only as a place named there is
    dropped. Its holder, when named as an actor ("withdrew from positions
    held by the army"), stays."""
    for cand in ctx.candidates.values():
        tokens = cand.target.tokens
        if cand.event_type not in ctx.grammar.place_left_types or not tokens:
            continue
        if all(ctx.index.place_state(t) and not ctx.index.at(t) for t in tokens):
            cand.target = Role([], f"none: the place left by '{cand.trigger.text}'")
            cand.reciprocal = False


def _addressed_by_a_document(tok, trigger, nouns) -> bool:
    """``tok`` is inside the 'to' phrase of a document noun ("a letter to
    X") in the trigger's phrase."""
    for t in [tok, *tok.ancestors]:
        if t.i == trigger.i:
            return False
        if t.dep_ == "prep" and t.lower_ == "to" and t.head.lemma_.lower() in nouns:
            return trigger in t.head.ancestors or trigger.i == t.head.i
    return False


def _in_purpose_clause(tok, trigger, verbs) -> bool:
    """``tok`` is inside a to-clause of one of ``verbs`` ("to defend ...")
    that is the trigger itself or stands below it or beside it, not above
    it."""
    for t in [tok, *tok.ancestors]:
        if t.dep_ in ("xcomp", "advcl") and t.lemma_.lower() in verbs \
                and any(c.dep_ in ("aux", "mark") and c.lower_ == "to" for c in t.children):
            return t.i == trigger.i or trigger not in t.subtree
    return False


def _modified_noun(tok):
    """The noun a reduced relative modifies: the parser's head, or the noun
    just before the participle when that noun sits in a phrase of the head
    ("a battle with herders backed by gunmen": the herders are backed)."""
    noun, prev = tok.head, tok.doc[tok.i - 1]
    if prev.pos_ in ("NOUN", "PROPN") and prev.dep_ == "pobj" and prev.head.head == noun:
        return prev
    return noun
