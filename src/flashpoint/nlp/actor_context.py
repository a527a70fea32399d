"""Where the sentence puts an actor that names no state of its own.

Used by ``actors.py`` after the dictionary rules (``actor_home.py`` keeps the
dateline and article fallbacks). Words are data (``data/actors/context.yaml``).

- People of no state (civilians, protesters, the opposition, journalists:
  ``placed_sectors``) take the state of a place the sentence puts them in:
  in their own phrase ("students at a university in Sivas", "residents of
  Srinagar"), in a participle or relative clause on them ("demonstrators
  protesting results in Monrovia", "people killed in Pahalgam"), or in the
  clause they are the subject or agent of ("people blocked streets in Hong
  Kong", "inmates rioted in a prison in the capital Dili"). Only
  place prepositions count, never a destination ("sending troops to Iraq").
  People often abroad (refugees, tourists: ``foreign_words``) or marked as
  foreign ("foreign students") are left alone.
- Any actor of no state takes the state of an attachment phrase: "a group
  based in Trinidad", "militants loyal to Iraq's ...", "fighters loyal to"
  a person of known state, "a preacher from Calgary" ("gunmen from across
  the border" names no place, so no state), "the government of President
  X" (a person of known state).
- "anti-Syria", "pro-India": a state after "anti-"/"pro-" is what the actor
  is for or against, not its state; the mention loses that state.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import cache

from spacy.tokens import Doc, Span, Token

from flashpoint.datafiles import read_yaml
from flashpoint.nlp.actor_dictionary import DATA_DIR
from flashpoint.nlp.actor_home import place_country
from flashpoint.nlp.context import dictionary_of
from flashpoint.nlp.deps import SUBJECTS

PLACE_LABELS = ("STATE", "CAPITAL", "SEAT")
NOT_PLACE_ENTS = ("DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY")
STANCE_PREFIXES = {"anti", "pro"}
MAX_DEPTH = 3
QUANTITY_POS = ("NOUN", "NUM")


@dataclass(frozen=True)
class ContextWords:
    placed_sectors: frozenset[str]
    foreign_words: frozenset[str]
    foreign_modifiers: frozenset[str]
    phrase_preps: frozenset[str]
    clause_preps: frozenset[str]
    nested_preps: frozenset[str]
    based_words: frozenset[str]
    loyal_words: frozenset[str]
    place_nouns: frozenset[str]
    mission_words: frozenset[str]


@cache
def context_words() -> ContextWords:
    data = read_yaml(DATA_DIR / "context.yaml")

    def words(key: str) -> frozenset[str]:
        return frozenset(str(w).lower() for w in data.get(key) or [])

    return ContextWords(
        placed_sectors=frozenset(str(w) for w in data.get("placed_sectors") or []),
        foreign_words=words("foreign_words"),
        foreign_modifiers=words("foreign_modifiers"),
        phrase_preps=words("phrase_preps"),
        clause_preps=words("clause_preps"),
        nested_preps=words("nested_preps"),
        based_words=words("based_words"),
        loyal_words=words("loyal_words"),
        place_nouns=words("place_nouns"),
        mission_words=words("mission_words"),
    )


def mission_abroad(span: Span) -> bool:
    """An actor mention of a state's diplomatic mission or diplomats ("the
    British ambassador", "the French embassy": ``mission_words``): it
    stands in another state than its own."""
    words = span.text.lower().split()
    missions = context_words().mission_words
    return any(" ".join(words[-n:]) in missions for n in (1, 2, 3) if len(words) >= n)


def _state_codes(doc: Doc) -> set[str]:
    return set(dictionary_of(doc).countries)


def _covering(spans: list[Span], tok: Token) -> Span | None:
    found = [s for s in spans if s.start <= tok.i < s.end]
    return min(found, key=len) if found else None


def _name_at(tok: Token) -> str:
    """The proper-noun compound ending at ``tok`` ("Hong Kong")."""
    start = tok.i
    doc = tok.doc
    while start > 0 and doc[start - 1].pos_ == "PROPN" and doc[start - 1].dep_ == "compound":
        start -= 1
    return doc[start : tok.i + 1].text


def token_state(tok: Token, spans: list[Span]) -> str | None:
    """The state a place token names: a state, capital or seat mention, or a
    proper noun the gazetteer places in one country; its possessor ("East
    Timor's capital Dili") when the token itself gives none."""
    span = _covering(spans, tok)
    states = _state_codes(tok.doc)
    if span is not None:
        actor = span._.fp_actor
        if span.label_ in PLACE_LABELS and actor is not None and actor.code in states:
            return actor.code
        if span.label_ == "PERSON":
            return None
    if tok.pos_ == "PROPN" and tok.ent_type_ not in NOT_PLACE_ENTS:
        name = _name_at(tok)
        d = dictionary_of(tok.doc)
        known = d.states.get(name) or d.capitals.get(name)
        code = known.code if known is not None else place_country(name, d)
        if code in states:
            return code
    for child in tok.children:
        if child.dep_ == "poss":
            return token_state(child, spans)
        if child.dep_ == "amod" and tok.lower_ in context_words().place_nouns:
            # "the Kenyan capital", "a Turkish border town"
            adj = _covering(spans, child)
            if adj is not None and adj.label_ == "ADJ" and adj._.fp_actor is not None:
                return adj._.fp_actor.code if adj._.fp_actor.code in states else None
    return None


def _objects(prep: Token) -> list[Token]:
    found = [t for t in prep.children if t.dep_ == "pobj"]
    for t in list(found):
        found += [c for c in t.children if c.dep_ == "conj"]
    return found


def _nested(tok: Token, words: ContextWords, depth: int = 0) -> Iterator[Token]:
    """``tok`` and the places one or more phrases below it ("a jail in the
    capital Dili", "a sector of eastern Beirut")."""
    yield tok
    for child in tok.children:
        if child.dep_ == "appos":  # "the capital, Nairobi"
            yield child
    if depth >= MAX_DEPTH:
        return
    for prep in tok.children:
        if prep.dep_ == "prep" and prep.lower_ in words.nested_preps:
            for obj in _objects(prep):
                yield from _nested(obj, words, depth + 1)


def _prep_places(head: Token, preps: frozenset[str], words: ContextWords) -> Iterator[Token]:
    for prep in head.children:
        if prep.dep_ == "prep" and prep.lower_ in preps:
            for obj in _objects(prep):
                yield from _nested(obj, words)


def _clause_places(verb: Token, words: ContextWords) -> Iterator[Token]:
    """Places of a verb's clause: its own place phrases and those of its
    object ("blocked streets in Hong Kong")."""
    yield from _prep_places(verb, words.clause_preps, words)
    for obj in verb.children:
        if obj.dep_ == "dobj":
            yield from _prep_places(obj, frozenset({"in", "at"}), words)


def _governing_verb(root: Token) -> Token | None:
    """The verb whose subject or agent the phrase is ("thousands of people
    blocked ...": the people's quantity is the subject)."""
    tok = root
    for _ in range(2):
        if tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.pos_ in QUANTITY_POS:
            tok = tok.head.head
    while tok.dep_ == "conj" and tok.head.i != tok.i:
        tok = tok.head
    if tok.dep_ in SUBJECTS:
        return tok.head
    if tok.dep_ == "pobj" and tok.head.dep_ == "agent":
        return tok.head.head
    return None


def placed_state(span: Span, spans: list[Span]) -> str | None:
    """The state of a place the sentence puts the people of ``span`` in (see
    the module docstring); None if none or if they may well be foreigners."""
    words = context_words()
    root = span.root
    text = span.text.lower()
    if any(text.endswith(w) for w in words.foreign_words):
        return None
    if any(c.lower_ in words.foreign_modifiers for c in root.children if c.dep_ == "amod"):
        return None
    candidates = list(_prep_places(root, words.phrase_preps, words))
    for clause in (c for c in root.children if c.dep_ in ("acl", "relcl")):
        candidates += _clause_places(clause, words)
    verb = _governing_verb(root)
    if verb is not None:
        candidates += _clause_places(verb, words)
    for tok in candidates:
        if span.start <= tok.i < span.end:
            continue
        code = token_state(tok, spans)
        if code:
            return code
    return None


def attached_state(span: Span, spans: list[Span]) -> str | None:
    """The state of an attachment phrase on the mention: "based in X",
    "loyal to X's ...", "from X"."""
    words = context_words()
    root = span.root
    for child in root.children:
        lemma = child.lower_
        if child.dep_ in ("acl", "amod", "relcl") and lemma in words.based_words:
            for tok in _prep_places(child, words.clause_preps, words):
                code = token_state(tok, spans)
                if code:
                    return code
        if child.dep_ == "amod" and lemma in words.loyal_words:
            for prep in child.children:
                if prep.dep_ == "prep" and prep.lower_ in ("to", "with"):
                    for obj in _objects(prep):
                        code = _actor_state(obj, spans)
                        if code:
                            return code
        if child.dep_ == "prep" and lemma == "from":
            for obj in _objects(child):
                code = token_state(obj, spans)
                if code:
                    return code
        if child.dep_ == "prep" and lemma == "for" and root.lower_ in dictionary_of(span.doc).generic_heads:
            # "a spokeswoman for the U.S. embassy", "a spokesman for Hamas"
            for obj in _objects(child):
                other = _covering(spans, obj)
                if other is not None and other is not span and other._.fp_actor is not None:
                    if other._.fp_actor.code:
                        return other._.fp_actor.code
        if child.dep_ == "prep" and lemma == "of":
            # "the government of President X": the person's state
            for obj in _objects(child):
                person = _covering(spans, obj)
                if person is not None and person.label_ == "PERSON" and person._.fp_actor:
                    code = person._.fp_actor.code
                    if code in _state_codes(span.doc):
                        return code
    return None


def _actor_state(tok: Token, spans: list[Span]) -> str | None:
    """The state of the actor a token names, or of its possessor ("Iraq's
    al-Qaeda frontman")."""
    states = _state_codes(tok.doc)
    span = _covering(spans, tok)
    if span is not None and span._.fp_actor is not None and span._.fp_actor.code in states:
        return span._.fp_actor.code
    for child in tok.children:
        if child.dep_ == "poss":
            return _actor_state(child, spans)
    return token_state(tok, spans) if tok.pos_ == "PROPN" else None


def drop_stance_state(span: Span) -> Span:
    """"anti-Syria journalist": the state after "anti-"/"pro-" is not the
    actor's; the mention keeps its sector with no state."""
    doc = span.doc
    actor = span._.fp_actor
    if actor is None or span.label_ != "ROLE" or span.start < 2:
        return span
    if doc[span.start - 1].text != "-" or doc[span.start - 2].lower_ not in STANCE_PREFIXES:
        return span
    d = dictionary_of(doc)
    size = next(
        (k for k in range(len(span) - 1, 0, -1)
         if span[:k].text in d.states or span[:k].text in d.adjectives),
        0,
    )  # fmt: skip
    if not size:
        return span
    new = Span(doc, span.start + size, span.end, label=span.label_)
    new._.fp_actor = replace(actor, code=None, text=new.text)
    return new


def context_state(span: Span, spans: list[Span]) -> str | None:
    """The state the sentence gives a code-less mention: an attachment
    phrase, or, for people, a place they are put in."""
    actor = span._.fp_actor
    if actor is None or actor.code:
        return None
    code = attached_state(span, spans)
    if code is None and actor.sector in context_words().placed_sectors:
        code = placed_state(span, spans)
    return code
