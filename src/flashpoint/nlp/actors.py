"""Actor mentions (PLACEHOLDER: the actors work replaces this module).

Component ``flashpoint_actors``: fills ``doc.spans["fp_actors"]`` with spans
whose ``span._.fp_actor`` is a ``models.Actor``."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


class ActorFinder:
    def __call__(self, doc: Doc) -> Doc:
        doc.spans["fp_actors"] = []
        return doc


@Language.factory("flashpoint_actors")
def make_actor_finder(nlp: Language, name: str) -> ActorFinder:
    return ActorFinder()
