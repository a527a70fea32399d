"""The actors a token or a noun phrase stands for: ``ActorIndex``, look-ups
over the actor mentions of a Doc (``doc.spans["fp_actors"]``, with
``span._.fp_actor`` for one actor and ``span._.fp_members`` for a group such
as "both sides"), pronouns resolved, places read as their state, and the two
states an article is about."""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from flashpoint.coding.parse_tree import (
    FIRST_PERSON,
    PRONOUNS,
    RELATIVE,
    children_of,
    phrase_tokens,
    reciprocal_word,
)
from flashpoint.coding.patterns import Grammar
from flashpoint.coding.targets_nominal import container_members
from flashpoint.models import Actor
from flashpoint.nlp.actors import dyad_in_focus, resolve_reference, span_actors
from flashpoint.nlp.extensions import spans_of


def _as_actors(value) -> list[Actor]:
    """Whatever the actors API returned, as a list of Actor."""
    if value is None:
        return []
    if isinstance(value, Actor):
        return [value]
    if isinstance(value, Span):
        return span_actors(value, with_text=True)
    if isinstance(value, list | tuple):
        out: list[Actor] = []
        for v in value:
            out.extend(_as_actors(v))
        return out
    return []


class ActorIndex:
    """Token -> actor mention look-ups over ``doc.spans["fp_actors"]``."""

    def __init__(self, doc: Doc, grammar: Grammar, *, quote_speakers: dict[int, list[Actor]] | None = None):
        self.doc = doc
        self.grammar = grammar
        self.by_token: dict[int, Span] = {}
        spans = [s for s in spans_of(doc, "fp_actors") if not _inside_a_place_name(s, doc)]
        # Longer spans first, so a group ("India and Pakistan") wins over its parts.
        for span in sorted(spans, key=lambda s: -(s.end - s.start)):
            for i in range(span.start, span.end):
                self.by_token.setdefault(i, span)
        self.spans = sorted(spans, key=lambda s: s.start)
        self.quote_speakers = quote_speakers or {}
        self._dyad: list[Actor] | None = None
        # ``_places_at``'s index: (the group of places, its length, token -> places)
        self._places: tuple | None = None
        self.event_type: str | None = None  # the type whose target is being looked for

    # -- single tokens ---------------------------------------------------------
    def at(self, token: Token) -> list[Actor]:
        span = self.by_token.get(token.i)
        if span is not None:
            return span_actors(span, with_text=True)
        if token.lower_ in PRONOUNS:
            return self.resolve_pronoun(token)
        return []

    def span_at(self, token: Token) -> Span | None:
        return self.by_token.get(token.i)

    def resolve_pronoun(self, token: Token) -> list[Actor]:
        if token.lower_ in FIRST_PERSON and token.i in self.quote_speakers:
            return self.quote_speakers[token.i]
        if token.lower_ in RELATIVE:
            # "militants who attacked": the relative clause's head noun.
            clause = token.head
            if clause.dep_ == "relcl":
                return self.phrase(clause.head)
            return []
        found = _as_actors(resolve_reference(self.doc, token))
        if found:
            return found
        return self._nearest_subject_before(token)

    def _nearest_subject_before(self, token: Token) -> list[Actor]:
        """Fallback antecedent: the closest actor before the pronoun that is
        a subject, in this sentence or the two before it."""
        sent_start = token.sent.start
        earliest = sent_start
        for _ in range(2):
            if earliest > 0:
                earliest = self.doc[earliest - 1].sent.start
        best: Span | None = None
        for span in self.spans:
            if span.start >= token.i or span.start < earliest:
                continue
            if span.root.dep_ in ("nsubj", "nsubjpass", "poss") or span.root.head.dep_ in ("nsubj",):
                best = span
        return span_actors(best, with_text=True) if best is not None else []

    # -- phrases ---------------------------------------------------------------
    def phrase(self, head: Token) -> list[Actor]:
        """The actors a noun phrase names: the mention at its head, else the
        mentions inside it (not inside its clauses), each conjunct included."""
        found = self._phrase_one(head)
        for conj in head.conjuncts:
            if conj.i > head.i:
                found.extend(a for a in self._phrase_one(conj) if a not in found)
        if any(a.code for a in found):
            # "Deputy Prime Minister and Foreign Minister Ishaq Dar": a bare
            # title beside an identified actor is the same person.
            found = [a for a in found if a.code or a.name]
        return _unique(found)

    def _phrase_one(self, head: Token) -> list[Actor]:
        direct = self.at(head)
        if direct and not any(a.code for a in direct):
            # "a camp for Congolese refugees": the people it belongs to.
            direct = container_members(head, self) or direct
        if direct:
            return list(direct)
        text = reciprocal_word(head)
        if text:
            return []
        found: list[Actor] = []
        opposed: list[Actor] = []  # "the US-led war against Iraq": Iraq is the war's foe
        seen: set[int] = set()
        for tok in phrase_tokens(head):
            span = self.by_token.get(tok.i)
            if span is None or id(span) in seen:
                continue
            seen.add(id(span))
            (opposed if _under_against(tok, head) else found).extend(span_actors(span, with_text=True))
        found = found or opposed
        if not found:
            for tok in head.children:
                if tok.dep_ == "poss" and tok.lower_ in PRONOUNS:
                    found.extend(self.resolve_pronoun(tok))
        if not found:
            # "our friends Saudi Arabia, China and Turkey": the apposition.
            for appos in children_of(head, ("appos",)):
                found.extend(self.phrase(appos))
        if not found:
            # "mediation offered by the United States": the author.
            for acl in head.children:
                if acl.dep_ == "acl":
                    for agent in acl.children:
                        if agent.dep_ == "agent":
                            for pobj in agent.children:
                                # an actor, not something deep inside the
                                # cause ("activists angered by the release
                                # of a report on the ministry")
                                if self.at(pobj):
                                    found.extend(self.phrase(pobj))
        return _unique(found)

    def place_state(self, token: Token) -> list[Actor]:
        """The state of a place named at ``token`` ("Lahore" -> PAK); none for
        a place too unsure to say whose territory it is
        (``span._.fp_place_unsure``)."""
        for span in self._places_at(token.i):
            if span._.fp_place_unsure:
                continue
            loc = span._.fp_location
            if loc is not None and loc.country:
                return [Actor(code=loc.country, text=span.text)]
        return []

    def _places_at(self, i: int) -> list[Span]:
        """The place mentions (``doc.spans["fp_places"]``, in their order)
        that hold token ``i``: indexed once per group of places."""
        group = self.doc.spans["fp_places"] if "fp_places" in self.doc.spans else None
        if group is None:
            return []
        kept = self._places
        if kept is None or kept[0] is not group or kept[1] != len(group):
            by_token: dict[int, list[Span]] = {}
            for span in group:
                for j in range(span.start, span.end):
                    by_token.setdefault(j, []).append(span)
            kept = self._places = (group, len(group), by_token)
        return kept[2].get(i, [])

    def modifiers(self, noun: Token) -> list[Actor]:
        """Actors that modify a noun before it: possessor, demonym, compound
        ("India's strikes", "Indian drones", "U.S. support")."""
        out: list[Actor] = []
        for child in noun.lefts:
            if child.dep_ in ("poss", "compound", "amod", "nmod", "npadvmod"):
                found = self.at(child) or (self.phrase(child) if child.dep_ == "poss" else [])
                if not found and child.dep_ == "compound":
                    # "India’s drone strikes": the parser may hang the
                    # possessor on the compound rather than on the head.
                    for grand in child.lefts:
                        if grand.dep_ == "poss":
                            found = self.at(grand) or self.phrase(grand)
                            break
                out.extend(a for a in found if a not in out)
        return out

    # -- the dyad --------------------------------------------------------------
    def dyad(self) -> list[Actor]:
        """The two states the article is about, when it has such a pair."""
        if self._dyad is not None:
            return self._dyad
        found = _dyad_from(dyad_in_focus(self.doc))
        self._dyad = found if len(found) == 2 else []
        return self._dyad

    def dyad_named_together(self) -> bool:
        """The two states in focus are named together as one party of a
        clause ("Sudan and Chad agreed", "talks between Sudan and Chad"),
        not only as a list of places ("fighters from Sudan and Chad")."""
        codes = {a.code for a in self.dyad()}
        if len(codes) != 2:
            return False
        for span in self.spans:
            if span.label_ != "GROUP" or {a.code for a in span_actors(span)} != codes:
                continue
            root = span.root
            if root.dep_ != "pobj" or root.head.lower_ in self.grammar.party_prepositions:
                return True
        return False


# Mentions that are places themselves: a state or capital inside a longer
# place name ("Kosovo" in "Kosovo Polje") still names its state.
PLACE_ACTOR_LABELS = ("STATE", "CAPITAL", "SEAT", "ADJ")


def _inside_a_place_name(span: Span, doc: Doc) -> bool:
    """An actor mention that is only some words of a longer place name the
    places component found ("Dar" of "Dar es Salaam" is no person named
    Dar; "Congress" of "Congress Heights" no party): part of the place."""
    if span.label_ in PLACE_ACTOR_LABELS:
        return False
    return any(p.start <= span.start and span.end <= p.end and (p.end - p.start) > (span.end - span.start)
               for p in spans_of(doc, "fp_places"))


def _dyad_from(value) -> list[Actor]:
    if not value:
        return []
    out: list[Actor] = []
    for v in value:
        if isinstance(v, str):
            out.append(Actor(code=v, sector="GOV"))
        else:
            out.extend(_as_actors(v))
    return out


def _unique(actors: list[Actor]) -> list[Actor]:
    out: list[Actor] = []
    keys: set = set()
    for a in actors:
        key = (a.code, a.name, a.sector) if (a.code or a.name) else ("text", a.text)
        if key not in keys:
            keys.add(key)
            out.append(a)
    return out


def _under_against(tok: Token, head: Token) -> bool:
    """``tok`` is inside an "against ..." phrase below ``head``."""
    for t in tok.ancestors:
        if t.i == head.i:
            return False
        if t.dep_ == "prep" and t.lower_ == "against":
            return True
    return False
