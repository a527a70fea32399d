"""The date of an event.

``date_for_event(doc, trigger)`` picks, among the date expressions that the
``flashpoint_dates`` component put in ``doc.spans["fp_dates"]`` (see
:mod:`flashpoint.nlp.dates`), the one that dates an event;
``date_from_story``, ``date_of_the_pledge`` and ``date_of_the_report`` date
some of the events it leaves undated (``coding.attributes`` asks them in that
order).

An event of the first paragraph that no date expression dates takes the
dateline's day (``doc.spans["fp_dateline_date"]``). A report that opens with
a day ("26 February. Police ...", "On 12 March 2024, gunmen ...") is the
story of that day: its first paragraph's undated events take it
(``doc.spans["fp_lead_date"]``). Story-relative phrases ("the next day",
"two days earlier", "hours later", "at dawn") count from the day of the
story told so far; an undated event in the simple past right after a dated
deed of its paragraph takes that day (``date_from_story``). Otherwise an
event without a date of its own stays undated: the publication date is no
event's date, only the day of the news an act told in the present perfect or
a statement makes (``date_of_the_report``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from spacy.tokens import Doc, Span, Token

from flashpoint.nlp import extensions
from flashpoint.nlp.dates import (
    DATELINE_DATE_KEY,
    LEAD_DATE_KEY,
    LIVEBLOG_KEY,
    SAME_DAY_LABEL,
    SPAN_KEY,
    ResolvedDate,
    anniversary_noun,
    date_words,
)
from flashpoint.nlp.extensions import spans_of

PARAGRAPH_MIN_CHARS = 150  # a shorter line is a headline, not a paragraph


#: the key of ``doc.user_data`` holding where the first paragraph ends
FIRST_PARAGRAPH_KEY = "fp_first_paragraph_end"


def in_first_paragraph(doc: Doc, token_i: int) -> bool:
    """Whether a token lies in the article's first paragraph: up to the first
    blank line, else up to the end of the first line of some length (a
    headline above it belongs to it), else the whole text (where it ends is
    found once per Doc)."""
    end = doc.user_data.get(FIRST_PARAGRAPH_KEY)
    if end is None:
        text = extensions.text_of(doc)
        end = text.find("\n\n")
        if end < 0:
            offset = 0
            for line in text.split("\n"):
                offset += len(line) + 1
                if len(line.strip()) >= PARAGRAPH_MIN_CHARS:
                    end = offset - 1
                    break
        doc.user_data[FIRST_PARAGRAPH_KEY] = end
    return end < 0 or doc[token_i].idx < end


def _ancestors(token: Token) -> list[Token]:
    """The token and its heads up to the root."""
    chain = [token]
    while chain[-1].head.i != chain[-1].i:
        chain.append(chain[-1].head)
    return chain


def _tree_path(a: Token, b: Token) -> tuple[int, list[Token], list[Token]] | None:
    """Length of the dependency path from a to b, the tokens on a's way up
    (a excluded, the common ancestor included) and those on the way down to b
    (the common ancestor and b excluded)."""
    up_a, up_b = _ancestors(a), _ancestors(b)
    index_b = {t.i: n for n, t in enumerate(up_b)}
    for n, tok in enumerate(up_a):
        if tok.i in index_b:
            return n + index_b[tok.i], up_a[1 : n + 1], up_b[1 : index_b[tok.i]]
    return None


def _sentence_dates(doc: Doc, sent: Span) -> list[Span]:
    return [s for s in spans_of(doc, SPAN_KEY) if sent.start <= s.start < sent.end]


def _closest_date(trigger: Span, dates: list[Span]) -> Span | None:
    """The date syntactically closest to the trigger. A date reached only by
    climbing through a reporting verb ("On Friday, officials said ...") dates
    the report, not the trigger; one that modifies another event noun ("...
    condemned the April 22 attack") dates that event, unless the noun is the
    object of a light verb trigger ("launched strikes on Wednesday")."""
    data = date_words()
    speech = set(data["speech_lemmas"])
    event_nouns = set(data["anaphoric_nouns"])
    light = trigger.root.lemma_.lower() in data["light_verbs"]
    root = trigger.root
    best, best_key = None, None
    past = _told_in_past(root)
    for span in dates:
        if span.start < trigger.end and trigger.start < span.end:
            return span
        if past and _after_publication(span):
            continue  # "blocked the road ... over the July vote"
        if _in_when_clause(root, span):
            return span  # "since 2019, when a bombing killed 40": the clause's own time
        if span.root.head.lower_ in data["span_preps"] and span.root.dep_ == "pobj":
            continue  # "since 2018", "until May 31": a span of time, no event's day
        path = _tree_path(root, _anchor(trigger, span))
        if path is None:
            continue
        distance, climbed, descended = path
        if any(
            t.lemma_ in speech
            and t.pos_ in ("VERB", "AUX")
            and not evidential_report(t, root)
            and not _declared_act(t, root, climbed)
            for t in climbed
        ):
            continue
        if _climbs_out(root, climbed):
            continue
        if _enters_background(descended, root):
            continue
        if span.label_ == SAME_DAY_LABEL and _closes_background_phrase(span, root):
            continue
        if any(
            t.lemma_.lower() in event_nouns
            and t.pos_ in ("NOUN", "PROPN")
            and not trigger.start <= t.i < trigger.end
            and not (light and t.head.i == root.i and t.dep_ == "dobj")
            and not _own_event_noun(root, t)
            for t in descended
        ):
            continue
        key = (distance, abs(span.start - root.i))
        if best_key is None or key < best_key:
            best, best_key = span, key
    return best


def _anchor(trigger: Span, span: Span) -> Token:
    """Where a date sits in the tree: its root, but for a day an
    anniversary recalls, the anniversary noun, unless the trigger names the
    recalled happening ("marched on the anniversary of the massacre on 3
    June 1994": the march is tied to the anniversary, the massacre to its
    day)."""
    if span._.fp_date.recalled and not _recalled_by(trigger, span):
        noun = anniversary_noun(span)
        if noun is not None:
            return noun
    return span.root


def _declared_act(verb: Token, root: Token, climbed: list[Token]) -> bool:
    """The trigger is the act a declaring verb makes (``declaring_verbs``):
    it lies in the verb's direct object, reached through nouns and their
    prepositions only ("announced a ceasefire", "declared an extension of
    the truce"), so the verb's date is the act's."""
    if verb.lemma_.lower() not in date_words()["declaring_verbs"]:
        return False
    below = [root, *climbed[: climbed.index(verb)]] if verb in climbed else []
    if not below or below[-1].dep_ != "dobj":
        return False
    return all(t.pos_ in ("NOUN", "PROPN", "ADP") for t in below)


def _told_in_past(root: Token) -> bool:
    """The trigger's clause is told in a past tense: a past form ("burned",
    "was burned", "has burned", "had burned"), not a present, a future or a
    modal ("will burn", "could be burned")."""
    verb = root
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    if verb.pos_ not in ("VERB", "AUX") or verb.tag_ not in ("VBD", "VBN"):
        return False
    aux = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if any(c.tag_ == "MD" or c.lower_ in ("will", "'ll", "be", "being") for c in aux):
        return False
    return verb.tag_ == "VBD" or bool(aux) or verb.dep_ in ("ROOT", "conj")


def _after_publication(span: Span) -> bool:
    """A date after the report was published (the 1st of a month or a year
    that begins later): no date of an act told as done."""
    value, published = span._.fp_date, span.doc._.fp_published
    if value.date is None or published is None:
        return False
    day = published if isinstance(published, date) else date.fromisoformat(str(published)[:10])
    return date.fromisoformat(value.date) > day


def evidential_report(verb: Token, act: Token | None = None) -> bool:
    """A report without a reporter: a reporting verb in the passive with no
    "by" agent ("it was reported that gunmen abducted ...", "two men were
    reported to be tortured", "clashes have been reported in the town").
    No one's statement is told, only that the act became known: the report
    is a hedge on the act (as "reportedly" is), and a date on it dates the
    act. Not for an act told in the past perfect under it ("it was reported
    that rebels had burned ..."): that one is earlier than the report.
    ``act``: the trigger (or its verb) told under the report."""
    if verb.lemma_.lower() not in date_words()["speech_lemmas"]:
        return False
    if not any(c.dep_ == "auxpass" for c in verb.children):
        return False
    if any(c.dep_ == "agent" for c in verb.children):
        return False
    if act is not None:
        while act.pos_ not in ("VERB", "AUX") and act.head.i != act.i and act.i != verb.i:
            act = act.head
        if act.i != verb.i and any(
            c.dep_ == "aux" and c.lower_ in ("had", "'d") for c in act.children
        ):
            return False
    return True


def _in_when_clause(root: Token, span: Span) -> bool:
    """The trigger lies in a "when" clause that describes the date ("since
    2019, when New Delhi downgraded ties after a bombing killed 40", "in
    2016, when militants stormed a base"): what the clause tells happened
    then."""
    for clause in span.root.children:
        if clause.dep_ not in ("relcl", "advcl") or clause.i < span.end:
            continue
        if not any(c.lower_ == "when" and c.dep_ == "advmod" for c in clause.children):
            continue
        if clause.i == root.i or clause.is_ancestor(root):
            return True
    return False


def _enters_background(descended: list[Token], root: Token | None = None) -> bool:
    """The way down to a date enters a background clause ("killed ... after
    India struck camps on Wednesday": Wednesday dates the strike), a
    background phrase ("killed after the death of two men the day before",
    "attacked him ahead of a rally the next day"). A
    clause opened by "when" or "as" is the same event told again ("were
    killed when militants ambushed a patrol on Wednesday"). A clause that
    describes another noun's referent tells its own time ("called for
    freeing the men who were detained the day before",
    ``_describes_a_noun``, ``_about_people``); one on the trigger itself or on
    its actor is the trigger's (``_sets_the_scene``). A participle is kept: it may
    name the occasion ("in a statement issued late Tuesday", "talks hosted on
    Friday")."""
    markers = set(date_words()["background_markers"])
    if any(
        t.pos_ in ("ADP", "ADV") and t.lower_ in markers and t.dep_ in ("prep", "advmod")
        for t in descended
    ):
        return True
    if any(
        t.dep_ == "relcl"
        and _describes_a_noun(t)
        and _about_people(t)
        and not _sets_the_scene(t, root)
        for t in descended
    ):
        return True  # "called for freeing the men who were detained the day before"
    return any(
        any(c.dep_ == "mark" and c.lower_ in markers for c in t.children)
        and not same_incident_clause(t)
        and not _toll_of_the_attack(root, t)
        and not _hours_apart(t)
        for t in descended
    )


def _about_people(clause: Token) -> bool:
    """A relative clause about people ("who", "whom", "whose"): their own
    story. One opened by "which" or "that" may tell the event itself, hung
    on the wrong noun by the parser ("a feud over land, which left two dead
    on Monday")."""
    return any(t.lower_ in ("who", "whom", "whose") for t in clause.children) or any(
        t.lower_ in ("who", "whom", "whose") for c in clause.children for t in c.children
    )


def _sets_the_scene(clause: Token, root: Token | None) -> bool:
    """A relative clause on the trigger itself ("an attack that took place on
    Monday") or on its subject, the actor or the one it befell, or a name
    inside that phrase ("the minister, who arrived on Thursday, offered
    help", "a herder of the village, who was seized on Monday, was later
    held by police"): it tells the same occasion."""
    if root is None:
        return True
    noun = clause.head
    while noun.dep_ in ("pobj", "prep", "appos", "compound") and noun.head.i != noun.i:
        noun = noun.head  # "the resident of the town, X, who ..."
    return noun.i == root.i or (noun.head.i == root.i and noun.dep_ in ("nsubj", "nsubjpass"))


def _closes_background_phrase(span: Span, root: Token) -> bool:
    """A story-relative day written right after a background phrase ("shot
    after the funeral of a chief the day before", "beat him ahead of a
    march the next day"): it counts from that other happening and tells its
    day, wherever the parser hangs it (the day of the march, not of the
    beating)."""
    if span.start == 0:
        return False
    markers = set(date_words()["background_markers"])
    before = span.doc[span.start - 1]
    for tok in before.ancestors:
        if tok.i >= span.start:
            break
        if (
            tok.pos_ in ("ADP", "ADV")
            and tok.lower_ in markers
            and tok.dep_ in ("prep", "advmod")
            and tok.right_edge.i == before.i
        ):
            return not tok.left_edge.i <= root.i <= tok.right_edge.i
    return False


def _hours_apart(verb: Token) -> bool:
    """A background clause only hours or minutes away is the same day:
    "shelled the town hours after the talks on Friday collapsed"
    (``same_day_gaps``, on the clause's verb or on its marker)."""
    gaps = set(date_words()["same_day_gaps"])
    heads = [verb, *(c for c in verb.children if c.dep_ == "mark")]
    return any(c.dep_ == "npadvmod" and c.lemma_.lower() in gaps for h in heads for c in h.children)


def _toll_of_the_attack(root: Token | None, verb: Token) -> bool:
    """A toll told with the attack that caused it is one incident: "Three
    people were injured after shots were fired along the road on Sunday",
    "two died after gunmen attacked the bus on Monday": the trigger is a
    killed / injured word (``toll_lemmas``) and the clause's verb an attack
    (``antecedent_verbs``)."""
    data = date_words()
    return (
        root is not None
        and root.lemma_.lower() in data["toll_lemmas"]
        and verb.lemma_.lower() in data["antecedent_verbs"]
    )


def same_incident_clause(verb: Token) -> bool:
    """A background clause that goes on telling the same incident: its
    subject is a pronoun for the people just named and its verb is no attack
    ("were shot dead after they crossed the fence in Ferozepur on Sunday")."""
    data = date_words()
    if verb.pos_ not in ("VERB", "AUX") or verb.lemma_.lower() in data["antecedent_verbs"]:
        return False
    return any(
        c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in data["same_incident_subjects"]
        for c in verb.children
    )


def _own_event_noun(root: Token, noun: Token) -> bool:
    """An event noun in a phrase on the trigger that names the trigger's own
    event ("were injured in a cross-border firing on Sunday", "killed in an
    encounter on Tuesday")."""
    prep = noun.head
    return (
        noun.dep_ == "pobj"
        and prep.head.i == root.i
        and prep.lower_ in date_words()["own_event_preps"]
        and root.pos_ in ("VERB", "AUX")
    )


def _climbs_out(root: Token, climbed: list[Token]) -> bool:
    """The way up from the trigger leaves its event: out of a background
    clause ("after India struck camps") or out of a phrase on another verb
    ("shut on Wednesday in protest at the killings")."""
    data = date_words()
    markers = set(data["background_markers"])
    if not climbed:
        return False
    gaps = set(data["same_day_gaps"])
    if any(
        _describes_a_noun(tok) and (tok.dep_ == "relcl" or _told_in_past(tok.head))
        for tok in [root, *climbed[:-1]]
    ):
        return True  # "one of the men seized was freed on 5 May"
    for tok in [root, *climbed[:-1]]:
        if any(c.dep_ in ("mark", "advmod") and c.lower_ in markers for c in tok.children):
            if not any(c.dep_ == "npadvmod" and c.lemma_.lower() in gaps for c in tok.children):
                return True  # "hours after India struck" is the same day as its clause
    return any(
        (t.pos_ == "ADP" and t.lower_ in markers)  # "a fortnight after the massacre"
        or (
            t.pos_ == "ADP"
            and t.dep_ == "prep"
            and t.head.pos_ in ("VERB", "AUX")
            and t.lower_ not in data["link_preps"]
            and not _event_phrase(root, t)
            and not _doing_then(root, t)
        )
        for t in climbed
    )


def _doing_then(root: Token, prep: Token) -> bool:
    """The trigger is a present participle describing the people a phrase
    on the verb names ("shot at rioting inmates on Thursday", "charged
    at protesting farmers"): what they were doing then, at the verb's
    time."""
    return root.dep_ in ("amod", "compound") and root.tag_ == "VBG" and root.head.head.i == prep.i


def _event_phrase(root: Token, prep: Token) -> bool:
    """The trigger is the object of a phrase that, with its verb, names the
    act ("set the house on fire", "came under attack", "went on strike"):
    the verb's time is the act's (``event_phrase_verbs``)."""
    return (
        root.head.i == prep.i
        and root.dep_ == "pobj"
        and prep.head.lemma_.lower() in date_words()["event_phrase_verbs"]
    )


def _describes_a_noun(verb: Token) -> bool:
    """A clause that describes a noun's referent: a relative clause ("the
    men who were abducted in May") or a past participle ("the men seized",
    "a man assumed to have been wounded"). It tells what happened to them at
    its own time, not at the time of the clause around the noun ("... was
    released on 5 December"); a participle only when that clause tells a
    past happening (a caption's present, "a girl wounded in a strike lies in
    a hospital on 16 March", shows the wound's day). A progressive tells what they were doing then
    ("protesters marching", "men who were fleeing"): that time is the
    clause's."""
    if verb.dep_ == "relcl":
        return verb.tag_ != "VBG"
    return verb.dep_ == "acl" and verb.tag_ == "VBN" and verb.head.pos_ in ("NOUN", "PROPN", "PRON", "NUM")


def _refers_back(trigger: Span) -> bool:
    data = date_words()
    root = trigger.root
    if root.lemma_.lower() not in data["anaphoric_nouns"] or root.pos_ not in ("NOUN", "PROPN"):
        return False
    return any(c.dep_ == "det" and c.lower_ in data["anaphoric_determiners"] for c in root.children)


def _from_previous_sentence(doc: Doc, trigger: Span) -> Span | None:
    """'The attack ...' continuing a sentence that dated an attack-like event
    to a day ("stormed a post on April 30", "the strikes on Wednesday") takes
    that date."""
    sent = trigger.sent
    if sent.start == 0 or not _refers_back(trigger):
        return None
    previous = doc[sent.start - 1].sent
    dates = _sentence_dates(doc, previous)
    data = date_words()
    antecedents = {trigger.root.lemma_.lower()}
    if trigger.root.lemma_.lower() in data["generic_event_nouns"]:
        antecedents.update((*data["anaphoric_nouns"], *data["antecedent_verbs"]))
    for tok in previous:
        if tok.lemma_.lower() in antecedents:
            found = _closest_date(doc[tok.i : tok.i + 1], dates)
            # a month or a year ("In August 2019 ...", "last month's attack")
            # is too vague to say which event "the ambush" is: no date
            if found is not None and found._.fp_date.precision == "day":
                return found
    return None


def _told_where_it_took_place(doc: Doc, trigger: Span) -> Span | None:
    """The next sentence says when the incident just told happened: "A
    councillor was assaulted during a rally. The incident took place in the
    town on 7 June." Its subject refers back (an event noun of
    ``anaphoric_nouns`` with "the" / "this"), its verb is one of
    ``occurrence_verbs`` ("occur", "happen", "take place"), and a day is
    tied to that verb. The trigger's sentence has no date words; the next
    sentence is in the same paragraph."""
    sent = trigger.sent
    if sent.end >= len(doc):
        return None
    following = doc[sent.end].sent
    if "\n\n" in extensions.text_of(doc)[sent.end_char : following.start_char]:
        return None
    data = date_words()
    occurs = {str(w).lower() for w in data["occurrence_verbs"]}
    for tok in following:
        if tok.dep_ not in ("nsubj", "nsubjpass") or not _refers_back(doc[tok.i : tok.i + 1]):
            continue
        verb = tok.head
        lemma = verb.lemma_.lower()
        if lemma == "take" and any(c.dep_ == "dobj" and c.lower_ == "place" for c in verb.children):
            lemma = "take place"
        if lemma not in occurs:
            continue
        found = _closest_date(doc[verb.i : verb.i + 1], _sentence_dates(doc, following))
        if found is not None and found.label_ == "DATE" and found._.fp_date.precision == "day":
            return found
    return None


def date_for_event(
    doc: Doc, trigger: Span, *, earlier: Sequence[str | None] = ()
) -> ResolvedDate | None:
    """The date of the event whose trigger is ``trigger``: a date expression of
    its sentence tied to it, else (conservatively) the date of the same event
    in the sentence before, else, in the first paragraph, the dateline's
    date, else, in a live blog's entry, the entry's day, else None. Never the
    publication date by itself in an ordinary article.

    ``earlier``: the days (YYYY-MM-DD) of the article's events before this
    one. "Hours later" / "later that day" takes the latest of them: the story
    told so far (None when there is none)."""
    dates = _sentence_dates(doc, trigger.sent)
    dateline = list(spans_of(doc, DATELINE_DATE_KEY))
    dates = [d for d in dates if d not in dateline]
    found = _closest_date(trigger, dates) if dates else _from_previous_sentence(doc, trigger)
    if found is None and not dates:
        found = _told_where_it_took_place(doc, trigger)
    if found is None and dates:
        found = _report_day(trigger, dates)
    opening = in_first_paragraph(doc, trigger.start) and not _past_perfect(trigger.root)
    if found is None and dateline and opening:
        found = dateline[0]
    lead = spans_of(doc, LEAD_DATE_KEY)
    if found is None and lead and opening:
        found = lead[0]
    if found is None:
        found = _liveblog_entry(doc, trigger)
    if found is None:
        return None if dates else _news_of_the_day(doc, trigger)
    value = found._.fp_date
    if found.label_ == SAME_DAY_LABEL:
        days = [d for d in earlier if d]
        lead = spans_of(doc, LEAD_DATE_KEY)
        if not days and lead and lead[0]._.fp_date.precision == "day":
            days = [lead[0]._.fp_date.date]
        if not days:
            return None
        day = date.fromisoformat(max(days)) + timedelta(days=value.offset)
        return ResolvedDate(day.isoformat(), "day", value.text)
    if value.recalled and _recalled_by(trigger, found):
        return ResolvedDate(value.recalled, value.precision, value.text)
    return ResolvedDate(value.date, value.precision, value.text)


def _recalled_by(trigger: Span, span: Span) -> bool:
    """The trigger names the old happening an anniversary recalls: it lies
    between the anniversary noun and the recalled day ("the anniversary of
    the massacre of farmers on 3 June 1994": the massacre keeps 1994)."""
    noun = anniversary_noun(span)
    return noun is not None and noun.i < trigger.start and trigger.end <= span.start


def _news_of_the_day(doc: Doc, trigger: Span) -> ResolvedDate | None:
    """The publication day for an act told in the present perfect with no
    date words in its sentence ("Pakistan and Afghanistan have agreed to a
    ceasefire", "Police have detained 40 people"): the news of the day the
    report was written. Not for an event named by a noun (it may be an older
    one: "the attack has been condemned"), nor for a perfect of duration
    ("have been fighting", "has long demanded") or one under a modal ("would
    have struck"). None without a publication date."""
    published = doc._.fp_published
    root = trigger.root
    if published is None or root.pos_ not in ("VERB", "AUX") or root.tag_ != "VBN":
        return None
    aux = [c for c in root.children if c.dep_ in ("aux", "auxpass")]
    perfect = [c for c in aux if c.lower_ in ("has", "have", "'ve", "'s")]
    if not perfect or any(c.tag_ == "MD" for c in aux):
        return None
    if any(
        c.dep_ == "advmod" and c.lower_ in date_words()["duration_adverbs"] for c in root.children
    ):
        return None
    words = doc[perfect[0].i : root.i + 1].text
    day = published if isinstance(published, date) else date.fromisoformat(str(published)[:10])
    return ResolvedDate(day.isoformat(), "day", words)


def date_of_the_report(doc: Doc, trigger: Span) -> ResolvedDate | None:
    """The publication day for a verbal act (a statement, an appeal, an
    agreement, a threat) that no date words in its sentence date: "He also
    thanked the mediators", "the union says force is forbidden". What a news
    report tells of what someone said or agreed, undated, is that day's news.
    Only for an act told by a verb in the simple past, the present or the
    present perfect: a past perfect ("had agreed") is earlier (but in reported
    speech, "said ... he had agreed", it is the speaker's past moved back a
    tense: ``_reported_past``), a perfect of
    duration ("has long demanded") or a progressive ("has been demanding") is
    no one day (a present progressive, "they are committing to peace", is),
    and a noun may name an older act ("the agreement"). The
    caller asks only for verbal (non-material) acts. None without a
    publication date."""
    published = doc._.fp_published
    if published is None:
        return None
    sent = trigger.sent
    if any(sent.start <= s.start < sent.end for s in spans_of(doc, SPAN_KEY)):
        return None
    verb = trigger.root
    while verb.pos_ not in ("VERB", "AUX") and verb.dep_ in ("xcomp", "dobj", "prt") and verb.head.i != verb.i:
        verb = verb.head
    if verb.pos_ not in ("VERB", "AUX"):
        return None
    aux = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    reported = _reported_past(verb)
    if any(
        (c.lower_ in ("had", "'d") and not reported) or c.lower_ == "been" or c.tag_ == "MD"
        for c in aux
    ):
        return None  # earlier, or not done yet ("will deploy")
    if verb.tag_ == "VBG" and not any(c.lower_ in ("is", "are", "am", "'s", "'re") for c in aux):
        return None
    if verb.tag_ not in ("VBD", "VBZ", "VBP", "VB", "VBN", "VBG"):
        return None
    finite = ("has", "have", "'ve", "was", "were", "is", "are", *(("had", "'d") if reported else ()))
    if verb.tag_ == "VBN" and not any(c.lower_ in finite for c in aux):
        return None
    if any(c.dep_ == "advmod" and c.lower_ in date_words()["duration_adverbs"] for c in verb.children):
        return None
    day = published if isinstance(published, date) else date.fromisoformat(str(published)[:10])
    return ResolvedDate(day.isoformat(), "day", None)


def _reported_past(verb: Token) -> bool:
    """A past perfect told in reported speech ("the office said ..., adding
    that the president had urged talks"): the speaker's simple past moved
    back a tense ("the president urged talks"), so it is that report's act,
    not an earlier one. The verb is the object clause of a reporting verb
    that is itself no past perfect."""
    head = verb.head
    return (
        verb.dep_ == "ccomp"
        and head.pos_ in ("VERB", "AUX")
        and head.lemma_.lower() in date_words()["speech_lemmas"]
        and not any(c.dep_ == "aux" and c.lower_ in ("had", "'d") for c in head.children)
    )


def date_of_the_pledge(doc: Doc, trigger: Span) -> ResolvedDate | None:
    """The day a verbal act told as a future under a reporting verb was made:
    "The navy will sink any boat that crosses the line, the minister said
    on Wednesday", "the president announced that the army would halt its
    attacks". A threat, a promise or a demand is made by saying it: its day
    is the day of the saying (a date on the reporting verb), or, with no date
    words in the sentence, the report's day. The caller asks only for verbal
    (non-material) acts; the future itself ("the minister will sign the
    accord", told by no one) is no act done yet. None without a publication
    date or where the reporting verb is itself a future, a modal or a past
    perfect ("had announced": an earlier day)."""
    verb = trigger.root
    while verb.pos_ not in ("VERB", "AUX") and verb.dep_ in ("xcomp", "dobj", "prt") and verb.head.i != verb.i:
        verb = verb.head
    if verb.pos_ not in ("VERB", "AUX") or not _future(verb):
        return None
    report = _report_verb(verb)
    if report is None or report.tag_ not in ("VBD", "VBZ", "VBP"):
        return None
    if any(c.dep_ in ("aux", "auxpass") and (c.tag_ == "MD" or c.lower_ in ("had", "'d")) for c in report.children):
        return None
    sent = trigger.sent
    dates = [s for s in spans_of(doc, SPAN_KEY) if sent.start <= s.start < sent.end]
    for span in dates:
        head = span.root
        while head.i != report.i and head.dep_ in ("pobj", "prep", "npadvmod") and head.head.i != head.i:
            head = head.head
        value = span._.fp_date
        if head.i == report.i and span.label_ == "DATE" and value.date and value.precision == "day":
            return ResolvedDate(value.date, "day", value.text)
    if dates or doc._.fp_published is None:
        return None
    published = doc._.fp_published
    day = published if isinstance(published, date) else date.fromisoformat(str(published)[:10])
    return ResolvedDate(day.isoformat(), "day", None)


def _future(verb: Token) -> bool:
    """ "will strike", "would end", "'ll keep" (or a verb joined to one:
    "will keep ships there and strike anyone")."""
    future = set(date_words()["future_aux"])
    while True:
        if any(c.dep_ == "aux" and c.lower_ in future for c in verb.children):
            return True
        if verb.dep_ != "conj" or verb.head.i == verb.i:
            return False
        verb = verb.head


def date_from_story(
    doc: Doc, trigger: Span, earlier: Sequence[tuple[Span, ResolvedDate | None]]
) -> ResolvedDate | None:
    """The day of an event that no date words date, told in the simple past
    (or the past progressive) right after an event or a deed dated to a day:
    one incident told over several sentences ("Police broke up the sit-in on
    16 June. Several workers were wounded.", "... They were protesting the
    expulsion of two pupils."). ``earlier``: the trigger spans of the
    article's events before this one with their dates (None when not dated
    to a day), in text order; the dates of deeds no event was coded for
    count too (``_story_dates``).

    The dated event or deed must be in the same paragraph, at most
    ``story_carry_sentences`` sentences back. Not for a sentence with date
    words of its own (they date it or deliberately do not), nor for a verb
    in another tense: a past perfect ("had warned") is before it, a present
    or a future is not that day, nor for an event named by a noun (it may be
    another, earlier one: "The ambush was condemned by officials")."""
    data = date_words()
    sent = trigger.sent
    if any(sent.start <= s.start < sent.end for s in spans_of(doc, SPAN_KEY)):
        return None
    root = _under_a_hedge(trigger.root)
    if root.pos_ not in ("VERB", "AUX") or not (_simple_past(root) or _progressive(root)):
        return None  # "The ambush was condemned": a noun may name another event
    reach = data["story_carry_sentences"]
    told = [(span.start, span, day) for span, day in earlier if day is not None]
    told += [(span.start, span, span._.fp_date) for span in _story_dates(doc)]
    for _, span, day in sorted(told, key=lambda item: item[0], reverse=True):
        if span.start >= trigger.start or not (day.date and day.precision == "day"):
            continue
        if "\n\n" in extensions.text_of(doc)[span.end_char : trigger.start_char]:
            return None
        if extensions.sentences_spanned(doc, span.start, trigger.start + 1) - 1 > reach:
            return None
        return ResolvedDate(day.date, "day", day.text)
    return None


def _under_a_hedge(root: Token) -> Token:
    """The verb whose tense tells the trigger's: the trigger, or the report
    without a reporter it is the complement of ("Several people were
    reported injured", "two were reported killed": the report is a hedge on
    the act, ``evidential_report``, and its "were reported" the act's
    simple past)."""
    head = root.head
    if root.dep_ in ("oprd", "xcomp") and root.tag_ == "VBN" and head.i != root.i:
        if evidential_report(head, root):
            return head
    return root


def _clause_verb(token: Token) -> Token | None:
    """The verb whose clause a trigger lies in: the trigger itself, or the
    verb its phrase hangs from ("gathered ... as part of a protest")."""
    for _ in range(7):
        if token.pos_ in ("VERB", "AUX"):
            return token
        if token.head.i == token.i:
            return None
        token = token.head
    return None


def _noun_subject(verb: Token) -> Token | None:
    found = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    return found[0] if found and found[0].pos_ in ("NOUN", "PROPN") else None


def date_of_a_deed_told_again(doc: Doc, trigger: Span) -> ResolvedDate | None:
    """The day of a deed a report tells again in other words, without its
    date: "Some 200 villagers had gathered in the square on Friday evening.
    ... A witness said the villagers had gathered to protest against the
    curfew." The trigger's sentence has no date words; the verb of its
    clause and that verb's subject (a noun, not a pronoun) are those of an
    earlier clause of the article, at most ``retold_reach_sentences`` back,
    that a day dates (``_closest_date``). Not for a reporting verb, nor for
    a toll's verb ("people were killed" is told of many incidents) unless
    its subject is a name: a named man dies once ("Ram Das died in the town
    on Monday. ... organisers said Das died in a clash with police")."""
    data = date_words()
    sent = trigger.sent
    if any(sent.start <= s.start < sent.end for s in doc.spans.get(SPAN_KEY, [])):
        return None
    verb = _clause_verb(trigger.root)
    if verb is None:
        return None
    lemma = verb.lemma_.lower()
    if lemma in data["speech_lemmas"]:
        return None
    subject = _noun_subject(verb)
    if subject is None or (lemma in data["toll_lemmas"] and subject.pos_ != "PROPN"):
        return None
    reach = data["retold_reach_sentences"]
    before = [s for s in doc.sents if s.end <= sent.start and s.text.strip()]
    for earlier in reversed(before[-reach:]):
        for tok in earlier:
            if tok.lemma_.lower() != lemma or tok.pos_ not in ("VERB", "AUX"):
                continue
            other = _noun_subject(tok)
            if other is None or other.lemma_.lower() != subject.lemma_.lower():
                continue
            found = _closest_date(doc[tok.i : tok.i + 1], _sentence_dates(doc, earlier))
            if found is not None and found.label_ == "DATE" and found._.fp_date.precision == "day":
                value = found._.fp_date
                return ResolvedDate(value.date, "day", value.text)
    return None


def _story_dates(doc: Doc) -> list[Span]:
    """Dates that tell the day of something done (an event the coder may not
    have coded: "Rival supporters clashed on Friday, 15 June. One of them was
    injured."), not the day of a report ("On Friday, police said ...") nor
    a bound of time ("since May 3")."""
    data = date_words()
    speech = set(data["speech_lemmas"])
    found = []
    for span in spans_of(doc, SPAN_KEY):
        if span.label_ != "DATE" or span._.fp_date.precision != "day":
            continue
        if span.root.head.lower_ in data["span_preps"]:
            continue
        verb = span.root
        while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
            verb = verb.head
        if verb.pos_ in ("VERB", "AUX") and verb.lemma_.lower() in speech:
            continue
        found.append(span)
    return found


def _past_perfect(root: Token) -> bool:
    """The trigger is a verb in the past perfect ("had burned", "had been
    detained"): a time before the day the report tells, so neither the
    dateline's nor the opening day is its day (a noun keeps them: "strikes"
    under "said it had destroyed" is no past perfect of its own)."""
    return root.pos_ in ("VERB", "AUX") and any(
        c.dep_ == "aux" and c.lower_ in ("had", "'d") for c in root.children
    )


def _simple_past(root: Token) -> bool:
    """The clause of the trigger is in the simple past (active or passive):
    its verb (the trigger or the verb it hangs from) is a past form with no
    auxiliary of another tense."""
    verb = root
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    if verb.pos_ not in ("VERB", "AUX") or verb.tag_ not in ("VBD", "VBN"):
        return False
    other = set(date_words()["not_past_aux"])
    aux = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if verb.tag_ == "VBN" and not aux:
        return verb.dep_ in ("ROOT", "conj", "acl", "advcl")  # "One rioter killed."
    return not any(c.lower_ in other for c in aux)


def _report_day(trigger: Span, dates: list[Span]) -> Span | None:
    """The day of a report of a just-done act, when the report's day is the
    sentence's only date: "Early on Saturday India said it had struck eight
    sites" (a past perfect whose actor is the speaker), "Airstrikes pounded
    the city and killed 40 people, medics said on Tuesday" (the simple past
    told first, its source after it: the news of that day), "The navy said
    Tuesday it was deploying ships" (the progressive: under way that day;
    so is a clause of the same time on a state of being under way: "said on
    Sunday a coup attempt was underway as soldiers joined the protests").
    Otherwise the date dates only the report: "On Friday, officials said
    rebels had burned the office", "On Thursday the army said troops
    shelled camps" (it may be days before)."""
    root = trigger.root
    verb = root
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    during = _same_time_head(verb)
    if during is not None and _ongoing(during):
        verb = during  # "said on Sunday fighting was under way as troops joined"
    report = _report_verb(verb)
    if report is None or len(dates) != 1:
        return None
    perfect = any(c.dep_ == "aux" and c.lower_ == "had" for c in verb.children)
    if perfect and not _self_report(verb):
        return None
    if not perfect and not _ongoing(verb) and not (_simple_past(verb) and report.i > verb.i):
        return None  # "On Thursday the army said troops shelled ...": the report's day
    span = dates[0]
    head = span.root
    while head.dep_ in ("pobj", "prep", "advmod", "npadvmod") and head.head is not head:
        head = head.head
        if head.i == report.i:
            break
    if head.i != report.i or not any(t.dep_ in ("pobj", "npadvmod") for t in span):
        return None  # ("Late on Thursday": the day's word is the object)
    return span if span._.fp_date.precision == "day" else None


def _same_time_head(verb: Token) -> Token | None:
    """The verb a clause of the same time hangs from ("... was under way as
    soldiers joined the protests": "was"), for a clause opened by one of
    ``same_time_marks``; else None."""
    marks = set(date_words()["same_time_marks"])
    if verb.dep_ != "advcl" or verb.head.pos_ not in ("VERB", "AUX"):
        return None
    if not any(c.dep_ == "mark" and c.lower_ in marks for c in verb.children):
        return None
    return verb.head


def _ongoing(verb: Token) -> bool:
    """A clause of what was going on when it was told: a past progressive
    ("was deploying") or a state of being under way ("fighting was
    underway", "the operation is ongoing": ``ongoing_words``)."""
    if _progressive(verb):
        return True
    words = set(date_words()["ongoing_words"])
    return verb.lemma_.lower() == "be" and any(
        c.dep_ in ("acomp", "advmod", "attr") and c.lower_ in words for c in verb.children
    )


def _report_verb(verb: Token) -> Token | None:
    """The reporting verb a clause is told under: its head ("said it had
    struck"), or an attribution after it ("..., medics said on Tuesday")."""
    speech = set(date_words()["speech_lemmas"])
    while verb.dep_ == "conj" and verb.head.i != verb.i:
        verb = verb.head
    head = verb.head
    if verb.dep_ == "ccomp" and head.pos_ in ("VERB", "AUX") and head.lemma_.lower() in speech:
        return head
    for child in verb.children:
        if (
            child.dep_ in ("ccomp", "parataxis")
            and child.i > verb.i
            and child.pos_ in ("VERB", "AUX")
            and child.lemma_.lower() in speech
        ):
            return child
    return None


def _progressive(verb: Token) -> bool:
    """ "was deploying", "were fleeing": a past progressive."""
    return verb.tag_ == "VBG" and any(
        c.dep_ == "aux" and c.lower_ in ("was", "were") for c in verb.children
    )


def _self_report(act: Token) -> bool:
    """The act's subject is the speaker: "it", "we", "they", "its forces"."""
    own = set(date_words()["self_report_pronouns"])
    for child in act.children:
        if child.dep_ in ("nsubj", "nsubjpass"):
            return child.lower_ in own or any(
                c.dep_ == "poss" and c.lower_ in own for c in child.children
            )
    return False


def _liveblog_entry(doc: Doc, trigger: Span) -> Span | None:
    """The timestamp of the live-blog entry the trigger is written in."""
    before = [s for s in spans_of(doc, LIVEBLOG_KEY) if s.end <= trigger.start]
    return before[-1] if before else None
