"""The toll of an event.

``casualties_for_event(doc, trigger, others)`` gives an event's toll from the
casualty expressions that the ``flashpoint_casualties`` component put in
``doc.spans["fp_casualties"]`` (see :mod:`flashpoint.nlp.casualties`), where
``others`` are the trigger spans of the other events in the same sentence: a
figure attaches to the event whose trigger is closest to it in the
dependency tree, not to every event of the sentence.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from flashpoint.nlp.casualties import SPAN_KEY, Casualty, casualty_words, lethal_types
from flashpoint.nlp.extensions import spans_of


def _tree_path(a: Token, b: Token) -> tuple[int, list[Token]]:
    """Length of the dependency path from a to b, and the tokens on the way
    down to b (b included, the common ancestor excluded)."""
    up_a = [a, *a.ancestors]
    up_b = [b, *b.ancestors]
    index_b = {t.i: n for n, t in enumerate(up_b)}
    for n, tok in enumerate(up_a):
        if tok.i in index_b:
            return n + index_b[tok.i], up_b[: index_b[tok.i]]
    return len(up_a) + len(up_b), up_b


def _elsewhere(trigger: Span, span: Span, descended: list[Token]) -> bool:
    """The figure sits in a background clause ("two weeks after gunmen killed
    26") or under another event noun ("to avenge the attack that killed 26")
    on the way from the trigger: it belongs to that other event."""
    v = casualty_words()
    root = trigger.root
    light = root.lemma_.lower() in v["light_verbs"]
    swallowed = {t.head.i for t in descended if _stray_predicate(t)}
    for tok in descended:
        if trigger.start <= tok.i < trigger.end or tok.i in swallowed:
            continue
        if tok.lower_ in v["background_markers"] and tok.pos_ in ("ADP", "SCONJ"):
            return True
        if any(
            c.dep_ in ("mark", "advmod") and c.lower_ in v["background_markers"]
            for c in tok.children
        ):
            return True
        inside = span.start <= tok.i < span.end
        own_object = light and tok.head.i == root.i and tok.dep_ == "dobj"
        own_object = own_object or _told_as_noun(root, tok)
        if not inside and not own_object and tok.lemma_.lower() in v["event_nouns"]:
            return True
    return False


def _stray_predicate(verb: Token) -> bool:
    """A past verb with an object but no subject, no auxiliary and no marker
    of its own, hung by the parser under another clause ("The first raids
    since the governor took charge killed twelve villagers": "killed" under
    "took"). No clause of English looks like that: it is the
    sentence's own predicate, and the clause it hangs from is no background
    of its figure."""
    if verb.dep_ != "advcl" or verb.tag_ not in ("VBD", "VBN") or verb.head.pos_ not in ("VERB", "AUX"):
        return False
    if not any(c.dep_ == "dobj" for c in verb.children):
        return False
    return not any(
        c.dep_ in ("nsubj", "nsubjpass", "mark", "aux", "auxpass", "csubj") or c.tag_ in ("WRB", "WDT")
        for c in verb.children
    )


def _told_as_noun(root: Token, tok: Token) -> bool:
    """The event noun names the trigger's own happening: the object of one
    of ``own_event_preps`` on the trigger ("were stabbed during a
    street attack that left one of them dead", "died in a blast")."""
    prep = tok.head
    return (
        tok.dep_ == "pobj"
        and prep.head.i == root.i
        and prep.lower_ in casualty_words()["own_event_preps"]
    )


def _overlaps(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


def _can_take_toll(doc: Doc, trigger: Span) -> bool:
    """False for an event coded as a type that never carries a toll."""
    lethal = lethal_types()
    for event in doc._.fp_events or []:
        if event._trigger_span == (trigger.start, trigger.end):
            return event.event_type in lethal
    return True


def _closeness(trigger: Span, span: Span) -> tuple[int, int, int] | None:
    """Tree distance, then a trigger before the figure, then linear distance;
    None when the figure belongs to another event on the way."""
    if _overlaps(trigger, span):
        return (0, 0, 0)
    distance, descended = _tree_path(trigger.root, span.root)
    if _elsewhere(trigger, span, descended) or _told_later(trigger, span):
        return None
    before = 0 if trigger.start < span.start else 1
    return (distance, before, abs(span.start - trigger.start))


def _told_later(trigger: Span, span: Span) -> bool:
    """The event sits in a clause opened by one of ``later_marks`` on the
    way up to the figure's verb ("a trader died before the police came to
    break up the fight"): it came after the deaths, which are not its
    toll."""
    marks = casualty_words()["later_marks"]
    above = {t.i for t in (span.root, *span.root.ancestors)}
    tok = trigger.root
    while tok.i not in above and tok.head.i != tok.i:
        if any(c.dep_ == "mark" and c.lower_ in marks for c in tok.children):
            return True
        tok = tok.head
    return False


def casualties_for_event(doc: Doc, trigger: Span, others: list[Span]) -> Casualty | None:
    """The toll tied to this trigger: a casualty expression of its sentence
    that is closer to it in the dependency tree than to any other trigger of
    the sentence (a trigger inside the expression, such as its "killed", does
    not compete). None when there is none.

    A later figure marked "also" / "too" / "as well", in the same sentence or
    the next, adds to this toll: "Security forces killed three militants; a
    soldier was also killed" gives the encounter 4 dead (one toll for the
    incident, as event datasets count it), while the event of "was also
    killed" keeps its own 1."""
    if not _can_take_toll(doc, trigger):
        return None
    sent = trigger.sent
    rivals = [o for o in others if o.sent.start == sent.start and _can_take_toll(doc, o)]
    own: list[tuple[tuple[int, int, int], Span]] = []
    for span in spans_of(doc, SPAN_KEY):
        if not sent.start <= span.start < sent.end:
            continue
        key = _closeness(trigger, span)
        if key is None:
            continue
        rival_keys = [_closeness(o, span) for o in rivals if not _overlaps(o, span)]
        if any(k is not None and k < key for k in rival_keys):
            continue
        own.append((key, span))
    if not own:
        return None
    own.sort(key=lambda pair: pair[0])
    best = own[0][1]
    value = best._.fp_casualty
    toll = Casualty(value.fatalities, value.injuries, value.text)
    other_half = None if _overlaps(trigger, best) else _other_half(toll, [s for _, s in own[1:]])
    if other_half is not None:
        toll = _plus(toll, other_half._.fp_casualty)
    if not _additive(best):
        for extra in _additive_figures(doc, trigger, best):
            toll = _plus(toll, extra._.fp_casualty)
    return toll


def _other_half(toll: Casualty, spans: list[Span]) -> Span | None:
    """The event's nearest other figure of its sentence that gives only the
    half its toll lacks: "a student was shot dead while a guard was wounded"
    (its dead and its wounded told apart, both closer to it than to any
    other event of the sentence). Not for an event told by the words of
    its figure ("4 were injured; 1 fatality": "injured" is those four).
    None when the toll has both halves or
    neither, or no figure of the other half only."""
    has_dead, has_hurt = toll.fatalities is not None, toll.injuries is not None
    if has_dead == has_hurt:
        return None
    for span in spans:
        value = span._.fp_casualty
        if has_dead and value.fatalities is None and value.injuries is not None:
            return span
        if has_hurt and value.injuries is None and value.fatalities is not None:
            return span
    return None


def _additive(span: Span) -> bool:
    """A figure marked as adding to one already given ("one soldier was also
    killed", "two others were injured too", "Another guard died": an opener
    of ``additive_openers``)."""
    doc = span.doc
    words = casualty_words()["additive"]
    if doc[span.start].lower_ in casualty_words()["additive_openers"]:
        return True  # "Another student died": not "one was killed and another hurt"
    window = doc[span.start : min(span.end + 2, span.sent.end)]
    text = " ".join(t.lower_ for t in window)
    return any(f" {w} " in f" {text} " for w in words)


def _additive_figures(doc: Doc, trigger: Span, best: Span) -> list[Span]:
    """Additive figures after the event's own one, in its sentence or the
    next, that belong to no other event on the way (a background clause)."""
    sent = trigger.sent
    next_end = sent.end
    if sent.end < len(doc):
        next_end = doc[sent.end].sent.end
    found = []
    for span in spans_of(doc, SPAN_KEY):
        if span.start < best.end or span.start >= next_end or not _additive(span):
            continue
        if span.sent.start == sent.start and _closeness(trigger, span) is None:
            continue
        found.append(span)
    return found


def _plus(toll: Casualty, extra: Casualty) -> Casualty:
    def add(a: int | None, b: int | None) -> int | None:
        return b if a is None else a if b is None else a + b

    return Casualty(
        add(toll.fatalities, extra.fatalities),
        add(toll.injuries, extra.injuries),
        f"{toll.text}; {extra.text}",
    )
