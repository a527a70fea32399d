"""Actor names the dictionary does not list whole (used by
``actor_rules.MentionFinder``):

- institutions named after a place: a capitalised name ending in a head word
  of ``institutions.yaml`` ("Cairo University", "Baghdad University Medical
  School", "the Kenya Anti-Corruption Commission", "the Karachi Chamber of
  Commerce", "the University of Nairobi") that holds a place takes the
  place's country, and the head word's sector. The place is a state, a
  capital, a province or a seat of the dictionary in the name (a city or
  state name before an adjective: "the American University of Beirut" is
  LBN), else a capitalised word of the name that names places in one country
  only in the gazetteer ("Karachi"; "Oxford" names towns in several). A
  name that holds a person, an organisation or an armed group of the
  dictionary is left to them;
- roles owned by a person: "the Bush administration", "the Modi
  government", "the Putin regime": a role word with a known person's name as
  its compound modifier is that person's state's, with the role's sector.
"""

from __future__ import annotations

from collections import Counter

from spacy.tokens import Doc, Token

from flashpoint.models import Actor
from flashpoint.nlp.actor_dictionary import ActorDictionary
from flashpoint.nlp.actor_types import Atom, Mention
from flashpoint.nlp.gazetteer import get_gazetteer

# Atoms that give an institution's name its country, best first.
PLACE_KINDS = ("STATE", "CAPITAL", "PROVINCE", "SEAT", "ADJ")
# Atoms that make the name something else's (a person's, a known body's).
OTHER_KINDS = ("PERSON", "ORG", "ARMED", "BLOCK")
NAME_GLUE = {"-", "–", "&"}
MAX_HEAD_WORDS = 5


def _capitalised(tok: Token) -> bool:
    return tok.is_alpha and (tok.is_title or (tok.is_upper and len(tok) > 1))


#: per dictionary of heads (by id, the dictionary kept beside): the first words of its phrases, its size
_FIRST_WORDS: dict[int, tuple[dict, frozenset[str], int]] = {}


def _first_words(heads: dict[str, str | None]) -> frozenset[str]:
    """The words the head phrases start with, so a token no phrase starts
    with is passed over at once."""
    entry = _FIRST_WORDS.get(id(heads))
    if entry is None or entry[0] is not heads or entry[2] != len(heads):
        entry = _FIRST_WORDS[id(heads)] = (heads, frozenset(h.split(" ")[0] for h in heads), len(heads))
    return entry[1]


def _head_at(doc: Doc, i: int, heads: dict[str, str | None]) -> tuple[int, str] | None:
    """The longest head phrase starting at token ``i``: (end, phrase)."""
    first = doc[i].lower_ if i < len(doc) else ""
    if " " not in first and first not in _first_words(heads):
        return None
    best = None
    for n in range(1, MAX_HEAD_WORDS + 1):
        if i + n > len(doc):
            break
        phrase = " ".join(t.lower_ for t in doc[i : i + n])
        if phrase in heads and all(
            _capitalised(t) or t.lower_ in ("of", "and") for t in doc[i : i + n]
        ):
            best = (i + n, phrase)
    return best


def _later_head(doc: Doc, j: int, heads: dict[str, str | None]) -> int | None:
    """The start of another head word in the capitalised run from ``j``."""
    while j < len(doc) and _capitalised(doc[j]):
        if _head_at(doc, j, heads) is not None:
            return j
        j += 1
    return None


def _name_start(doc: Doc, i: int) -> int:
    """The first token of the capitalised run ending before token ``i``."""
    start = i
    while start > 0:
        prev = doc[start - 1]
        if prev.ent_type_ in ("DATE", "TIME"):
            break
        if _capitalised(prev) and not prev.is_sent_start:
            start -= 1
        elif prev.is_sent_start and _capitalised(prev) and prev.pos_ == "PROPN":
            start -= 1
        elif (
            prev.text in NAME_GLUE
            and start >= 2
            and _capitalised(doc[start - 2])
            and (not prev.whitespace_)
        ):
            start -= 1
        else:
            break
    return start


def _of_phrase_end(doc: Doc, end: int) -> int:
    """ "University of Baghdad", "Chamber of Commerce and Industry of
    Karachi": the capitalised words of an "of" phrase after the head."""
    if end + 1 < len(doc) and doc[end].lower_ == "of" and _capitalised(doc[end + 1]):
        end += 1
        while end < len(doc) and _capitalised(doc[end]):
            end += 1
    return end


def _gazetteer_country(words: list[Token]) -> str | None:
    """The one country of the places a capitalised word of the name names
    (all candidates in one country)."""
    gaz = get_gazetteer()
    for tok in words:
        counts = Counter(p.country for p in gaz.lookup(tok.text) if p.country)
        if len(counts) == 1:
            return next(iter(counts))
    return None


def institutions(
    doc: Doc, atoms: list[Atom], taken: set[int], d: ActorDictionary, entity
) -> list[Mention]:
    """Mentions of institutions named after a place (see the module doc).
    ``taken``: tokens already in mentions; ``entity(atom)``: the finder's
    entity look-up. The atoms inside a found name are marked used."""
    heads = d.institution_heads
    if not heads:
        return []
    by_token = {t: a for a in atoms for t in range(a.start, a.end)}
    out: list[Mention] = []
    i = 0
    while i < len(doc):
        found = _head_at(doc, i, heads) if _capitalised(doc[i]) else None
        if found is None:
            i += 1
            continue
        head_start, (head_end, phrase) = i, found
        start = _name_start(doc, i)
        end = _of_phrase_end(doc, head_end)
        # "Baghdad University Medical School": the last head word names it.
        later = _later_head(doc, head_end, heads)
        if later is not None and end == head_end:
            i = later
            continue
        i = end
        inside = [by_token[t] for t in range(start, end) if t in by_token]
        if taken.intersection(range(start, end)) or any(a.kind in OTHER_KINDS for a in inside):
            continue
        head_words = {w for h in heads for w in h.split()}
        words = [
            t for t in [*doc[start:head_start], *doc[head_end + 1 : end]]
            if t.lower_ not in head_words
        ]  # fmt: skip
        code = _place_code(inside, words, entity)
        if code is None:
            continue
        if start > 0 and doc[start - 1].lower_ == "the":
            start -= 1
        for a in inside:
            a.used = True
        taken.update(range(start, end))
        text = doc[start:end].text
        name = doc[start + (doc[start].lower_ == "the") : end].text
        out.append(
            Mention(
                start, end, "ORG", [Actor(code=code, sector=heads[phrase], name=name, text=text)]
            )
        )
    return out


def _place_code(inside: list[Atom], words: list[Token], entity) -> str | None:
    """The country of the place in the name: of its atoms, else of one of
    its other ``words`` in the gazetteer."""
    for kind in PLACE_KINDS:
        for a in inside:
            if a.kind != kind:
                continue
            ent = entity(a)
            if ent is not None and ent.code:
                return ent.code
    covered = {t for a in inside for t in range(a.start, a.end)}
    words = [t for t in words if t.i not in covered and t.pos_ == "PROPN" and t.is_title]
    return _gazetteer_country(words)


def person_owned_roles(doc: Doc, mentions: list[Mention], countries: set[str]) -> list[Mention]:
    """ "the Bush administration": a role mention of unknown code whose role
    word has a known person's name (a PERSON mention with a state code right
    before it) as its compound modifier becomes one role mention of that
    state; the person's mention is dropped."""
    people = {m.end: m for m in mentions if m.kind == "PERSON" and not m.group}
    drop: set[int] = set()
    out: list[Mention] = []
    for m in mentions:
        person = people.get(m.start)
        if (
            m.kind == "ROLE"
            and not m.group
            and m.actors
            and not m.actors[0].code
            and person is not None
            and person.actors[0].code in countries
        ):
            root = doc[m.start : m.end].root
            head = doc[person.end - 1]
            if head.head.i == root.i and head.dep_ in ("compound", "nmod", "amod"):
                start = person.start
                if start > 0 and doc[start - 1].lower_ == "the":
                    start -= 1
                role = m.actors[0]
                actor = Actor(
                    code=person.actors[0].code, sector=role.sector, text=doc[start : m.end].text
                )
                drop.add(id(person))
                out.append(Mention(start, m.end, "ROLE", [actor]))
                continue
        out.append(m)
    return [m for m in out if id(m) not in drop]
