"""GeoNames candidates that are no place of the story.

``CandidateSifter.sift`` drops, from one place mention's candidates, the
GeoNames rows that cannot be meant: every one of a name the model labels as
no place, of a plural common noun, or of the last word of a longer
capitalised name; one in a country the article never names lying far from
its other places; one far from the place of a possessive before the name.
``flashpoint.nlp.places`` calls it on every mention before disambiguation.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

from flashpoint.nlp.gazetteer import Gazetteer, Place, km_between, place_key
from flashpoint.nlp.world_places import ARTICLES

NER_LABELS = ("GPE", "LOC", "FAC")
GEONAMES_SOURCES = ("geonames", "admin2")
FAR_KM = 1500.0  # a GeoNames town this far from the story's places is suspect
NEAR_KM = 300.0  # "Lahore's Walton": a possessor's place holds the place within this
ALTERNATE_TOWN = 20_000  # a town this big, found by another spelling, may outweigh ...
ALTERNATE_WEIGHT = 10  # ... the towns of that very name when this many times their size
#: ``doc.user_data`` key of the demonyms' countries: [tokens of the Doc, codes]
DEMONYMS_KEY = "fp_demonym_countries"
PLAIN_CITY = 100_000  # a city this size is a place whatever label the model gives its name


class CandidateSifter:
    """Filters place candidates (see the module docstring)."""

    def __init__(self, *, gazetteer: Gazetteer, cues: dict) -> None:
        self.gazetteer = gazetteer
        self.cues = cues
        # ``_actor_codes``' last answer: (the group of mentions, its length, codes)
        self._codes_read: tuple | None = None

    def named_countries(self, doc: Doc, mentions, *, skip: frozenset | set = frozenset()) -> set[str]:
        """Countries the article names outright: a country name, a place of our
        own files, an actor's code, a demonym ("Pakistani"). ``skip``: the
        (start, end) of actor mentions not to count (those that took their
        state from a place)."""
        named = {
            p.country
            for _, candidates in mentions
            for p in candidates
            if p.source in ("country", "region") and p.country
        }
        for where, codes in self._actor_codes(doc):
            if where not in skip:
                named.update(codes)
        named.update(self._demonym_countries(doc))
        return named

    def _actor_codes(self, doc: Doc) -> list[tuple[tuple[int, int], list[str]]]:
        """((start, end), ``actor_codes``) of each actor mention, read once
        per group of mentions (places asks for the named countries several
        times; the group is replaced, never changed in place, when mentions
        change)."""
        group = doc.spans["fp_actors"] if "fp_actors" in doc.spans else None
        kept = self._codes_read
        if kept is None or kept[0] is not group or kept[1] != len(group or ()):
            read = [((s.start, s.end), actor_codes(s)) for s in group or ()]
            kept = self._codes_read = (group, len(group or ()), read)
        return kept[2]

    def _demonym_countries(self, doc: Doc) -> list[str]:
        """The countries of the demonyms the article uses ("Pakistani"),
        read once per Doc (places asks for the named countries several times)."""
        kept = doc.user_data.get(DEMONYMS_KEY)
        if isinstance(kept, list | tuple) and len(kept) == 2 and kept[0] == len(doc):
            return kept[1]
        found = sorted(set(filter(None, (self.gazetteer.demonym(t.text)
                                         for t in doc if t.text[:1].isupper()))))  # fmt: skip
        doc.user_data[DEMONYMS_KEY] = [len(doc), found]  # plain data: user_data may be serialised
        return found

    def sift(self, doc: Doc, mention, mentions, named: set[str], own: set[str] | None = None):
        """The mention without the GeoNames candidates that cannot be meant, or
        None when none is left. Dropped: every GeoNames candidate of a name the
        model labels as no place (``non_place_labels``: "French-built
        Rafales") or tags as a plural noun, unless the text places it
        (``_placed``: "in central Sfax"); of the last word of a longer
        capitalised name ("the Tutmari Gali sector" is not Gali, Georgia); of
        the first words of a street's name ("Hamilton Street"); of the head of a
        hyphenated name ("Shan-e-Karam"); of a people's name ("the X
        community", ``_names_a_people``). GeoNames provinces are dropped
        for these reasons too;
        and, for a name the model does not tag GPE, a candidate in a country
        the article never names that is more than FAR_KM from the article's
        other places and countries, unless ``world_cities`` lists it ("a
        resident of the Kamsar area" in a Poonch story is not Kamsar, Guinea);
        a candidate more than NEAR_KM from the place of a possessive before
        the name ("Lahore's Walton" is not Walton, England); a candidate found
        by an alternate name (``Place.alternate``) in a country the article
        never names, unless a sure place of the article is within NEAR_KM.

        ``own`` (rule ``own_words_far``): the countries the article names in
        its own words, without the roles that took their state from one of
        its places (``DocContext.placed_roles``); the FAR_KM test reads
        these. "Police in X station in Y province" must not take Y's
        reading abroad, lent to the police, as the article's country and drop
        the X that lies in Y's namesake at home. ``None``: ``named``."""
        span, candidates = mention
        if not any(p.source in (*GEONAMES_SOURCES, "admin1") for p in candidates):
            return mention
        label = span.root.ent_type_
        plural = len(span) == 1 and span[0].tag_ in ("NNS", "NNPS") and label not in NER_LABELS
        not_named = (
            (
                (label.lower() in self.cues["non_place_labels"] or plural)
                and not self._placed(span, candidates)
            )
            or self._street_name(doc, span)
            or self._hyphen_head(doc, span)
            or self._names_a_people(doc, span)
        )
        # Rule ``tail_at_home``: the last word of a longer name ("the Tutmari
        # Gali sector") is no town abroad; a town of that name in a country
        # the article names in its own words may be it ("X Ytown" for the
        # town Ytown of the X zone, in a report of Ytown's country)
        tail = self._tail_of_name(doc, span)
        home = named if own is None else own
        owners = self._possessor(doc, span, named)
        refs = far_refs = None
        kept = []
        for place in candidates:
            if tail and (place.country not in home or place.source not in GEONAMES_SOURCES):
                continue
            if place.source == "admin1" and not_named:
                continue  # the name-level reasons hold for GeoNames provinces too
            if place.source not in GEONAMES_SOURCES:
                kept.append(place)
                continue
            if not_named:
                continue
            if owners and min(km_beyond(place, owner) for owner in owners) > NEAR_KM:
                continue
            if place.alternate and place.country not in named:
                # an alternate spelling needs the article's backing: its country
                # named, or another sure place near it ("Khiwa" in an Afghan
                # note is no Uzbek Xiva); or, in a note that names no country
                # and no sure place, the name's one candidate where the text
                # marks it as a place ("Jowhar town", "in Koury"); or, where the
                # text marks it so, a town ALTERNATE_WEIGHT times as big as every
                # town of that very name ("in Derna": Darnah, not a Romanian
                # village Derna)
                if refs is None:
                    refs = self._reference_points(span, mentions, named)
                near = refs and min(km_beyond(place, ref) for ref in refs) <= NEAR_KM
                spelt = self._placed(span, candidates) and (
                    (not refs and len(candidates) == 1) or _outweighs(place, candidates)
                )
                if not (near or spelt):
                    continue
            if label != "GPE" and place.country not in (named if own is None else own):
                if place_key(place.name) not in self.cues["world_cities"]:
                    if far_refs is None:
                        far_refs = self._reference_points(
                            span, mentions, named if own is None else own
                        )
                    if far_refs and min(km_beyond(place, ref) for ref in far_refs) > FAR_KM:
                        continue
            kept.append(place)
        return (span, kept) if kept else None

    def _placed(self, span: Span, candidates: list[Place]) -> bool:
        """Whether the text itself says a name the model mislabels is a place:
        a locative preposition governs it ("from Lastoursville in the
        province of X", "marched in Odienne"), a designator follows it
        ("Jowhar town", "Ramree township", ``designated``) or it names a city of PLAIN_CITY people
        or more ("the jail of Kismayo port city")."""
        root = span.root
        preps = self.cues["locative_prepositions"] | {"from", "of"}
        if root.dep_ == "pobj" and root.head.lower_ in preps:
            return True
        if after_prep_before_participle(span, self.cues):
            return True
        if designated(span, self.cues):
            return True
        if residents_of(span, self.cues, self.gazetteer):
            return True
        return any(p.population >= PLAIN_CITY for p in candidates if p.source == "geonames")

    def _names_a_people(self, doc: Doc, span: Span) -> bool:
        """Rule ``people_not_place``: whether the name is that of a people,
        told by the noun after it ("the Xbari community", "Ynuer
        tribesmen", "the Zhawi clan", ``people_nouns``): a GeoNames town or
        province of that name is not meant."""
        end = span.end
        return end < len(doc) and doc[end].lower_ in self.cues["people_nouns"]

    def _hyphen_head(self, doc: Doc, span: Span) -> bool:
        """Whether the span is the first part of a hyphenated name that goes
        on ("Shan-e-Karam", "Ali-Abad" written as one word): the whole is
        the name, not the part."""
        end = span.end
        if route_after(doc, end + 2, self.cues):
            return False  # "the Kandahar-Herat highway": the two towns the road joins
        return (
            end + 1 < len(doc)
            and doc[end].text == "-"
            and not doc[end - 1].whitespace_
            and not doc[end].whitespace_
            and doc[end + 1].is_alpha
        )

    def _street_name(self, doc: Doc, span: Span) -> bool:
        """Whether the span begins the name of a street or square ("Hamilton
        Street", "Windsor Terrace", "Palermo Square"): the words are the street's,
        not a town's. Not a road told by the town it serves, its noun in
        lower case ("the Kabul road", "the Kandahar-Herat highway")."""
        if route_after(doc, span.end, self.cues):
            return False
        return span.end < len(doc) and doc[span.end].lower_ in self.cues["street_nouns"]

    def _tail_of_name(self, doc: Doc, span: Span) -> bool:
        """Whether the span ends a longer capitalised name whose first words
        are no place themselves ("Tutmari Gali": not "Indian Punjab", not
        "Central Warsaw")."""
        if span.start == 0:
            return False
        before = doc[span.start - 1]
        return (
            before.pos_ == "PROPN"
            and before.text[:1].isupper()
            and not self.gazetteer.demonym(before.text)
            and before.lower_ not in self.cues["part_words"]
            and not self.gazetteer.is_listed(before.text)
        )

    def _reference_points(self, span: Span, mentions, named: set[str]) -> list[Place]:
        """The article's other places that are sure: from our files, country
        names, names the model tags GPE (one country's, or in a country it
        names), a GeoNames province whose name is of one country only; and
        the countries it names. A province name found in several countries
        is as unsure as a town's ("Xbeni" beside a town may be a province of
        that name on another continent)."""
        refs = [self.gazetteer.country(code) for code in sorted(named)]
        for other, candidates in mentions:
            if other.start == span.start:
                continue
            single = len({p.country for p in candidates}) == 1
            tagged = other.root.ent_type_ == "GPE"
            refs.extend(
                p
                for p in candidates
                if p.source not in (*GEONAMES_SOURCES, "admin1")
                or (p.source == "admin1" and single)
                or (tagged and (single or p.country in named))
            )
        return [p for p in refs if p is not None]

    def _possessor(self, doc: Doc, span: Span, named: set[str]) -> list[Place]:
        """The places of a possessive before the span ("Lahore's Walton"): all
        of them when they lie in one country, else those from our files or in
        the countries the article names."""
        if span.start < 2 or doc[span.start - 1].tag_ != "POS":
            return []
        owner = doc[span.start - 2]
        if not owner.text[:1].isupper():
            return []
        found = [p for p in self.gazetteer.lookup(owner.text) if p.precision != "country"]
        if len({p.country for p in found}) == 1:
            return found
        return [p for p in found if p.source == "region" or p.country in named]


def after_prep_before_participle(span: Span, cues: dict) -> bool:
    """Rule ``prep_name_participle``: a name right after a locative
    preposition that the parser took for a modifier of the lower-case words
    after it ("marching in Xtown singing songs", "rallied at Xtown chanting
    slogans", read as if "Xtown singing songs" were one noun phrase, the
    object of "in"): the preposition governs the name, as "in Xtown"
    alone; the model's label on it (often a people's) does not say
    otherwise. (A people's name is still no place: ``_names_a_people``.)"""
    root = span.root
    doc = span.doc
    if span.start < 1 or span.end >= len(doc) or root.dep_ != "compound":
        return False
    prep = doc[span.start - 1]
    after = doc[span.end]
    if prep.lower_ not in cues["locative_prepositions"] or not after.text.islower():
        return False
    if after.lower_ in cues["name_particles"] or after.lower_.split("-")[0] in ARTICLES:
        return False  # "in Sin el-Fil", "in Burj al-Barajneh": the name goes on
    head = root
    while head.dep_ == "compound" and head.head.i > head.i and head.tag_ != "VBG":
        head = head.head
    return head.tag_ == "VBG" or (head.dep_ == "pobj" and head.head.i == prep.i)


def route_after(doc: Doc, i: int, cues: dict) -> bool:
    """Whether a road noun in lower case stands at token i ("the Kabul road",
    "the Kandahar-Herat highway"): the road is told by the town it serves,
    where a capitalised one ("Hamilton Road") is a street's own name."""
    return i < len(doc) and doc[i].text.islower() and doc[i].lower_ in cues["route_nouns"]


def _outweighs(place: Place, candidates: list[Place]) -> bool:
    """Whether a town found by an alternate name has ALTERNATE_WEIGHT times
    the people of every candidate of that very name (and at least
    ALTERNATE_TOWN people): the name is more often that town's."""
    exact = [p for p in candidates if not p.alternate and p is not place]
    return (
        bool(exact)
        and place.population >= ALTERNATE_TOWN
        and all(place.population >= ALTERNATE_WEIGHT * p.population for p in exact)
    )


def designated(span: Span, cues: dict) -> bool:
    """Whether a designator of ``cues["designators"]`` follows the name
    ("Jowhar town", "Ramree township", "Al-Hasakeh city"): the words say
    place whatever label the model gives the name."""
    doc = span.doc
    return any(
        span.end + n <= len(doc)
        and place_key(doc[span.end : span.end + n].text) in cues["designators"]
        for n in (1, 2, 3)
    )


def is_weapon(key: str, cues: dict) -> bool:
    """A weapon or aircraft name of ``weapon_names``, singular or plural."""
    forms = {key, key.removesuffix("s"), key.removesuffix("es")}
    return bool(forms & cues["weapon_names"])


def km_beyond(place: Place, ref: Place) -> float:
    """Kilometres from a place to a reference place, past its radius."""
    return km_between(place.lat, place.lon, ref.lat, ref.lon) - (ref.radius_km or 0.0)


def residents_of(span: Span, cues: dict, gazetteer) -> bool:
    """Whether the name is that of the place where the people of the noun it
    modifies live ("Djanet residents", "Kalma villagers"), not a demonym
    ("Afghan villagers")."""
    root = span.root
    return (
        root.dep_ == "compound"
        and root.head.lower_ in cues["resident_nouns"]
        and gazetteer.demonym(span.text) is None
        and gazetteer.country_of(span.text) is None
    )


def actor_codes(span: Span) -> list[str]:
    """Actor codes of an actor span, read defensively (single or group),
    each armed group followed by the state it fights in (``home`` in
    ``armed_groups.csv``): "Houthi fighters" point at Yemen as "Yemeni
    troops" do, for choosing among places of one name."""
    context = getattr(span.doc._, "fp_context", None)  # none on a Doc no component coded
    dictionary = getattr(context, "dictionary", None)
    homes = dictionary.group_homes if dictionary is not None else {}
    codes = []
    extension = span._  # built anew on each ``span._``: read once
    actor = getattr(extension, "fp_actor", None)
    members = getattr(extension, "fp_members", None) or []
    for a in [actor, *members]:
        code = getattr(a, "code", None)
        if isinstance(code, str):
            codes.append(code)
            if code in homes:
                codes.append(homes[code])
    return codes
