"""Places held by divisions (``event_places._holds_place``): the one place
of a report names its district and province too. Hand-built Locations."""

from __future__ import annotations

from flashpoint.coding.event_places import _holds_place
from flashpoint.models import Location


def _loc(name, country, lat, lon, precision="city", admin1=None):
    return Location(name=name, country=country, admin1=admin1, lat=lat, lon=lon,
                    precision=precision)  # fmt: skip


def test_a_province_holds_its_town_and_a_district_its_nearby_town():
    town = _loc("Xtown", "AAA", 10.0, 20.0, admin1="Yprov")
    province = _loc("Yprov", "AAA", 11.5, 21.0, precision="admin1", admin1="Yprov")
    district = _loc("Xdistrict", "AAA", 10.1, 20.1)
    assert _holds_place(province, town)
    assert _holds_place(district, town)
    assert _holds_place(town, town)


def test_a_far_town_or_another_province_does_not_hold_a_town():
    town = _loc("Xtown", "AAA", 10.0, 20.0, admin1="Yprov")
    other_province = _loc("Zprov", "AAA", 10.5, 20.5, precision="admin1", admin1="Zprov")
    far_town = _loc("Far", "AAA", 12.0, 22.0)
    abroad = _loc("Near", "BBB", 10.05, 20.05)
    assert not _holds_place(other_province, town)
    assert not _holds_place(far_town, town)
    assert not _holds_place(abroad, town)
