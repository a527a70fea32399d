"""Type rules for shapes common in news reports of other styles.

- A retaliation told with a manner clause ("hit back, suspending all trade
  and closing its airspace") is the act the clause names: the generic verb
  is no attack of its own.
- One named person attacking another with no weapon or place in sight
  ("the president attacked his rival over the deal") attacks in words:
  ACCUSE.
- An appeal told by a participle under a verb of writing to someone
  ("wrote to the Security Council asking for a meeting") is addressed to
  the one written to.
- The act a person is praised or blamed for ("blamed Y for shelling the
  border", "attacked Y for refusing to recognise ...") is Y's act: its
  source is the object of the praise or blame, not its subject.
- "Both" partners ("spoke to both prime ministers", "counterparts in both
  capitals") are the two states the article is about, for a third party.
- A charge against "what it called X's aggression" is aimed at the author
  of the act so named.
- A partner named in a second conjoined phrase of the same preposition
  ("spoke with A, and with B") is a target too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from flashpoint.coding.parse_tree import is_nominal, light_verb_of
from flashpoint.coding.patterns import Grammar
from flashpoint.coding.roles import Role, find_target

if TYPE_CHECKING:
    from flashpoint.coding.candidate import Candidate
    from flashpoint.coding.roles import ActorIndex

MANNER_DEPS = ("advcl", "conj", "xcomp")


def recode_report_shapes(candidates: dict[int, Candidate], index: ActorIndex, grammar: Grammar) -> None:
    for cand in candidates.values():
        _reason_actor(cand, index, grammar)
    for i, cand in list(candidates.items()):
        if i not in candidates:
            continue
        if _manner_names_act(cand, candidates, grammar):
            del candidates[i]
            continue
        _verbal_attack(cand, index, grammar)
        _conjoined_partners(cand, index)
        _addressee(cand, index, grammar)
        _both_sides(cand, index)
        _named_act_author(cand, candidates, grammar)


def _is_retaliation(tok, grammar: Grammar) -> bool:
    lemma = tok.lemma_.lower()
    if lemma in grammar.retaliation_verbs:
        return True
    return lemma in grammar.retaliation_back_verbs and any(
        c.dep_ in ("prt", "advmod") and c.lower_ == "back" for c in tok.children)


def _manner_names_act(cand: Candidate, candidates: dict[int, Candidate], grammar: Grammar) -> bool:
    """'X hit back on Monday, suspending all trade with Y': the clause names
    the act; the retaliation verb (no object of its own) is no event."""
    tok = cand.trigger
    if tok.pos_ != "VERB" or not _is_retaliation(tok, grammar):
        return False
    if any(c.dep_ in ("dobj", "nsubjpass") for c in tok.children):
        return False
    for child in tok.children:
        if child.dep_ not in MANNER_DEPS or child.tag_ != "VBG":
            continue
        other = candidates.get(child.i)
        if other is not None and other.event_type != cand.event_type:
            other.notes.append(f"the act of '{tok.text}' ({cand.event_type} dropped)")
            return True
    return False


def _span_label(tok, index: ActorIndex) -> str | None:
    span = index.span_at(tok)
    return span.label_ if span is not None else None


def _verbal_attack(cand: Candidate, index: ActorIndex, grammar: Grammar) -> None:
    """'Trump had attacked Zelensky for refusing ...': a person attacking a
    named person, with no weapon, is a verbal attack (ACCUSE)."""
    tok = cand.trigger
    if cand.event_type != "ASSAULT" or tok.lemma_.lower() not in grammar.verbal_attack_verbs:
        return
    objects = [c for c in tok.children if c.dep_ == "dobj"]
    if len(objects) != 1 or _span_label(objects[0], index) != "PERSON":
        return
    if not cand.source.tokens or any(_span_label(t, index) != "PERSON" for t in cand.source.tokens):
        return
    for child in tok.children:
        if child.dep_ == "prep" and any(
                g.lemma_.lower() in grammar.weapon_words for g in child.subtree):
            return
    cand.event_type = "ACCUSE"
    cand.mode = "disapprove"
    cand.pattern_contexts = False
    cand.notes.append(f"a person '{tok.text}' a named person with no weapon: ACCUSE")


def _conjoined_partners(cand: Candidate, index: ActorIndex) -> None:
    """'spoke with the Saudi minister, and with the Qatari premier': the
    target found under the first 'with' gains the partner under the second."""
    if not cand.target.actors:
        return
    target_ids = {t.i for t in cand.target.tokens}
    for prep in cand.trigger.children:
        if prep.dep_ != "prep" or not any(
                c.dep_ == "pobj" and any(t.i in target_ids for t in c.subtree) for c in prep.children):
            continue
        for other in prep.conjuncts:
            if other.dep_ != "conj" or other.lower_ != prep.lower_:
                continue
            for pobj in (c for c in other.children if c.dep_ == "pobj"):
                added = [a for a in index.phrase(pobj)
                         if a.code and not any(a.code == b.code for b in cand.target.actors)]
                if added:
                    cand.target = Role([*cand.target.actors, *added], cand.target.rule,
                                       [*cand.target.tokens, pobj], cand.target.kind)
                    cand.notes.append(f"'{other.text} {pobj.text}' is a partner too")


def _addressee(cand: Candidate, index: ActorIndex, grammar: Grammar) -> None:
    """'wrote to the UN Security Council asking for an urgent meeting': the
    one written to is the target of the appeal the participle tells."""
    tok = cand.trigger
    if cand.target.actors or cand.event_type not in grammar.addressed_types:
        return
    if tok.dep_ not in ("advcl", "xcomp", "conj") or tok.tag_ != "VBG":
        return
    head = tok.head
    if head.lemma_.lower() not in grammar.address_verbs:
        return
    for prep in head.children:
        if prep.dep_ != "prep" or prep.lower_ not in ("to", "with"):
            continue
        for pobj in (c for c in prep.children if c.dep_ == "pobj"):
            actors = [a for a in index.phrase(pobj) if a.code
                      and not any(a.code == s.code for s in cand.source.actors)]
            if actors:
                cand.target = Role(actors, f"the one '{head.text} {prep.text}'", [pobj])
                return


def _reason_actor(cand: Candidate, index: ActorIndex, grammar: Grammar) -> None:
    """'India blamed Pakistan for shelling its villages': the shelling is
    Pakistan's (the object of 'blamed'), aimed anew from that source. So is
    an act named by a noun ('blamed Pakistan for the blasts') or carried by
    a light verb ('for carrying out the blasts'), and the act a charge verb
    names with 'of' ('accused Pakistan of carrying out explosions')."""
    tok = cand.trigger
    if is_nominal(tok):
        carrier = light_verb_of(tok, grammar)
        if carrier is not None and carrier.i != tok.i and carrier.dep_ == "pcomp":
            tok = carrier
    prep = tok.head
    if tok.dep_ not in ("pcomp", "pobj") or prep.dep_ != "prep":
        return
    verb = prep.head
    if verb.pos_ != "VERB":
        return
    blame = verb.lemma_.lower() in grammar.blame_verbs
    if tok.dep_ == "pcomp" and tok.i == cand.trigger.i:
        if prep.lower_ not in grammar.reason_preps and not (blame and prep.lower_ == "of"):
            return
    elif not blame or prep.lower_ not in grammar.reason_preps | {"of"}:
        return  # "hosted him for a meeting": a purpose, no author
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    actors = [a for o in objects for a in index.phrase(o)]
    if not actors or any(a.code == s.code and a.name == s.name for a in actors for s in cand.source.actors):
        return
    cand.source = Role(actors, f"object of '{verb.text}' (the act it is {verb.text} for)", objects)
    cand.target = find_target(tok, index, grammar, event_type=cand.event_type, source=actors,
                              event_sources={}, events_at=set())
    cand.notes.append(f"the act '{verb.text}' names: its object acts")


def _both_partners(tok) -> bool:
    return any(c.dep_ in ("det", "predet", "nummod") and c.lower_ in ("both", "two") for c in tok.children)


def _both_sides(cand: Candidate, index: ActorIndex) -> None:
    """'said he had spoken to both prime ministers': a third party's partners
    are the two states in focus."""
    if not cand.source.actors:
        return
    objects = [c for c in cand.trigger.children if c.dep_ in ("dobj", "dative")]
    objects += [g for c in cand.trigger.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
    both = [o for o in objects if _both_partners(o) or any(
        _both_partners(g) for p in o.children if p.dep_ == "prep" for g in p.children if g.dep_ == "pobj")]
    if not both:
        return
    dyad = index.dyad()
    src = {a.code for a in cand.source.actors}
    named = {a.code for a in cand.target.actors if a.code}
    if len(dyad) != 2 or src & {a.code for a in dyad} or named - src:
        return
    cand.target = Role(list(dyad), f"both states in focus ('{both[0].text}')", both)
    cand.notes.append("'both' partners: the two states in focus")


def _named_act_author(cand: Candidate, candidates: dict[int, Candidate], grammar: Grammar) -> None:
    """'condemned what it called Israel's blatant aggression against Iran':
    the condemnation is aimed at the author of the act it names."""
    if cand.event_type not in grammar.addressed_types or any(a.code for a in cand.target.actors):
        return
    for comp in cand.trigger.children:
        if comp.dep_ != "ccomp" or comp.lemma_.lower() not in grammar.naming_verbs:
            continue
        for named in comp.children:
            other = candidates.get(named.i)
            if named.dep_ in ("oprd", "dobj", "attr") and other is not None and other.source.actors:
                cand.target = Role(list(other.source.actors), f"author of what '{comp.text}' names", [named])
                return
