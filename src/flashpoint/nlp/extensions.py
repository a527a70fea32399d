"""The custom attributes flashpoint's components read and write.

Contract between components (each registered by name in its own module):

- ``doc._.fp_doc_id`` (str) and ``doc._.fp_published`` (datetime.date | None):
  set by the caller before the pipeline runs (see ``pipeline.make_doc``).
- ``doc._.fp_context`` (``context.DocContext``): the actor dictionary the Doc
  is coded with and other per-document state (set by flashpoint_actors,
  completed by flashpoint_events; see ``nlp/context.py``).
- ``doc.spans["fp_actors"]``: every actor mention; ``span._.fp_actor`` is a
  ``models.Actor`` for a single actor; a group mention ("India and Pakistan",
  "both sides", "the two countries") has ``span._.fp_actor`` None and
  ``span._.fp_members`` the list of its ``models.Actor`` (flashpoint_actors).
- ``doc.spans["fp_dates"]``: temporal expressions; ``span._.fp_date`` is a
  ``dates.ResolvedDate`` (flashpoint_dates).
- ``doc.spans["fp_places"]``: place mentions; ``span._.fp_location`` is a
  ``models.Location``; ``span._.fp_place_unsure`` (bool) says the place is
  too unsure to tell whose territory it is, so no actor takes its state
  from it (flashpoint_places).
- ``doc.spans["fp_casualties"]``: killed / injured expressions;
  ``span._.fp_casualty`` is a ``casualties.Casualty`` (flashpoint_casualties).
- ``doc._.fp_events`` (list[models.Event]) and ``doc._.fp_statements``
  (list[models.Statement]): the coded records (flashpoint_events,
  flashpoint_quotes, completed by flashpoint_attributes).
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

#: the key of ``doc.user_data`` that holds the Doc's text (``text_of``)
TEXT_KEY = "fp_text"

SPAN_KEYS = ("fp_actors", "fp_dates", "fp_places", "fp_casualties")


def register() -> None:
    """Register the attributes once (idempotent)."""
    for name in ("fp_doc_id", "fp_published", "fp_context", "fp_events", "fp_statements"):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)
    for name in ("fp_actor", "fp_members", "fp_date", "fp_location", "fp_casualty", "fp_place_unsure"):
        if not Span.has_extension(name):
            Span.set_extension(name, default=None)


register()


def text_of(doc: Doc) -> str:
    """``doc.text``, read once per Doc. spaCy's ``Doc.text`` joins every token
    again on each access, so a rule that reads it once per date, quotation
    or line takes time quadratic in the length of the article; the text never
    changes once the Doc is made (merging tokens keeps it), so it is kept in
    ``doc.user_data``."""
    text = doc.user_data.get(TEXT_KEY)
    length = doc[-1].idx + len(doc[-1].text_with_ws) if len(doc) else 0
    if not isinstance(text, str) or len(text) != length:  # not kept yet, or another Doc's
        text = doc.user_data[TEXT_KEY] = doc.text
    return text


#: ``spans_of``' last answer per key: (the group, its length, its spans)
_GROUP_SPANS: dict[str, tuple] = {}


def spans_of(doc: Doc, key: str) -> list[Span]:
    """The spans of ``doc.spans[key]`` ([] when there is no such group), as
    a list built once per group. Iterating a ``SpanGroup`` builds a new
    ``Span`` for each member on every pass, and the coders read the same
    group for every event; a component that changes mentions puts a new group
    in ``doc.spans`` (never changed in place), so the group and its length
    tell a kept list still holds."""
    if key not in doc.spans:
        return []
    group = doc.spans[key]
    kept = _GROUP_SPANS.get(key)
    if kept is None or kept[0] is not group or kept[1] != len(group):
        kept = _GROUP_SPANS[key] = (group, len(group), list(group))
    return list(kept[2])


#: the key of ``doc.user_data`` that holds the Doc's sentence layout
#: (``sentences_spanned``): [its length, sentence starts, non-space counts]
SENTENCES_KEY = "fp_sentence_layout"


def sentences_spanned(doc: Doc, start: int, end: int) -> int:
    """How many sentences the tokens ``start`` to ``end`` (exclusive) lie
    in, counting only sentences with a word (a token that is not space) in
    that stretch: ``len({t.sent.start for t in doc[start:end] if not
    t.is_space})``. ``Token.sent`` looks for the sentence's bounds token by
    token each time, so that reading was quadratic in the stretch; the
    sentence starts and a running count of words are read once per parsed
    Doc (plain lists in ``doc.user_data``) and each sentence of the stretch
    is looked at once."""
    from bisect import bisect_right

    layout = doc.user_data.get(SENTENCES_KEY)
    if not isinstance(layout, list) or len(layout) != 3 or layout[0] != len(doc):
        words = [0]
        for token in doc:
            words.append(words[-1] + (not token.is_space))
        layout = [len(doc), [s.start for s in doc.sents] if len(doc) else [], words]
        doc.user_data[SENTENCES_KEY] = layout  # plain data: user_data may be serialised
    _, starts, words = layout
    end = min(end, len(doc))
    if start >= end:
        return 0
    count = 0
    at = max(0, bisect_right(starts, start) - 1)
    while at < len(starts) and starts[at] < end:
        lo = max(start, starts[at])
        hi = min(end, starts[at + 1] if at + 1 < len(starts) else len(doc))
        count += words[hi] > words[lo]
        at += 1
    return count
