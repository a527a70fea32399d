"""Misspelt state names in real copy ("Ethopia", "Afganistan",
"Phillippines"), for ``actor_rules.MentionFinder``.

A capitalised proper noun of at least ``MIN_LETTERS`` letters that no
dictionary entry matches resolves to a state when it is one edit (a letter
inserted, deleted or substituted, or two adjacent letters swapped) away from
that state's name or short form, and from no other state's. Never a
misspelling: a word that names a place in the gazetteer ("Columbia",
"Granada"), a word of a longer name (a capitalised proper noun beside it that
no dictionary entry matches: "Georgie Smith"), a person's name the tagger
found in a name of several words, a state's plural ("Americas"), a word
listed in ``rules.yaml`` (``not_state_spellings``: "Siberia"), and any word
shorter than ``MIN_LETTERS`` (too many short words lie one edit from a short
name: "Israel"/"Isreal" but also "Jordan"/"Jordans", "Guinea"/"Guineas").
Only names and short forms of ``MIN_LETTERS`` letters or more are compared.

The same test finds misspelt names of the dictionary's people in names the
tagger marks as a person's ("President Abdelaziz Bouteflicka", "Francois
Mitterand"); see ``StateSpellings.person_atoms``.

Why a small function and not a library: the edit-distance libraries
(rapidfuzz, jellyfish, python-Levenshtein) are not dependencies of the
project, and a yes/no test of one edit between two short words is a few
lines with no tuning to get wrong.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from flashpoint.nlp.actor_dictionary import ActorDictionary
from flashpoint.nlp.actor_types import Atom
from flashpoint.nlp.gazetteer import get_gazetteer

MIN_LETTERS = 7
#: words whose state_form answer is kept (then the memo starts again)
SEEN_WORDS = 100_000


def one_edit(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` (compared case-insensitively) differ by
    exactly one insertion, deletion, substitution or swap of two adjacent
    letters (optimal string alignment distance 1)."""
    a, b = a.lower(), b.lower()
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diffs = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
        if len(diffs) == 1:
            return True
        i = diffs[0]
        return diffs == [i, i + 1] and a[i] == b[i + 1] and a[i + 1] == b[i]
    if len(a) > len(b):
        a, b = b, a
    i = next((k for k, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), len(a))
    return a[i:] == b[i + 1 :]


class StateSpellings:
    """The state names and short forms a misspelling is compared with."""

    def __init__(self, d: ActorDictionary) -> None:
        self.d = d
        self.forms = {
            text: ent.code
            for text, ent in d.states.items()
            if text.isalpha() and len(text) >= MIN_LETTERS and ent.code
        }
        self.exceptions = {w.lower() for w in d.not_state_spellings}
        #: state_form's answers by word (the forms never change)
        self._seen: dict[str, str | None] = {}
        self._sizes = {f: len(f.lower()) for f in self.forms}
        self.surnames = [
            a for a in d.person_aliases if a.isalpha() and a.istitle() and len(a) >= MIN_LETTERS
        ]

    def state_form(self, word: str) -> str | None:
        """The one state form ``word`` misspells (its key in ``d.states``),
        or None."""
        if word in self._seen:
            return self._seen[word]
        if len(self._seen) >= SEEN_WORDS:
            self._seen.clear()
        # one_edit is False for a form two letters longer or shorter in lower case
        size = len(word.lower())
        found = [f for f, n in self._sizes.items()
                 if abs(n - size) <= 1 and one_edit(word, f) and word.lower() != f.lower() + "s"]
        codes = {self.forms[f] for f in found}
        self._seen[word] = found[0] if len(codes) == 1 else None
        return self._seen[word]

    def atoms(self, doc: Doc, covered: set[int]) -> list[Atom]:
        """STATE atoms for the misspelt state names of ``doc`` outside the
        ``covered`` tokens (those of dictionary matches)."""
        out = []
        for tok in doc:
            if tok.i in covered or not self._candidate(doc, tok, covered):
                continue
            form = self.state_form(tok.text)
            if form is not None and not get_gazetteer().lookup(tok.text):
                out.append(Atom(tok.i, tok.i + 1, "STATE", form))
        return out

    def person_atoms(self, doc: Doc, covered: set[int]) -> list[Atom]:
        """PERSON atoms for misspelt names of the dictionary's people
        ("President Abdelaziz Bouteflicka", "Francois Mitterand"): a name the
        tagger marks as a person's whose surname, a capitalised word of
        ``MIN_LETTERS`` letters or more, is one edit from exactly one person's
        single-word alias (and from no state's name); a name of several words
        must be one edit from that person's full name or another alias of
        several words (a given name that differs is someone else)."""
        out = []
        for ent in doc.ents:
            if ent.label_ != "PERSON" or covered.intersection(range(ent.start, ent.end)):
                continue
            last = ent[-1]
            if not (last.is_alpha and last.is_title and len(last) >= MIN_LETTERS):
                continue
            if last.text in self.d.person_aliases or last.text in self.d.common_word_names:
                continue
            if self.state_form(last.text):
                continue
            found = [a for a in self.surnames if one_edit(last.text, a)]
            names = {n for a in found for n in self.d.person_aliases[a]}
            if len(names) != 1:
                continue
            if len(ent) == 1:
                out.append(Atom(ent.start, ent.end, "PERSON", found[0]))
                continue
            name = next(iter(names))
            full = [a for a, ns in self.d.person_aliases.items() if name in ns and " " in a]
            key = next((a for a in full if one_edit(ent.text, a)), None)
            if key is not None:
                out.append(Atom(ent.start, ent.end, "PERSON", key))
        return out

    def _candidate(self, doc: Doc, tok: Token, covered: set[int]) -> bool:
        if not (tok.is_alpha and tok.is_title and len(tok) >= MIN_LETTERS):
            return False
        if tok.pos_ != "PROPN" or tok.lower_ in self.exceptions:
            return False
        if tok.text in self.d.common_word_names or tok.text in self.d.person_aliases:
            return False
        nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
        if tok.ent_type_ == "PERSON" and (
            tok.ent_iob_ == "I" or (nxt is not None and nxt.ent_iob_ == "I")
        ):
            return False  # inside a person's name of several words
        for j in (tok.i - 1, tok.i + 1):
            if 0 <= j < len(doc) and j not in covered:
                other = doc[j]
                if other.pos_ == "PROPN" and other.is_title:
                    return False  # a word of a longer name
        return True
