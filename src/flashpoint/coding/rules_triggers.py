"""Rules of the ``match`` and ``trigger`` stages: a pattern match that is
no trigger at all, and a trigger that is no event of its own (the words
name an office, an adjective, or an act someone asks for or offers).

Each returns the reason it drops the match, or None."""

from __future__ import annotations

from flashpoint.coding.candidate import SentenceContext
from flashpoint.coding.engine import Example, rule
from flashpoint.coding.events_filters import classifier_noun
from flashpoint.coding.parse_tree import is_nominal
from flashpoint.coding.patterns import Match
from flashpoint.coding.types_protest import protest_setting

# The relations through which a trigger is part of the phrase of another
# trigger above it ("urged both sides to hold talks": the talks).
EMBED_DEPS = {"xcomp", "ccomp", "dobj", "pobj", "prep", "pcomp", "acl", "attr", "oprd", "conj",
              "advcl", "compound", "amod", "nsubj", "relcl"}  # fmt: skip


#: how an office's field hangs on its title ("chief of operations",
#: "commissioner for peace and security")
OFFICE_PREPS = ("of", "for")

@rule("match.inside_a_name", stage="match", order=10,
      example=Example("India's director general of military operations spoke to reporters.",
                      absent=("ASSAULT",)))
def inside_a_name(m: Match, ctx: SentenceContext) -> str | None:
    """A trigger word inside an actor's name ("Defence", "Liberation Army")
    is part of the name, not a trigger."""
    span = ctx.index.span_at(m.trigger)
    return f"'{m.trigger.text}' is inside the name '{span.text}'" if span is not None else None


@rule("trigger.participle_as_adjective", stage="trigger", order=10,
      example=Example("Residents of the occupied territory marched to the capital.",
                      absent=("ASSAULT",)))
def participle_as_adjective(m: Match, ctx: SentenceContext) -> str | None:
    """A past participle modifying a noun ("occupied Kashmir") describes a
    state of things, not an act."""
    tok = m.trigger
    if tok.pos_ == "VERB" and tok.tag_ == "VBN" and tok.dep_ == "amod":
        return f"'{tok.text}' is a participle used as an adjective"
    return None


@rule("trigger.manner_without", stage="trigger", order=15,
      example=Example("Soldiers opened fire on the convoy without warning.",
                      records=("ASSAULT",), absent=("THREATEN",)))
def manner_without(m: Match, ctx: SentenceContext) -> str | None:
    """A bare gerund after "without" ("opened fire without warning", "were
    evicted without notice") tells how another act was done, and that this
    one was not: no event. One with its own object or subject ("without
    consulting the council") is left to the other rules."""
    tok = m.trigger
    if (tok.tag_ == "VBG" and tok.dep_ in ("pcomp", "pobj") and tok.head.lower_ == "without"
            and not any(c.dep_ in ("dobj", "nsubj", "ccomp", "xcomp", "prep") for c in tok.children)):
        return f"'{tok.text}' after 'without' tells the manner of another act"
    return None


@rule("trigger.participle_as_noun", stage="trigger", order=20,
      example=Example("Hospitals in the city treated the wounded all night.", absent=("ASSAULT",)))
def participle_as_noun(m: Match, ctx: SentenceContext) -> str | None:
    """A past participle with a determiner ("the wounded", "the detained")
    names people, not an act."""
    tok = m.trigger
    if (tok.tag_ == "VBN" and tok.dep_ in ("pobj", "dobj", "nsubj", "nsubjpass")
            and any(c.dep_ == "det" for c in tok.children)):
        return f"'{tok.text}' is a participle used as a noun"
    return None


@rule("trigger.names_an_office", stage="trigger", order=30,
      example=Example("The head of the protest committee spoke to reporters.", absent=("PROTEST",)))
def names_an_office(m: Match, ctx: SentenceContext) -> str | None:
    """A trigger noun that names an office or its holder ("operations
    chief", "chief of operations", "the party's secretary for
    mobilisation") is no event."""
    tok = m.trigger
    heads = ctx.grammar.title_heads
    if is_nominal(tok) and (
        (tok.dep_ == "compound" and tok.head.lemma_.lower() in heads)
        or (tok.dep_ == "pobj" and tok.head.lower_ in OFFICE_PREPS
            and _title_before(tok.head, heads))):
        return f"'{tok.text}' names an office or a person"
    return None


def _title_before(prep, heads) -> bool:
    """The title an office's preposition hangs on, or follows where the
    parser hung it on the verb ("met the secretary for mobilisation")."""
    before = prep.doc[prep.i - 1] if prep.i > 0 else None
    return prep.head.lemma_.lower() in heads or (
        before is not None and before.lemma_.lower() in heads and before.pos_ == "NOUN")


@rule("trigger.classifier_noun", stage="trigger", order=34,
      example=Example("The army bought six attack helicopters from Russia.", absent=("ASSAULT",)))
def classifier_noun_rule(m: Match, ctx: SentenceContext) -> str | None:
    """An event noun that classifies a thing ("attack helicopters", "strike
    aircraft", "protest songs") names the thing, not an event
    (``coding.events_filters``)."""
    return classifier_noun(m.trigger, ctx.grammar) or None


@rule("trigger.protest_setting", stage="trigger", order=36,
      example=Example("Police arrested twelve people during the protest in Nairobi.",
                      records=("COERCE",), absent=("PROTEST",)))
def protest_setting_rule(m: Match, ctx: SentenceContext) -> str | None:
    """A protest named only as the setting or object of another act
    ("arrested during the protest", "fired on the protesters") is that act's
    circumstance, not an event of its own (``coding.types_protest``)."""
    return protest_setting(m, ctx.by_token, ctx.grammar) or None


@rule("trigger.standing_norm", stage="trigger", order=13,
      example=Example("The army said any use of force against civilians is prohibited.",
                      absent=("COERCE",)))
def standing_norm(m: Match, ctx: SentenceContext) -> str | None:
    """A kind of conduct that "is prohibited" or "are banned", in the
    present tense with no one named who bans it ("any use of force is
    prohibited"), is a rule in force, not an act of banning told as
    happening (``norm_verbs``, ``conduct_nouns``). "Was banned", "has been
    banned" or "banned by the court" stay acts."""
    tok = m.trigger
    grammar = ctx.grammar
    if tok.lemma_.lower() not in grammar.norm_verbs or tok.tag_ != "VBN":
        return None
    aux = [c for c in tok.children if c.dep_ in ("aux", "auxpass")]
    if len(aux) != 1 or aux[0].dep_ != "auxpass" or aux[0].tag_ not in ("VBZ", "VBP") \
            or any(c.dep_ == "agent" for c in tok.children):
        return None
    subjects = [c for c in tok.children if c.dep_ == "nsubjpass"]
    if not subjects or subjects[0].lemma_.lower() not in grammar.conduct_nouns:
        return None
    return f"'{subjects[0].text} ... {tok.text}' states a norm in force, no act"


@rule("trigger.motive_of_another_act", stage="trigger", order=39,
      example=Example("The militia shelled the port in solidarity with the strikers.",
                      absent=("SUPPORT",)))
def motive_of_another_act(m: Match, ctx: SentenceContext) -> str | None:
    """"In solidarity with X" on another act ("attacked the ships in
    solidarity with the rebels", "protested in solidarity with the
    prisoners") tells why that act was done and whose side it takes: it is
    no act of support of its own, and X is no target of anyone's
    (``motive_nouns``). Standing or being in solidarity, with no other act,
    is an act of support and stays."""
    tok = m.trigger
    if tok.lemma_.lower() not in ctx.grammar.motive_nouns or tok.dep_ != "pobj" or tok.head.lower_ != "in":
        return None
    act = tok.head.head
    if act.i == tok.head.i or act.i not in ctx.by_token:
        return None
    return f"'in {tok.text}' is the motive of '{act.text}', no act of its own"


@rule("trigger.sound_heard", stage="trigger", order=38,
      example=Example("Residents of the town heard three loud explosions before dawn.",
                      absent=("ASSAULT",)))
def sound_heard(m: Match, ctx: SentenceContext) -> str | None:
    """A blast or gunfire told only as what someone heard or saw ("heard
    explosions", "saw plumes of smoke after a blast") is a witness's
    perception, not an act: it names no one who acted, and the attack it
    may belong to is told in its own words (``sound_nouns``,
    ``perception_verbs``)."""
    tok = m.trigger
    grammar = ctx.grammar
    if tok.lemma_.lower() not in grammar.sound_nouns:
        return None
    head = tok  # "heard an explosion, then gunfire": the sounds listed after the first
    while (head.dep_ in ("conj", "appos", "npadvmod") and head.head.i != head.i
           and head.head.lemma_.lower() in grammar.sound_nouns):
        head = head.head
    verb = head.head if head.dep_ == "dobj" else None
    if verb is None or verb.lemma_.lower() not in grammar.perception_verbs:
        return None
    if any(c.dep_ == "prep" and c.lower_ == "by" for c in tok.children):
        return None  # "heard explosions set off by the rebels": an author is named
    return f"'{tok.text}' is what someone {verb.text}, no act of anyone's"


@rule("trigger.means_of_an_attack", stage="trigger", order=37,
      example=Example("Nigerian militants fired mortar rounds and gunfire at the army base in Borno.",
                      records=("ASSAULT",)))
def means_of_an_attack(m: Match, ctx: SentenceContext) -> str | None:
    """An attack noun that is the object of an attack verb, or a conjunct of
    that object ("fired a missile and gunfire at the troops", "fired
    shots"), names what the attack used: the verb tells the act, with its
    author and target, and the noun is no second attack with neither."""
    tok = m.trigger
    if m.pattern.type != "ASSAULT" or tok.pos_ not in ("NOUN", "PROPN"):
        return None
    obj = tok
    while obj.dep_ == "conj" and obj.head.i != obj.i and obj.head.pos_ in ("NOUN", "PROPN"):
        obj = obj.head
    verb = obj.head if obj.dep_ == "dobj" else None
    if verb is None or verb.i == obj.i or verb.i not in ctx.by_token:
        return None
    if ctx.by_token[verb.i].pattern.type != "ASSAULT" or verb.pos_ != "VERB":
        return None
    return f"'{tok.text}' is what '{verb.text}' used, no attack of its own"


@rule("trigger.predicate_of_an_act", stage="trigger", order=36,
      example=Example("Rebels shelled the airport in Goma on Monday. Congo's army said it was a "
                      "deliberate attack.", records=("ASSAULT",)))
def predicate_of_an_act(m: Match, ctx: SentenceContext) -> str | None:
    """An event noun said of an act named as the subject ("it was a
    precision attack", "these actions constitute a violation of the
    truce": ``predicative_verbs``; the subject a pronoun, an act noun of
    ``act_nouns`` or a trigger itself) is what that act is called, not a
    second act: the act is told where it is named."""
    tok = m.trigger
    grammar = ctx.grammar
    if tok.pos_ not in ("NOUN", "PROPN") or tok.dep_ not in ("attr", "dobj"):
        return None
    verb = tok.head
    if verb.i == tok.i or verb.lemma_.lower() not in grammar.predicative_verbs:
        return None
    if tok.dep_ == "dobj" and verb.lemma_.lower() == "be":
        return None
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    if not subjects:
        return None
    subj = subjects[0]
    if not (subj.lower_ in grammar.predicate_pronouns or subj.lemma_.lower() in grammar.act_nouns
            or subj.i in ctx.by_token):
        return None
    return f"'{tok.text}' is what '{subj.text}' is called, no act of its own"


@rule("trigger.asked_or_offered", stage="trigger", order=40,
      example=Example("The United Nations urged India and Pakistan to hold talks.",
                      records=("REQUEST UN>IND",), absent=("CONSULT",)))
def asked_or_offered(m: Match, ctx: SentenceContext) -> str | None:
    """An act inside the phrase of a trigger that asks for, offers, promises
    or embeds it ("urged both sides to hold talks", "offered to mediate") is
    not done: the embedding trigger is the event. A trigger under a denial
    stays (its modality says denied)."""
    tok = m.trigger
    grammar = ctx.grammar
    path = tok
    for _ in range(6):
        if path.head.i == path.i or path.dep_ not in EMBED_DEPS:
            break
        dep = path.dep_
        if dep == "advcl" and not any(c.lower_ == "to" and c.dep_ == "aux" for c in path.children):
            break
        if dep == "nsubj":
            break
        if (m.pattern.type in grammar.talks_types and dep in ("pobj", "dobj")
                and path.head.lower_ in grammar.circumstance_preps):
            break  # "agreed to a truce after talks": the talks are when, not what
        path = path.head
        other = ctx.by_token.get(path.i)
        if (other is not None and other.pattern.embeds
                and m.pattern.type in grammar.embedded_complaint_types):
            return f"part of '{path.text}' ({other.pattern.id})"
        if other is not None and other.pattern.absorbs:
            return f"part of '{path.text}' ({other.pattern.id})"
        if other is not None and other.pattern.type in grammar.embedding_types | (
            {"AGREE", "THREATEN"} if other.pattern.intent else set()
        ):
            if other.trigger.lemma_.lower() in grammar.deny_verbs:
                continue  # "denied that its army fired": kept, modality denied
            return f"inside '{path.text}' ({other.pattern.type}): asked for or offered, not done"
    return None
