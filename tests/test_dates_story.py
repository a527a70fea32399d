"""Dates of real copy: numeric and hyphenated dates, dates that are part of
a name, the date a report opens with, and story-relative days ("the next
day", "two days earlier"). Sentences written for these tests."""

from __future__ import annotations

from datetime import date

import pytest

from flashpoint.coding.event_dates import date_for_event, date_of_the_report
from flashpoint.nlp.pipeline import make_doc

PUBLISHED = "2021-06-20"  # a Sunday


@pytest.fixture(scope="module")
def date_nlp(model_with):
    return model_with("flashpoint_dates")


@pytest.fixture(scope="module")
def run(date_nlp):
    def run(text: str, published: str | None = PUBLISHED):
        pub = date.fromisoformat(published) if published else None
        return date_nlp(make_doc(date_nlp, text, published=pub))

    return run


def trigger(doc, word: str):
    tok = next(t for t in doc if t.text == word)
    return doc[tok.i : tok.i + 1]


def found_dates(doc):
    return [(s.text, s._.fp_date.date, s._.fp_date.precision) for s in doc.spans["fp_dates"]]


@pytest.mark.parametrize(
    ("text", "words", "expected"),
    [
        ("On 14-June-2021 herders burned a granary.", "14-June-2021", "2021-06-14"),
        ("On 3-Jun-2021 herders burned a granary.", "3-Jun-2021", "2021-06-03"),
        # a number above 12 settles the order
        ("On 17/6/2021, herders burned a granary.", "17/6/2021", "2021-06-17"),
        ("On 6/17/2021, herders burned a granary.", "6/17/2021", "2021-06-17"),
        # both orders possible: the reading nearest publication, in the past
        ("On 5/6/2021, herders burned a granary.", "5/6/2021", "2021-06-05"),
        ("On 6/5/2021, herders burned a granary.", "6/5/2021", "2021-06-05"),
        # without a year only after "on" or a time of day
        ("Herders burned a granary on 12/06.", "12/06", "2021-06-12"),
        ("During the night of 12/06, herders burned a granary.", "12/06", "2021-06-12"),
        ("Herders burned a granary on the evening of 12/06.", "12/06", "2021-06-12"),
        # a two-digit year after "on"; a day written with dots
        ("On 12/6/21, herders burned a granary.", "12/6/21", "2021-06-12"),
        ("Herders burned a granary on 12.6.2021.", "12.6.2021", "2021-06-12"),
    ],
)
def test_numeric_and_hyphenated_dates(run, text, words, expected):
    assert found_dates(run(text)) == [(words, expected, "day")]


@pytest.mark.parametrize(
    ("text", "words", "expected", "precision"),
    [
        ("On 6-7 June, herders burned a granary.", "6-7 June", "2021-06-07", "day"),
        ("Herders burned granaries on June 10-14.", "June 10-14", "2021-06-14", "week"),
    ],
)
def test_a_run_of_days_is_dated_by_its_last(run, text, words, expected, precision):
    assert found_dates(run(text)) == [(words, expected, precision)]


def test_a_two_digit_year_after_publication_is_no_date(run):
    assert [d for _, d, _ in found_dates(run("On 12/6/29, herders burned a granary."))] == [None]


@pytest.mark.parametrize(
    "text",
    [
        "Herders burned 3/4 of the granary.",
        "The town voted 12/06 against the plan.",
    ],
)
def test_a_bare_fraction_is_no_date(run, text):
    assert found_dates(run(text)) == []


@pytest.mark.parametrize(
    "text",
    [
        "Members of the March 9 Movement blocked the bridge.",
        "Students gathered in the 4th of May Square.",
        "Youths of the June 12 coalition marched to the court.",
    ],
)
def test_a_date_that_is_part_of_a_name_is_no_date(run, text):
    assert found_dates(run(text)) == []


def test_a_fraction_is_no_date(run):
    assert found_dates(run("Turnout fell to 2/3 of the voters.")) == []


@pytest.mark.parametrize(
    ("text", "word", "expected"),
    [
        (
            "12 June. Traders blocked the market road. Police dispersed them.",
            "dispersed",
            "2021-06-12",
        ),
        (
            "On 9 June 2021, miners marched in the town. Guards beat two of them.",
            "beat",
            "2021-06-09",
        ),
        (
            "On 15-June-2021: Farmers rallied at the depot. Troops fired in the air.",
            "fired",
            "2021-06-15",
        ),
        ("Week of 7 June. Unknown men abducted a trader near the river.", "abducted", "2021-06-07"),
        ("Reported on 3 June 2021: gunmen abducted two traders.", "abducted", "2021-06-03"),
        # an opening report with no reporter is the story of its day
        ("On 9 June 2021, clashes were reported in the town. Two men were hurt.", "hurt",
         "2021-06-09"),
        # an opening aside of a report gives the only day there is
        ("As reported on 3 June 2021, gunmen abducted two traders.", "abducted", "2021-06-03"),
        # an opening report that brings the news of the acts is the story of its day
        ("On 9 June 2021, a rights group reported that gunmen looted the depot.", "looted",
         "2021-06-09"),
        ("On 9 June 2021, his brother reported his arrest. Police detained him in the port.",
         "detained", "2021-06-09"),
        ("On 9 June 2021, it was reported by a local paper that gunmen looted the depot.",
         "looted", "2021-06-09"),
        # no lead date: the date of a report is no date of what it reports
        ("On Friday, the ministry said rebels had looted the depot.", "looted", None),
        ("On 9 June 2021, a rights group said that gunmen looted the depot.", "looted", None),
        # a date after a verb opens no report
        ("Rebels looted the depot. On 9 June, they burned a school.", "looted", None),
        # the lead date dates only the first paragraph
        (
            "12 June. Traders blocked the market road.\n\nSoldiers later looted shops.",
            "looted",
            None,
        ),
    ],
)
def test_a_report_opening_with_its_date_dates_its_events(run, text, word, expected):
    doc = run(text)
    found = date_for_event(doc, trigger(doc, word))
    assert (None if found is None else found.date) == expected


def coded_event(code_text, text: str, word: str, published: str = PUBLISHED):
    doc = code_text(text, published=published)
    return next(e for e in doc._.fp_events if word in e.evidence.trigger)


MONDAY = "2021-06-21"


@pytest.mark.parametrize(
    ("published", "text", "word", "expected", "precision"),
    [
        # story-relative days count from the day of the story told so far
        (
            PUBLISHED,
            "Gunmen raided a farm on 8 June. Police arrested two herders the next day.",
            "arrested",
            "2021-06-09",
            "day",
        ),
        (
            PUBLISHED,
            "Gunmen raided a farm on 8 June. The following day, troops arrested two herders.",
            "arrested",
            "2021-06-09",
            "day",
        ),
        (
            PUBLISHED,
            "Gunmen raided a farm on 8 June. Two days later, troops arrested two herders.",
            "arrested",
            "2021-06-10",
            "day",
        ),
        (
            PUBLISHED,
            "Gunmen raided a farm on 8 June. Three days earlier, police had warned the owner.",
            "warned",
            "2021-06-05",
            "day",
        ),
        (
            PUBLISHED,
            "Gunmen raided a farm on 8 June. The day before, police had warned the owner.",
            "warned",
            "2021-06-07",
            "day",
        ),
        (
            PUBLISHED,
            "Gunmen raided a farm on 8 June. Hours later, troops arrested two herders.",
            "arrested",
            "2021-06-08",
            "day",
        ),
        # with no dated event before it, the lead date anchors it
        (
            PUBLISHED,
            "8 June. Troops arrested two herders the next day.",
            "arrested",
            "2021-06-09",
            "day",
        ),
        # nights and hours
        (MONDAY, "Drones struck the depot overnight into Sunday.", "struck", "2021-06-20", "day"),
        (MONDAY, "Gunmen attacked the post late on Friday.", "attacked", "2021-06-18", "day"),
        (MONDAY, "Troops raided the camp early on Saturday.", "raided", "2021-06-19", "day"),
        # hours after a dated clause: that day
        (
            MONDAY,
            "Rebels shelled the town hours after the talks on Friday collapsed.",
            "shelled",
            "2021-06-18",
            "day",
        ),
        # a year, a month or a week keeps its precision
        (PUBLISHED, "Rebels shelled the town in 2019.", "shelled", "2019-01-01", "year"),
        (PUBLISHED, "Rebels shelled the town in March.", "shelled", "2021-03-01", "month"),
        (PUBLISHED, "Rebels shelled the town last week.", "shelled", "2021-06-07", "week"),
        (
            PUBLISHED,
            "Rebels shelled the town earlier this month.",
            "shelled",
            "2021-06-01",
            "month",
        ),
    ],
)
def test_the_day_and_precision_of_an_event(code_text, published, text, word, expected, precision):
    event = coded_event(code_text, text, word, published)
    assert (event.date, event.date_precision) == (expected, precision)


def test_story_relative_day_without_a_story_stays_undated(code_text):
    doc = code_text("Troops arrested two herders the next day.", published=PUBLISHED)
    assert all(e.date is None for e in doc._.fp_events)


@pytest.mark.parametrize(
    ("text", "word", "expected"),
    [
        # an undated event takes the day of the story told just before: one
        # incident told over two sentences, the simple past takes its day
        (
            "Troops shelled the village on 16 June. Several farmers were wounded.",
            "wounded",
            "2021-06-16",
        ),
        (
            "Troops shelled the village on 16 June. Rebels then attacked a post.",
            "attacked",
            "2021-06-16",
        ),
        # a past perfect is before it, a future is not that day
        ("Troops shelled the village on 16 June. Rebels had attacked a post.", "attacked", None),
        (
            "Troops shelled the village on 16 June. The army will deploy more troops.",
            "deploy",
            None,
        ),
        # not across a paragraph
        ("Troops shelled the village on 16 June.\n\nRebels attacked a post.", "attacked", None),
        # not past the reach of the story
        (
            "Troops shelled the village on 16 June. Aid groups said little. Donors stayed away. "
            "Markets closed. Rebels attacked a post.",
            "attacked",
            None,
        ),
        # the day of a deed no event was coded for
        (
            "Rival supporters quarrelled on Friday, 18 June. One of them was injured.",
            "injured",
            "2021-06-18",
        ),
        # a past progressive tells that day too
        (
            "Troops shelled the village on 16 June. They were shelling it again at noon.",
            "shelling",
            "2021-06-16",
        ),
        # the day of a report dates no later deed
        (
            "On Friday, police said the march was peaceful. Two marchers were injured.",
            "injured",
            None,
        ),
        # the report's day: told as it happened under the report's day, that day
        (
            "Jets bombed the depot and killed nine guards, medics said on Friday.",
            "bombed",
            "2021-06-18",
        ),
        (
            "The navy said Friday it was deploying frigates to the strait.",
            "deploying",
            "2021-06-18",
        ),
        # a past perfect of another actor may be days before the report
        ("On Friday, medics said jets had bombed the depot.", "bombed", None),
        # a report told first dates the report
        ("On Friday, medics said jets bombed the depot.", "bombed", None),
        # a toll and the attack that caused it are one incident
        (
            "Four farmers were wounded after gunmen fired on a bus on Friday.",
            "wounded",
            "2021-06-18",
        ),
        # an attack after another attack is not its day
        ("Rebels shelled the town after troops raided a camp on Friday.", "shelled", None),
        # dawn is the day of the story
        ("Troops raided the camp at dawn on Saturday.", "raided", "2021-06-19"),
        (
            "Gunmen raided a farm on 8 June. At dawn, troops stormed the hideout.",
            "stormed",
            "2021-06-08",
        ),
        ("At dawn, troops stormed the hideout.", "stormed", None),
        # a report with no reporter is a hedge: its day is the act's
        (
            "On 16 June it was reported that gunmen abducted two traders.",
            "abducted",
            "2021-06-16",
        ),
        ("On 16 June, several clashes were reported in the market town.", "clashes", "2021-06-16"),
        # not for an act told in the past perfect under it
        ("On 16 June it was reported that gunmen had abducted two traders.", "abducted", None),
        # a participle on a noun tells its own time, not the clause's
        (
            "Gunmen abducted two herders on 2 June. One of those seized was freed on 16 June.",
            "seized",
            None,
        ),
        # a date after publication dates nothing done
        ("12 June. Youths blocked the road to protest over the vote in July.", "blocked",
         "2021-06-12"),
        # the act a verb's phrase names
        ("Rioters set a shop on fire in the market on 16 June.", "fire", "2021-06-16"),
        # the next sentence tells when the incident took place
        (
            "A councillor was beaten by rivals during a rally. "
            "The incident took place in the town on 7 June.",
            "beaten",
            "2021-06-07",
        ),
        # not a sentence about something else
        (
            "A councillor was beaten by rivals during a rally. "
            "The town held a market on 7 June.",
            "beaten",
            None,
        ),
        # a threat is made on the day it is said
        ("The army will strike any boat that enters the zone, the minister said on Tuesday.",
         "strike", "2021-06-15"),
    ],
)
def test_the_date_of_an_event(code_text, text, word, expected):
    assert coded_event(code_text, text, word).date == expected


@pytest.mark.parametrize(
    ("published", "text", "word", "expected"),
    [
        # the present perfect tells the news of the day the report was written
        (PUBLISHED, "The two governments have agreed to a truce after talks.", "agreed",
         ("2021-06-20", "day", "have agreed")),
        (PUBLISHED, "Dozens of traders have been detained by the police.", "detained",
         ("2021-06-20", "day", "have been detained")),
        # not a perfect of duration, nor one under a modal, nor the simple past
        (PUBLISHED, "The rebels have long denied any role in the raids.", "denied", None),
        (PUBLISHED, "The army would have struck the camp without the warning.", "struck", None),
        (PUBLISHED, "The two governments agreed to a truce after talks.", "agreed", None),
        # nor without a publication date
        (None, "The two governments have agreed to a truce.", "agreed", None),
    ],
)
def test_the_present_perfect_is_the_news_of_the_day(run, published, text, word, expected):
    doc = run(text, published=published)
    found = date_for_event(doc, trigger(doc, word))
    assert (None if found is None else (found.date, found.precision, found.text)) == expected


@pytest.mark.parametrize(
    ("published", "text", "word", "expected"),
    [
        # an undated verbal act told in the simple past, the present or a
        # present progressive is the report's own day
        (PUBLISHED, "The envoy thanked both neighbours for their help.", "thanked", "2021-06-20"),
        (PUBLISHED, "The union says any use of force is forbidden.", "says", "2021-06-20"),
        (PUBLISHED, "The two sides are committing to a lasting truce.", "committing", "2021-06-20"),
        # not a past perfect, a perfect of duration, a noun, or a sentence with
        # date words of its own
        (PUBLISHED, "The envoy had thanked both neighbours for their help.", "thanked", None),
        (PUBLISHED, "The minister has been demanding a port for years.", "demanding", None),
        (PUBLISHED, "The agreement was welcomed abroad.", "agreement", None),
        (PUBLISHED, "The envoy thanked both neighbours on Tuesday.", "thanked", None),
        # nor a future, nor without a publication date
        (PUBLISHED, "The minister will sign the accord.", "sign", None),
        (None, "The envoy thanked both neighbours.", "thanked", None),
    ],
)
def test_an_undated_verbal_act_is_the_reports_day(run, published, text, word, expected):
    doc = run(text, published=published)
    found = date_of_the_report(doc, trigger(doc, word))
    assert (None if found is None else found.date) == expected


def test_the_reports_own_day_never_dates_a_happening_told_after_it(code_text):
    """An undated statement is the day's news (the publication day); a
    killing told after it in passing keeps no date from it."""
    doc = code_text("The minister thanked the rescue teams. He also met the families of "
                    "soldiers killed in the fighting, his office said.", published="2025-03-14")
    thanks = [e for e in doc._.fp_events if e.event_type != "ASSAULT"]
    attacks = [e for e in doc._.fp_events if e.event_type == "ASSAULT"]
    assert attacks and all(e.date is None for e in attacks)
    assert any(e.date == "2025-03-14" for e in thanks) or not thanks


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a stretch of days is dated by its last day, at the precision of its length
        ("Between 2 June and 11 June, police detained 30 traders.",
         [("Between 2 June and 11 June", "2021-06-11", "month")]),
        ("From 14 June to 17 June, youths blocked the road.",
         [("From 14 June to 17 June", "2021-06-17", "week")]),
        ("Between 28 December 2020 and 2 January 2021, rebels raided farms.",
         [("Between 28 December 2020 and 2 January 2021", "2021-01-02", "week")]),
        # two days that bound no stretch stay apart
        ("Riots broke out on 14 June and 17 June.",
         [("14 June", "2021-06-14", "day"), ("17 June", "2021-06-17", "day")]),
    ],
)
def test_a_stretch_of_days_is_one_date(run, text, expected):
    assert found_dates(run(text)) == expected
