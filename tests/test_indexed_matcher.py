"""The trigger-indexed matcher finds what spaCy's DependencyMatcher finds, in
the same order, on hand-built parses (the real trigger patterns)."""

from __future__ import annotations

from spacy.matcher import DependencyMatcher
from spacy.tokens import Doc

from flashpoint.coding.patterns import TriggerIndexedMatcher, build_pattern_set, compile_pattern
from handdocs import build

TWO_SENTENCES = """
Rebels 1 nsubj NOUN NNS rebel
attacked 1 ROOT VERB VBD attack
the 3 det DET DT -
base 1 dobj NOUN NN -
and 1 cc CCONJ CC -
raped 1 conj VERB VBD rape
villagers 5 dobj NOUN NNS villager
. 1 punct PUNCT . -
Police 9 nsubj NOUN NNS police
arrested 9 ROOT VERB VBD arrest
two 11 nummod NUM CD -
protesters 9 dobj NOUN NNS protester
after 13 mark SCONJ IN -
talks 15 nsubj NOUN NNS talk
had 15 aux AUX VBD have
failed 9 advcl VERB VBN fail
. 9 punct PUNCT . -
"""


def _both(doc: Doc):
    patterns = build_pattern_set(doc.vocab)
    plain = DependencyMatcher(doc.vocab)
    for pid, pattern in patterns.patterns.items():
        plain.add(pid, [compile_pattern(pattern)])
    return plain(doc), patterns.matcher(doc)


def test_same_matches_in_the_same_order_over_two_trees():
    doc = build(TWO_SENTENCES)
    expected, found = _both(doc)
    assert found == expected
    # a lemma trigger, a trigger by word form (raped) and both trees
    triggers = {doc[nodes[0]].text for _, nodes in found}
    assert {"attacked", "raped", "arrested"} <= triggers


def test_a_doc_without_a_parse_matches_token_by_token():
    doc = build(TWO_SENTENCES)
    bare = Doc(doc.vocab, words=[t.text for t in doc], lemmas=[t.lemma_ for t in doc],
               pos=[t.pos_ for t in doc])
    expected, found = _both(bare)
    assert found == expected


def test_a_node_it_cannot_index_falls_back_to_spacy():
    doc = build(TWO_SENTENCES)
    matcher = TriggerIndexedMatcher(doc.vocab)
    matcher.add("x", [[{"RIGHT_ID": "t", "RIGHT_ATTRS": {"LENGTH": {">=": 8}}}]])
    assert not matcher._indexed
    assert [doc[n[0]].text for _, n in matcher(doc)] == ["attacked", "villagers", "arrested",
                                                         "protesters"]
