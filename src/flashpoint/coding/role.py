"""The ``Role`` a source or target finder returns, and when two actors are
the same (an event's target is never its own source)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from spacy.tokens import Token

from flashpoint.models import Actor


class RoleKind(Enum):
    """What kind of role a finder made, where a later decision depends on
    it. Set where the role is made; decisions read it, never the ``rule``
    text, which only explains (``flashpoint explain``)."""

    # "fired at each other": each side is the other's target; the role names
    # no actor of its own and is still a target.
    RECIPROCAL = "reciprocal"
    # "vowed to defend itself": the source acting on itself, no event
    # between two parties.
    REFLEXIVE = "reflexive"
    # "a bomber blew himself up outside a police station": a suicide attack,
    # aimed at the place of the blast, not at the bomber.
    SUICIDE = "suicide"
    # The source's own state as target ("police dispersed a rally in
    # Lahore"): the same state on both sides is meant.
    DOMESTIC = "domestic"
    # Object control, "urged both sides to talk": the object of the verb of
    # asking is who acts; the source so found keeps that explanation.
    ASKED_TO_ACT = "asked to act"
    # "the strike" naming a happening told in an earlier sentence: its
    # actors are that happening's, not to be re-read from this sentence.
    TOLD_BEFORE = "told before"


# Kinds a role built on another one's actors (restated, or placed in a
# state) keeps: a domestic target stays domestic; "each other" and "itself"
# name no actor to carry over.
LASTING_KINDS = frozenset({RoleKind.DOMESTIC})


@dataclass
class Role:
    actors: list[Actor] = field(default_factory=list)
    rule: str | None = None  # why: the explanation, never read by a decision
    tokens: list[Token] = field(default_factory=list)  # the words the actors came from
    kind: RoleKind | None = None
    # the ``find_source`` / ``find_target`` rule that gave it (None: another
    # rule made it); explains, like ``rule``, and is never read by a decision
    finder: str | None = field(default=None, compare=False)

    def __bool__(self) -> bool:
        # "each other" is a target even though it names no actor of its own.
        return bool(self.actors) or self.kind is RoleKind.RECIPROCAL


def lasting_kind(role: Role) -> RoleKind | None:
    """The kind a role built on ``role``'s actors keeps (``LASTING_KINDS``)."""
    return role.kind if role.kind in LASTING_KINDS else None


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
