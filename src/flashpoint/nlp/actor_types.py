"""Small shared types and word lists of the actor rules (``actor_rules.py``,
``actor_people.py``)."""

from __future__ import annotations

from dataclasses import dataclass, field

from flashpoint.models import Actor

# Same-extent matches: the first kind listed wins.
KIND_ORDER = (
    "BLOCK", "PERSON", "SEAT", "ORG", "ARMED", "STATE", "CAPITAL", "ADJ", "NATIONALS",
    "PROVINCE", "GROUP", "ROLE", "TITLE",
)  # fmt: skip
STATE_KINDS = ("STATE", "ADJ", "CAPITAL")
# A bare surname after one of these is a place, not the person ("in Austin").
PLACE_PREPS = {"in", "at", "near", "from", "to", "over", "into", "across", "outside", "around"}
GLUE = {"'s", "’s", "'", "’"}
COORD = {"and", "&"}


@dataclass
class Atom:
    """One dictionary match: tokens [start, end), its kind and the phrase."""

    start: int
    end: int
    kind: str
    key: str  # the dictionary phrase it matched
    used: bool = False


@dataclass
class Mention:
    """An actor mention: one actor, or a group's members."""

    start: int
    end: int
    kind: str
    actors: list[Actor] = field(default_factory=list)
    group: bool = False
