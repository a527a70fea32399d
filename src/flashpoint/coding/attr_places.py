"""Places an article tells once, for events told elsewhere in it.

``event_places.location_for_event`` places an event from its own sentence
(and the sentences around it in its paragraph). A long report often names a
place once and then refers to it, or names where a meeting was held in one
sentence and tells what was agreed there in others. Rules run by
``coding.attributes`` after the per-sentence ones and before the one-country
last resort, each only for an event still unplaced:

- ``place_by_reference``: a definite place noun where the event happened
  ("visited the village", "sank a boat in the region", "fighting in the
  town") refers back to the place told before. Its antecedent is the
  nearest earlier mention of the same noun ("Lomara village in Kesso
  district ... the village": the place in that phrase, the finest, else
  none when the gazetteer does not know it), else the nearest earlier place
  below country level of the kind the noun can stand for (``data/attr_places.yaml``
  ``place_reference_nouns``) in the same or the two sentences before.
- ``place_of_the_meeting``: talks and agreements (``meeting_event_types``)
  are placed where the article says the meeting was held ("signed the
  accord at X", "talks in X", "met in X"), when it names one such place and
  no other.
- ``place_left_after_an_attack``: an attack told in an "after" clause of a
  verb of leaving ("fighters withdrew from X after rebels launched an
  attack") was at the place they left.
- ``place_of_the_threat``: a threat is placed where the act it threatens
  would fall ("threatened to close the X border crossing").
- ``place_in_own_territory``: a deployment, a coercive act or an attack
  of a state on its own ground or sea ("deployed ships to patrol its
  coastline", "troops massed along the country's border") is in that
  state, at precision ``country``.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from spacy.tokens import Doc, Span, Token

from flashpoint.datafiles import read_yaml
from flashpoint.models import QUAD_CLASS, Event, Location
from flashpoint.nlp.extensions import spans_of
from flashpoint.nlp.gazetteer import get_gazetteer, load_cues
from flashpoint.nlp.places import DATELINE_KEY

DATA = Path(__file__).resolve().parent.parent / "data" / "attr_places.yaml"
REFERENCE_SENTENCES = 2  # how far back a place noun's antecedent without the noun may be
DEFINITE = {"the", "this", "that"}


@cache
def _words() -> dict:
    raw = read_yaml(DATA)
    out = {key: {str(v).lower() for v in values} for key, values in raw.items()
           if key != "place_reference_nouns"}  # fmt: skip
    out["place_reference_nouns"] = {
        str(noun).lower(): {str(v) for v in kinds}
        for noun, kinds in raw["place_reference_nouns"].items()
    }
    for key in ("meeting_event_types", "own_ground_event_types", "threat_event_types"):
        out[key] = {v.upper() for v in out[key]}
    return out


def _material(event: Event) -> bool:
    return QUAD_CLASS.get(event.event_type, "").startswith("material")


def _places(doc: Doc) -> list[Span]:
    """The article's place mentions with a location, the dateline and points
    a distance is measured from left out."""
    from flashpoint.coding.event_places import _reference_point

    dateline = {s.start for s in doc.spans.get(DATELINE_KEY, [])}
    return [
        s for s in spans_of(doc, "fp_places")
        if s._.fp_location is not None and s.start not in dateline and not _reference_point(s)
    ]  # fmt: skip


# --- the town, the region ---------------------------------------------------------


def _where_nouns(trigger: Span, *, material: bool) -> list[Token]:
    """Nouns that say where the trigger's act was: objects of a place
    preposition on the trigger, on a verb joined to it or on its object
    ("attacked and sank a boat in the region"), and the object itself of a
    material act or a visit ("shelled the town", "visited the village")."""
    cues, words = load_cues(), _words()
    preps = cues["locative_prepositions"] | (cues["target_prepositions"] if material else set())
    root = trigger.root
    heads = [root, *(c for c in root.children if c.dep_ == "conj" and c.pos_ == "VERB")]
    found: list[Token] = []
    for head in heads:
        objects = [c for c in head.children if c.dep_ == "dobj"]
        if material or head.lemma_.lower() in words["visit_verbs"]:
            found.extend(objects)
        for holder in [head, *objects]:
            for prep in holder.children:
                if prep.dep_ == "prep" and prep.lower_ in preps:
                    found.extend(c for c in prep.children if c.dep_ == "pobj")
    return found


def _definite_place_noun(noun: Token) -> bool:
    """ "the town", "this village": a singular place noun with a definite
    determiner and nothing beside it that names the place itself ("the
    town of X", "the X district")."""
    if noun.pos_ != "NOUN" or noun.lemma_.lower() not in _words()["place_reference_nouns"]:
        return False
    if noun.tag_ != "NN":
        return False  # "the X and Y districts" names its own places
    if not any(c.dep_ == "det" and c.lower_ in DEFINITE for c in noun.children):
        return False
    return not any(
        c.dep_ in ("prep", "appos", "compound", "relcl", "acl") or c.pos_ == "PROPN"
        for c in noun.children
    )


def _phrase_place(noun: Token, places: list[Span]) -> tuple[bool, Location | None]:
    """(whether the noun's phrase names a place at all, the finest place below
    country level it names): "Lomara village in Kesso district" -> Kesso's
    place when Lomara is unknown; "a town in the north of Y" -> (True, None)
    when only a country is named."""
    cues = load_cues()
    inside: set[int] = {c.i for c in noun.children if c.dep_ in ("compound", "appos")}
    for c in noun.children:
        if c.dep_ == "prep" and c.lower_ in cues["locative_prepositions"] | {"of"}:
            inside.update(t.i for t in c.subtree)
        if c.dep_ in ("compound", "appos"):
            inside.update(t.i for t in c.subtree)
    if noun.dep_ == "appos":
        inside.update(t.i for t in noun.head.subtree if t.i < noun.i)
    if noun.dep_ == "pobj":
        # "an attack on X village in Y district": the parser may hang "in Y"
        # on the head of the phrase; right after the noun, it still says where
        for c in noun.head.head.children:
            if (
                c.dep_ == "prep"
                and c.i == noun.right_edge.i + 1
                and c.lower_ in cues["locative_prepositions"]
            ):
                inside.update(t.i for t in c.subtree)
    found = [s for s in places if s.root.i in inside or any(t.i in inside for t in s)]
    named = bool(found) or any(
        doc_t.ent_type_ in ("GPE", "LOC", "FAC") or doc_t.pos_ == "PROPN"
        for doc_t in (noun.doc[i] for i in inside)
    )
    fine = [s._.fp_location for s in found if s._.fp_location.precision != "country"]
    if not fine:
        return named, None
    from flashpoint.nlp.gazetteer import PRECISION_RANK

    return True, min(fine, key=lambda loc: PRECISION_RANK.get(loc.precision, 9))


def _kind_fits(loc: Location, kinds: set[str]) -> bool:
    if loc.precision == "country":
        return False
    return "any" in kinds or loc.precision in kinds


def referred_place(doc: Doc, noun: Token) -> Location | None:
    """The place a definite place noun refers back to (see the module
    docstring), or None."""
    places = _places(doc)
    lemma = noun.lemma_.lower()
    for tok in reversed(doc[: noun.i]):
        if tok.lemma_.lower() == lemma and tok.pos_ == "NOUN":
            named, loc = _phrase_place(tok, places)
            if named:
                return loc  # the noun told before, with its place (None: one we do not know)
    kinds = _words()["place_reference_nouns"][lemma]
    first = noun.sent.start
    for _ in range(REFERENCE_SENTENCES):
        if first == 0:
            break
        first = doc[first - 1].sent.start
    earlier = [
        s for s in places
        if first <= s.start and s.end <= noun.i and _kind_fits(s._.fp_location, kinds)
    ]  # fmt: skip
    return earlier[-1]._.fp_location if earlier else None


def place_by_reference(doc: Doc, placed: list[tuple[Event, Span]]) -> None:
    """Rule ``place_by_reference`` (module docstring): events changed in place."""
    for event, span in placed:
        if event.location is not None:
            continue
        for noun in _where_nouns(span, material=_material(event)):
            if _definite_place_noun(noun):
                where = referred_place(doc, noun)
                if where is not None:
                    event.location = where
                    break


# --- the place they were driven out of --------------------------------------------


def _clause_verb(token: Token) -> Token | None:
    """The verb of the trigger's clause: itself, or the verb a trigger noun
    is the object or subject of ("launched an attack")."""
    if token.pos_ in ("VERB", "AUX"):
        return token
    if token.dep_ in ("dobj", "nsubj", "nsubjpass") and token.head.pos_ in ("VERB", "AUX"):
        return token.head
    return None


def place_left_after_an_attack(doc: Doc, placed: list[tuple[Event, Span]]) -> None:
    """Rule ``place_left_after_an_attack``: an attack told in a clause
    opened by "after" ("when", "following") on a verb of leaving a place
    ("the garrison withdrew from X after rebels launched an assault", "the
    villagers fled Y when gunmen attacked") was where they left: the place
    of the leaving verb's "from" phrase or object, below country level.
    Only for material events still unplaced; events changed in place."""
    words = _words()
    places = _places(doc)
    for event, span in placed:
        if event.location is not None or not _material(event):
            continue
        verb = _clause_verb(span.root)
        if verb is None or verb.dep_ != "advcl":
            continue
        if not any(c.dep_ in ("mark", "advmod") and c.lower_ in words["cause_markers"]
                   for c in verb.children):  # fmt: skip
            continue
        left = verb.head
        if left.lemma_.lower() not in words["leaving_verbs"]:
            continue
        phrases = [c for c in left.children if c.dep_ == "dobj"]
        phrases += [g for c in left.children if c.dep_ == "prep" and c.lower_ == "from"
                    for g in c.children if g.dep_ == "pobj"]  # fmt: skip
        inside = {t.i for p in phrases for t in p.subtree}
        found = [s._.fp_location for s in places
                 if s.root.i in inside and s._.fp_location.precision != "country"]  # fmt: skip
        if found:
            event.location = found[0]


# --- where the threatened act would fall -------------------------------------------

CLAUSES = {"relcl", "acl", "ccomp", "advcl", "xcomp", "conj", "parataxis"}


def _phrase_tokens(token: Token, preps: set[str]) -> set[int]:
    """The tokens of a phrase without the clauses inside it, nor phrases of
    other prepositions than ``preps`` ("in retaliation for a raid on X"
    names another incident's place)."""
    out = {token.i}
    for child in token.children:
        if child.dep_ in CLAUSES or (child.dep_ == "prep" and child.lower_ not in preps):
            continue
        out |= _phrase_tokens(child, preps)
    return out


def place_of_the_threat(doc: Doc, placed: list[tuple[Event, Span]]) -> None:
    """Rule ``place_of_the_threat``: a threat (``threat_event_types``) that
    nothing places is placed where the act it threatens would fall: a
    place below country level in the object or a place phrase of the verb
    it threatens ("threatened to keep the X border crossing closed",
    "vowed to strike targets in Y"), the finest, then the first. Events
    changed in place."""
    from flashpoint.nlp.gazetteer import PRECISION_RANK

    cues, words = load_cues(), _words()
    places = _places(doc)
    for event, span in placed:
        if event.location is not None or event.event_type not in words["threat_event_types"]:
            continue
        acts = [c for c in span.root.children if c.dep_ == "xcomp" and c.pos_ == "VERB"]
        preps = cues["locative_prepositions"] | {"on", "against", "of"}
        inside: set[int] = set()
        for act in acts:
            for c in act.children:
                if c.dep_ == "dobj" or (c.dep_ == "prep" and c.lower_ in preps):
                    inside |= _phrase_tokens(c, preps)
        found = [s._.fp_location for s in places
                 if s.root.i in inside and s._.fp_location.precision != "country"]  # fmt: skip
        if found:
            event.location = min(found, key=lambda loc: PRECISION_RANK.get(loc.precision, 9))


# --- where the meeting was held ------------------------------------------------------


def _meeting_place(span: Span) -> bool:
    """A place said where a meeting was held: the object of a place
    preposition on a meeting noun or verb, or on a verb whose object is a
    meeting noun ("talks in X", "signed at X", "held talks in X")."""
    cues, words = load_cues(), _words()
    root = span.root
    if root.dep_ != "pobj" or root.head.lower_ not in ("in", "at"):
        return False
    head = root.head.head
    lemma = head.lemma_.lower()
    if head.pos_ in ("NOUN", "PROPN"):
        return lemma in cues["meeting_nouns"] or head.lower_ in cues["meeting_nouns"]
    if head.pos_ != "VERB":
        return False
    if lemma in words["meeting_verbs"] - {"hold"}:
        return True
    return any(c.dep_ == "dobj" and c.lemma_.lower() in cues["meeting_nouns"] for c in head.children)


def place_of_the_meeting(doc: Doc, placed: list[tuple[Event, Span]]) -> None:
    """Rule ``place_of_the_meeting`` (module docstring): events changed in place."""
    types = _words()["meeting_event_types"]
    if not any(e.location is None and e.event_type in types for e, _ in placed):
        return
    found = [
        s._.fp_location for s in _places(doc)
        if s._.fp_location.precision != "country" and _meeting_place(s)
    ]  # fmt: skip
    if len({loc.name for loc in found}) != 1:
        return
    for event, _span in placed:
        if event.location is None and event.event_type in types:
            event.location = found[0]


# --- its own ground ---------------------------------------------------------------


def _own_ground(noun: Token) -> bool:
    words = _words()
    if noun.lemma_.lower() not in words["territory_nouns"] and noun.lower_ not in words["territory_nouns"]:
        return False
    for c in noun.children:
        if c.dep_ != "poss":
            continue
        if c.lower_ in words["own_possessives"]:
            return True
        if c.lemma_.lower() in words["own_state_nouns"] and any(
            d.dep_ == "det" and d.lower_ == "the" for d in c.children
        ):
            return True
    return False


def _ground_nouns(trigger: Span) -> list[Token]:
    """Nouns of place phrases and objects on the trigger and on a purpose
    clause of it ("deployed ships to patrol its coast")."""
    root = trigger.root
    heads = [root, *(c for c in root.children if c.dep_ in ("xcomp", "advcl") and c.pos_ == "VERB")]
    found: list[Token] = []
    for head in heads:
        for c in head.children:
            if c.dep_ == "dobj":
                found.append(c)
            if c.dep_ == "prep":
                found.extend(g for g in c.children if g.dep_ == "pobj")
    return found


def place_in_own_territory(doc: Doc, placed: list[tuple[Event, Span]]) -> None:
    """Rule ``place_in_own_territory`` (module docstring): events changed in place."""
    gaz = get_gazetteer()
    for event, span in placed:
        if event.location is not None or event.source is None:
            continue
        if event.event_type not in _words()["own_ground_event_types"]:
            continue
        country = gaz.country(event.source.code)
        if country is None:
            continue
        if any(_own_ground(n) for n in _ground_nouns(span)):
            event.location = country.location()


__all__ = [
    "place_by_reference",
    "place_in_own_territory",
    "place_left_after_an_attack",
    "place_of_the_meeting",
    "place_of_the_threat",
    "referred_place",
]
