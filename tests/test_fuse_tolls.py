"""Tolls an analyst can quote and one happening per incident: the fusion
rules of issue 13, on hand-built events (our own invented sentences)."""

from __future__ import annotations

import pytest

from flashpoint.fuse import fuse, happened, reconcile, reversed_direction
from test_fuse import article, event


def one(arts, evs):
    [incident] = fuse(arts, evs)
    return incident


def toll(incident):
    f = incident["fatalities"]
    return f["low"], f["best"], f["high"]


def test_the_attackers_count_of_enemy_dead_is_a_claim_beside_the_toll():
    arts = [article("a", "2025-03-02"), article("b", "2025-03-02")]
    evs = [
        event("a", "ASSAULT", "IND", "PAK", date="2025-03-01", where="Kotli", killed=4),
        event("b", "ASSAULT", "IND", "PAK", date="2025-03-01", where="Kotli", killed=90,
              modality="claimed", claimed_by="IND"),
    ]  # fmt: skip
    incident = one(arts, evs)
    assert toll(incident) == (4, 4, 4)
    [claim] = incident["fatalities"]["claims"]
    assert (claim["by"], claim["figure"], claim["sources"]) == ("IND", 90, ["b"])


def test_a_claim_alone_gives_no_toll_but_the_victims_own_count_does():
    arts = [article("a", "2025-03-02")]
    boast = [event("a", "ASSAULT", "IND", "PAK", date="2025-03-01", where="Kotli", killed=90,
                   modality="claimed", claimed_by="IND")]  # fmt: skip
    assert toll(one(arts, boast)) == (None, None, None)
    own = [event("a", "ASSAULT", "IND", "PAK", date="2025-03-01", where="Kotli", killed=6,
                 modality="claimed", claimed_by="PAK")]  # fmt: skip
    assert toll(one(arts, own)) == (6, 6, 6)
    unnamed = [event("a", "ASSAULT", "IND", "PAK", date="2025-03-01", killed=6,
                     modality="claimed")]  # fmt: skip
    assert toll(one(arts, unnamed))[1] is None


def test_a_flat_restatement_of_the_attackers_claim_stays_a_claim():
    arts = [article("a", "2025-03-02"), article("b", "2025-03-03")]
    evs = [
        event("a", "ASSAULT", "IND", "PAK", date="2025-03-01", where="Kotli", killed=90,
              modality="claimed", claimed_by="IND"),
        event("b", "ASSAULT", "IND", "PAK", date="2025-03-01", where="Kotli", killed=90),
    ]  # fmt: skip
    incident = one(arts, evs)
    assert toll(incident) == (None, None, None)
    assert incident["fatalities"]["claims"][0]["sources"] == ["a", "b"]


def test_a_disputed_figure_is_a_claim():
    arts = [article("a", "2025-03-02"), article("b", "2025-03-02")]
    evs = [
        event("a", "ASSAULT", "IND", "PAK", date="2025-03-01", where="Kotli", killed=70),
        event("b", "ASSAULT", "IND", "PAK", date="2025-03-01", where="Kotli", killed=70,
              modality="denied", claimed_by="PAK"),
    ]  # fmt: skip
    assert toll(one(arts, evs)) == (None, None, None)


def test_one_sentence_read_as_a_claim_keeps_its_figure_a_claim_in_every_reading():
    said = "The rebels said they killed 40 soldiers at the camp."
    evs = [
        event("a", "ASSAULT", "IND", "PAK", date="2025-03-01", killed=40, sentence=said,
              modality="claimed", claimed_by="IND"),
        event("a", "ASSAULT", "PAK", "IND", date="2025-03-01", killed=40, sentence=said, seq=1),
    ]  # fmt: skip
    incidents = fuse([article("a", "2025-03-02")], evs)
    assert len(incidents) == 2
    assert all(toll(i)[1] is None for i in incidents)
    assert all(i["fatalities"]["claims"] for i in incidents)


@pytest.mark.parametrize("date, precision, published, counted", [
    ("2025-03-01", "day", "2025-03-02", True),    # the happening's own day
    ("2025-03-01", "day", "2025-03-03", True),    # an updated toll two days on
    ("2025-03-01", "day", "2025-03-07", True),    # a look back, the only figure
    ("2025-02-20", "day", "2025-03-02", False),   # another happening, days before
    ("2025-03-01", "month", "2025-03-02", False),  # a monthly tally
    (None, None, "2025-03-02", True),              # undated, reported the next day
    (None, None, "2025-03-09", False),             # undated recap a week later
])  # fmt: skip
def test_a_figure_told_about_another_day_is_not_this_incidents_toll(date, precision,
                                                                     published, counted):
    incident_profile = {"date": "2025-03-01", "date_precision": "day", "source": "IND"}
    report = {"doc_id": "x", "published": published, "modality": "asserted", "fatalities": 12,
              "event": {"date": date, "date_precision": precision}}  # fmt: skip
    got = reconcile([report], "fatalities", incident_profile)["best"]
    assert (got == 12) is counted


def test_a_year_long_tally_is_never_a_toll():
    arts = [article("a", "2025-10-20")]
    evs = [event("a", "ASSAULT", None, "PAK", date="2025-01-01", precision="year", killed=600)]
    assert toll(one(arts, evs)) == (None, None, None)


@pytest.mark.parametrize("a, b, opposite", [
    (("IND", "PAK"), ("PAK", "IND"), True),
    ((None, "IND"), ("IND", "PAK"), True),    # fire on India joins no Indian strike
    (("PAK", None), ("IND", "PAK"), True),
    (("IND", None), ("IND", "PAK"), False),
    ((None, None), ("IND", "PAK"), False),
    (("PAK", "PAK"), ("IND", "PAK"), False),  # same code both sides: no direction
])  # fmt: skip
def test_opposite_directions_are_told_apart_even_with_a_side_unnamed(a, b, opposite):
    pa = {"source": a[0], "target": a[1]}
    pb = {"source": b[0], "target": b[1]}
    assert reversed_direction(pa, pb) is opposite


def test_the_answering_fire_with_its_source_unnamed_stays_apart():
    arts = [article("a", "2025-03-02"), article("b", "2025-03-02")]
    evs = [event("a", "ASSAULT", "IND", "PAK", date="2025-03-01", where="Kotli"),
           event("b", "ASSAULT", None, "IND", date="2025-03-01", where="Kotli")]  # fmt: skip
    assert len(fuse(arts, evs)) == 2


def test_the_incident_keeps_the_day_it_happened_as_later_reports_arrive():
    arts = [article("a", "2025-03-01"), article("b", "2025-03-03"), article("c", "2025-03-04")]
    evs = [
        event("a", "ASSAULT", "IND", "PAK", date="2025-03-01", where="Kotli"),
        event("b", "ASSAULT", "IND", "PAK", date="2025-03-02", where="Kotli"),
        event("c", "ASSAULT", "IND", "PAK", date="2025-03-02", where="Kotli"),
    ]
    incidents = fuse(arts, evs)
    assert incidents[0]["date"] == "2025-03-01" and incidents[0]["sources"] == 3


def test_reports_days_apart_do_not_chain_into_one_incident():
    arts = [article(d, f"2025-03-0{i + 1}") for i, d in enumerate("abc")]
    evs = [event(d, "ASSAULT", "IND", "PAK", date=f"2025-03-0{i + 1}", where="Kotli")
           for i, d in enumerate("abc")]  # fmt: skip
    assert [i["sources"] for i in fuse(arts, evs)] == [2, 1]


def test_an_undated_incident_is_dated_by_its_first_report_and_says_so():
    incident = one([article("a", "2025-03-05")], [event("a", "REQUEST", "UN", "PAK")])
    assert incident["date"] == "2025-03-05" and incident["date_basis"] == "reported"
    dated = one([article("a", "2025-03-05")],
                [event("a", "REQUEST", "UN", "PAK", date="2025-03-04")])
    assert dated["date_basis"] == "event"


def test_an_undated_report_joins_the_nearest_happening_before_it():
    arts = [article("a", "2025-03-01"), article("b", "2025-03-03"), article("c", "2025-03-04")]
    evs = [
        event("a", "ASSAULT", "IND", "PAK", date="2025-03-01"),
        event("b", "ASSAULT", "IND", "PAK", date="2025-03-03"),
        event("c", "ASSAULT", "IND", "PAK", killed=3),
    ]
    incidents = fuse(arts, evs)
    later = next(i for i in incidents if i["date"] == "2025-03-03")
    assert {r["doc_id"] for r in later["reports"]} == {"b", "c"}


@pytest.mark.parametrize("modalities, expected, counts", [
    (["asserted", "negated"], "asserted", True),
    (["claimed"], "claimed", True),
    (["negated"], "negated", False),
    (["hypothetical", "negated"], "hypothetical", False),
    (["denied"], "denied", False),
])  # fmt: skip
def test_an_incident_says_its_modality_and_only_what_happened_counts(modalities, expected,
                                                                    counts):
    arts = [article(f"d{i}", "2025-03-02") for i in range(len(modalities))]
    evs = [event(f"d{i}", "ASSAULT", "IND", "PAK", date="2025-03-01", where="Kotli", killed=5,
                 modality=m, claimed_by="PAK" if m in ("claimed", "denied") else None)
           for i, m in enumerate(modalities)]  # fmt: skip
    incident = one(arts, evs)
    assert incident["modality"] == expected
    assert happened(incident) is counts
    assert (toll(incident)[1] == 5) is counts


def test_a_look_back_never_overrides_the_figures_of_the_time():
    profile = {"date": "2025-03-01", "date_precision": "day", "source": "IND"}

    def report(doc, published, killed):
        return {"doc_id": doc, "published": published, "modality": "asserted",
                "fatalities": killed, "event": {"date": "2025-03-01", "date_precision": "day"}}

    timely, later = report("a", "2025-03-02", 12), report("b", "2025-03-09", 120)
    assert reconcile([timely, later], "fatalities", profile)["high"] == 12
    assert reconcile([later], "fatalities", profile)["best"] == 120


def test_a_date_after_the_first_report_is_a_misread_and_does_not_date_the_incident():
    arts = [article("a", "2025-03-01"), article("b", "2025-03-02")]
    evs = [event("a", "ASSAULT", "IND", "PAK", where="Kotli", killed=4),
           event("b", "ASSAULT", "IND", "PAK", date="2025-03-09", where="Kotli", killed=4)]  # fmt: skip
    incidents = fuse(arts, evs)
    assert all(i["date"] != "2025-03-09" for i in incidents)


def test_an_undated_incident_does_not_drift_with_later_reports():
    arts = [article(d, f"2025-03-{n:02d}") for d, n in (("a", 1), ("b", 3), ("c", 5), ("d", 7))]
    evs = [event(d, "AGREE", "IND", "PAK") for d in "abcd"]
    assert [i["sources"] for i in fuse(arts, evs)] == [1, 1, 1, 1]  # two days apart each
    arts[1] = article("b", "2025-03-02")  # the next day: a follow-up of the same
    assert [i["sources"] for i in fuse(arts, evs)] == [2, 1, 1]


def test_a_report_with_one_actor_on_both_sides_names_no_side_of_the_incident():
    arts = [article("a", "2025-03-02"), article("b", "2025-03-03")]
    evs = [event("a", "ASSAULT", None, "PAK", where="Kotli", killed=7),
           event("b", "ASSAULT", "PAK", "PAK", where="Kotli")]  # fmt: skip
    [incident] = fuse(arts, evs)
    assert incident["source"] is None and incident["target"]["code"] == "PAK"


def test_an_article_that_dates_a_figure_once_dates_it_where_it_repeats_it():
    # the article dates its 40 dead to the 1st; a quote repeating the 40 (undated,
    # read the other way round) cannot toll a happening reported days later
    evs = [
        event("a", "ASSAULT", "IND", "PAK", date="2025-03-01", where="Kotli", killed=40,
              sentence="The raid on the 1st killed 40 fighters, the army said."),
        event("a", "ASSAULT", "PAK", "IND", killed=40, seq=1,
              sentence='"Forty of them died," the general said.'),
    ]  # fmt: skip
    incidents = fuse([article("a", "2025-03-06")], evs)
    undated = next(i for i in incidents if i["date_basis"] == "reported")
    assert undated["fatalities"]["best"] is None


def test_the_acting_side_denying_its_role_does_not_dispute_the_toll():
    arts = [article("a", "2025-03-02"), article("b", "2025-03-02")]
    evs = [
        event("a", "ASSAULT", "TRF", "IND", date="2025-03-01", killed=9),
        event("b", "ASSAULT", "TRF", "IND", date="2025-03-01", killed=9, modality="denied",
              claimed_by="TRF"),
    ]  # fmt: skip
    assert toll(one(arts, evs)) == (9, 9, 9)


def test_a_figure_one_side_says_it_killed_stays_its_claim_across_the_article():
    # "X says it killed 40 soldiers" once, then "40 soldiers have been
    # killed" in X's words with the victims' side misread as X's own: the 40
    # is X's count of the other side's dead wherever the article repeats it.
    boast = "The rebels said they killed 40 soldiers at the camp."
    again = "Their spokesman said 40 soldiers have been killed."
    evs = [
        event("a", "ASSAULT", "IND", "PAK", date="2025-03-01", killed=40, sentence=boast,
              modality="claimed", claimed_by="IND"),
        event("a", "ASSAULT", None, "IND", date="2025-03-01", killed=40, sentence=again,
              modality="claimed", claimed_by="IND", seq=1),
        event("a", "ASSAULT", None, "IND", date="2025-03-01", killed=40, sentence=again, seq=2),
    ]  # fmt: skip
    incidents = fuse([article("a", "2025-03-02")], evs)
    assert all(toll(i)[1] is None for i in incidents)
    # the victims' side giving the same figure as its own dead is established
    own = [event("b", "ASSAULT", "IND", "PAK", date="2025-03-01", killed=40, sentence=boast,
                 modality="claimed", claimed_by="IND"),
           event("b", "ASSAULT", "IND", "PAK", date="2025-03-01", killed=40, seq=1,
                 modality="claimed", claimed_by="PAK")]  # fmt: skip
    [incident] = fuse([article("b", "2025-03-02")], own)
    assert toll(incident)[1] == 40


def test_a_town_in_one_province_never_fuses_with_another_province():
    from flashpoint.fuse import place_score
    town = {"name": "Kano", "country": "NGA", "admin1": "Kano", "lat": 12.0, "lon": 8.52,
            "precision": "city"}
    other = {"name": "Kaduna", "country": "NGA", "admin1": "Kaduna", "lat": 10.4, "lon": 7.7,
             "precision": "admin1"}
    own = {**other, "name": "Kano", "admin1": "Kano", "lat": 11.7, "lon": 8.5}
    assert place_score(town, other)[0] is None
    assert place_score(other, town)[0] is None
    assert place_score(town, own)[0] is not None


def test_a_sentence_read_both_ways_is_no_boast():
    # one sentence coded as X killing 15 (X's boast) and as 15 of X's own
    # dead, both in X's words: whose dead is unsure, the figure is not X's claim
    said = "Officials of the rebels said the raids killed 15 civilians."
    evs = [
        event("a", "ASSAULT", "IND", "PAK", date="2025-03-01", killed=15, sentence=said,
              modality="claimed", claimed_by="IND"),
        event("a", "ASSAULT", "PAK", "IND", date="2025-03-01", killed=15, sentence=said,
              modality="claimed", claimed_by="IND", seq=1),
    ]  # fmt: skip
    own = [i for i in fuse([article("a", "2025-03-02")], evs) if i["target"]["code"] == "IND"]
    assert toll(own[0])[1] == 15
