"""The stepped dependency parser gives the parses spaCy's own parser gives
with the same weights (heads, labels, sentence starts), with random weights
and with the English model; small batches and beams go to spaCy's loop; a
failing batch goes to the pipeline's error handler."""

from __future__ import annotations

import random
from unittest import mock

import pytest
import spacy
from spacy.pipeline import DependencyParser
from spacy.tokens import Doc

from flashpoint.nlp.stepped_parser import STEPPED_FROM, SteppedDependencyParser
from transition_twins import SHORT_TEXTS, dev_texts, random_component

LABELS = ("nsubj", "dobj", "prep", "pobj", "det", "amod", "punct")
WORDS = "the army said rebels shelled a town near the river on Monday and two were hurt .".split()


def _random_parser(seed: int) -> SteppedDependencyParser:
    return random_component("flashpoint_dependency_parser", "parser", LABELS, seed)


def _random_doc(vocab, rng: random.Random) -> Doc:
    size = rng.choice([1, 2, rng.randint(3, 50)])
    words = [rng.choice(WORDS) for _ in range(size)]
    starts = [True if i == 0 else (True if rng.random() < 0.05 else None) for i in range(size)]
    return Doc(vocab, words=words, sent_starts=starts)


def _parses(docs: list[Doc]) -> list:
    """Each token's head's offset from it, its label and its sentence start."""
    return [[(t.head.i - t.i, t.dep_, t.is_sent_start) for t in doc] for doc in docs]


def _both(ours, docs: list[Doc]) -> tuple[list, list]:
    theirs = DependencyParser(ours.vocab, ours.model, name="parser", moves=ours.moves)
    mine, spacys = [d.copy() for d in docs], [d.copy() for d in docs]
    ours.set_annotations(mine, ours.predict(mine))
    theirs.set_annotations(spacys, theirs.predict(spacys))
    return _parses(mine), _parses(spacys)


@pytest.mark.parametrize("seed", [3, 6, 12])  # seeds whose weights parse variously
def test_random_weights_give_spacys_parses(seed):
    ours = _random_parser(seed)
    rng = random.Random(seed)
    docs = [_random_doc(ours.vocab, rng) for _ in range(30)]
    docs.insert(3, Doc(ours.vocab, words=[]))
    with mock.patch.object(SteppedDependencyParser, "transition_states",
                           wraps=ours.transition_states) as stepped:
        mine, spacys = _both(ours, docs)
    assert stepped.called
    assert mine == spacys
    # the weights attach words both ways and start sentences of their own
    heads = [head for parse in mine for head, _, _ in parse]
    assert sum(head > 0 for head in heads) > 10 and sum(head < 0 for head in heads) > 10
    assert sum(bool(start) for parse in mine for _, _, start in parse) > len(docs)


def test_small_batches_go_to_spacys_loop():
    ours = _random_parser(5)
    rng = random.Random(5)
    docs = [_random_doc(ours.vocab, rng) for _ in range(STEPPED_FROM - 1)]
    docs += [Doc(ours.vocab, words=[]) for _ in range(3)]  # empty Docs do not count
    with mock.patch.object(SteppedDependencyParser, "transition_states") as stepped:
        mine, spacys = _both(ours, docs)
    assert not stepped.called
    assert mine == spacys


def test_a_failing_batch_goes_to_the_error_handler():
    ours = _random_parser(6)
    rng = random.Random(6)
    docs = [_random_doc(ours.vocab, rng) for _ in range(6)]
    seen = []
    ours.set_error_handler(lambda name, component, batch, error: seen.append((name, len(batch), str(error))))
    with mock.patch.object(SteppedDependencyParser, "predict", side_effect=ValueError("broken")):
        parsed = list(ours.pipe(docs, batch_size=4))
    assert parsed == [] and seen == [("parser", 4, "broken"), ("parser", 2, "broken")]


def test_the_english_model_gives_the_same_parses():
    from flashpoint.pipeline import MODEL, load_model

    fast = load_model()
    plain = spacy.load(MODEL)
    assert type(fast.get_pipe("parser")) is SteppedDependencyParser
    texts = SHORT_TEXTS
    for batch_size in (1, 4, 64):
        assert _parses(list(fast.pipe(texts, batch_size=batch_size))) == \
            _parses(list(plain.pipe(texts, batch_size=batch_size)))


def test_dev_sets_parses_unchanged(shared_dir):
    """news_dev and a slice of the ACLED notes: every head, label and
    sentence start the same."""
    from flashpoint.pipeline import MODEL, load_model

    texts = dev_texts(shared_dir)
    fast = load_model()
    plain = spacy.load(MODEL)
    assert _parses(list(fast.pipe(texts, batch_size=32))) == _parses(list(plain.pipe(texts, batch_size=32)))
