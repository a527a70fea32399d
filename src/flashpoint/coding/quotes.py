"""Quotations and their speakers (PLACEHOLDER: the event-coder work replaces this module).

Component ``flashpoint_quotes``: sets ``doc._.fp_statements``."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


class QuoteFinder:
    def __call__(self, doc: Doc) -> Doc:
        doc._.fp_statements = []
        return doc


@Language.factory("flashpoint_quotes")
def make_quote_finder(nlp: Language, name: str) -> QuoteFinder:
    return QuoteFinder()
