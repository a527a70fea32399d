"""flashpoint_dates: date expressions resolved against the publication date,
and the date of an event. Sentences written for these tests."""

from __future__ import annotations

from datetime import date

import pytest

from flashpoint.coding.event_dates import date_for_event
from flashpoint.nlp.dates import ResolvedDate
from flashpoint.nlp.pipeline import make_doc

SATURDAY = "2025-05-10"
SUNDAY = "2025-05-11"
MONDAY = "2025-05-12"


@pytest.fixture(scope="module")
def date_nlp(model_with):
    return model_with("flashpoint_dates")


@pytest.fixture(scope="module")
def run(date_nlp):
    def run(text: str, published: str | None = SATURDAY):
        pub = date.fromisoformat(published) if published else None
        return date_nlp(make_doc(date_nlp, text, published=pub))

    return run


def only_date(doc) -> ResolvedDate:
    spans = doc.spans["fp_dates"]
    assert len(spans) == 1, [s.text for s in spans]
    return spans[0]._.fp_date


def trigger(doc, word: str, nth: int = 0):
    hits = [t for t in doc if t.text == word]
    tok = hits[nth]
    return doc[tok.i : tok.i + 1]


@pytest.mark.parametrize(
    ("text", "expected", "words"),
    [
        ("Gunmen ambushed the convoy on April 22.", "2025-04-22", "April 22"),
        ("Gunmen ambushed the convoy on 22 April 2025.", "2025-04-22", "22 April 2025"),
        ("The border post came under fire on May 7.", "2025-05-07", "May 7"),
        ("The border post came under fire on May 7, 2025.", "2025-05-07", "May 7, 2025"),
        ("The border post came under fire on 7th May.", "2025-05-07", "7th May"),
        ("The border post came under fire on the 7th of May.", "2025-05-07", "the 7th of May"),
        ("The border post came under fire on Wednesday, May 7.", "2025-05-07", "Wednesday, May 7"),
    ],
)
def test_explicit_dates(run, text, expected, words):
    found = only_date(run(text))
    assert (found.date, found.precision, found.text) == (expected, "day", words)


@pytest.mark.parametrize(
    ("published", "text", "expected"),
    [
        (SATURDAY, "Drones crossed the frontier on Wednesday.", "2025-05-07"),
        (SATURDAY, "Drones crossed the frontier on Saturday.", "2025-05-10"),
        (SATURDAY, "Drones crossed the frontier on Sunday.", "2025-05-04"),
        (SUNDAY, "Drones crossed the frontier on Friday.", "2025-05-09"),
        (SUNDAY, "Drones crossed the frontier on Sunday.", "2025-05-11"),
        (MONDAY, "Drones crossed the frontier on Sunday.", "2025-05-11"),
        (MONDAY, "Drones crossed the frontier on Monday.", "2025-05-12"),
        (MONDAY, "Drones crossed the frontier on Tuesday.", "2025-05-06"),
        (MONDAY, "Drones crossed the frontier last Monday.", "2025-05-05"),
    ],
)
def test_weekday_is_the_most_recent_one(run, published, text, expected):
    found = only_date(run(text, published))
    assert (found.date, found.precision) == (expected, "day")


@pytest.mark.parametrize(
    ("text", "expected", "precision"),
    [
        ("Sirens sounded on Friday night and into Saturday morning.", "2025-05-09", "day"),
        ("Sirens sounded yesterday.", "2025-05-09", "day"),
        ("Sirens sounded today.", "2025-05-10", "day"),
        ("Sirens sounded last night.", "2025-05-09", "day"),
        ("Sirens sounded on Tuesday night.", "2025-05-06", "day"),
        ("Sirens sounded early Wednesday.", "2025-05-07", "day"),
        ("Sirens sounded in the early hours of Thursday.", "2025-05-08", "day"),
        ("Sirens sounded overnight.", "2025-05-10", "day"),
        ("Sirens sounded two days ago.", "2025-05-08", "day"),
        ("Sirens sounded on the night of May 6-7.", "2025-05-07", "day"),
        ("Sirens sounded over the weekend.", "2025-05-10", "day"),
        ("Sirens sounded last week.", "2025-04-28", "week"),
        ("Sirens sounded earlier this week.", "2025-05-05", "week"),
        ("Sirens sounded earlier in the week.", "2025-05-05", "week"),
        ("Sirens sounded in late April.", "2025-04-25", "month"),
        ("Sirens sounded in mid-March.", "2025-03-15", "month"),
        ("Sirens sounded earlier this month.", "2025-05-01", "month"),
        ("Sirens sounded last month.", "2025-04-01", "month"),
        ("Sirens sounded in April.", "2025-04-01", "month"),
        ("Sirens sounded this year.", "2025-01-01", "year"),
        ("Sirens have sounded since 2021.", "2021-01-01", "year"),
        ("Sirens sounded in 2021.", "2021-01-01", "year"),
    ],
)
def test_relative_expressions(run, text, expected, precision):
    found = only_date(run(text))
    assert (found.date, found.precision) == (expected, precision)


@pytest.mark.parametrize(
    ("published", "text", "expected"),
    [
        # the year is inferred from publication
        ("2025-01-10", "The militia raided the depot on December 28.", "2024-12-28"),
        ("2025-01-10", "The militia raided the depot last month.", "2024-12-01"),
        ("2025-01-10", "The militia raided the depot in December.", "2024-12-01"),
        ("2025-01-03", "The militia raided the depot last week.", "2024-12-23"),
        ("2025-05-10", "The militia raided the depot on May 7.", "2025-05-07"),
        ("2025-05-10", "Ministers will meet on May 13 in Geneva.", "2025-05-13"),
        ("2025-05-10", "The militia raided the depot on November 30.", "2024-11-30"),
        # the weekend seen from Monday is the Saturday before
        (MONDAY, "Both armies exchanged fire over the weekend.", "2025-05-10"),
        # the weekday of a planned event looks ahead
        (SATURDAY, "Ministers said they would meet again on Tuesday.", "2025-05-13"),
        (SATURDAY, "Schools stay closed until Monday.", "2025-05-12"),
        (SATURDAY, "The assembly is scheduled to vote on Thursday.", "2025-05-15"),
        (SATURDAY, "The assembly voted on Thursday.", "2025-05-08"),
    ],
)
def test_resolved_against_publication(run, published, text, expected):
    assert only_date(run(text, published)).date == expected


def test_without_publication_relative_dates_stay_unresolved(run):
    doc = run("Artillery fire was heard on Wednesday and on April 22, 2025.", None)
    found = {s.text: s._.fp_date.date for s in doc.spans["fp_dates"]}
    assert found == {"Wednesday": None, "April 22, 2025": "2025-04-22"}


@pytest.mark.parametrize(
    "text",
    [
        "The army shelled three villages near the frontier for hours.",
        # durations and other numbers are not dates
        "The feud has lasted for decades; daily patrols covered 2021 km in 72 hours.",
        # "may" the verb is not a month
        "Officials said the talks may resume soon.",
    ],
)
def test_no_date_words_give_no_date(run, text):
    assert list(run(text).spans["fp_dates"]) == []


@pytest.mark.parametrize(
    ("text", "word", "expected"),
    [
        # no date words, no date
        ("The army shelled three villages near the frontier for hours.", "shelled", None),
        # an event takes the date closest in the tree
        (
            "Navy boats seized a trawler on Thursday after the missile strikes on Monday.",
            "seized",
            "2025-05-08",
        ),
        (
            "Navy boats seized a trawler on Thursday after the missile strikes on Monday.",
            "strikes",
            "2025-05-05",
        ),
        # a date modifying a passive verb dates the subject event
        (
            "Rocket attacks on the garrison on Wednesday were followed by heavy clashes over "
            "the weekend.",
            "attacks",
            "2025-05-07",
        ),
        (
            "Rocket attacks on the garrison on Wednesday were followed by heavy clashes over "
            "the weekend.",
            "clashes",
            "2025-05-10",
        ),
        # nominal date modifiers
        ("Leaders condemned the April 22 bombing in the market town.", "bombing", "2025-04-22"),
        ("Wednesday's raids destroyed two bridges.", "raids", "2025-05-07"),
        # the date of a report does not date the reported event
        ("On Friday, officials said rebels had burned the customs office.", "burned", None),
        ("On Friday, officials said rebels had burned the customs office.", "said", "2025-05-09"),
        # no date from the sentence before for a different event
        (
            "Insurgents stormed a police station on April 30. A bombing hit the capital.",
            "bombing",
            None,
        ),
        # the date of another event noun is not the trigger's
        (
            "On Friday the council condemned the April 22 bombing of the market.",
            "condemned",
            "2025-05-09",
        ),
        (
            "On Friday the council condemned the April 22 bombing of the market.",
            "bombing",
            "2025-04-22",
        ),
        ("The council issued a statement condemning the April 22 bombing.", "condemning", None),
        # a light verb takes the date of its event noun
        ("The rebels launched raids on Wednesday against two outposts.", "launched", "2025-05-07"),
        # a specific noun needs the same event in the previous sentence
        (
            "Jets bombed a depot on Thursday, and ground troops advanced. The clashes went on "
            "for days.",
            "clashes",
            None,
        ),
        (
            "Both armies clashed along the ridge on Thursday. The clashes went on for hours.",
            "clashes",
            "2025-05-08",
        ),
        # a background clause is not dated by the main clause
        (
            "Rebels shelled the outpost on Thursday after the army raided their camp.",
            "raided",
            None,
        ),
        (
            "Rebels shelled the outpost on Thursday after the army raided their camp.",
            "shelled",
            "2025-05-08",
        ),
        # a noun in a phrase on another verb is not dated by it
        ("Markets stayed closed on Wednesday in protest at the killings.", "killings", None),
        # an attack verb in a "when" clause dates the toll
        (
            "Three guards were killed when rebels ambushed a convoy in the hills on Tuesday.",
            "killed",
            "2025-05-06",
        ),
        # the date of another attack in an "after" clause is not taken
        ("Troops shelled the villages after rebels attacked a camp on Tuesday.", "shelled", None),
        # an "after" clause that goes on with the victims dates the event
        (
            "Two intruders were shot dead after they crossed the fence early on Thursday.",
            "shot",
            "2025-05-08",
        ),
        # "since" a year dates nothing
        (
            "He has led the group since 2019 and planned several raids on police posts.",
            "raids",
            None,
        ),
        # a background noun after a dated act keeps no date
        (
            "Jets bombed the camps on Wednesday, a week after the ambush near the border.",
            "ambush",
            None,
        ),
        (
            "Jets bombed the camps on Wednesday, a week after the ambush near the border.",
            "bombed",
            "2025-05-07",
        ),
    ],
)
def test_the_date_of_an_event(run, text, word, expected):
    doc = run(text)
    found = date_for_event(doc, trigger(doc, word))
    assert (None if found is None else found.date) == expected


def test_continuing_sentence_takes_the_previous_date(run):
    doc = run("Insurgents stormed a police station on April 30. The attack lasted four hours.")
    found = date_for_event(doc, trigger(doc, "attack"))
    assert (found.date, found.text) == ("2025-04-30", "April 30")


def test_pipeline_registers_the_component(date_nlp):
    assert "flashpoint_dates" in date_nlp.pipe_names


# --- datelines ---------------------------------------------------------------------


def _event_date(doc, word):
    token = next(t for t in doc if t.text == word)
    found = date_for_event(doc, doc[token.i : token.i + 1])
    return found.date if found else None


@pytest.mark.parametrize(
    ("text", "published", "word", "expected"),
    [
        # the dateline's date is the reference for relative dates: filed on
        # 30 March, published on the 31st, "last night" is the 29th
        (
            "KOHAT, March 30: Militants attacked a post last night.",
            "2025-03-31",
            "attacked",
            "2025-03-29",
        ),
        # without a dateline an undated event stays undated
        ("Militants attacked the cantonment.", "2025-10-15", "attacked", None),
        # an agency's dateline and a weekday
        (
            "Srinagar, May 8 (Wire): Militants ambushed a patrol on Wednesday.",
            "2025-05-09",
            "ambushed",
            "2025-05-07",
        ),
        # a date on the trigger's own event noun
        (
            "Two soldiers were injured in a cross-border firing on Sunday.",
            "2025-09-09",
            "injured",
            "2025-09-07",
        ),
    ],
)
def test_datelines_and_the_date_of_an_event(code_text, text, published, word, expected):
    assert _event_date(code_text(text, published=published), word) == expected


def test_dateline_date_dates_an_undated_event_of_the_first_paragraph(code_text):
    doc = code_text(
        "BANNU, Oct 14: Militants attacked the cantonment.\n\nEarlier, rebels attacked a post.",
        published="2025-10-15",
    )
    first, second = (t for t in doc if t.text == "attacked")
    assert date_for_event(doc, doc[first.i : first.i + 1]).date == "2025-10-14"
    assert date_for_event(doc, doc[second.i : second.i + 1]) is None


# --- third pass: clauses, spans of time, live blogs, "hours later" --------------


def test_year_before_an_event_noun_is_a_date(run):
    doc = run("Officials recalled the 2016 Uri attack on an army camp.")
    found = date_for_event(doc, trigger(doc, "attack"))
    assert (found.date, found.precision) == ("2016-01-01", "year")


LIVE_BLOG = (
    "Border tensions: live updates\n"
    "Updated 22:15 IST\n"
    "08:05 IST - Sirens sounded across the valley before dawn.\n"
    "09:30 IST \u2014 A shell hit a school in the border town, killing a guard.\n"
    "11:00 IST - Officials met in the capital."
)


def test_live_blog_entry_takes_the_blog_day(run):
    doc = run(LIVE_BLOG, "2025-05-09")
    found = date_for_event(doc, trigger(doc, "hit"))
    assert (found.date, found.text) == ("2025-05-09", "09:30 IST \u2014")
    assert len(doc.spans["fp_liveblog"]) == 3  # "Updated 22:15 IST" opens no entry


def test_live_blog_entry_follows_a_date_heading(run):
    text = "Saturday, May 3\n10:15 PKT - Rockets hit a depot.\n11:20 PKT - Shops closed early."
    doc = run(text, "2025-05-04")
    assert date_for_event(doc, trigger(doc, "hit")).date == "2025-05-03"


def test_ordinary_article_never_takes_the_publication_day(run):
    doc = run("A shell hit a school in the border town at 09:30, killing a guard.", "2025-05-09")
    assert date_for_event(doc, trigger(doc, "hit")) is None


def test_hours_later_takes_the_latest_day_told_so_far(run):
    doc = run("Hours later, gunners shelled the villages.")
    assert date_for_event(
        doc, trigger(doc, "shelled"), earlier=["2025-04-22", "2025-05-07"]
    ).date == ("2025-05-07")
    assert date_for_event(doc, trigger(doc, "shelled")) is None
