"""Component ``flashpoint_lemmatizer``: the English model's rule lemmatizer,
each word's lemma worked out once.

spaCy's rule lemmatizer gives a token the lemma its tables give for the
token's text, part of speech and morphology, and nothing else: the same
three always give the same lemma. It works the lemma out token by token,
though, and keeps its answer only for words its rules change: a singular
noun, a verb's base form or a word of no part of speech with tables is
worked out afresh each time (reading the token's morphology into a dict
again): some 3% of flashpoint's coding time on the sample corpus. This
lemmatizer keeps the answer for every (text, part of speech, morphology),
reads the three for all tokens at once (``Doc.to_array``) and writes all
lemmas at once; a lemma it has not seen is worked out by spaCy's own code,
so the lemmas are the same.

``load_model`` has the English model's ``lemmatizer`` made by this factory,
with the model's own settings and tables (its ``mode`` must be "rule";
another mode is spaCy's own code here too).
"""

from __future__ import annotations

from spacy.attrs import LEMMA, MORPH, ORTH, POS
from spacy.errors import Errors
from spacy.lang.en.lemmatizer import EnglishLemmatizer
from spacy.language import Language
from spacy.tokens import Doc

#: (text, part of speech, morphology) answers kept before the memo starts
#: afresh (bounds memory on an endless stream of new words)
MEMO_LIMIT = 200_000


class MemoLemmatizer(EnglishLemmatizer):
    """spaCy's English rule lemmatizer with every answer kept (see the module
    docstring)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._lemmas: dict[tuple[int, int, int], int] = {}  # (orth, pos, morph) -> lemma

    def __call__(self, doc: Doc) -> Doc:
        if self.mode != "rule" or not len(doc):
            return super().__call__(doc)
        if not self._validated:
            self._validate_tables(Errors.E1004)
        memo = self._lemmas
        if len(memo) > MEMO_LIMIT:
            memo.clear()
        try:
            rows = doc.to_array([ORTH, POS, MORPH, LEMMA])
            lemmas = rows[:, 3:4].copy()
            add = self.vocab.strings.add
            for i, (orth, pos, morph, lemma) in enumerate(rows.tolist()):
                if self.overwrite or lemma == 0:
                    key = (orth, pos, morph)
                    found = memo.get(key)
                    if found is None:
                        found = memo[key] = add(self.lemmatize(doc[i])[0])
                    lemmas[i, 0] = found
            doc.from_array([LEMMA], lemmas)
        except Exception as e:
            self.get_error_handler()(self.name, self, [doc], e)
        return doc


@Language.factory(
    "flashpoint_lemmatizer",
    default_config={"model": None, "mode": "rule", "overwrite": False,
                    "scorer": {"@scorers": "spacy.lemmatizer_scorer.v1"}},
)  # fmt: skip
def make_memo_lemmatizer(nlp: Language, model, name: str, mode: str, overwrite: bool,
                         scorer) -> MemoLemmatizer:  # fmt: skip
    return MemoLemmatizer(nlp.vocab, model, name, mode=mode, overwrite=overwrite, scorer=scorer)
