"""Incident fusion: repeated stories fuse, figures reconcile, claims and
denials are contested, re-ingesting changes nothing (in memory and in the store).

The event dicts here are built by hand (``event``/``article`` below, also used
by test_analyze.py and test_export.py); the sentences are our own.
"""

from __future__ import annotations

import os
import uuid

import pytest

from flashpoint.fuse import (
    Fusion,
    date_score,
    fuse,
    fuse_pending,
    place_score,
    reconcile,
    stored_incidents,
    update_for_article,
)
from flashpoint.models import QUAD_CLASS, Article, stable_id

PG_URL = os.environ.get("FLASHPOINT_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")

PLACES = {
    # name: (country, admin1, lat, lon, precision)
    "Muzaffarabad": ("PAK", "Azad Kashmir", 34.37, 73.47, "city"),
    "Kotli": ("PAK", "Azad Kashmir", 33.52, 73.90, "city"),
    "Bahawalpur": ("PAK", "Punjab", 29.40, 71.68, "city"),
    "Poonch": ("IND", "Jammu and Kashmir", 33.77, 74.09, "city"),
    "Pakistan": ("PAK", None, None, None, "country"),
    "India": ("IND", None, None, None, "country"),
}


def actor(code: str | None, sector: str | None = "GOV") -> dict | None:
    if code is None and sector is None:
        return None
    return {"code": code, "sector": sector, "name": None, "role": None, "text": code}


def place(name: str | None) -> dict | None:
    if name is None:
        return None
    country, admin1, lat, lon, precision = PLACES[name]
    return {"name": name, "country": country, "admin1": admin1, "lat": lat, "lon": lon,
            "precision": precision, "text": name}  # fmt: skip


def event(doc_id: str, event_type: str, source: str | None, target: str | None, *,
          date: str | None = None, precision: str = "day", where: str | None = None,
          killed: int | None = None, injured: int | None = None, mode: str | None = None,
          modality: str = "asserted", claimed_by: str | None = None, contexts=(),
          sentence: str | None = None, seq: int = 0,
          target_sector: str | None = None, confidence: float = 0.6) -> dict:
    """One SPEC event dict, shaped as Event.to_dict() gives it."""
    return {
        "kind": "event",
        "id": stable_id(doc_id, "event", event_type, seq, source, target),
        "doc_id": doc_id, "event_type": event_type, "quad": QUAD_CLASS[event_type],
        "mode": mode, "contexts": list(contexts),
        "source": actor(source, "GOV" if source else None),
        "target": actor(target, target_sector or ("GOV" if target else None)),
        "date": date, "date_precision": precision if date else None, "date_text": None,
        "location": place(where), "fatalities": killed, "injuries": injured,
        "casualty_text": None, "modality": modality, "claimed_by": actor(claimed_by, "GOV" if claimed_by else None),
        "evidence": {"sentence": sentence or f"What {doc_id} says ({seq}).", "start": seq * 100, "end": seq * 100 + 40,
                     "trigger": "x"},
        "confidence": confidence,
    }  # fmt: skip


def article(doc_id: str, published: str, outlet: str = "Wire") -> dict:
    return {"doc_id": doc_id, "published": published, "outlet": outlet}


def fused_specs(specs):
    """specs: (doc_id, published, event args, event kwargs) -> fused
    incidents, each article from its own outlet."""
    arts, evs = [], []
    for doc_id, published, args, kw in specs:
        arts.append(article(doc_id, published, outlet=f"Outlet {doc_id}"))
        evs.append(event(doc_id, *args, **kw))
    return fuse(arts, evs)


# -- the rules, one at a time -----------------------------------------------


def test_an_incidents_consensus_is_its_most_common_value_and_the_smallest_of_a_tie():
    from flashpoint.fuse.rules import _actor_consensus, _consensus

    assert _consensus([None, "Kotli", None]) == "Kotli"
    assert _consensus([None, None]) is None and _consensus([]) is None
    assert _consensus(["Uri", "Poonch", "Uri"]) == "Uri"
    assert _consensus(["Uri", "Poonch"]) == "Poonch"  # a tie: the smallest
    assert _consensus([8, 11, 11, 8, 5]) == 11  # as strings: "11" < "8"
    assert _consensus(["IND", "IND"]) == "IND"

    def report(source: dict | None, target: dict | None = None) -> dict:
        return {"event": {"source": source, "target": target}}

    army = {"code": "IND", "sector": "MIL", "name": "Army"}
    bare = {"code": "IND", "sector": None, "name": None}
    # one report: its actor, even coded on both sides; an empty one is none
    assert _actor_consensus([report(army, army)], "source") is army
    assert _actor_consensus([report({})], "source") is None
    assert _actor_consensus([report(None)], "source") is None
    # more: the most common code, described most completely
    pak = {"code": "PAK", "sector": "GOV", "name": "Government"}
    assert _actor_consensus([report(bare), report(pak), report(army)], "source") is army
    # a report coded with one actor on both sides names no side beside others
    assert _actor_consensus([report(pak, pak), report(bare, pak)], "source") is bare


def test_day_dates_fuse_within_one_day_only():
    a = {"date": "2025-05-07", "date_precision": "day"}
    assert date_score(a, {"date": "2025-05-08", "date_precision": "day"}) is not None
    assert date_score(a, {"date": "2025-05-09", "date_precision": "day"}) is None
    assert date_score(a, {"date": "2025-05-01", "date_precision": "month"}) is not None
    assert date_score(a, {"date": "2025-04-01", "date_precision": "month"}) is None


def test_undated_event_falls_back_to_the_week_before_publication():
    dated = {"date": "2025-05-07", "date_precision": "day"}
    assert date_score({"published": ["2025-05-08"]}, dated) is not None
    assert date_score({"published": ["2025-05-30"]}, dated) is None


def test_places_fuse_within_their_radius():
    assert place_score(place("Muzaffarabad"), place("Kotli"))[0] is None  # ~100 km apart
    assert place_score(place("Kotli"), place("Kotli")) == (1.0, True)
    assert place_score(place("Kotli"), place("Pakistan"))[0] is not None
    assert place_score(place("Kotli"), place("India"))[0] is None
    assert place_score(place("Kotli"), None)[0] is not None


# -- fusion -------------------------------------------------------------------


def strike_reports():
    """Four outlets report one strike on Kotli, with different tolls; a fifth
    reports a different strike on Bahawalpur the same night."""
    arts = [article(f"d{i}", f"2025-05-0{7 + i // 3}", f"Outlet {i}") for i in range(5)]
    evs = [
        event("d0", "ASSAULT", "IND", "PAK", date="2025-05-07", where="Kotli", killed=5),
        event("d1", "ASSAULT", "IND", "PAK", date="2025-05-07", where="Kotli", killed=8),
        event("d2", "ASSAULT", "IND", None, date="2025-05-07", where="Kotli", killed=8),
        event("d3", "ASSAULT", "IND", "PAK", where="Pakistan", killed=11,
              modality="claimed", claimed_by="PAK"),
        event("d4", "ASSAULT", "IND", "PAK", date="2025-05-07", where="Bahawalpur", killed=13),
    ]  # fmt: skip
    return arts, evs


def test_repeated_stories_fuse_into_one_incident_with_every_report():
    arts, evs = strike_reports()
    incidents = fuse(arts, evs)
    assert len(incidents) == 2
    kotli = next(i for i in incidents if i["location"]["name"] == "Kotli")
    assert kotli["sources"] == 4
    assert [r["doc_id"] for r in kotli["reports"]] == ["d0", "d1", "d2", "d3"]
    assert kotli["source"]["code"] == "IND" and kotli["target"]["code"] == "PAK"
    assert kotli["date"] == "2025-05-07" and kotli["date_precision"] == "day"
    bahawalpur = next(i for i in incidents if i["location"]["name"] == "Bahawalpur")
    assert bahawalpur["sources"] == 1


def test_conflicting_figures_give_low_best_high_with_their_sources():
    arts, evs = strike_reports()
    kotli = next(i for i in fuse(arts, evs) if i["location"]["name"] == "Kotli")
    f = kotli["fatalities"]
    # asserted: 5, 8, 8; the claimed 11 only raises the high figure
    assert (f["low"], f["best"], f["high"]) == (5, 8, 11)
    assert f["sources"] == {"low": ["d0"], "best": ["d1", "d2"], "high": ["d3"]}


def test_best_figure_ties_go_to_the_most_recent_report():
    evs = [
        event("old", "ASSAULT", None, "IND", date="2025-04-22", where="Poonch", killed=24),
        event("new", "ASSAULT", None, "IND", date="2025-04-22", where="Poonch", killed=26),
    ]
    reports = [
        {"doc_id": e["doc_id"], "published": p, "modality": "asserted", "fatalities": e["fatalities"]}
        for e, p in zip(evs, ["2025-04-22", "2025-04-23"], strict=True)
    ]
    r = reconcile(reports, "fatalities")
    assert (r["low"], r["best"], r["high"]) == (24, 26, 26)


def test_an_article_counts_once_with_its_largest_figure():
    reports = [
        {"doc_id": "a", "published": "2025-04-23", "modality": "asserted", "fatalities": 20},
        {"doc_id": "a", "published": "2025-04-23", "modality": "asserted", "fatalities": 26},
        {"doc_id": "b", "published": "2025-04-22", "modality": "asserted", "fatalities": 20},
        {"doc_id": "c", "published": "2025-04-22", "modality": "denied", "fatalities": 90},
    ]
    r = reconcile(reports, "fatalities")
    assert (r["low"], r["best"], r["high"]) == (20, 26, 26)
    assert r["sources"]["best"] == ["a"]


def test_opposite_directions_and_distant_days_stay_apart():
    arts = [article("a", "2025-05-08"), article("b", "2025-05-08"), article("c", "2025-05-12")]
    evs = [
        event("a", "ASSAULT", "IND", "PAK", date="2025-05-07", where="Kotli"),
        event("b", "ASSAULT", "PAK", "IND", date="2025-05-07", where="Poonch"),
        event("c", "ASSAULT", "IND", "PAK", date="2025-05-11", where="Kotli"),
    ]
    assert len(fuse(arts, evs)) == 3


def test_type_and_date_alone_are_not_enough_to_fuse():
    arts = [article("a", "2025-05-08"), article("b", "2025-05-08")]
    evs = [
        event("a", "ASSAULT", None, None, date="2025-05-07"),
        event("b", "ASSAULT", None, None, date="2025-05-07"),
    ]
    assert len(fuse(arts, evs)) == 2


def test_same_sector_and_same_day_fuse_a_first_report_with_an_update():
    # the first report (24 killed, no place) and a later one (26, with a place)
    arts = [article("first", "2025-04-22"), article("later", "2025-04-23")]
    evs = [
        event("first", "ASSAULT", None, None, date="2025-04-22", killed=24,
              target_sector="CVL"),
        event("later", "ASSAULT", None, None, date="2025-04-22", killed=26, where="Poonch",
              target_sector="CVL"),
    ]  # fmt: skip
    [incident] = fuse(arts, evs)
    f = incident["fatalities"]
    assert (f["low"], f["best"], f["high"]) == (24, 26, 26)
    # one day apart, the same sector is not enough
    evs[1] = event("later", "ASSAULT", None, None, date="2025-04-23", killed=26,
                   where="Poonch", target_sector="CVL")  # fmt: skip
    assert len(fuse(arts, evs)) == 2


def test_the_same_sentence_in_two_outlets_fuses():
    arts = [article("wire", "2025-05-09"), article("copy", "2025-05-09")]
    said = "Drones were seen over the city overnight."
    evs = [event("wire", "ASSAULT", None, None, sentence=said),
           event("copy", "ASSAULT", None, None, sentence=f"  {said}\n")]  # fmt: skip
    [incident] = fuse(arts, evs)
    assert incident["sources"] == 2


def test_same_toll_links_an_unplaced_report_to_its_incident():
    arts = [article("a", "2025-04-23"), article("b", "2025-04-24")]
    evs = [
        event("a", "ASSAULT", None, "IND", date="2025-04-22", where="Poonch", killed=26,
              target_sector="CVL"),
        event("b", "ASSAULT", None, None, date="2025-04-22", killed=26),
    ]  # fmt: skip
    incidents = fuse(arts, evs)
    assert len(incidents) == 1 and incidents[0]["sources"] == 2


def test_missing_date_lowers_confidence():
    with_date = fuse([article("a", "2025-05-08")],
                     [event("a", "ASSAULT", "IND", "PAK", date="2025-05-07", where="Kotli")])
    without = fuse([article("a", "2025-05-08")],
                   [event("a", "ASSAULT", "IND", "PAK", where="Kotli")])  # fmt: skip
    assert without[0]["confidence"] < with_date[0]["confidence"]


# -- claims and denials ---------------------------------------------------------


def test_accusation_and_denial_are_linked_and_contested():
    arts = [article("a", "2025-04-24"), article("b", "2025-04-25"), article("c", "2025-04-25")]
    evs = [
        event("a", "ACCUSE", "IND", "PAK", date="2025-04-23", sentence="Delhi blamed Islamabad."),
        event("b", "REJECT", "PAK", "IND", date="2025-04-24", sentence="Islamabad said no."),
        event("c", "REJECT", "PAK", None, date="2025-04-24", sentence="It denied any role.",
              seq=1),
    ]  # fmt: skip
    incidents = {i["event_type"] + str(i["target"] and i["target"]["code"]): i
                 for i in fuse(arts, evs)}  # fmt: skip
    accuse = incidents["ACCUSEPAK"]
    assert accuse["contested"]
    denials = [c for c in accuse["claims"] if c["stance"] == "denial"]
    assert [c["by"] for c in denials] == ["PAK"]
    reject = incidents["REJECTIND"]  # both denials: one incident, two sources
    assert reject["contested"] and reject["sources"] == 2
    assert reject["claims"][0]["stance"] == "claim" and reject["claims"][0]["by"] == "IND"
    assert reject["claims"][0]["incident"] == accuse["id"]


def test_a_denial_by_a_third_country_does_not_contest():
    arts = [article("a", "2025-04-24"), article("b", "2025-04-25")]
    evs = [
        event("a", "ACCUSE", "IND", "PAK", date="2025-04-23"),
        event("b", "REJECT", "CHN", "IND", date="2025-04-24"),
    ]
    assert not any(i["contested"] for i in fuse(arts, evs))


def test_a_claim_and_a_denial_of_the_same_strike_are_one_contested_incident():
    arts = [article("a", "2025-05-08"), article("b", "2025-05-08")]
    evs = [
        event("a", "ASSAULT", "PAK", "IND", date="2025-05-07", where="Poonch",
              modality="claimed", claimed_by="IND"),
        event("b", "ASSAULT", "PAK", "IND", date="2025-05-07", where="Poonch",
              modality="denied", claimed_by="PAK"),
    ]  # fmt: skip
    [incident] = fuse(arts, evs)
    assert incident["contested"]
    assert {(c["stance"], c["by"]) for c in incident["claims"]} == {("claim", "IND"),
                                                                      ("denial", "PAK")}


def test_link_index_finds_the_links_of_trying_every_pair():
    """``LinkIndex`` looks partners up by the codes a denial needs; its links
    must be exactly those of pairing every incident with every other."""
    import random

    from flashpoint.fuse.rules import LinkIndex, _link, is_denial_of, summarize

    rng = random.Random(7)
    codes = ["IND", "PAK", "CHN", None]
    summaries = []
    for n in range(60):
        kind = rng.choice(["ACCUSE", "REJECT", "REJECT", "ASSAULT"])
        day = f"2025-05-{rng.randint(1, 20):02d}"
        ev = event(f"d{n}", kind, rng.choice(codes), rng.choice(codes), date=day, seq=n,
                   modality=rng.choice(["asserted", "claimed", "denied"]),
                   claimed_by=rng.choice(codes))  # fmt: skip
        report = {"event_id": ev["id"], "doc_id": ev["doc_id"], "published": day,
                  "outlet": "Wire", "sentence": "x", "modality": ev["modality"],
                  "claimed_by": ev["claimed_by"], "event": ev}  # fmt: skip
        summaries.append(summarize(f"i{n:02d}", [report]))

    def every_pair(summary):
        links = []
        for other in summaries:
            if other["id"] == summary["id"]:
                continue
            if is_denial_of(other, summary):
                links.append(_link("denial", other))
            elif is_denial_of(summary, other):
                links.append(_link("claim", other))
        return sorted(links, key=lambda x: x["incident"])

    index = LinkIndex(summaries)
    expected = [every_pair(s) for s in summaries]
    assert sum(map(len, expected)) > 5  # the mix holds real claim/denial pairs
    assert [index.links(s) for s in summaries] == expected

    # indexes sharing what they know of each record (``known``, as fusion's
    # transaction cache does) give the same links, each record read once
    from unittest import mock

    from flashpoint.fuse import rules

    later = [[link for link in every_pair(s) if link["incident"] >= "i20"] for s in summaries[20:]]
    known: dict = {}
    with mock.patch.object(rules, "_claimants_against", wraps=rules._claimants_against) as read:
        first = LinkIndex(summaries[:40], known=known)
        second = LinkIndex(summaries[20:], known=known)
        assert [second.links(s) for s in summaries[20:]] == later
        assert first.links(summaries[0]) == [x for x in expected[0] if x["incident"] < "i40"]
    assert read.call_count == len(summaries)


def test_an_incident_whose_partners_are_unchanged_keeps_its_links():
    """``fuse.store._partners_unchanged``: after some incidents change, one
    that it says may be skipped has exactly the links that relinking it
    against every incident would give."""
    import random

    from flashpoint.fuse.rules import LinkIndex, relink, summarize
    from flashpoint.fuse.store import _partners_unchanged

    rng = random.Random(11)
    codes = ["IND", "PAK", "CHN", None]

    def incident(n: int, day: str) -> dict:
        kind = rng.choice(["ACCUSE", "REJECT", "REJECT", "ASSAULT"])
        ev = event(f"d{n}", kind, rng.choice(codes), rng.choice(codes), date=day, seq=n,
                   modality=rng.choice(["asserted", "claimed"]), claimed_by=rng.choice(codes))  # fmt: skip
        report = {"event_id": ev["id"], "doc_id": ev["doc_id"], "published": day,
                  "outlet": "Wire", "sentence": "x", "modality": ev["modality"],
                  "claimed_by": ev["claimed_by"], "event": ev}  # fmt: skip
        return summarize(f"i{n:02d}", [report])

    days = [f"2025-05-{rng.randint(1, 12):02d}" for _ in range(50)]
    before = [incident(n, days[n]) for n in range(50)]
    index = LinkIndex(before)
    before = [relink(s, index.links(s)) for s in before]  # as stored, with their links
    skipped = 0
    for trial in range(20):
        changed = set(rng.sample([s["id"] for s in before], 4))
        gone = set(rng.sample(sorted(changed), 1))
        after = [s for s in before if s["id"] not in gone]
        after = [incident(int(s["id"][1:]), days[int(s["id"][1:])]) if s["id"] in changed else s
                 for s in after]  # fmt: skip
        fresh = LinkIndex([s for s in after if s["id"] in changed])
        now = LinkIndex(after)
        for old in after:
            if _partners_unchanged(old, changed, fresh):
                skipped += 1
                assert relink(old, now.links(old)) == old, (trial, old["id"])
    assert skipped > 100  # most incidents are left alone


# -- incremental, idempotent ----------------------------------------------------


def test_re_adding_an_article_changes_nothing_and_an_update_replaces_its_reports():
    arts, evs = strike_reports()
    fusion = Fusion()
    for a in arts:
        fusion.add_article(a, [e for e in evs if e["doc_id"] == a["doc_id"]])
    before = fusion.incidents()
    assert fusion.add_article(arts[1], [e for e in evs if e["doc_id"] == "d1"]) == set()
    assert fusion.incidents() == before
    # d1 is corrected: 9 killed, not 8
    fixed = event("d1", "ASSAULT", "IND", "PAK", date="2025-05-07", where="Kotli", killed=9,
                  seq=1)
    assert fusion.add_article(arts[1], [fixed])
    kotli = next(i for i in fusion.incidents() if i["location"]["name"] == "Kotli")
    assert kotli["sources"] == 4
    assert sorted(r["fatalities"] for r in kotli["reports"]) == [5, 8, 9, 11]
    assert kotli["id"] == next(i["id"] for i in before if i["location"]["name"] == "Kotli")


# -- in the store (SQLite and PostgreSQL) -------------------------------------------


def _pg_error() -> str | None:
    try:
        import psycopg

        psycopg.connect(PG_URL, connect_timeout=3).close()
    except Exception as exc:  # any failure means: skip the PostgreSQL half
        return f"{type(exc).__name__}: {exc}"
    return None


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store(request, tmp_path):
    from flashpoint.store import Store

    if request.param == "sqlite":
        st = Store(str(tmp_path / "fuse.db"))
        yield st
        st.close()
        return
    error = _pg_error()
    if error:
        pytest.skip(f"PostgreSQL not reachable at {PG_URL}: {error}")
    schema = f"fp_fuse_{os.getpid()}_{uuid.uuid4().hex[:10]}"
    st = Store(PG_URL, schema=schema)
    yield st
    st.close()
    import psycopg

    with psycopg.connect(PG_URL, autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


def save(store, art: dict, events: list[dict], text: str = "Some text.") -> set[str]:
    """What intake does: save the article, then fuse it."""
    store.save_article(Article(doc_id=art["doc_id"], text=text, published=art["published"],
                               outlet=art["outlet"]), events)  # fmt: skip
    return update_for_article(store, art["doc_id"])


def test_store_fusion_matches_the_in_memory_result(store):
    arts, evs = strike_reports()
    for a in arts:
        save(store, a, [e for e in evs if e["doc_id"] == a["doc_id"]])
    stored = stored_incidents(store)
    assert len(stored) == 2
    kotli = next(i for i in stored if i["location"]["name"] == "Kotli")
    assert kotli["sources"] == 4
    assert (kotli["fatalities"]["low"], kotli["fatalities"]["best"],
            kotli["fatalities"]["high"]) == (5, 8, 11)  # fmt: skip
    assert sorted(i["id"] for i in stored) == sorted(i["id"] for i in fuse(arts, evs))


def test_store_re_ingest_changes_nothing_and_update_replaces(store):
    arts, evs = strike_reports()
    for a in arts:
        save(store, a, [e for e in evs if e["doc_id"] == a["doc_id"]])
    before = stored_incidents(store)
    assert update_for_article(store, "d1") == set()
    assert save(store, arts[1], [e for e in evs if e["doc_id"] == "d1"]) == set()
    assert stored_incidents(store) == before
    # d4 is corrected: it was Kotli, not Bahawalpur; the Bahawalpur incident vanishes
    fixed = event("d4", "ASSAULT", "IND", "PAK", date="2025-05-07", where="Kotli", killed=8)
    save(store, arts[4], [fixed], text="Corrected text.")
    after = stored_incidents(store)
    assert len(after) == 1 and after[0]["sources"] == 5
    assert after[0]["fatalities"]["best"] == 8


def test_store_links_a_later_denial_and_filters_by_dyad(store):
    save(store, article("a", "2025-04-24"), [event("a", "ACCUSE", "IND", "PAK", date="2025-04-23")])
    save(store, article("b", "2025-04-25"), [event("b", "REJECT", "PAK", "IND", date="2025-04-24")])
    save(store, article("c", "2025-04-25"), [event("c", "CONSULT", "USA", "IND", date="2025-04-24")])
    accuse = stored_incidents(store, event_type="ACCUSE")[0]
    assert accuse["contested"] and accuse["claims"][0]["stance"] == "denial"
    assert len(stored_incidents(store, dyad="PAK-IND")) == 2
    assert len(stored_incidents(store, dyad="PAK-IND", directed=True)) == 1
    assert len(stored_incidents(store, since="2025-04-24")) == 2


def test_fuse_pending_catches_up_a_database_ingested_before_fusion(store):
    arts, evs = strike_reports()
    for a in arts:
        store.save_article(Article(doc_id=a["doc_id"], text="t", published=a["published"]),
                           [e for e in evs if e["doc_id"] == a["doc_id"]])  # fmt: skip
    assert fuse_pending(store) == 5
    assert fuse_pending(store) == 0
    assert len(stored_incidents(store)) == 2


# -- on real text: the seed reports and the bundled sample corpus -----------------------

WIRE_COPIES = [  # (original, copy) in the sample corpus (see its README)
    ("003_india_holds_indus_treaty_in_abeyance", "004_new_delhi_freezes_water_pact"),
    ("005_pakistan_shuts_airspace_suspends_trade", "006_islamabad_retaliates_airspace_trade"),
    ("013_rubio_calls_jaishankar_and_sharif", "014_us_urges_de_escalation_rubio"),
    ("029_drones_target_jammu_pathankot_udhampur", "030_india_says_it_foiled_attack_on_jammu"),
]


def _code_and_fuse(nlp, inputs: list[str]) -> tuple[list[dict], list[dict]]:
    from flashpoint.extract import code_articles
    from flashpoint.intake import split_inputs

    articles, rejected = split_inputs(inputs)
    assert not rejected
    events = [e.to_dict() for coded in code_articles(articles, nlp=nlp) for e in coded.events]
    return fuse([a.to_dict() for a in articles], events), events


@pytest.mark.model
@pytest.mark.shared
def test_seeds_the_22_april_attack_is_one_incident_with_both_reports(nlp, shared_dir):
    incidents, _ = _code_and_fuse(nlp, [str(shared_dir / "seeds" / "seeds.jsonl")])
    attacks = [i for i in incidents if i["event_type"] == "ASSAULT"
               and i["date"] == "2025-04-22" and i["fatalities"]["best"] == 26]  # fmt: skip
    assert len(attacks) == 1
    assert len({r["doc_id"] for r in attacks[0]["reports"]}) == 2


@pytest.mark.model
def test_sample_wire_copies_fuse_with_their_originals(nlp):
    from importlib.resources import files

    sample = files("flashpoint") / "data" / "sample"
    names = [n for pair in WIRE_COPIES for n in pair]
    inputs = [str(sample / f"{n}.txt") for n in names]
    incidents, events = _code_and_fuse(nlp, inputs)
    home = {r["event_id"]: i["id"] for i in incidents for r in i["reports"]}

    def key(e: dict) -> tuple:
        return e["event_type"], " ".join(e["evidence"]["sentence"].split())

    twins = fused = 0
    for original, copy in WIRE_COPIES:
        in_copy = {key(e): e for e in events if e["doc_id"] == copy}
        shared = [(e, in_copy[key(e)]) for e in events
                  if e["doc_id"] == original and key(e) in in_copy]  # fmt: skip
        assert shared, f"no event of {original} is in its copy"
        together = sum(home[a["id"]] == home[b["id"]] for a, b in shared)
        assert together >= 1, f"{original} and {copy} share no incident"
        twins += len(shared)
        fused += together
    assert fused / twins >= 0.8, f"{fused} of {twins}"


def _random_articles(rng, n: int) -> list[tuple[dict, list[dict]]]:
    """``n`` articles of one crisis, a few days apart, each with one to three
    reports of a few types, actors, places and tolls: many fuse, some tie."""
    out = []
    for k in range(n):
        day = 5 + rng.randrange(4)
        art = article(f"doc{k:03d}", f"2025-05-{day + rng.randrange(2):02d}", outlet=f"Outlet {k % 5}")
        events = []
        for seq in range(rng.randint(1, 3)):
            kind = rng.choice(["ASSAULT", "ASSAULT", "ACCUSE", "REJECT"])
            source, target = rng.choice([("IND", "PAK"), ("PAK", "IND"), (None, "PAK"), ("PAK", None)])
            events.append(event(art["doc_id"], kind, source, target, seq=seq,
                                date=rng.choice([None, f"2025-05-{day:02d}"]),
                                where=rng.choice([None, "Kotli", "Muzaffarabad", "Poonch"]),
                                killed=rng.choice([None, 3, 5, 8]),
                                modality=rng.choice(["asserted", "asserted", "claimed"]),
                                claimed_by=rng.choice(["IND", "PAK"])))  # fmt: skip
            ev = events[-1]
            if ev["location"] is not None:  # the same town, placed a little apart by each
                ev["location"] = {**ev["location"], "lat": ev["location"]["lat"] + rng.uniform(-0.5, 0.5),
                                  "lon": ev["location"]["lon"] + rng.uniform(-0.5, 0.5),
                                  "precision": rng.choice(["city", "town"])}  # fmt: skip
            if ev["source"] is not None:  # the same side, named or not, of a sector or not
                ev["source"] = {**ev["source"], "name": rng.choice([None, "Army", "Government"]),
                                "sector": rng.choice([None, "GOV", "MIL"])}  # fmt: skip
        out.append((art, events))
    return out


@pytest.mark.parametrize("seed", range(6))
def test_fusing_a_batch_in_one_transaction_gives_what_one_by_one_gives(store, tmp_path, seed):
    """Within a batch's transaction fusion keeps the incidents it read or
    wrote (``FusionCache``); what it keeps must fuse the next article exactly
    as re-reading the tables would: the same incidents, reports and links as
    fusing each article in a transaction of its own."""
    import random

    from flashpoint.fuse import fuse_in
    from flashpoint.store import Store

    articles = _random_articles(random.Random(seed), 24)
    alone = Store(str(tmp_path / "alone.db"))
    for art, events in articles:
        save(alone, art, events)
    for art, events in articles:  # all saved first, then fused in one transaction
        store.save_article(Article(doc_id=art["doc_id"], text="Some text.", published=art["published"],
                                   outlet=art["outlet"]), events)  # fmt: skip
    with store.write() as conn:
        for art, _ in articles:
            fuse_in(conn, art["doc_id"])
    assert stored_incidents(store) == stored_incidents(alone)
    alone.close()


@pytest.mark.parametrize("seed", range(3))
def test_an_incidents_report_rows_are_the_reports_its_record_was_made_of(store, seed):
    """Fusion writes only the rows an incident lacks (the article's own
    reports) and leaves its other rows be: after articles are added and
    then corrected (reports move, incidents empty out), every incident's
    rows in ``incident_reports`` are still exactly the reports in its
    record, and no row is left of an event that is gone."""
    import random

    from sqlalchemy import select

    from flashpoint.store import incidents as tables
    from flashpoint.store import schema

    rng = random.Random(seed)
    articles = _random_articles(rng, 16)
    for art, events in articles:
        save(store, art, events)
    for k in rng.sample(range(len(articles)), 6):  # corrected: new events in place of the old
        _, events = _random_articles(random.Random(rng.random()), k + 1)[k]
        save(store, articles[k][0], events)
    with store.read() as conn:
        r = tables.incident_reports.c
        rows = conn.execute(select(r.incident_id, r.event_id, r.doc_id)).all()
        events_now = set(conn.execute(select(schema.events.c.id)).scalars())
    records = {i["id"]: i for i in stored_incidents(store)}
    by_incident: dict[str, set] = {}
    for incident, event_id, doc_id in rows:
        by_incident.setdefault(incident, set()).add((event_id, doc_id))
    assert by_incident == {i: {(p["event_id"], p["doc_id"]) for p in rec["reports"]}
                           for i, rec in records.items()}  # fmt: skip
    assert {event_id for _, event_id, _ in rows} == events_now


def test_close_link_days_are_looked_up_once_over_their_span():
    from datetime import date, timedelta

    from flashpoint.fuse.store import LINK_GROUP_DAYS, _day_groups

    def d(n: int) -> date:
        return date(2025, 5, 1) + timedelta(days=n)

    far = 3 + LINK_GROUP_DAYS + 1
    groups = dict(_day_groups({d(0), d(3), d(2), None, d(far), d(far + LINK_GROUP_DAYS)}))
    # close days share one look-up over their span; an unknown day goes alone
    assert groups[(d(0), d(3))] == [d(0), d(2), d(3)] and groups[None] == [None]
    # a group spans at most LINK_GROUP_DAYS from its first day
    assert groups[(d(far), d(far + LINK_GROUP_DAYS))] == [d(far), d(far + LINK_GROUP_DAYS)]
    assert len(groups) == 3
    assert _day_groups(set()) == []


@pytest.mark.parametrize("seed", range(6))
def test_links_stay_those_of_relinking_everything_as_incidents_move(store, seed):
    """Links are judged by each incident's ``link_day`` and fusion relinks
    only the incidents near the days that changed, old and new. Articles
    spread over two months (claims, denials, some dated to the year only,
    some undated) are added and then corrected so that their incidents
    move by days, grow and empty out: relinking every stored incident
    against all the others still changes none."""
    import random
    from datetime import date, timedelta

    from flashpoint.fuse.rules import LinkIndex, relink

    rng = random.Random(seed)

    def events_of(doc_id: str, day: date) -> list[dict]:
        made = []
        for seq in range(rng.randint(1, 3)):
            source, target = rng.choice([("IND", "PAK"), ("PAK", "IND"), ("PAK", None)])
            dated = rng.random() < 0.8
            made.append(event(doc_id, rng.choice(["ACCUSE", "REJECT", "REJECT", "ASSAULT"]),
                              source, target, seq=seq,
                              date=(day - timedelta(days=rng.randrange(4))).isoformat() if dated else None,
                              precision=rng.choice(["day", "day", "day", "year"]),
                              modality=rng.choice(["asserted", "claimed"]),
                              claimed_by=rng.choice(["IND", "PAK"])))  # fmt: skip
        return made

    articles = []
    for k in range(36):
        day = date(2025, 4, 1) + timedelta(days=rng.randrange(60))
        articles.append((article(f"doc{k:03d}", day.isoformat(), outlet=f"Outlet {k % 4}"), day))
    for art, day in articles:
        save(store, art, events_of(art["doc_id"], day))
    for k in rng.sample(range(len(articles)), 14):  # corrected: their events some days off
        art, day = articles[k]
        save(store, art, events_of(art["doc_id"], day + timedelta(days=rng.randint(-6, 6))))
    stored = stored_incidents(store)
    assert sum(bool(r.get("claims")) for r in stored) >= 3
    index = LinkIndex(stored)
    assert [relink(r, index.links(r)) for r in stored] == stored


def _some_known_to_the_year(seed: int) -> list[tuple[dict, list[dict]]]:
    """``_random_articles``, with about a third of the dated reports known
    only to their year (a window that looks up every incident of the year)."""
    import random

    rng = random.Random(seed)
    articles = _random_articles(rng, 30)
    for _, events in articles:
        for ev in events:
            if ev["date"] and rng.random() < 0.3:
                ev["date_precision"] = "year"
    return articles


@pytest.mark.parametrize("seed", range(4))
def test_a_report_scored_against_its_own_neighbours_fuses_as_against_all(store, tmp_path,
                                                                        seed, monkeypatch):  # fmt: skip
    """Rule ``own_neighbours``: a report is scored only against its own
    look-up (its window, type and actors) and the incidents its article
    changed. Articles of several reports, some known only to their year
    (a window that looks up every incident of the year), fuse the same as
    when each report is scored against every incident its article looked up."""
    from flashpoint.fuse import store as fuse_store
    from flashpoint.store import Store

    articles = _some_known_to_the_year(seed)
    for art, events in articles:
        save(store, art, events)
    every = Store(str(tmp_path / "every.db"))
    monkeypatch.setattr(fuse_store, "own_neighbours", lambda ids, changed, working: sorted(working))
    for art, events in articles:
        save(every, art, events)
    assert stored_incidents(store) == stored_incidents(every)
    every.close()


def test_profile_cache_keeps_a_profile_only_at_its_revision():
    from flashpoint.fuse.store import ProfileCache

    kept = ProfileCache(2)
    kept.put("a", 7, 3, {"event_type": "ASSAULT"})
    assert kept.has("a", 7) and kept.get("a") == (3, {"event_type": "ASSAULT"})
    assert not kept.has("a", 8)  # rewritten since: made again
    kept.put("b", None, 1, {})  # stored before revisions: never kept
    assert not kept.has("b", None) and len(kept) == 1
    kept.put("b", 1, 1, {})
    kept.get("a")  # a used last: b goes first when full
    kept.put("c", 1, 1, {})
    assert kept.has("a", 7) and not kept.has("b", 1) and kept.has("c", 1)
    kept.drop("a")
    assert not kept.has("a", 7)
    off = ProfileCache(0)
    off.put("a", 1, 1, {})
    assert not off.has("a", 1)


@pytest.mark.parametrize("seed", range(3))
def test_kept_profiles_see_what_another_writer_changed(tmp_path, seed, monkeypatch):
    """Two stores on one database (two engines, each with its own
    ``ProfileCache``) fuse articles by turns, and a third keeps at most two
    profiles, so most are dropped between look-up and use: each incident
    changed by the other writer, or dropped, is made afresh, and the
    incidents are those of one store fusing every article."""
    from flashpoint.fuse import store as fuse_store
    from flashpoint.store import Store

    articles = _some_known_to_the_year(seed)
    one = Store(str(tmp_path / "one.db"))
    for art, events in articles:
        save(one, art, events)
    first, second = Store(str(tmp_path / "two.db")), Store(str(tmp_path / "two.db"))
    for n, (art, events) in enumerate(articles):
        save(first if n % 3 else second, art, events)
    assert stored_incidents(first) == stored_incidents(one)
    monkeypatch.setattr(fuse_store, "PROFILE_CACHE_SIZE", 2)
    small = Store(str(tmp_path / "small.db"))
    for art, events in articles:
        save(small, art, events)
    assert stored_incidents(small) == stored_incidents(one)
    for store in (one, first, second, small):
        store.close()


@pytest.mark.parametrize("seed", range(3))
def test_an_incident_fusion_writes_is_kept_as_a_read_would_profile_it(store, tmp_path, seed,
                                                                     monkeypatch):  # fmt: skip
    """Rule ``profiled_when_written``: every incident fusion writes is kept
    at the revision it was written with, profiled exactly as its reports,
    read back, would profile it; the incidents are those of a store that
    keeps no profile and reads every neighbour's reports."""
    import random

    from sqlalchemy import select

    from flashpoint.fuse import store as fuse_store
    from flashpoint.fuse.rules import incident_profile
    from flashpoint.store import Store
    from flashpoint.store import incidents as tables

    articles = _random_articles(random.Random(seed), 20)
    for art, events in articles:
        save(store, art, events)
    kept = fuse_store._PROFILE_CACHES[store.engine]
    with store.read() as conn:
        revisions = dict(conn.execute(select(tables.incidents.c.id, tables.incidents.c.revision)).all())
        read = tables.reports_of(conn, revisions)
    assert revisions and all(kept.has(i, r) for i, r in revisions.items())
    assert all(kept.get(i) == (len(read[i]), incident_profile(read[i])) for i in revisions)
    monkeypatch.setattr(fuse_store, "PROFILE_CACHE_SIZE", 0)
    none_kept = Store(str(tmp_path / "none.db"))
    for art, events in articles:
        save(none_kept, art, events)
    assert len(fuse_store._PROFILE_CACHES[none_kept.engine]) == 0
    assert stored_incidents(store) == stored_incidents(none_kept)
    none_kept.close()


@pytest.mark.parametrize("seed", range(3))
def test_an_article_writes_each_incident_it_changed_once_with_its_links(store, seed, monkeypatch):
    """Rule ``relinked_before_written``: the links are worked out before the
    changed incidents are written, so an article's fusion writes each
    incident once (an accusation and its denial included), and the links
    are those of relinking after the write: relinking every stored
    incident against all the others changes none."""
    import random

    from flashpoint.fuse.rules import LinkIndex, relink
    from flashpoint.store import incidents as tables

    articles = _random_articles(random.Random(seed), 16)
    writes: list[list[str]] = []
    save_incidents, update_records = tables.save_incidents, tables.update_records

    def saving(conn, incident_writes):
        writes[-1].extend(w.summary["id"] for w in incident_writes)
        return save_incidents(conn, incident_writes)

    def updating(conn, summaries):
        writes[-1].extend(s["id"] for s in summaries)
        return update_records(conn, summaries)

    monkeypatch.setattr(tables, "save_incidents", saving)
    monkeypatch.setattr(tables, "update_records", updating)
    for art, events in articles:
        writes.append([])
        save(store, art, events)
    assert all(len(ids) == len(set(ids)) for ids in writes)
    assert sum(map(len, writes)) > len(articles)
    stored = stored_incidents(store)
    assert any(r.get("claims") for r in stored)
    index = LinkIndex(stored)  # every incident relinked against all the others: no change
    assert [relink(r, index.links(r)) for r in stored] == stored


def test_fusion_sees_a_just_saved_article_as_a_read_would_give_it(store):
    """``just_saved``: inside ``save_article``'s ``then`` fusion takes the
    article and its events as written, not read back; they must be what
    the read gives: the same dicts (JSON's lists for tuples), in the same
    order (by date, the undated last, then as the article gave them)."""
    from flashpoint.fuse.store import _article_meta_and_events
    from flashpoint.store.store import _SAVED, just_saved

    events = [event("d1", "ASSAULT", "IND", "PAK", date=day, seq=n)
              for n, day in enumerate(["2025-05-08", None, "2025-05-07", None, "2025-05-07"])]  # fmt: skip
    for e in events:
        e["contexts"] = ("border", "x")  # a tuple: stored and read as a list
    seen = []

    def then(conn):
        saved = just_saved(conn, "d1")
        assert just_saved(conn, "other") is None
        conn.info.pop(_SAVED)
        seen.append((saved, _article_meta_and_events(conn, "d1")))

    store.save_article(Article(doc_id="d1", text="Some text.", published="2025-05-09",
                               outlet="Wire"), events, then=then)  # fmt: skip
    (saved, read), = seen
    assert saved == read
    assert [e["date"] for e in saved[1]] == ["2025-05-07", "2025-05-07", "2025-05-08", None, None]
    assert saved[1][0]["contexts"] == ["border", "x"]


@pytest.mark.parametrize("seed", range(3))
def test_a_claimed_batch_stores_and_fuses_as_saving_each_alone(store, tmp_path, seed):
    """``intake.store_batch`` claims its batch (``Store.claim``): the locks,
    the stored content hashes and which docs have reports are taken and
    read at once, each used by a doc's first save only. Batches that
    re-code stored articles and hold one doc twice must store and fuse what
    saving and fusing each article alone gives, statuses included."""
    import random

    from flashpoint import intake
    from flashpoint.extract import CodedArticle
    from flashpoint.store import Store

    rng = random.Random(seed)
    first, again = _random_articles(rng, 10), _random_articles(rng, 10)  # same ids, other reports
    texts = {id(a): "Some text." for a, _ in first} | {id(a): "Other text." for a, _ in again}
    batches = [first[:6], first[6:] + again[:5] + [first[2]], again[5:] + [again[6], first[8]]]
    alone = Store(str(tmp_path / "alone.db"))
    statuses, summary = [], intake.IngestSummary()
    for batch in batches:
        coded = []
        for art, events in batch:
            doc = Article(doc_id=art["doc_id"], text=texts[id(art)], published=art["published"],
                          outlet=art["outlet"])  # fmt: skip
            statuses.append(alone.save_article(doc, events))
            update_for_article(alone, art["doc_id"])
            coded.append(CodedArticle(article=doc, events=events))
        assert intake.store_batch(coded, store, summary) == [None] * len(batch)
    assert (summary.new, summary.updated, summary.unchanged) == (
        statuses.count("new"), statuses.count("updated"), statuses.count("unchanged"))
    assert "unchanged" in statuses and "updated" in statuses
    assert stored_incidents(store) == stored_incidents(alone)
    assert store.events() == alone.events()
    alone.close()


def test_overlapping_keeps_the_windows_within_the_slack():
    import random
    from datetime import date, timedelta

    from flashpoint.store.incidents import overlapping

    def window_overlaps(stored, window, slack):  # the plain test, day by day
        if stored is None or window is None:
            return True
        days = {window[0] + timedelta(days=d)
                for d in range(-slack, (window[1] - window[0]).days + slack + 1)}
        return any(stored[0] <= day <= stored[1] for day in days)

    rng = random.Random(3)

    def window():
        if rng.random() < 0.15:
            return None
        start = date(2025, 5, 1) + timedelta(days=rng.randint(0, 60))
        return start, start + timedelta(days=rng.choice([0, 0, 6, 30, 400]))

    for _ in range(200):
        found = {f"i{n}": window() for n in range(rng.randint(0, 12))}
        asked, slack = window(), rng.choice([0, 1, 7, 14])
        assert overlapping(found, asked, slack) == [
            i for i, stored in found.items() if window_overlaps(stored, asked, slack)]


def test_summarize_with_the_callers_profile_is_the_same_record():
    from flashpoint.fuse.rules import incident_profile, record_order, summarize

    reports = []
    for n, (day, published) in enumerate([("2025-05-07", "2025-05-08"), ("2025-05-06", "2025-05-07"),
                                          (None, "2025-05-09")]):
        ev = event(f"d{n}", "ASSAULT", "IND", "PAK", date=day, seq=n)
        reports.append({"event_id": ev["id"], "doc_id": ev["doc_id"], "published": published,
                        "outlet": "Wire", "sentence": "x", "event": ev})
    profile = incident_profile(sorted(reports, key=record_order))
    assert summarize("i1", reports, profile=profile) == summarize("i1", reports)
