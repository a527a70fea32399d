"""Ethnic and communal groups that are not a state's nationality.

"Karen guerrillas", "a Hutu rebel group", "Tamil civilians", "Ibo elders",
"the Kurds": PLOVER codes such a group with the state it lives in. The group
word (``groups`` in ``data/actors/ethnic.yaml``) joins the role word after
it into one mention (with that role's sector; civilians without one), coded,
in this order, by:

1. a place the sentence puts the group in (its phrase or clause, as for
   civilians: ``actor_context.placed_state``);
2. the one of the group's states that the sentence names ("Hutu rebels ...
   Burundi's government" -> BDI);
3. the group's home state, where the data gives one ("Karen" -> MMR).

A nationality marked as ethnic ("ethnic Albanians") in a sentence naming
several other states takes the one where that nationality is a listed
minority (``minorities``): see ``minority_state``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from spacy.tokens import Doc, Span

from flashpoint.datafiles import read_yaml
from flashpoint.models import Actor
from flashpoint.nlp.actor_context import placed_state
from flashpoint.nlp.actor_dictionary import DATA_DIR
from flashpoint.nlp.context import dictionary_of

JOINABLE_LABELS = ("ROLE", "PERSON", "NATIONALS")
NOUN_TAGS = ("NNS", "NNPS", "NN")
MAX_GAP = 2  # adjectives between the group word and its noun


@dataclass(frozen=True)
class Group:
    states: tuple[str, ...]
    home: str | None


@cache
def ethnic_data() -> tuple[dict[str, Group], dict[str, frozenset[str]]]:
    data = read_yaml(DATA_DIR / "ethnic.yaml")
    groups: dict[str, Group] = {}
    for entry in data.get("groups") or []:
        group = Group(tuple(entry.get("states") or []), entry.get("home"))
        for name in entry.get("names") or []:
            groups[str(name)] = group
    minorities = {
        str(k): frozenset(v or []) for k, v in (data.get("minorities") or {}).items()
    }
    return groups, minorities


def sentence_state_codes(span: Span, spans: list[Span]) -> set[str]:
    """The states the sentence of ``span`` names by a mention (not ``span``)."""
    states = set(dictionary_of(span.doc).countries)
    sent = span.sent
    found: set[str] = set()
    for other in spans:
        if other is span or not (sent.start <= other.start < sent.end):
            continue
        actors = [other._.fp_actor] if other._.fp_actor is not None else list(other._.fp_members or [])
        found.update(a.code for a in actors if a.code in states)
    return found


def minority_state(own: str, others: set[str]) -> str | None:
    """Of several other states, the one where ``own``'s people are a listed
    minority, if exactly one."""
    listed = ethnic_data()[1].get(own, frozenset()) & others
    return next(iter(listed)) if len(listed) == 1 else None


def _group_state(span: Span, spans: list[Span], group: Group) -> str | None:
    code = placed_state(span, spans)
    if code:
        return code
    named = sentence_state_codes(span, spans) & set(group.states)
    if len(named) == 1:
        return next(iter(named))
    return group.home


def _role_after(doc: Doc, i: int, by_start: dict[int, Span]) -> Span | None:
    """A role mention starting within a few adjectives after token ``i``."""
    for j in range(i + 1, min(len(doc), i + 2 + MAX_GAP)):
        span = by_start.get(j)
        if span is not None:
            return span if span.label_ == "ROLE" and span._.fp_actor is not None else None
        if doc[j].pos_ not in ("ADJ", "NOUN", "PROPN") or doc[j].tag_ in ("NNS", "NNPS"):
            break
    return None


def _noun_end(doc: Doc, i: int) -> int | None:
    """The end of the noun the group word modifies ("Ibo traditional
    elders"); for a plural group word alone ("the Karens"), its own end."""
    tok = doc[i]
    d = dictionary_of(doc)
    if tok.dep_ in ("amod", "compound", "nmod") and 0 < tok.head.i - i <= MAX_GAP + 1:
        head = tok.head
        for j in range(i + 1, head.i + 1):
            if doc[j].lower_ in d.roles:  # "a Karen guerrilla stronghold"
                return j + 1
        return head.i + 1 if head.tag_ in ("NNS", "NNPS") else None
    if tok.tag_ in ("NNS", "NNPS") or tok.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj"):
        return i + 1
    return None


def code_ethnic_groups(doc: Doc, spans: list[Span]) -> list[Span]:
    """``spans`` with mentions of ethnic groups made or recoded (module
    docstring)."""
    groups = ethnic_data()[0]
    d = dictionary_of(doc)
    out = list(spans)
    for tok in doc:
        group = groups.get(tok.text)
        if group is None:
            continue
        by_start = {s.start: s for s in out}
        covering = [s for s in out if s.start <= tok.i < s.end]
        if any(s.label_ not in JOINABLE_LABELS for s in covering):
            continue
        if any(s._.fp_actor is not None and s._.fp_actor.code for s in covering):
            continue
        role = _role_after(doc, tok.i, by_start)
        if role is not None:
            end, sector = role.end, role._.fp_actor.sector
            if sector == "GOV":
                sector = None  # "Yoruba leaders" lead no government
        else:
            end = _noun_end(doc, tok.i)
            sector = d.roles.get(doc[end - 1].lower_, "CVL") if end else None
            sector = None if sector == "GOV" else sector or "CVL"
        if end is None:
            continue
        start = min([tok.i, *(s.start for s in covering)])
        end = max([end, *(s.end for s in covering)])
        new = Span(doc, start, end, label="ROLE")
        code = _group_state(new, out, group)
        new._.fp_actor = Actor(code=code, sector=sector, text=new.text)
        out = [s for s in out if s.end <= start or s.start >= end]
        out.append(new)
    return sorted(out, key=lambda s: (s.start, s.end))
