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

A dateline ("PESHAWAR, Jan 5:", "Srinagar, May 8 (Wire):", "(Kupwara, J&K)")
is kept as ``doc.spans["fp_dateline"]`` (its place mention, label DATELINE).

``location_for_event(doc, trigger)`` gives the place the sentence ties to the
event (see its docstring), or None.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from flashpoint.models import QUAD_CLASS, Location
from flashpoint.nlp import extensions
from flashpoint.nlp.dates import dateline_place_chars, in_first_paragraph, same_incident_clause
from flashpoint.nlp.gazetteer import (
    PRECISION_RANK,
    Gazetteer,
    Place,
    get_gazetteer,
    km_between,
    load_cues,
    place_key,
)

NER_LABELS = ("GPE", "LOC", "FAC")
DATELINE_KEY = "fp_dateline"
GEONAMES_SOURCES = ("geonames", "admin2")
FAR_KM = 1500.0  # a GeoNames town this far from the story's places is suspect
NEAR_KM = 300.0  # "Lahore's Walton": a possessor's place holds the place within this
SPLIT_WORDS = (",", "and", "&", "(", ")", "/", ";")
# A trigger in one of these relations borrows its head's place phrases
# ("launched strikes on X", "an attack in X which killed 26").
HEAD_DEPS = {
    "dobj", "nsubj", "nsubjpass", "attr", "oprd", "relcl", "acl", "advcl", "xcomp", "pcomp", "conj",
}  # fmt: skip
WALK_DEPS = {
    "pobj", "conj", "appos", "compound", "nmod", "amod", "poss", "cc", "punct", "det",
    "nummod", "quantmod", "npadvmod", "case", "dobj",
}  # fmt: skip


class PlaceFinder:
    """Finds and resolves place mentions (see the module docstring)."""

    def __init__(self, *, region_files: Sequence[str | Path] = ()) -> None:
        self.gazetteer = get_gazetteer(region_files=region_files)
        self.cues = load_cues()
        self._alias_keys = set(self.gazetteer.alias_keys())

    def __call__(self, doc: Doc) -> Doc:
        extensions.register()
        mentions = self._mentions(doc)
        dateline = self._dateline(doc, mentions)
        if dateline is not None and all(s.start != dateline[0].start for s, _ in mentions):
            mentions = sorted([*mentions, dateline], key=lambda m: m[0].start)
        context = self._context(doc, mentions)
        spans = []
        for span, candidates in mentions:
            place = self._choose(doc, span, candidates, mentions, context)
            out = Span(doc, span.start, span.end, label=place.precision.upper())
            out._.fp_location = place.location(span.text)
            spans.append(out)
        doc.spans["fp_places"] = spans
        doc.spans[DATELINE_KEY] = [
            Span(doc, s.start, s.end, label="DATELINE")
            for s in spans
            if dateline is not None and s.start == dateline[0].start
        ]
        for span in doc.spans[DATELINE_KEY]:
            span._.fp_location = next(s for s in spans if s.start == span.start)._.fp_location
        return doc

    def _dateline(self, doc: Doc, mentions) -> tuple[Span, list[Place]] | None:
        """The dateline's place: a mention found there, else a look-up of
        the dateline's first name ("SRINAGAR" in "SRINAGAR, May 8:")."""
        found = dateline_place_chars(doc.text)
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
        return span.text[:1].isupper()

    def _listed_spans(self, doc: Doc) -> list[Span]:
        """Names from the region/alias files and country names, longest first."""
        found = []
        max_n = self.gazetteer.max_alias_tokens
        for i, token in enumerate(doc):
            if not token.text[:1].isupper() or token.lower_ == "the":
                continue
            for n in range(min(max_n, len(doc) - i), 0, -1):
                span = doc[i : i + n]
                if not span[-1].is_alpha and n > 1 and span[-1].text not in (")",):
                    continue
                if place_key(span.text) in self._alias_keys:
                    found.append(span)
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

    def _untagged_spans(self, doc: Doc, taken: set[int]) -> list[tuple[Span, bool]]:
        """Proper nouns the model did not tag as places, where the syntax says
        place: after a locative preposition ("in Muridke"), joined to one by
        "and" ("in Bahawalpur and Muridke"), or naming where an event noun
        happened ("the Pahalgam attack"). The flag says whether a
        preposition governs it (the stronger sign)."""
        cues = self.cues
        preps = cues["locative_prepositions"] | cues["target_prepositions"]
        preps |= cues["inner_prepositions"] - {"of"}
        spans = []
        for token in doc:
            if token.i in taken or token.pos_ != "PROPN" or not token.text[:1].isupper():
                continue
            head = token
            while head.dep_ == "conj":
                head = head.head
            by_prep = head.dep_ == "pobj" and head.head.lower_ in preps
            # "Kachhi district", "Khar tehsil", "Keran sector": a designator says place.
            by_prep = by_prep or _designator_at(doc, token.i + 1, cues) is not None
            modifier = token.dep_ == "compound" and token.head.pos_ == "NOUN"
            acted_on = head.dep_ == "dobj" and head.head.lemma_.lower() in cues["physical_lemmas"]
            if not (by_prep or modifier or acted_on):
                continue
            start = min(
                [token.i] + [c.i for c in token.lefts if c.dep_ == "compound" and c.pos_ == "PROPN"]
            )
            span = doc[start : token.i + 1]
            if not any(i in taken for i in range(span.start, span.end)):
                spans.append((span, by_prep))
        return spans

    def _backing(self, doc: Doc, results) -> set[str]:
        """Countries the article names in any way: place candidates, actors,
        demonyms ("Indian", "Pakistani")."""
        countries = {p.country for _, cands in results for p in cands if p.country}
        for span in doc.spans["fp_actors"] if "fp_actors" in doc.spans else ():
            countries.update(_actor_codes(span))
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
            return span, candidates
        designators = self.cues["designators"]
        for cut in (1, 2, 3):
            if len(span) > cut and place_key(span[-cut:].text) in designators:
                shorter = span[:-cut]
                candidates = self.gazetteer.lookup(shorter.text)
                if candidates and place_key(shorter.text) not in self.cues["never_places"]:
                    return shorter, candidates
        return None

    def _mentions(self, doc: Doc) -> list[tuple[Span, list[Place]]]:
        # An entity the gazetteer cannot resolve ("the Line of Control
        # overnight") must not hide the listed name inside it.
        resolved = [self._candidates(s) for s in self._ner_spans(doc) if self._capitalised(s)]
        resolved += [self._candidates(s) for s in self._listed_spans(doc)]
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
            if not found:
                continue
            countries = {p.country for p in found[1]}
            preferred = any(self.gazetteer.preferred(found[0].text, p) for p in found[1])
            if countries & article or (by_prep and (len(countries) == 1 or preferred)):
                results[found[0].start] = found
        mentions = [results[start] for start in sorted(results)]
        named = self._named_countries(doc, mentions)
        sifted = [self._sift(doc, m, mentions, named) for m in mentions]
        return [m for m in sifted if m is not None]

    # -- GeoNames candidates that are no place of the story -----------------------

    def _named_countries(self, doc: Doc, mentions) -> set[str]:
        """Countries the article names outright: a country name, a place of our
        own files, an actor's code, a demonym ("Pakistani")."""
        named = {
            p.country
            for _, candidates in mentions
            for p in candidates
            if p.source in ("country", "region") and p.country
        }
        for span in doc.spans["fp_actors"] if "fp_actors" in doc.spans else ():
            named.update(_actor_codes(span))
        named.update(
            filter(None, (self.gazetteer.demonym(t.text) for t in doc if t.text[:1].isupper()))
        )
        return named

    def _sift(self, doc: Doc, mention, mentions, named: set[str]):
        """The mention without the GeoNames candidates that cannot be meant, or
        None when none is left. Dropped: every GeoNames candidate of a name the
        model labels as no place (``non_place_labels``: "French-built
        Rafales"), of a plural common noun, or of the last word of a longer
        capitalised name ("the Tutmari Gali sector" is not Gali, Georgia);
        and, for a name the model does not tag GPE, a candidate in a country
        the article never names that is more than FAR_KM from the article's
        other places and countries, unless ``world_cities`` lists it ("a
        resident of the Kamsar area" in a Poonch story is not Kamsar, Guinea);
        a candidate more than NEAR_KM from the place of a possessive before
        the name ("Lahore's Walton" is not Walton, England)."""
        span, candidates = mention
        if not any(p.source in GEONAMES_SOURCES for p in candidates):
            return mention
        label = span.root.ent_type_
        not_named = (
            label.lower() in self.cues["non_place_labels"]
            or (len(span) == 1 and span[0].tag_ in ("NNS", "NNPS") and label not in NER_LABELS)
            or self._tail_of_name(doc, span)
        )
        owners = self._possessor(doc, span, named)
        refs = None
        kept = []
        for place in candidates:
            if place.source not in GEONAMES_SOURCES:
                kept.append(place)
                continue
            if not_named:
                continue
            if owners and min(_km_beyond(place, owner) for owner in owners) > NEAR_KM:
                continue
            if label != "GPE" and place.country not in named:
                if place_key(place.name) not in self.cues["world_cities"]:
                    if refs is None:
                        refs = self._reference_points(span, mentions, named)
                    if refs and min(_km_beyond(place, ref) for ref in refs) > FAR_KM:
                        continue
            kept.append(place)
        return (span, kept) if kept else None

    def _tail_of_name(self, doc: Doc, span: Span) -> bool:
        """Whether the span ends a longer capitalised name whose first words
        are no place themselves ("Tutmari Gali": not "Indian Punjab")."""
        if span.start == 0:
            return False
        before = doc[span.start - 1]
        return (
            before.pos_ == "PROPN"
            and before.text[:1].isupper()
            and not self.gazetteer.demonym(before.text)
            and not self.gazetteer.is_listed(before.text)
        )

    def _reference_points(self, span: Span, mentions, named: set[str]) -> list[Place]:
        """The article's other places that are sure: from our files, country
        names, names the model tags GPE; and the countries it names."""
        refs = [self.gazetteer.country(code) for code in sorted(named)]
        for other, candidates in mentions:
            if other.start == span.start:
                continue
            single = len({p.country for p in candidates}) == 1
            tagged = other.root.ent_type_ == "GPE"
            refs.extend(
                p
                for p in candidates
                if p.source not in GEONAMES_SOURCES or (tagged and (single or p.country in named))
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

    # -- disambiguation -----------------------------------------------------------

    def _context(self, doc: Doc, mentions) -> dict:
        """Countries the article (and each sentence) names: from unambiguous
        place mentions and from the actors' codes."""
        in_doc: Counter = Counter()
        by_sentence: dict[int, Counter] = {}
        for span, candidates in mentions:
            countries = {p.country for p in candidates}
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
            for code in _actor_codes(span):
                if self.gazetteer.country(code):
                    in_doc[code] += 1
        return {"doc": in_doc, "sentence": by_sentence}

    def _qualifiers(self, doc: Doc, span: Span, mentions) -> list[Place]:
        """Places named right beside a mention that say where it is: after it
        ("Hyderabad, Sindh", "Kotli town (Kotli district, Azad Kashmir)",
        "Hyderabad in Pakistan") or before it ("Indian Punjab", "Pakistan's
        Hyderabad")."""
        found: list[Place] = []
        by_start = {s.start: (s, c) for s, c in mentions}
        designators = self.cues["designators"]
        glue = {",", "(", ")", "in", "-", "of"} | {w for d in designators for w in d.split()}
        i, hops = span.end, 0
        while i < len(doc) and hops < 8 and (doc[i].lower_ in glue or i in by_start):
            if i in by_start:
                other, candidates = by_start[i]
                found.extend(
                    p
                    for p in candidates
                    if p.precision in ("admin1", "region", "country") or p.radius_km
                )
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

    def _choose(self, doc: Doc, span: Span, candidates: list[Place], mentions, context) -> Place:
        if len(candidates) == 1:
            return candidates[0]
        qualifiers = self._qualifiers(doc, span, mentions)
        sentence = context["sentence"].get(span.sent.start, Counter())

        def score(item: tuple[int, Place]) -> tuple:
            order, place = item
            return (
                place.source == "country",
                _qualified(place, qualifiers),
                sentence[(place.country, place.admin1)] > 0,
                sentence[place.country] > 0,
                context["doc"][(place.country, place.admin1)] > 0,
                context["doc"][place.country] > 0,
                self.gazetteer.preferred(span.text, place),
                place.source == "region",
                place.seat,
                -order,
            )  # fmt: skip

        return max(enumerate(candidates), key=score)[1]


def _qualified(place: Place, qualifiers: list[Place]) -> int:
    best = 0
    for q in qualifiers:
        if q.precision == "country":
            best = max(best, int(place.country == q.country))
        elif q.admin1 and (place.country, place.admin1) == (q.country, q.admin1):
            best = 2
        elif q.radius_km and km_between(place.lat, place.lon, q.lat, q.lon) <= q.radius_km:
            best = max(best, 2)
    return best


def _is_weapon(key: str, cues: dict) -> bool:
    """A weapon or aircraft name of ``weapon_names``, singular or plural."""
    forms = {key, key.removesuffix("s"), key.removesuffix("es")}
    return bool(forms & cues["weapon_names"])


def _km_beyond(place: Place, ref: Place) -> float:
    """Kilometres from a place to a reference place, past its radius."""
    return km_between(place.lat, place.lon, ref.lat, ref.lon) - (ref.radius_km or 0.0)


def _designator_at(doc: Doc, i: int, cues: dict) -> int | None:
    """End of a designator starting at token i ("district", "sub-division",
    "air force base"), or None."""
    for n in (3, 2, 1):
        if i + n <= len(doc) and place_key(doc[i : i + n].text) in cues["designators"]:
            return i + n
    return None


def _actor_codes(span: Span) -> list[str]:
    """Actor codes of an actor span, read defensively (single or group)."""
    codes = []
    actor = getattr(span._, "fp_actor", None)
    members = getattr(span._, "fp_members", None) or []
    for a in [actor, *members]:
        code = getattr(a, "code", None)
        if isinstance(code, str):
            codes.append(code)
    return codes


# --- the event's location ---------------------------------------------------------


def location_for_event(doc: Doc, trigger: Span) -> Location | None:
    """The place the sentence ties to the event whose trigger is ``trigger``.

    Tied: a place in a prepositional phrase on the trigger ("in Pahalgam",
    "near Karachi and Lahore", "across the LoC", "at a meadow near X"), a
    place modifying a trigger noun ("the Poonch shelling"; not a country:
    "the India-Pakistan conflict" names actors), for physical events the
    place acted upon ("struck Muridke", "strikes against Pakistan", "on the
    Indian side of the Line of Control" -> the LoC with country IND). When
    the trigger itself has none: relative clauses and appositives of a
    trigger noun, the verb a trigger noun is the object or subject of, the
    noun or verb a trigger clause hangs from. A subject ("Islamabad said")
    or a place mentioned elsewhere in the sentence is not tied. The most
    specific tied place wins (exact, city, admin1, region, country), then
    the first.

    A material event (an attack, a clash) that nothing ties this way is
    placed, as short event reports are written, at a place below country
    level named anywhere in its sentence ("killed in an encounter with
    Maoists in Latehar district", "killed when gunmen opened fire in Imphal
    East"), the most specific and then the nearest in the tree; not one in
    a background clause ("... days after the attack in Pahalgam") nor the
    subject of a verb. Failing that, an event of the first paragraph takes
    the dateline's place ("PESHAWAR, Jan 5: Gunmen killed ..."). None when
    nothing is found."""
    if "fp_places" not in doc.spans or not len(doc.spans["fp_places"]):
        return None
    by_token = {i: span for span in doc.spans["fp_places"] for i in range(span.start, span.end)}
    cues = load_cues()
    physical = _is_physical(doc, trigger, cues)
    for anchors, direct in _anchor_tiers(trigger):
        found: list[Span] = []
        for anchor in anchors:
            found.extend(_tied(anchor, by_token, cues, physical=physical, direct=direct))
        found = [s for s in found if s._.fp_location is not None]
        if found:
            best = min(
                enumerate(found),
                key=lambda item: (_tier(item[1]), item[0]),
            )[1]
            return _with_side(best, cues)
    if not physical:
        return None
    nearby = _in_sentence(doc, trigger, cues)
    if nearby is not None:
        return nearby._.fp_location
    dateline = list(doc.spans.get(DATELINE_KEY, []))
    if dateline and in_first_paragraph(doc, trigger.start):
        loc = dateline[0]._.fp_location
        if loc is not None and loc.precision != "country":
            return loc
    return None


def _tier(span: Span) -> int:
    """How specific a place is for an event: a site (exact) and a town or
    district (city) are one tier, so the first of a list of targets wins
    ("bases at Suratgarh, Sirsa and Halwara")."""
    rank = PRECISION_RANK.get(span._.fp_location.precision, 9)
    return max(rank, PRECISION_RANK["city"])


def _in_sentence(doc: Doc, trigger: Span, cues: dict) -> Span | None:
    """The sentence's most specific place below country level, the nearest
    to the trigger in the tree, leaving out places in a background clause
    and subjects ("Islamabad said"), and places reached through a reporting
    verb ("Speaking in Geneva, the envoy said troops shelled posts")."""
    sent = trigger.sent
    markers, speech = cues["background_markers"], cues["speech_lemmas"]
    best, best_key = None, None
    for span in doc.spans["fp_places"]:
        loc = span._.fp_location
        if not sent.start <= span.start < sent.end or loc is None or loc.precision == "country":
            continue
        if span.start < trigger.end and trigger.start < span.end:
            continue
        if span.root.dep_ in ("nsubj", "nsubjpass") and span.root.head.pos_ in ("VERB", "AUX"):
            continue
        path = _path_between(trigger.root, span.root)
        if any(
            t.lower_ in markers
            or any(
                c.dep_ == "mark" and c.lower_ in markers and not same_incident_clause(t)
                for c in t.children
            )
            or (t.lemma_.lower() in speech and t.pos_ in ("VERB", "AUX"))
            for t in path
        ):
            continue
        key = (_tier(span), len(path), abs(span.start - trigger.start))
        if best_key is None or key < best_key:
            best, best_key = span, key
    return best


def _path_between(a: Token, b: Token) -> list[Token]:
    """The tokens on the dependency path from a to b, a excluded, b included."""
    up_a, up_b = [a, *a.ancestors], [b, *b.ancestors]
    index_b = {t.i: n for n, t in enumerate(up_b)}
    for n, tok in enumerate(up_a):
        if tok.i in index_b:
            return up_a[1 : n + 1] + list(reversed(up_b[: index_b[tok.i]]))
    return up_a[1:] + up_b


def _is_physical(doc: Doc, trigger: Span, cues: dict) -> bool:
    """Material events may be located at what they act upon."""
    for event in doc._.fp_events or []:
        if getattr(event, "_trigger_span", None) == (trigger.start, trigger.end):
            return QUAD_CLASS.get(event.event_type, "").startswith("material")
    return any(t.lemma_.lower() in cues["physical_lemmas"] for t in trigger)


def _anchor_tiers(trigger: Span):
    """(anchors, direct) in the order they are tried: the trigger; its
    relative clauses and appositives; then up to three heads it hangs from
    ("killing ... and injuring 59" -> "killing" -> "launched strikes on X")."""
    root = trigger.root
    yield list(trigger), True
    if root.pos_ in ("NOUN", "PROPN"):
        clauses = [c for c in root.children if c.dep_ in ("relcl", "acl", "appos")]
        if clauses:
            yield clauses, False
    token = root
    for _ in range(3):
        if token.dep_ not in HEAD_DEPS or token.head is token:
            break
        token = token.head
        yield [token], False


def _tied(anchor: Token, by_token: dict, cues: dict, *, physical: bool, direct: bool) -> list[Span]:
    found: list[Span] = []
    preps = cues["locative_prepositions"] | cues["target_prepositions"]
    if direct and anchor.i in by_token and _not_country(by_token[anchor.i]):
        found.append(by_token[anchor.i])  # the trigger span holds the place
    before = by_token.get(anchor.i - 1)
    if (
        direct
        and (anchor.pos_ == "NOUN" or anchor.tag_ == "VBG")
        and before
        and _not_country(before)
    ):
        if before.root.dep_ not in ("nsubj", "nsubjpass", "poss"):
            found.append(before)  # "the Poonch shelling", however it was parsed
    for child in anchor.children:
        word = child.lower_
        if child.dep_ == "prep" and (
            word in cues["locative_prepositions"]
            or (physical and word in cues["target_prepositions"])
            or (physical and word in cues["list_prepositions"])
        ):
            found.extend(_walk(child, by_token, cues))
        elif child.dep_ in ("compound", "nmod", "amod") and anchor.pos_ in ("NOUN", "PROPN"):
            found.extend(
                s for s in _walk(child, by_token, cues, deps={"compound"}) if _not_country(s)
            )
        elif child.dep_ == "dobj" and physical:
            if direct:
                found.extend(_walk(child, by_token, cues))
            else:  # the object's own place phrases only ("launched strikes on X")
                for grandchild in child.children:
                    if grandchild.dep_ == "prep" and grandchild.lower_ in preps:
                        found.extend(_walk(grandchild, by_token, cues))
    return found


def _walk(token: Token, by_token: dict, cues: dict, *, deps: set[str] | None = None) -> list[Span]:
    """Place mentions in a phrase, in text order, without entering clauses."""
    found: list[Span] = []
    seen: set[int] = set()
    allowed = WALK_DEPS if deps is None else deps

    def visit(tok: Token) -> None:
        span = by_token.get(tok.i)
        if span is not None and span.start not in seen:
            seen.add(span.start)
            found.append(span)
        for child in tok.children:
            inner = child.dep_ == "prep" and child.lower_ in cues["inner_prepositions"]
            aimed = child.dep_ == "acl" and child.lemma_.lower() in cues["physical_lemmas"]
            if child.dep_ in allowed or inner or (deps is None and aimed):
                visit(child)

    visit(token)
    return sorted(found, key=lambda s: s.start)


def _not_country(span: Span) -> bool:
    loc = span._.fp_location
    return loc is not None and loc.precision != "country"


def _with_side(span: Span, cues: dict) -> Location:
    """The LoC "on the Indian side" is the LoC with country IND."""
    loc = span._.fp_location
    if loc.country:
        return loc
    of = span.root.head
    if (
        span.root.dep_ == "pobj"
        and of.lower_ == "of"
        and of.head.lemma_.lower() in cues["side_nouns"]
    ):
        gaz = get_gazetteer()
        for child in of.head.children:
            code = gaz.demonym(child.text) or gaz.country_of(child.text)
            if code:
                return replace(loc, country=code)
    return loc


@Language.factory("flashpoint_places", default_config={"region_files": []})
def make_place_finder(nlp: Language, name: str, region_files: list[str]) -> PlaceFinder:
    """``region_files``: extra region/alias CSV files (the shape of
    ``data/places/regions.csv``) to read after the built-in one."""
    return PlaceFinder(region_files=region_files)


__all__ = ["PlaceFinder", "Gazetteer", "location_for_event", "make_place_finder"]
