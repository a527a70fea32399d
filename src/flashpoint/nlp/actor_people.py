"""People in actor mentions: names from the dictionary (with the role held on
the article's date), people the dictionary lacks (from the named entities),
and the titles, roles and states around a name.

``PeopleRules`` is a mixin of ``actor_rules.MentionFinder``: it reads the
finder's dictionary (``self.d``) and its ``_entity`` look-up.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc, Span, Token

from flashpoint.models import Actor
from flashpoint.nlp.actor_types import GLUE, PLACE_PREPS, STATE_KINDS, Atom, Mention


class PeopleRules:
    def _person_name(self, doc: Doc, atom: Atom, named: list[str], published, titled: bool):
        names = self.d.person_aliases.get(atom.key, [])
        if not names:
            return None
        single = atom.end - atom.start == 1 and atom.key not in self.d.terms
        earlier = [n for n in names if n in named]
        if earlier:
            return earlier[-1]
        token = doc[atom.start]
        if single and not titled and (token.pos_ != "PROPN" or self._place_like(token)):
            return None
        if len(names) == 1:
            return names[0]
        in_office = [n for n in names if self.d.term_for(n, published) is not None]
        return (in_office or names)[0]

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
            name = self._person_name(doc, atom, named, published, titled)
            if name is None:
                continue
            if atom.end - atom.start > 1 or atom.key == name:
                named.append(name)
            term = self.d.term_for(name, published)
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

    def _unknown_people(self, doc: Doc, atoms: list[Atom], people: list[Mention]) -> list[Mention]:
        """People the dictionary lacks, from the named entities: their state and
        sector come from a title before the name ("Nepalese Foreign Minister
        X") or an apposition after it ("X, a Pakistani analyst"); a later
        surname alone is the same person. Without either, code and sector are
        None."""
        covered = {t for m in people for t in range(m.start, m.end)}
        covered |= {t for a in atoms if a.kind != "ROLE" for t in range(a.start, a.end)}
        known: dict[str, Actor] = {}  # surname -> actor
        first_named: dict[str, int] = {}
        out = []
        for ent in doc.ents:
            if ent.label_ != "PERSON" or covered.intersection(range(ent.start, ent.end)):
                continue
            if not ent[0].is_title or any(t.pos_ != "PROPN" for t in ent):
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
            info = [*prefix, *self._apposition(doc, atoms, ent)]
            codes = [
                e.code for a in info if a.kind in STATE_KINDS and (e := self._entity(a)) is not None
            ]
            roles = [a for a in info if a.kind in ("ROLE", "TITLE")]
            start = prefix[0].start if prefix else ent.start
            for a in info:
                a.used = True
            text_role = " ".join(doc[a.start : a.end].text for a in roles if a in prefix) or None
            actor = Actor(
                code=codes[0] if codes else None, sector=self._role_sector(roles),
                name=ent.text, role=text_role, text=doc[start : ent.end].text,
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

    def _apposition(self, doc: Doc, atoms: list[Atom], ent: Span) -> list[Atom]:
        """Role and state atoms in an apposition to ``ent`` ("X, a South Asia
        expert", "X, Pakistan's information minister"); capitals there are
        places ("based in Washington") and do not count."""
        root = ent.root
        found: list[Atom] = []
        for child in root.rights:
            if child.dep_ != "appos":
                continue
            lo, hi = child.left_edge.i, child.right_edge.i
            for a in atoms:
                if (
                    lo <= a.start
                    and a.end <= hi + 1
                    and not a.used
                    and a.kind in ("ROLE", "STATE", "ADJ")
                ):
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
            if a.used or a.kind not in ("TITLE", "ROLE", "STATE", "ADJ", "SEAT", "ORG"):
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
