"""What the coding rules work on: a ``Candidate`` (a trigger with
everything found about it, before it becomes records) and the
``SentenceContext`` of one sentence (its matches, the roles found, the
candidates, the triggers dropped and why). Both are plain data: the rules
(``coding.rules_*``) change them, the engine (``coding.engine``) records
what each rule changed."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from flashpoint.coding.actor_index import ActorIndex
from flashpoint.coding.modality import Modality
from flashpoint.coding.parse_tree import is_nominal
from flashpoint.coding.patterns import Grammar, Match
from flashpoint.coding.role import Role
from flashpoint.models import Actor, Event


@dataclass
class Candidate:
    """A trigger with everything found about it, before it becomes events."""

    match: Match
    event_type: str
    source: Role
    target: Role = field(default_factory=Role)
    modality: Modality = field(default_factory=Modality)
    reciprocal: bool = False
    # the parties of a joint subject, one list per conjunct ("X and Y's
    # militia agreed"): a reciprocal act pairs actors of different sides only
    sides: list[list[Actor]] | None = None
    inferred_target: str | None = None
    mode: str | None = None  # set when another trigger's mode is kept
    contexts: list[str] = field(default_factory=list)  # added by the type rules
    pattern_contexts: bool = True  # false when the type chosen is not the pattern's
    notes: list[str] = field(default_factory=list)
    fired: list[tuple[str, str]] = field(default_factory=list)  # (rule id, what it changed)

    @property
    def trigger(self) -> Token:
        return self.match.trigger


@dataclass
class DocumentContext:
    """The article as the ``document`` rules see it."""

    doc: Doc
    index: ActorIndex
    grammar: Grammar
    dropped: list[tuple[str, str, str]] = field(default_factory=list)  # (rule, trigger, why)


@dataclass
class SentenceContext:
    """One sentence as the rules see it."""

    sent: Span
    index: ActorIndex
    grammar: Grammar
    history: list[Event]  # the article's events so far
    by_token: dict[int, Match] = field(default_factory=dict)  # every trigger, by token
    kept: dict[int, Match] = field(default_factory=dict)  # triggers that may be events
    sources: dict[int, Role] = field(default_factory=dict)
    # the reporting speaker's roles of a trigger whose pattern takes them:
    # (source, target), or None when no speaker was found
    said: dict[int, tuple[Role, Role] | None] = field(default_factory=dict)
    candidates: dict[int, Candidate] = field(default_factory=dict)
    dropped: list[tuple[str, str, str]] = field(default_factory=list)  # (rule, trigger, why)
    # what rules found for a trigger before its candidate existed: (rule, change)
    early: dict[int, list[tuple[str, str]]] = field(default_factory=dict)

    @property
    def event_sources(self) -> dict[int, list]:
        return {i: r.actors for i, r in self.sources.items() if r}

    @property
    def happenings(self) -> set[int]:
        """Nominal material events ("the attack in Kashmir"): their place is
        not the target of a verbal event about them."""
        return {i for i, m in self.by_token.items()
                if m.pattern.type in self.grammar.material_types and is_nominal(m.trigger)}
