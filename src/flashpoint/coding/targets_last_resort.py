"""The last-resort target: the first state named in a trigger's own phrase.

A trigger with no target from its objects or prepositions may still name
one further down ("ready to contribute troops to a force in Liberia" ->
Liberia): an actor mention or a place standing for its state, not in its
subject, a relative clause or an attribution, nor in the adjuncts
``targets_scope.py`` rules out. The source's own state is the target only
when it is the only one named (a domestic event).
"""

from __future__ import annotations

from spacy.tokens import Token

from flashpoint.coding.actor_index import ActorIndex, span_actors
from flashpoint.coding.parse_tree import PRONOUNS, is_nominal, light_verb_of
from flashpoint.coding.patterns import Grammar
from flashpoint.coding.role import Role, RoleKind, same_as_any
from flashpoint.coding.targets_scope import in_place_phrase, mission_in_place_phrase, own_means
from flashpoint.coding.targets_topic import document_object, topic_object
from flashpoint.models import Actor

PHRASE_SKIP_DEPS = {"punct", "cc", "conj", "relcl", "advcl", "parataxis", "nsubj", "nsubjpass",
                    "appos", "npadvmod", "agent"}  # fmt: skip
# "according to Iranian state media": the attribution is no part of the phrase.
ATTRIBUTION_PREPS = {"according"}


def _subtree_until(head: Token, stop_at: set[int]) -> list[Token]:
    out: list[Token] = []
    stack = [head]
    while stack:
        tok = stack.pop()
        if tok.i in stop_at:
            continue
        out.append(tok)
        # Not into relative clauses ("refugees who lived in Iraq") nor into
        # a parenthesis set beside a noun ("the offices of a daily in X
        # (a paper critical of Russia)").
        stack.extend(c for c in tok.children if c.dep_ != "relcl" and not _in_aside(c, tok))
    return sorted(out, key=lambda t: t.i)


def _in_aside(child: Token, parent: Token) -> bool:
    """``child`` opens a parenthesis that ``parent`` stands outside of: an
    aside ("in Larnaca (a daily critical of Russia)")."""
    doc = child.doc
    lo, hi = sorted((child.i, parent.i))
    between = [t.text for t in doc[lo:hi]]
    if child.i > parent.i:
        return between.count("(") > between.count(")")
    return False


def _named_states(heads: list[Token], index: ActorIndex, *,
                  stop_at: set[int]) -> list[tuple[Token, list[Actor], str]]:
    """States named in the phrases below ``heads`` (not below a token of
    ``stop_at``), in text order: actor mentions with a code, else places
    standing for their state."""
    out: list[tuple[Token, list[Actor], str]] = []
    seen: set[int] = set()
    for head in heads:
        for tok in _subtree_until(head, stop_at):
            if tok.i in seen:
                continue
            span = index.span_at(tok)
            if span is not None:
                seen.update(range(span.start, span.end))
                found = [a for a in span_actors(span) if a.code]
                if found:
                    out.append((tok, found, "actor"))
                continue
            found = index.place_state(tok)
            if found:
                out.append((tok, found, "place"))
    return out


def phrase_state(trigger: Token, index: ActorIndex, grammar: Grammar, *, source: list[Actor],
                 stop_at: set[int] | None = None, where_only: bool = False,
                 no_missions: bool = False) -> Role:
    """Last resort for a trigger with no target: the first state named in
    its own phrase (objects, complements, prepositional chains; not its
    subject), an actor mention or a place: "ready to contribute troops to a
    force in Liberia" -> Liberia. A state other than the source's comes
    first; the source's own state is the target when it is the only one
    named (a domestic event: "police dispersed a rally in Lahore").
    ``no_missions``: a state's mission abroad named in a place phrase
    counts for none ("students wounded in front of the Chinese embassy"
    are not Chinese: the embassy stands in another state)."""
    words = [trigger]
    if is_nominal(trigger):
        verb = light_verb_of(trigger, grammar)
        if verb is not None:
            words.append(verb)
    heads = [c for w in words for c in w.rights
             if c.dep_ not in PHRASE_SKIP_DEPS and c.i not in {x.i for x in words}
             and c.lower_ not in ATTRIBUTION_PREPS and not topic_object(w, c, grammar)
             and not document_object(w, c, grammar)]
    # "shot dead by militants in Anantnag": the parser hangs the place on
    # the passive agent; a place phrase there still locates the act.
    heads += [p for agent in trigger.children if agent.dep_ == "agent"
              for obj in agent.children if obj.dep_ == "pobj"
              for p in obj.children if p.dep_ == "prep" and p.lower_ in grammar.agent_place_preps]
    named = _named_states(heads, index, stop_at=(stop_at or set()) - {trigger.i})
    if no_missions:
        named = [n for n in named if not (n[2] == "actor" and mission_in_place_phrase(n[0], trigger, index, grammar))]
    if where_only:  # only states named in a place phrase ("in Sivas")
        named = [n for n in named if in_place_phrase(n[0], trigger, grammar)]
    for tok, actors, kind in named:
        # A place in the source's own country is its own state's territory,
        # whatever the source's sector ("Ugandan rebels surrendered in Soroti").
        own_codes = {s.code for s in source if s.code} if kind == "place" else set()
        others = [a for a in actors if not same_as_any(a, source) and a.code not in own_codes]
        if others:
            return Role(others, f"first state named in the phrase of '{trigger.text}' ({kind} '{tok.text}')", [tok])
    # "its troops": its own means; "warned that Colombo would respond": the
    # speaker's own state as a subject below is the speaker, not a target;
    # "aggression by China": the source's own phrase.
    own = [(tok, actors, kind) for tok, actors, kind in named
           if not any(w.lower_ in PRONOUNS for w in tok.subtree)
           and not _as_subject_or_agent(tok)
           and not own_means(tok, index, grammar)
           and not _group_itself(actors, kind, source)]
    if own and source and index.event_type not in grammar.no_domestic_types:
        tok, actors, kind = own[0]
        return Role(actors, f"domestic: the source's own state named in the phrase ({kind} '{tok.text}')", [tok],
                    RoleKind.DOMESTIC)
    return Role([], None, [])


def _group_itself(actors: list[Actor], kind: str, source: list[Actor]) -> bool:
    """An armed group named in its own act's phrase is the source again
    (the parser may hang part of a long name on the verb: "killed by fighters
    of the Islamic State in the Northern Desert"): a group is no state, so it
    is never "the source's own state" of a domestic act."""
    return kind == "actor" and bool(actors) and all(
        a.sector == "REB" and same_as_any(a, source) for a in actors)


def _as_subject_or_agent(tok: Token) -> bool:
    """The token heads, or is inside, a subject or a 'by' phrase."""
    for t in [tok, *tok.ancestors][:4]:
        if t.dep_ in ("nsubj", "nsubjpass", "agent") or (t.dep_ == "prep" and t.lower_ == "by"):
            return True
    return False
