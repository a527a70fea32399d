"""Rules of the ``document`` stage: decisions over the article's records
once every sentence is coded: the events the coded ones imply
(``coding.derived_events``), conflict words with no one acting on purpose
(``coding.agency``: hazards, accidents, matches, markets), and a headline
told again in the body."""

from __future__ import annotations

from dataclasses import replace

from flashpoint.coding.agency import drop_unpurposed
from flashpoint.coding.candidate import DocumentContext
from flashpoint.coding.derived_events import add_derived_events
from flashpoint.coding.domestic import states_in_evidence, without_unfounded_state
from flashpoint.coding.engine import Example, rule
from flashpoint.coding.records import actor_key
from flashpoint.models import Actor, Event
from flashpoint.nlp.extensions import text_of


@rule("document.implied_events", stage="document", order=10,
      example=Example("Police in Nairobi arrested two men on charges of spying for Uganda.",
                      records=("COERCE KEN", "ACCUSE KEN")))
def implied_events(events: list[Event], traces: list[dict], ctx: DocumentContext):
    """The events the coded ones imply (``coding.derived_events``): an
    agentless state act (arrest, trial) is the state's of its place; an
    arrest on a stated charge is also an accusation; a clause's target."""
    return add_derived_events(ctx.doc, events, traces, ctx.index, ctx.grammar)


@rule("document.state_without_evidence", stage="document", order=15,
      example=Example("Residents of Tres Cruces blocked the road.", records=("PROTEST ->",)))
def state_without_evidence(events: list[Event], traces: list[dict], ctx: DocumentContext):
    """An unnamed party (protesters, police, residents) keeps a state only
    where the article gives evidence of that state: a country, a demonym, an
    actor of it, or a place whose state is sure (``domestic.states_in_evidence``).
    A town whose name has namesakes in several countries, in a report that
    names no country, says where the event is likeliest shown, not whose
    people or police act in it."""
    evidence = states_in_evidence(ctx.doc, ctx.index)
    out = []
    for event, trace in zip(events, traces, strict=True):
        source = without_unfounded_state(event.source, evidence, ctx.doc)
        target = without_unfounded_state(event.target, evidence, ctx.doc)
        if source is not event.source or target is not event.target:
            dropped = [a.code for a, b in ((event.source, source), (event.target, target)) if a is not b]
            event = replace(event, source=source, target=target)
            trace = {**trace, "rules": [*trace.get("rules", []),
                                        f"document.state_without_evidence: {','.join(dropped)} dropped"]}
        out.append((event, trace))
    return [e for e, _ in out], [t for _, t in out]


@rule("document.acted_on_purpose", stage="document", order=20,
      example=Example("A bus collided with a truck on the highway, killing 24 people.",
                      absent=("ASSAULT",)))
def acted_on_purpose(events: list[Event], traces: list[dict], ctx: DocumentContext):
    """An event needs an actor acting on purpose: conflict words told of a
    hazard, an accident, a match, a market or a campaign are no event
    (``coding.agency``: the first rule of the ``agency`` stage that finds
    the event no act says why; it is listed among the dropped triggers, and
    in ``doc._.fp_not_events``)."""
    return drop_unpurposed(ctx.doc, events, traces, ctx.grammar, ctx.dropped)


@rule("document.order_to_own_forces", stage="document", order=25,
      example=Example("The Kenyan president ordered the army to retaliate against the militants.",
                      absent=("REQUEST",)))
def order_to_own_forces(events: list[Event], traces: list[dict], ctx: DocumentContext):
    """A command down a chain is no request between actors: a state's
    leader or government that orders, directs or instructs its own forces
    or police (``command_verbs``; target of the same state, sector MIL or
    COP) asks nothing of another actor; the act ordered, when it is coded,
    is the event. An appeal ("urged fellow soldiers to disobey") stays a
    request."""
    doc, commands = ctx.doc, ctx.grammar.command_verbs
    kept = [(e, t) for e, t in zip(events, traces, strict=True)
            if not (e.event_type == "REQUEST" and _own_forces(e) and e._trigger_span is not None
                    and doc[e._trigger_span[0]].lemma_.lower() in commands)]
    return [e for e, _ in kept], [t for _, t in kept]


def _own_forces(e: Event) -> bool:
    return (e.source is not None and e.target is not None and bool(e.source.code)
            and e.source.code == e.target.code and e.target.sector in OWN_FORCES)


OWN_FORCES = frozenset({"MIL", "COP"})


@rule("document.headline_repeats", stage="document", order=30,
      example=Example("Pakistani troops fire on Indian posts\n\nPakistani troops fired on Indian "
                      "posts on Monday.", records=("ASSAULT PAK>IND",)))
def headline_repeats(events: list[Event], traces: list[dict], ctx: DocumentContext):
    """A headline event told again in the body is counted once (the body's):
    a line at the top of the article, before the first blank line, with no
    closing punctuation."""
    doc = ctx.doc
    first_para_end = text_of(doc).find("\n\n")
    headline = [_is_headline(first_para_end, e) for e in events]
    body = {(e.event_type, actor_key(e.source), actor_key(e.target))
            for e, top in zip(events, headline, strict=True) if not top}
    kept = [(e, t) for e, t, top in zip(events, traces, headline, strict=True)
            if not (top and (e.event_type, actor_key(e.source), actor_key(e.target)) in body)]
    return [e for e, _ in kept], [t for _, t in kept]


def _is_headline(first_para_end: int, event: Event) -> bool:
    text = event.evidence.sentence.strip()
    return (0 <= event.evidence.start < max(first_para_end, 0) + 1
            and not text.endswith((".", "!", "?", "\u201d", '"')))


@rule("document.stray_headline", stage="document", order=35,
      example=Example("Kenyan police arrested two men in Mombasa on Monday after a long chase "
                      "through the old town, officials said.\n\n"
                      "Uganda strikes rebel camps in eastern Congo: state media\n\n"
                      "The two men were charged in court on Tuesday.",
                      records=("COERCE",), absent=("ASSAULT",)))
def stray_headline(events: list[Event], traces: list[dict], ctx: DocumentContext):
    """A headline standing alone in the body, after the story has begun, is
    a link to another story (page furniture): a paragraph of one short line
    with no closing punctuation. Its events are not this article's."""
    text = text_of(ctx.doc)
    body_start = _story_start(text)
    if body_start is None:
        return events, traces
    kept = [(e, t) for e, t in zip(events, traces, strict=True)
            if not _stray_line(text, e.evidence.start, e.evidence.end, body_start)]
    return [e for e, _ in kept], [t for _, t in kept]


STRAY_HEADLINE_WORDS = 14
SENTENCE_ENDS = (".", "!", "?", "\u201d", '"', "\u2019", "'", ")", ":")


def _story_start(text: str) -> int | None:
    """Where the first paragraph that ends like prose ends: the story has
    begun after it."""
    pos = 0
    for para in text.split("\n\n"):
        stripped = para.strip()
        if stripped.endswith(SENTENCE_ENDS[:5]) and len(stripped.split()) > STRAY_HEADLINE_WORDS:
            return pos + len(para)
        pos += len(para) + 2
    return None


def _stray_line(text: str, start: int, end: int, body_start: int) -> bool:
    if start < body_start:
        return False
    para_start = text.rfind("\n\n", 0, start)
    para_start = 0 if para_start < 0 else para_start + 2
    para_end = text.find("\n\n", start)
    para_end = len(text) if para_end < 0 else para_end
    para = text[para_start:para_end].strip()
    if "\n" in para or not para or para.endswith(SENTENCE_ENDS):
        return False
    return len(para.split()) <= STRAY_HEADLINE_WORDS


@rule("document.protests_of_one_movement", stage="document", order=45,
      example=Example("Thousands marched against the government in Tbilisi on Friday.\n\nTwo officers "
                      "were hurt in the protests, police said.", records=("PROTEST ->GEO",)))
def protests_of_one_movement(events: list[Event], traces: list[dict], ctx: DocumentContext):
    """In an article whose protests are all aimed at one state, a protest
    told again in a later paragraph with no one named on either side ("hurt
    in the protests", "since the protests began") is one of them, aimed at
    that state (within the paragraph that tells them, a protest with no
    target may be another crowd's)."""
    aimed_at = [e for e in events if e.event_type == "PROTEST" and e.target is not None and e.target.code]
    aimed = {e.target.code for e in aimed_at}
    if len(aimed) != 1:
        return events, traces
    state = next(iter(aimed))
    text = text_of(ctx.doc)

    def paragraph(e: Event) -> int:
        return text.count("\n\n", 0, e.evidence.start)

    told = {paragraph(e) for e in aimed_at}
    for e, t in zip(events, traces, strict=True):
        if e.event_type == "PROTEST" and not (e.source and e.source.code) and not (e.target and e.target.code) \
                and paragraph(e) not in told:  # told again, in another paragraph
            e.target = Actor(code=state, sector="GOV")
            t["rules"] = [*t.get("rules", []), f"document.protests_of_one_movement: target - -> {state}"]
    return events, traces
