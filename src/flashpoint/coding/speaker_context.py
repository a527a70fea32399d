"""A quotation's speaker, made precise from the paragraph and the article.

The parse gives the words that name the speaker ("he said", "the military
spokesman said", "Smith wrote"); what they stand for is settled here, after
the actor index has had its say:

- "he" / "she" as the subject of the speech verb: the person who spoke last
  before the quotation in the same paragraph (the subject of a verb of
  saying: "Minister X wrote on X that ... 'quote,' he said"), when there is
  one. A paragraph is the unit a reporter attributes in, so a person in the
  paragraph before does not win over one in this paragraph.
- a definite role with no state word of its own ("the spokesman", "the
  military spokesman"): the state of the actor of the same sector who spoke
  last before it in the same paragraph ("the ISPR says ... 'quote,' the
  military spokesman said" -> PAK/MIL).
- a person with no state ("Smith wrote" after "John Smith, the governor of
  Punjab province, said"): the state of the same person named in full
  earlier in the article.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Span, Token

from flashpoint.coding.roles import ActorIndex, span_actors
from flashpoint.models import Actor
from flashpoint.nlp.actor_dictionary import ActorDictionary
from flashpoint.nlp.actors import PERSON_SUBJECT_PRONOUNS
from flashpoint.nlp.context import dictionary_of
from flashpoint.nlp.extensions import text_of

DEFINITE = {"the", "a", "an", "its", "their"}


def _paragraph_start(doc, char: int) -> int:
    return text_of(doc).rfind("\n", 0, char) + 1


def _speakers_before(span: Span, index: ActorIndex, speech: frozenset[str] | set[str],
                     quoted: list[tuple[int, int]]) -> list[tuple[Token, list[Actor]]]:
    """(subject, actors) of each verb of saying in the quotation's paragraph
    before the quotation, outside any quotation, nearest first."""
    doc = span.doc
    start = _paragraph_start(doc, span.start_char)
    out = []
    for tok in doc[: span.start]:
        if tok.idx < start or tok.lemma_.lower() not in speech or tok.pos_ not in ("VERB", "AUX"):
            continue
        if any(s <= tok.idx < e for s, e in quoted):
            continue
        for subj in tok.children:
            if subj.dep_ == "nsubj" and subj.lower_ not in PERSON_SUBJECT_PRONOUNS:
                actors = index.phrase(subj)
                if actors:
                    out.append((subj, actors))
    return list(reversed(out))


def _person(actor: Actor, dictionary: ActorDictionary) -> bool:
    """A person (an organisation has a name but no role)."""
    return bool(actor.name) and (bool(actor.role) or actor.name in dictionary.terms)


def _plain_role(subj: Token, index: ActorIndex) -> bool:
    """A definite role phrase with no state word of its own."""
    span = index.span_at(subj)
    if span is None or span[0].lower_ not in DEFINITE:
        return False
    actor = span._.fp_actor if span.has_extension("fp_actor") else None
    if actor is None or actor.name or not actor.sector:
        return False
    return not any(t.is_title or t.is_upper for t in span[1:])


def refine(span: Span, speaker: list[Actor], verb: Token | None, why: str | None, index: ActorIndex,
           speech: frozenset[str] | set[str], quoted: list[tuple[int, int]]) -> tuple[list[Actor], str | None]:
    if verb is None or not speaker:
        return speaker, why
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subj is not None and subj.lower_ in PERSON_SUBJECT_PRONOUNS:
        for _, actors in _speakers_before(span, index, speech, quoted):
            people = [a for a in actors if _person(a, dictionary_of(span.doc)) and a.code]
            if people:
                return people, f"'{subj.text}': the person who spoke before in the paragraph"
        return speaker, why
    if subj is not None and _plain_role(subj, index):
        sector = speaker[0].sector
        for _, actors in _speakers_before(span, index, speech, quoted):
            same = [a for a in actors if a.code and a.sector == sector]
            if same:
                if same[0].code == speaker[0].code:
                    return speaker, why
                return ([replace(speaker[0], code=same[0].code)],
                        f"'{subj.text}': of the {sector} actor who spoke before in the paragraph")
        return speaker, why
    if len(speaker) == 1 and speaker[0].code is None and speaker[0].name:
        bound = subj.i if subj is not None else span.start
        earlier = _named_before(bound, speaker[0], index)
        if earlier is not None:
            return [earlier], f"{why}; '{speaker[0].name}' named in full before"
    return speaker, why


def _named_before(bound: int, actor: Actor, index: ActorIndex) -> Actor | None:
    last = (actor.name or "").split()[-1].lower()
    found = None
    for other in index.spans:
        if other.start >= bound:
            break
        for a in span_actors(other):
            if a.code and a.name and a.name.split()[-1].lower() == last and a.name != actor.name:
                found = replace(a, text=actor.text)
    return found
