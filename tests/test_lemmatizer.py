"""``flashpoint_lemmatizer``: the English model's rule lemmatizer with each
(text, part of speech, morphology) worked out once; the lemmas are spaCy's."""

from __future__ import annotations

import pytest
import spacy
from spacy.attrs import LEMMA
from spacy.lang.en.lemmatizer import EnglishLemmatizer
from spacy.tokens import Doc

from flashpoint.nlp import lemmatizer as memo_module
from flashpoint.nlp.lemmatizer import MemoLemmatizer
from transition_twins import SHORT_TEXTS, dev_texts

TEXTS = [*SHORT_TEXTS,
         "The soldiers were killed and the wounded were taken to hospitals; "
         "the ministers are meeting and have met, the better the talks went.",
         "Protesters burned tyres; a protester was burning a flag. Better talks, best offers."]


def _lemmatized(texts: list[str]):
    """Each text up to the lemmatizer, then lemmatized by spaCy's own
    component and by flashpoint's (on copies of the same Doc)."""
    from flashpoint.pipeline import MODEL, load_model

    nlp = load_model()
    plain = spacy.load(MODEL).get_pipe("lemmatizer")
    mine = nlp.get_pipe("lemmatizer")
    assert type(mine) is MemoLemmatizer and type(plain) is EnglishLemmatizer
    with nlp.select_pipes(disable=["lemmatizer", "ner"]):
        docs = list(nlp.pipe(texts))
    theirs = [plain(Doc(d.vocab).from_bytes(d.to_bytes())) for d in docs]
    ours = [mine(d) for d in docs]
    return [list(d.to_array([LEMMA])) for d in ours], [list(d.to_array([LEMMA])) for d in theirs]


@pytest.mark.model
def test_the_lemmas_are_spacys_own():
    ours, theirs = _lemmatized(TEXTS + TEXTS)  # the second time from the memo
    assert ours == theirs and any(ours)


@pytest.mark.model
def test_dev_sets_lemmas_unchanged(shared_dir):
    ours, theirs = _lemmatized(dev_texts(shared_dir))
    assert ours == theirs


@pytest.mark.model
def test_a_full_memo_starts_afresh(monkeypatch):
    monkeypatch.setattr(memo_module, "MEMO_LIMIT", 5)
    ours, theirs = _lemmatized(TEXTS)
    assert ours == theirs


def _saved(tmp_path, lang: str):
    from spacy.lookups import Lookups

    nlp = spacy.blank(lang)
    tables = Lookups()
    for name in ("lemma_rules", "lemma_index", "lemma_exc", "lemma_lookup"):
        tables.add_table(name, {})
    nlp.add_pipe("lemmatizer", config={"mode": "rule"}).initialize(lookups=tables)
    nlp.to_disk(tmp_path / lang)
    return str(tmp_path / lang)


def test_only_an_english_models_lemmatizer_is_made_by_flashpoints_factory(tmp_path):
    from flashpoint.pipeline import load_model

    assert type(load_model(_saved(tmp_path, "en")).get_pipe("lemmatizer")) is MemoLemmatizer
    french = load_model(_saved(tmp_path, "fr")).get_pipe("lemmatizer")
    assert not isinstance(french, MemoLemmatizer)


@pytest.mark.model
def test_the_same_word_and_part_of_speech_with_other_morphology_is_worked_out_again():
    """A plural noun is lemmatized by the rules; the same noun read as a
    singular is its own base form: the morphology is part of the key."""
    from flashpoint.pipeline import MODEL, load_model

    mine = load_model().get_pipe("lemmatizer")
    plain = spacy.load(MODEL).get_pipe("lemmatizer")

    def doc(vocab):
        return Doc(vocab, words=["shells", "shells", "fell"], pos=["NOUN", "NOUN", "VERB"],
                   morphs=["Number=Plur", "Number=Sing", "Tense=Past|VerbForm=Fin"])  # fmt: skip

    ours = [t.lemma_ for t in mine(doc(mine.vocab))]
    assert ours == [t.lemma_ for t in plain(doc(plain.vocab))]
    assert ours[0] != ours[1]
