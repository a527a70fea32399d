"""Place mentions and event locations.

Component ``flashpoint_places`` fills ``doc.spans["fp_places"]``: every place
mention, ``span._.fp_location`` a ``models.Location``. A mention is a span the
model tags GPE/LOC/FAC, a name from our region/alias files or a country name,
or a capitalised proper noun the syntax marks as a place ("in Muridke", "the
Pahalgam attack", "struck Muridke") that names one place only or has a
candidate in a country the article mentions. Names must
be capitalised; ``cues.yaml`` lists common words that are never places.

Disambiguation, best first: a place named beside the mention ("Hyderabad,
Sindh", "Kotli town (Kotli district, Azad Kashmir)", "Tral, Pulwama",
"Indian Punjab"); a state or province the sentence names ("Bijapur ... in
Chhattisgarh"); a country the sentence names; a state or province the article
names; a country the article names or its actors belong to;
``preferred.csv`` (where one of several same-named places is far more often
in conflict news: Bijapur -> Chhattisgarh, Aurangabad -> Bihar); our own
region and district rows over GeoNames; a GeoNames place that names its
district; file order.

A dateline ("PESHAWAR, Jan 5:", "Srinagar, May 8 (Wire):", "(Kupwara, J&K)",
and one in capitals opening a later line: "KISMAYO (Wire) -" below a
headline) is kept in ``doc.spans["fp_dateline"]`` (its place mention, label
DATELINE): a hint for choosing among namesakes, never an event's place.

Candidate filtering lives in ``place_filters``. Which of the places is an
event's (``location_for_event``) is the coder's: ``coding.event_places``.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from spacy.attrs import IDX, IS_ALPHA, LENGTH, LOWER, ORTH
from spacy.language import Language
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from flashpoint.nlp import extensions
from flashpoint.nlp.context import dictionary_of
from flashpoint.nlp.dates import dateline_place_chars
from flashpoint.nlp.gazetteer import (
    Gazetteer,
    Place,
    get_gazetteer,
    km_between,
    load_cues,
    place_key,
)
from flashpoint.nlp.place_filters import (
    NER_LABELS,
    CandidateSifter,
    actor_codes,
    after_prep_before_participle,
    residents_of,
    route_after,
)
from flashpoint.nlp.place_filters import is_weapon as _is_weapon
from flashpoint.nlp.world_places import ARTICLES

# The Doc span group of the dateline places ("PESHAWAR, May 7 -"): where the
# report was filed, never where its events happened.
DATELINE_KEY = "fp_dateline"

SPLIT_WORDS = (",", "and", "&", "(", ")", "/", ";")
# Entity labels that say an untagged proper noun is no place ("On 22 Jun").
NOT_PLACE_ENTITIES = {"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"}
PREP_TOWN = 5_000  # "in X" names a place when X is a town this size somewhere
BIG_TOWN = 100_000  # X names a place wherever it stands when X is a city this size
HUGE_TOWN = 500_000  # ... and when the model took it for a person
HIERARCHY_HOPS = 12  # "X village, Y commune, Z district, W province": the levels read after X
TOWN_HOLD_KM = 30.0  # "Bonfi market in Kismayo": the Bonfi near Kismayo
DIVISIONS = {"admin1", "admin2"}  # the kinds of place that hold others
WIDEN_WORDS = 2  # a mention may be part of a longer known name this many words each side
DOMINANT_MIN = 20_000  # a town this size, 30x any namesake abroad, says its country
CITY_OVER_NAMESAKE = 3  # sure of its state: 3x the people of any namesake abroad
SURE_TOWN = 50_000  # a town this size says its state on its name alone (rule unbacked_town)


class PlaceFinder:
    """Finds and resolves place mentions (see the module docstring)."""

    def __init__(self, *, region_files: Sequence[str | Path] = ()) -> None:
        self.gazetteer = get_gazetteer(region_files=region_files)
        self.cues = load_cues()
        self._alias_keys = set(self.gazetteer.alias_keys())
        self._sifter = CandidateSifter(gazetteer=self.gazetteer, cues=self.cues)
        self._site_words = (
            self.cues["facility_nouns"]
            | self.cues["street_nouns"]
            | {w for d in self.cues["designators"] for w in d.split()}
        )

    def __call__(self, doc: Doc) -> Doc:
        extensions.register()
        mentions = self._mentions(doc)
        datelines = self._datelines(doc, mentions)
        for dateline in datelines:
            if all(s.start != dateline[0].start for s, _ in mentions):
                mentions = sorted([*mentions, dateline], key=lambda m: m[0].start)
        starts = {d[0].start for d in datelines}
        context = self._context(doc, mentions)
        chosen = {
            span.start: self._choose(doc, span, candidates, mentions, context)
            for span, candidates in mentions
        }
        named = self._sifter.named_countries(doc, mentions)
        candidates_of = {span.start: candidates for span, candidates in mentions}
        names = {span.start: span.text for span, _ in mentions}
        spans = []
        # last first: a place read through the one after it ("X village in Y
        # sub-county, Z district") sees that one already read through Z
        for span, _ in reversed(mentions):
            place, name = chosen[span.start], span.text
            outer = self._qualifier_mention(doc, span, mentions)
            # "the X camp in Y", "X Street in Y": the text sites X inside Y
            # or the name goes on ("the Wadi Qasr area of Y": "Wadi" alone is
            # no name the text gives)
            after = doc[span.end] if span.end < len(doc) else None
            sited = (
                outer is not None
                and outer[1]
                and after is not None
                and (
                    after.lower_ in self._site_words
                    or (after.is_alpha and after.text[:1].isupper() and after.i != outer[0].start)
                )
            )
            if outer is not None and chosen[outer[0].start] is None:
                outer = None  # a namesake abroad itself, left out below
            if outer is not None and _abroad(
                place, chosen[outer[0].start], inside=outer[1], sited=sited
            ):
                # "a market in Gorom, Sahel": no Gorom the gazetteer knows lies
                # in the province the text names; say the province, not a
                # namesake abroad.
                place = chosen[span.start] = chosen[outer[0].start]
            elif span.start not in starts and _namesake_abroad(
                span, place, mentions, chosen, named
            ):
                chosen[span.start] = None
                continue
            if self.gazetteer.is_landmark(name) and not _governed_by_preposition(span):
                # "Pentagon sources", "the Kremlin said": the institution, not
                # its city; "at the Kremlin" is the place.
                chosen[span.start] = None
                continue
            out = Span(doc, span.start, span.end, label=place.precision.upper())
            out._.fp_location = place.location(name)
            spans.append(out)
        spans.reverse()
        # countries named by the article's own words: not by a role that took
        # its state from one of these very places
        named_outright = self._sifter.named_countries(doc, mentions, skip=_placed_roles(doc))
        capitals = {name: ent.code for name, ent in dictionary_of(doc).capitals.items() if ent.code} \
            if doc._.fp_context is not None else {}
        for out in spans:
            out._.fp_place_unsure = _unsure_state(
                out, chosen[out.start], candidates_of[out.start], chosen, names, named_outright, capitals
            )
        doc.spans["fp_places"] = spans
        doc.spans[DATELINE_KEY] = [
            Span(doc, s.start, s.end, label="DATELINE") for s in spans if s.start in starts
        ]
        for span in doc.spans[DATELINE_KEY]:
            span._.fp_location = next(s for s in spans if s.start == span.start)._.fp_location
        return doc

    def _datelines(self, doc: Doc, mentions) -> list[tuple[Span, list[Place]]]:
        """The datelines' places: the text's own, and one opening a later line
        in capitals ("KISMAYO (Wire) -" under a headline and page
        furniture)."""
        found = []
        text = extensions.text_of(doc)
        first = self._dateline(doc, mentions, dateline_place_chars(text))
        if first is not None:
            found.append(first)
        for line in re.finditer(r"\n[ \t]*(?=[A-Z])", text):
            start = line.end()
            chars = dateline_place_chars(text[start : start + 200])
            if chars is None or not text[start + chars[0] : start + chars[1]].isupper():
                continue
            more = self._dateline(doc, mentions, (start + chars[0], start + chars[1]))
            if more is not None and all(more[0].start != d[0].start for d in found):
                found.append(more)
        return found

    def _dateline(self, doc: Doc, mentions, found) -> tuple[Span, list[Place]] | None:
        """A dateline's place: a mention found there, else a look-up of
        the dateline's first name ("SRINAGAR" in "SRINAGAR, May 8:")."""
        if found is None:
            return None
        span = doc.char_span(*found, alignment_mode="expand")
        if span is None:
            return None
        for mention, candidates in mentions:
            if mention.start <= span.start < mention.end:
                return mention, candidates
        resolved = self._candidates(span)
        if resolved is None or any(p.precision == "country" for p in resolved[1]):
            return None
        return resolved

    # -- finding mentions ---------------------------------------------------------

    @staticmethod
    def _capitalised(span: Span) -> bool:
        """Whether a name is capitalised: its first letter, or the first after
        an Arabic article written in lower case with a hyphen ("al-Hasakah",
        "el-Fasher", ``world_places.ARTICLES``)."""
        text = span.text
        if text[:1].isupper():
            return True
        article, dash, rest = text.partition("-")
        return bool(dash) and article in ARTICLES and rest[:1].isupper()

    def _listed_spans(self, doc: Doc) -> list[Span]:
        """Names from the region/alias files and country names, longest first."""
        found = []
        max_n = self.gazetteer.max_alias_tokens
        text = extensions.text_of(doc)
        # per token, read once (one ``Doc.to_array``, no Token objects):
        # where it starts and ends, whether a name may start there (a
        # capital, not "the"), whether a name of several words may end there
        # (letters only, or ")")
        the, paren = get_string_id("the"), get_string_id(")")
        starts, ends, opens, closes = [], [], [], []
        for idx, length, alpha, lower, orth in (
                doc.to_array([IDX, LENGTH, IS_ALPHA, LOWER, ORTH]).tolist() if len(doc) else ()):
            starts.append(idx)
            ends.append(idx + length)
            opens.append(text[idx].isupper() and lower != the)
            closes.append(bool(alpha) or orth == paren)
        for i in range(len(doc)):
            if not opens[i]:
                continue
            for n in range(min(max_n, len(doc) - i), 0, -1):
                last = i + n - 1
                if n > 1 and not closes[last]:
                    continue
                if place_key(text[starts[i] : ends[last]]) in self._alias_keys:
                    found.append(doc[i : last + 1])
                    break
        return found

    def _ner_spans(self, doc: Doc) -> list[Span]:
        spans = []
        for ent in doc.ents:
            if ent.label_ not in NER_LABELS:
                continue
            start, end = ent.start, ent.end
            while start < end and (doc[start].lower_ == "the" or doc[start].is_punct):
                start += 1
            while end > start and (doc[end - 1].is_punct or doc[end - 1].tag_ == "POS"):
                end -= 1
            if end <= start:
                continue
            span = doc[start:end]
            if self.gazetteer.lookup(span.text) or not any(t.text in SPLIT_WORDS for t in span):
                spans.append(span)
                continue
            part_start = start  # "Pahalgam, Kashmir" tagged as one entity: split it
            for i in range(start, end + 1):
                if i == end or doc[i].text in SPLIT_WORDS:
                    if i > part_start:
                        spans.append(doc[part_start:i])
                    part_start = i + 1
        return spans

    def _untagged_spans(self, doc: Doc, taken: set[int]) -> list[tuple[Span, bool | None]]:
        """Proper nouns the model did not tag as places, where the syntax says
        place: after a locative preposition ("in Muridke"), joined to one by
        "and" ("in Bahawalpur and Muridke"), or naming where an event noun
        happened ("the Pahalgam attack"). The flag says whether a
        preposition governs it (the stronger sign); None for a name that
        stands elsewhere, which only a large city makes a place."""
        cues = self.cues
        preps = cues["locative_prepositions"] | cues["target_prepositions"]
        preps |= cues["inner_prepositions"] - {"of"}
        spans = []
        for token in doc:
            if token.i in taken or not token.text[:1].isupper():
                continue
            if (
                token.pos_ != "PROPN"
                and not _capitalised_noun_after_prep(token, preps)
                and not _capitalised_noun_before_designator(doc, token, cues)
            ):
                continue
            if token.ent_type_ in NOT_PLACE_ENTITIES and not _misread_as_date(token):
                continue  # "On 22 Jun", "Nov 7": a date, not a town
            head = token
            while head.dep_ == "conj":
                head = head.head
            by_prep = head.dep_ == "pobj" and head.head.lower_ in preps
            # "the city of X", "the outskirts of X", "the University of X"
            by_prep = by_prep or (
                head.dep_ == "pobj"
                and head.head.lower_ == "of"
                and head.head.head.lemma_.lower() in cues["of_place_nouns"]
            )
            # "marching in X singing songs", parsed as if "X singing" were one noun
            by_prep = by_prep or after_prep_before_participle(doc[token.i : token.i + 1], cues)
            # "Kachhi district", "Khar tehsil", "Keran sector": a designator says place.
            by_prep = by_prep or _designator_at(doc, token.i + 1, cues) is not None
            # "X village, Masisi", "Cercle of Niono, Segou": the next step
            # of a place's hierarchy after a comma or a bracket.
            by_prep = by_prep or _after_a_place(doc, token, taken, cues)
            # "X commune (Y, Z)": the levels above a place, in brackets after it
            by_prep = by_prep or _in_hierarchy_brackets(doc, token, taken, cues, preps)
            # "in Saclo (Zou)", "in Bukalagi, Gomba", "in Mahitsy of Ambohidratrimo":
            # the division that holds a village the gazetteer may not know
            by_prep = by_prep or _qualifies_a_placed_name(doc, token, preps)
            # "people from Xgamba": where they come from is named as after "in"
            by_prep = by_prep or (
                head.dep_ == "pobj"
                and head.head.lower_ == "from"
                and head.head.head.lemma_.lower() in cues["origin_nouns"] | cues["resident_nouns"]
            )
            # "Djanet residents": the people say where they live
            by_prep = by_prep or residents_of(doc[token.i : token.i + 1], cues, self.gazetteer)
            modifier = token.dep_ == "compound" and token.head.pos_ == "NOUN"
            # "Odienne police station", "the Kaduna court": a facility named
            # after its town says the town as "in" does.
            # "the Maputo Ring Road", "the Kandahar-Herat highway": a road named
            # after the towns it serves runs through them.
            by_prep = by_prep or _names_a_site(token, cues)
            acted_on = head.dep_ == "dobj" and head.head.lemma_.lower() in cues["physical_lemmas"]
            if not (by_prep or modifier or acted_on):
                # Anywhere else, only a large city, not a subject, not part of
                # a longer person name ("linking Freetown to the port").
                if head.dep_ in ("nsubj", "nsubjpass") or _in_long_name(token):
                    continue
                by_prep = None
            # "the Kandahar-Herat highway": the two towns a road joins, not one name
            start = min(
                [token.i]
                + [
                    c.i
                    for c in token.lefts
                    if c.dep_ == "compound"
                    and c.pos_ == "PROPN"
                    and not (
                        route_after(doc, token.i + 1, cues)
                        and any(t.text == "-" for t in doc[c.i : token.i])
                    )
                ]
            )
            # "Preah Vihear province", parsed as two nouns of "province": the
            # capitalised words of one name before the token, when the gazetteer
            # knows the whole
            wide = start
            while (
                token.dep_ == "compound"
                and wide > 0
                and doc[wide - 1].pos_ == "PROPN"
                and doc[wide - 1].text[:1].isupper()
                and doc[wide - 1].dep_ == "compound"
                and doc[wide - 1].head.i in (token.i, token.head.i)
            ):
                wide -= 1
            if wide < start and self._candidates(doc[wide : token.i + 1]) is not None:
                start = wide
            span = doc[start : token.i + 1]
            if token.pos_ == "ADJ" and token.lower_ in cues["part_words"]:
                # "Northern governorate": a direction is a name only with its designator
                end = _designator_at(doc, token.i + 1, cues) or token.i + 1
                while end > token.i + 1 and not doc[end - 1].is_alpha:
                    end -= 1  # "province ." is read as "province" by its key
                span = doc[start:end]
            if not any(i in taken for i in range(span.start, span.end)):
                spans.append((span, by_prep))
        return spans

    def _capital_phrases(self, doc: Doc, taken: set[int]) -> list[tuple[Span, list[Place]]]:
        """ "the Afghan capital", "Sudan's capital", "the capital of Mali":
        the capital city of the state the phrase names (the actor
        dictionary's ``capitals``), found in the gazetteer in that state.
        "the capital" alone, "capital punishment" or "political capital"
        name no state and no place."""
        context = doc._.fp_context if Doc.has_extension("fp_context") else None
        if context is None:
            return []
        capitals: dict[str, str] = {}
        for name, entity in context.dictionary.capitals.items():
            capitals.setdefault(entity.code, name)
        found = []
        for token in doc:
            if token.lemma_.lower() != "capital" or token.pos_ != "NOUN" or token.i in taken:
                continue
            owners = [c for c in token.children
                      if c.dep_ in ("amod", "compound", "poss") and c.i < token.i]
            owners += [o for p in token.children if p.dep_ == "prep" and p.lower_ == "of"
                       for o in p.children if o.dep_ == "pobj"]
            codes = {self.gazetteer.demonym(o.text) or self.gazetteer.country_of(o.text)
                     for o in owners} - {None}
            if len(codes) != 1:
                continue
            code = codes.pop()
            city = [p for p in self.gazetteer.lookup(capitals.get(code, "")) if p.country == code
                    and p.precision == "city"] if capitals.get(code) else []
            if not city:
                continue
            start = min([token.i] + [o.i for o in owners if o.i < token.i])
            if start > 0 and doc[start - 1].lower_ == "the":
                start -= 1
            end = max([token.i + 1] + [o.i + 1 for o in owners])
            if taken.intersection(range(start, end)):
                start, end = token.i, token.i + 1
            best = max(city, key=lambda p: p.population)
            found.append((doc[start:end], [best]))
        return found

    def _backing(self, doc: Doc, results) -> set[str]:
        """Countries the article names in any way: place candidates, actors,
        demonyms ("Indian", "Pakistani")."""
        countries = {p.country for _, cands in results for p in cands if p.country}
        for span in doc.spans["fp_actors"] if "fp_actors" in doc.spans else ():
            countries.update(actor_codes(span))
        countries.update(
            filter(None, (self.gazetteer.demonym(t.text) for t in doc if t.text[:1].isupper()))
        )
        return countries

    def _candidates(self, span: Span) -> tuple[Span, list[Place]] | None:
        """The look-up for a span, trying it without a trailing designator
        ("Kotli district") when the whole fails."""
        key = place_key(span.text)
        if key in self.cues["never_places"] or len(key) < 2 or _is_weapon(key, self.cues):
            return None
        candidates = self.gazetteer.lookup(span.text)
        if candidates:
            return span, candidates + self._same_kind_without_designator(span, candidates)
        if len(span) > 1 and span[0].lower_ in self.cues["part_words"]:
            # "Central Warsaw", "northern Paktika": the part is still the place
            found = self._candidates(span[1:])
            if found is not None:
                return found
        designators = self.cues["designators"]
        levels = self.cues["designator_levels"]
        for cut in (1, 2, 3):
            if len(span) > cut and place_key(span[-cut:].text) in designators:
                shorter = span[:-cut]
                candidates = self.gazetteer.lookup(shorter.text)
                if candidates and place_key(shorter.text) not in self.cues["never_places"]:
                    return shorter, candidates
                # Rule ``direction_before_designator``: "Northern governorate",
                # "Eastern province": a name of directions only (never a place
                # alone) with a division's designator is a division of that name
                level = levels.get(place_key(span[-cut:].text))
                if level in ("admin1", "admin2") and _direction_only(shorter, self.cues):
                    divisions = [p for p in candidates if level in _kinds(p)]
                    if divisions:
                        return span, divisions
        return None

    def _widened(self, doc: Doc, found, taken: set[int] = frozenset()):
        """Rule ``longest_known_name``: a mention inside a longer name the
        gazetteer knows is that name ("Port Sudan", "Santa Rosa de Copan",
        "Ciudad del Este": not Sudan, Copan, Este). The name may reach up to
        WIDEN_WORDS words left and right over capitalised words and the
        small words of place names (``name_particles``: "del", "es"); over
        other words in lower case ("Baia Mare city" stays Baia Mare) only to
        a city of BIG_TOWN people whose own name goes on so ("Belize city",
        "Panama city" written for Belize City, Panama City). Not over a
        sentence's end nor a token another mention holds; the longest such
        name wins. A name found only by an alternate spelling does not
        widen."""
        span, candidates = found
        particles = self.cues["name_particles"]
        sent = span.sent
        best = None

        def word(token) -> bool | str | None:
            """True: a word a name may take; "town": only to a town's own name
            ("Belize city"); None: only to a big city; False: none."""
            if token.i in taken or not token.is_alpha:
                return False
            if token.text[:1].isupper() or token.lower_ in particles:
                return True
            if self.cues["designator_levels"].get(token.lower_) == "town":
                return "town"
            return None

        lefts = [0]
        for n in range(1, WIDEN_WORDS + 1):
            i = span.start - n
            if i < sent.start or word(doc[i]) is not True:
                break
            lefts.append(n)
        rights: list[tuple[int, int]] = [(0, 0)]
        floor = 0  # the least population a name reached over lower-case words needs
        for n in range(1, WIDEN_WORDS + 1):
            i = span.end + n - 1
            if i >= sent.end:
                break
            kind = word(doc[i])
            if kind is False:
                break
            floor = max(floor, BIG_TOWN if kind is None else PREP_TOWN if kind == "town" else 0)
            rights.append((n, floor))
        for left in lefts:
            for n, floor in rights:
                if not (left or n):
                    continue
                first, last = doc[span.start - left], doc[span.end + n - 1]
                if any(
                    t.text.islower() and (t.lower_ in particles or t.lower_ in ARTICLES)
                    for t in (first, last)
                ):
                    continue  # a name does not begin or end with "del" (nor "at")
                wide = doc[span.start - left : span.end + n]
                key = place_key(wide.text)
                if key in self.cues["never_places"]:
                    continue
                places = [p for p in self.gazetteer.lookup(wide.text) if not p.alternate]
                if floor:
                    places = [
                        p for p in places if p.source == "geonames" and p.population >= floor
                    ]
                if places and (best is None or len(wide) > len(best[0])):
                    best = (wide, places)
        return best if best is not None else found

    def _same_kind_without_designator(self, span: Span, found: list[Place]) -> list[Place]:
        """For "X Province" found as one name, the other provinces called X
        ("North-Western Province" is Sri Lanka's under that name, Zambia's
        as "North-Western"): divisions of the designator's kind."""
        levels = self.cues["designator_levels"]
        for cut in (2, 1):
            if len(span) > cut and levels.get(place_key(span[-cut:].text)) in ("admin1", "admin2"):
                level = levels[place_key(span[-cut:].text)]
                more = self.gazetteer.lookup(span[:-cut].text)
                return [p for p in more if p not in found and level in _kinds(p)]
        return []

    def _mentions(self, doc: Doc) -> list[tuple[Span, list[Place]]]:
        # An entity the gazetteer cannot resolve ("the Line of Control
        # overnight") must not hide the listed name inside it.
        resolved = [self._candidates(s) for s in self._ner_spans(doc) if self._capitalised(s)]
        resolved += [self._candidates(s) for s in self._listed_spans(doc)]
        resolved = [self._widened(doc, m) if m is not None else None for m in resolved]
        by_span = {(s.start, s.end): (s, c) for s, c in filter(None, resolved)}
        chosen = filter_spans([s for s, _ in by_span.values()])
        taken = {i for span in chosen for i in range(span.start, span.end)}
        results = {span.start: by_span[(span.start, span.end)] for span in chosen}
        # An untagged proper noun counts when a country the article names
        # backs one of its candidates, or after a preposition when it names
        # one place only or one preferred.csv lists ("in Uri"); "the Taliban
        # takeover" is no place.
        article = self._backing(doc, results.values())
        for span, by_prep in self._untagged_spans(doc, taken):
            found = self._candidates(span)
            if (
                not found
                and len(span) > 1
                and span[-1].text[:1].isupper()
                and _designator_at(doc, span.end, self.cues) is not None
            ):
                # "in Xzone Ytown town": the whole unknown, its last word before
                # the designator may be a town of a country the article names
                # (the sift's ``tail_at_home``)
                found = self._candidates(span[-1:])
                if found is not None:
                    home = [p for p in found[1] if p.country in article and p.source == "geonames"]
                    found = (found[0], home) if home else None
            if not found:
                continue
            found = self._widened(doc, found, taken)
            if self._untagged_place(doc, found, by_prep, article):
                results[found[0].start] = found
        covered = {i for span, _ in results.values() for i in range(span.start, span.end)}
        for span, capital in self._capital_phrases(doc, covered):
            results[span.start] = (span, capital)
        mentions = [results[start] for start in sorted(results) if not _given_name(results[start][0])]
        named = self._sifter.named_countries(doc, mentions)
        own = self._sifter.named_countries(doc, mentions, skip=_placed_roles(doc))
        # a role's state read from a place of one country only still counts
        own |= named & {
            next(iter(countries))
            for countries in ({p.country for p in c} for _, c in mentions)
            if len(countries) == 1
        }
        sifted = [self._sifter.sift(doc, m, mentions, named, own) for m in mentions]
        return [m for m in sifted if m is not None]

    def _untagged_place(self, doc: Doc, found, by_prep: bool, article: set[str]) -> bool:
        """Whether an untagged proper noun with candidates is a place: when a
        country the article names backs one of them; or, after a preposition
        or before a designator, when it names one place only, one
        ``preferred.csv`` lists, one a designator fits ("in Kalkini town"),
        or one town of PREP_TOWN people or more; or, however it stands,
        when one is a city of BIG_TOWN people or more ("outside the
        Nouakchott court")."""
        span, candidates = found
        countries = {p.country for p in candidates}
        # towns only: a province's people are many towns' ("Shan-e-Karam rally")
        top = max((p.population for p in candidates if p.source == "geonames"), default=0)
        if by_prep is None:
            return top >= (HUGE_TOWN if span.root.ent_type_ == "PERSON" else BIG_TOWN)
        if countries & article:
            return True
        if top >= BIG_TOWN:
            return True
        if not by_prep:
            return False
        preferred = any(self.gazetteer.preferred(span.text, p) for p in candidates)
        level = self._designated_level(doc, span)
        return (
            len(countries) == 1
            or preferred
            or top >= PREP_TOWN
            or (level is not None and any(level in _kinds(p) for p in candidates))
            or (self._holder(doc, span) and any(_kinds(p) & DIVISIONS for p in candidates))
        )

    def _holder(self, doc: Doc, span: Span) -> bool:
        """Whether the name stands where a text names the division holding the
        place before it (``_qualifies_a_placed_name``)."""
        cues = self.cues
        preps = cues["locative_prepositions"] | cues["target_prepositions"]
        return _qualifies_a_placed_name(doc, span[0], preps | (cues["inner_prepositions"] - {"of"}))

    # -- disambiguation -----------------------------------------------------------

    def _context(self, doc: Doc, mentions) -> dict:
        """Countries the article (and each sentence) names: from unambiguous
        place mentions and from the actors' codes."""
        in_doc: Counter = Counter()
        by_sentence: dict[int, Counter] = {}
        support: dict[int, Counter] = {}
        for span, candidates in mentions:
            countries = {p.country for p in candidates}
            for code in countries - {None}:
                support.setdefault(span.start, Counter())[code] += 1.0 / len(countries)
            dominant = _dominant_country(candidates)
            if dominant is not None:
                countries = {dominant}
            if len(countries) == 1 and None not in countries:
                code = countries.pop()
                in_doc[code] += 1
                by_sentence.setdefault(span.sent.start, Counter())[code] += 1
            # A state or province named without doubt ("Chhattisgarh", "Sindh")
            # counts for the places of that admin1.
            states = {(p.country, p.admin1) for p in candidates}
            if len(states) == 1 and None not in next(iter(states)):
                state = states.pop()
                in_doc[state] += 1
                by_sentence.setdefault(span.sent.start, Counter())[state] += 1
        for span in doc.spans["fp_actors"] if "fp_actors" in doc.spans else ():
            for code in actor_codes(span):
                if self.gazetteer.country(code):
                    in_doc[code] += 1
        return {"doc": in_doc, "sentence": by_sentence, "support": support}

    @staticmethod
    def _support(context: dict, span: Span) -> Counter:
        """How much the article's other place names lean to each country:
        each mention gives its candidates' countries a share of one
        ("Arbin" beside "Douma" and "Harasta" is the Syrian Arbin)."""
        total: Counter = Counter()
        for start, shares in context["support"].items():
            if start != span.start:
                total.update(shares)
        return total

    def _designated_level(self, doc: Doc, span: Span) -> str | None:
        """The kind of place a designator beside the mention names: after it
        ("Paktika province", "Kalkini town") or before it with "of" ("the
        province of Inhambane"); None when none is there."""
        levels = self.cues["designator_levels"]
        for cut in (3, 2, 1):
            if len(span) > cut and place_key(span[-cut:].text) in levels:
                return levels[place_key(span[-cut:].text)]
        end = _designator_at(doc, span.end, self.cues)
        if end is not None:
            return levels.get(place_key(doc[span.end : end].text))
        if span.start >= 2 and doc[span.start - 1].lower_ == "of":
            return levels.get(place_key(doc[span.start - 2].text))
        return None

    def _qualifiers(self, doc: Doc, span: Span, mentions) -> list[Place]:
        """Places named right beside a mention that say where it is: after it
        ("Hyderabad, Sindh", "Kotli town (Kotli district, Azad Kashmir)",
        "Hyderabad in Pakistan") or before it ("Indian Punjab", "Pakistan's
        Hyderabad")."""
        found: list[Place] = []
        by_start = {s.start: (s, c) for s, c in mentions}
        designators = self.cues["designators"]
        glue = {",", "(", ")", "in", "-", "of"} | {w for d in designators for w in d.split()}
        glue |= self.cues["part_words"]  # "Amuda in northern Hasakah"
        i, hops = span.end, 0
        while i < len(doc) and hops < 8 and (doc[i].lower_ in glue or i in by_start):
            if i in by_start:
                other, candidates = by_start[i]
                found.extend(candidates)
                i = other.end
            else:
                i += 1
            hops += 1
        if span.start > 0:
            before = doc[span.start - 1]
            if before.tag_ == "POS" and span.start > 1:
                before = doc[span.start - 2]
            code = self.gazetteer.demonym(before.text) or self.gazetteer.country_of(before.text)
            if code:
                found.append(self.gazetteer.country(code))
        return found

    def _qualifier_mention(self, doc: Doc, span: Span, mentions) -> tuple[Span, bool] | None:
        """The first place mention right after a mention that may say where
        it lies ("X, Y", "X (Y)", "X in Y", "X in northern Y", "X market in
        Y", "X village, Y commune, Z province" through levels the gazetteer
        does not know), if any, and whether the text says the second holds
        the first: "in" or a bracket joins them, or a designator of a
        province or district follows the second (a comma alone may only
        list another place: "X, Y and Z hills")."""
        by_start = {s.start: s for s, _ in mentions}
        glue = {",", "(", "in"} | self.cues["part_words"] | self.cues["facility_nouns"]
        glue |= self.cues["street_nouns"] | {"-"}  # "sub-county"
        designators = {w for d in self.cues["designators"] for w in d.split()}
        designators |= {p for d in designators for p in d.split("-")}
        glue |= designators
        i, hops, unknown = span.end, 0, 0
        while i < len(doc) and hops < HIERARCHY_HOPS:
            if i in by_start:
                if unknown and not self._hierarchy_step(doc, span.end, i, designators):
                    return None
                outer = by_start[i]
                between = {t.lower_ for t in doc[span.end : i]}
                # "X in Y", "X (Y, Z)", "X, Y province": Y is said to hold X
                holds = bool(between & {"in", "(", "of"}) or self._designated_level(
                    doc, outer
                ) in ("admin1", "admin2")
                return outer, holds
            of_site = doc[i].lower_ == "of" and i > span.end and doc[i - 1].lower_ in glue
            # "Mahitsy of Ambohidratrimo": the place, then the one holding it
            of_site = of_site or (doc[i].lower_ == "of" and i == span.end and i + 1 in by_start)
            if doc[i].lower_ not in glue and not of_site:  # "the X area of Y"
                if not (doc[i].is_alpha and doc[i].text[:1].isupper()):
                    return None
                unknown += 1  # "X village, Dar Kalan commune, Y province": a level
            i += 1  # the gazetteer does not know
            hops += 1
        return None

    @staticmethod
    def _hierarchy_step(doc: Doc, start: int, end: int, designators: set[str]) -> bool:
        """Whether the unknown names between a mention and the place after it
        are levels of the place's hierarchy ("Lodi village, Kariz Sufla
        commune, Herat Province", "Shah Alam District, Herat Province"):
        each capitalised run ends in a
        designator, or in a comma or bracket that opens the next level;
        not a list ("X, Y and Z")."""
        words = doc[start:end]
        if any(t.lower_ in ("and", "or") for t in words):
            return False
        return any(t.lower_ in designators for t in words) or (
            end > start and doc[end - 1].text in (",", "(")
        )

    def _held(self, doc: Doc, span: Span, mentions) -> list[Place]:
        """The candidates of the place named right before a mention that the
        mention qualifies ("Kenema (Eastern Province)", "Torere district,
        Papua"): the mention is then the division that holds one of them."""
        by_end = {s.end: (s, c) for s, c in mentions}
        glue = {",", "(", "in", "of", "police"} | self.cues["part_words"]
        glue |= {w for d in self.cues["designators"] for w in d.split()}
        glue |= self.cues["facility_nouns"]  # "Mwinilunga police station in North-Western"
        i, hops = span.start, 0
        while i > 0 and hops < 5:
            if i in by_end:
                return by_end[i][1]
            if doc[i - 1].lower_ not in glue:
                return []
            i -= 1
            hops += 1
        return []

    def _choose(self, doc: Doc, span: Span, candidates: list[Place], mentions, context) -> Place:
        if len(candidates) == 1:
            return candidates[0]
        qualifiers = self._qualifiers(doc, span, mentions)
        held = self._held(doc, span, mentions)
        sentence = context["sentence"].get(span.sent.start, Counter())

        level = self._designated_level(doc, span)
        if level is None and _direction_only(span, self.cues):
            level = "admin1"  # "North Central", "South West": a province, not a town
        holder = level is None and self._holder(doc, span)
        # A village is not chosen over a city 30 times its size only because
        # the article names the village's country ("a militia office in Najaf ...
        # to warn Iran" is Najaf, Iraq).
        # A town found only by another of its names does not set that bar: the
        # border town the article places in its country is not outweighed by a
        # city abroad that is also written so ("Namanga" in a report of Kenya
        # and Tanzania).
        top = max(prominence(p) for p in _bearers(candidates))
        support = self._support(context, span)

        def score(item: tuple[int, Place]) -> tuple:
            order, place = item
            backed = _backable(place, top)
            return (
                place.source == "country",
                _qualified(place, qualifiers),
                _holds(place, held),
                level is not None and level in _kinds(place),
                backed and sentence[(place.country, place.admin1)] > 0,
                backed and sentence[place.country] > 0,
                backed and context["doc"][(place.country, place.admin1)] > 0,
                backed and context["doc"][place.country] > 0,
                holder and bool(_kinds(place) & DIVISIONS),  # "in Saclo (Zou)": Zou's department
                self.gazetteer.preferred(span.text, place),
                place.source == "region",
                prominence(place),
                support[place.country],
                place.seat,
                -order,
            )  # fmt: skip

        return max(enumerate(candidates), key=score)[1]


def _given_name(span: Span) -> bool:
    """Rule ``given_name_not_place``: a name the model does not tag as a place,
    set before a surname it tags as a person's ("Jordan Peterson", "the
    trader Bharat Khatri"), is that person's given name, not a country or
    town. A name tagged GPE stays a place ("Pakistan PM Shehbaz Sharif")."""
    root = span.root
    if root.ent_type_ in NER_LABELS or root.dep_ != "compound":
        return False
    head = root.head
    return (
        head.i == span.end
        and head.pos_ == "PROPN"
        and head.ent_type_ == "PERSON"
        and head.text[:1].isupper()
        and _designator_at(span.doc, span.end, load_cues()) is None  # "X LGA"
    )


def _placed_roles(doc: Doc) -> set[tuple[int, int]]:
    """The (start, end) of the role mentions that took their state from a
    place or another mention (``DocContext.placed_roles``), not from their
    own words."""
    context = doc._.fp_context if Doc.has_extension("fp_context") else None
    return context.placed_roles if context is not None else set()


def _backable(place: Place, top: float) -> bool:
    """Whether the article's country may choose a candidate: one of our own
    files or a country; a GeoNames place or division within 1.5 of the
    ``prominence`` of the name's most prominent candidate (a village is not
    chosen over a city 30 times its size only because the article names the
    village's country); rule ``unknown_people_division``: a district whose
    people GeoNames does not count (no town of it listed, population 0) is
    of unknown size, not small, and may be chosen too."""
    if place.source not in ("geonames", "admin1", "admin2"):
        return True
    if place.source == "admin2" and place.population <= 0:
        return True
    return prominence(place) >= top - 1.5


def _abroad(place: Place, outer: Place, *, inside: bool, sited: bool = False) -> bool:
    """Whether a town or district lies in another country than the division
    or country the text names right after it: the gazetteer knows no place
    of that name there, only a namesake abroad; or lies in its country but
    in another province than the one named after it, more than TOWN_HOLD_KM
    from it (a town "Y, Kunar" that the gazetteer knows only in another
    province of the country: the province is the place known). A country or region mention
    is never replaced, nor a city of BIG_TOWN people (unless found by an
    alternate name only, or ``sited``: the text puts a site named X inside
    the place after it, "the Lodi camp in Y", "Lodi Street in Z", which
    also holds for a town or district of our own files). After a comma the place named next must be a
    division or a country (a town there may be the next of a list); after
    "in" it may be a town ("a market in X")."""
    if place.source == "country" or place.precision in ("country", "region"):
        return False
    if place.source == "region" and not sited:
        return False  # a town or district of our own files, unless a site named so
    if place.population >= BIG_TOWN and not place.alternate and not sited:
        return False  # a city that size is meant, even beside a wrong country
    if outer.precision not in ("country", "admin1", "admin2") and not (
        inside and outer.precision == "city"
    ):
        return False
    if (
        place.source == "geonames"  # a town; a district's province may have been split since
        and place.country == outer.country
        and place.admin1
        and outer.admin1
        and place_key(place.admin1) != place_key(outer.admin1)
        and km_between(place.lat, place.lon, outer.lat, outer.lon)
        > (TOWN_HOLD_KM if outer.precision == "admin1" else max(TOWN_HOLD_KM, outer.radius_km or 0.0))
    ):
        return True  # no town of that name is known in the province named
    return bool(place.country and outer.country and place.country != outer.country)


def _unsure_state(span: Span, place: Place, candidates: list[Place], chosen: dict,
                  names: dict[int, str], named: set[str], capitals: dict[str, str] | None = None) -> bool:
    """Whether the place is too unsure to say whose territory it is, so that
    no actor takes its state from it (``span._.fp_place_unsure``). Sure: a
    country, a region of our own files, a capital, a place in a country the
    article names (a country name, an actor, a demonym) or where another of
    its places lies. Else unsure: a name with a namesake abroad of a third
    or more of its people (CITY_OVER_NAMESAKE; a division counts a tenth of
    its own: "protesters blocked a road in Vell Mari", a town of that name
    in two countries, says whose people they are no more than the note
    does); a town under BIG_TOWN or a province while another of the
    article's towns or divisions lies in another country; rule
    ``unbacked_town``: a town under SURE_TOWN that nothing but its own name
    places (no country, actor or other place of the article says its
    state: "Buri village" of a note that names no country is a Brazilian
    town only by its name). Where the event is shown is not changed: the
    likeliest place stays its location."""
    if place.source not in ("geonames", "admin1", "admin2") or not place.country:
        return False
    if place.country in named or (capitals or {}).get(span.text) == place.country:
        return False  # a country the article names; a capital, standing for its state
    key = place_key(span.text)
    others = [p for start, p in chosen.items()
              if start != span.start and p is not None and p.country
              and place_key(names[start]) != key]
    if any(p.country == place.country for p in others):
        return False
    # namesakes abroad that come near it (a division counting a tenth of its people)
    rivals = [p for p in candidates if p.country and p.country != place.country
              and _people(p) * CITY_OVER_NAMESAKE > _people(place)]
    if rivals:
        return True
    if place.source == "geonames" and place.population >= BIG_TOWN:
        return False  # a city that size is meant wherever it lies
    if any(p.source != "country" and p.precision != "country" for p in others):
        return True  # another of its towns or divisions lies abroad
    if place.source == "geonames" and place.population < SURE_TOWN:
        return True  # rule unbacked_town: nothing but its name says where it lies
    return False


def _people(place: Place) -> float:
    """A place's people as a namesake weighs them: a division's at a tenth."""
    return place.population / 10 if place.source in ("admin1", "admin2") else place.population


def _namesake_abroad(span: Span, place: Place, mentions, chosen: dict, named: set[str]) -> bool:
    """Whether a GeoNames town is a namesake abroad of a place the gazetteer
    lacks: it lies in a country the article names nowhere else (no country
    name, actor or demonym says it, none of its other places lies there)
    while another of its places, a surer one (a country, a division, a
    region of our own files, or a town at least as big), lies in another
    country. A short report of one country tells of its own villages ("Gauripur town (Mymensingh,
    Mymensingh)" in a Bangladeshi note is no Indian Gauripur; "Koki village,
    Prey Nob district, Sihanoukville province" no town of the Comoros).
    Only a GeoNames town, never a city of BIG_TOWN
    people (a city that size is meant wherever it lies: "a rally in
    Paris" of a diaspora)."""
    if place.source != "geonames" or not place.country:
        return False
    if place.population >= BIG_TOWN:
        return False
    if place.country in named:
        return False
    key = place_key(span.text)
    others = [
        chosen[other.start]
        for other, _ in mentions
        if other.start != span.start
        and place_key(other.text) != key
        and chosen[other.start] is not None
    ]
    if any(p.country == place.country for p in others):
        return False
    # the other country must be the surer: a country, a division, a region of
    # our files, or a town as big (of two towns the smaller is the namesake)
    return any(
        p.country and (p.source != "geonames" or p.population >= place.population) for p in others
    )


def _qualified(place: Place, qualifiers: list[Place]) -> int:
    """How well the places named beside a mention hold a candidate: 3 its
    district ("Gwoza, Borno" read as the town in the district), 2 its province
    or a place whose radius covers it, 1 its country, 0 none."""
    best = 0
    for q in qualifiers:
        if q is place:
            continue
        if q.precision == "country":
            best = max(best, int(place.country == q.country))
        elif (
            q.source == "admin2"
            and place.admin2
            and place.country == q.country
            and place_key(place.admin2) == place_key(q.admin2 or q.name)
            and place.source != "admin2"
        ):
            best = 3
        elif q.admin1 and (place.country, place.admin1) == (q.country, q.admin1):
            best = max(best, 2)
        elif km_between(place.lat, place.lon, q.lat, q.lon) <= (q.radius_km or TOWN_HOLD_KM):
            best = max(best, 2)  # a town holds what lies within TOWN_HOLD_KM of it
    return best


def _direction_only(span: Span, cues: dict) -> bool:
    """Whether a name is made of direction words only ("North Central",
    "North-Western Province", "Eastern"): such names are provinces and
    regions far more often than the towns GeoNames also calls so."""
    words = [t.lower_ for t in span if t.is_alpha]
    levels = cues["designator_levels"]
    words = [w for w in words if w not in levels]
    return bool(words) and all(w in cues["part_words"] for w in words)


def _capitalised_noun_after_prep(token, preps: set[str]) -> bool:
    """A capitalised word the model took for a common noun right after a
    locative preposition, inside the sentence ("citizens in Sliven
    protested"): the small model tags unfamiliar town names so (and may
    take them for a nationality). Only a
    one-word name, not at the sentence's start, and (as every untagged
    name) only when the gazetteer backs it (``_untagged_place``)."""
    if token.pos_ != "NOUN" or token.is_sent_start or not token.text[1:].islower():
        return False
    if token.ent_type_ not in ("", "GPE", "LOC", "FAC", "NORP"):
        return False
    if token.dep_ != "pobj" or token.head.lower_ not in preps or token.head.i != token.i - 1:
        return False
    return not any(c.dep_ in ("det", "amod", "compound", "poss") for c in token.children)


def _capitalised_noun_before_designator(doc: Doc, token, cues: dict) -> bool:
    """A capitalised word the model took for a common noun right before a
    designator, inside the sentence ("a mob at Xmieso woreda", "in Yalo
    town"): the designator says the word names a place (only when the
    gazetteer backs it, as every untagged name). Rule
    ``direction_before_designator``: also a capitalised direction word the
    model took for an adjective ("the Northern governorate", "Eastern
    province"): with the designator after it, the name of a division."""
    direction = token.pos_ == "ADJ" and token.lower_ in cues["part_words"]
    if (token.pos_ != "NOUN" and not direction) or token.is_sent_start or not token.text[1:].islower():
        return False
    if token.ent_type_ not in ("", "GPE", "LOC", "FAC", "NORP"):
        return False
    return _designator_at(doc, token.i + 1, cues) is not None


def _misread_as_date(token) -> bool:
    """Whether the model's date or number label on a name is a misreading
    ("in central Dahuk" labelled DATE): the entity has no digit or number
    word and the date finder found no date in it."""
    ent = _entity_at(token)
    if ent is None or any(t.like_num or any(c.isdigit() for c in t.text) for t in ent):
        return False
    dates = token.doc.spans.get("fp_dates", [])
    return not any(d.start < ent.end and ent.start < d.end for d in dates)


def _after_a_place(doc: Doc, token, taken: set[int], cues: dict) -> bool:
    """Whether the name (its first word) follows a comma or an opening
    bracket that follows a place or a designator ("Kabare village,
    Masisi", "Gwoza (Borno)"): the text is giving where that place lies."""
    first = min([token.i] + [c.i for c in token.lefts if c.dep_ == "compound"])
    if first < 2 or doc[first - 1].text not in (",", "("):
        return False
    before = doc[first - 2]
    return before.i in taken or place_key(before.text) in cues["designators"]


def _in_hierarchy_brackets(doc: Doc, token, taken: set[int], cues: dict, preps: set[str]) -> bool:
    """Rule ``bracketed_levels``: whether the name stands in brackets that
    give the levels holding the place before them ("Kossa village, Lumo
    commune (Sarni, Ubon province)", "Halo ward (Bern district, Keta)"): the
    bracket opens right after a designator, a place found, or a name a
    locative preposition governs ("in Ramoli (Kera, Dupa)"), and holds only
    capitalised names and commas up to the token. Every name there is read
    as after "in" (and, as every untagged name, only counts when the
    gazetteer backs it)."""
    first = min([token.i] + [c.i for c in token.lefts if c.dep_ == "compound"])
    i, hops = first - 1, 0
    while i >= 0 and hops < HIERARCHY_HOPS and doc[i].text != "(":
        t = doc[i]
        if not (t.text in (",", "-") or (t.is_alpha and t.text[:1].isupper())):
            return False
        i, hops = i - 1, hops + 1
    if i < 1 or doc[i].text != "(":
        return False
    before = doc[i - 1]
    if before.i in taken or place_key(before.text) in cues["designators"]:
        return True
    if before.pos_ != "PROPN" or not before.text[:1].isupper():
        return False
    head = before
    while head.dep_ == "compound" and head.head.i > head.i:
        head = head.head
    while head.dep_ == "conj" and head.head.i < head.i:
        head = head.head  # "in Xtown and Yvillage (Zdist)"
    if head.dep_ != "pobj":
        return False
    prep = head.head
    return prep.lower_ in preps or (
        prep.lower_ == "of" and prep.head.lemma_.lower() in cues["of_place_nouns"]
    )  # "in the area of Ramoli (Kera)"


def _qualifies_a_placed_name(doc: Doc, token, preps: set[str]) -> bool:
    """Whether the name (its first word) follows a comma, an opening bracket
    or "of" right after a proper noun that a locative preposition governs
    ("in Saclo (Zou)", "in Bukalagi, Gomba", "in Mahitsy of Ambohidratrimo"):
    the text names the village, then the district or province that holds
    it, whether or not the gazetteer knows the village. Not the next name
    of a list ("in X, Y and Z") nor a word of a longer name."""
    if token.dep_ in ("conj", "compound"):
        return False  # the next of a list ("in X, Y and Z"), or part of a longer name
    first = min([token.i] + [c.i for c in token.lefts if c.dep_ == "compound"])
    if first < 3 or doc[first - 1].text not in (",", "(", "of"):
        return False
    before = doc[first - 2]
    if before.pos_ != "PROPN" or not before.text[:1].isupper():
        return False
    head = before
    while head.dep_ == "compound" and head.head.i > head.i:
        head = head.head
    return head.dep_ == "pobj" and head.head.lower_ in preps


def _names_a_site(token, cues: dict) -> bool:
    """Whether the name modifies a facility noun ("Odienne police station",
    "the Kaduna court") or a road noun ("the Maputo Ring Road", "the
    Kandahar-Herat highway"): the facility stands in, the road runs
    through, the named town. A name that modifies another word first
    reaches the noun only through words of the facility's own name
    (``_site_word``), not through a firm's ("Aville Fertilizers Company
    headquarters"). A town's possessive counts as a modifier of a facility
    ("Aville's Bmark Stadium"), not of a road ("Aville's new road")."""
    nouns = cues["facility_nouns"] | cues["route_nouns"]
    head = token
    for step in range(4):
        # "Aville's Bmark Stadium", "Aville's main market": a town's possessive
        # on the facility's name names it too (the first step only)
        deps = ("compound", "amod", "nmod", "poss") if step == 0 else ("compound", "amod", "nmod")
        if head.dep_ not in deps or head.head.i <= head.i:
            return False
        owner = step == 0 and head.dep_ == "poss"
        head = head.head
        if head.lemma_.lower() in nouns or head.lower_ in nouns:
            # a road is no site of its owner's ("Aville's new road" may run
            # anywhere); a facility is
            return not (owner and {head.lemma_.lower(), head.lower_}.isdisjoint(
                cues["facility_nouns"]))
        if not _site_word(head, cues):
            return False  # "Aville Fertilizers Company headquarters"
    return False


def _site_word(token, cues: dict) -> bool:
    """Whether a word a town's name modifies on the way to the facility noun
    belongs to the facility's own name: a hyphen and the town joined by it
    ("Kandahar-Herat"), a common noun ("police station"), or a word of
    ``site_qualifiers`` ("High Court", "Ring Road")."""
    if token.text == "-" or (token.i > 0 and token.doc[token.i - 1].text == "-"):
        return True
    if token.text.islower() and token.dep_ == "compound":
        return True
    return token.lower_ in cues["site_qualifiers"] | cues["facility_nouns"] | cues["route_nouns"]


def _in_long_name(token) -> bool:
    """Whether the token is part of a person or organisation name of several
    words ("Jordan Peterson", "Freetown Christian College")."""
    if token.ent_type_ not in ("PERSON", "ORG", "NORP", "WORK_OF_ART"):
        return False
    ent = _entity_at(token)
    return ent is not None and len(ent) > 1


#: ``_entity_at``'s index of the last Doc: [the Doc, its length, token -> entity]
_ENTITIES: list = []


def _entity_at(token) -> Span | None:
    """The named entity holding ``token`` (None outside any), from an index
    of the Doc's entities built once per Doc (the model's entities are not
    changed after it: ``doc.ents`` built them all again on each call)."""
    doc = token.doc
    if not _ENTITIES or _ENTITIES[0] is not doc or _ENTITIES[1] != len(doc):
        _ENTITIES[:] = [doc, len(doc), {i: e for e in doc.ents for i in range(e.start, e.end)}]
    return _ENTITIES[2].get(token.i)


def _holds(place: Place, held: list[Place]) -> bool:
    """Whether a division candidate holds one of the candidates of the place
    named before it ("Kenema (Eastern Province)": the Eastern Province of the
    country that has a Kenema in it): same province, same district, or within
    the division's radius."""
    if not place.radius_km and place.precision not in ("admin1", "region"):
        return False
    for h in held:
        if h is place or h.country != place.country or h.country is None:
            continue
        if place.precision == "admin1" and h.admin1 and h.admin1 == place.admin1:
            return True
        if place.source == "admin2" and h.admin2 and place_key(h.admin2) == place_key(place.name):
            return True
        if place.radius_km and km_between(h.lat, h.lon, place.lat, place.lon) <= place.radius_km:
            return True
    return False


def _bearers(candidates: list[Place]) -> list[Place]:
    """The candidates that bear the name as their own, not only as another
    of their names (``Place.alternate``); all of them where none does."""
    return [p for p in candidates if not p.alternate] or candidates


def _dominant_country(candidates: list[Place]) -> str | None:
    """The country of a name's GeoNames candidates when one of them is far
    the most prominent (30 times the people of any candidate elsewhere):
    "Damascus" says Syria though Oregon has one. None otherwise. A town
    found only by another of its names says nothing beside one that bears
    the name."""
    if any(p.source in ("region", "country") for p in candidates):
        return None  # our own files name it: "Asia" is the continent
    ranked = sorted(
        (p for p in _bearers(candidates) if p.source in ("geonames", "admin1", "admin2")),
        key=prominence,
        reverse=True,
    )
    if not ranked or ranked[0].population < DOMINANT_MIN or not ranked[0].country:
        return None
    rivals = [p for p in ranked if p.country != ranked[0].country]
    if rivals and prominence(rivals[0]) > prominence(ranked[0]) - 1.5:
        return None
    return ranked[0].country


def _kinds(place: Place) -> set[str]:
    """The kinds of place a candidate is, in ``designator_levels``' terms: a
    district row of our own files is placed at its headquarters town, so it
    is a district and a town."""
    if place.precision in ("admin1", "region"):
        return {"admin1"}
    if place.source == "region" and place.radius_km:
        return {"admin2", "town"}
    if place.source == "admin2" or place.radius_km:
        return {"admin2"}
    return {"town"}


def prominence(place: Place) -> float:
    """How likely a GeoNames place is meant when nothing in the text says
    which: the larger its population, in half-decades; a division counts its
    people at a tenth (they are the sum of its towns': "Matagalpa" read
    alone is the city, "Borno" the Nigerian state, not the Italian village)."""
    if place.population <= 0:
        return 0.0
    people = place.population / (10.0 if place.source in ("admin1", "admin2") else 1.0)
    return round(2 * math.log10(1 + people)) / 2


def _designator_at(doc: Doc, i: int, cues: dict) -> int | None:
    """End of a designator starting at token i ("district", "sub-division",
    "air force base"), or None."""
    for n in (3, 2, 1):
        if i + n <= len(doc) and place_key(doc[i : i + n].text) in cues["designators"]:
            return i + n
    return None


@Language.factory("flashpoint_places", default_config={"region_files": []})
def make_place_finder(nlp: Language, name: str, region_files: list[str]) -> PlaceFinder:
    """``region_files``: extra region/alias CSV files (the shape of
    ``data/places/regions.csv``) to read after the built-in one."""
    return PlaceFinder(region_files=region_files)


__all__ = [
    "DATELINE_KEY",
    "Gazetteer",
    "PlaceFinder",
    "make_place_finder",
]


def _governed_by_preposition(span: Span) -> bool:
    """Whether a mention is the object of a preposition ("at the White
    House", "outside the Kremlin"), through a list ("in X and Y")."""
    head = span.root
    while head.dep_ == "conj" and head.head is not head:
        head = head.head
    return head.dep_ == "pobj" and head.head.pos_ == "ADP"
