"""The sentence-batched entity recogniser finds what spaCy's own recogniser
finds with the same weights: the same entities, token for token, on Docs of
many sentences, white space and entities at the edges, with random weights
(every move gets chosen somewhere) and with the English model; and it hands
a batch whose Docs already hold entities to spaCy's code."""

from __future__ import annotations

import random

import numpy
import pytest
import spacy
from spacy.attrs import ENT_IOB, ENT_KB_ID, ENT_TYPE
from spacy.pipeline import EntityRecognizer
from spacy.tokens import Doc, Span

from flashpoint.nlp.entity_decoder import (
    BEGIN,
    IN,
    LAST,
    OUT,
    UNIT,
    Decoded,
    Moves,
    SentenceBatchedEntityRecognizer,
    allowed_moves,
)
from transition_twins import SHORT_TEXTS, dev_texts, random_component

LABELS = ("PERSON", "PLACE", "GROUP")
WORDS = "the army said rebels shelled a town near the river on Monday and two were hurt".split()


def _spacy_twin(ours: SentenceBatchedEntityRecognizer) -> EntityRecognizer:
    """spaCy's own recogniser over the same model and moves."""
    return EntityRecognizer(ours.vocab, ours.model, name="ner", moves=ours.moves)


def _random_recogniser(seed: int) -> SentenceBatchedEntityRecognizer:
    return random_component("flashpoint_entity_recognizer", "ner", LABELS, seed)


def _random_doc(vocab, rng: random.Random) -> Doc:
    """Words, some white-space tokens, sentence starts here and there; now
    and then a one-token Doc."""
    size = rng.choice([1, 2, rng.randint(3, 60)])
    words, spaces, starts = [], [], []
    for i in range(size):
        words.append(rng.choice(["\n", "  "]) if rng.random() < 0.08 else rng.choice(WORDS))
        spaces.append(rng.random() < 0.8)
        starts.append(True if i == 0 else rng.random() < 0.1)
    return Doc(vocab, words=words, spaces=spaces, sent_starts=starts)


def _annotations(docs: list[Doc]) -> list[tuple]:
    return [(tuple((e.start, e.end, e.label_) for e in doc.ents),
             doc.to_array([ENT_IOB, ENT_TYPE, ENT_KB_ID]).tolist()) for doc in docs]


def _both(ours, theirs, docs: list[Doc]) -> tuple[list, list]:
    mine = [doc.copy() for doc in docs]
    spacys = [doc.copy() for doc in docs]
    ours.set_annotations(mine, ours.predict(mine))
    theirs.set_annotations(spacys, theirs.predict(spacys))
    return _annotations(mine), _annotations(spacys)


def test_moves_read_from_spacy_names():
    moves = Moves.from_names(["", "B-ORG", "I-ORG", "L-ORG", "U-ORG", "B-GPE", "U-", "O"])
    assert moves.kind.tolist() == [0, BEGIN, IN, LAST, UNIT, BEGIN, 0, OUT]
    assert moves.label.tolist() == [-1, 0, 0, 0, 0, 1, -1, -1]
    assert moves.labels == ("ORG", "GPE")
    assert Moves.from_names(["B-ORG", "X-ORG"]) is None


def test_allowed_moves_follow_the_biluo_rules():
    moves = Moves.from_names(["B-A", "I-A", "L-A", "U-A", "B-B", "I-B", "L-B", "U-B", "U-", "O"])
    open_label = numpy.array([-1, -1, -1, 0, 0, 1])
    last = numpy.array([False, True, False, False, True, False])
    space = numpy.array([False, False, True, False, False, False])
    allowed = allowed_moves(moves, open_label, last, space)
    names = ["B-A", "I-A", "L-A", "U-A", "B-B", "I-B", "L-B", "U-B", "U-", "O"]
    got = [{names[i] for i in numpy.nonzero(row)[0]} for row in allowed]
    assert got == [
        {"B-A", "U-A", "B-B", "U-B", "O"},  # nothing open: begin, unit or out
        {"U-A", "U-B", "O"},                # a sentence's last token: nothing begins
        {"O"},                              # white space: no entity starts on it
        {"I-A", "L-A"},                     # A open: go on or close with A
        {"L-A"},                            # A open on the last token: close it
        {"I-B", "L-B"},                     # B open
    ]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_weights_give_spacys_entities(seed):
    ours = _random_recogniser(seed)
    theirs = _spacy_twin(ours)
    rng = random.Random(seed)
    docs = [_random_doc(ours.vocab, rng) for _ in range(40)]
    mine, spacys = _both(ours, theirs, docs)
    assert mine == spacys
    assert sum(len(ents) for ents, _ in mine) > 40  # the weights do find entities


def test_batches_of_any_size_and_empty_docs_agree():
    ours = _random_recogniser(7)
    theirs = _spacy_twin(ours)
    rng = random.Random(7)
    docs = [_random_doc(ours.vocab, rng) for _ in range(12)]
    docs.insert(5, Doc(ours.vocab, words=[]))
    whole, _ = _both(ours, theirs, docs)
    alone = [_both(ours, theirs, [doc])[0][0] for doc in docs]
    assert whole == alone
    assert whole[5] == ((), [])
    assert _both(ours, theirs, [Doc(ours.vocab, words=[])]) == ([((), [])], [((), [])])


def test_docs_holding_entities_go_to_spacys_code():
    ours = _random_recogniser(4)
    theirs = _spacy_twin(ours)
    rng = random.Random(4)
    docs = [_random_doc(ours.vocab, rng) for _ in range(6)]
    preset = Doc(ours.vocab, words=["rebels", "shelled", "the", "town", "today"])
    preset.ents = [Span(preset, 3, 4, label="PLACE")]
    docs.append(preset)
    assert not isinstance(ours.predict([doc.copy() for doc in docs]), Decoded)
    assert isinstance(ours.predict([doc.copy() for doc in docs[:-1]]), Decoded)
    mine, spacys = _both(ours, theirs, docs)
    assert mine == spacys
    assert ((3, 4, "PLACE") in mine[-1][0])


def test_the_english_model_gives_the_same_entities():
    from flashpoint.pipeline import MODEL, load_model

    fast = load_model()
    plain = spacy.load(MODEL)
    assert type(fast.get_pipe("ner")) is SentenceBatchedEntityRecognizer
    for batch_size in (1, 3, 64):
        fast_docs = list(fast.pipe(SHORT_TEXTS, batch_size=batch_size))
        plain_docs = list(plain.pipe(SHORT_TEXTS, batch_size=batch_size))
        assert _annotations(fast_docs) == _annotations(plain_docs)
    assert any(doc.ents for doc in fast_docs)


def test_an_unknown_model_gets_spacys_own_error():
    from flashpoint.pipeline import load_model

    with pytest.raises(OSError, match="no_such_model"):
        load_model("no_such_model")


def test_a_model_without_an_entity_recogniser_loads_as_it_is(tmp_path):
    from flashpoint.pipeline import MODEL, load_model

    nlp = spacy.load(MODEL, exclude=["ner"])
    nlp.to_disk(tmp_path / "no_ner")
    loaded = load_model(str(tmp_path / "no_ner"))
    assert "ner" not in loaded.pipe_names and "parser" in loaded.pipe_names


def test_dev_sets_entities_unchanged(shared_dir):
    """news_dev and a slice of the ACLED notes: every entity the same."""
    from flashpoint.pipeline import MODEL, load_model

    texts = dev_texts(shared_dir)
    fast = load_model()
    plain = spacy.load(MODEL)
    assert _annotations(list(fast.pipe(texts))) == _annotations(list(plain.pipe(texts)))


@pytest.mark.parametrize("pieces", [1, 2, 3])
def test_maxout_takes_the_largest_piece_of_each_unit(pieces):
    from flashpoint.nlp.entity_decoder import _maxout

    hidden = numpy.random.default_rng(pieces).standard_normal((40, 16, pieces)).astype("f")
    assert numpy.array_equal(_maxout(hidden), hidden.max(axis=-1))
