"""``extensions.sentences_spanned``: the sentences a stretch of tokens lies
in, counted as ``Token.sent`` would give them, on hand-built Docs."""

from __future__ import annotations

import itertools

import spacy
from spacy.tokens import Doc

from flashpoint.nlp.extensions import sentences_spanned


def _doc() -> Doc:
    # three sentences, the second only a line break (a space token), the
    # third starting with a space token
    words = ["Troops", "fired", ".", "\n", "\n", "Two", "died", "."]
    starts = [True, False, False, True, True, False, False, False]
    return Doc(spacy.blank("en").vocab, words=words, sent_starts=starts,
               spaces=[True, False, False, False, False, True, False, False])  # fmt: skip


def test_every_stretch_counts_as_token_sent_does():
    doc = _doc()
    for start, end in itertools.combinations(range(len(doc) + 1), 2):
        want = len({t.sent.start for t in doc[start:end] if not t.is_space})
        assert sentences_spanned(doc, start, end) == want, (start, end)


def test_an_empty_stretch_and_one_past_the_end():
    doc = _doc()
    assert sentences_spanned(doc, 3, 3) == 0
    assert sentences_spanned(doc, 5, 99) == 1


def test_another_doc_is_read_afresh():
    doc = _doc()
    assert sentences_spanned(doc, 0, len(doc)) == 2
    other = Doc(doc.vocab, words=["One", ".", "Two", "."], sent_starts=[True, False, True, False])
    other.user_data.update(doc.user_data)  # another Doc's layout must not be used
    assert sentences_spanned(other, 0, 4) == 2
