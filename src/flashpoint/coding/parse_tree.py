"""Small look-ups over the dependency parse shared by the role finders: the
pronoun and dependency word lists, a token's children by relation, a noun
phrase's own tokens, "each other", the verb that carries a nominal event."""

from __future__ import annotations

from spacy.tokens import Token

from flashpoint.coding.patterns import Grammar
from flashpoint.nlp.deps import ACTIVE_SUBJECTS, CLAUSES, OBJECTS

PRONOUNS = {"he", "she", "it", "they", "him", "her", "them", "its", "their", "his", "we", "our",
            "us", "i", "my", "me", "which", "who", "that", "whom", "whose", "itself",
            "themselves", "himself", "herself"}  # fmt: skip
REFLEXIVE = {"itself", "themselves", "himself", "herself", "ourselves"}
FIRST_PERSON = {"we", "our", "us", "i", "my", "me"}
RELATIVE = {"which", "who", "that", "whom", "whose"}
DYAD_NOUNS = {"side", "country", "nation", "army", "government", "party", "neighbour", "neighbor"}
# the shared groups of dependency labels (nlp.deps), by the names the role
# rules have long used
CLAUSE_DEPS = CLAUSES
SUBJ_DEPS = ACTIVE_SUBJECTS
OBJ_DEPS = OBJECTS


def is_passive(verb: Token) -> bool:
    """A past participle with a passive auxiliary or subject ("was arrested")."""
    return verb.tag_ == "VBN" and any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)


def children_of(tok: Token, deps: set[str] | tuple[str, ...]) -> list[Token]:
    return [c for c in tok.children if c.dep_ in deps]


def phrase_tokens(head: Token):
    """Tokens of a noun phrase without its clauses (relative clauses,
    participles) and without other event phrases hanging from it."""
    stack = [head]
    while stack:
        tok = stack.pop()
        yield tok
        for child in tok.children:
            if child.dep_ in CLAUSE_DEPS or child.dep_ == "punct":
                continue
            stack.append(child)


def reciprocal_word(tok: Token) -> bool:
    text = f"{tok.nbor(-1).lower_} {tok.lower_}" if tok.i > 0 else tok.lower_
    if text == "the other" and any(each_side(t, None) or floating_each(t) for t in tok.sent if t.i < tok.i):
        return True  # "each side accused the other", "X and Y each accused the other"
    return tok.lower_ in ("other", "another") and text in ("each other", "one another")


def floating_each(tok: Token) -> bool:
    """'Israel and Hamas each accused the other': 'each' set beside a
    subject of two or more (the parser hangs it as an apposition or an
    adverb), so that 'the other' after it is the other of the two."""
    if tok.lower_ != "each" or tok.dep_ not in ("appos", "advmod", "npadvmod", "dep"):
        return False
    subject = tok.head if tok.dep_ == "appos" else next(
        (c for c in tok.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return subject is not None and any(c.dep_ == "conj" for c in subject.children)


def each_side(tok: Token, grammar: Grammar | None) -> bool:
    """"each side", "either country": one of the two states in focus, each in turn."""
    return (tok.lemma_.lower() in DYAD_NOUNS
            and any(c.dep_ == "det" and c.lower_ in ("each", "either") for c in tok.children))


def is_reciprocal(tok: Token) -> bool:
    """"each other" / "one another" (also as a possessor: "each other's")."""
    if reciprocal_word(tok):
        return True
    return any(reciprocal_word(c) for c in tok.children if c.dep_ == "poss")


def light_verb_of(noun: Token, grammar: Grammar) -> Token | None:
    """The verb that carries a nominal event: "launched strikes",
    "held talks", "remained in contact with", "carrying out strikes",
    "began a series of strikes" (``event_collectives``)."""
    head = noun.head
    if noun.dep_ in ("dobj", "attr", "nsubjpass") and head.pos_ in ("VERB", "AUX"):
        # Not any passive: "the attacks were foiled by India" are not India's.
        if head.lemma_.lower() in grammar.light_verbs:
            return head
    if noun.dep_ == "pobj" and head.dep_ == "prep" and head.lower_ in ("in", "into"):
        verb = head.head
        if verb.pos_ in ("VERB", "AUX") and verb.lemma_.lower() in grammar.in_verbs:
            return verb
    if noun.dep_ == "pobj" and head.dep_ == "prep" and head.lower_ == "for":
        verb = head.head
        if verb.pos_ == "VERB" and verb.lemma_.lower() in grammar.for_verbs:
            return verb  # "arrived in Delhi for talks"
        owning = owning_verb(head.head, grammar)
        if owning is not None:
            return owning  # "claimed responsibility for the attack"
    if noun.dep_ == "conj" and noun.head.pos_ == "NOUN":
        return light_verb_of(noun.head, grammar)
    if (noun.dep_ == "pobj" and head.lower_ == "of" and head.head.pos_ == "NOUN"
            and head.head.lemma_.lower() in grammar.event_collectives):
        return light_verb_of(head.head, grammar)  # "began a series of strikes"
    return None


def owning_verb(noun: Token, grammar: Grammar) -> Token | None:
    """The verb by which its subject owns or disowns an act, given the noun
    "responsibility" or "credit" it governs ("claimed responsibility for",
    "denied responsibility for") or the verb itself when the parser hangs
    the "for" phrase on it; else None."""
    if (noun.lemma_.lower() in grammar.responsibility_nouns and noun.dep_ in ("dobj", "nsubjpass")
            and noun.head.pos_ == "VERB" and noun.head.lemma_.lower() in grammar.responsibility_verbs):
        return noun.head
    if noun.pos_ == "VERB" and noun.lemma_.lower() in grammar.responsibility_verbs and any(
            c.dep_ == "dobj" and c.lemma_.lower() in grammar.responsibility_nouns
            for c in noun.children):  # "took credit | for the raid": "for" on the verb
        return noun
    return None


REPORT_DEPS = ("ccomp", "xcomp", "conj", "advcl", "parataxis")


def reporting_verb(trigger: Token, grammar: Grammar) -> Token | None:
    """The verb of saying or claiming ("said", "warned") whose clause holds
    ``trigger``, at most four clauses up; None when the trigger is told by
    no one ("Israel struck Gaza") or is itself the verb of saying."""
    reporting = grammar.speech_verbs | grammar.claim_verbs
    tok = trigger
    for _ in range(4):
        if tok.dep_ not in REPORT_DEPS or tok.head.i == tok.i:
            break
        tok = tok.head
        if tok.lemma_.lower() in reporting:
            break
    else:
        return None
    if tok is trigger or tok.lemma_.lower() not in reporting:
        return None
    return tok


def is_nominal(tok: Token) -> bool:
    """A noun, or a gerund used as one ("Pakistani shelling of villages")."""
    if tok.pos_ in ("NOUN", "PROPN"):
        return True
    return (tok.tag_ == "VBG" and tok.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj")
            and not any(c.dep_ in ("nsubj", "dobj", "aux") for c in tok.children))


def passive_participle(verb: Token) -> bool:
    """A past participle with no auxiliary of its own: a reduced passive
    ("a leader arrested in the capital", "officers accused of torture",
    headline "Journalist Detained In Capital"), whose noun is acted on."""
    if verb.tag_ != "VBN" or verb.pos_ != "VERB" or any(c.dep_ in ("aux", "auxpass") for c in verb.children):
        return False
    # "doctors donated and delivered goods": a verb (or its conjunct) with a
    # direct object is an active past tense the parser took for a participle
    return not any(c.dep_ == "dobj" for v in (verb, *verb.conjuncts) for c in v.children)


def object_less_passive(verb: Token, grammar: Grammar) -> bool:
    """A clause's own verb of an act that always names its victim as object
    (``victim_object_verbs``), with a subject but no object, complement,
    auxiliary or agent: a reduced passive the tagger took for a past tense
    ("four aid workers kidnapped near the camp"), whose subject is acted on."""
    if verb.pos_ != "VERB" or verb.dep_ != "ROOT" or verb.lemma_.lower() not in grammar.victim_object_verbs:
        return False
    deps = {c.dep_ for c in verb.children}
    if not deps & {"nsubj"} or deps & {"dobj", "obj", "dative", "ccomp", "xcomp", "oprd", "attr",
                                      "aux", "auxpass", "agent", "nsubjpass", "conj"}:
        return False
    return True


def course_head(noun: Token, grammar: Grammar) -> Token | None:
    """The noun an event noun modifies as a compound when that noun names a
    course of such acts ("a bombing campaign", "a strike operation", "an
    air raid wave": ``course_heads``): the acts are the course's, and the
    course's author and target are theirs. None otherwise."""
    head = noun.head
    if noun.dep_ == "compound" and head.i != noun.i and head.pos_ == "NOUN" \
            and head.lemma_.lower() in grammar.course_heads:
        return head
    return None
