"""Hand-built spaCy Docs for unit tests of rule logic, in spaCy's own idiom:
words, heads, dependency labels, POS, tags and lemmas given by hand, so a
rule is tested on exactly the parse it is written for, without the trained
model (the fast tier, ``pytest -m "not model"``).

``build(rows)`` takes one row per token: ``"word head dep pos tag lemma"``
separated by spaces, ``head`` being the index of the token's head (the root
points at itself). A trailing ``-`` for the lemma means the lower-cased word.
"""

from __future__ import annotations

import spacy
from spacy.tokens import Doc

_VOCAB = spacy.blank("en").vocab


def build(rows: str) -> Doc:
    words, heads, deps, pos, tags, lemmas = [], [], [], [], [], []
    for line in rows.strip().splitlines():
        word, head, dep, p, tag, lemma = line.split()
        words.append(word)
        heads.append(int(head))
        deps.append(dep)
        pos.append(p)
        tags.append(tag)
        lemmas.append(word.lower() if lemma == "-" else lemma)
    return Doc(_VOCAB, words=words, heads=heads, deps=deps, pos=pos, tags=tags, lemmas=lemmas,
               sent_starts=[True] + [False] * (len(words) - 1))


def token(doc: Doc, word: str):
    """The first token spelt ``word``."""
    return next(t for t in doc if t.text == word)


def tolls(rows: str) -> list[tuple[str, int | None, int | None]]:
    """The casualty figures ``CasualtyFinder`` reads in the hand-built Doc of
    ``rows``: (text, fatalities, injuries) for each."""
    from flashpoint.nlp import extensions
    from flashpoint.nlp.casualties import SPAN_KEY, CasualtyFinder

    extensions.register()
    doc = CasualtyFinder()(build(rows))
    return [(s.text, s._.fp_casualty.fatalities, s._.fp_casualty.injuries) for s in doc.spans[SPAN_KEY]]
