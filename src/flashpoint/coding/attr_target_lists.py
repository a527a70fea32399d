"""Places of an attack listed in the sentence after it.

Wire reports often tell an attack in one sentence and where it struck in the
next: "Pakistan said it had launched an operation against India, hitting air
bases. ... It said the targets included air bases at Pathankot and Udhampur."
``place_from_target_lists`` gives a material event placed at no finer than a
country the first place below country level, inside that country, that one of the
next two sentences lists as a target (its subject a target noun, its verb a
listing verb, the place in the verb's object or its place phrase:
"included air bases at X").
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from spacy.tokens import Doc, Span

from flashpoint.datafiles import read_yaml
from flashpoint.models import QUAD_CLASS
from flashpoint.nlp.extensions import spans_of

AHEAD = 2  # the list may follow a sentence naming the operation
DATA = Path(__file__).resolve().parent.parent / "data" / "attr_targets.yaml"


@cache
def _words() -> tuple[frozenset[str], frozenset[str]]:
    data = read_yaml(DATA)
    return frozenset(data["target_nouns"]), frozenset(data["list_verbs"])


def _next_sentence(doc: Doc, sent: Span) -> Span | None:
    i = sent.end
    while i < len(doc):
        nxt = doc[i].sent
        if nxt.text.strip():
            return nxt
        i = nxt.end
    return None


def _listed_places(doc: Doc, sent: Span, country: str) -> list:
    nouns, verbs = _words()
    places = [s for s in spans_of(doc, "fp_places") if sent.start <= s.start < sent.end]
    for tok in sent:
        if tok.lemma_.lower() not in verbs or tok.pos_ not in ("VERB", "AUX"):
            continue
        if not any(
            c.dep_ in ("nsubj", "nsubjpass") and c.lemma_.lower() in nouns for c in tok.children
        ):
            continue
        objects = {
            t.i for c in tok.children if c.dep_ in ("dobj", "attr", "prep") for t in c.subtree
        }
        found = [
            s._.fp_location
            for s in places
            if s.root.i in objects
            and s._.fp_location is not None
            and s._.fp_location.precision != "country"
            and s._.fp_location.country == country
        ]
        if found:
            return found
    return []


def place_from_target_lists(doc: Doc, placed) -> None:
    """See the module docstring. ``placed``: (event, trigger span) pairs."""
    for event, span in placed:
        loc = event.location
        if loc is None or loc.precision != "country" or not loc.country:
            continue
        if not QUAD_CLASS.get(event.event_type, "").startswith("material"):
            continue
        sent = span.sent
        for _ in range(AHEAD):
            sent = _next_sentence(doc, sent)
            if sent is None:
                break
            found = _listed_places(doc, sent, loc.country)
            if found:
                event.location = found[0]
                break


__all__ = ["place_from_target_lists"]
