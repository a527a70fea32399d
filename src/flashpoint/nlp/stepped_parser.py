"""Component ``flashpoint_dependency_parser``: the English model's dependency
parser, its transitions stepped from Python for a whole batch at a time.

spaCy's ``DependencyParser`` parses a batch in one compiled loop that runs
without the interpreter's lock. In the spaCy 3.8 wheels each query of a
parse state inside that loop takes the lock back and lets it go again, so a
step costs some 12 microseconds for every Doc of the batch. Stepping the
same loop from Python holds the lock throughout, and each step scores all
the batch's unfinished states at once: the model's own step (its features,
hidden layer and scores, as the compiled loop computes them) and spaCy's
own ``transition_states`` (the same rules of which move is allowed, the
same first best move). The parses are the same, token for token (tested
against spaCy's parser on real text); a batch of 32 news articles parses in
under half the time.

A step from Python has a fixed cost of some 30 microseconds, which a
batch of one Doc does not earn back: below ``STEPPED_FROM`` Docs, and for
a beam search, the batch goes to spaCy's own loop. ``pipe`` parses each
batch whole, where spaCy's cuts it into quarters.
"""

from __future__ import annotations

from spacy import util
from spacy.language import Language
from spacy.pipeline import DependencyParser
from spacy.pipeline.dep_parser import DEFAULT_PARSER_MODEL

#: Docs (with a token) a batch needs for the stepped parse; fewer go to
#: spaCy's loop (measured: two Docs parse faster there, four break even)
STEPPED_FROM = 4


class SteppedDependencyParser(DependencyParser):
    """spaCy's ``DependencyParser`` with the same model and moves, whose
    batches of ``STEPPED_FROM`` Docs or more are stepped from Python (see the
    module docstring)."""

    def predict(self, docs):
        # spaCy's own loop for a beam, a small batch, or a spaCy whose parser
        # lacks the two methods the steps use
        ensure_labels = getattr(self, "_ensure_labels_are_added", None)
        if (self.cfg.get("beam_width", 1) != 1 or ensure_labels is None
                or not hasattr(self, "transition_states")
                or sum(1 for doc in docs if len(doc)) < STEPPED_FROM):
            return super().predict(docs)
        ensure_labels(docs)
        states = self.moves.init_batch(docs)
        step = self.model.predict(docs)
        unfinished = [state for state in states if not state.is_final()]
        while unfinished:
            unfinished = self.transition_states(unfinished, step.predict(unfinished))
        step.clear_memory()
        return states

    def pipe(self, docs, *, batch_size: int = 256):
        """The Docs parsed, in order, ``batch_size`` at a time; a batch that
        fails goes to the pipeline's error handler, as in spaCy."""
        error_handler = self.get_error_handler()
        for batch in util.minibatch(docs, size=batch_size):
            batch = list(batch)
            try:
                self.set_annotations(batch, self.predict(batch))
                yield from batch
            except Exception as error:
                error_handler(self.name, self, batch, error)


@Language.factory(
    "flashpoint_dependency_parser",
    assigns=["token.dep", "token.head", "token.is_sent_start", "doc.sents"],
    default_config={
        "moves": None,
        "update_with_oracle_cut_size": 100,
        "learn_tokens": False,
        "min_action_freq": 30,
        "model": DEFAULT_PARSER_MODEL,
        "scorer": {"@scorers": "spacy.parser_scorer.v1"},
    },
    default_score_weights={"dep_uas": 0.5, "dep_las": 0.5, "dep_las_per_type": None,
                           "sents_p": None, "sents_r": None, "sents_f": 0.0},
)
def make_dependency_parser(nlp: Language, name: str, model, moves, update_with_oracle_cut_size: int,
                           learn_tokens: bool, min_action_freq: int,
                           scorer) -> SteppedDependencyParser:
    """spaCy's ``parser`` factory, giving this module's parser."""
    return SteppedDependencyParser(
        nlp.vocab, model, name=name, moves=moves,
        update_with_oracle_cut_size=update_with_oracle_cut_size,
        learn_tokens=learn_tokens, min_action_freq=min_action_freq, scorer=scorer,
    )
