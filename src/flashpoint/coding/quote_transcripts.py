"""Turns of a transcript: each turn is a statement of its labelled speaker.

A broadcast or press-conference transcript gives each turn on a line of its
own, opened by a speaker label and a colon:

    ANCHOR (JANE DOE): Good evening ...
    JOHN SMITH (ANALYST, LAHORE): The strikes were ...
    DOE: And the army?
    Smith: It has said nothing yet.

A label is a name or role in capitals, optionally with a parenthesis (the
name when the label is a role, else the role and place), or, once the text is
known to be a transcript, the surname or name of a speaker labelled before
in any case ("Smith:"). The text is a transcript only when at least three
lines open with a label in capitals and two speakers differ, so that a
dateline ("RAWALPINDI: ...") or a heading never makes one; one label at
least must carry a parenthesis or a staff role, and a single word with no
parenthesis labels only a speaker named in full before ("UPDATE:" in a live
blog names no one).

The programme's own turns (anchor, host, correspondent ...:
``transcript_staff_roles`` in ``grammar_quotes.yaml``) are no statement.
The speaker of another turn is the actor named in the label, a person of the
actor dictionary, or else a person of unknown state with the label's name,
role and the role's sector ("analyst" -> ANALYST).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc

from flashpoint.coding.patterns import Grammar
from flashpoint.coding.roles import ActorIndex, span_actors
from flashpoint.models import Actor
from flashpoint.nlp.actor_dictionary import ActorDictionary
from flashpoint.nlp.context import dictionary_of

UPPER_LABEL = re.compile(
    r"^[ \t]*(?P<head>[A-Z][A-Z.'\- ]{0,40}?[A-Z.])"
    r"(?:\s*\((?P<paren>[^()\n]{1,80})\))?[ \t]*:[ \t]+(?P<turn>\S[^\n]*)$",
    re.M,
)
NAME_LABEL = re.compile(
    r"^[ \t]*(?P<head>[A-Z][a-z'\-]+(?: [A-Z][a-z'\-]+){0,2})"
    r"(?:\s*\((?P<paren>[^()\n]{1,80})\))?[ \t]*:[ \t]+(?P<turn>\S[^\n]*)$",
    re.M,
)
MIN_LABELLED_LINES = 3


@dataclass
class Speaker:
    name: str | None
    role: str | None
    staff: bool
    label: str
    label_start: int
    label_end: int


@dataclass
class Turn:
    start: int  # character offsets of the turn's words
    end: int
    speaker: Speaker


def _is_role(words: str, grammar: Grammar, d: ActorDictionary) -> bool:
    low = words.lower().strip()
    return low in grammar.transcript_staff_roles or low in d.roles or low.title() in d.titles


def _speaker(m: re.Match, grammar: Grammar, d: ActorDictionary) -> Speaker:
    head = m.group("head").strip()
    paren = (m.group("paren") or "").strip()
    if paren and _is_role(head, grammar, d):
        role, name = head, paren
    else:
        name, role = head, (paren.split(",")[0].strip() if paren else None)
    staff = bool(role) and (
        role.lower() in grammar.transcript_staff_roles
        or role.lower().split()[0] in grammar.transcript_staff_roles
    )
    return Speaker(
        name=name.title() if name else None,
        role=role.title() if role else None,
        staff=staff,
        label=m.group(0)[: m.start("turn") - m.start()].strip().rstrip(":").strip(),
        label_start=m.start("head"),
        label_end=m.start("turn"),
    )


def _keys(name: str | None) -> list[str]:
    if not name:
        return []
    words = name.lower().split()
    return [" ".join(words), words[-1]]


def find_turns(text: str, grammar: Grammar, dictionary: ActorDictionary) -> list[Turn]:
    """The labelled turns of a transcript (none when the text is not one);
    ``dictionary`` tells role words from names in the labels."""
    labelled = [m for m in UPPER_LABEL.finditer(text) if not m.group("head").strip().isdigit()]
    speakers = [_speaker(m, grammar, dictionary) for m in labelled]
    if len(labelled) < MIN_LABELLED_LINES or len({s.name for s in speakers}) < 2:
        return []
    if not any(m.group("paren") or s.staff for m, s in zip(labelled, speakers, strict=True)):
        return []  # "UPDATE:", "BREAKING:" lines of a live blog name no speaker
    known: dict[str, Speaker] = {}
    for s in speakers:
        for key in _keys(s.name):
            if key not in known or (s.role and not known[key].role):
                known[key] = s
    turns: list[Turn] = []
    seen: set[int] = set()
    for m in [*labelled, *NAME_LABEL.finditer(text)]:
        if m.start() in seen:
            continue
        s = _speaker(m, grammar, dictionary)
        full = known.get((s.name or "").lower())
        if full is None and (m.re is NAME_LABEL or (not m.group("paren") and " " not in s.name)):
            continue  # a name in ordinary case or a single word labels only a known speaker
        if full is not None and not m.group("paren"):
            # "DOE:" after "ANCHOR (JANE DOE):": the same speaker.
            s = Speaker(full.name, full.role, full.staff, s.label, s.label_start, s.label_end)
        seen.add(m.start())
        turns.append(Turn(m.start("turn"), m.start("turn") + len(m.group("turn").rstrip()), s))
    return sorted(turns, key=lambda t: t.start)


def turn_speaker(doc: Doc, turn: Turn, index: ActorIndex) -> list[Actor]:
    """The actor who speaks a (non-staff) turn."""
    s = turn.speaker
    for span in index.spans:
        if s.label_start <= span.start_char < s.label_end:
            actors = [a for a in span_actors(span, with_text=True) if a.code]
            if actors:
                return [Actor(code=a.code, sector=a.sector, name=a.name, role=a.role, text=s.label)
                          for a in actors]
    d = dictionary_of(doc)
    published = doc._.fp_published
    for name in d.person_aliases.get(s.name or "", []):
        term = d.term_for(name, published)
        return [Actor(code=d.country_of(name, published), sector=term.sector if term else None,
                      name=name, role=term.role if term else s.role, text=s.label)]
    role = s.role or ""
    sector = d.roles.get(role.lower()) or d.titles.get(role.title())
    return [Actor(code=None, sector=sector, name=s.name, role=s.role, text=s.label)]
