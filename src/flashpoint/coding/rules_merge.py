"""Rules of the ``merge`` stage: candidates that are parts of another's
event (a toll verb and the attack it counts, the purpose of an act, the
demands of a protest), and roles shared between candidates (conjoined
events, a protest and the aim of its purpose clause)."""

from __future__ import annotations

from spacy.tokens import Token

from flashpoint.coding.anaphora import resolve_event_anaphora
from flashpoint.coding.candidate import Candidate, SentenceContext
from flashpoint.coding.domestic import with_state
from flashpoint.coding.engine import Example, rule
from flashpoint.coding.parse_tree import is_nominal, light_verb_of
from flashpoint.coding.records import mode_of
from flashpoint.coding.role import Role, RoleKind, lasting_kind
from flashpoint.coding.talks import clause_partners
from flashpoint.coding.threats import threatened_party
from flashpoint.coding.types_protest import crowd_demands, stance_clauses
from flashpoint.coding.types_reports import recode_report_shapes
from flashpoint.coding.types_rules import absorb_parts

TOLL_LINKS = {"advcl", "prep", "pcomp"}


@rule("merge.event_anaphora", stage="merge", order=5,
      example=Example("Indian jets struck a depot near the border on Monday. The strike destroyed "
                      "fuel tanks.", records=("ASSAULT IND",)))
def event_anaphora(ctx: SentenceContext) -> None:
    """A definite event noun ("the strike", "the attack") names the
    happening told before, with its actors, ahead of the toll rules, so a
    toll in it ("killed in the strike") is that happening's
    (``coding.anaphora``)."""
    resolve_event_anaphora(ctx.candidates, ctx.history, ctx.grammar)


@rule("merge.toll_of_an_attack", stage="merge", order=10,
      example=Example("Indian missiles struck a camp in Pakistan, killing 13 people.",
                      records=("ASSAULT IND>PAK",)))
def toll_of_an_attack(ctx: SentenceContext) -> None:
    """'strikes ..., killing 13' / 'the attack which killed 26': the
    killing is the toll of the attack, not an event of its own; its
    victims become the attack's target when it has none. 'were killed
    when troops fired': the toll verb keeps the event (the figures hang
    from it) with the attack's actors."""
    grammar = ctx.grammar
    candidates = ctx.candidates
    for i, cand in list(candidates.items()):
        tok = cand.trigger
        if cand.event_type != "ASSAULT" or tok.lemma_.lower() not in grammar.consequence_lemmas:
            continue
        if i not in candidates:
            continue
        main = _main_assault(tok, ctx)
        if main is None or (main is not cand
                            and main.trigger.lemma_.lower() in grammar.consequence_lemmas):
            _absorb_attack_below(cand, ctx)
            continue
        if main is cand:
            continue
        if not main.target and cand.target:
            main.target = cand.target
        if not main.source and cand.source:
            main.source = cand.source
        del candidates[i]


def _main_assault(tok: Token, ctx: SentenceContext) -> Candidate | None:
    candidates = ctx.candidates

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
        if head.lemma_.lower() not in ctx.grammar.consequence_lemmas:
            break
    # "an attack in X on April 22, which killed 26": a toll with no actor of
    # its own after an attack in the same sentence.
    subj = [c for c in tok.children if c.dep_ == "nsubj"]
    if not subj or subj[0].lower_ in ("which", "that"):
        before = [c for i, c in candidates.items()
                  if i < tok.i and i >= tok.sent.start and c.event_type == "ASSAULT"
                  and c.trigger.pos_ == "NOUN"]
        if before:
            return before[-1]
    return None


def _absorb_attack_below(cand: Candidate, ctx: SentenceContext) -> None:
    """"were killed when India fired missiles", "injured in the shelling",
    "wounded while defending ... against the aggression": the attack named
    in a clause or phrase of the toll verb (or of the verb it is conjoined
    to: "were martyred and 46 others injured when ...") is the same event;
    the toll verb keeps it (the figures hang from it) with the attack's
    actors."""
    candidates = ctx.candidates
    tok = cand.trigger
    owner = cand
    first = candidates.get(tok.head.i) if tok.dep_ == "conj" else None
    if (first is not None and first is not cand and first.event_type == "ASSAULT"
            and first.trigger.lemma_.lower() in ctx.grammar.consequence_lemmas):
        owner = first  # "nine were killed and 30 injured when ...": one toll
    attack = None
    for verb in dict.fromkeys([tok, tok.head] if tok.dep_ == "conj" else [tok]):
        if verb.pos_ == "VERB":
            attack = _assault_below(verb, candidates, exclude=tok)
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
        # "nine villagers were killed when troops shelled X": the toll's
        # victims stay its target, of the state the attack was aimed at.
        state = codes.pop()
        owner.target = Role([with_state(a, state) for a in owner.target.actors],
                            f"{owner.target.rule}, in the state of '{attack.trigger.text}'",
                            owner.target.tokens, lasting_kind(owner.target))
    owner.mode = mode_of(attack, ctx.grammar)
    owner.notes.append(f"the attack '{attack.trigger.text}' is this toll's event")
    del candidates[attack.trigger.i]


def _assault_below(verb: Token, candidates: dict[int, Candidate], *, exclude: Token) -> Candidate | None:
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


@rule("merge.conjoined_events_share_roles", stage="merge", order=20,
      example=Example("Israeli air strikes and artillery shelling targeting Gaza went on overnight.",
                      records=("ASSAULT ISR>PSE",)))
def conjoined_events_share_roles(ctx: SentenceContext) -> None:
    """'Indian air strikes and missile launches targeting Pakistan': the
    conjoined events of one type share their source and target."""
    for cand in ctx.candidates.values():
        for other_tok in cand.trigger.conjuncts:
            other = ctx.candidates.get(other_tok.i)
            if other is None or other.event_type != cand.event_type:
                continue
            if not cand.source and other.source:
                cand.source = other.source
            if not cand.target and other.target:
                cand.target = other.target


@rule("merge.included_events_share_roles", stage="merge", order=21,
      example=Example("Kenyan forces carried out 40 attacks in Somalia last month, including 12 air "
                      "strikes on al Shabaab camps.", records=("ASSAULT KEN>SHABAAB",)))
def included_events_share_roles(ctx: SentenceContext) -> None:
    """'launched 243 attacks, including 171 air strikes': events of one type
    named as part of a count of others ("including", "among them":
    ``inclusion_words``) are some of those, with their source and target."""
    for cand in ctx.candidates.values():
        tok = cand.trigger
        if tok.dep_ != "pobj" or tok.head.lower_ not in ctx.grammar.inclusion_words:
            continue
        host = tok.head.head
        # the count itself, or the verb that carries it ("carried out 40
        # attacks, including ..." with "including" hung on the verb)
        whole = ctx.candidates.get(host.i) or next(
            (ctx.candidates[c.i] for c in host.children if c.dep_ == "dobj" and c.i in ctx.candidates), None)
        if whole is None or whole.event_type != cand.event_type or whole is cand:
            continue
        if not cand.source and whole.source:
            cand.source = whole.source
        if not cand.target and whole.target:
            cand.target = whole.target


@rule("merge.protest_purpose", stage="merge", order=30,
      example=Example("Villagers in Bihar shunned work on Monday to protest at the arrest of "
                      "their leaders by Nepalese police.", records=("PROTEST IND>NPL",)))
def protest_purpose(ctx: SentenceContext) -> None:
    """'staged demonstrations to demand reforms by the government': a
    protest with no state as target is aimed at the target of its purpose
    clause."""
    for cand in ctx.candidates.values():
        if cand.event_type != "PROTEST" or any(a.code for a in cand.target.actors):
            continue
        verbs = [cand.trigger]
        carrier = light_verb_of(cand.trigger, ctx.grammar) if is_nominal(cand.trigger) else None
        if carrier is not None:
            verbs.append(carrier)
        for clause in (c for v in verbs for c in v.children if c.dep_ == "advcl"):
            if not any(a.dep_ == "aux" and a.lower_ == "to" for a in clause.children):
                continue
            purpose = ctx.candidates.get(clause.i)
            if purpose is not None and any(a.code for a in purpose.target.actors):
                # a purpose aimed at the source's own state keeps its
                # "domestic" rule (the same state on both sides is meant)
                domestic = "domestic: " if purpose.target.kind is RoleKind.DOMESTIC else ""
                cand.target = Role(purpose.target.actors,
                                   f"{domestic}target of its purpose '{clause.text}'", purpose.target.tokens,
                                   lasting_kind(purpose.target))
                break


@rule("merge.parts_of_another_event", stage="merge", order=40,
      example=Example("The army deployed troops who arrived in the border town on Sunday.",
                      records=("MOBILIZE",)))
def parts_of_another_event(ctx: SentenceContext) -> None:
    """The parts of ``coding.types_rules.absorb_parts``: the purpose of an
    act, the restriction a lifting verb lifts, the deployment that arrives,
    the forces moved (no target), a group disarmed with no one named as
    disarming it (its own act)."""
    absorb_parts(ctx.candidates, ctx.index, ctx.grammar)


@rule("merge.crowd_demands", stage="merge", order=45,
      example=Example("Hundreds of dock workers gathered outside the port office to call for "
                      "higher wages.", records=("PROTEST",), absent=("REQUEST",)))
def crowd_demands_rule(ctx: SentenceContext) -> None:
    """A crowd's demand is its protest's: absorbed by the protest, or a
    PROTEST itself when no protest word is there (``coding.types_protest``)."""
    crowd_demands(ctx.candidates, ctx.grammar)


@rule("merge.stance_clauses", stage="merge", order=46,
      example=Example("Students demanding lower fees clashed with riot police outside the campus.",
                      records=("ASSAULT",), absent=("REQUEST",)))
def stance_clauses_rule(ctx: SentenceContext) -> None:
    """A demand, blame or opposition told of a party of a street or armed
    act, in a clause on that party ("students demanding X clashed with
    police", "fired on villagers who opposed the dam", "stormed the hall,
    calling for the mayor's removal"), says why it acts: no event of its
    own (``coding.types_protest.stance_clauses``)."""
    stance_clauses(ctx.candidates, ctx.grammar)


@rule("merge.clause_partners", stage="merge", order=47,
      example=Example("Ghana and Togo agreed to reopen the border after talks in Lome.",
                      records=("CONSULT GHA>TGO", "CONSULT TGO>GHA")))
def clause_partners_rule(ctx: SentenceContext) -> None:
    """Talks and agreements take their partners from the clause that holds
    them (``coding.talks``)."""
    clause_partners(ctx.candidates, ctx.grammar)


@rule("merge.threatened_party", stage="merge", order=50,
      example=Example("Ghana's president warned that he would respond with force if rebels "
                      "attacked again.", records=("THREATEN GHA",), absent=("ASSAULT",)))
def threatened_party_rule(ctx: SentenceContext) -> None:
    """A warning with no named target is aimed at the subject of its
    condition ("warned it would respond if X's troops crossed"); the hostile
    act the condition names is no act done ("if rebels attacked again": no
    attack); a readiness inside a warning is the warning
    (``coding.threats``)."""
    threatened_party(ctx.candidates, ctx.index, ctx.grammar)


@rule("merge.report_shapes", stage="merge", order=60,
      example=Example("India hit back, suspending all trade with Pakistan.",
                      records=("SANCTION IND>PAK",)))
def report_shapes(ctx: SentenceContext) -> None:
    """The shapes of ``coding.types_reports``: a retaliation told by its
    manner clause, a named person attacking another in words (ACCUSE), an
    appeal written to someone, the act one is blamed for, "both" partners,
    "what it called X's aggression", a second conjoined partner."""
    recode_report_shapes(ctx.candidates, ctx.index, ctx.grammar)


@rule("merge.act_aimed_at", stage="merge", order=42,
      example=Example("Ugandan troops shelled rebel camps in Congo on Monday. The shelling targeted "
                      "three villages.", records=("ASSAULT UGA>COG",)))
def act_aimed_at(ctx: SentenceContext) -> None:
    """"The attack targeted X", "the strikes hit X": a verb of aim whose
    subject is itself an act tells whom that act was aimed at, not a second
    act by no one; the verb is absorbed by its subject's event, which takes
    the verb's target when it has none (``aim_verbs``)."""
    candidates = ctx.candidates
    for i, cand in list(candidates.items()):
        verb = cand.trigger
        if verb.lemma_.lower() not in ctx.grammar.aim_verbs or is_nominal(verb):
            continue
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        act = next((candidates[s.i] for s in subjects if s.i in candidates and s.i != i), None)
        if act is None:
            continue
        if not any(a.code for a in act.target.actors) and cand.target.actors:
            act.target = cand.target
        del candidates[i]
        act.notes.append(f"aimed at the target of '{verb.text}'")
