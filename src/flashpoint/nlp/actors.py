"""Actor mentions: the ``flashpoint_actors`` spaCy component and the functions
the event coder uses to find sources and targets.

The component fills ``doc.spans["fp_actors"]``. Each span's label says what it
is (PERSON, STATE, CAPITAL, SEAT, ORG, ARMED, ROLE, ADJ, NATIONALS, GROUP); a
single actor
has ``span._.fp_actor`` (a ``models.Actor``), a group mention ("India and
Pakistan", "both sides", "Indian and Pakistani officials") has
``span._.fp_actor`` None and ``span._.fp_members`` its actors.

How mentions resolve (dictionary data in ``flashpoint/data/actors/``):

- people by name, with the role they held on the article's date
  (``doc._.fp_published``; without it, their current or latest role); a bare
  surname ("Rubio") resolves to the person already named in the article, or,
  after a title or as a named entity, to the dictionary's person with that
  alias; titles, roles and states before a name join its mention ("U.S.
  Secretary of State Marco Rubio" is one span);
- a state, adjective, capital or seat before a role word gives that state the
  role's sector ("Indian drones" IND/MIL, "Pakistan's foreign ministry"
  PAK/GOV, "officials from India" IND/GOV); a role word alone gives an actor of
  unknown code ("the foreign minister": code None, GOV), unless it is a
  definite mention ("the ministry", "the army") that a nearby earlier actor of
  the same sector resolves, or has a possessor that names its state: a
  possessive pronoun resolved by ``resolve_reference`` ("India said its army
  ..." IND/MIL; "their government" after "India and Pakistan" is a group of
  both) or a person ("Trump's envoy" USA/GOV);
- a province or federal state gives a role phrase its country ("the Sindh
  government" PAK/GOV), never stands alone as an actor;
- plural demonyms ("Pakistanis", "Palestinians", label NATIONALS) are their
  state with no sector, as CAMEO codes them: the text does not say whether
  civilians, officials or fighters are meant;
- protesters and demonstrators are CVL, organised opposition (parties'
  activists, dissidents, "opposition leader") OPP (``sectors.yaml``);
- a state name alone has sector None (the text does not say which part of
  the state acted; the scorer reads only the code); a capital or a seat that
  is also a city ("Washington", "Rawalpindi") is an actor (GOV, or the seat's
  sector) only in an actor's position: subject, possessor, object, agent,
  object of "with"/"between"/"against"; elsewhere ("in New Delhi") and in a
  dateline ("WASHINGTON, May 7 -") it is a place, not an actor;
- a dateline ("ISLAMABAD/NEW DELHI, May 8 -") holds no actor; organs of a
  state that the text gives no state ("security forces", "police in
  Rajouri", "the chief minister") take the report's home state: a place in
  their phrase, the dateline's country, or the article's one country
  (``actor_home.py``); civilians only a place in their own phrase;
- generic seats ("Foreign Office", "Parliament") are role words: their
  possessor or adjective gives their state ("Pakistan's Foreign Office");
- NGOs (Amnesty, HRW) have sector NGO (CAMEO's code; SPEC's list allows additions);
- group phrases ("both sides", "the two countries", "each other") have the dyad
  in focus as members: the two states mentioned most before the phrase (or in
  the whole article when fewer than two come before).

Functions for the event coder:

- ``actors_at(doc, token) -> list[Actor]``: the actor(s) of the mention that
  contains ``token`` (the members of a group), [] if none;
- ``actor_spans_in(span) -> list[Span]``: the mentions inside a span;
- ``resolve_reference(doc, token) -> list[Actor]``: light coreference for a
  pronoun or definite mention ("he", "it", "they", "the ministry", "both
  sides"): a compatible subject in the pronoun's sentence or the one before
  wins over a nearer mention; he/she only a person or a person's role;
- ``dyad_in_focus(doc) -> tuple[Actor, Actor] | None``;
- ``place_state(doc, token) -> Actor | None``: the state of a place (a
  capital, a city, a country) where the grammar makes the place a target
  ("visited Islamabad", "travelled to New Delhi"): actor mentions do not
  include such places, and the coder asks for their state.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from spacy.util import ensure_path

from flashpoint.models import Actor
from flashpoint.nlp import extensions
from flashpoint.nlp.actor_context import (
    context_state,
    context_words,
    drop_stance_state,
    mission_abroad,
)
from flashpoint.nlp.actor_context_orgs import code_organisations
from flashpoint.nlp.actor_context_person import titled_person_state
from flashpoint.nlp.actor_dictionary import ActorDictionary, load_dictionary
from flashpoint.nlp.actor_ethnic import recode_ethnic
from flashpoint.nlp.actor_home import HomeState, phrase_place_country
from flashpoint.nlp.actor_home_ethnic import code_ethnic_groups
from flashpoint.nlp.actor_people import currency_state
from flashpoint.nlp.actor_rules import MentionFinder, rank_dyad
from flashpoint.nlp.context import context_of, dictionary_of, set_context
from flashpoint.nlp.deps import SUBJECTS
from flashpoint.nlp.saved_resources import read_resources, save_resources

SPAN_KEY = "fp_actors"
PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "his", "hers", "himself", "herself"})
# the ones a clause's subject can be ("he said"): a speaker told by pronoun
PERSON_SUBJECT_PRONOUNS = frozenset({"he", "she"})
THING_PRONOUNS = {"it", "its", "itself"}
PLURAL_PRONOUNS = {"they", "them", "their", "theirs", "themselves"}


class ActorFinder:
    """The ``flashpoint_actors`` component: its dictionary is the built-in
    one plus ``extra_dictionaries`` (files or directories laid out like
    ``flashpoint/data/actors/``); ``to_disk`` saves copies of those, which
    ``from_disk`` reads back."""

    SETTINGS = ("extra_dictionaries",)

    def __init__(self, nlp: Language, *, extra_dictionaries: Sequence[str | Path] = ()) -> None:
        self.nlp = nlp
        self._missing: FileNotFoundError | None = None
        try:
            self._load_resources(extra_dictionaries)
        except FileNotFoundError as missing:
            # A saved pipeline whose extra files have moved: its from_disk
            # brings copies; used before that, the component fails.
            self._missing = missing

    def _load_resources(self, extra_dictionaries: Sequence[str | Path]) -> None:
        """Build the dictionary and the mention matchers from these files."""
        self.extra_dictionaries = [str(p) for p in extra_dictionaries]
        self.dictionary: ActorDictionary = load_dictionary(extra=self.extra_dictionaries)
        self.finder = MentionFinder(self.nlp, self.dictionary)
        self._missing = None

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        """Save copies of the extra dictionaries (spaCy's ``nlp.to_disk``)."""
        save_resources(ensure_path(path), {"extra_dictionaries": self.extra_dictionaries})

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> ActorFinder:
        """Rebuild from the copies ``to_disk`` saved (spaCy's ``spacy.load``)."""
        settings = read_resources(ensure_path(path), self.SETTINGS)
        self._load_resources(settings["extra_dictionaries"] or ())
        return self

    def __call__(self, doc: Doc) -> Doc:
        if self._missing is not None:
            raise self._missing
        extensions.register()
        # Every rule from here on reads this component's dictionary from the
        # Doc's context (nlp/context.py).
        set_context(doc, self.dictionary)
        mentions = self.finder.find(doc, published=doc._.fp_published)
        spans = []
        for m in mentions:
            span = Span(doc, m.start, m.end, label=m.kind)
            if m.group:
                span._.fp_members = list(m.actors)
            else:
                span._.fp_actor = m.actors[0]
            spans.append(span)
        # "ethnic Albanians in Serbia", "Bosnian Serbs": the state they live in
        # "anti-Syria journalist"; "US $50 million" names no actor
        spans = [drop_stance_state(s) for s in spans if not currency_state(doc, s.end)]
        # "Karen guerrillas", "Hutu rebels", "Tamil civilians" (ethnic.yaml)
        doc.spans[SPAN_KEY] = spans = code_ethnic_groups(doc, recode_ethnic(spans))
        # parties and forums the dictionary lacks (actor_context_orgs.py)
        doc.spans[SPAN_KEY] = spans = code_organisations(doc, spans)
        # Definite role mentions ("the army said") take the code of the actor
        # they refer back to, where one is clear; possessed ones ("its army",
        # "Trump's envoy") that of their possessor; organs of a state with no
        # state in the text ("police in Rajouri", "security forces" in a
        # report datelined Quetta) the report's home state (actor_home.py).
        home = HomeState(doc, visit_verbs=frozenset(self.dictionary.visit_verbs))
        resolved = []
        for span in doc.spans[SPAN_KEY]:
            if span.label_ == "ROLE" and span._.fp_actor is not None and not span._.fp_actor.code:
                span = _resolve_possessed(doc, span) or span
                found = _resolve_definite(doc, span) if span._.fp_actor is not None else None
                if found is not None:
                    span._.fp_actor = found
                elif span._.fp_actor is not None and not _speakers_own(doc, span):
                    # "a group based in X", "people blocked streets in X"
                    # (actor_context.py), else the home state of organs of
                    # a state, a place in the phrase of civilians
                    code = context_state(span, spans)
                    if not code and _home_role(span):
                        code = home.for_span(span)
                    elif not code and span._.fp_actor.sector in PEOPLE_SECTORS:
                        code = phrase_place_country(span)
                    if code:
                        span._.fp_actor = replace(span._.fp_actor, code=code)
                if span._.fp_actor is not None and span._.fp_actor.code:
                    # its state is another mention's or its place's, not its own words'
                    context_of(doc).placed_roles.add((span.start, span.end))
            elif span.label_ in ("PERSON", "GROUP"):
                _home_people(span, home, spans)
            resolved.append(span)
        doc.spans[SPAN_KEY] = resolved
        return doc


# Sectors of people (not organs of a state) who take the country of a place
# in their own noun phrase, but no home state.
PEOPLE_SECTORS = ("CVL", "OPP")


def _ends_with(text: str, phrases: set[str]) -> bool:
    words = text.lower().split()
    return any(words[-len(p.split()) :] == p.split() for p in phrases)


def _home_role(span: Span) -> bool:
    """A role mention with no state whose role word may take the home state."""
    return _ends_with(span.text, dictionary_of(span.doc).home_state_roles)


def _home_person(actor: Actor) -> bool:
    """A titled person of a state office with no state ("Chief Minister X")."""
    return (
        actor.name is not None
        and actor.code is None
        and actor.role is not None
        and actor.sector in ("GOV", "MIL", "COP", "JUD")
    )


def _home_people(span: Span, home: HomeState, spans: list[Span]) -> None:
    """Titled people of no state (alone or in a group) take the one state
    their sentence names, else the dateline's country, else the state named
    nearest (actor_context_person.py)."""
    actor = span._.fp_actor
    if actor is not None:
        if _home_person(actor):
            code = titled_person_state(span, spans, home.dateline())
            if code:
                span._.fp_actor = replace(actor, code=code)
        return
    members = list(span._.fp_members or [])
    if any(_home_person(a) for a in members):
        code = titled_person_state(span, spans, home.dateline())
        if code:
            span._.fp_members = [replace(a, code=code) if _home_person(a) else a for a in members]


@Language.factory("flashpoint_actors", default_config={"extra_dictionaries": None})
def make_actor_finder(
    nlp: Language, name: str, extra_dictionaries: list[str] | None
) -> ActorFinder:
    """``extra_dictionaries``: files or directories laid out like
    ``flashpoint/data/actors/`` whose entries are added to the built-in ones."""
    return ActorFinder(nlp, extra_dictionaries=extra_dictionaries or ())


# -- functions for the event coder ------------------------------------------


#: ``_spans``' last answer: [the group of mentions, its length, its spans in order]
_SORTED: list = []


def _spans(doc: Doc) -> list[Span]:
    """The actor mentions in text order; sorted once per group of mentions
    (the group is replaced, never changed in place, when mentions change)."""
    if SPAN_KEY not in doc.spans:
        return []
    group = doc.spans[SPAN_KEY]
    if not _SORTED or _SORTED[0] is not group or _SORTED[1] != len(group):
        _SORTED[:] = [group, len(group), sorted(group, key=lambda s: (s.start, s.end))]
    return list(_SORTED[2])


def span_actors(span: Span, *, with_text: bool = False) -> list[Actor]:
    """The actor of a mention span, or its members for a group. With
    ``with_text`` (the event coder's records), a member without a text of its
    own takes the group's ("both sides")."""
    extension = span._  # built anew on each ``span._``: read once
    members, actor = extension.fp_members, extension.fp_actor
    if actor is not None and not (with_text and members):
        return [actor]
    if not with_text:
        return list(members or [])
    return [m if m.text else Actor(code=m.code, sector=m.sector, name=m.name, role=m.role, text=span.text)
            for m in members or []]


def actors_at(doc: Doc, token: Token) -> list[Actor]:
    """The actor(s) of the mention containing ``token`` ([] if none)."""
    containing = [s for s in _spans(doc) if s.start <= token.i < s.end]
    if not containing:
        return []
    return span_actors(min(containing, key=len))


def actor_spans_in(span: Span) -> list[Span]:
    """The mentions lying wholly inside ``span`` (a sentence, a subtree)."""
    return [s for s in _spans(span.doc) if s.start >= span.start and s.end <= span.end]


def _is_state(actor: Actor, countries: set[str]) -> bool:
    return actor.code is not None and actor.code in countries


def dyad_in_focus(doc: Doc, *, before: int | None = None) -> tuple[Actor, Actor] | None:
    """The two states in focus (from the mentions before token ``before``, or
    the whole doc when ``before`` is None or too few come before): pairs named
    together count most, then each state mention; ties go to the first named.
    None when fewer than two states are mentioned."""
    countries = set(dictionary_of(doc).countries)
    items = [
        (s.label_, span_actors(s))
        for s in _spans(doc)
        if (before is None or s.start < before) and not _is_dyad_phrase(s)
    ]
    codes = rank_dyad(items, countries)
    if codes is None and before is not None:
        return dyad_in_focus(doc)
    return (Actor(code=codes[0]), Actor(code=codes[1])) if codes else None


def _is_dyad_phrase(span: Span) -> bool:
    return span.text.lower() in dictionary_of(span.doc).groups


#: ``_sentence_starts``' last answer: [the Doc, its length, its sentences' starts]
_STARTS: list = []


def _sentence_starts(doc: Doc) -> list[int]:
    """The first token of each sentence ([] before the parser), read once
    per Doc (sentences are fixed once parsed)."""
    if not doc.has_annotation("SENT_START"):
        return []
    if not _STARTS or _STARTS[0] is not doc or _STARTS[1] != len(doc):
        _STARTS[:] = [doc, len(doc), [s.start for s in doc.sents]]
    return _STARTS[2]


def _preceding(doc: Doc, token: Token, *, window_sents: int = 4) -> list[Span]:
    """Mentions ending before ``token``, nearest first, within a few sentences."""
    starts = _sentence_starts(doc)
    lower = 0
    if starts:
        idx = max(bisect_right(starts, token.i) - 1, 0)
        lower = starts[max(0, idx - window_sents)]
    return [s for s in reversed(_spans(doc)) if s.end <= token.i and s.start >= lower]


def resolve_reference(doc: Doc, token: Token) -> list[Actor]:
    """Light coreference: who a pronoun or definite mention stands for.

    Among the compatible mentions before the pronoun (a few sentences back),
    a subject or agent in the pronoun's sentence or the one before wins over
    a nearer mention in another position ("The group said it held the
    passengers. It threatened ..." -> the group); else the nearest.
    Compatible: he/she/his -> a person, or a role naming one person ("the
    spokesperson"), never a place; it/its -> a state, capital, seat,
    organisation, armed group or singular role with a code; they/them/their
    -> a group, plural demonyms or role words, an armed group. A token inside
    a mention -> that mention's actors, with a definite role mention of
    unknown code ("the ministry") resolved to the nearest earlier actor of
    the same sector; group phrases -> the dyad in focus.
    """
    lower = token.lower_
    containing = [s for s in _spans(doc) if s.start <= token.i < s.end]
    if containing:
        span = min(containing, key=len)
        actors = span_actors(span)
        if span._.fp_actor is not None and span._.fp_actor.code is None:
            found = _resolve_definite(doc, span)
            if found is not None:
                return [found]
        return actors
    if lower in PERSON_PRONOUNS:
        test = _person_like
    elif lower in THING_PRONOUNS:
        test = _thing_like
    elif lower in PLURAL_PRONOUNS:
        test = _plural_like
    else:
        return []
    span = _antecedent(doc, token, test)
    return span_actors(span) if span is not None else []


THING_LABELS = ("STATE", "CAPITAL", "SEAT", "ORG", "ARMED")
SINGULAR_TAGS = ("NN", "NNP")


def _person_like(span: Span) -> bool:
    if span.label_ == "PERSON":
        return True
    return (
        span.label_ == "ROLE"
        and span.root.tag_ in SINGULAR_TAGS
        and _ends_with(span.text, dictionary_of(span.doc).person_roles)
    )


def _thing_like(span: Span) -> bool:
    actor = span._.fp_actor
    if actor is None or not actor.code:
        return False
    if span.label_ in THING_LABELS:
        return True
    return (
        span.label_ == "ROLE"
        and span.root.tag_ in SINGULAR_TAGS
        and actor.sector not in ("CVL",)
        and not _person_like(span)
    )


def _plural_like(span: Span) -> bool:
    if span._.fp_actor is None and span._.fp_members:
        return True
    if span.label_ in ("NATIONALS", "ARMED"):
        return True
    return span.label_ == "ROLE" and span.root.tag_ in ("NNS", "NNPS")


def _is_subject(span: Span) -> bool:
    tok = span.root
    while tok.dep_ == "conj" and tok.head.i != tok.i:
        tok = tok.head
    if tok.dep_ in SUBJECTS:
        return True
    return tok.dep_ == "pobj" and tok.head.dep_ == "agent"


QUOTE_MARKS = {'"', "“", "”"}


#: ``doc.user_data`` key of ``_quoted``'s answer: [tokens of the Doc, indices]
QUOTED_KEY = "fp_quoted_tokens"


def _quoted(doc: Doc) -> frozenset[int]:
    """Indices of the tokens inside quotation marks (worked out once per
    Doc: every reference resolved reads them)."""
    kept = doc.user_data.get(QUOTED_KEY)
    if isinstance(kept, list | tuple) and len(kept) == 2 and kept[0] == len(doc):
        return frozenset(kept[1])
    inside, found = False, set()
    for tok in doc:
        if tok.text in QUOTE_MARKS:
            inside = not inside if tok.text == '"' else tok.text == "“"
            continue
        if inside:
            found.add(tok.i)
    doc.user_data[QUOTED_KEY] = [len(doc), sorted(found)]  # plain data: user_data may be serialised
    return frozenset(found)


def _antecedent(doc: Doc, token: Token, test) -> Span | None:
    """The compatible mention ``token`` refers back to (see
    ``resolve_reference``)."""
    found = [s for s in _preceding(doc, token) if test(s)]
    quoted = _quoted(doc)
    if token.i not in quoted:
        # '"Pakistan expects ...," it said': words inside the quotation are
        # not who "it" is.
        found = [s for s in found if s.start not in quoted]
    if not found:
        return None
    lower = token.sent.start
    if lower > 0:
        lower = doc[lower - 1].sent.start
    for span in found:
        if span.start < lower:
            break
        if _is_subject(span):
            return span
    return found[0]


def _resolve_definite(doc: Doc, span: Span) -> Actor | None:
    """A definite role mention of unknown code ("the army") -> the same actor
    with the code of the nearest earlier mention of the same sector, or of the
    only state mentioned in the sentences just before; one without a sector
    ("the country") -> the state of the speaker whose words it is in ("X
    said the nation stood united"), else the nearest state named before it. The only-state
    rule gives no state to armed groups, IGOs, analysts or the opposition,
    nor takes one from a mention that does not place the report in its state
    (``_not_placing``: "the US ambassador", "two Italians")."""
    actor = span._.fp_actor
    if span[0].lower_ not in ("the", "this", "that") or actor is None:
        return None
    countries = set(dictionary_of(doc).countries)
    states: list[str] = []
    if actor.sector is None:
        # "X said the nation stood united": the speaker's country.
        spoken = [a.code for a in _speaker(doc, span.root) if _is_state(a, countries)]
        if len(set(spoken)) == 1:
            return replace(actor, code=spoken[0])
    quoted = _quoted(doc)
    if span.start in quoted:
        quoted = frozenset()  # a mention inside a quotation may refer to words quoted before it
    for prev in _preceding(doc, span[0], window_sents=2):
        if prev.start in quoted:
            continue  # '"India will pay," the military spokesman said': not who speaks
        if actor.sector is None and prev._.fp_actor is not None:
            # "the country": the nearest state named before it (not a
            # person's state).
            if prev.label_ in STATE_LABELS and _is_state(prev._.fp_actor, countries):
                return replace(actor, code=prev._.fp_actor.code)
            continue
        for other in span_actors(prev):
            if not other.code:
                continue
            if actor.sector and other.sector == actor.sector:
                return replace(actor, code=other.code)
            if _is_state(other, countries) and other.code not in states and not _not_placing(prev, other):
                states.append(other.code)
    if len(states) == 1 and actor.sector not in NO_STATE_SECTORS:
        return replace(actor, code=states[0])
    return None


# Labels of mentions that name a state itself; sectors a state named nearby
# does not give to a definite mention ("the attackers" are not the state's).
STATE_LABELS = ("STATE", "CAPITAL", "ADJ", "NATIONALS")


def _not_placing(span: Span, actor: Actor) -> bool:
    """A mention that names a state without placing the report in it, so
    that a later "the crowd" does not take its state: a state's mission
    abroad ("the US ambassador"), a people named by nationality ("two
    Italians"), a state's adjective alone on a person ("a Dutch cameraman")."""
    if mission_abroad(span):
        return True
    if actor.sector:
        return False
    if span.label_ == "NATIONALS":
        return True
    head = span.root.head
    return span.label_ == "ADJ" and head.i != span.root.i and head.pos_ == "NOUN" \
        and head.lower_ not in context_words().place_nouns
NO_STATE_SECTORS = ("REB", "IGO", "ANALYST", "OPP")


POSSESSIVES = {"its", "their", "his", "her"}


def _speaker(doc: Doc, token: Token) -> list[Actor]:
    """The actor who says the clause ``token`` is in: the subject of the
    nearest verb of saying above it ("Pakistan said ... that its air force
    ..."), when that subject is a mention with a code; else []. A verb of
    saying joined to an earlier verb shares its subject ("The ministry
    denied it but said its troops ...")."""
    verbs = dictionary_of(doc).speech_verbs
    for head in token.ancestors:
        if head.pos_ not in ("VERB", "AUX") or head.lemma_.lower() not in verbs:
            continue
        verb = head
        while True:
            subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
            if subjects or verb.dep_ != "conj" or verb.head.i == verb.i:
                break
            verb = verb.head
        for child in subjects:
            found = [a for a in actors_at(doc, child) if a.code]
            if not found and child.lower_ in THING_PRONOUNS | PLURAL_PRONOUNS:
                # "It said 23 of its own troops ...": the speaker told before
                found = [a for a in resolve_reference(doc, child) if a.code]
            if found:
                return found
        return []
    return []


def _speakers_own(doc: Doc, span: Span) -> bool:
    """A mention opened by a possessive pronoun that the speaker of its
    clause owns ("the army said 23 of its troops were killed"): the state
    that gives is the text's own, and no home state overrides it."""
    first = doc[span.start]
    return (bool(span._.fp_actor and span._.fp_actor.code) and first.lower_ in POSSESSIVES
            and bool(_speaker(doc, first)))


def _resolve_possessed(doc: Doc, span: Span) -> Span | None:
    """A role mention of unknown code with a possessor that names a state:
    "its army", "their government" (via ``resolve_reference``; the new span
    takes in the pronoun), "Trump's envoy" (the person's state; the span stays
    as it is). None when there is no such possessor or it gives no code;
    several states make a group ("their governments" after "India and
    Pakistan")."""
    actor = span._.fp_actor
    poss = [t for t in span.root.children if t.dep_ == "poss" and t.i < span.start]
    inside = [t for t in span.root.children
              if t.dep_ == "poss" and t.i >= span.start and t.lower_ in POSSESSIVES]
    if not poss and inside and _speaker(doc, inside[0]):
        # the pronoun opens the mention itself, in what someone says: "the
        # army said 23 of its own troops were killed" (the speaker's)
        poss = inside
    if not poss and span.start > 0 and doc[span.start - 1].lower_ in POSSESSIVES:
        poss = [doc[span.start - 1]]
    if not poss or actor is None or span.root.lower_ in dictionary_of(doc).relational_roles:
        return None  # "his counterpart" is someone else's
    owner = poss[0]
    start = span.start
    if owner.lower_ in POSSESSIVES:
        found = _speaker(doc, owner) or resolve_reference(doc, owner)
        start = min(owner.i, span.start)
    else:
        mentions = [s for s in _spans(doc) if s.start <= owner.i < s.end]
        if not mentions or mentions[0].label_ != "PERSON":
            return None  # a state or organisation possessor is in the mention already
        found = span_actors(mentions[0])
    codes: list[str] = []
    for other in found:
        if other.code and other.code not in codes:
            codes.append(other.code)
    if not codes:
        return None
    label = span.label_ if len(codes) == 1 else "GROUP"
    new = Span(doc, start, span.end, label=label)
    if any(other.sector == "IGO" for other in found):
        actor = replace(actor, sector="IGO")  # "his spokesman" after the UN chief
    if len(codes) == 1:
        new._.fp_actor = replace(actor, code=codes[0], text=new.text)
    else:
        new._.fp_members = [replace(actor, code=c, text=new.text) for c in codes]
    return new


def place_state(doc: Doc, token: Token) -> Actor | None:
    """The state of the place ``token`` names, for the event coder where the
    grammar makes a place the target ("visited Islamabad", "travelled to New
    Delhi", "talks in Riyadh": CONSULT with that state). A capital or a seat
    that is a city gives its state with sector GOV (the visit is to its
    government); a country name gives the state with no sector; any other
    city or region gives the country the places component found for it
    (``doc.spans["fp_places"]``), no sector. None when the token names no
    place with a country."""
    d = dictionary_of(doc)
    for span in _spans(doc):
        if span.start <= token.i < span.end and span.label_ in ("STATE", "CAPITAL", "SEAT"):
            actor = span._.fp_actor
            if actor is not None and actor.code in d.countries:
                sector = "GOV" if span.label_ != "STATE" else None
                return Actor(code=actor.code, sector=sector, text=span.text)
    # Capitals are places outside an actor's position, so not in fp_actors.
    for size in (3, 2, 1):
        for start in range(max(0, token.i - size + 1), token.i + 1):
            text = doc[start : start + size].text
            for table, sector in ((d.capitals, "GOV"), (d.states, None)):
                ent = table.get(text)
                if ent is not None and ent.code in d.countries:
                    return Actor(code=ent.code, sector=sector, text=text)
            seat = d.seats.get(text)
            if seat is not None and seat.place and seat.code in d.countries:
                return Actor(code=seat.code, sector=seat.sector, text=text)
    places = doc.spans["fp_places"] if "fp_places" in doc.spans else []
    for span in places:
        loc = span._.fp_location
        if span.start <= token.i < span.end and loc is not None and loc.country \
                and not span._.fp_place_unsure:
            return Actor(code=loc.country, sector=None, text=span.text)
    return None
