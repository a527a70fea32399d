"""The records' ``to_dict``: the public fields as plain values, the same as
the dataclasses' ``asdict`` with the underscore fields dropped."""

from dataclasses import asdict, dataclass, field
from datetime import date, datetime

from flashpoint.models import Actor, Article, Event, Evidence, Location, Statement


def _by_asdict(obj):
    """What ``to_dict`` gave when it was built on ``asdict``: the reference."""

    def public(value):
        if isinstance(value, list):
            return [public(x) for x in value]
        if isinstance(value, dict):
            return {k: public(v) for k, v in value.items() if not k.startswith("_")}
        if isinstance(value, date):
            return value.isoformat()
        return value

    return public(asdict(obj))


def _event(**kw) -> Event:
    base = dict(doc_id="d1", event_type="ASSAULT",
                evidence=Evidence(sentence="Gunmen fired on a bus.", start=0, end=22, trigger="fired"),
                source=Actor(code="UNK", sector="armed group", name=None, role="attacker", text="Gunmen"),
                target=Actor(code="CIV", sector="civilians", text="a bus"),
                contexts=["terrorism", "transport"], date="2025-05-07", date_precision="day",
                location=Location(name="Quetta", country="PAK", lat=30.18, lon=66.99,
                                  precision="city", text="in Quetta"),
                fatalities=3, injuries=None, modality="claimed", confidence=0.75,
                claimed_by=Actor(code="BLA"), _trigger_span=(1, 2), _place_part=1)  # fmt: skip
    base.update(kw)
    return Event(**base)


def test_an_event_dict_is_the_public_fields_of_asdict():
    event = _event()
    d = event.to_dict()
    assert d == {"kind": "event", "id": event.id, **_by_asdict(event)}
    assert "_trigger_span" not in d and "_place_part" not in d
    assert d["location"]["name"] == "Quetta" and d["source"]["text"] == "Gunmen"


def test_to_dict_copies_so_a_changed_dict_leaves_the_record_alone():
    event = _event()
    d = event.to_dict()
    d["contexts"].append("changed")
    d["source"]["code"] = "XXX"
    assert event.contexts == ["terrorism", "transport"] and event.source.code == "UNK"


def test_statements_articles_and_parts_match_asdict():
    statement = Statement(doc_id="d1", quote="We will respond.", speaker=Actor(code="IND"),
                          evidence=Evidence(sentence="s", start=3, end=9), date="2025-05-08")  # fmt: skip
    assert statement.to_dict() == {"kind": "statement", "id": statement.id,
                                   **_by_asdict(statement)}  # fmt: skip
    article = Article(doc_id="a", text="t", published="2025-05-07T10:00:00Z", url="u")
    for record in (article, Actor(code="PAK", sector="government"), Location(lat=1.5),
                   Evidence(sentence="x", start=0, end=1)):  # fmt: skip
        assert record.to_dict() == _by_asdict(record)


@dataclass
class _Odd:
    """Field values no record holds today, to hold the fallback to asdict's copy."""

    when: date
    stamps: list = field(default_factory=list)
    pair: tuple = ()
    extra: dict = field(default_factory=dict)
    _hidden: str = "internal"


def test_other_values_are_copied_as_asdict_copies_them():
    inner = Actor(code="IND")
    odd = _Odd(when=datetime(2025, 5, 7, 6, 30), stamps=[date(2025, 5, 1), (inner, date(2025, 5, 2))],
               pair=(inner, {"_kept_in_a_tuple": 1}), extra={"_dropped": 1, "kept": [date(2025, 5, 3)]})  # fmt: skip
    from flashpoint.models import _public

    got = _public(odd)
    assert got == _by_asdict(odd)
    assert got["when"] == "2025-05-07T06:30:00" and "_hidden" not in got
    assert got["pair"] == ({"code": "IND", "sector": None, "name": None, "role": None, "text": None},
                           {"_kept_in_a_tuple": 1})  # fmt: skip
    assert got["extra"] == {"kept": ["2025-05-03"]}
