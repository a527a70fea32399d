"""Component ``flashpoint_entity_recognizer``: the English model's named-entity
recogniser, with its greedy decisions taken for all of a batch's sentences at
once.

spaCy's ``EntityRecognizer`` reads a text token by token: at each token it
scores the 74 moves (B-, I-, L-, U- of each label, and O) from three tokens'
precomputed features, drops the moves the state forbids and takes the best.
In the compiled spaCy 3.8 wheels that loop re-takes the interpreter's lock in
every query of the state, and it costs some 40 microseconds a token: on news
copy two thirds of the recogniser's time and a third of the plain model's.

The decisions depend on nothing but the sentence: the features are the
current token, the open entity's first token and the token before the
current one, and no move may carry an entity over a sentence start (B- and
I- are forbidden on a sentence's last token), so every sentence starts with
no entity open. This recogniser therefore decodes every sentence of the
batch side by side, one token position a step, with numpy. It keeps the
model's own weights and features, sums them in the model's order, scores
through the model's own ops (with thinc's default ones, the BLAS call spaCy's
loop makes; ``nlp.blas`` says why flashpoint's pipeline uses others), applies the same rules of which move is allowed
(``allowed_moves``) and takes the first best move as spaCy does, so the
entities are the same, token for token (tested against spaCy's own
recogniser on real text).

Where the pipeline is not one it can read (a beam search, another model
shape, unseen classes, a GPU), or a Doc of the batch already holds entities
(another component's, which spaCy's recogniser must respect), it hands the
batch to spaCy's own code.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy
from spacy.attrs import ENT_IOB, IS_SPACE, SENT_START
from spacy.language import Language
from spacy.pipeline import EntityRecognizer
from spacy.pipeline.ner import DEFAULT_NER_MODEL
from spacy.tokens import Doc, Span
from thinc.api import NumpyOps

#: the kinds of move, by the letter before the label in spaCy's move names
KINDS = {"B": 1, "I": 2, "L": 3, "U": 4, "O": 5}
BEGIN, IN, LAST, UNIT, OUT = 1, 2, 3, 4, 5


@dataclass(frozen=True)
class Moves:
    """The recogniser's moves as arrays: each move's kind (0 for a move never
    allowed here: spaCy's missing move and its unlabelled U-) and label
    (an index into ``labels``; -1 for none)."""

    kind: numpy.ndarray
    label: numpy.ndarray
    labels: tuple[str, ...]

    @classmethod
    def from_names(cls, names: list[str]) -> Moves | None:
        """Read spaCy's move names (``B-ORG``, ``O``...); None where one is
        not of a kind this module knows."""
        kinds, labels, index = [], [], {}
        for name in names:
            letter, _, label = name.partition("-")
            kind = KINDS.get(letter)
            if kind is None and name != "":
                return None
            if kind is None or (kind != OUT and not label):
                kinds.append(0)
                labels.append(-1)
                continue
            kinds.append(kind)
            labels.append(index.setdefault(label, len(index)) if label else -1)
        return cls(numpy.array(kinds), numpy.array(labels), tuple(index))


def allowed_moves(moves: Moves, open_label: numpy.ndarray, last: numpy.ndarray,
                  space: numpy.ndarray) -> numpy.ndarray:
    """Which moves each state may take (rows: states, columns: moves), as
    spaCy's BILUO rules allow them on a Doc without preset entities.
    ``open_label``: the open entity's label, -1 where none is open; ``last``:
    the token is its sentence's last (or the text's); ``space``: it is white
    space. With no entity open: O; U- unless on white space; B- unless on
    white space or a sentence's last token. With one open: L- of its label;
    I- of its label unless on a sentence's last token."""
    is_open = open_label >= 0
    kind = moves.kind[None, :]
    closed = ~is_open[:, None]
    starts = ~space[:, None] & ((kind == UNIT) | ((kind == BEGIN) & ~last[:, None]))
    allowed = closed & ((kind == OUT) | starts)
    same = is_open[:, None] & (open_label[:, None] == moves.label[None, :])
    allowed |= same & ((kind == LAST) | ((kind == IN) & ~last[:, None]))
    return allowed


def _maxout(hidden: numpy.ndarray) -> numpy.ndarray:
    """The largest piece of each unit (the last axis): ``max(axis=-1)``,
    taken as element-wise maxima of the pieces, which numpy does many times
    faster than a reduction over an axis of two or three."""
    best = hidden[..., 0]
    for piece in range(1, hidden.shape[-1]):
        best = numpy.maximum(best, hidden[..., piece])
    return best


class Decoded(list):
    """A batch's entities found here, per Doc: (start, end, label) triples."""


class SentenceBatchedEntityRecognizer(EntityRecognizer):
    """spaCy's ``EntityRecognizer`` with the same model and moves, whose greedy
    decisions are taken for all sentences of a batch together (see the module
    docstring); batches it cannot read go to spaCy's own code."""

    def _readable(self) -> Moves | None:
        """The moves, where the model is one this module reads; else None."""
        cached = getattr(self, "_moves_read", None)
        if cached is not None and cached[0] == self.moves.n_moves:
            return cached[1]
        moves = None
        model = self.model
        if (self.cfg.get("beam_width", 1) == 1 and isinstance(model.ops, NumpyOps)
                and model.attrs.get("has_upper") and not model.attrs.get("unseen_classes")
                and len(model.layers) == 3 and model.layers[1].name == "precomputable_affine"
                and model.layers[1].get_dim("nF") == 3 and model.layers[1].get_dim("nP") >= 2):
            moves = Moves.from_names([self.moves.get_class_name(i) for i in range(self.moves.n_moves)])
        self._moves_read = (self.moves.n_moves, moves)
        return moves

    def predict(self, docs):
        moves = self._readable()
        if moves is None or any(len(doc) and doc.to_array(ENT_IOB).any() for doc in docs):
            return super().predict(docs)
        return Decoded(self._decode(moves, docs))

    def set_annotations(self, docs, predictions) -> None:
        if not isinstance(predictions, Decoded):
            super().set_annotations(docs, predictions)
            return
        labels = self._readable().labels
        for doc, found in zip(docs, predictions, strict=True):
            ents = [Span(doc, start, end, label=labels[label], kb_id=doc[start].ent_kb_id)
                    for start, end, label in found]
            doc.set_ents(ents, default="outside")

    def _decode(self, moves: Moves, docs: list[Doc]) -> list[list[tuple[int, int, int]]]:
        found: list[list[tuple[int, int, int]]] = [[] for _ in docs]
        sizes = [len(doc) for doc in docs]
        if not any(sizes):
            return found
        tok2vec, lower, upper = self.model.layers
        # features of every token at each of the three positions, with
        # the padding (a position with no token) as row 0, as spaCy builds them
        features = lower.predict(tok2vec.predict(docs))
        rows, n_feats, width, pieces = features.shape
        features = features.reshape(rows, n_feats, width * pieces)
        bias = lower.get_param("b").reshape(-1)
        weights, scores_bias = upper.get_param("W"), upper.get_param("b")

        starts, lengths, owners, spaces = _sentences(docs, sizes)
        order = numpy.argsort(-lengths, kind="stable")  # longest first
        starts, lengths, owners = starts[order], lengths[order], owners[order]
        open_label = numpy.full(len(starts), -1)
        open_start = numpy.zeros(len(starts), dtype=numpy.int64)
        active = len(starts)
        offsets = numpy.cumsum([0, *sizes])
        for step in range(int(lengths[0])):
            while lengths[active - 1] <= step:
                active -= 1
            at = starts[:active] + step
            labels = open_label[:active]
            is_open = labels >= 0
            # the sum of the three positions' features, in spaCy's order:
            # the token, the open entity's first token, the token before
            hidden = features[at + 1, 0]
            hidden = hidden + numpy.where(is_open[:, None], features[open_start[:active] + 1, 1],
                                          features[0, 1])
            hidden = hidden + numpy.where(is_open[:, None], features[at, 2], features[0, 2])
            hidden = _maxout((hidden + bias).reshape(active, width, pieces))
            scores = self.model.ops.gemm(hidden, weights, trans2=True)
            scores += scores_bias
            allowed = allowed_moves(moves, labels, lengths[:active] - 1 == step, spaces[at])
            best = numpy.where(allowed, scores, -numpy.inf).argmax(axis=1)
            kind, label = moves.kind[best], moves.label[best]
            for state in numpy.nonzero((kind == LAST) | (kind == UNIT))[0].tolist():
                doc = owners[state]
                start = open_start[state] if kind[state] == LAST else at[state]
                found[doc].append((int(start - offsets[doc]), int(at[state] + 1 - offsets[doc]),
                                   int(label[state])))
            opened = kind == BEGIN
            open_start[:active][opened] = at[opened]
            labels[opened] = label[opened]
            labels[kind == LAST] = -1
        for ents in found:
            ents.sort()
        return found


def _sentences(docs: list[Doc], sizes: list[int]):
    """Each sentence of the batch as (first token, length, Doc) over the
    batch's tokens laid end to end, and every token's white-space flag. A
    sentence starts at a Doc's first token and at each token marked as a
    sentence start."""
    starts, lengths, owners, spaces = [], [], [], []
    offset = 0
    for index, (doc, size) in enumerate(zip(docs, sizes, strict=True)):
        if size:
            array = doc.to_array([SENT_START, IS_SPACE])
            spaces.append(array[:, 1].astype(bool))
            first = [0, *(numpy.nonzero(array[1:, 0] == 1)[0] + 1).tolist()]
            for begin, end in zip(first, [*first[1:], size], strict=True):
                starts.append(offset + begin)
                lengths.append(end - begin)
                owners.append(index)
        offset += size
    return (numpy.array(starts, dtype=numpy.int64), numpy.array(lengths, dtype=numpy.int64),
            numpy.array(owners, dtype=numpy.int64), numpy.concatenate(spaces))


@Language.factory(
    "flashpoint_entity_recognizer",
    assigns=["doc.ents", "token.ent_iob", "token.ent_type"],
    default_config={
        "moves": None,
        "update_with_oracle_cut_size": 100,
        "model": DEFAULT_NER_MODEL,
        "incorrect_spans_key": None,
        "scorer": {"@scorers": "spacy.ner_scorer.v1"},
    },
    default_score_weights={"ents_f": 1.0, "ents_p": 0.0, "ents_r": 0.0, "ents_per_type": None},
)
def make_entity_recognizer(nlp: Language, name: str, model, moves, update_with_oracle_cut_size: int,
                           incorrect_spans_key: str | None, scorer) -> SentenceBatchedEntityRecognizer:
    """spaCy's ``ner`` factory, giving this module's recogniser."""
    return SentenceBatchedEntityRecognizer(
        nlp.vocab, model, name=name, moves=moves,
        update_with_oracle_cut_size=update_with_oracle_cut_size,
        incorrect_spans_key=incorrect_spans_key, scorer=scorer,
    )
