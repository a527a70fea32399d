"""The actor dictionary: states, seats of power, organisations, armed groups,
people with their terms of office, role words and group phrases.

Everything is read from data files (``flashpoint/data/actors/``) that a user
can extend; ``load_dictionary(extra=[...])`` adds the files of other
directories laid out the same way (any subset of them), or single files named
like the standard ones (``people.csv``, ``sectors.yaml`` ...).

Files (``|`` separates several values inside one CSV cell):

- ``countries.csv``: code, name, aliases, adjectives, capitals, nationals
  (plural demonyms naming the people: "Pakistanis", "Palestinians"; an actor
  of that state with no sector, as CAMEO codes them)
- ``seats.csv``: text, code, sector, name, place ("yes" when the seat is also a
  city, e.g. Rawalpindi: then it is an actor only in an actor's position).
  Only names used for one state's seat belong here; generic ones that many
  states use ("Foreign Office", "Foreign Ministry", "Parliament", "the Army")
  are role words in ``sectors.yaml``, whose state a possessor, adjective or
  the context gives ("Pakistan's Foreign Office" PAK/GOV)
- ``organisations.csv``: code, name, sector, aliases. SPEC's sectors have
  no NGO: an international non-governmental organisation with a well-known
  short name (Amnesty International, the Red Cross, MSF) is an international
  organisation in SPEC's terms, IGO with its short name as code; a national
  one (HRCP) keeps CAMEO's NGO
- ``armed_groups.csv``: code, name, sector, aliases, governs, governs_from (a
  group that became a state's government, e.g. the Taliban in Afghanistan from
  2021-08-15, resolves to that state's GOV from that date), home (the state a
  group fights in, empty for one that fights in many: a hint for where a place
  it is named with lies, never its code), note
- ``people.csv``: name, aliases, country, sector, role, start, end (ISO dates,
  end empty = ongoing; a person with several roles has several rows)
- ``sectors.yaml``: role words per sector, person titles, plural role words,
  generic heads, hyphen suffixes and prefixes that make a state a non-actor
  ("Pakistan-based", "pro-Iranian"), nouns a nationality adjective describes
  without naming an actor ("the Russian language")
- ``groups.yaml``: phrases that name the dyad in focus ("both sides")
- ``rules.yaml``: word lists the rules use: surnames that are also English
  words (``common_word_names``), verbs of travel and contact (``visit_verbs``),
  words that end an organisation's name, not a person's (``not_name_words``),
  role words a possessor does not give its state to (``relational_roles``),
  verbs of saying whose subject a possessive pronoun in the report stands for
  (``speech_verbs``), role words that may take the report's home state
  (``home_state_roles``, see ``actor_home.py``), role words that name one
  person, whom "he" or "she" may stand for (``person_roles``), names one
  edit away from a state's that are not misspellings of it
  (``not_state_spellings``, see ``spelling.py``)
- ``institutions.yaml``: head words of institutions' names and their
  sectors ("university" CVL, "commission" GOV, "chamber of commerce" BUS): a
  name so ending that holds a place takes its country ("Cairo University"
  EGY/CVL, see ``actor_names.py``)
- ``parties.csv``: code (the state), name, sector (empty: none), aliases,
  note: political parties and movements act for their state's politics
  ("Fatah" PSE, "the BJP" IND); loaded as seats of power

Provinces and states of a federation (``admin1`` rows of
``flashpoint/data/places/regions.csv``, the places gazetteer's file) are read
too: a province gives its country to a role phrase ("the Sindh government"
PAK/GOV, "Jammu and Kashmir police" IND/COP); a name listed for two
countries (Punjab) gives none.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

from flashpoint.datafiles import read_csv, read_yaml

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "actors"
FILES = (
    "countries.csv", "seats.csv", "organisations.csv", "armed_groups.csv",
    "people.csv", "sectors.yaml", "groups.yaml", "parties.csv", "rules.yaml",
    "institutions.yaml",
)  # fmt: skip
REGIONS = DATA_DIR.parent / "places" / "regions.csv"
SECTORS = ("GOV", "MIL", "COP", "REB", "IGO", "CVL", "MED", "BUS", "OPP", "JUD", "ANALYST")


@dataclass(frozen=True)
class Entity:
    """A named actor that is not a person: a state, seat, organisation, group."""

    code: str | None
    sector: str | None
    name: str | None
    place: bool = False  # a city: an actor only in an actor's position
    governs: str | None = None
    governs_from: date | None = None
    home: str | None = None  # an armed group: the state it fights in


@dataclass(frozen=True)
class Term:
    """One row of people.csv: a person in one role for one period."""

    name: str
    country: str
    sector: str | None
    role: str | None
    start: date | None
    end: date | None

    def covers(self, day: date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass
class ActorDictionary:
    countries: dict[str, str] = field(default_factory=dict)  # code -> name
    # phrase (as written) -> Entity, per kind
    states: dict[str, Entity] = field(default_factory=dict)
    adjectives: dict[str, Entity] = field(default_factory=dict)
    capitals: dict[str, Entity] = field(default_factory=dict)
    nationals: dict[str, Entity] = field(default_factory=dict)
    provinces: dict[str, Entity] = field(default_factory=dict)
    seats: dict[str, Entity] = field(default_factory=dict)
    organisations: dict[str, Entity] = field(default_factory=dict)
    armed_groups: dict[str, Entity] = field(default_factory=dict)
    group_homes: dict[str, str] = field(default_factory=dict)  # group code -> state
    terms: dict[str, list[Term]] = field(default_factory=dict)  # person name -> terms
    person_aliases: dict[str, list[str]] = field(default_factory=dict)  # alias -> names
    roles: dict[str, str | None] = field(default_factory=dict)  # lower phrase -> sector
    titles: dict[str, str | None] = field(default_factory=dict)  # phrase -> sector
    plural: set[str] = field(default_factory=set)
    generic_heads: set[str] = field(default_factory=set)
    not_actor_suffixes: set[str] = field(default_factory=set)
    not_actor_prefixes: set[str] = field(default_factory=set)  # "pro-", "anti-"
    not_actor_heads: set[str] = field(default_factory=set)  # "the Russian language"
    groups: dict[str, str | None] = field(default_factory=dict)  # lower phrase -> sector
    not_actors: set[str] = field(default_factory=set)  # lower phrases that block a match
    common_word_names: set[str] = field(default_factory=set)
    visit_verbs: set[str] = field(default_factory=set)  # lemmas
    not_name_words: set[str] = field(default_factory=set)
    relational_roles: set[str] = field(default_factory=set)
    speech_verbs: set[str] = field(default_factory=set)  # lemmas
    home_state_roles: set[str] = field(default_factory=set)  # lower role phrases
    person_roles: set[str] = field(default_factory=set)  # lower role words
    not_state_spellings: set[str] = field(default_factory=set)  # "Siberia"
    # lower head phrase -> sector: "university" CVL, "chamber of commerce" BUS
    institution_heads: dict[str, str | None] = field(default_factory=dict)
    # codes of the states the extra files add (not in the built-in countries.csv)
    added_countries: set[str] = field(default_factory=set)

    # -- people -------------------------------------------------------------

    def term_for(self, name: str, day: date | None) -> Term | None:
        """The person's term on ``day`` (or, with no day, the current or latest
        one); None when they held no listed office that day."""
        terms = self.terms.get(name, [])
        if not terms:
            return None
        if day is None:
            ongoing = [t for t in terms if t.end is None]
            pool = ongoing or terms
            return max(pool, key=lambda t: t.start or date.min)
        covering = [t for t in terms if t.covers(day)]
        if covering:
            return max(covering, key=lambda t: t.start or date.min)
        return None

    def country_of(self, name: str, day: date | None) -> str:
        """The country a person acts for: that of the term on ``day``, else of
        the nearest term before it, else of the first."""
        term = self.term_for(name, day)
        if term:
            return term.country
        terms = self.terms[name]
        if day is not None:
            before = [t for t in terms if t.start and t.start <= day]
            if before:
                return max(before, key=lambda t: t.start).country
        return terms[0].country


def _split(cell: str | None) -> list[str]:
    return [p.strip() for p in (cell or "").split("|") if p.strip()]


def _date(cell: str | None) -> date | None:
    cell = (cell or "").strip()
    return date.fromisoformat(cell) if cell else None


#: the columns each actor table must fill in every row
REQUIRED_COLUMNS = {
    "countries.csv": ("code",), "seats.csv": ("text",), "organisations.csv": ("code",),
    "armed_groups.csv": ("code",), "people.csv": ("name", "country"), "parties.csv": ("code",),
}  # fmt: skip


def _rows(path: Path) -> list[dict[str, str]]:
    return read_csv(path, required=REQUIRED_COLUMNS.get(path.name, ()))


#: the actor tables whose ``code`` and ``name`` columns name an actor code
CODE_TABLES = ("countries.csv", "organisations.csv", "armed_groups.csv")


@lru_cache(maxsize=1)
def code_names() -> dict[str, str]:
    """Every actor code the packaged actor tables define, with its display
    name (the first row of a code wins): the one table behind the names the
    briefing, the dashboard and the code validator show."""
    names: dict[str, str] = {}
    for table in CODE_TABLES:
        for row in _rows(DATA_DIR / table):
            names.setdefault(row["code"].upper(), row.get("name") or "")
    return names


def _add_countries(d: ActorDictionary, path: Path) -> None:
    for row in _rows(path):
        code = row["code"].upper()
        name = row.get("name") or d.countries.get(code, code)
        d.countries.setdefault(code, name)
        state = Entity(code, None, d.countries[code])
        for text in [row.get("name", ""), *_split(row.get("aliases"))]:
            if text:
                d.states[text] = state
        for text in _split(row.get("adjectives")):
            d.adjectives[text] = state
        for text in _split(row.get("capitals")):
            d.capitals[text] = Entity(code, "GOV", None, place=True)
        for text in _split(row.get("nationals")):
            d.nationals[text] = state


def _add_seats(d: ActorDictionary, path: Path) -> None:
    for row in _rows(path):
        d.seats[row["text"]] = Entity(
            row.get("code") or None, row.get("sector") or None, row.get("name") or None,
            place=row.get("place", "").lower() in ("yes", "true", "1"),
        )  # fmt: skip


def _add_organisations(d: ActorDictionary, path: Path) -> None:
    for row in _rows(path):
        org = Entity(row["code"], row.get("sector") or None, row.get("name") or row["code"])
        for text in [row.get("name", ""), *_split(row.get("aliases"))]:
            if text:
                d.organisations[text] = org


def _add_parties(d: ActorDictionary, path: Path) -> None:
    """Parties by name and alias; an alias two countries' parties share
    ("SLPP": Sierra Leone's and Sri Lanka's) names neither: only the full
    names resolve it."""
    claims: dict[str, set[str]] = {}
    rows = _rows(path)
    for row in rows:
        for text in _split(row.get("aliases")):
            claims.setdefault(text, set()).add(row["code"].upper())
    for row in rows:
        party = Entity(row["code"].upper(), row.get("sector") or None, row.get("name") or None)
        for text in [row.get("name", ""), *_split(row.get("aliases"))]:
            if text and (text == row.get("name") or len(claims.get(text, ())) == 1):
                d.seats[text] = party


def _add_provinces(d: ActorDictionary, path: Path) -> None:
    """admin1 rows of the places gazetteer's regions.csv; a name listed for
    two countries is left out."""
    codes: dict[str, set[str]] = {}
    for row in read_csv(path, required=("name",)):
        if row.get("precision") != "admin1" or not row.get("country"):
            continue
        for text in [row["name"], *_split(row.get("aliases"))]:
            codes.setdefault(text.strip(), set()).add(row["country"].strip().upper())
    for text, found in codes.items():
        if len(found) == 1:
            code = next(iter(found))
            d.provinces[text] = Entity(code, None, None, place=True)


def _add_armed_groups(d: ActorDictionary, path: Path) -> None:
    for row in _rows(path):
        group = Entity(
            row["code"], row.get("sector") or "REB", row.get("name") or row["code"],
            governs=row.get("governs") or None, governs_from=_date(row.get("governs_from")),
            home=row.get("home") or None,
        )  # fmt: skip
        if group.home:
            d.group_homes[group.code] = group.home
        for text in [row.get("name", ""), *_split(row.get("aliases"))]:
            if text:
                d.armed_groups[text] = group


def _add_people(d: ActorDictionary, path: Path) -> None:
    for row in _rows(path):
        name = row["name"]
        term = Term(
            name, row["country"].upper(), row.get("sector") or None, row.get("role") or None,
            _date(row.get("start")), _date(row.get("end")),
        )  # fmt: skip
        d.terms.setdefault(name, []).append(term)
        for alias in [name, *_split(row.get("aliases"))]:
            names = d.person_aliases.setdefault(alias, [])
            if name not in names:
                names.append(name)


def _add_sectors(d: ActorDictionary, path: Path) -> None:
    data = read_yaml(path)
    for key, words in data.items():
        if key == "titles":
            d.titles.update({str(k): v for k, v in (words or {}).items()})
        elif key == "plural":
            d.plural.update(w.lower() for w in words or [])
        elif key == "generic_heads":
            d.generic_heads.update(w.lower() for w in words or [])
        elif key == "not_actors":
            d.not_actors.update(w.lower() for w in words or [])
        elif key == "not_actor_suffixes":
            d.not_actor_suffixes.update(w.lower() for w in words or [])
        elif key == "not_actor_prefixes":
            d.not_actor_prefixes.update(w.lower() for w in words or [])
        elif key == "not_actor_heads":
            d.not_actor_heads.update(w.lower() for w in words or [])
        else:
            sector = None if key == "NONE" else key
            for word in words or []:
                d.roles[str(word).lower()] = sector


def _add_groups(d: ActorDictionary, path: Path) -> None:
    data = read_yaml(path)
    for item in data.get("phrases", []):
        d.groups[str(item["text"]).lower()] = item.get("sector")


def _add_rules(d: ActorDictionary, path: Path) -> None:
    data = read_yaml(path)
    d.common_word_names.update(str(w) for w in data.get("common_word_names") or [])
    d.visit_verbs.update(str(w).lower() for w in data.get("visit_verbs") or [])
    d.not_name_words.update(str(w) for w in data.get("not_name_words") or [])
    d.relational_roles.update(str(w).lower() for w in data.get("relational_roles") or [])
    d.speech_verbs.update(str(w).lower() for w in data.get("speech_verbs") or [])
    d.home_state_roles.update(str(w).lower() for w in data.get("home_state_roles") or [])
    d.person_roles.update(str(w).lower() for w in data.get("person_roles") or [])
    d.not_state_spellings.update(str(w) for w in data.get("not_state_spellings") or [])


def _add_institutions(d: ActorDictionary, path: Path) -> None:
    data = read_yaml(path)
    for head, sector in (data.get("heads") or {}).items():
        d.institution_heads[str(head).lower()] = sector or None


_LOADERS = {
    "countries.csv": _add_countries,
    "seats.csv": _add_seats,
    "organisations.csv": _add_organisations,
    "armed_groups.csv": _add_armed_groups,
    "people.csv": _add_people,
    "sectors.yaml": _add_sectors,
    "groups.yaml": _add_groups,
    "parties.csv": _add_parties,
    "rules.yaml": _add_rules,
    "institutions.yaml": _add_institutions,
}


def _load_into(d: ActorDictionary, path: Path) -> None:
    if path.is_dir():
        for fname in FILES:
            if (path / fname).exists():
                _LOADERS[fname](d, path / fname)
        return
    loader = _LOADERS.get(path.name)
    if loader is None:
        raise ValueError(
            f"actor dictionary file {path}: the name must be one of {', '.join(FILES)} "
            "(or give a directory holding such files)"
        )
    loader(d, path)


@lru_cache(maxsize=8)
def _load(paths: tuple[str, ...]) -> ActorDictionary:
    d = ActorDictionary()
    if REGIONS.exists():
        _add_provinces(d, REGIONS)
    _load_into(d, DATA_DIR)
    built_in = set(d.countries)
    for p in paths:
        path = Path(p)
        if not path.exists():
            raise FileNotFoundError(f"actor dictionary file not found: {path}")
        _load_into(d, path)
    d.added_countries = set(d.countries) - built_in
    return d


def load_dictionary(*, extra: Iterable[str | Path] | None = None) -> ActorDictionary:
    """The built-in dictionary plus the files or directories in ``extra``
    (cached: do not mutate the result)."""
    return _load(tuple(str(p) for p in (extra or ())))
