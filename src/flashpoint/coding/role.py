"""The ``Role`` a source or target finder returns, and when two actors are
the same (an event's target is never its own source)."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Token

from flashpoint.models import Actor


@dataclass
class Role:
    actors: list[Actor] = field(default_factory=list)
    rule: str | None = None
    tokens: list[Token] = field(default_factory=list)  # the words the actors came from

    def __bool__(self) -> bool:
        # "each other" is a target even though it names no actor of its own.
        return bool(self.actors) or self.rule == "reciprocal"


# Sectors of a state's people who act against it: "Croatia" (a state named
# alone) is its government, not its rebels or its opposition ("its aid
# workers", its civilians, are its own).
NON_STATE_SECTORS = frozenset({"REB", "OPP"})


def same_actor(a: Actor, b: Actor) -> bool:
    """The same actor: same code, and no different sector or name (a state
    named alone is the same as its government; a state's rebels are not)."""
    if a.code and b.code:
        if a.sector != b.sector and (a.sector or b.sector) in NON_STATE_SECTORS and not (a.sector and b.sector):
            return False  # "Croatia" and "Croatian extremists"
        return (a.code == b.code and (a.sector == b.sector or not a.sector or not b.sector)
                and (a.name == b.name or not a.name or not b.name))
    return bool(a.text) and a.text == b.text and a.code == b.code


def same_as_any(actor: Actor, others: list[Actor]) -> bool:
    return any(same_actor(actor, o) for o in others)
