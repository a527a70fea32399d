"""The place a sentence ties to an event.

``location_for_event(doc, trigger)`` reads the place mentions that the
``flashpoint_places`` component put in ``doc.spans["fp_places"]`` (and the
dateline in ``doc.spans["fp_dateline"]``) and picks the one the sentence
ties to the event (see its docstring), or None.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc, Span, Token

from flashpoint.coding.domestic import placing_mention
from flashpoint.coding.event_dates import same_incident_clause
from flashpoint.coding.patterns import load_grammar
from flashpoint.coding.roles import span_actors
from flashpoint.models import QUAD_CLASS, Location
from flashpoint.nlp.dates import date_words
from flashpoint.nlp.extensions import spans_of, text_of
from flashpoint.nlp.gazetteer import PRECISION_RANK, get_gazetteer, km_between, load_cues
from flashpoint.nlp.place_filters import actor_codes
from flashpoint.nlp.places import DATELINE_KEY

REFERENCE_KM = 40.0  # "N km north of X": X is no place of the event from this distance on
NESTED_KM = 30.0  # a town this near a district or town of its country is held by it
COARSE = {"country", "region", "admin1"}
# "days after", "a week before": a background clause at a distance in time
# doc.user_data key of the article's one place (``_article_sole_place``)
SOLE_PLACE_KEY = "fp_sole_place"
# doc.user_data key of the article's one country (``_article_country``)
COUNTRY_KEY = "fp_sole_country"
TIME_UNITS = {"hour", "day", "week", "month", "year", "moment", "minute"}
# A trigger in one of these relations borrows its head's place phrases
# ("launched strikes on X", "an attack in X which killed 26").
HEAD_DEPS = {
    "dobj", "nsubj", "nsubjpass", "attr", "oprd", "relcl", "acl", "advcl", "xcomp", "pcomp", "conj",
}  # fmt: skip
WALK_DEPS = {
    "pobj", "conj", "appos", "compound", "nmod", "amod", "poss", "cc", "punct", "det",
    "nummod", "quantmod", "npadvmod", "case", "dobj",
}  # fmt: skip


def location_for_event(doc: Doc, trigger: Span) -> Location | None:
    """The place the sentence ties to the event whose trigger is ``trigger``.

    Tied: a place in a prepositional phrase on the trigger ("in Pahalgam",
    "near Karachi and Lahore", "across the LoC", "at a meadow near X"), a
    place modifying a trigger noun ("the Poonch shelling"; not a country:
    "the India-Pakistan conflict" names actors), for physical events the
    place acted upon ("struck Muridke", "strikes against Pakistan", "on the
    Pakistani side of the LoC" -> the LoC with country PAK). When
    the trigger itself has none: relative clauses and appositives of a
    trigger noun, the verb a trigger noun is the object or subject of, the
    noun or verb a trigger clause hangs from. A subject ("Islamabad said")
    or a place mentioned elsewhere in the sentence is not tied. The most
    specific tied place wins (exact, city, admin1, region, country), then
    the first. A material event placed so only at a country, region or
    state takes a place inside it named in the same sentence, by the rules
    below ("killed in Kashmir when shells struck the town of Rajouri",
    "targeted radars in Pakistan and a system at Lahore was neutralised"),
    else one inside it that the next sentence of its paragraph names
    ("gunmen kidnapped a politician in southern X. He was seized in Y.").

    A material event (an attack, a clash) that nothing ties this way is
    placed, as short event reports are written, at a place below country
    level named anywhere in its sentence ("killed in an encounter with
    Maoists in Latehar district", "killed when gunmen opened fire in Imphal
    East"), the most specific and then the nearest in the tree; not one in
    a background clause ("... days after the attack in Pahalgam") nor the
    subject of a verb. Failing that, it takes the place of the nearest
    earlier sentence of its paragraph that names one (``_earlier_place``: a
    report names the place once and goes on telling); then the place of
    the next sentence of its paragraph; then, in a report that names one
    place only (``_sole_place``), that place when its sentence names it
    (``place_in_the_country`` then places what is still unplaced at the
    report's one country, after the coder's other rules). A
    reporting verb in the passive ("clashes were reported in X") does not
    hide its place. The dateline ("PESHAWAR, Jan 5:")
    is never the event's place: it says where the report was filed. None
    when nothing is found."""
    if "fp_places" not in doc.spans or not len(doc.spans["fp_places"]):
        return None
    # The dateline and a point a distance is measured from ("245 km north of
    # X") are no places of the event.
    dateline = {s.start for s in spans_of(doc, DATELINE_KEY)}
    by_token = {
        i: span
        for span in spans_of(doc, "fp_places")
        if span.start not in dateline and not _reference_point(span)
        for i in range(span.start, span.end)
    }
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
                key=lambda item: (_tier(item[1]), _names_an_institution(item[1], cues), item[0]),
            )[1]
            loc = _with_side(best, cues)
            if physical and loc.precision in COARSE:
                finer = _in_sentence(doc, trigger, cues, within=loc)
                if finer is not None:
                    return finer._.fp_location
                # Rule ``finer_next_sentence``: "gunmen kidnapped a politician in
                # southern X. He was seized by three men in Y." the next sentence
                # of the paragraph names the town inside the country or state
                later = _earlier_place(doc, trigger, cues, later=True)
                if later is not None and _inside(later._.fp_location, loc):
                    return later._.fp_location
            return loc
    if not physical:
        return None
    nearby = _in_sentence(doc, trigger, cues)
    if nearby is not None:
        return nearby._.fp_location
    earlier = _earlier_place(doc, trigger, cues)
    if earlier is not None:
        return earlier._.fp_location
    later = _earlier_place(doc, trigger, cues, later=True)
    if later is not None:
        return later._.fp_location
    sole = _sole_place(doc, trigger)
    if sole is not None:
        return sole
    # The dateline says where the report was filed, not where the event
    # happened: it is a hint for choosing among namesakes (its country counts
    # in ``flashpoint_places``' context), never the event's place.
    return None


def further_places(doc: Doc, trigger: Span, where: Location | None) -> list[Location]:
    """The other places an act is told at, joined to its own by "and" ("blasts
    in Kabul and Paktika province", "the Kabul and Paktika blasts"): below
    country level, in the trigger's sentence, each a happening of its own
    (one event per place, as conflict event data counts them). [] when the
    place stands alone."""
    if where is None or where.precision == "country" or "fp_places" not in doc.spans:
        return []
    sent = trigger.sent
    spans = [s for s in spans_of(doc, "fp_places") if sent.start <= s.start < sent.end
             and s._.fp_location is not None and s._.fp_location.precision != "country"]
    own = [s for s in spans if s._.fp_location.name == where.name
           and (where.text is None or s.text == where.text)]
    if not own:
        return []

    members = _list_members(own[0])
    found = list(own[:1])
    for other in spans:
        if other not in found and members.intersection(range(other.start, other.end)) and not (
            _holds_place(other._.fp_location, where) or _holds_place(where, other._.fp_location)
        ):
            found.append(other)
    names = {where.name}
    out = []
    for span in found[1:]:
        loc = span._.fp_location
        if loc.name not in names:
            names.add(loc.name)
            out.append(loc)
    return out


def _list_members(span: Span) -> set[int]:
    """The tokens of the list a place mention stands in ("in Sokode,
    Kparatao, Djarkpanga, Kpalime and Lome"): those joined to it by "and"
    or a comma (``conj``), also through names the gazetteer does not know,
    and a name set beside the list's head by a comma while the list goes
    on ("in Port Loko, Kono, Kailahun", parsed as an apposition). Only
    capitalised names are walked through: "X, Y district" with no list
    around it is the division holding X, not a second place."""
    members = set(range(span.start, span.end))
    frontier = list(span)
    while frontier:
        tok = frontier.pop()
        steps = [c for c in tok.children if c.dep_ == "conj"]
        if tok.dep_ == "conj":
            steps.append(tok.head)
        if any(c.dep_ == "conj" for c in tok.children):
            steps.extend(c for c in tok.children if c.dep_ == "appos" and c.i > tok.i)
        for step in steps:
            if step.i in members or step.pos_ != "PROPN" or not step.text[:1].isupper():
                continue
            members.add(step.i)
            frontier.append(step)
    return members


def _tier(span: Span) -> int:
    """How specific a place is for an event: a site (exact) and a town or
    district (city) are one tier, so the first of a list of targets wins
    ("bases at Suratgarh, Sirsa and Halwara")."""
    rank = PRECISION_RANK.get(span._.fp_location.precision, 9)
    return max(rank, PRECISION_RANK["city"])


def _in_sentence(
    doc: Doc, trigger: Span, cues: dict, *, within: Location | None = None
) -> Span | None:
    """The sentence's most specific place below country level, the nearest
    to the trigger in the tree, leaving out places in a background clause
    and subjects ("Islamabad said"), and places reached through a reporting
    verb ("Speaking in Geneva, the envoy said troops shelled posts").
    Not background: the trigger's own clause (``_own_clause``: "... after
    police tried to stop the rally") and a subjectless participle leading
    in to the event (``_lead_in_clause``: "after crossing a post in X, they
    were detained"), nor the cause of a toll told with no agent
    (``_cause_clause``: "four were wounded after soldiers fired on them in
    X"). ``within``: only places finer than it and inside it."""
    sent = trigger.sent
    markers, speech = cues["background_markers"], cues["speech_lemmas"]
    best, best_key = None, None
    dateline = {i for s in spans_of(doc, DATELINE_KEY) for i in range(s.start, s.end)}
    for span in spans_of(doc, "fp_places"):
        loc = span._.fp_location
        if span.start in dateline or _reference_point(span):
            continue  # the dateline is no place named in the sentence (see below)
        if not sent.start <= span.start < sent.end or loc is None or loc.precision == "country":
            continue
        if span.start < trigger.end and trigger.start < span.end:
            continue
        if within is not None and not _inside(loc, within):
            continue
        if _subject(span):
            continue
        path = _path_between(trigger.root, span.root)
        own = _own_clause(trigger.root)
        if any(
            (t.lower_ in markers and not _spatial(t, cues) and not _lead_in_clause(t, cues))
            or any(
                c.dep_ == "mark" and c.lower_ in markers and not same_incident_clause(t)
                and t not in own and not _lead_in_clause(c, cues) and not _cause_clause(t, c)
                for c in t.children
            )
            or (t.lemma_.lower() in speech and t.pos_ in ("VERB", "AUX") and not _passive(t))
            for t in path
        ):
            continue
        key = (_tier(span), _destination(span), len(path), abs(span.start - trigger.start))
        if best_key is None or key < best_key:
            best, best_key = span, key
    return best


def _destination(span: Span) -> bool:
    """Rule ``destination_last``: a place named as where people were heading
    ("travelling from X toward Y", "on their way to Y") is where they did
    not get to; among the sentence's places it comes after the others."""
    root = span.root
    while root.dep_ == "conj" and root.head is not root:
        root = root.head
    prep = root.head
    return (
        root.dep_ == "pobj"
        and prep.lower_ in ("to", "toward", "towards")
        and prep.head.pos_ in ("VERB", "NOUN")
    )


def _own_clause(root: Token) -> set[Token]:
    """Rule ``own_clause_place``: the verbs of the trigger's own clause above
    it, through the complements of control verbs ("after police tried to
    stop the rally": "tried" is the stopping's own clause). A background
    marker on them ("after", "before") opens the clause the event is told
    in, not another occasion: the event is placed at its main clause's
    place ("police in X clashed with the party's members after they tried
    to stop its rally")."""
    own: set[Token] = set()
    token = root
    while token.dep_ == "xcomp" and token.head is not token:
        token = token.head
        own.add(token)
    return own


def _lead_in_clause(marker: Token, cues: dict) -> bool:
    """Rule ``lead_in_participle``: a background marker ("after", "before")
    opening a participle with no subject of its own ("after crossing a
    checkpoint in X, they were detained"; "before reaching X"), parsed as
    the participle's ``mark`` or as a preposition over it: the main
    clause's people doing what led up to the event, at its place; unless
    the participle is an attack (``antecedent_verbs``: "after attacking a
    post in X, the militants were ambushed" tells of two incidents) or the
    marker puts a distance in time ("two days after crossing")."""
    if marker.lower_ not in cues["background_markers"]:
        return False
    if marker.dep_ == "mark":
        verb = marker.head
    else:
        verbs = [c for c in marker.children if c.dep_ == "pcomp"]
        if marker.dep_ != "prep" or len(verbs) != 1:
            return False
        verb = verbs[0]
    if verb.tag_ != "VBG" or verb.dep_ not in ("advcl", "pcomp"):
        return False
    if any(c.dep_ in ("nsubj", "nsubjpass", "csubj") for c in verb.children):
        return False
    if verb.lemma_.lower() in {str(w).lower() for w in date_words()["antecedent_verbs"]}:
        return False
    return not any(
        g.dep_ in ("npadvmod", "advmod") and g.lemma_.lower() in TIME_UNITS
        for g in marker.children
    )


def _cause_clause(verb: Token, marker: Token) -> bool:
    """Rule ``toll_after_cause``: a background clause hanging from a toll
    told with no agent ("four were wounded after soldiers fired on them in
    X", "one was killed and two were hurt after rival supporters clashed in
    X"): the clause tells what caused the toll, the same incident, at its
    place; unless the marker puts a distance in time ("days after")."""
    toll = verb.head
    lemmas = {str(w).lower() for w in date_words()["toll_lemmas"]}
    if verb.dep_ != "advcl" or toll.lemma_.lower() not in lemmas:
        return False
    if toll.lemma_.lower() != "die" and not any(c.dep_ == "auxpass" for c in toll.children):
        return False
    if any(c.dep_ == "agent" for c in toll.children):
        return False
    return not any(
        g.dep_ in ("npadvmod", "advmod") and g.lemma_.lower() in TIME_UNITS
        for g in marker.children
    )


def _subject(span: Span) -> bool:
    """Whether a place is the subject of a verb ("Islamabad said"): not when
    it only goes on giving where the place before it lies ("a mob in X
    village, Y County lynched ...", which the parser may take for the
    subject)."""
    root = span.root
    if root.dep_ not in ("nsubj", "nsubjpass") or root.head.pos_ not in ("VERB", "AUX"):
        return False
    doc = span.doc
    if span.start >= 1 and doc[span.start - 1].lower_ in load_cues()["locative_prepositions"]:
        return False  # "Detainees in Porto Novo vandalized ...", a name the parser split
    if span.start >= 2 and doc[span.start - 1].text in (",", "("):
        before = doc[span.start - 2]
        designators = load_cues()["designators"]
        places = spans_of(doc, "fp_places")
        if before.lower_ in designators or any(p.start <= before.i < p.end for p in places):
            return False
    return True


def _passive(verb: Token) -> bool:
    """Whether a reporting verb is passive ("clashes were reported in X", "a
    child was reported missing in X"): what was reported is the subject, and
    a place on the verb is where it happened, not where someone spoke."""
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)


def _article_sole_place(doc: Doc) -> tuple[Location, list[Span]] | None:
    """The one place below country level an article names (all its mentions
    of it), when it names no other and no country but that place's; else
    None (see ``_sole_place``). The divisions that hold it count as the
    same place ("in X district of Y province", "X (Y state)": X, the
    finest, is the one place)."""
    dateline = {s.start for s in spans_of(doc, DATELINE_KEY)}
    places = [s for s in spans_of(doc, "fp_places") if s.start not in dateline]
    fine = [s for s in places if s._.fp_location and s._.fp_location.precision != "country"]
    if not fine or any(_reference_point(s) for s in fine):
        return None
    first = min(
        (s._.fp_location for s in fine), key=lambda loc: PRECISION_RANK.get(loc.precision, 9)
    )
    if not all(_holds_place(s._.fp_location, first) for s in fine):
        return None
    gaz = get_gazetteer()
    countries = {s._.fp_location.country if s._.fp_location else None for s in places}
    for span in spans_of(doc, "fp_actors"):
        countries.update(c for c in actor_codes(span) if gaz.country(c) is not None)
    countries.update(gaz.demonym(t.text) for t in doc if t.text[:1].isupper())
    if countries - {first.country, None} or first.country is None:
        return None  # a second country: the place may be another event's
    return first, fine


def _sole_place(doc: Doc, trigger: Span) -> Location | None:
    """The one place of a report that names no other: a material event's
    sentence, one before it, or one after it in its paragraph ("A mob beat
    a man to death. ... It happened in X.") names a place below country level that the
    rules above leave out (in a background clause: "students clashed with
    police after the funeral of a classmate in X"; "Several were
    arrested." after it), and the article names no other place,
    nor any country but that place's. A short report of one place tells
    what happened there; where the article names a second place or a
    second country ("India struck Pakistan days after the attack in X"),
    the background place is left out. None otherwise."""
    starts = doc.user_data.get(SOLE_PLACE_KEY, False)
    if starts is False:  # once per article (plain data: user_data may be serialised)
        found = _article_sole_place(doc)
        starts = None if found is None else [s.start for s in found[1]]
        doc.user_data[SOLE_PLACE_KEY] = starts
    if starts is None:
        return None
    fine = [s for s in spans_of(doc, "fp_places") if s.start in starts]
    first = fine[0]._.fp_location
    cues = load_cues()
    speech = cues["speech_lemmas"]
    sent = trigger.sent
    for span in fine:
        if _subject(span):
            continue  # "Kabul said ...": a subject is no place of the event
        later = span.start >= sent.end  # "... The incident happened in X."
        if later and "\n" in doc[trigger.end - 1 : span.start + 1].text_with_ws:
            continue  # another paragraph
        if not later and "\n" in doc[span.end - 1 : trigger.start + 1].text_with_ws:
            continue  # another paragraph
        if span.start < sent.start and _definite_reference(trigger):
            continue  # "The ambush ...": an incident of its own, not the one told before
        if sent.start <= span.start < sent.end:
            steps = _path_between(trigger.root, span.root)
        else:
            steps = list(span.root.ancestors)  # another sentence: its own verbs
        if any(
            t.lemma_.lower() in speech and t.pos_ in ("VERB", "AUX") and not _passive(t)
            for t in steps
        ):
            continue  # "Speaking in X, the minister said ..."
        if any(_another_occasion(t, cues, own=trigger.root) for t in steps):
            continue  # "weeks after the massacre in X"
        return first
    return None


def place_in_the_country(doc: Doc, placed) -> None:
    """The last resort for a material event no rule places, run after every
    other (the back-references and target lists of ``attributes`` give a
    finer place first): in a report of one country only
    (``_article_country``), that country, at precision ``country``.
    ``placed``: (event, trigger span) pairs; events are changed in place."""
    for event, _span in placed:
        if event.location is None and QUAD_CLASS.get(event.event_type, "").startswith(
            "material"
        ):
            event.location = _article_country(doc)


def _article_country(doc: Doc) -> Location | None:
    """The one country a report is about, at precision ``country``, for a
    material event no rule above places ("Kenyan police fired tear gas at
    rioters in a village"): the text names the country (its name or a
    demonym), and every country the article points to, by a place, an
    actor or a demonym, is that one (a country only inferred from a town or
    an actor is left unsaid; a mention that says whose people or firm, not
    where, ``domestic.placing_mention``, "a Canadian mining company", points
    to none). None where it names none or several (a report of two states'
    dealings says nothing of where an unplaced act happened). The dateline's
    place does not count: it says where the report was filed."""
    cached = doc.user_data.get(COUNTRY_KEY, False)
    if cached is False:  # once per article (plain data: user_data may be serialised)
        gaz = get_gazetteer()
        dateline = {s.start for s in spans_of(doc, DATELINE_KEY)}
        countries = {  # the dateline says where the report was filed: no evidence
            s._.fp_location.country
            for s in spans_of(doc, "fp_places")
            if s._.fp_location and s.start not in dateline
        }
        grammar = load_grammar()
        whose = set()  # words of mentions that say whose, not where ("a Canadian firm")
        for span in spans_of(doc, "fp_actors"):
            actors = span_actors(span, with_text=True)
            if actors and not any(placing_mention(span, a, grammar) for a in actors):
                whose.update(range(span.start, span.end))
                continue
            countries.update(c for c in actor_codes(span) if gaz.country(c) is not None)
        demonyms = {gaz.demonym(t.text) for t in doc if t.text[:1].isupper() and t.i not in whose}
        countries.update(demonyms)
        countries.discard(None)
        cached = None
        if len(countries) == 1:
            code = countries.pop()
            named = [
                s.text for s in spans_of(doc, "fp_places")
                if s._.fp_location and s._.fp_location.precision == "country"
                and s._.fp_location.country == code and s.start not in dateline
            ]  # fmt: skip
            if named or code in demonyms:  # the text itself names the country
                cached = [code, named[0] if named else None]
        doc.user_data[COUNTRY_KEY] = cached
    if cached is None:
        return None
    place = get_gazetteer().country(cached[0])
    return None if place is None else place.location(cached[1])


def _another_occasion(token: Token, cues: dict, *, own: Token | None = None) -> bool:
    """Whether a background clause names another incident: a marker whose
    object is an attack noun ("after the massacre in X", "since the raid")
    other than the event ``own`` itself ("fled from X after a clash" where
    the clash is the event: the clash is told at X)
    or that stands at a distance in time ("days after", "a week before"),
    or a clause of an attack verb that it opens ("after militants attacked
    a camp in X"), unless that clause goes on with the same incident."""
    words = date_words()
    markers = cues["background_markers"]
    if token.pos_ in ("VERB", "AUX"):
        return (
            any(c.dep_ == "mark" and c.lower_ in markers for c in token.children)
            and token.lemma_.lower() in {str(w).lower() for w in words["antecedent_verbs"]}
            and not same_incident_clause(token)
        )
    if token.lower_ not in markers:
        return False
    attacks = {
        str(w).lower() for w in [*words["anaphoric_nouns"], *words["generic_back_references"]]
    }
    if any(
        c.dep_ == "pobj" and c.lemma_.lower() in attacks and c != own for c in token.children
    ):
        return True  # not the event itself: "fled from X after a clash" is the clash's place
    return any(
        c.dep_ in ("npadvmod", "advmod") and c.lemma_.lower() in TIME_UNITS for c in token.children
    )


def _earlier_place(doc: Doc, trigger: Span, cues: dict, *, later: bool = False) -> Span | None:
    """Where a report said the incident happened, for a later sentence of
    the same paragraph that tells more of it without naming a place ("A
    bomb went off in a market in X. Police said the blast wounded four."):
    the place below country level of the nearest earlier sentence of the
    paragraph that names one, the most specific and then the first; not the
    dateline, not a subject ("Islamabad said") and not a place in a
    background clause. None when the paragraph names none before.

    ``later``: the sentence right after instead, for a report that names
    the place once it has told what happened ("A mob beat a man to death.
    It happened in X.")."""
    if _definite_reference(trigger):
        return None  # "the ambush": an incident of its own, joined (or not) by the coder
    dateline = {i for s in spans_of(doc, DATELINE_KEY) for i in range(s.start, s.end)}
    markers = cues["background_markers"]
    start, end = trigger.sent.start, trigger.sent.end
    text = text_of(doc)
    by_sentence: dict[int, list[Span]] = {}
    for span in spans_of(doc, "fp_places"):
        loc = span._.fp_location
        if span.start in dateline or loc is None or loc.precision == "country":
            continue
        if _reference_point(span):
            continue
        if later:
            if span.start < end or span.sent.start != end:
                continue
            between = text[trigger.end_char : span.start_char]
        else:
            if span.start >= start:
                continue
            between = text[span.start_char : trigger.start_char]
        if "\n" in between:
            continue
        if _subject(span):
            continue
        if any(
            t.lower_ in markers and not _spatial(t, cues)
            for t in span.root.ancestors
            if t.i >= span.sent.start
        ):
            continue
        by_sentence.setdefault(span.sent.start, []).append(span)
    if not by_sentence:
        return None
    spans = by_sentence[min(by_sentence) if later else max(by_sentence)]
    return min(enumerate(spans), key=lambda item: (_tier(item[1]), item[0]))[1]


def _names_an_institution(span: Span, cues: dict) -> bool:
    """Whether the place only names an institution ("the University of
    Makeni at Magburaka"): a place said with "at" or "in" beside it wins."""
    root = span.root
    return (
        root.dep_ == "pobj"
        and root.head.lower_ == "of"
        and root.head.head.lemma_.lower() in cues["facility_nouns"]
    )


def _spatial(token: Token, cues: dict) -> bool:
    """Whether a background marker is used of space, not time: "before the
    Interior Ministry", "behind the court" (its object is a building or
    site of ``facility_nouns``), not "before the elections"."""
    return token.dep_ == "prep" and any(
        c.dep_ == "pobj" and c.lemma_.lower() in cues["facility_nouns"] | {"ministry", "building"}
        for c in token.children
    )


def _reference_point(span: Span) -> bool:
    """Whether a place is only the point a distance is measured from: "180
    kilometres north of Kismayo", "30 miles from Kabul" (a distance of
    REFERENCE_KM or more). "North of Kismayo" with no distance, or a few
    kilometres from it, still places the event there."""
    root = span.root
    if root.dep_ != "pobj" or root.head.lower_ not in ("of", "from"):
        return False
    head = root.head.head  # "north" in "north of", "kilometres" in "kilometres from"
    units = [head, *head.children, *root.head.children]  # "60 miles from X" hangs on "from"
    for unit in units:
        word = unit.lower_
        if not word.startswith(("kilomet", "km", "mile")):
            continue
        for number in unit.children:
            if not number.like_num:
                continue
            try:
                value = float(number.text.replace(",", ""))
            except ValueError:
                continue
            if word.startswith("mile"):
                value *= 1.6
            if value >= REFERENCE_KM:
                return True
    return False


def _definite_reference(trigger: Span) -> bool:
    """Whether the trigger is an event noun with a definite determiner ("the
    ambush", "this attack"): it names an incident of its own, which the
    coder joins to its antecedent when it is one of the same kind."""
    root = trigger.root
    words = date_words()
    nouns = {str(w).lower() for w in [*words["anaphoric_nouns"], *words["generic_back_references"]]}
    determiners = {str(w).lower() for w in words["anaphoric_determiners"]}
    return (
        root.pos_ == "NOUN"
        and root.lemma_.lower() in nouns
        and any(c.dep_ == "det" and c.lower_ in determiners for c in root.children)
    )


def _holds_place(outer: Location, loc: Location) -> bool:
    """Whether ``outer`` is ``loc`` or holds it: the same point, a division
    ``loc`` lies inside (``_inside``), or a town or district of the same
    country within NESTED_KM of it (a district and the town it is named
    after or that lies in it)."""
    if (outer.lat, outer.lon) == (loc.lat, loc.lon) or _inside(loc, outer):
        return True
    if outer.country != loc.country or None in (outer.lat, outer.lon, loc.lat, loc.lon):
        return False
    return km_between(outer.lat, outer.lon, loc.lat, loc.lon) <= NESTED_KM


def _inside(loc: Location, outer: Location) -> bool:
    """A place finer than ``outer`` and within it (same country; same state
    when ``outer`` is a state)."""
    if PRECISION_RANK.get(loc.precision, 9) >= PRECISION_RANK.get(outer.precision, 9):
        return False
    if not loc.country or loc.country != outer.country:
        return False
    return outer.precision != "admin1" or (loc.admin1 is not None and loc.admin1 == outer.admin1)


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
    if direct and not physical:
        # "agreed to a truce following talks in X": where the talks were held
        for noun in _meetings(anchor, cues):
            for grandchild in noun.children:
                if grandchild.dep_ == "prep" and grandchild.lower_ in cues["locative_prepositions"]:
                    found.extend(_walk(grandchild, by_token, cues))
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


def _meetings(anchor: Token, cues: dict) -> list[Token]:
    """The meeting nouns a verbal act is told as the outcome of, through
    prepositions and their objects ("after talks", "during a summit",
    "following two days of talks", "to a truce following talks"), not
    through other clauses."""
    found: list[Token] = []
    nouns = cues["meeting_nouns"]
    occasion = cues["occasion_words"]

    def visit(tok: Token, depth: int) -> None:
        for c in tok.children:
            step = c.dep_ in ("prep", "pobj") or (
                c.dep_ in ("acl", "advcl", "dobj") and (c.lower_ in occasion or tok.lower_ in occasion)
            )
            if not step:
                continue
            if c.pos_ in ("NOUN", "PROPN") and (c.lemma_.lower() in nouns or c.lower_ in nouns):
                found.append(c)
            elif depth < 4:
                visit(c, depth + 1)

    visit(anchor, 0)
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


__all__ = ["DATELINE_KEY", "location_for_event", "place_in_the_country"]
