"""Component ``flashpoint_paragraphs``: a line break ends a sentence.

News text puts headlines, subheadings and datelines on lines of their own,
without a full stop. Left to itself the parser runs a headline into the next
sentence and parses the pair as one clause. This component runs before the
parser and marks the first token after every line break as a sentence start;
the parser keeps those boundaries and adds its own inside each line.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


@Language.component("flashpoint_paragraphs")
def mark_line_starts(doc: Doc) -> Doc:
    after_break = False
    for i, token in enumerate(doc):
        if i > 0 and after_break and not token.is_space:
            token.is_sent_start = True
        if "\n" in token.text or "\n" in token.whitespace_:
            after_break = True
        elif not token.is_space:
            after_break = False
    return doc
