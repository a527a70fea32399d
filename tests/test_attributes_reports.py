"""Dates, places and tolls on short South Asian event reports.

``tests/fixtures/reports/south_asia.jsonl`` holds short reports written for
these tests (ACLED / SATP style: districts, tehsils, sectors, datelines,
headlines), each with the day, the place (lat/lon and a radius in km) and the
fatalities a careful coder would give its event.

Slots are measured like the shared scorer does: over the reports where the
coder found an ASSAULT at all, a slot is right when some ASSAULT of the report
carries the right value (day exact, place within the radius, fatalities
exact; a report with no deaths wants no ASSAULT with a death toll). A report
whose expected date is null is not measured on its date.

Run ``python tests/test_attributes_reports.py`` for the figures and the misses.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

import pytest

from flashpoint.nlp.gazetteer import km_between
from flashpoint.nlp.pipeline import make_doc

REPORTS = Path(__file__).resolve().parent / "fixtures" / "reports" / "south_asia.jsonl"
FOUND_TYPES = ("ASSAULT",)


def load_reports() -> list[dict]:
    return [json.loads(line) for line in REPORTS.read_text(encoding="utf-8").splitlines() if line]


def _date_ok(want: dict, event) -> bool:
    return event.date == want["date"]


def _place_ok(want: dict, event) -> bool:
    loc = event.location
    if loc is None or loc.lat is None:
        return False
    return km_between(want["lat"], want["lon"], loc.lat, loc.lon) <= want["km"]


def score_reports(nlp, reports: list[dict]) -> dict:
    """Hit rates per slot over the reports whose event was found, and the misses."""
    docs = [
        make_doc(nlp, r["text"], doc_id=r["id"], published=date.fromisoformat(r["published"]))
        for r in reports
    ]
    tally = {"reports": len(reports), "found": 0, "date": [0, 0], "place": [0, 0],
             "fatalities": [0, 0]}  # fmt: skip
    misses: list[str] = []
    for report, doc in zip(reports, nlp.pipe(docs), strict=True):
        want = report["expect"]
        events = [e for e in doc._.fp_events or [] if e.event_type in FOUND_TYPES]
        if not events:
            misses.append(f"{report['id']} NOT FOUND: {report['text'][:90]}")
            continue
        tally["found"] += 1
        checks = {"place": any(_place_ok(want, e) for e in events)}
        if want["date"] is not None:
            checks["date"] = any(_date_ok(want, e) for e in events)
        if want["fatalities"] is None:
            checks["fatalities"] = not any(e.fatalities for e in events)
        else:
            checks["fatalities"] = any(e.fatalities == want["fatalities"] for e in events)
        for slot, ok in checks.items():
            tally[slot][0] += ok
            tally[slot][1] += 1
            if not ok:
                got = [
                    (e.date, e.location.name if e.location else None, e.fatalities) for e in events
                ]
                misses.append(f"{report['id']} {slot}: want {want} got {got}")
    rates = {
        slot: tally[slot][0] / tally[slot][1] if tally[slot][1] else 1.0
        for slot in ("date", "place", "fatalities")
    }
    return {"tally": tally, "rates": rates, "misses": misses}


@pytest.fixture(scope="module")
def scored(nlp) -> dict:
    return score_reports(nlp, load_reports())


def test_dev_set_is_large_and_well_formed():
    reports = load_reports()
    assert len(reports) >= 60
    assert len({r["id"] for r in reports}) == len(reports)
    for r in reports:
        assert set(r["expect"]) == {"date", "lat", "lon", "km", "fatalities"}
        date.fromisoformat(r["published"])


def test_most_events_are_found(scored):
    assert scored["tally"]["found"] >= 0.9 * scored["tally"]["reports"], scored["misses"]


def test_dates_hold_up(scored):
    assert scored["rates"]["date"] >= 0.9, scored["misses"]


def test_places_hold_up(scored):
    assert scored["rates"]["place"] >= 0.85, scored["misses"]


def test_fatalities_hold_up(scored):
    assert scored["rates"]["fatalities"] >= 0.9, scored["misses"]


if __name__ == "__main__":
    from flashpoint.nlp.pipeline import load_pipeline

    result = score_reports(load_pipeline(), load_reports())
    print("\n".join(result["misses"]))
    print(json.dumps({"tally": result["tally"], "rates": result["rates"]}, indent=1))
    sys.exit(0)
