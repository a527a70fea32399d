"""The coding engine: every decision the event coder takes after a trigger
pattern fires is a named rule, and one engine runs the rules in the order
their stages and their own ``order`` declare.

A rule is a Python function registered with ``@rule(...)``:

- ``id``: a dotted name, unique (``recode.planned_conflict``);
- ``stage``: one of ``STAGES`` (below), which fixes what the function gets
  and what it may change;
- ``order``: its place within the stage (lower first);
- its docstring: the first line says what it does (``flashpoint rules``
  lists it), the rest why;
- ``example``: an own sentence and the records it must give (``Example``);
  ``tests/test_rule_examples.py`` runs every example through the pipeline
  and checks both the records and that the rule fired.

The engine records on every candidate which rules changed it and how
(``Candidate.fired``: the rule id and a change such as ``type ASSAULT ->
THREATEN`` or ``target -> IND``), and on the sentence every trigger a rule
dropped (``SentenceContext.dropped``). ``flashpoint explain`` prints both, so
each field of a record traces back to the rule that set it, by id.

Three stages are searches run inside another stage's rules (``within``):
their rules are tried in order and the first that finds something wins
(``Engine.first``): ``find_source`` and ``find_target``, the finders of a
trigger's source and target (run by ``source.parse``, ``target.parse``
and the rules that ask for another word's roles), and ``agency``, the
signs that a conflict word tells an act no one did on purpose (run by
``document.acted_on_purpose``). The finder that gave a role is kept on it
(``Role.finder``) and on the record's trace, so ``flashpoint explain``
names it.

Stages, in order (``scope`` says what a rule function receives):

==========  ==========  =========================================================
stage       scope       what its rules decide
==========  ==========  =========================================================
match       match       a match that is no trigger at all (hidden from the others)
trigger     match       a trigger that is no event of its own (others still see it)
source      sentence    who acts, for every trigger of the sentence
find_source search      (within source) a trigger's source: the first finder that finds it
type        sentence    the candidates and their PLOVER types
target      sentence    whom each candidate is aimed at
find_target search      (within target) a trigger's target: the first finder that finds it
merge       sentence    candidates that are parts of another's event; shared roles
modality    candidate   whether it happened: asserted, negated, claimed, planned ...
recode      candidate   type changes modality implies; the first rule that applies wins
complete    candidate   roles the sentence leaves open, filled from the article
document    document    the article's records: implied events, acts no one did on
                        purpose, repeats
agency      search      (within document) why a conflict act is no act on purpose
==========  ==========  =========================================================

A ``match``/``trigger`` rule returns the reason it drops the match (or
None); a ``sentence`` rule changes ``ctx`` (its candidates, sources, ...); a
``candidate`` rule changes the candidate and, in an exclusive stage
(``recode``), returns True when it applied; a ``document`` rule gets the
article's records and their traces and returns those it keeps (and any it
adds), recording what it dropped on ``DocumentContext.dropped``. A
``search`` rule gets the stage's query and returns what it found, or None
to let the next rule try; it may leave a result for the rules after it on
``query.found`` (kept when no later rule finds one).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from flashpoint.coding.candidate import Candidate, SentenceContext
    from flashpoint.coding.patterns import Match


@dataclass(frozen=True)
class Stage:
    name: str
    scope: str  # "match" | "sentence" | "candidate" | "document" | "search"
    summary: str
    exclusive: bool = False  # candidate and search scope: the first rule that applies ends the stage
    within: str | None = None  # a search: the stage whose rules run it


STAGES: tuple[Stage, ...] = (
    Stage("match", "match", "a match that is no trigger at all (hidden from the other rules)"),
    Stage("trigger", "match", "a trigger that is no event of its own"),
    Stage("source", "sentence", "who acts, for every trigger of the sentence"),
    Stage("find_source", "search", "the finders of one trigger's source, run by the source rules",
          exclusive=True, within="source"),
    Stage("type", "sentence", "the candidates and their PLOVER types"),
    Stage("target", "sentence", "whom each candidate is aimed at"),
    Stage("find_target", "search", "the finders of one trigger's target, run by the target rules",
          exclusive=True, within="target"),
    Stage("merge", "sentence", "parts of another's event; roles shared between candidates"),
    Stage("modality", "candidate", "whether it happened"),
    Stage("recode", "candidate", "type changes that modality implies", exclusive=True),
    Stage("complete", "candidate", "roles the sentence leaves open, from the article"),
    Stage("document", "document", "the article's records: implied events, acts no one did on purpose, repeats"),
    Stage("agency", "search", "why a conflict act is no act on purpose, run by document.acted_on_purpose",
          exclusive=True, within="document"),
)
STAGE_BY_NAME = {s.name: s for s in STAGES}


@dataclass(frozen=True)
class Example:
    """An own sentence and what coding it must give: ``records`` as
    ``"TYPE SOURCE>TARGET"`` strings (codes, ``-`` for none; ``"TYPE"``
    alone checks the type only), every one of which must be among the
    sentence's records, and ``absent`` types that must not be."""

    text: str
    records: tuple[str, ...] = ()
    absent: tuple[str, ...] = ()
    published: str = "2025-05-10"


@dataclass(frozen=True)
class Rule:
    id: str
    stage: str
    order: int
    func: Callable[..., Any]
    example: Example | None = None
    options: tuple[tuple[str, Any], ...] = ()  # what the stage's runner reads (agency: guards)

    def option(self, name: str, default: Any = None) -> Any:
        return dict(self.options).get(name, default)

    @property
    def doc(self) -> str:
        return (self.func.__doc__ or "").strip()

    @property
    def summary(self) -> str:
        first = " ".join(self.doc.split("\n\n")[0].split())
        return first or self.id


_REGISTRY: dict[str, Rule] = {}


def rule(id: str, *, stage: str, order: int, example: Example | None = None, **options: Any):
    """Register the decorated function as rule ``id`` of ``stage``;
    ``options``: settings the stage's runner reads (``agency``: ``guards``)."""
    if stage not in STAGE_BY_NAME:
        raise ValueError(f"rule {id!r}: unknown stage {stage!r} (stages: {', '.join(STAGE_BY_NAME)})")

    def register(func: Callable[..., Any]) -> Callable[..., Any]:
        if id in _REGISTRY and _REGISTRY[id].func.__qualname__ != func.__qualname__:
            raise ValueError(f"rule id {id!r} is registered twice")
        if not (func.__doc__ or "").strip():
            raise ValueError(f"rule {id!r} needs a docstring saying what it decides")
        _REGISTRY[id] = Rule(id, stage, order, func, example, tuple(sorted(options.items())))
        func.rule_id = id  # type: ignore[attr-defined]
        return func

    return register


def rules(stage: str | None = None) -> list[Rule]:
    """Registered rules in running order (of one stage, or all)."""
    rank = {s.name: n for n, s in enumerate(STAGES)}
    found = [r for r in _REGISTRY.values() if stage is None or r.stage == stage]
    return sorted(found, key=lambda r: (rank[r.stage], r.order, r.id))


def get_rule(rule_id: str) -> Rule:
    return _REGISTRY[rule_id]


# -- what a rule changed ---------------------------------------------------------------
def _codes(role) -> str:
    codes = [a.code or (a.name or a.text or "?") for a in role.actors] if role else []
    return ",".join(codes) if codes else "-"


#: the fields of a ``snapshot``, by the names a change is described with
SNAPSHOT_FIELDS = ("type", "source", "target", "modality", "mode", "reciprocal", "pattern-contexts")


def snapshot(cand: Candidate) -> tuple:
    """What a rule may change on a candidate, as comparable values (of
    ``SNAPSHOT_FIELDS``; written out only where they change, as most rules
    change nothing)."""
    return (cand.event_type, _codes(cand.source), _codes(cand.target), cand.modality.value,
            cand.mode or "-", cand.reciprocal, cand.pattern_contexts)  # fmt: skip


def describe_change(before: tuple, after: tuple) -> str:
    """'type ASSAULT -> THREATEN; target -> IND' for the fields that differ
    ("" when none does: most rules change nothing, and the tuples compare at
    once)."""
    if before == after:
        return ""
    parts = []
    for name, old, new in zip(SNAPSHOT_FIELDS, before, after, strict=True):
        if old != new:
            parts.append(f"{name} {old} -> {new}")
    return "; ".join(parts)


# -- the engine --------------------------------------------------------------------------
@dataclass
class Engine:
    """Runs the registered rules of each stage over a sentence's context."""

    only: frozenset[str] | None = None  # rule ids to run (all when None): for tests
    skipped: frozenset[str] = field(default_factory=frozenset)
    # each stage's rules in order, kept while the registry stays as it was
    _order: dict[str, tuple[int, list[Rule]]] = field(default_factory=dict, repr=False)

    def _rules(self, stage: str) -> list[Rule]:
        cached = self._order.get(stage)
        if cached is None or cached[0] != len(_REGISTRY):
            chosen = [r for r in rules(stage)
                      if r.id not in self.skipped and (self.only is None or r.id in self.only)]
            cached = self._order[stage] = (len(_REGISTRY), chosen)
        return cached[1]

    def filter_matches(self, stage: str, matches: Iterable[Match], ctx: SentenceContext) -> list[Match]:
        """The matches no rule of ``stage`` drops; the dropped ones are
        recorded on ``ctx.dropped`` with the rule and its reason."""
        kept = []
        for m in matches:
            for r in self._rules(stage):
                why = r.func(m, ctx)
                if why:
                    ctx.dropped.append((r.id, m.trigger.text, why))
                    break
            else:
                kept.append(m)
        return kept

    def run_sentence_stage(self, stage: str, ctx: SentenceContext) -> None:
        # What a rule leaves is what the next one starts from: each snapshot
        # taken after a rule is the next rule's "before" (nothing else runs
        # between two rules), so each candidate and source is read once per rule.
        before = {i: snapshot(c) for i, c in ctx.candidates.items()}
        sources = {i: _codes(role) for i, role in ctx.sources.items()}
        for r in self._rules(stage):
            r.func(ctx)
            # roles found before the candidates exist are kept for them
            after_sources = {}
            for i, role in ctx.sources.items():
                codes = after_sources[i] = _codes(role)
                if codes != sources.get(i, "-"):
                    ctx.early.setdefault(i, []).append((r.id, f"source -> {codes}"))
            after = {}
            for i, old in before.items():
                cand = ctx.candidates.get(i)
                if cand is None:
                    ctx.dropped.append((r.id, ctx.by_token[i].trigger.text, "absorbed"))
                    continue
                new = after[i] = snapshot(cand)
                change = describe_change(old, new)
                if change:
                    cand.fired.append((r.id, change))
            for i, cand in ctx.candidates.items():
                if i not in before:
                    cand.fired[:0] = ctx.early.get(i, [])
                    cand.fired.append((r.id, f"{cand.event_type} candidate"))
            before = {i: after[i] if i in after else snapshot(c) for i, c in ctx.candidates.items()}
            sources = after_sources

    def run_candidate_stage(self, stage: str, cand: Candidate, ctx: SentenceContext) -> None:
        exclusive = STAGE_BY_NAME[stage].exclusive
        before = snapshot(cand)
        for r in self._rules(stage):
            applied = r.func(cand, ctx)
            after = snapshot(cand)  # the next rule's "before"
            change = describe_change(before, after)
            before = after
            if change or (exclusive and applied):
                cand.fired.append((r.id, change or "applies"))
            if exclusive and applied:
                return

    def first(self, stage: str, query: Any, *, skip: Callable[[Rule], bool] | None = None) -> tuple[str | None, Any]:
        """A search: the rules of ``stage`` in order (less those ``skip``
        names) until one finds something (returns other than None): (its id,
        what it found). A rule may instead leave a result on ``query.found``
        for the rules after it; when none finds one, that result and the rule
        that left it (``query.found_by``) are the answer, else (None, None)."""
        for r in self._rules(stage):
            if skip is not None and skip(r):
                continue
            left = getattr(query, "found", None)
            found = r.func(query)
            if found is not None:
                return r.id, found
            if getattr(query, "found", None) is not left:
                query.found_by = r.id
        return getattr(query, "found_by", None), getattr(query, "found", None)

    def run_document_stage(self, events: list, traces: list[dict], ctx: Any) -> tuple[list, list[dict]]:
        """The ``document`` rules over the article's records, in order; a
        record a rule drops is noted on ``ctx.dropped`` with the rule, one it
        adds carries the rule in its trace."""
        for r in self._rules("document"):
            kept_events, kept_traces = r.func(events, traces, ctx)
            before = Counter(_record_key(e, t) for e, t in zip(events, traces, strict=True))
            after = Counter(_record_key(e, t) for e, t in zip(kept_events, kept_traces, strict=True))
            for key, n in (before - after).items():
                ctx.dropped.extend([(r.id, key[2], "dropped")] * n)
            added = after - before
            for event, trace in zip(kept_events, kept_traces, strict=True):
                key = _record_key(event, trace)
                if added[key] > 0:
                    added[key] -= 1
                    trace["rules"] = [*trace.get("rules", []), f"{r.id}: {event.event_type} added"]
            events, traces = kept_events, kept_traces
        return events, traces


ENGINE = Engine()  # the one engine: the event coder's stages and the searches its rules run


def _record_key(event: Any, trace: dict) -> tuple:
    """A record as the document rules see it: its trigger, pattern and type."""
    return (trace.get("trigger_i"), trace.get("pattern"), trace.get("trigger") or "", event.event_type)


def rule_table() -> list[tuple[str, str, int, str]]:
    """(id, stage, order, summary) of every rule, in running order."""
    return [(r.id, r.stage, r.order, r.summary) for r in rules()]
