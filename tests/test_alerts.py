"""Alerts (flashpoint.alerts): the rules file is checked at load, each rule
kind finds what it should in hand-built stores, each alert is sent once (to
a local webhook receiver and a local SMTP server), a failing receiver never
holds up a pass, and /alerts.atom parses as a feed.

No spaCy model: the stores are built from hand-made event dicts (as in
test_fuse.py); the sentences are our own.
"""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from flashpoint.alerts import (
    AlertConfigError,
    Alerter,
    load_config,
    parse_config,
    recent,
)
from flashpoint.alerts.delivery import Dispatcher
from flashpoint.alerts.rules import evaluate
from flashpoint.fuse import stored_incidents
from flashpoint.store import Store
from test_fuse import article, event, save


@pytest.fixture
def store(tmp_path):
    st = Store(str(tmp_path / "alerts.db"))
    yield st
    st.close()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def any_store(request, tmp_path):
    """The store on SQLite, and on PostgreSQL where a server is reachable."""
    import os
    import uuid

    from test_fuse import PG_URL, _pg_error

    if request.param == "sqlite":
        with Store(str(tmp_path / "alerts.db")) as st:
            yield st
        return
    error = _pg_error()
    if error:
        pytest.skip(f"PostgreSQL not reachable at {PG_URL}: {error}")
    schema = f"fp_alerts_{os.getpid()}_{uuid.uuid4().hex[:10]}"
    with Store(PG_URL, schema=schema) as st:
        yield st
    import psycopg

    with psycopg.connect(PG_URL, autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


def add(store, doc_id: str, published: str, *events) -> None:
    """One article with its events, fused into the store's incidents."""
    save(store, article(doc_id, published, outlet=f"Outlet {doc_id}"),
         [event(doc_id, *args, seq=i, **kw) for i, (args, kw) in enumerate(events)])  # fmt: skip


def config(rules, **top):
    return parse_config({"rules": rules, **top}, name="test-rules.yaml")


# -- the rules file ----------------------------------------------------------------


BAD_FILES = [
    # (the file's data, the text the error must name)
    ({"rules": [{"kind": "killed", "min_kiled": 5}]}, "min_kiled"),
    ({"rules": [{"kind": "earthquake"}]}, "rules[0].kind"),
    ({"rules": [{"kind": "killed"}]}, "min_killed"),
    ({"rules": [{"kind": "incident", "types": ["BOMBARD"]}]}, "rules[0].types"),
    ({"rules": [{"kind": "incident", "countries": ["Pakistan"]}]}, "rules[0].countries"),
    ({"rules": [{"kind": "escalation", "dyad": "INDIA"}]}, "rules[0].dyad"),
    ({"rules": [{"kind": "escalation", "direction": "up"}]}, "rules[0].direction"),
    ({"rules": [{"kind": "ceasefire", "events": ["signed"]}]}, "rules[0].events"),
    ({"rules": [{"kind": "incident", "bbox": [70, 40, 80, 30]}]}, "rules[0].bbox"),
    ({"rules": [{"kind": "killed", "min_killed": "ten"}]}, "rules[0].min_killed"),
    ({"rules": [{"kind": "incident"}], "webhok": {"url": "http://x"}}, "webhok"),
    ({"rules": [{"kind": "incident"}], "webhook": {"url": "ftp://x"}}, "webhook.url"),
    ({"rules": [{"kind": "incident"}], "email": {"host": "h", "to": "a@b"}}, "email.from"),
    ({"rules": [{"kind": "incident"}], "email": {"host": "h", "from": "a@b", "to": "c@d",
                                                 "tls": True}}, "'tls'"),  # fmt: skip
    ({"rules": []}, "rules"),
    ({"rules": [{"kind": "incident", "name": "x"}, {"kind": "killed", "name": "x",
                                                    "min_killed": 1}]}, "two rules"),  # fmt: skip
]


@pytest.mark.parametrize(("data", "named"), BAD_FILES)
def test_a_bad_rules_file_fails_at_load_naming_the_file_and_field(tmp_path, data, named):
    path = tmp_path / "rules.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(AlertConfigError) as info:
        load_config(path)
    assert str(path) in str(info.value) and named in str(info.value)


def test_the_readme_example_loads():
    """The rules.yaml example of the README's Alerts section is a valid file."""
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Alerts", 1)[1]
    example = section.split("```yaml", 1)[1].split("```", 1)[0]
    cfg = parse_config(yaml.safe_load(example), name="README")
    assert {r.kind for r in cfg.rules} == {"escalation", "killed", "incident", "ceasefire"}
    assert {c.kind for c in cfg.channels} == {"webhook", "email"}


def test_cli_exits_2_naming_the_file_and_field(tmp_path):
    from flashpoint.cli import app

    rules = tmp_path / "bad-rules.yaml"
    rules.write_text("rules:\n  - kind: killed\n    min_killed: 3\n    regoins: [Punjab]\n")
    empty = tmp_path / "inbox"
    empty.mkdir()
    db = str(tmp_path / "w.db")
    for args in (["watch", str(empty), "--once", "--db", db, "--alerts", str(rules)],
                 ["serve", "--db", db, "--alerts", str(rules)]):  # fmt: skip
        result = CliRunner().invoke(app, args)
        assert result.exit_code == 2, result.output
        assert "bad-rules.yaml" in result.output and "regoins" in result.output


# -- what each kind finds ------------------------------------------------------------


def kinds_store(store):
    add(store, "a1", "2025-05-07",
        (("ASSAULT", "IND", "PAK"), {"date": "2025-05-07", "where": "Kotli", "killed": 12}))
    add(store, "a2", "2025-05-07",
        (("ASSAULT", "PAK", "IND"), {"date": "2025-05-07", "where": "Poonch", "killed": 2}))
    add(store, "a3", "2025-05-08",
        (("ASSAULT", "IND", "PAK"), {"date": "2025-05-08", "where": "Bahawalpur", "killed": 30,
                                     "modality": "hypothetical"}))
    add(store, "a4", "2025-05-08",
        (("PROTEST", "PAK", "IND"), {"date": "2025-05-08", "where": "Muzaffarabad"}))  # fmt: skip
    return stored_incidents(store)


def found(rule: dict, incidents) -> list[dict]:
    cfg = config([rule])
    return evaluate(cfg.rules[0], incidents, cfg.words)


def places(alerts) -> list[str]:
    return sorted(a["details"]["location"]["name"] for a in alerts)


@pytest.mark.parametrize(("rule", "expected"), [
    ({"kind": "killed", "min_killed": 10}, ["Kotli"]),  # the hypothetical 30 is left out
    ({"kind": "incident", "modalities": ["hypothetical"]}, ["Bahawalpur"]),
    ({"kind": "killed", "min_killed": 1}, ["Kotli", "Poonch"]),
    ({"kind": "incident", "types": ["ASSAULT"], "countries": ["IND"]}, ["Poonch"]),
    ({"kind": "incident", "countries": ["PAK"]}, ["Kotli", "Muzaffarabad"]),
    ({"kind": "incident", "regions": ["azad kashmir"], "types": ["protest"]}, ["Muzaffarabad"]),
    ({"kind": "incident", "bbox": [73.0, 33.0, 74.0, 34.0]}, ["Kotli"]),
    ({"kind": "incident", "actors": ["USA"]}, []),
    ({"kind": "incident", "min_sources": 2}, []),
])  # fmt: skip
def test_incident_rules_filter_as_documented(store, rule, expected):
    assert places(found(rule, kinds_store(store))) == expected


def test_escalation_rule_alerts_on_the_jump_day(store):
    for d in range(1, 5):  # four quiet days of talk, then an air strike
        add(store, f"c{d}", f"2025-05-0{d}",
            (("CONSULT", "IND", "PAK"), {"date": f"2025-05-0{d}"}))  # fmt: skip
    add(store, "s5", "2025-05-05",
        (("ASSAULT", "IND", "PAK"), {"date": "2025-05-05", "where": "Kotli", "mode": "aerial",
                                     "killed": 9}))  # fmt: skip
    incidents = stored_incidents(store)
    alerts = found({"kind": "escalation", "dyad": "PAK-IND"}, incidents)
    assert [(a["dyad"], a["date"], a["event"]) for a in alerts] == [
        ("IND-PAK", "2025-05-05", "escalation")]
    assert found({"kind": "escalation", "dyad": "IND-CHN"}, incidents) == []
    assert found({"kind": "escalation", "direction": "de-escalation"}, incidents) == []


def test_ceasefire_reported_then_broken(store):
    add(store, "f1", "2025-05-10",
        (("RETREAT", "IND", "PAK"), {"date": "2025-05-10", "mode": "ceasefire"}))
    # the day after, shelling between the same two sides breaks it
    add(store, "f2", "2025-05-11",
        (("ASSAULT", "PAK", "IND"), {"date": "2025-05-11", "where": "Poonch"}))
    # a sentence that says so, with no ceasefire stored for the two
    add(store, "f3", "2025-05-12",
        (("ASSAULT", "CHN", "IND"), {"date": "2025-05-12",
                                     "sentence": "Troops breached the truce overnight."}))
    # fighting before the ceasefire breaks nothing; talk after it neither
    add(store, "f4", "2025-05-09",
        (("ASSAULT", "IND", "PAK"), {"date": "2025-05-09", "where": "Kotli"}))
    add(store, "f5", "2025-05-12", (("CONSULT", "IND", "PAK"), {"date": "2025-05-12"}))
    add(store, "f6", "2025-05-13",
        (("AGREE", "USA", "IND"), {"date": "2025-05-13",
                                   "sentence": "Both sides agreed to extend the cease-fire."}))
    # a one-sided truce: fighting of its side with a third is no breach
    add(store, "f8", "2025-05-20",
        (("RETREAT", "CHN", None), {"date": "2025-05-20", "mode": "ceasefire"}))
    add(store, "f9", "2025-05-22",
        (("ASSAULT", "CHN", "IND"), {"date": "2025-05-22", "where": "Poonch"}))
    # a ceasefire only planned is not reported
    add(store, "f7", "2025-05-14",
        (("RETREAT", "IND", "PAK"), {"date": "2025-05-14", "mode": "ceasefire",
                                     "modality": "planned"}))  # fmt: skip
    incidents = stored_incidents(store)
    by_doc = {i["reports"][0]["doc_id"]: i["id"] for i in incidents}
    alerts = found({"kind": "ceasefire"}, incidents)
    got = sorted((a["event"], next(d for d, i in by_doc.items() if i == a["incident"]))
                 for a in alerts)  # fmt: skip
    assert got == [("ceasefire broken", "f2"), ("ceasefire broken", "f3"),
                   ("ceasefire reported", "f1"), ("ceasefire reported", "f6"),
                   ("ceasefire reported", "f8")]  # fmt: skip
    broken = next(a for a in alerts if a["incident"] == by_doc["f2"])
    assert broken["details"]["after_ceasefire"] == by_doc["f1"]
    only = found({"kind": "ceasefire", "dyad": "IND-PAK", "events": ["broken"]}, incidents)
    assert [a["incident"] for a in only] == [by_doc["f2"]]


@pytest.mark.parametrize(("date", "precision", "first_reported", "lag", "news"), [
    ("2025-05-07", "day", "2025-05-08", 30, True),
    ("2025-03-01", "day", "2025-05-08", 30, False),   # recalled two months on
    ("2019-01-01", "year", "2025-05-08", 30, False),  # an attack of years ago
    ("2025-01-01", "year", "2025-05-08", 30, True),   # "this year": may be last week
    ("2021-02-01", "month", "2025-05-08", None, True),  # no limit
    (None, None, "2025-05-08", 30, True),             # undated: taken as news
])  # fmt: skip
def test_history_told_as_background_is_not_news(date, precision, first_reported, lag, news):
    from flashpoint.alerts.rules import is_news

    incident = {"date": date, "date_precision": precision, "first_reported": first_reported}
    assert is_news(incident, lag) is news


def test_old_happenings_recalled_in_new_reports_raise_nothing(store):
    alerter = Alerter(config([{"kind": "killed", "min_killed": 1}]), store, dispatcher=Inbox())
    alerter.check()
    add(store, "h1", "2025-05-08",
        (("ASSAULT", "PAK", "IND"), {"date": "2019-01-01", "precision": "year", "killed": 40}),
        (("ASSAULT", "PAK", "IND"), {"date": "2025-05-07", "where": "Poonch", "killed": 3}))
    assert [a["date"] for a in alerter.check()] == ["2025-05-07"]


def test_the_alert_quotes_the_sentence_that_fired_it(store):
    add(store, "q1", "2025-05-11",
        (("ASSAULT", "PAK", "IND"), {"date": "2025-05-11", "where": "Poonch",
                                     "sentence": "Shells landed on  the town\n overnight."}))
    add(store, "q2", "2025-05-11",
        (("ASSAULT", "PAK", "IND"), {"date": "2025-05-11", "where": "Poonch",
                                     "sentence": "The army said the truce was violated."}))
    incidents = stored_incidents(store)
    (broken,) = found({"kind": "ceasefire", "events": ["broken"]}, incidents)
    assert broken["summary"] == "The army said the truce was violated."
    (plain,) = found({"kind": "incident"}, incidents)
    assert plain["summary"] == "Shells landed on the town overnight."


def test_a_truce_agreed_by_a_joint_subject_is_one_ceasefire_between_both(store):
    joint = "Both governments agreed to a truce on the frontier."
    add(store, "j1", "2025-05-10",
        (("AGREE", "IND", None), {"date": "2025-05-10", "sentence": joint}),
        (("AGREE", "PAK", None), {"date": "2025-05-10", "sentence": joint}))
    add(store, "j2", "2025-05-12",
        (("ASSAULT", "PAK", "IND"), {"date": "2025-05-12", "where": "Poonch"}))
    incidents = stored_incidents(store)
    assert sum(i["event_type"] == "AGREE" for i in incidents) == 2
    alerts = found({"kind": "ceasefire", "dyad": "IND-PAK"}, incidents)
    reported = [a for a in alerts if a["event"] == "ceasefire reported"]
    broken = [a for a in alerts if a["event"] == "ceasefire broken"]
    assert len(reported) == 1 and reported[0]["details"]["parties"] == ["IND", "PAK"]
    assert reported[0]["title"] == "Ceasefire reported: IND and PAK (AGREE) on 2025-05-10 (1 source)"
    assert reported[0]["summary"] == joint
    assert len(broken) == 1 and broken[0]["details"]["after_ceasefire"] == reported[0]["incident"]


def test_a_deadly_incident_quotes_the_sentence_telling_its_toll(store):
    add(store, "k1", "2025-05-07",
        (("ASSAULT", "PAK", "IND"), {"date": "2025-05-07", "where": "Poonch", "killed": 11,
                                     "sentence": "The shelling went on for hours."}))
    add(store, "k2", "2025-05-07",
        (("ASSAULT", "PAK", "IND"), {"date": "2025-05-07", "where": "Poonch", "killed": 11,
                                     "modality": "claimed", "claimed_by": "IND",
                                     "sentence": "Officials said the fire killed eleven people."}))
    (alert,) = found({"kind": "killed", "min_killed": 5}, stored_incidents(store))
    assert alert["summary"] == "Officials said the fire killed eleven people."


def test_undated_fighting_after_a_truce_is_no_breach(store):
    add(store, "u1", "2025-05-10",
        (("RETREAT", "IND", "PAK"), {"date": "2025-05-10", "mode": "ceasefire"}))
    add(store, "u2", "2025-05-12", (("ASSAULT", "PAK", "IND"), {"where": "Poonch", "killed": 5}))
    assert found({"kind": "ceasefire", "events": ["broken"]}, stored_incidents(store)) == []


# -- once, and only what is new -------------------------------------------------------


class Inbox:
    """A dispatcher stand-in: keeps what it is given."""

    def __init__(self) -> None:
        self.alerts: list[dict] = []

    def submit(self, alert) -> None:
        self.alerts.append(alert)

    def close(self, timeout=0) -> int:
        return 0


def test_baseline_then_each_new_alert_once(any_store):
    store = any_store
    add(store, "old", "2025-05-01",
        (("ASSAULT", "IND", "PAK"), {"date": "2025-05-01", "where": "Kotli", "killed": 20}))
    rules = [{"name": "deadly", "kind": "killed", "min_killed": 5}]
    inbox = Inbox()
    alerter = Alerter(config(rules), store, dispatcher=inbox)
    assert alerter.check() == []  # what was there first is the baseline
    add(store, "new", "2025-05-06",
        (("ASSAULT", "PAK", "IND"), {"date": "2025-05-06", "where": "Poonch", "killed": 6}))
    assert len(alerter.check()) == 1
    assert alerter.check() == []  # the second pass sends nothing again
    # another process with the same rules: the ledger is shared
    assert Alerter(config(rules), store, dispatcher=Inbox()).check() == []
    assert [a["details"]["location"]["name"] for a in inbox.alerts] == ["Poonch"]
    assert [a["title"] for a in recent(store)] == [inbox.alerts[0]["title"]]
    # a changed rule takes a new baseline; what was sent is not sent again
    changed = [{"name": "deadly", "kind": "killed", "min_killed": 1}]
    assert Alerter(config(changed), store, dispatcher=Inbox()).check() == []


def test_an_unchanged_store_is_not_evaluated_again(store, monkeypatch):
    import flashpoint.alerts as alerts_module

    calls = []
    real = alerts_module.stored_incidents
    monkeypatch.setattr(alerts_module, "stored_incidents", lambda st: calls.append(1) or real(st))
    alerter = Alerter(config([{"kind": "killed", "min_killed": 1}]), store, dispatcher=Inbox())
    alerter.check()
    alerter.check()
    assert len(calls) == 1
    add(store, "n1", "2025-05-07",
        (("ASSAULT", "IND", "PAK"), {"date": "2025-05-07", "where": "Kotli", "killed": 4}))
    assert len(alerter.check()) == 1 and len(calls) == 2


def test_max_age_days_leaves_out_old_happenings(store):
    from datetime import date

    alerter = Alerter(config([{"kind": "killed", "min_killed": 1}], max_age_days=7), store,
                      dispatcher=Inbox())  # fmt: skip
    alerter.check()
    add(store, "o1", "2025-04-01",
        (("ASSAULT", "IND", "PAK"), {"date": "2025-04-01", "where": "Kotli", "killed": 4}))
    add(store, "o2", "2025-05-09",
        (("ASSAULT", "PAK", "IND"), {"date": "2025-05-09", "where": "Poonch", "killed": 3}))
    fresh = alerter.check(today=date(2025, 5, 10))
    assert [a["date"] for a in fresh] == ["2025-05-09"]


def test_two_checkers_at_once_send_each_alert_once(any_store):
    """A watch and a serve on one database: claims are serialised."""
    store = any_store
    rules = [{"name": "deadly", "kind": "killed", "min_killed": 1}]
    add(store, "t0", "2025-05-06", (("CONSULT", "IND", "PAK"), {"date": "2025-05-06"}))
    inboxes = [Inbox() for _ in range(4)]
    alerters = [Alerter(config(rules), store, dispatcher=box) for box in inboxes]
    alerters[0].check()  # the baseline
    for d, where in enumerate(("Kotli", "Muzaffarabad", "Bahawalpur")):
        add(store, f"t{d + 1}", "2025-05-07",
            (("ASSAULT", "IND", "PAK"), {"date": "2025-05-07", "where": where, "killed": d + 1}))
    threads = [threading.Thread(target=a.check) for a in alerters]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    sent = [a["key"] for box in inboxes for a in box.alerts]
    assert len(sent) == len(set(sent)) == 3


def test_the_serve_timer_checks_on_its_interval(store):
    from flashpoint.alerts import AlertTimer

    inbox = Inbox()
    alerter = Alerter(config([{"kind": "killed", "min_killed": 1}], interval=1), store,
                      dispatcher=inbox)  # fmt: skip
    alerter.check()  # the baseline
    timer = AlertTimer(alerter, interval_s=0.05).start()
    try:
        time.sleep(0.1)
        add(store, "tm", "2025-05-07",
            (("ASSAULT", "IND", "PAK"), {"date": "2025-05-07", "where": "Kotli", "killed": 2}))
        deadline = time.monotonic() + 10
        while not inbox.alerts and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        timer.stop()
    assert len(inbox.alerts) == 1


def test_backfill_sends_what_was_there_first(store):
    add(store, "old", "2025-05-01",
        (("ASSAULT", "IND", "PAK"), {"date": "2025-05-01", "where": "Kotli", "killed": 20}))
    alerter = Alerter(config([{"kind": "killed", "min_killed": 5}], backfill=True), store,
                      dispatcher=Inbox())  # fmt: skip
    assert len(alerter.check()) == 1
    assert alerter.check() == []


# -- delivery: a local webhook receiver and SMTP server ---------------------------------


class Receiver:
    """An HTTP server on 127.0.0.1 that answers POSTs with ``statuses`` in
    turn (then 200) and keeps the JSON bodies it answered 2xx."""

    def __init__(self, statuses=(), *, delay_s: float = 0.0) -> None:
        self.statuses = list(statuses)
        self.delay_s = delay_s
        self.received: list[dict] = []
        self.attempts = 0
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                receiver.attempts += 1
                time.sleep(receiver.delay_s)
                status = receiver.statuses.pop(0) if receiver.statuses else 200
                if 200 <= status < 300:
                    receiver.received.append(json.loads(body))
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    made = []

    def make(*statuses, delay_s=0.0):
        made.append(Receiver(statuses, delay_s=delay_s))
        return made[-1]

    yield make
    for r in made:
        r.close()


def webhook_rules(url: str, **webhook) -> list:
    return [{"name": "deadly", "kind": "killed", "min_killed": 1}], {
        "webhook": {"url": url, "backoff": 0.05, "retries": 3, "timeout": 2, **webhook}}


def two_passes(store, alerter) -> None:
    """Baseline, a new deadly incident, then a pass with nothing new."""
    alerter.check()
    add(store, "p1", "2025-05-07",
        (("ASSAULT", "IND", "PAK"), {"date": "2025-05-07", "where": "Kotli", "killed": 4}))
    assert len(alerter.check()) == 1
    assert alerter.check() == []


def test_webhook_gets_each_alert_once_across_two_passes(store, receiver):
    hook = receiver()
    rules, top = webhook_rules(hook.url)
    alerter = Alerter(config(rules, **top), store)
    two_passes(store, alerter)
    assert alerter.close(timeout=10) == 0
    assert len(hook.received) == 1 and hook.attempts == 1
    sent = hook.received[0]
    assert sent["rule"] == "deadly" and sent["details"]["fatalities"]["best"] == 4
    assert "Kotli" in sent["title"]


def test_webhook_is_retried_after_a_500_then_succeeds(store, receiver):
    hook = receiver(500, 503)
    rules, top = webhook_rules(hook.url)
    results = []
    alerter = Alerter(config(rules, **top), store, on_result=lambda *r: results.append(r[1:]))
    two_passes(store, alerter)
    assert alerter.close(timeout=10) == 0
    assert hook.attempts == 3 and len(hook.received) == 1
    assert results == [("webhook", True, "HTTP 200")]


def test_a_client_error_is_not_retried(store, receiver):
    hook = receiver(404)
    rules, top = webhook_rules(hook.url)
    results = []
    alerter = Alerter(config(rules, **top), store, on_result=lambda *r: results.append(r[1:]))
    two_passes(store, alerter)
    alerter.close(timeout=10)
    assert hook.attempts == 1 and results == [("webhook", False, "HTTP 404")]


def test_a_failing_webhook_never_blocks_the_pass(store, receiver):
    slow = receiver(*[500] * 10, delay_s=0.5)  # slow and failing
    rules, top = webhook_rules(slow.url, retries=2)
    alerter = Alerter(config(rules, **top), store)
    started = time.monotonic()
    two_passes(store, alerter)
    # three tries take 1.5 s at the receiver alone: the passes did not wait for them
    assert time.monotonic() - started < 1.5
    assert alerter.dispatcher.pending == 1 and slow.attempts < 3
    alerter.close(timeout=10)
    assert slow.attempts == 3 and slow.received == []


def test_nobody_listening_is_retried_then_given_up(store):
    import socket

    with socket.socket() as sock:  # a port with nobody on it
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    rules, top = webhook_rules(f"http://127.0.0.1:{port}/hook", retries=1)
    results = []
    alerter = Alerter(config(rules, **top), store, on_result=lambda *r: results.append(r[1:3]))
    two_passes(store, alerter)
    alerter.close(timeout=10)
    assert results == [("webhook", False)]


def test_the_queue_is_bounded():
    from flashpoint.alerts import Channel

    gate = threading.Event()
    sent = []

    def sender(channel, alert):
        gate.wait(5)
        sent.append(alert["key"])
        return "ok"

    results = []
    dispatcher = Dispatcher([Channel("webhook", {})], max_pending=2,
                            senders={"webhook": sender},
                            on_result=lambda a, c, ok, d: results.append((a["key"], ok, d)))  # fmt: skip
    for i in range(5):
        dispatcher.submit({"key": f"k{i}", "title": "t"})
    gate.set()
    dispatcher.close(timeout=5)
    dropped = [key for key, ok, detail in results if detail == "dropped: queue full"]
    # While the sender blocks, at most two wait in the queue and one is in the
    # thread's hands: of five, two or three are sent and the rest dropped.
    # Which ones depends on when the thread first runs, so the test does not
    # name them.
    assert len(sent) in (2, 3) and len(dropped) == 5 - len(sent), (results, sent)
    assert sorted(sent + dropped) == [f"k{i}" for i in range(5)]


@pytest.fixture
def smtp_server():
    from aiosmtpd.controller import Controller
    from aiosmtpd.handlers import Message

    from web_fixtures import free_port

    class Keep(Message):
        def __init__(self):
            super().__init__()
            self.messages = []

        def handle_message(self, message):
            self.messages.append(message)

    handler = Keep()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller, handler
    controller.stop()


def test_email_is_sent_once_over_smtp(store, smtp_server):
    controller, handler = smtp_server
    top = {"email": {"host": "127.0.0.1", "port": controller.port, "from": "fp@example.org",
                     "to": ["desk@example.org", "duty@example.org"], "backoff": 0.05},
           "dashboard_url": "http://dash.example.org:8000"}  # fmt: skip
    alerter = Alerter(config([{"name": "deadly", "kind": "killed", "min_killed": 1}], **top), store)
    two_passes(store, alerter)
    assert alerter.close(timeout=10) == 0
    assert len(handler.messages) == 1
    msg = handler.messages[0]
    from email.header import decode_header, make_header

    subject = str(make_header(decode_header(msg["Subject"])))
    assert subject.startswith("[flashpoint] ASSAULT IND → PAK in Kotli (PAK) on 2025-05-07")
    assert msg["To"] == "desk@example.org, duty@example.org"
    body = msg.get_payload(decode=True).decode()
    assert "http://dash.example.org:8000/incidents/" in body and "rule: deadly" in body


# -- the Atom feed and the watch command ------------------------------------------------


def test_alerts_atom_parses_and_lists_the_alert(any_store, tmp_path):
    store = any_store
    import feedparser
    from fastapi.testclient import TestClient

    from flashpoint.web import create_app

    alerter = Alerter(config([{"name": "deadly", "kind": "killed", "min_killed": 1}]), store,
                      dispatcher=Inbox())  # fmt: skip
    two_passes(store, alerter)
    client = TestClient(create_app(store))
    response = client.get("/alerts.atom")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.feed.title == "flashpoint alerts"
    (entry,) = feed.entries
    assert "Kotli" in entry.title and entry.id.startswith("urn:uuid:")
    incident = stored_incidents(store)[0]["id"]
    assert entry.link == f"http://testserver/incidents/{incident}"
    assert client.get(entry.link).status_code == 200
    # feed readers find it from any page
    assert 'type="application/atom+xml" title="flashpoint alerts" href="/alerts.atom"' in (
        client.get("/").text)
    # article text is escaped in the feed
    add(store, "x1", "2025-05-08",
        (("ASSAULT", "PAK", "IND"), {"date": "2025-05-08", "where": "Poonch", "killed": 2,
                                     "sentence": "Shelling <script>alert(1)</script> & fire."}))
    alerter.check()
    xml = client.get("/alerts.atom").text
    assert "<script>" not in xml and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; fire." in xml
    assert len(feedparser.parse(xml).entries) == 2
    # an empty ledger is still a valid feed
    with Store(str(tmp_path / "empty.db")) as empty:
        blank = feedparser.parse(TestClient(create_app(empty)).get("/alerts.atom").content)
    assert not blank.bozo and blank.entries == []


def test_watch_once_with_alerts_sends_each_alert_once(store, receiver, tmp_path):
    from flashpoint.cli_watch import run_watch

    add(store, "w1", "2025-05-07",
        (("ASSAULT", "IND", "PAK"), {"date": "2025-05-07", "where": "Kotli", "killed": 4}))
    hook = receiver()
    rules = tmp_path / "rules.yaml"
    rules.write_text(yaml.safe_dump({
        "backfill": True,  # the store is filled before the watch starts
        "webhook": {"url": hook.url, "backoff": 0.05},
        "rules": [{"name": "deadly", "kind": "killed", "min_killed": 1}],
    }))  # fmt: skip
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    db = str(store.engine.url.database)
    for _ in range(2):  # two runs of two checks each: sent once
        assert run_watch([str(inbox)], db=db, once=True, alerts=str(rules)) == 0
    assert len(hook.received) == 1
