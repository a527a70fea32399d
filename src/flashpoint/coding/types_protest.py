"""Protests as one happening: the setting of another act, and what a crowd demands.

Two kinds of decision, both about not counting one street happening twice
(or counting a circumstance as a happening of its own):

- ``protest_setting`` (a trigger filter, called with the other triggers of
  the sentence): a protest named only as the place, time or object of
  another act ("police fired on a demonstration", "a man was shot during
  the protests", "troops dispersed the rally", "fired at protesting
  miners") is the circumstance of that act, which the sentence asserts;
  the protest is not coded again from it;
- ``crowd_demands`` (once every trigger of a sentence is a candidate): a
  demand voiced by a crowd in the street is what its protest is for. With a
  protest coded in the sentence ("held a sit-in demanding the release of
  ...", "protesters, demanding reforms, marched ...") the demand is part of
  it; with none ("the demonstrators demanded jobs", "took to the streets to
  demand better pay") the demand is itself the protest (PROTEST, mode demo).

The word lists are in ``data/patterns/grammar_protest.yaml``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Token

from flashpoint.coding.parse_tree import is_nominal
from flashpoint.coding.patterns import Grammar, Match
from flashpoint.coding.role import RoleKind
from flashpoint.coding.roles import Role

if TYPE_CHECKING:  # pragma: no cover
    from flashpoint.coding.candidate import Candidate

OBJECT_DEPS = ("dobj", "nsubjpass", "pobj")


def _host_trigger(tok: Token, by_token: dict[int, Match], grammar: Grammar) -> Match | None:
    """The trigger of an act (``protest_setting_host_types``) that ``tok``
    (a noun) is the object or the setting of: the verb it is the object of,
    or the verb (or its object noun, "opened fire on") that a setting
    preposition ("during", "on", "at", "in", "after") hangs it from."""
    host_types = grammar.protest_setting_host_types
    candidates: list[Token] = []
    if tok.dep_ in ("dobj", "nsubjpass"):
        candidates.append(tok.head)
    elif tok.dep_ in ("pobj", "pcomp") and tok.head.lower_ in grammar.protest_setting_preps:
        prep_head = tok.head.head
        candidates.append(prep_head)
        if prep_head.dep_ in ("dobj", "pobj") and is_nominal(prep_head):
            candidates.append(prep_head.head)  # "opened fire on a rally"
            if prep_head.head.dep_ == "prep":
                candidates.append(prep_head.head.head)
    elif tok.dep_ == "pobj" and tok.head.lower_ == "of" and is_nominal(tok.head.head):
        candidates.append(tok.head.head)  # "the violent dispersal of the march"
    for host in candidates:
        found = by_token.get(host.i)
        if found is not None and found.trigger.i != tok.i and found.pattern.type in host_types:
            return found
    return None


def protest_setting(m: Match, by_token: dict[int, Match], grammar: Grammar) -> str | None:
    """Why a protest trigger is only the setting or object of another act
    in its sentence (None when it is a happening of its own).

    "fired tear gas at a demonstration", "was killed during the protests",
    "dispersed the march", "shot at protesting workers", "cleared the main
    protest site": the sentence asserts the firing, the killing, the
    dispersal; the protest is the circumstance (ACLED and PLOVER code the
    act, with the protesters as its target). A protest that is the subject
    of its own clause ("protests erupted", "the rally turned violent"), one
    described by what it protests ("fired on students protesting the fees":
    the protest has its own content) and one in which the crowd's own
    weapons fly ("threw stones during the demonstration": a violent
    protest, ``crowd_violence_modes``) are untouched."""
    if m.pattern.type != "PROTEST":
        return None
    tok = m.trigger
    during = _during_clause(tok, by_token, grammar)
    if during is not None:
        return f"'{tok.text}' is when '{during.trigger.text}' happened ({during.pattern.type})"
    if tok.tag_ == "VBG" and tok.dep_ == "amod":
        noun = tok.head  # "protesting miners": the participle says who they are
    elif tok.tag_ == "VBG" and tok.dep_ == "pcomp" and not any(c.dep_ == "nsubj" for c in tok.children):
        noun = tok  # "fired at protesting miners" parsed as a gerund after 'at'
    elif is_nominal(tok) and tok.dep_ == "compound" and tok.head.pos_ == "NOUN":
        noun = tok.head  # "the protest camp", "protest leaders"
    elif is_nominal(tok):
        noun = tok
    else:
        return None
    if noun.i != tok.i and noun.dep_ not in OBJECT_DEPS:
        return None
    host = _host_trigger(noun, by_token, grammar)
    if host is None or host.pattern.mode in grammar.crowd_violence_modes:
        return None
    return f"'{tok.text}' is the setting or object of '{host.trigger.text}' ({host.pattern.type})"


def _during_clause(tok: Token, by_token: dict[int, Match], grammar: Grammar) -> Match | None:
    """The act whose time a protest clause gives: 'were tasered when they
    were protesting', 'beat them as they protested outside parliament'."""
    if tok.dep_ != "advcl" or tok.pos_ != "VERB":
        return None
    if not any(c.dep_ == "mark" and c.lower_ in grammar.protest_while_marks for c in tok.children):
        return None
    host = by_token.get(tok.head.i)
    if host is not None and host.pattern.type in grammar.protest_setting_host_types:
        return host
    return None


# -- a crowd's demands -------------------------------------------------------------
def _head_lemma_of(role: Role) -> set[str]:
    return {t.lemma_.lower() for t in role.tokens} | {
        w.lower() for a in role.actors for w in (a.text or "").split()}


def _by_crowd(cand: Candidate, grammar: Grammar) -> bool:
    """The demand's source is a crowd word ("protesters", "demonstrators")."""
    words = _head_lemma_of(cand.source)
    if not words:
        subj = [c for c in cand.trigger.children if c.dep_ == "nsubj"]
        words = {c.lemma_.lower() for c in subj}
    return bool(words & grammar.crowd_words)


def _street_purpose(tok: Token, grammar: Grammar) -> bool:
    """'took to the streets to demand ...', 'gathered outside parliament to
    call for ...': a to-purpose (or participle) clause of a gathering verb,
    or of a verb with a street word below it."""
    verb = tok.head
    if tok.dep_ not in ("advcl", "xcomp") or verb.pos_ != "VERB":
        return False
    if not (any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children) or tok.tag_ == "VBG"):
        return False
    if verb.lemma_.lower() in grammar.gathering_verbs:
        return True
    return any(w.lemma_.lower() in grammar.street_words
               for c in verb.children if c.dep_ == "prep" for w in c.subtree)


def _tied_to(tok: Token, protest: Token, grammar: Grammar) -> bool:
    """The demand hangs on the protest: inside the protest's noun phrase
    ("a march by workers demanding pay"), a clause or participle of the
    protest word ("a sit-in demanding", "protesting, demanding"), of the
    verb that carries it ("staged a strike demanding"), or conjoined with
    it ("to protest ... and to call for ...")."""
    anchors = {protest.i}
    if is_nominal(protest) and protest.dep_ in ("dobj", "nsubjpass", "nsubj"):
        anchors.add(protest.head.i)
    if is_nominal(protest) and tok.i in {t.i for t in protest.subtree}:
        return True  # "a rally by nurses calling for back pay"
    walk = tok
    for _ in range(3):
        if walk.dep_ not in ("acl", "relcl", "advcl", "xcomp", "conj", "ccomp") or walk.head.i == walk.i:
            return False
        walk = walk.head
        if walk.i in anchors:
            return True
    return False


def _inside_protest_phrase(tok: Token, grammar: Grammar) -> Token | None:
    """The protest noun whose phrase holds the demand ("dispersed a march
    by farmers demanding land", "fired on a sit-in calling for ..."), even
    when that protest is coded as no event of its own (the setting of a
    crackdown): the demand is still that protest's."""
    walk = tok
    for _ in range(5):
        if walk.dep_ not in ("acl", "relcl", "pobj", "prep", "advcl") or walk.head.i == walk.i:
            return None
        walk = walk.head
        if walk.pos_ == "NOUN" and walk.lemma_.lower() in grammar.protest_nouns:
            return walk
        if walk.pos_ == "VERB":
            # "crushed a protest by youths demanding ...": the parser hangs
            # the 'by' phrase on the verb whose object is the protest
            for obj in walk.children:
                if obj.dep_ in ("dobj", "nsubjpass") and obj.lemma_.lower() in grammar.protest_nouns:
                    return obj
            return None
    return None


def crowd_demands(candidates: dict[int, Candidate], grammar: Grammar) -> None:
    """Demands (``crowd_demand_types``) voiced by a protest: absorbed into a
    protest coded in the sentence (tied to it by the parse, or voiced by a
    crowd), or recoded PROTEST when the sentence codes none and the demand
    is a crowd's or a street gathering's."""
    protests = [c for c in candidates.values() if c.event_type == "PROTEST"]
    for i, cand in list(candidates.items()):
        if cand.event_type not in grammar.crowd_demand_types:
            continue
        tok = cand.trigger
        phrase = _inside_protest_phrase(tok, grammar)
        if phrase is not None and phrase.i not in candidates:
            del candidates[i]  # the protest is a crackdown's setting; so is its demand
            continue
        for protest in protests:
            if _tied_to(tok, protest.trigger, grammar) or _by_crowd(cand, grammar):
                if not any(a.code for a in protest.target.actors) and any(a.code for a in cand.target.actors):
                    protest.target = Role(cand.target.actors, f"target of its demand '{tok.text}'",
                                          cand.target.tokens)
                protest.notes.append(f"'{tok.text}' is what the protest demands, no event of its own")
                del candidates[i]
                break
        else:
            if _by_crowd(cand, grammar) or _street_purpose(tok, grammar):
                cand.notes.append(f"{cand.event_type} '{tok.text}' by a crowd in the street coded PROTEST")
                cand.event_type = "PROTEST"
                cand.mode = "demo"


def stance_clauses(candidates: dict[int, Candidate], grammar: Grammar) -> None:
    """A stance (``stance_types``: a demand, a blame, an opposition) told of
    a party of a street or armed act, in a clause on that party ("students
    demanding the reinstatement of classmates clashed with police",
    "troops fired on villagers who opposed the dam", "youths stormed the
    town hall, calling for the mayor's removal"), says why the party acts:
    no event of its own (``_stance_of_a_party``); so does a posting told in
    a passive participle of the party ("clashed with troops stationed in
    the town")."""
    for i, cand in list(candidates.items()):
        if cand.event_type not in grammar.stance_types:
            continue
        if cand.event_type == "MOBILIZE" and cand.trigger.tag_ != "VBN":
            continue  # a posting told of a party is passive ("troops stationed in"), not "which deployed troops"
        host = _stance_of_a_party(cand.trigger, candidates, grammar)
        if (host is not None and host.event_type != "PROTEST" and cand.trigger.dep_ not in ("acl", "relcl")
                and _aimed_at_another_party(cand)):
            # "held the passengers to press the government for ...": a demand
            # an armed act is a lever for, aimed at a party it names, is made
            continue
        if host is not None:
            host.notes.append(f"'{cand.trigger.text}' is why a party of it acts, no event of its own")
            del candidates[i]


def _aimed_at_another_party(cand: Candidate) -> bool:
    """The stance names whom it is aimed at by the text's own words: a coded
    target that is not the 'domestic' reading of the sentence's one state."""
    return cand.target.kind is not RoleKind.DOMESTIC and any(a.code for a in cand.target.actors)


def _stance_of_a_party(tok: Token, candidates: dict[int, Candidate], grammar: Grammar) -> Candidate | None:
    """The street or armed act (``stance_host_types``) of the sentence whose
    party the stance at ``tok`` is told of: a participle or relative clause
    on a noun of the act's source or target ("students demanding ...
    clashed", "fired on villagers who opposed ..."), or a participle or
    to-clause of the act's own verb with no subject of its own, or its
    object or phrase ("stormed the hall, calling for ...", "marched to
    express support for ...", "rallied in solidarity with ...")."""
    if tok.dep_ in ("acl", "relcl"):
        noun = tok.head
        for host in candidates.values():
            if host.trigger.i == tok.i or host.event_type not in grammar.stance_host_types:
                continue
            if any(noun.i == t.i for role in (host.source, host.target) for t in role.tokens) \
                    or noun.i in {t.i for t in host.trigger.subtree}:
                return host
        return None
    # "stormed the hall, calling for ...", "marched to express their support
    # for ...", "demonstrated in solidarity with ...": up the clause, its
    # object or its phrase to the act, no subject of its own on the way
    walk = tok
    for _ in range(STANCE_HOPS):
        if walk.dep_ not in STANCE_PATH_DEPS or walk.head.i == walk.i:
            return None
        if walk.dep_ in ("advcl", "xcomp") and any(c.dep_ in ("nsubj", "nsubjpass") for c in walk.children):
            return None
        walk = walk.head
        host = candidates.get(walk.i)
        if host is not None and host.trigger.i != tok.i and host.event_type in grammar.stance_host_types:
            return host
    return None


# How far up, and through which links, a stance is read as its act's purpose.
STANCE_HOPS = 3
STANCE_PATH_DEPS = ("advcl", "xcomp", "dobj", "pobj", "prep")
