"""Organisations the dictionary lacks, named by the entity recogniser.

- A name with a party word ("the fundamentalist Umma party", "The Homeland
  Union (Conservatives)") is a political party: sector OPP, with the state
  of its sentence when the sentence names exactly one state, else none.
- A name with a forum word ("the Third World Water Forum", "the
  Association of African Jurists") is a non-governmental body: sector NGO,
  no state.

Only organisation entities that no dictionary mention overlaps are coded.
Words are data (``party_words``, ``ngo_words`` in ``context.yaml``).
"""

from __future__ import annotations

from functools import cache

from spacy.tokens import Doc, Span

from flashpoint.datafiles import read_yaml
from flashpoint.models import Actor
from flashpoint.nlp.actor_dictionary import DATA_DIR
from flashpoint.nlp.actor_home_ethnic import sentence_state_codes


@cache
def _words() -> tuple[frozenset[str], frozenset[str]]:
    data = read_yaml(DATA_DIR / "context.yaml")
    party = frozenset(str(w).lower() for w in data.get("party_words") or [])
    ngo = frozenset(str(w).lower() for w in data.get("ngo_words") or [])
    return party, ngo


def _extent(doc: Doc, ent: Span) -> tuple[int, int]:
    """The entity with a parenthesis it leaves open closed, and a party
    word right after it ("Umma (Nation) party")."""
    end = ent.end
    opened = sum(t.text == "(" for t in ent) - sum(t.text == ")" for t in ent)
    if opened > 0 and end < len(doc) and doc[end].text == ")":
        end += 1
    party, ngo = _words()
    if end < len(doc) and doc[end].lower_ in party | ngo:
        end += 1
    start = ent.start + (1 if doc[ent.start].lower_ == "the" else 0)
    return start, end


def code_organisations(doc: Doc, spans: list[Span]) -> list[Span]:
    """``spans`` with parties and forums the dictionary lacks added."""
    party, ngo = _words()
    taken = {i for s in spans for i in range(s.start, s.end)}
    out = list(spans)
    for ent in doc.ents:
        if ent.label_ != "ORG":
            continue
        start, end = _extent(doc, ent)
        if end <= start or taken.intersection(range(ent.start, end)):
            continue
        words = {t.lower_ for t in doc[start:end]}
        if words & ngo:
            actor = Actor(code=None, sector="NGO", name=doc[start:end].text)
        elif words & party:
            new = Span(doc, start, end, label="ORG")
            states = sentence_state_codes(new, out)
            code = next(iter(states)) if len(states) == 1 else None
            actor = Actor(code=code, sector="OPP", name=doc[start:end].text)
        else:
            continue
        new = Span(doc, start, end, label="ORG")
        new._.fp_actor = Actor(
            code=actor.code, sector=actor.sector, name=actor.name, text=new.text
        )
        out.append(new)
        taken.update(range(start, end))
    return sorted(out, key=lambda s: (s.start, s.end))
