"""PLOVER event coding.

Component ``flashpoint_events``: sets ``doc._.fp_events`` to a list of
``models.Event`` (``_trigger_span`` set to the trigger's token span) and
``doc._.fp_event_trace`` to one dict per event saying which pattern fired
and which rules found its actors and modality, and which rules changed it
(``coding.explain`` prints them); ``doc._.fp_rule_drops`` lists the
triggers a rule dropped, with the rule and the reason.

Per sentence, the trigger patterns of ``data/patterns/events*.yaml`` fire
(one spaCy DependencyMatcher over the Doc, the best pattern per trigger
token), then the engine (``coding.engine``) runs the registered rules stage
by stage: ``match``, ``trigger``, ``source``, ``type``, ``target``,
``merge``, ``modality``, ``recode``, ``complete``; each finished candidate
becomes records (``coding.records``), a record repeated in the same words
kept once. Then the ``document`` rules judge the article's records as a
whole (``coding.rules_document``: implied events, acts no one did on
purpose, headline repeats). ``flashpoint rules`` lists every rule.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

# The rule modules register their rules with the engine when imported.
from flashpoint.coding import (  # noqa: F401
    rules_complete,
    rules_document,
    rules_merge,
    rules_modality,
    rules_roles,
    rules_triggers,
    rules_types,
)
from flashpoint.coding.candidate import DocumentContext, SentenceContext
from flashpoint.coding.engine import Engine
from flashpoint.coding.event_resources import DEFAULT_CONFIG as EVENT_SETTINGS
from flashpoint.coding.event_resources import EventResources
from flashpoint.coding.parse_tree import is_reciprocal, light_verb_of
from flashpoint.coding.patterns import Grammar, Match
from flashpoint.coding.records import actor_key, records_of
from flashpoint.coding.roles import ActorIndex
from flashpoint.coding.rules_complete import facing_states, is_symmetric
from flashpoint.models import QUAD_CLASS, Event
from flashpoint.nlp.context import context_of

if not Doc.has_extension("fp_event_trace"):
    Doc.set_extension("fp_event_trace", default=None)
if not Doc.has_extension("fp_rule_drops"):
    Doc.set_extension("fp_rule_drops", default=None)

CONFLICT_TYPES = {t for t, q in QUAD_CLASS.items() if q.endswith("conflict")}


class EventCoder(EventResources):
    """The ``flashpoint_events`` component; its settings and resources are
    ``EventResources``'s (coding/event_resources.py), its decisions the
    engine's rules."""

    engine: Engine = Engine()

    def __call__(self, doc: Doc) -> Doc:
        from flashpoint.coding.quotes import first_person_speakers

        self.require_resources()
        context = context_of(doc)
        context.grammar = self.grammar
        index = ActorIndex(doc, self.grammar)
        index.quote_speakers = first_person_speakers(doc, index)
        events: list[Event] = []
        traces: list[dict] = []
        drops: list[tuple[str, str, str]] = []
        seen: set[tuple] = set()
        history: list[Event] = []
        # The matcher runs once over the whole Doc; each sentence takes its own.
        matches = self.patterns.best_per_trigger(doc)
        # An article about a conflict: its two states in focus are adversaries.
        context.conflict = sum(m.pattern.type in CONFLICT_TYPES for m in matches) >= 2
        context.facing = facing_states(doc, matches, index, self.grammar)
        context.facing_by_force = facing_states(doc, matches, index, self.grammar,
                                                self.grammar.force_types)
        for sent in doc.sents:
            here = [m for m in matches if sent.start <= m.trigger.i < sent.end]
            if not here:
                continue
            for event, trace in self.code_sentence(sent, index, history, matches=here, drops=drops):
                # the same record in the same words is one record
                key = (event.event_type, actor_key(event.source), actor_key(event.target),
                       event.evidence.sentence.strip())
                if key in seen:
                    continue
                seen.add(key)
                events.append(event)
                traces.append(trace)
                history.append(event)
        # The article's records as a whole (coding.rules_document).
        whole = DocumentContext(doc=doc, index=index, grammar=self.grammar)
        events, traces = self.engine.run_document_stage(events, traces, whole)
        doc._.fp_events = events
        doc._.fp_event_trace = traces
        doc._.fp_rule_drops = drops + whole.dropped
        return doc

    def code_sentence(self, sent: Span, index: ActorIndex, history: list[Event], *,
                      matches: list[Match] | None = None, drops: list | None = None):
        """The (event, trace) pairs of one sentence; ``matches``: the trigger
        matches in it (found here when not given); the triggers the rules
        drop are added to ``drops``."""
        if matches is None:
            matches = [m for m in self.patterns.best_per_trigger(sent.doc)
                       if sent.start <= m.trigger.i < sent.end]
        engine = self.engine
        ctx = SentenceContext(sent=sent, index=index, grammar=self.grammar, history=history)
        ctx.by_token = {m.trigger.i: m for m in engine.filter_matches("match", matches, ctx)}
        ctx.kept = {m.trigger.i: m for m in engine.filter_matches("trigger", ctx.by_token.values(), ctx)}
        for stage in ("source", "type", "target", "merge"):
            engine.run_sentence_stage(stage, ctx)
        for cand in ctx.candidates.values():
            engine.run_candidate_stage("modality", cand, ctx)
            engine.run_candidate_stage("recode", cand, ctx)
        if drops is not None:
            drops.extend(ctx.dropped)
        # Roles filled from the article read the events of the sentence's
        # earlier candidates too: each candidate is completed and recorded in turn.
        for i in sorted(ctx.candidates):
            cand = ctx.candidates[i]
            engine.run_candidate_stage("complete", cand, ctx)
            yield from records_of(cand, sent, self.grammar, symmetric=is_symmetric(cand, self.grammar))


def light_verb(token, grammar: Grammar):
    """Re-exported for explain: the verb carrying a nominal trigger."""
    return light_verb_of(token, grammar)


__all__ = ["EventCoder", "is_reciprocal", "light_verb"]


@Language.factory("flashpoint_events", default_config=EVENT_SETTINGS)
def make_event_coder(nlp: Language, name: str, patterns_path: str | None,
                     grammar_path: str | None, extra_patterns: list[str]) -> EventCoder:
    """The settings are ``EventResources``'s (None: the built-in files)."""
    return EventCoder(nlp, patterns_path=patterns_path, grammar_path=grammar_path,
                      extra_patterns=extra_patterns)
