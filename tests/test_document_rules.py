"""Document-stage rules on hand-built records (no model): the article's
records are made by hand over a hand-built Doc, so a rule's logic is tested
apart from the sentence coder."""

from __future__ import annotations

from tests.handdocs import build

from flashpoint.coding.candidate import DocumentContext
from flashpoint.coding.patterns import load_grammar
from flashpoint.coding.rules_document import order_to_own_forces
from flashpoint.models import Actor, Event, Evidence

GRAMMAR = load_grammar()

# "Leader ordered army . Leader urged army ."
ORDERS = build("""
Leader 1 nsubj PROPN NNP -
ordered 1 ROOT VERB VBD order
army 1 dobj NOUN NN -
. 1 punct PUNCT . -
Leader 5 nsubj PROPN NNP -
urged 5 ROOT VERB VBD urge
army 5 dobj NOUN NN -
. 5 punct PUNCT . -
""")


def request(at: int, target: Actor) -> Event:
    e = Event(doc_id="d", event_type="REQUEST", evidence=Evidence(sentence="", start=0, end=0),
              source=Actor(code="KEN", sector="GOV"), target=target)
    e._trigger_span = (at, at + 1)
    return e


def test_an_order_to_one_s_own_forces_is_no_request_but_an_appeal_is():
    ctx = DocumentContext(doc=ORDERS, index=None, grammar=GRAMMAR)
    own, other = Actor(code="KEN", sector="MIL"), Actor(code="UGA", sector="MIL")
    events = [request(1, own), request(1, other), request(5, own)]
    kept, traces = order_to_own_forces(events, [{}, {}, {}], ctx)
    assert kept == events[1:] and len(traces) == 2
