"""Datelines and the home state of a report (used by ``actors.py`` and
``actor_rules.py``).

A dateline ("ISLAMABAD/NEW DELHI, May 8 -", "QUETTA, March 12 (Wire) -",
"RAWALPINDI:") says where a report was filed. Its words are never actors:
the region from the first word of a line up to the dash or colon is skipped
by the actor rules.

A role mention that names no state ("security forces", "police", "the chief
minister", "an official in Rajouri") takes a home state, conservatively, only
when its role word is listed in ``rules.yaml`` (``home_state_roles``: organs
of a state, never weapons or armed groups) and nothing in the text gives its
state. In this order:

(a) a place in the same noun phrase ("police in Rajouri" -> IND/COP), by the
    places gazetteer;
(b) the dateline's country, when every city of the dateline lies in one
    country (a two-capital dateline gives none);
(c) the article's one country, when every place the article names (its
    place and country entities, but not the destination of a visit) lies in
    that one country, and none is a name two countries share ("Punjab").

Civilians and the opposition ("protesters in Baghdad", "residents of
Srinagar") take (a) only: the country of a place in their own phrase.

A titled person the dictionary lacks and no rule gave a state to ("Chief
Minister X" in a Raipur report) takes (b) only: a visitor is named with the
places of the visit. An explicit state is
never overridden.
"""

from __future__ import annotations

from collections import Counter

from spacy.tokens import Doc, Span, Token

from flashpoint.nlp.actor_dictionary import ActorDictionary
from flashpoint.nlp.context import dictionary_of
from flashpoint.nlp.gazetteer import get_gazetteer

DATELINE_ENDS = {"-", "—", "–", ":", "--"}
DATELINE_MAX_TOKENS = 14
DATELINE_POS = ("PROPN", "NUM", "PUNCT", "SYM")
PLACE_ENT_TYPES = ("GPE", "LOC", "FAC")
NP_PLACE_PREPS = {"in", "at", "of", "from"}
PLACE_PREPS = {"in", "at", "near", "over", "across", "around", "outside", "on"}
OTHER_ENT_TYPES = ("NORP", "ORG", "PERSON")


def dateline_regions(doc: Doc) -> list[tuple[int, int]]:
    """Token ranges [start, end) of the datelines: at the start of a line, a
    word in capitals ("QUETTA", "NEW") or a capitalised place, then only
    names, numbers and punctuation up to a spaced dash or a colon (included)."""
    regions = []
    after_break = True  # the token starts a line: the first, or one after a line break
    for tok in doc:
        line_start, after_break = after_break, "\n" in tok.text_with_ws
        if tok.is_space or not line_start:
            continue
        text = tok.text
        capitals = text.isalpha() and text.isupper() and len(text) >= 3
        if not capitals and not (tok.is_title and tok.ent_type_ in PLACE_ENT_TYPES):
            continue
        for j in range(tok.i + 1, min(len(doc), tok.i + DATELINE_MAX_TOKENS)):
            word = doc[j]
            if "\n" in doc[j - 1].text_with_ws:
                break
            if word.text in DATELINE_ENDS and (word.text == ":" or doc[j - 1].whitespace_):
                regions.append((tok.i, j + 1))
                break
            if word.pos_ not in DATELINE_POS and not word.is_upper:
                break
    return regions


def in_dateline(doc: Doc, start: int, end: int) -> bool:
    return any(lo <= start and end <= hi for lo, hi in dateline_regions(doc))


def place_country(text: str, dictionary: ActorDictionary) -> str | None:
    """The country of a place name: a capital of the actor dictionary, a
    country, or a region/city of our own files; else the country most GeoNames places of that name lie in (more
    than half of them). None when unknown or split, or when the name is an
    ordinary word with a capital (``_common_word``)."""
    if _common_word(text, dictionary):
        return None
    capital = dictionary.capitals.get(text)
    if capital is not None and capital.code:
        return capital.code  # "Monrovia": the capital, not the US towns
    gaz = get_gazetteer()
    curated = gaz.lookup(text, geonames=False)
    codes = {p.country for p in curated if p.country}
    if curated:
        return next(iter(codes)) if len(codes) == 1 else None
    counts = Counter(p.country for p in gaz.lookup(text) if p.country)
    if not counts:
        return None
    code, n = counts.most_common(1)[0]
    return code if n * 2 > sum(counts.values()) else None


def is_listed_place(text: str) -> bool:
    """A name in the places component's own files (not GeoNames alone)."""
    gaz = get_gazetteer()
    return bool(gaz.lookup(text, geonames=False))


def dateline_country(doc: Doc) -> str | None:
    """The one country of the first dateline's places ("QUETTA, March 12 -"
    -> PAK); None without a dateline, or with places in two countries."""
    regions = dateline_regions(doc)
    if not regions:
        return None
    start, end = regions[0]
    names: list[str] = []
    current: list[str] = []
    for tok in doc[start:end]:
        if tok.is_alpha and (tok.is_upper or tok.is_title) and tok.ent_type_ != "DATE":
            current.append(tok.text)
            continue
        if current:
            names.append(" ".join(current))
            current = []
        if tok.text in ("(", ",") or tok.text in DATELINE_ENDS:
            break  # an agency or a date follows
    if current:
        names.append(" ".join(current))
    d = dictionary_of(doc)
    found = {place_country(name, d) for name in names}
    return next(iter(found)) if len(found) == 1 and None not in found else None


def article_country(doc: Doc, *, visit_verbs: frozenset[str] = frozenset()) -> str | None:
    """(c): the one country of every place the article names (place entities
    and country names); None when they lie in several, or one of them is a
    name several countries share ("Punjab"). The destination of a visit
    ("arrived in Amman": a verb in ``visit_verbs``) does not count."""
    d = dictionary_of(doc)
    found: set[str] = set()
    for ent in doc.ents:
        if ent.label_ in OTHER_ENT_TYPES and (
            is_listed_place(ent.text) or _place_position(ent.root)
        ):
            pass  # "Punjab police", "in Lahore and Amritsar": mislabelled places
        elif ent.label_ not in PLACE_ENT_TYPES or ent.root.dep_ == "poss":
            continue  # "Sudan's army chief": a state owning a role
        if _visited(ent.root, visit_verbs):
            continue
        code = place_country(ent.text, d)
        if code is None and is_listed_place(ent.text):
            return None  # known, but in two countries
        if code is not None:
            found.add(code)
    return next(iter(found)) if len(found) == 1 else None


def _place_position(tok: Token) -> bool:
    """The object of "in", "near", "at" ... or a name joined to one."""
    while tok.dep_ == "conj" and tok.head.i != tok.i:
        tok = tok.head
    return tok.dep_ == "pobj" and tok.head.lower_ in PLACE_PREPS


def _visited(tok: Token, visit_verbs: frozenset[str]) -> bool:
    head = tok.head
    if tok.dep_ == "pobj":
        head = head.head
    elif tok.dep_ != "dobj":
        return False
    return head.lemma_.lower() in visit_verbs


def phrase_place_country(span: Span) -> str | None:
    """(a): a place in the noun phrase of ``span`` ("police in Rajouri",
    "the Rajouri police")."""
    root = span.root
    candidates = [t for t in root.children if t.dep_ == "compound" and t.pos_ == "PROPN"]
    for prep in root.children:
        if prep.dep_ == "prep" and prep.lower_ in NP_PLACE_PREPS:
            candidates += [t for t in prep.children if t.dep_ == "pobj" and t.pos_ == "PROPN"]
    for tok in candidates:
        code = place_country(_name_at(tok), dictionary_of(span.doc))
        if code:
            return code
    return None


def _common_word(name: str, d: ActorDictionary) -> bool:
    """A one-word 'place' that is an ordinary word written with a capital:
    a role word ("Police Forces": Police is also a town in Poland) or the
    head of an institution's name ("students at the University of X":
    University is also a town in the United States). It names no place."""
    if " " in name:
        return False
    low = name.lower()
    return low in d.roles or low in d.institution_heads


def _name_at(tok: Token) -> str:
    """The proper-noun compound ending at ``tok`` ("Rahim Yar Khan")."""
    start = tok.i
    while (
        start > 0 and tok.doc[start - 1].pos_ == "PROPN" and tok.doc[start - 1].dep_ == "compound"
    ):
        start -= 1
    return tok.doc[start : tok.i + 1].text


class HomeState:
    """The home state of one Doc, computed once: (b) then (c)."""

    def __init__(self, doc: Doc, *, visit_verbs: frozenset[str] = frozenset()) -> None:
        self.doc = doc
        self.visit_verbs = visit_verbs
        self._home: str | None = None
        self._done = False

    def code(self) -> str | None:
        if not self._done:
            self._home = dateline_country(self.doc) or article_country(
                self.doc, visit_verbs=self.visit_verbs
            )
            self._done = True
        return self._home

    def dateline(self) -> str | None:
        return dateline_country(self.doc)

    def for_span(self, span: Span) -> str | None:
        return phrase_place_country(span) or self.code()
