"""Which clause a date belongs to: a report with no reporter, a clause that
describes a noun, a story-relative day after a background phrase, an act
named by a verb's phrase, a date after publication, a pledge made by saying
it, and "the week of": rule logic on hand-built Docs (fast tier). Sentences
written for these tests."""

from __future__ import annotations

from datetime import date

from spacy.tokens import Doc, Span

from flashpoint.coding.event_dates import (
    _closest_date,
    _describes_a_noun,
    _past_perfect,
    date_for_event,
    date_of_the_pledge,
    evidential_report,
)
from flashpoint.nlp import extensions
from flashpoint.nlp.dates import SAME_DAY_LABEL, SPAN_KEY, DateFinder, ResolvedDate
from handdocs import build, token

PUBLISHED = date(2021, 6, 20)


def dated(doc: Doc, *spans: tuple[int, int, str, str, str], published=PUBLISHED) -> Doc:
    """The Doc with its date spans: (start, end, label, iso date or "", precision)."""
    extensions.register()
    doc._.fp_published = published
    found = []
    for start, end, label, iso, precision in spans:
        span = Span(doc, start, end, label=label)
        offset = 1 if label == SAME_DAY_LABEL else 0
        span._.fp_date = ResolvedDate(iso or None, precision, span.text, offset)
        found.append(span)
    doc.spans[SPAN_KEY] = found
    return doc


def one(doc: Doc, word: str) -> Span:
    tok = token(doc, word)
    return doc[tok.i : tok.i + 1]


_IT_WAS_REPORTED = """
On 5 prep ADP IN -
3 2 nummod NUM CD -
June 0 pobj PROPN NNP -
it 5 nsubjpass PRON PRP -
was 5 auxpass AUX VBD be
reported 5 ROOT VERB VBN report
that 8 mark SCONJ IN -
gunmen 8 nsubj NOUN NNS gunman
abducted 5 ccomp VERB VBD abduct
traders 8 dobj NOUN NNS trader
. 5 punct PUNCT . -
"""

_OFFICIALS_REPORTED = """
On 4 prep ADP IN -
3 2 nummod NUM CD -
June 0 pobj PROPN NNP -
officials 4 nsubj NOUN NNS official
reported 4 ROOT VERB VBD report
that 7 mark SCONJ IN -
gunmen 7 nsubj NOUN NNS gunman
abducted 4 ccomp VERB VBD abduct
traders 7 dobj NOUN NNS trader
. 4 punct PUNCT . -
"""

_HAD_ABDUCTED = """
On 5 prep ADP IN -
3 2 nummod NUM CD -
June 0 pobj PROPN NNP -
it 5 nsubjpass PRON PRP -
was 5 auxpass AUX VBD be
reported 5 ROOT VERB VBN report
that 9 mark SCONJ IN -
gunmen 9 nsubj NOUN NNS gunman
had 9 aux AUX VBD have
abducted 5 ccomp VERB VBN abduct
traders 9 dobj NOUN NNS trader
. 5 punct PUNCT . -
"""


def test_a_report_without_a_reporter_dates_what_it_reports():
    doc = dated(build(_IT_WAS_REPORTED), (1, 3, "DATE", "2021-06-03", "day"))
    assert evidential_report(token(doc, "reported"), token(doc, "abducted"))
    assert date_for_event(doc, one(doc, "abducted")).date == "2021-06-03"


def test_a_named_reporter_dates_only_the_report():
    doc = dated(build(_OFFICIALS_REPORTED), (1, 3, "DATE", "2021-06-03", "day"))
    assert not evidential_report(token(doc, "reported"), token(doc, "abducted"))
    assert _closest_date(one(doc, "abducted"), list(doc.spans[SPAN_KEY])) is None


def test_a_past_perfect_under_a_report_is_earlier_than_it():
    doc = dated(build(_HAD_ABDUCTED), (1, 3, "DATE", "2021-06-03", "day"))
    assert not evidential_report(token(doc, "reported"), token(doc, "abducted"))
    assert _past_perfect(token(doc, "abducted"))
    assert _closest_date(one(doc, "abducted"), list(doc.spans[SPAN_KEY])) is None


_THOSE_SEIZED = """
One 5 nsubjpass NUM CD -
of 0 prep ADP IN -
those 1 pobj PRON DT -
seized 2 acl VERB VBN seize
was 5 auxpass AUX VBD be
freed 5 ROOT VERB VBN free
on 5 prep ADP IN -
5 8 nummod NUM CD -
May 6 pobj PROPN NNP -
. 5 punct PUNCT . -
"""

_WHO_WERE_FLEEING = """
Men 5 nsubjpass NOUN NNS man
who 3 nsubj PRON WP -
were 3 aux AUX VBD be
fleeing 0 relcl VERB VBG flee
were 5 auxpass AUX VBD be
shot 5 ROOT VERB VBN shoot
on 5 prep ADP IN -
5 8 nummod NUM CD -
May 6 pobj PROPN NNP -
. 5 punct PUNCT . -
"""


def test_a_participle_on_a_noun_keeps_its_own_time():
    doc = dated(build(_THOSE_SEIZED), (7, 9, "DATE", "2021-05-05", "day"))
    assert _describes_a_noun(token(doc, "seized"))
    dates = list(doc.spans[SPAN_KEY])
    assert _closest_date(one(doc, "seized"), dates) is None
    assert _closest_date(one(doc, "freed"), dates).text == "5 May"


def test_a_progressive_on_a_noun_is_the_time_of_its_clause():
    doc = dated(build(_WHO_WERE_FLEEING), (7, 9, "DATE", "2021-05-05", "day"))
    assert not _describes_a_noun(token(doc, "fleeing"))
    assert _closest_date(one(doc, "fleeing"), list(doc.spans[SPAN_KEY])).text == "5 May"


_RETURN_OF_MEN = """
Youths 1 nsubj NOUN NNS youth
sought 1 ROOT VERB VBD seek
the 3 det DET DT -
return 1 dobj NOUN NN -
of 3 prep ADP IN -
men 4 pobj NOUN NNS man
who 8 nsubjpass PRON WP -
were 8 auxpass AUX VBD be
seized 5 relcl VERB VBN seize
on 8 prep ADP IN -
4 11 nummod NUM CD -
May 9 pobj PROPN NNP -
. 1 punct PUNCT . -
"""


def test_a_date_inside_a_clause_on_another_noun_is_that_clause_s():
    doc = dated(build(_RETURN_OF_MEN), (10, 12, "DATE", "2021-05-04", "day"))
    dates = list(doc.spans[SPAN_KEY])
    assert _closest_date(one(doc, "sought"), dates) is None
    assert _closest_date(one(doc, "seized"), dates).text == "4 May"


_WHO_ARRIVED = """
The 1 det DET DT -
envoy 6 nsubj NOUN NN -
who 3 nsubj PRON WP -
arrived 1 relcl VERB VBD arrive
on 3 prep ADP IN -
Thursday 4 pobj PROPN NNP -
offered 6 ROOT VERB VBD offer
help 6 dobj NOUN NN -
. 6 punct PUNCT . -
"""


def test_a_clause_on_the_actor_sets_the_scene_of_the_act():
    doc = dated(build(_WHO_ARRIVED), (5, 6, "DATE", "2021-06-17", "day"))
    assert _closest_date(one(doc, "offered"), list(doc.spans[SPAN_KEY])).text == "Thursday"


_AHEAD_OF_A_RALLY = """
Men 1 nsubj NOUN NNS man
attacked 1 ROOT VERB VBD attack
him 1 dobj PRON PRP he
ahead 1 advmod ADV RB -
of 3 prep ADP IN -
a 6 det DET DT -
rally 4 pobj NOUN NN -
the 9 det DET DT -
next 9 amod ADJ JJ -
day 1 npadvmod NOUN NN -
. 1 punct PUNCT . -
"""


def test_a_story_day_after_a_background_phrase_is_that_phrase_s():
    doc = dated(build(_AHEAD_OF_A_RALLY), (7, 10, SAME_DAY_LABEL, "", "day"))
    dates = list(doc.spans[SPAN_KEY])
    assert _closest_date(one(doc, "attacked"), dates) is None
    assert _closest_date(one(doc, "rally"), dates) is not None


_SET_ON_FIRE = """
Rioters 1 nsubj NOUN NNS rioter
set 1 ROOT VERB VBD -
a 3 det DET DT -
shop 1 dobj NOUN NN -
on 1 prep ADP IN -
fire 4 pobj NOUN NN -
on 1 prep ADP IN -
4 8 nummod NUM CD -
May 6 pobj PROPN NNP -
. 1 punct PUNCT . -
"""

_SHUT_FOR_A_STRIKE = """
Shops 1 nsubj NOUN NNS shop
shut 1 ROOT VERB VBD -
for 1 prep ADP IN -
strike 2 pobj NOUN NN -
on 1 prep ADP IN -
4 6 nummod NUM CD -
May 4 pobj PROPN NNP -
. 1 punct PUNCT . -
"""


def test_an_act_named_by_its_verb_s_phrase_takes_the_verb_s_time():
    doc = dated(build(_SET_ON_FIRE), (7, 9, "DATE", "2021-05-04", "day"))
    assert _closest_date(one(doc, "fire"), list(doc.spans[SPAN_KEY])).text == "4 May"
    other = dated(build(_SHUT_FOR_A_STRIKE), (5, 7, "DATE", "2021-05-04", "day"))
    assert _closest_date(one(other, "strike"), list(other.spans[SPAN_KEY])) is None


_OVER_THE_VOTE = """
Rioters 1 nsubj NOUN NNS rioter
blocked 1 ROOT VERB VBD block
roads 1 dobj NOUN NNS road
over 1 prep ADP IN -
the 6 det DET DT -
July 6 compound PROPN NNP -
vote 3 pobj NOUN NN -
. 1 punct PUNCT . -
"""


def test_a_date_after_publication_dates_no_act_told_as_done():
    doc = build(_OVER_THE_VOTE)
    dates = list(dated(doc, (5, 6, "DATE", "2021-07-01", "month")).spans[SPAN_KEY])
    assert _closest_date(one(doc, "blocked"), dates) is None
    earlier = build(_OVER_THE_VOTE)
    dates = list(dated(earlier, (5, 6, "DATE", "2021-06-01", "month")).spans[SPAN_KEY])
    assert _closest_date(one(earlier, "blocked"), dates) is not None


_WILL_STRIKE = """
The 1 det DET DT -
navy 3 nsubj NOUN NN -
will 3 aux AUX MD -
strike 9 ccomp VERB VB -
any 5 det DET DT -
boat 3 dobj NOUN NN -
, 9 punct PUNCT , -
the 8 det DET DT -
minister 9 nsubj NOUN NN -
said 9 ROOT VERB VBD say
on 9 prep ADP IN -
Tuesday 10 pobj PROPN NNP -
. 9 punct PUNCT . -
"""


def test_a_pledge_is_made_on_the_day_it_is_said():
    doc = dated(build(_WILL_STRIKE), (11, 12, "DATE", "2021-06-15", "day"))
    found = date_of_the_pledge(doc, one(doc, "strike"))
    assert (found.date, found.text) == ("2021-06-15", "Tuesday")
    # told by no one, a future is no act yet
    alone = dated(build(
        """
The 1 det DET DT -
navy 3 nsubj NOUN NN -
will 3 aux AUX MD -
strike 3 ROOT VERB VB -
any 5 det DET DT -
boat 3 dobj NOUN NN -
. 3 punct PUNCT . -
"""
    ))
    assert date_of_the_pledge(alone, one(alone, "strike")) is None


def test_an_undated_pledge_is_the_report_s_day():
    doc = dated(build(_WILL_STRIKE.replace("Tuesday 10 pobj PROPN NNP -", "time 10 pobj NOUN NN -")))
    assert date_of_the_pledge(doc, one(doc, "strike")).date == "2021-06-20"


def test_the_week_of_a_day_is_that_week():
    doc = build(
        """
In 0 ROOT ADP IN -
the 2 det DET DT -
week 0 pobj NOUN NN -
of 2 prep ADP IN -
16 5 nummod NUM CD -
June 3 pobj PROPN NNP -
"""
    )
    extensions.register()
    doc._.fp_published = PUBLISHED
    DateFinder()(doc)
    found = [(s.text, s._.fp_date.date, s._.fp_date.precision) for s in doc.spans[SPAN_KEY]]
    assert found == [("the week of 16 June", "2021-06-14", "week")]


_RIOTING_INMATES = """
Guards 1 nsubj NOUN NNS guard
fired 1 ROOT VERB VBD fire
on 1 prep ADP IN -
rioting 4 amod VERB VBG riot
inmates 2 pobj NOUN NNS inmate
on 1 prep ADP IN -
Thursday 5 pobj PROPN NNP -
. 1 punct PUNCT . -
"""


def test_people_doing_something_do_it_at_the_verb_s_time():
    doc = dated(build(_RIOTING_INMATES), (6, 7, "DATE", "2021-06-17", "day"))
    assert _closest_date(one(doc, "rioting"), list(doc.spans[SPAN_KEY])).text == "Thursday"
    past = dated(build(_RIOTING_INMATES.replace("rioting 4 amod VERB VBG riot",
                                                  "jailed 4 amod VERB VBN jail")),
                 (6, 7, "DATE", "2021-06-17", "day"))
    assert _closest_date(one(past, "jailed"), list(past.spans[SPAN_KEY])) is None


def test_a_which_clause_may_tell_the_event_itself():
    doc = dated(build(
        """
Youths 1 nsubj NOUN NNS youth
clashed 1 ROOT VERB VBD clash
over 1 prep ADP IN -
fees 2 pobj NOUN NNS fee
, 3 punct PUNCT , -
which 6 nsubj PRON WDT -
left 3 relcl VERB VBD leave
two 8 nummod NUM CD -
dead 6 oprd ADJ JJ -
on 6 prep ADP IN -
4 11 nummod NUM CD -
May 9 pobj PROPN NNP -
. 1 punct PUNCT . -
"""
    ), (10, 12, "DATE", "2021-05-04", "day"))
    assert _closest_date(one(doc, "clashed"), list(doc.spans[SPAN_KEY])).text == "4 May"


def test_a_clause_on_a_name_in_the_subject_sets_the_scene():
    doc = dated(build(
        """
The 1 det DET DT -
mother 11 nsubjpass NOUN NN -
of 1 prep ADP IN -
a 4 det DET DT -
herder 2 pobj NOUN NN -
who 7 nsubjpass PRON WP -
was 7 auxpass AUX VBD be
seized 4 relcl VERB VBN seize
on 7 prep ADP IN -
Monday 8 pobj PROPN NNP -
was 11 auxpass AUX VBD be
held 11 ROOT VERB VBN hold
. 11 punct PUNCT . -
"""
    ), (9, 10, "DATE", "2021-06-14", "day"))
    assert _closest_date(one(doc, "held"), list(doc.spans[SPAN_KEY])).text == "Monday"


def test_a_month_read_by_dateparser_is_dated_by_its_first_day():
    from flashpoint.nlp.dates import _dateparser_reading

    assert _dateparser_reading("March", date(2018, 4, 4)) == (date(2018, 3, 1), "month")
    assert _dateparser_reading("2016", date(2018, 4, 4)) == (date(2016, 1, 1), "year")


def test_a_month_before_of_and_a_name_is_a_name():
    doc = build(
        """
Crowds 1 nsubj NOUN NNS crowd
joined 1 ROOT VERB VBD join
the 3 det DET DT -
March 1 dobj PROPN NNP -
of 3 prep ADP IN -
Hope 4 pobj PROPN NNP -
in 1 prep ADP IN -
March 6 pobj PROPN NNP -
of 7 prep ADP IN -
2019 8 pobj NUM CD -
"""
    )
    extensions.register()
    doc._.fp_published = PUBLISHED
    DateFinder()(doc)
    found = [(s.text, s._.fp_date.date, s._.fp_date.precision) for s in doc.spans[SPAN_KEY]]
    assert found == [("March of 2019", "2019-03-01", "month")]
