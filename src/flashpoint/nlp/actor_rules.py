"""The rules that turn dictionary matches into actor mentions (used by the
``flashpoint_actors`` component in ``actors.py``).

Steps, in order: match the dictionary outside datelines (``actor_home.py``;
case-insensitive for phrases of several words and role words,
case-sensitive for single words so that the pronoun "us" is never "US"); keep the longest non-overlapping matches; build people's
mentions (with the titles, roles and states just before the name); build role
noun phrases with their states ("Indian and Pakistani officials"); keep the
remaining names that stand alone (capitals and city seats only in an actor's
position); join coordinated mentions ("India and Pakistan") into groups; give
group phrases ("both sides") the dyad in focus.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import date

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token

from flashpoint.models import Actor
from flashpoint.nlp.actor_dictionary import ActorDictionary, Entity
from flashpoint.nlp.actor_home import dateline_regions
from flashpoint.nlp.actor_names import institutions, person_owned_roles
from flashpoint.nlp.actor_people import PeopleRules
from flashpoint.nlp.actor_types import COORD, GLUE, KIND_ORDER, STATE_KINDS, Atom, Mention
from flashpoint.nlp.spelling import StateSpellings

# Dependency labels of a capital (or city seat) used as an actor.
ACTOR_DEPS = {"nsubj", "nsubjpass", "poss", "dobj", "agent", "appos"}
ACTOR_PREPS = {"by", "with", "between", "against", "and"}
MODIFIER_DEPS = {"amod", "compound", "nmod", "poss"}
HYPHENS = {"-", "–", "‑"}
# Verbs whose object, a nationality adjective standing alone, is a language.
LANGUAGE_VERBS = {"speak", "learn", "teach", "study", "understand", "know", "write", "read"}
# Atoms that give a role phrase its owner ("Indian drones", "the Sindh
# government", "the Palestinians' leaders").
OWNER_KINDS = (*STATE_KINDS, "SEAT", "ORG", "ARMED", "NATIONALS", "PROVINCE")


# Roles whose holders a group acts on rather than counts among its own: "the
# hostages of X" or "the families of X" are not X's people, its "fighters"
# or "commander" are.
NOT_MEMBERS = frozenset({"CVL", "MED", "BUS", "JUD"})



# Kinds of proper names: a name of several words is written with a capital
# ("the Group of Seven"); the same words all in lower case are a common
# phrase ("a group of seven gunmen").
NAME_KINDS = ("PERSON", "SEAT", "ORG", "ARMED")


def _name_in_lower_case(words: Span, kind: str, key: str) -> bool:
    """A dictionary name of several words, written with capitals, met with
    none: the words are no name ("a group of seven gunmen" is not the G7)."""
    return (kind in NAME_KINDS and len(words) > 1 and any(c.isupper() for c in key)
            and not any(c.isupper() for c in words.text))


class MentionFinder(PeopleRules):
    def __init__(self, nlp: Language, dictionary: ActorDictionary) -> None:
        self.d = dictionary
        self.lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.orth = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.keys: dict[str, dict[str, str]] = {k: {} for k in KIND_ORDER}
        tables: dict[str, list[str]] = {
            "PERSON": list(dictionary.person_aliases),
            "SEAT": list(dictionary.seats),
            "ORG": list(dictionary.organisations),
            "ARMED": list(dictionary.armed_groups),
            "STATE": list(dictionary.states),
            "CAPITAL": list(dictionary.capitals),
            "ADJ": list(dictionary.adjectives),
            "NATIONALS": list(dictionary.nationals),
            "PROVINCE": list(dictionary.provinces),
            "TITLE": list(dictionary.titles),
        }
        for kind, phrases in tables.items():
            self._add(nlp, kind, phrases, case_sensitive_single=True)
        self._add(nlp, "ROLE", list(dictionary.roles), case_sensitive_single=False)
        self._add(nlp, "GROUP", list(dictionary.groups), case_sensitive_single=False)
        self._add(nlp, "BLOCK", list(dictionary.not_actors), case_sensitive_single=False)
        self.spellings = StateSpellings(dictionary)

    def _add(self, nlp: Language, kind: str, phrases: list[str], *, case_sensitive_single: bool):
        lower_docs, orth_docs = [], []
        for phrase in phrases:
            self.keys[kind].setdefault(phrase.lower(), phrase)
            tokens = nlp.make_doc(phrase)
            if case_sensitive_single and len(tokens) == 1:
                orth_docs.append(tokens)
                if phrase.upper() != phrase:
                    orth_docs.append(nlp.make_doc(phrase.upper()))
            else:
                lower_docs.append(tokens)
        if lower_docs:
            self.lower.add(kind, lower_docs)
        if orth_docs:
            self.orth.add(kind, orth_docs)

    # -- matching -------------------------------------------------------------

    def _atoms(self, doc: Doc) -> tuple[list[Atom], set[int]]:
        """The dictionary matches, and the tokens of ``not_actors`` phrases."""
        found: dict[tuple[int, int], set[str]] = {}
        for matcher in (self.lower, self.orth):
            for match_id, start, end in matcher(doc):
                kind = doc.vocab.strings[match_id]
                found.setdefault((start, end), set()).add(kind)
        candidates = []
        for (start, end), kinds in found.items():
            for kind in sorted(kinds, key=KIND_ORDER.index):
                key = self.keys[kind].get(doc[start:end].text.lower())
                if key is not None and not _name_in_lower_case(doc[start:end], kind, key):
                    candidates.append(Atom(start, end, kind, key))
                    break
        candidates.sort(key=lambda a: (-(a.end - a.start), a.start, KIND_ORDER.index(a.kind)))
        taken: set[int] = set()
        atoms = []
        for atom in candidates:
            if taken.isdisjoint(range(atom.start, atom.end)):
                taken.update(range(atom.start, atom.end))
                atoms.append(atom)
        blocked = {t for a in atoms if a.kind == "BLOCK" for t in range(a.start, a.end)}
        atoms += self.spellings.atoms(doc, taken)  # "Ethopia", "Afganistan"
        atoms += self.spellings.person_atoms(doc, taken)  # "Bouteflicka"
        atoms = [a for a in atoms if a.kind != "BLOCK" and not self._hyphen_modifier(doc, a, taken)]
        atoms = [a for a in atoms if not self._namesake_of_another_state(a, atoms)]
        # A dateline ("ISLAMABAD/NEW DELHI, May 8 -") names where the report
        # was filed: no actor there.
        datelines = dateline_regions(doc)
        atoms = [a for a in atoms if not any(lo <= a.start < hi for lo, hi in datelines)]
        return sorted(atoms, key=lambda a: a.start), blocked

    def _hyphen_modifier(self, doc: Doc, atom: Atom, taken: set[int]) -> bool:
        """ "Pakistan-based", "India-administered", "Russian-language" (a
        hyphen suffix), "pro-Iranian", "anti-India" (a hyphen prefix: the
        group or the protest is for or against that state, not of it), "the
        Russian language", "Tamil culture" (a noun the adjective only
        describes): not an actor."""
        if (
            atom.start >= 2
            and doc[atom.start - 1].text in HYPHENS
            and doc[atom.start - 2].lower_ in self.d.not_actor_prefixes
            and (atom.kind != "ROLE" or atom.end - atom.start == 1)
        ):
            return True  # "anti-government rebels", "anti-Taliban forces" too
        if atom.kind not in STATE_KINDS + ("CAPITAL", "NATIONALS"):
            return False
        if atom.end + 1 < len(doc) and doc[atom.end].text in HYPHENS:
            return doc[atom.end + 1].lower_ in self.d.not_actor_suffixes
        if atom.kind == "ADJ" and atom.end < len(doc):
            nxt = doc[atom.end]
            if nxt.i in taken or nxt.dep_ == "compound":
                return False  # "Thai border police", "an Indian border post"
            return nxt.lower_ in self.d.not_actor_heads or (
                nxt.lemma_.lower() in self.d.not_actor_heads and nxt.pos_ == "NOUN"
            )
        return False

    # -- main -------------------------------------------------------------------

    def find(self, doc: Doc, *, published: date | None) -> list[Mention]:
        atoms, blocked = self._atoms(doc)
        named: list[str] = []  # people named in full so far
        mentions: list[Mention] = []
        mentions += self._people(doc, atoms, published, named)
        mentions += self._unknown_people(doc, atoms, mentions)
        taken = {t for m in mentions for t in range(m.start, m.end)}
        mentions += institutions(doc, atoms, taken, self.d, self._entity)
        mentions += self._role_phrases(doc, atoms)
        mentions += self._standalone(doc, atoms)
        mentions.sort(key=lambda m: m.start)
        mentions = person_owned_roles(doc, mentions, set(self.d.countries))
        mentions = self._coordinate(doc, mentions)
        mentions += self._group_phrases(doc, atoms, mentions)
        mentions.sort(key=lambda m: (m.start, m.end))
        mentions = self._roles_of_groups(doc, mentions)
        return [m for m in mentions if not self._not_an_actor(doc, m, blocked)]

    def _not_an_actor(self, doc: Doc, m: Mention, blocked: set[int]) -> bool:
        """A name the tagger took for a person's inside a phrase that names
        no actor ("the Prophet Mohammed" in ``not_actors``), or a name right
        before a noun it only describes ("Tamil culture")."""
        if m.kind != "PERSON" or m.group or (m.actors and m.actors[0].code):
            return False
        if blocked.intersection(range(m.start, m.end)):
            return True
        nxt = doc[m.end] if m.end < len(doc) else None
        return nxt is not None and nxt.lower_ in self.d.not_actor_heads

    def _namesake_of_another_state(self, atom: Atom, atoms: list[Atom]) -> bool:
        """An institution's name right after the name of another state, the
        two one name ("the Malawi Congress Party" is no party of India's
        "Congress Party"): that state's own namesake body, which the
        dictionary does not hold; the organisation rules code it."""
        if atom.kind not in ("SEAT", "ORG"):
            return False
        ent = self._entity(atom)
        if ent is None or ent.code not in self.d.countries:
            return False  # a body of no one state ("the Sudan UN mission") is itself
        for other in atoms:
            if other.end == atom.start and other.kind == "STATE":
                state = self._entity(other)
                return state is not None and bool(state.code) and state.code != ent.code
        return False

    # -- entities ---------------------------------------------------------------

    def _entity(self, atom: Atom) -> Entity | None:
        table = {
            "SEAT": self.d.seats, "ORG": self.d.organisations, "ARMED": self.d.armed_groups,
            "STATE": self.d.states, "CAPITAL": self.d.capitals, "ADJ": self.d.adjectives,
            "NATIONALS": self.d.nationals, "PROVINCE": self.d.provinces,
        }.get(atom.kind)  # fmt: skip
        return table.get(atom.key) if table is not None else None

    @staticmethod
    def _governed(atom: Atom, ent: Entity | None, published: date | None) -> str | None:
        """The code an entity stands for: the state an armed group governs
        at the article's date (``governs``, ``governs_from``), else its own."""
        if ent is None:
            return None
        if (
            atom.kind == "ARMED"
            and ent.governs
            and (published is None or ent.governs_from is None or published >= ent.governs_from)
        ):
            return ent.governs
        return ent.code

    def _entity_actor(self, atom: Atom, text: str, published: date | None) -> Actor | None:
        ent = self._entity(atom)
        if ent is None:
            return None
        if self._governed(atom, ent, published) != ent.code:
            return Actor(code=ent.governs, sector="GOV", name=ent.name, text=text)
        name = ent.name if atom.kind in ("SEAT", "ORG", "ARMED") else None
        return Actor(code=ent.code, sector=ent.sector, name=name, text=text)

    # -- role phrases -------------------------------------------------------------

    def _role_phrases(self, doc: Doc, atoms: list[Atom]) -> list[Mention]:
        out = []
        by_token = {t: a for a in atoms for t in range(a.start, a.end)}
        for i, atom in enumerate(atoms):
            if atom.kind != "ROLE" or atom.used:
                continue
            root = doc[atom.start : atom.end].root
            head_atom = by_token.get(root.head.i)
            if root.dep_ in MODIFIER_DEPS and root.head.i >= atom.end:
                if head_atom is None or head_atom.kind != "ROLE":
                    continue  # "military sites": a role word modifying a thing
                continue  # "military officials": joins the head role's phrase
            left = min(root.left_edge.i, atom.start)
            mods = [a for a in atoms if left <= a.start and a.end <= atom.start and not a.used]
            mods += self._adjacent_left(doc, atoms, i, mods)
            right_states, right_end = self._of_states(
                doc, root, by_token, members=self.d.roles.get(atom.key.lower()) not in NOT_MEMBERS)
            mods += right_states
            states = [a for a in mods if a.kind in OWNER_KINDS]
            role_mods = [a for a in mods if a.kind == "ROLE"]
            sector = self.d.roles.get(atom.key.lower())
            if (sector is None or atom.key.lower() in self.d.generic_heads) and (
                role_mods or states
            ):
                sector = self._mod_sector(role_mods, states) or sector
            owners = [self._entity(a) for a in states]
            if owners and all(e is not None and e.sector == "IGO" for e in owners):
                sector = "IGO"  # "UN peacekeepers", "NATO troops": agents of an IGO
            codes: list[tuple[str | None, str | None]] = []
            for a in states:
                ent = self._entity(a)
                # "Taliban forces", "the Taliban government's spokesman": a group
                # that governs a state stands for that state, as its name alone does
                code = self._governed(a, ent, doc._.fp_published)
                if ent is not None and (code, ent.name) not in codes:
                    codes.append(
                        (code, ent.name if a.kind in ("ORG", "ARMED", "SEAT") else None)
                    )
            start = min([atom.start] + [a.start for a in mods])
            end = max(atom.end, right_end)
            if doc[start - 1 : start].text.lower() in ("the",) and start > 0:
                start -= 1
            text = doc[start:end].text
            for a in [*mods, atom]:
                a.used = True
            if len(codes) > 1:
                members = [Actor(code=c, sector=sector, name=n, text=text) for c, n in codes]
                out.append(Mention(start, end, "GROUP", members, group=True))
            else:
                code, name = codes[0] if codes else (None, None)
                out.append(
                    Mention(
                        start, end, "ROLE", [Actor(code=code, sector=sector, name=name, text=text)]
                    )
                )
        return out

    def _adjacent_left(self, doc: Doc, atoms: list[Atom], i: int, mods: list[Atom]) -> list[Atom]:
        """Parse-free fallback: state atoms right before the role ("Indian drones"
        misparsed), joined by nothing, "'s", "and" or a comma."""
        extra: list[Atom] = []
        pos = atoms[i].start
        j = i - 1
        while j >= 0:
            a = atoms[j]
            gap = [t.text.lower() for t in doc[a.end : pos]]
            if a.used or a in mods or a.kind not in OWNER_KINDS + ("ROLE",):
                break
            if len(gap) > 1 or any(g not in GLUE | COORD | {","} for g in gap):
                break
            if a.kind == "CAPITAL" and not gap:
                pass
            extra.insert(0, a)
            pos = a.start
            j -= 1
        return extra

    def _of_states(self, doc: Doc, root: Token, by_token: dict[int, Atom], *, members: bool):
        """ "officials from India", "the foreign ministers of both India and
        Pakistan"; with ``members`` (a role a group's own people hold), an
        armed group too: "fighters of the group X", "a commander of X"."""
        kinds = ("STATE", "ORG", "SEAT", "PROVINCE", "ARMED") if members else (
            "STATE", "ORG", "SEAT", "PROVINCE")
        found: list[Atom] = []
        end = 0
        for prep in root.rights:
            if prep.dep_ != "prep" or prep.lower_ not in ("of", "from"):
                continue
            for pobj in prep.children:
                if pobj.dep_ != "pobj":
                    continue
                for tok in [pobj, *pobj.conjuncts]:
                    a = by_token.get(tok.i)
                    if (
                        a is not None
                        and not a.used
                        and a.kind in kinds
                        and not (a.kind == "SEAT" and self.d.seats[a.key].place)
                        and a not in found
                    ):
                        found.append(a)
                        end = max(end, a.end)
        return found, end

    def _mod_sector(self, role_mods: list[Atom], states: list[Atom]) -> str | None:
        for a in role_mods:
            sector = self.d.roles.get(a.key.lower())
            if sector:
                return sector
        for a in states:
            ent = self._entity(a)
            if ent is not None and ent.sector and a.kind != "CAPITAL":
                return ent.sector
        return None

    # -- names standing alone -----------------------------------------------------

    def _standalone(self, doc: Doc, atoms: list[Atom]) -> list[Mention]:
        out = []
        published = doc._.fp_published
        for atom in atoms:
            if atom.used or atom.kind in ("ROLE", "TITLE", "GROUP", "PERSON", "PROVINCE"):
                continue
            ent = self._entity(atom)
            if ent is None:
                continue
            if ent.place and not self._actor_position(doc, atom):
                continue
            if atom.kind == "ADJ" and doc[atom.start].pos_ not in ("ADJ", "PROPN", "NOUN"):
                continue
            if atom.kind == "ADJ" and self._language(doc[atom.end - 1]):
                continue
            text = doc[atom.start : atom.end].text
            actor = self._entity_actor(atom, text, published)
            if actor is None:
                continue
            atom.used = True
            out.append(Mention(atom.start, atom.end, atom.kind, [actor]))
        return out

    @staticmethod
    def _language(tok: Token) -> bool:
        """ "said in Russian", "translated into Arabic", "spoke Welsh": an
        adjective standing alone as the object of these names a language."""
        head = tok.head
        if tok.dep_ == "pobj":
            return head.lower_ in ("in", "into", "from") and head.head.pos_ in ("VERB", "AUX")
        return tok.dep_ == "dobj" and head.lemma_.lower() in LANGUAGE_VERBS

    def _actor_position(self, doc: Doc, atom: Atom) -> bool:
        span = doc[atom.start : atom.end]
        if self._dateline(doc, atom):
            return False
        root = span.root
        tok = root
        while tok.dep_ == "conj" and tok.head.i != tok.i:
            tok = tok.head
        if tok.dep_ in ACTOR_DEPS:
            return not (tok.dep_ == "dobj" and tok.head.lemma_ in ("visit", "reach", "leave"))
        if tok.dep_ == "pobj":
            return tok.head.lower_ in ACTOR_PREPS
        return tok.dep_ == "ROOT" and len(list(tok.sent)) <= 3

    @staticmethod
    def _dateline(doc: Doc, atom: Atom) -> bool:
        """ "WASHINGTON, May 7 (Wire) -", "Islamabad:" at the start of the text
        or of a paragraph."""
        at_start = atom.start == 0 or "\n" in doc[atom.start - 1].text_with_ws
        if not at_start or atom.end >= len(doc):
            return False
        nxt = doc[atom.end].text
        return nxt in (":", ",", "-", "—", "–", "(") or doc[atom.start].text.isupper()

    # -- groups -------------------------------------------------------------------

    def _coordinate(self, doc: Doc, mentions: list[Mention]) -> list[Mention]:
        """ "India and Pakistan", "India-Pakistan", "the US, UK and France",
        "Saudi Arabia, China, Turkey and the UAE" -> one group: a chain of
        mentions joined by commas up to one joined by "and" (a chain of
        commas alone is no group: "Pakistan, India's neighbour")."""
        out: list[Mention] = []
        i = 0
        while i < len(mentions):
            j, last = i, None
            while j + 1 < len(mentions):
                gap = self._gap(doc, mentions[j], mentions[j + 1])
                if gap is None or (gap == "dash" and j > i):
                    break
                j += 1
                if gap in ("coord", "dash"):
                    last = j
                if gap == "dash":
                    break
            if last is None:
                out.append(mentions[i])
                i += 1
                continue
            chain = mentions[i : last + 1]
            start = chain[0].start
            if start > 0 and doc[start - 1].lower_ == "both":
                start -= 1
            members = [a for m in chain for a in m.actors]
            out.append(Mention(start, chain[-1].end, "GROUP", members, group=True))
            i = last + 1
        return out

    @staticmethod
    def _gap(doc: Doc, a: Mention, b: Mention) -> str | None:
        """How two mentions are joined: "coord" ("and", ", and"), "comma",
        "dash" (two states: "India-Pakistan"), or None."""
        for m in (a, b):
            if m.group or (m.kind == "ROLE" and m.actors and m.actors[0].code is None):
                return None
        gap = [t.text.lower() for t in doc[a.end : b.start] if t.lower_ != "the"]
        if gap in (["-"], ["–"]):
            return "dash" if a.kind == "STATE" and b.kind == "STATE" else None
        if gap in ([","],):
            return "comma"
        if len(gap) in (1, 2) and gap[-1] in COORD and gap[:-1] in ([], [","]):
            return "coord"
        return None

    def _group_phrases(self, doc: Doc, atoms: list[Atom], mentions: list[Mention]) -> list[Mention]:
        out = []
        countries = set(self.d.countries)
        for atom in atoms:
            if atom.kind != "GROUP" or atom.used:
                continue
            dyad = self._dyad(mentions, countries, before=atom.start) or self._dyad(
                mentions, countries
            )
            sector = self.d.groups.get(atom.key.lower())
            text = doc[atom.start : atom.end].text
            members = [Actor(code=c, sector=sector, text=text) for c in dyad] if dyad else []
            atom.used = True
            out.append(Mention(atom.start, atom.end, "GROUP", members, group=True))
        return out

    @staticmethod
    def _roles_of_groups(doc: Doc, mentions: list[Mention]) -> list[Mention]:
        """ "the directors general of military operations of the two
        countries", "the leaders of India and Pakistan": a role of unknown
        state owned, through "of", by a group is a group of that role."""
        groups = {m.start: m for m in mentions if m.group and m.actors}
        drop: set[int] = set()
        out: list[Mention] = []
        for m in mentions:
            if m.kind == "ROLE" and m.actors and m.actors[0].code is None:
                root = doc[m.start : m.end].root
                owner = None
                for prep in root.rights:
                    if prep.dep_ == "prep" and prep.lower_ == "of":
                        pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
                        if pobj is not None:
                            owner = next(
                                (g for g in groups.values() if g.start <= pobj.i < g.end), None
                            )
                if owner is not None and owner.start >= m.end:
                    text = doc[m.start : owner.end].text
                    sector = m.actors[0].sector
                    members = [replace(a, sector=sector, text=text) for a in owner.actors]
                    out.append(Mention(m.start, owner.end, "GROUP", members, group=True))
                    drop.add(id(owner))
                    continue
            out.append(m)
        return [m for m in out if id(m) not in drop]

    @staticmethod
    def _dyad(mentions: list[Mention], countries: set[str], *, before: int | None = None):
        items = [(m.kind, m.actors) for m in mentions if before is None or m.start < before]
        return rank_dyad(items, countries)


# How much a mention counts towards the dyad in focus: a pair of states named
# together ("India and Pakistan", "Indian and Pakistani officials") counts
# most; a person counts little (mediators are often people).
DYAD_WEIGHTS = {"PAIR": 3.0, "PERSON": 0.5}


def rank_dyad(items: list[tuple[str, list[Actor]]], countries: set[str]) -> list[str] | None:
    """The two state codes in focus from (kind, actors) mentions in text
    order; None when fewer than two states are mentioned."""
    score: Counter[str] = Counter()
    first: dict[str, int] = {}
    for n, (kind, actors) in enumerate(items):
        codes = [a.code for a in actors if a.code in countries]
        pair = kind == "GROUP" and len(set(codes)) == 2
        weight = DYAD_WEIGHTS["PAIR"] if pair else DYAD_WEIGHTS.get(kind, 1.0)
        for code in codes:
            score[code] += weight
            first.setdefault(code, n)
    if len(score) < 2:
        return None
    return sorted(score, key=lambda c: (-score[c], first[c]))[:2]
