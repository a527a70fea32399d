"""``explain``: why the coder coded a sentence the way it did.

``explain(nlp, sentence, published=...)`` runs the full pipeline on one text
and returns a readable report: the parse (token, lemma, part of speech,
dependency, head), the actor mentions and how each resolved, the trigger
patterns that fired (ids from ``data/patterns/events.yaml``) and the rules
that found each event's source, target and modality, then the records as
JSON. ``flashpoint explain "sentence"`` prints it.
"""

from __future__ import annotations

import json
from datetime import date

from spacy.language import Language
from spacy.tokens import Doc

from flashpoint.nlp.pipeline import make_doc


def _actor_text(actor) -> str:
    if actor is None:
        return "-"
    parts = [actor.code or "UNK"]
    if actor.sector:
        parts.append(actor.sector)
    if actor.name:
        parts.append(actor.name)
    if actor.role:
        parts.append(f"({actor.role})")
    return " ".join(parts)


def _parse_lines(doc: Doc) -> list[str]:
    lines = [f"{'i':>3}  {'token':<16}{'lemma':<16}{'pos':<7}{'dep':<11}head"]
    for tok in doc:
        if tok.is_space:
            continue
        lines.append(f"{tok.i:>3}  {tok.text:<16}{tok.lemma_:<16}{tok.pos_:<7}{tok.dep_:<11}"
                     f"{tok.head.i} {tok.head.text}")
    return lines


def _actor_lines(doc: Doc) -> list[str]:
    lines = []
    for span in doc.spans.get("fp_actors", []):
        members = span._.fp_members
        if members:
            resolved = "group of " + ", ".join(_actor_text(a) for a in members)
        else:
            resolved = _actor_text(span._.fp_actor)
        label = f" [{span.label_}]" if span.label_ else ""
        lines.append(f"  '{span.text}' (tokens {span.start}-{span.end}){label} -> {resolved}")
    return lines or ["  (none)"]


def _pattern_lines(nlp: Language, doc: Doc) -> list[str]:
    coder = nlp.get_pipe("flashpoint_events")
    lines = []
    for match in coder.patterns.matches(doc):
        words = " ".join(t.text for t in sorted(match.tokens, key=lambda t: t.i))
        lines.append(f"  {match.pattern.id:<28} {match.pattern.type:<9} on '{match.trigger.text}'"
                     f" (token {match.trigger.i}; matched: {words})")
    return lines or ["  (no trigger pattern fired)"]


def _event_lines(doc: Doc) -> list[str]:
    lines = []
    traces = doc._.fp_event_trace or []
    for n, (event, trace) in enumerate(zip(doc._.fp_events or [], traces, strict=False), 1):
        lines.append(f"  {n}. {event.event_type} {_actor_text(event.source)} -> "
                     f"{_actor_text(event.target)}  [{event.modality}]"
                     f"{'  mode ' + event.mode if event.mode else ''}")
        lines.append(f"     pattern: {trace['pattern']} (trigger '{trace['trigger']}')")
        for role in ("source", "target"):
            finder = trace.get(f"{role}_finder")
            lines.append(f"     {role}:  {trace[f'{role}_rule'] or 'none found'}"
                         f"{f'  (rule {finder})' if finder else ''}")
        if trace.get("modality_rule"):
            lines.append(f"     modality: {trace['modality_rule']}")
        for fired in trace.get("rules", []):
            lines.append(f"     rule {fired}")
        for note in trace.get("notes", []):
            lines.append(f"     note: {note}")
    return lines or ["  (no events)"]


def _drop_lines(doc: Doc) -> list[str]:
    """The triggers a rule dropped: the rule's id, the word, the reason."""
    return [f"  {rule_id}: '{word}' ({why})" for rule_id, word, why in doc._.fp_rule_drops or []]


def explain(nlp: Language, sentence: str, *, published: date | None = None) -> str:
    """A readable report of how ``sentence`` is coded (see module doc)."""
    doc = nlp(make_doc(nlp, sentence, doc_id="explain", published=published))
    out = [f"Text: {sentence}", "", "Parse:"]
    out += _parse_lines(doc)
    out += ["", "Actors (flashpoint_actors):"] + _actor_lines(doc)
    out += ["", "Trigger patterns that fired:"] + _pattern_lines(nlp, doc)
    drops = _drop_lines(doc)
    if drops:
        out += ["", "Triggers dropped (rule: word, reason):"] + drops
    out += ["", "Events and the rules behind them (rule id: what it changed):"] + _event_lines(doc)
    statements = doc._.fp_statements or []
    if statements:
        out += ["", "Quotations:"]
        for st in statements:
            out.append(f"  {_actor_text(st.speaker)}: \"{st.quote}\" (attribution: "
                       f"{st.evidence.trigger or 'none found'})")
    records = [e.to_dict() for e in doc._.fp_events or []]
    records += [s.to_dict() for s in statements]
    out += ["", "Records (JSON):"]
    out += [json.dumps(r, ensure_ascii=False, indent=2) for r in records] or ["  (none)"]
    return "\n".join(out)
