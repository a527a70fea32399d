"""People in actor mentions: names from the dictionary (with the role held on
the article's date), people the dictionary lacks (from the named entities or
a title before capitalised names), and the titles, roles and states around a
name.

A known person's country is that of their term on the article's date; when
the text names a state right before the name ("Palestinian Prime Minister
X") and the person has a term for that state, that term wins. A bare
surname resolves to the person named before in the article, or to the
dictionary's person when a title comes before it, the tagger calls it a
proper noun, or it is a capitalised noun in a name's position (the small
model tags "Trump" as a noun at times); ``rules.yaml`` lists surnames that
are also English words ("Rice", "Gates"), which need a proper-noun tag or a
title.

A person the dictionary lacks takes their state, in this order, from:

(a) a state, demonym, province or organisation before the title ("Algerian
    President X", "Arab League Secretary General X": an organisation of
    sector IGO makes the person IGO);
(b) an apposition or an "of" phrase after the name ("X, Kyrgyzstan's
    president", "President X of Algeria");
(c) the one state named in the article up to the end of the sentence, when
    the person carries a title of government or military rank ("Ousted
    President X ... to return to Kyrgyzstan") and nothing else: states that
    modify a role word ("Pakistan's army chief") or are the place of a visit
    ("arrived in Amman") do not count, and two different states leave the
    code empty. In a report on two states at odds a spokesperson's sentence
    often names only the other side, so one other state named earlier in the
    article is enough to leave the code empty.

``PeopleRules`` is a mixin of ``actor_rules.MentionFinder``: it reads the
finder's dictionary (``self.d``) and its ``_entity`` look-up.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from spacy.tokens import Doc, Span, Token

from flashpoint.models import Actor
from flashpoint.nlp.actor_dictionary import Term
from flashpoint.nlp.actor_home import is_listed_place
from flashpoint.nlp.actor_types import GLUE, PLACE_PREPS, STATE_KINDS, Atom, Mention
from flashpoint.nlp.gazetteer import get_gazetteer

PREFIX_KINDS = ("TITLE", "ROLE", "STATE", "ADJ", "SEAT", "ORG", "PROVINCE")
# Kinds whose entity names the state a person acts for.
AFFILIATION_KINDS = (*STATE_KINDS, "PROVINCE", "NATIONALS", "SEAT", "ORG")
OFFICE_SECTORS = ("GOV", "MIL", "COP", "JUD")
NAME_ENT_TYPES = ("", "PERSON")
HYPHENS = {"-", "‐"}


def currency_state(doc: Doc, end: int) -> bool:
    """A state name right before a currency sign ("US $50 million")."""
    return end < len(doc) and (doc[end].tag_ == "$" or doc[end].text in ("$", "€", "£"))


def titled_org(doc: Doc, start: int, i: int) -> bool:
    """A name right after a title that the tagger called an organisation
    ("Vice-President Moody Awori"): two or three capitalised words that end
    the entity, none of them a word of organisations' names."""
    tok = doc[i]
    if tok.ent_type_ != "ORG" or doc[start].ent_iob_ != "B":
        return False
    ent = next((e for e in doc.ents if e.start == start), None)
    return ent is not None and 2 <= len(ent) <= 3 and all(t.pos_ == "PROPN" for t in ent)


def _hyphen_joined(doc: Doc, i: int) -> bool:
    """Token ``i`` is a hyphen written with no space on either side."""
    if not 0 < i < len(doc) - 1 or doc[i].text != "-":
        return False
    return not doc[i - 1].whitespace_ and not doc[i].whitespace_


class PeopleRules:
    # -- known people -----------------------------------------------------------

    def _person_name(
        self, doc: Doc, atom: Atom, named: list[str], published, titled: bool, atoms: list[Atom]
    ):
        names = self.d.person_aliases.get(atom.key, [])
        if not names:
            return None
        single = atom.end - atom.start == 1 and atom.key not in self.d.terms
        if single and self._inside_other_name(doc, atom, atoms):
            return None
        earlier = [n for n in names if n in named]
        if earlier:
            return earlier[-1]
        token = doc[atom.start]
        if single and not titled and not self._bare_surname_is_name(token, atom.key):
            return None
        if len(names) == 1:
            return names[0]
        in_office = [n for n in names if self.d.term_for(n, published) is not None]
        return (in_office or names)[0]

    @staticmethod
    def _inside_other_name(doc: Doc, atom: Atom, atoms: list[Atom]) -> bool:
        """A surname with another given name before it, or a name going on
        after it ("Colonel Sofiya Qureshi", "Hafiz Gul Bahadur"): someone
        else of that name, not the dictionary's person. Titles and other
        dictionary words around it do not count ("President Trump")."""
        in_atoms = {t for a in atoms for t in range(a.start, a.end)}
        if _hyphen_joined(doc, atom.start - 1) or _hyphen_joined(doc, atom.end):
            return True  # one part of a double-barrelled name ("Nkweta-Salami")
        for i in (atom.start - 1, atom.end):
            if 0 <= i < len(doc) and i not in in_atoms:
                tok = doc[i]
                if tok.pos_ == "PROPN" and tok.is_title and tok.is_alpha and len(tok) > 1:
                    return True
        return False

    def _bare_surname_is_name(self, token: Token, key: str) -> bool:
        """A surname alone names the person: a proper noun that is not a place
        or date, or a capitalised noun; when it is the first word of the
        sentence, only as the subject or possessor. A surname that is also an
        English word must be a proper noun."""
        if self._place_like(token):
            return False
        name_position = not token.is_sent_start or token.dep_ in ("nsubj", "nsubjpass", "poss")
        if key in self.d.common_word_names:
            return token.pos_ == "PROPN" and name_position
        if token.pos_ == "PROPN":
            return True
        return token.is_title and token.pos_ in ("NOUN", "X") and name_position

    @staticmethod
    def _place_like(token: Token) -> bool:
        if token.ent_type_ in ("DATE", "TIME", "LOC", "FAC"):
            return True
        return token.dep_ == "pobj" and token.head.lower_ in PLACE_PREPS

    def _people(self, doc: Doc, atoms: list[Atom], published, named: list[str]) -> list[Mention]:
        out = []
        for i, atom in enumerate(atoms):
            if atom.kind != "PERSON":
                continue
            prefix = self._prefix(doc, atoms, i)
            titled = any(a.kind in ("TITLE", "ROLE") for a in prefix)
            name = self._person_name(doc, atom, named, published, titled, atoms)
            if name is None:
                continue
            if atom.end - atom.start > 1 or atom.key == name:
                named.append(name)
            stated = [e.code for a in prefix if (e := self._affiliation(a)) is not None]
            term = self._term(name, published, stated)
            role_atoms = [a for a in prefix if a.kind in ("ROLE", "TITLE")]
            text_role = " ".join(doc[a.start : a.end].text for a in role_atoms) or None
            if term is not None:
                code, sector, role = term.country, term.sector, term.role
            else:
                code = self.d.country_of(name, published)
                sector = self._role_sector(role_atoms)
                role = text_role
            start = prefix[0].start if prefix else atom.start
            for a in [*prefix, atom]:
                a.used = True
            actor = Actor(
                code=code, sector=sector, name=name, role=role, text=doc[start : atom.end].text
            )
            out.append(Mention(start, atom.end, "PERSON", [actor]))
        return out

    def _term(self, name: str, published: date | None, stated: list[str | None]) -> Term | None:
        """The term on the article's date, unless the text states another of
        the person's countries right before the name: then that country's
        term (the one covering the date, else the latest before it, else the
        latest)."""
        term = self.d.term_for(name, published)
        if not stated or (term is not None and term.country in stated):
            return term
        own = [t for t in self.d.terms.get(name, []) if t.country in stated]
        if not own:
            return term
        if published is not None:
            covering = [t for t in own if t.covers(published)]
            before = [t for t in own if t.start is not None and t.start <= published]
            own = covering or before or own
        return max(own, key=lambda t: t.start or date.min)

    # -- people the dictionary lacks ------------------------------------------------

    def _unknown_people(self, doc: Doc, atoms: list[Atom], people: list[Mention]) -> list[Mention]:
        """People the dictionary lacks (see the module docstring for how their
        state is found); a later surname alone is the same person. Without a
        state, code is None; sector comes from the title or role."""
        covered = {t for m in people for t in range(m.start, m.end)}
        # A surname the known-people rule turned down stays free for a longer
        # name ("Colonel Sofiya Qureshi"), never stands alone.
        rejected = [a for a in atoms if a.kind == "PERSON" and not a.used]
        covered |= {
            t for a in atoms if a.kind != "ROLE" and a not in rejected
            for t in range(a.start, a.end)
        }  # fmt: skip
        known: dict[str, Actor] = {}  # surname -> actor
        first_named: dict[str, int] = {}
        out = []
        for ent in self._name_spans(doc, atoms, covered):
            if any(a.start >= ent.start and a.end <= ent.end for a in rejected) and not any(
                t.pos_ == "PROPN" and t.is_title for t in ent if not self._in(t.i, rejected)
            ):
                continue
            surname = ent[-1].text
            if len(ent) == 1 and surname in known:
                actor = known[surname]
                out.append(Mention(ent.start, ent.end, "PERSON", [replace(actor, text=ent.text)]))
                continue
            first_atom = next((i for i, a in enumerate(atoms) if a.start >= ent.start), len(atoms))
            prefix = self._prefix(
                doc, atoms[:first_atom] + [Atom(ent.start, ent.end, "PERSON", "")], first_atom
            )
            after = self._apposition(doc, atoms, ent)
            info = [*prefix, *after]
            of_phrase = [a for a in after if doc[a.start - 1].lower_ == "of"]
            roles = [a for a in info if a.kind in ("ROLE", "TITLE")]
            sector = self._role_sector(roles)
            owners = [(a, e) for a in info if (e := self._affiliation(a)) is not None]
            code = owners[0][1].code if owners else None
            if owners and owners[0][0].kind == "ORG" and owners[0][1].sector == "IGO":
                sector = "IGO"
            if code is None and sector in OFFICE_SECTORS and prefix:
                code = self._sole_state(doc, atoms, ent)
            start = prefix[0].start if prefix else ent.start
            for a in info:
                a.used = a.used or a not in of_phrase
            text_roles = [a for a in roles if a in prefix] or roles
            text_role = " ".join(doc[a.start : a.end].text for a in text_roles) or None
            actor = Actor(
                code=code, sector=sector, name=ent.text, role=text_role,
                text=doc[start : ent.end].text,
            )  # fmt: skip
            if len(ent) > 1:
                known.setdefault(surname, actor)
                first_named.setdefault(surname, ent.end)
            out.append(Mention(start, ent.end, "PERSON", [actor]))
        # A later surname the entity recogniser missed ("Kugelman added").
        taken = covered | {t for m in out for t in range(m.start, m.end)}
        for tok in doc:
            if tok.text in known and tok.i >= first_named[tok.text] and tok.i not in taken:
                if tok.pos_ == "PROPN":
                    actor = replace(known[tok.text], text=tok.text, role=known[tok.text].role)
                    out.append(Mention(tok.i, tok.i + 1, "PERSON", [actor]))
        return out

    def _name_spans(self, doc: Doc, atoms: list[Atom], covered: set[int]) -> list[Span]:
        """Names of people: PERSON entities, and capitalised proper nouns right
        after a person's title that the entity recogniser left untagged or
        tagged PERSON ("President Abdelkader Benali")."""
        spans: list[Span] = []
        for ent in doc.ents:
            if ent.label_ != "PERSON" or covered.intersection(range(ent.start, ent.end)):
                continue
            if not ent[0].is_title or any(t.pos_ != "PROPN" and t.text not in HYPHENS for t in ent):
                continue  # "Jean-Bertrand Aristide" is a name
            if self._place_name(ent):
                continue  # "Rahim Yar Khan": a town the tagger took for a name
            spans.append(ent)
        taken = covered | {t for s in spans for t in range(s.start, s.end)}
        for atom in atoms:
            if atom.kind not in ("TITLE", "ROLE") or atom.used:
                continue
            if doc[atom.start : atom.end].text not in self.d.titles:
                continue
            end = atom.end
            while (
                end < len(doc)
                and end - atom.end < 4
                and end not in taken
                and doc[end].pos_ == "PROPN"
                and doc[end].is_title
                and (doc[end].ent_type_ in NAME_ENT_TYPES or titled_org(doc, atom.end, end))
            ):
                end += 1
            if doc[end - 1].text in self.d.not_name_words:
                continue  # "Premier League": an organisation, not a name
            if end > atom.end:
                spans.append(doc[atom.end : end])
                taken.update(range(atom.end, end))
        return sorted(spans, key=lambda s: s.start)

    @staticmethod
    def _in(i: int, atoms: list[Atom]) -> bool:
        return any(a.start <= i < a.end for a in atoms)

    def _place_name(self, ent: Span) -> bool:
        """A name the places gazetteer lists, or a GeoNames town in a place's
        position ("strikes on Sialkot and Bhimber", "near Shorkot")."""
        if is_listed_place(ent.text):
            return True
        if not get_gazetteer().lookup(ent.text):
            return False
        root = ent.root
        if self._place_like(root):
            return True
        return any(
            is_listed_place(t.text) or t.ent_type_ in ("GPE", "LOC")
            for t in [root.head, *root.conjuncts]
            if t.i not in range(ent.start, ent.end) and (t.dep_ == "conj" or root.dep_ == "conj")
        )

    def _affiliation(self, atom: Atom):
        """The entity that gives a person's state, for an atom next to a name."""
        if atom.kind not in AFFILIATION_KINDS:
            return None
        ent = self._entity(atom)
        return ent if ent is not None and ent.code else None

    def _sole_state(self, doc: Doc, atoms: list[Atom], ent: Span) -> str | None:
        """The one state named in the article up to the end of the sentence
        (heuristic (c) of the module docstring), or None."""
        codes: set[str] = set()
        for a in atoms:
            if a.start >= ent.sent.end or a.kind not in (*STATE_KINDS, "NATIONALS"):
                continue
            if a.used or self._modifies_role(doc, atoms, a) or self._visited(doc, a):
                continue
            if currency_state(doc, a.end):
                continue  # "US $50 million"
            found = self._entity(a)
            if found is not None and found.code:
                codes.add(found.code)
        return next(iter(codes)) if len(codes) == 1 else None

    @staticmethod
    def _modifies_role(doc: Doc, atoms: list[Atom], atom: Atom) -> bool:
        """ "Pakistan's army chief", "Indian troops": a state owning a role."""
        nxt = next((a for a in atoms if a.start >= atom.end), None)
        if nxt is None or nxt.kind not in ("ROLE", "TITLE"):
            return False
        gap = doc[atom.end : nxt.start]
        return len(gap) <= 2 and all(t.text in GLUE or t.pos_ == "ADJ" for t in gap)

    def _visited(self, doc: Doc, atom: Atom) -> bool:
        """A place that is the destination or venue of a visit ("arrived in
        Amman", "visited Islamabad")."""
        tok = doc[atom.start : atom.end].root
        head = tok.head
        if tok.dep_ == "pobj":
            head = head.head
        elif tok.dep_ != "dobj":
            return False
        return head.lemma_.lower() in self.d.visit_verbs

    def _apposition(self, doc: Doc, atoms: list[Atom], ent: Span) -> list[Atom]:
        """Role and state atoms in an apposition to ``ent`` ("X, a South Asia
        expert", "X, Pakistan's information minister") or in an "of" phrase
        right after it ("President X of Algeria"); capitals there are places
        ("based in Washington") and do not count. An apposition that is
        itself a person's name is that person's, title and all."""
        root = ent.root
        found: list[Atom] = []
        for child in root.rights:
            if child.dep_ == "appos" and child.ent_type_ == "PERSON":
                continue  # "X, Interior Minister Y said": another person, with its own title
            if child.dep_ == "appos":
                kinds: tuple[str, ...] = ("ROLE", "STATE", "ADJ", "NATIONALS", "ORG")
            elif child.dep_ == "prep" and child.lower_ == "of" and child.i == ent.end:
                kinds = ("STATE", "ORG")
            else:
                continue
            lo, hi = child.left_edge.i, child.right_edge.i
            for a in atoms:
                if lo <= a.start and a.end <= hi + 1 and not a.used and a.kind in kinds:
                    found.append(a)
        return found

    def _prefix(self, doc: Doc, atoms: list[Atom], i: int) -> list[Atom]:
        """Title, role and state atoms right before atoms[i] ("U.S. Secretary of
        State", "Pakistan's Army Chief General")."""
        prefix: list[Atom] = []
        pos = atoms[i].start
        j = i - 1
        while j >= 0:
            a = atoms[j]
            gap = doc[a.end : pos]
            if a.used or a.kind not in PREFIX_KINDS:
                break
            if len(gap) > 2 or any(not self._title_glue(t) for t in gap):
                break
            prefix.insert(0, a)
            pos = a.start
            j -= 1
        # A leading determiner-less state is fine; a prefix that is only a state
        # ("India's Modi") is kept too.
        return prefix

    @staticmethod
    def _title_glue(token: Token) -> bool:
        """Words that may sit inside a title before a name: "'s", adjectives,
        capitalised title words ("Army Chief General")."""
        return (
            token.text in GLUE
            or token.pos_ == "ADJ"
            or (token.is_title and token.pos_ in ("PROPN", "NOUN"))
        )

    def _role_sector(self, role_atoms: list[Atom]) -> str | None:
        for a in role_atoms:
            sector = (
                self.d.roles.get(a.key.lower()) if a.kind == "ROLE" else self.d.titles.get(a.key)
            )
            if sector:
                return sector
        return None
