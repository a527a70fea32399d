"""Killed / injured counts.

Component ``flashpoint_casualties`` fills ``doc.spans["fp_casualties"]`` with
the casualty expressions of an article ("killing 13 civilians and injuring
59", "the death toll rose to 31", "dozens of fatalities"), each span's
``span._.fp_casualty`` a :class:`Casualty`. Which figure is an event's toll
is decided in :mod:`flashpoint.coding.event_tolls`.

A number counts only when a killed / injured word is tied to it by one of the
shapes listed in ``data/casualties.yaml`` (which holds every word used here),
so "25 drones", "nine sites" or "a 26% tariff" never count. A range gives its
minimum, a qualifier ("at least", "more than") is kept in the text with the
stated number as the figure, and a vague quantity ("dozens", "several") keeps
its text with no figure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from text_to_num import text2num

from flashpoint.datafiles import read_yaml
from flashpoint.nlp import extensions

DATA = Path(__file__).resolve().parent.parent / "data" / "casualties.yaml"
SPAN_KEY = "fp_casualties"
FATAL, INJURED, UNSPLIT = "fatal", "injured", "unsplit"
_DATE_TOKENS = "fp_casualties_date_tokens"  # doc.user_data: tokens of date words
JOIN_PHRASE_MAX = 6  # words of a phrase on a killed figure's verb before its injured figure

_DIGITS = re.compile(r"^\d{1,3}(?:,\d{3})+$|^\d+$")
_DIGIT_RANGE = re.compile(r"^(\d+)[-–](\d+)$")
_PASSIVE = {"were", "was", "been", "be", "being", "is", "are"}
_NP_WORDS = {"other", "others", "more", "of", "them", "those", "whom", "which"}
_QUOTES = {'"', "'", "\u201c", "\u201d", "\u2018", "\u2019"}


@dataclass
class Casualty:
    fatalities: int | None
    injuries: int | None
    text: str


@dataclass
class _Number:
    start: int
    end: int
    value: int | None


@dataclass
class _Figure:
    start: int
    end: int
    kind: str
    value: int | None


# --- vocabulary -----------------------------------------------------------------


def _phrases(words) -> list[tuple[str, ...]]:
    """Phrases as token tuples, longest first."""
    return sorted((tuple(str(w).lower().split()) for w in words), key=len, reverse=True)


@cache
def _vocab() -> dict:
    data = read_yaml(DATA)
    vocab = {
        key: _phrases(data[key])
        for key in (
            "qualifiers", "vague", "killed_before", "injured_before", "killed_after",
            "injured_after", "unsplit_after", "bodies_of", "asides", "side_phrases",
            "death_endings", "along_with", "later_deaths", "each_event_phrases",
        )
    }  # fmt: skip
    for key in ("range_words", "number_words", "dozen_words", "between", "lives_verbs",
                "toll_words", "toll_links", "toll_verbs", "count_nouns", "not_people",
                "background_markers", "event_nouns", "light_verbs", "lethal_event_types",
                "not_single", "additive", "one_more_determiners", "people_inner",
                "death_verbs", "one_person_objects", "no_person", "person_nouns",
                "intransitive_deaths", "part_of", "death_nouns", "one_person_possessives",
                "death_results", "own_event_preps", "fighting_types", "later_links",
                "partitive_heads", "coded_words", "coded_toll_words", "coded_asides",
                "share_verbs", "share_preps", "share_units", "share_subjects",
                "body_nouns", "found_verbs", "additive_openers", "contrast_words",
                "later_marks"):  # fmt: skip
        vocab[key] = (
            {str(w).lower() for w in data[key]}
            if key not in ("lethal_event_types", "fighting_types")
            else set(data[key])
        )
    # the words a count in words starts with (``_count_at``)
    vocab["count_words"] = {"half", "a", "an", *vocab["number_words"], *vocab["dozen_words"]}
    vocab["lives_word"] = data["lives_word"]
    vocab["toll_carriers"] = list(data["toll_carriers"])
    vocab["labels"] = {str(k).lower(): v for k, v in data["labels"].items()}
    return vocab


def casualty_words() -> dict:
    """The vocabulary of ``data/casualties.yaml`` (word lists as lower-case sets)."""
    return _vocab()


def lethal_types() -> set[str]:
    """The event types that can carry a toll (``lethal_event_types``)."""
    return _vocab()["lethal_event_types"]


#: per phrase list (by id, the list kept beside): its first words and its last
#: words, or None where it holds an empty phrase (which fits anywhere)
_ENDS: dict[int, tuple[list, frozenset[str] | None, frozenset[str] | None]] = {}


def _phrase_ends(phrases: list[tuple[str, ...]]) -> tuple[frozenset[str] | None, frozenset[str] | None]:
    """The words ``phrases`` start with and end with (None: one is empty),
    so a token no phrase starts or ends with is passed over at once."""
    entry = _ENDS.get(id(phrases))
    if entry is None or entry[0] is not phrases:
        empty = any(not p for p in phrases)
        entry = (phrases, None if empty else frozenset(p[0] for p in phrases),
                 None if empty else frozenset(p[-1] for p in phrases))  # fmt: skip
        _ENDS[id(phrases)] = entry
    return entry[1], entry[2]


def _phrase_at(doc: Doc, i: int, phrases: list[tuple[str, ...]]) -> int | None:
    """End index of the first phrase that starts at token i."""
    first = doc[i].lower_ if i < len(doc) else None
    firsts = _phrase_ends(phrases)[0]
    if firsts is not None and first not in firsts:
        return None
    for phrase in phrases:
        if phrase and phrase[0] != first:
            continue  # cheap first-word check before slicing the Doc
        end = i + len(phrase)
        if end <= len(doc) and tuple(t.lower_ for t in doc[i:end]) == phrase:
            return end
    return None


def _phrase_before(doc: Doc, end: int, phrases: list[tuple[str, ...]]) -> int | None:
    """Start index of the first phrase that ends just before token ``end``."""
    last = doc[end - 1].lower_ if 0 < end <= len(doc) else None
    lasts = _phrase_ends(phrases)[1]
    if lasts is not None and last not in lasts:
        return None
    for phrase in phrases:
        if phrase and phrase[-1] != last:
            continue  # cheap last-word check before slicing the Doc
        start = end - len(phrase)
        if start >= 0 and tuple(t.lower_ for t in doc[start:end]) == phrase:
            return start
    return None


# --- numbers ----------------------------------------------------------------------


# No toll reaches ten million: a longer run of digits is an id, a phone
# number or noise, never a count (and Python refuses to read a very long one).
MAX_COUNT_DIGITS = 7


def _count_at(doc: Doc, i: int) -> tuple[int | None, int]:
    """A count starting at token i: (value, end) or (None, i)."""
    v = _vocab()
    if i >= len(doc):
        return None, i
    tok = doc[i]
    if _DIGITS.match(tok.text):
        digits = tok.text.replace(",", "")
        return (int(digits), i + 1) if len(digits) <= MAX_COUNT_DIGITS else (None, i)
    if tok.lower_ == "another":  # "and another injured"; "another 12 people"
        value, end = _count_at(doc, i + 1) if i + 1 < len(doc) else (None, i)
        return (value, end) if value is not None else (1, i + 1)
    match = _DIGIT_RANGE.match(tok.text)
    if match and max(len(match.group(1)), len(match.group(2))) <= MAX_COUNT_DIGITS:
        return min(int(match.group(1)), int(match.group(2))), i + 1
    if tok.lower_ not in v["count_words"]:
        return None, i  # every way below starts with one of these words
    words, j = [], i
    if (
        tok.lower_ == "half"
        and j + 2 < len(doc)
        and doc[j + 1].lower_ == "a"
        and doc[j + 2].lower_ in v["dozen_words"]
    ):
        return 6, j + 3
    if (
        tok.lower_ in ("a", "an")
        and j + 1 < len(doc)
        and doc[j + 1].lower_ in v["dozen_words"] | {"hundred", "thousand"}
    ):
        words, j = ["one"], j + 1
    elif (
        tok.lower_ in ("a", "an")
        and j + 2 < len(doc)
        and doc[j + 1].like_num
        and any(t.lower_.startswith("year") for t in doc[j + 2 : j + 4])
    ):
        # "killing a 15 year-old", "a 33-year-old man was shot": past the age
        aged = [k for k in range(j + 2, min(j + 6, len(doc))) if doc[k].lower_.endswith("old")]
        return 1, (aged[0] + 1 if aged else i + 2)
    elif (
        tok.lower_ in ("a", "an")
        and j + 1 < len(doc)
        and doc[j + 1].is_alpha
        and doc[j + 1].lower_ not in v["not_single"]
        and doc[j + 1].lower_ not in v["number_words"]
    ):
        return 1, i + 1  # "killed a policeman", "a soldier was killed"
    while j < len(doc):
        low = doc[j].lower_
        if low in v["number_words"]:
            words.append(low)
            j += 1
        elif (
            low in ("-", "and")
            and words
            and j + 1 < len(doc)
            and doc[j + 1].lower_ in v["number_words"]
        ):
            j += 1
        else:
            break
    value = None
    if words:
        try:
            value = text2num(" ".join(words), "en")
        except ValueError:
            value = None
    if j < len(doc) and doc[j].lower_ in v["dozen_words"]:
        return (value or 1) * 12, j + 1
    if value is None:
        return None, i
    return value, j


def _number_at(doc: Doc, i: int) -> _Number | None:
    """A stated quantity at token i: qualifier, count or vague word, range."""
    v = _vocab()
    if i > 0 and doc[i - 1].lower_ in ("no", "none"):
        return None
    j = _phrase_at(doc, i, v["qualifiers"]) or i
    vague_end = _phrase_at(doc, j, v["vague"])
    if vague_end is not None:
        if vague_end < len(doc) and doc[vague_end].lower_ == "of":
            vague_end += 1
        return _Number(i, vague_end, None)
    value, end = _count_at(doc, j)
    if value is None or _not_a_count(doc, j, end):
        return None
    between = i > 0 and doc[i - 1].lower_ == "between"
    if end < len(doc) and (
        doc[end].lower_ in v["range_words"] or (between and doc[end].lower_ == "and")
    ):
        upper, upper_end = _count_at(doc, end + 1)
        if upper is not None:
            value, end = min(value, upper), upper_end
    return _Number(i, end, value)


def _not_a_count(doc: Doc, start: int, end: int) -> bool:
    """A number that counts no one: part of a date ("7 Sep.", "July 2",
    found by flashpoint_dates, which runs first), a number the parse ties to
    a thing of ``not_people`` however many words stand between, or an age ("15 year old
    son", "a 20-year-old": "a" is the count there)."""
    if doc.user_data.get(_DATE_TOKENS, set()) & set(range(start, end)):
        return True
    last = doc[end - 1]
    if last.dep_ == "nummod" and last.head.i > last.i and last.head.lower_ in _vocab()["not_people"]:
        return True  # "25 Israeli-made drones": the number counts things
    after = doc[end : end + 2]
    return doc[start].lower_ not in ("a", "an") and any(
        t.lower_.startswith("year") for t in after if t.text != "-"
    )


# --- the shapes ---------------------------------------------------------------------


def _people_end(doc: Doc, i: int, *, limit: int = 7) -> int | None:
    """End of the people noun phrase after a number ("Hindu tourists", "of
    them"), or None when it names things rather than people."""
    v = _vocab()
    j = i
    while j < len(doc) and j - i < limit:
        tok = doc[j]
        if tok.lower_ in v["not_people"]:
            return None
        if _after_kind(doc, j) is not None or tok.lower_ in v["between"]:
            break
        inner = j > i and j + 1 < len(doc) and doc[j + 1].is_alpha
        if tok.pos_ in ("NOUN", "PROPN", "ADJ") or tok.lower_ in _NP_WORDS:
            j += 1
        elif inner and (
            tok.text == "-" or (tok.lower_ in v["people_inner"] and doc[j - 1].lower_ == "of")
        ):
            j += 1  # "non-local labourer", "militants of the ULFA", "23 of its soldiers"
        elif inner and tok.lower_ == "from" and doc[j + 1].text[:1].isupper():
            j += 1  # "labourers from Punjab"
        elif tok.text == "(" and j > i:
            close = next(
                (k for k in range(j + 1, min(j + 9, len(doc))) if doc[k].text == ")"), None
            )
            if close is None:
                break
            j = close + 1  # "militants of the ULFA (I)"
        else:
            break
    return j


def _after_kind(doc: Doc, i: int) -> tuple[str, int] | None:
    v = _vocab()
    for kind, key in (
        (FATAL, "killed_after"),
        (INJURED, "injured_after"),
        (UNSPLIT, "unsplit_after"),
    ):
        end = _phrase_at(doc, i, v[key])
        if end is not None:
            return kind, end
    return None


def _left_shape(doc: Doc, n: _Number) -> _Figure | None:
    """killed 26 tourists / injuring 59 / claimed 12 lives / toll rose to 31 /
    bodies of two soldiers."""
    v = _vocab()
    people = _people_end(doc, n.end)
    # a quoted killed word: 'a raid "killed" four people'
    before = n.start - 1 if n.start > 1 and doc[n.start - 1].text in _QUOTES else n.start
    for kind, key in ((FATAL, "killed_before"), (INJURED, "injured_before")):
        start = _phrase_before(doc, before, v[key])
        if start is not None and (start == 0 or doc[start - 1].lower_ not in _PASSIVE):
            if people is None:
                return None
            end, value = _and_more_people(doc, people, n.value)
            return _Figure(start, end, kind, value)
    if n.end < len(doc) and doc[n.end].lower_ == v["lives_word"] and n.start > 0:
        if doc[n.start - 1].lower_ in v["lives_verbs"]:
            return _Figure(n.start - 1, n.end + 1, FATAL, n.value)
    start = _phrase_before(doc, n.start, v["bodies_of"])
    if start is not None and people is not None:
        end, value = _and_more_people(doc, people, n.value)
        return _Figure(start, end, FATAL, value)
    j = n.start - 1
    while j >= 0 and n.start - j <= 5 and doc[j].lower_ in v["toll_links"]:
        j -= 1
    if j >= 0 and j < n.start - 1 and doc[j].lower_ in v["toll_words"]:
        start = j - 1 if j > 0 and doc[j - 1].pos_ == "NOUN" else j
        return _Figure(start, n.end, FATAL, n.value)
    return _toll_subject(doc, n)


def _and_more_people(doc: Doc, end: int, value: int | None) -> tuple[int, int | None]:
    """ "killed three soldiers and two civilians", "bodies of three women and
    three children": a second count of people after "and" adds to the first."""
    if value is None or end + 1 >= len(doc) or doc[end].lower_ != "and" or end == 0:
        return end, value
    if not (doc[end - 1].pos_ in ("NOUN", "PROPN") or doc[end - 1].lower_ in _NP_WORDS):
        return end, value  # "killed 3 and wounded 5": no people noun to pair with
    more = _number_at(doc, end + 1)
    if more is None or more.value is None:
        return end, value
    people = _people_end(doc, more.end)
    if people is None or people == more.end or _right_shape(doc, more) is not None:
        return end, value  # "... and 3 civilians were injured": a figure of its own
    return people, value + more.value


def _toll_subject(doc: Doc, n: _Number) -> _Figure | None:
    """ "The death toll from the attack rose to 26", "the number of people
    killed has risen to 31": a rising verb whose subject is a toll."""
    v = _vocab()
    if n.start == 0:
        return None
    prev = doc[n.start - 1]
    verb = prev.head if prev.lower_ in ("to", "at") else prev
    if verb.lemma_.lower() not in v["toll_verbs"] or verb.i >= n.start:
        return None
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is not None:
        start = min([subject.i, *(c.i for c in subject.children if c.dep_ == "compound")])
        if subject.lower_ in v["toll_words"]:
            return _Figure(start, n.end, FATAL, n.value)
        if subject.lemma_.lower() in v["count_nouns"]:
            for tok in subject.subtree:
                found = _after_kind(doc, tok.i)
                if found is not None and found[0] != UNSPLIT:
                    return _Figure(start, n.end, found[0], n.value)
    # The parse may miss the subject: a toll word shortly before the verb.
    sent_start = verb.sent.start
    for k in range(verb.i - 1, max(sent_start, verb.i - 16) - 1, -1):
        if doc[k].text in (";", ":"):
            break
        if doc[k].lower_ in v["toll_words"]:
            start = k - 1 if k > sent_start and doc[k - 1].pos_ == "NOUN" else k
            return _Figure(start, n.end, FATAL, n.value)
    return None


def _right_shape(doc: Doc, n: _Number) -> _Figure | None:
    """26 people were killed / 46 injured / 32 deaths / 12 lives were lost."""
    v = _vocab()
    j = _people_end(doc, n.end)
    if j is None:
        return None
    j, value = _and_one_more(doc, j, n.value)
    j, value = _whole_or_more(doc, j, value)
    j = _skip_aside(doc, j)
    j = _phrase_at(doc, j, v["side_phrases"]) or j  # "nine on its side were killed"
    lives = j < len(doc) and doc[j].lower_ == v["lives_word"]
    j += lives
    passive, first = False, j
    while j < len(doc) and j - first < 8:
        if doc[j].lower_ in v["between"]:
            passive = passive or doc[j].lower_ in _PASSIVE
            j += 1
        elif passive and _other_deed(doc, j):
            j += 2  # "were kidnapped and murdered", "were beaten, tortured and killed"
        else:
            break
    if lives:
        if j < len(doc) and doc[j].lower_ in ("lost", "claimed"):
            return _Figure(n.start, j + 1, FATAL, value)
        return None
    if passive and _bodies_found(doc, n.end, first, j):
        return _Figure(n.start, j + 1, FATAL, value)
    found = _after_kind(doc, j)
    if found is None or (j == n.end and _modifies_a_noun(doc, j)):
        return None
    kind, end = found
    # "five soldiers killed three militants": the verb has its own object
    # (not one the phrase holds itself: "lost their lives").
    if not passive and _acts_on_another(doc, j, end):
        return None
    return _Figure(n.start, end, kind, value)


def _bodies_found(doc: Doc, start: int, end: int, j: int) -> bool:
    """ "a body is later found", "two bodies were then recovered": the
    people phrase (``start``..``end``) ends in a noun of ``body_nouns`` and a
    verb of ``found_verbs`` follows its auxiliaries and adverbs (at j): the
    dead, however many words stand between (the fixed phrases of
    ``killed_after`` take "body was found" only)."""
    v = _vocab()
    return (
        end > start
        and doc[end - 1].lower_ in v["body_nouns"]
        and j < len(doc)
        and doc[j].lower_ in v["found_verbs"]
    )


def _modifies_a_noun(doc: Doc, j: int) -> bool:
    """The killed / injured word right after the number describes the people
    that follow, who are the subject of a killed word ("Two wounded
    guards later died"): the figure is theirs, read at that verb."""
    word = doc[j]
    noun = word.head
    if word.dep_ != "amod" or noun.i <= j or noun.dep_ not in ("nsubj", "nsubjpass"):
        return False
    verb = noun.head
    found = _after_kind(doc, verb.i) if verb.i > noun.i else None
    return found is not None and found[0] == FATAL


def _subject_shape(doc: Doc, n: _Number) -> _Figure | None:
    """By the parse: the number counts the subject of a killed / injured verb,
    however long the people phrase ("Two policemen guarding a vaccination
    team were shot dead", "Two suspected smugglers were shot dead"), or is
    that subject itself ("one of the men caught up in the brawl was
    killed")."""
    last = doc[n.end - 1]
    noun = last.head
    if last.dep_ in ("nsubj", "nsubjpass") and any(c.lower_ == "of" for c in last.children):
        noun = last  # "one of the men caught up in the brawl was killed"
    elif last.dep_ not in ("nummod", "det") or noun.i < n.end or noun.pos_ not in ("NOUN", "PROPN"):
        return None
    if noun.lower_ in _vocab()["not_people"] or noun.dep_ not in ("nsubj", "nsubjpass"):
        return None
    if any(c.dep_ == "conj" for c in noun.children):
        return None  # "8 soldiers and 12 civilians died": the sum, found at the last number
    verb = noun.head
    if verb.i <= noun.i or verb.pos_ not in ("VERB", "AUX"):
        return None
    found = _after_kind(doc, verb.i)
    if found is None or found[0] == UNSPLIT:
        return None
    kind, end = found
    passive = any(c.dep_ == "auxpass" for c in verb.children)
    if not passive and _acts_on_another(doc, verb.i, end):
        return None
    return _Figure(n.start, end, kind, n.value)


def _other_deed(doc: Doc, j: int) -> bool:
    """A passive participle joined to the killed / injured word that follows
    ("kidnapped and", "beaten,", "raped then"): the same people suffered
    both."""
    return (
        j + 2 < len(doc)
        and doc[j].tag_ == "VBN"
        and doc[j + 1].lower_ in ("and", ",", "then")
        and _after_kind(doc, j) is None
    )


def _acts_on_another(doc: Doc, j: int, end: int) -> bool:
    """The killed / injured words at j..end have an object of their own (not
    one the phrase holds itself: "lost their lives"): "five soldiers killed
    three militants", "3 men raped and killed a woman" count the killers."""
    intransitive = _vocab()["intransitive_deaths"]  # "succumbed to wounds" has no object
    return any(
        c.dep_ == "dobj" and not j <= c.i < end and not _in_note(doc, end, c.i)
        for t in doc[j:end]
        if t.lemma_.lower() not in intransitive
        for c in t.children
    )


def _in_note(doc: Doc, end: int, i: int) -> bool:
    """Token i sits in a bracketed editor's note after the killed words
    ("Two herders killed [editor: estimate]"): no object of theirs."""
    return any(t.text == "[" for t in doc[end : i + 1])


def _caused_death(doc: Doc, i: int) -> _Figure | None:
    """ "leading to her death", "which resulted in his death", "caused his
    death": a death noun (``death_nouns``) owned by a possessive of one
    person (``one_person_possessives``), whose verb (``death_results``) tells
    the death as the outcome of what came before: one killed."""
    v = _vocab()
    noun = doc[i]
    if noun.pos_ != "NOUN" or noun.lower_ not in v["death_nouns"]:
        return None
    owner = next((c for c in noun.children if c.dep_ == "poss"), None)
    if owner is None or owner.lower_ not in v["one_person_possessives"]:
        return None
    verb = noun.head
    if noun.dep_ == "pobj" and verb.dep_ == "prep":
        verb = verb.head
    elif noun.dep_ != "dobj":
        return None
    if verb.lemma_.lower() not in v["death_results"] or verb.pos_ != "VERB":
        return None
    start = min(verb.i, owner.i)
    return _Figure(start, noun.i + 1, FATAL, 1)


def _label_shape(doc: Doc, n: _Number) -> _Figure | None:
    """A toll written as a label and its count, as event logs and coder notes
    do: "Fatalities: 4", "Killed: 2", "Injured - 7" (``labels``)."""
    if n.start < 2 or doc[n.start - 1].text not in (":", "-", "\u2013"):
        return None
    kind = _vocab()["labels"].get(doc[n.start - 2].lower_)
    if kind is None:
        return None
    return _Figure(n.start - 2, n.end, FATAL if kind == "fatal" else INJURED, n.value)


def _to_death_shape(doc: Doc, i: int) -> _Figure | None:
    """ "beat him to death", "stoned a woman to death", "burned two men
    alive", "beat to death a thief": a verb of ``death_verbs`` whose object
    is followed (or preceded) by one of ``death_endings``. The object counts: its number, one for a pronoun or
    a noun in the singular, else a vague figure (text kept, no count)."""
    v = _vocab()
    verb = doc[i]
    if verb.lemma_.lower() not in v["death_verbs"] or verb.pos_ != "VERB":
        return None
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    if obj is None:
        return None
    start = obj.left_edge.i
    ending = _phrase_at(doc, i + 1, v["death_endings"])
    if obj.i < i and verb.dep_ == "relcl" and obj.tag_ in ("WP", "WDT"):
        if ending is None:  # "a thief whom the crowd beat to death"
            return None
        obj, start, end = verb.head, verb.head.left_edge.i, ending
        return _Figure(i, end, FATAL, _object_count(doc, obj, start))
    if ending is not None and start >= ending:  # "beat to death a man"
        end = obj.i + 1
    else:
        end = _phrase_at(doc, obj.right_edge.i + 1, v["death_endings"])
    if end is None:
        return None
    return _Figure(i, end, FATAL, _object_count(doc, obj, start))


def _object_count(doc: Doc, obj: Token, start: int) -> int | None:
    """The number of people an object of a death verb names: its number, one
    for a pronoun or a singular noun, else None."""
    n = _number_at(doc, start)
    if n is not None and n.value is not None:
        return n.value
    if obj.lower_ in _vocab()["one_person_objects"] or obj.tag_ in ("NN", "NNP"):
        return 1
    return None


def _one_person(noun: Token) -> bool:
    """A noun phrase naming one person: a singular noun or a name, with no
    number and no negative ("the driver", "Protester", "Ahmed Said"; not
    "nobody", "no one", "the crowd" of ``not_people``)."""
    v = _vocab()
    if noun.lower_ in v["one_person_objects"]:
        return True
    if noun.tag_ not in ("NN", "NNP") or noun.lower_ in v["not_people"]:
        return False
    if noun.lower_ in v["no_person"] or noun.ent_type_ not in ("", "PERSON", "NORP"):
        return False
    return not any(c.dep_ == "nummod" or c.lower_ in v["no_person"] for c in noun.children)


def _a_person(noun: Token) -> bool:
    """An object that names a person: a pronoun, a person's name or a noun
    of ``person_nouns`` ("killed the village chief"; not "killed the plan")."""
    v = _vocab()
    return _one_person(noun) and (
        noun.lower_ in v["one_person_objects"]
        or noun.ent_type_ == "PERSON"
        or noun.lemma_.lower() in v["person_nouns"]
    )


def _singular_victim(doc: Doc, i: int) -> _Figure | None:
    """One person killed, told without a number: "The driver was shot and
    killed", "Protester killed by police", "The boy died", "gunmen killed
    the village chief". The victim is the subject of a passive or
    intransitive killed word (``killed_after``), or the object of
    an active one (``killed_before``); each singular conjunct counts one
    ("the boy and his father were killed": 2)."""
    v = _vocab()
    verb = doc[i]
    if verb.pos_ not in ("VERB", "AUX", "ADJ"):
        return None
    # the killed word is one of ``killed_after`` or ``killed_before``, the
    # verb its first word: any other verb is passed over at once
    after_firsts, before_firsts = (_phrase_ends(v["killed_after"])[0],
                                   _phrase_ends(v["killed_before"])[0])  # fmt: skip
    if (after_firsts is not None and before_firsts is not None
            and verb.lower_ not in after_firsts and verb.lower_ not in before_firsts):  # fmt: skip
        return None
    word = (verb.lower_,)
    victim = None
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    after = _after_kind(doc, i)
    if after is not None and after[0] == FATAL and after[1] - i > 1 and obj is None:
        word = tuple(t.lower_ for t in doc[i : after[1]])  # "was burnt to death"
    if word in v["killed_after"] and obj is None and not _acts_on_another(doc, i, i + len(word)):
        head = verb
        while head.dep_ in ("conj", "advcl") and head.head.i != head.i:
            if any(c.dep_ in ("nsubj", "nsubjpass") for c in head.children):
                break
            head = head.head  # "was shot and killed", "abducted, tortured and killed"
        deps = ["nsubjpass"]
        headline = verb.tag_ == "VBN" and not any(c.dep_.startswith("aux") for c in verb.children)
        if verb.lemma_.lower() in v["intransitive_deaths"] or (len(word) == 1 and headline):
            deps.append("nsubj")  # "The boy died", "Protester killed by police"
        victim = next((c for c in head.children if c.dep_ in deps), None)
        if victim is None and verb.dep_ == "acl" and verb.tag_ == "VBN":
            victim = verb.head  # "Protester killed by police"
        if victim is not None and not _one_person(victim):
            return None
    if victim is None and word in v["killed_before"] and obj is not None:
        victim = obj
        if not _a_person(victim):
            return None
    if victim is None:
        return None
    count = 1
    for conj in victim.conjuncts:
        if not _one_person(conj) or conj.i < victim.i:
            return None
        count += 1
    start = min(victim.left_edge.i, verb.i)
    end = max(verb.i + len(word), victim.right_edge.i + 1 if victim.i > verb.i else 0)
    return _Figure(start, end, FATAL, count)


def _and_one_more(doc: Doc, j: int, value: int | None) -> tuple[int, int | None]:
    """ "Eight jawans and their driver were killed": one more person, named
    by a singular noun after "and" and a determiner."""
    if (
        value is None
        or j + 2 >= len(doc)
        or doc[j].lower_ != "and"
        or doc[j + 1].lower_ not in _vocab()["one_more_determiners"]
    ):
        return j, value
    end = _people_end(doc, j + 2)
    if end is None or end <= j + 2 or doc[end - 1].tag_ != "NN":
        return j, value
    return end, value + 1


def _whole_or_more(doc: Doc, j: int, value: int | None) -> tuple[int, int | None]:
    """After the people noun: "two teachers among nine people were killed"
    counts the whole (9: ``part_of``), "three guards alongside five other
    villagers were killed" the two groups (8: ``along_with``)."""
    v = _vocab()
    if value is None or j >= len(doc):
        return j, value
    part = doc[j].lower_ in v["part_of"]
    k = j + 1 if part else _phrase_at(doc, j, v["along_with"])
    if k is None:
        return j, value
    more = _number_at(doc, k)
    if more is None or more.value is None:
        return j, value
    end = _people_end(doc, more.end)
    if end is None or end == more.end:
        return j, value
    return end, (max(value, more.value) if part else value + more.value)


def _skip_aside(doc: Doc, j: int) -> int:
    """Past ", including children," after the people noun."""
    if (
        j + 1 >= len(doc)
        or doc[j].text != ","
        or _phrase_at(doc, j + 1, _vocab()["asides"]) is None
    ):
        return j
    for k in range(j + 2, min(j + 10, len(doc))):
        if doc[k].text == ",":
            return k + 1
    return j


def _coordinated(doc: Doc, figure: _Figure, n: _Number, *, floor: int) -> _Figure:
    """ "11 soldiers and 40 civilians died": one figure, the sum (the first
    number starting at or after ``floor``, the end of the figure before)."""
    if n.start < 3 or doc[n.start - 1].lower_ != "and" or figure.start != n.start:
        return figure
    for k in range(n.start - 2, max(floor - 1, n.start - 8), -1):
        first = _number_at(doc, k)
        if (
            first is not None
            and first.end < n.start - 1
            and _people_end(doc, first.end) == n.start - 1
        ):
            total = None if first.value is None or n.value is None else first.value + n.value
            return _Figure(k, figure.end, figure.kind, total)
    return figure


def _figures(doc: Doc) -> list[_Figure]:
    figures, i = [], 0
    while i < len(doc):
        n = _number_at(doc, i)
        figure = (
            (
                _left_shape(doc, n)
                or _right_shape(doc, n)
                or _subject_shape(doc, n)
                or _label_shape(doc, n)
            )
            if n
            else None
        )
        if figure is None:
            figure = _to_death_shape(doc, i) or _singular_victim(doc, i) or _caused_death(doc, i)
            if figure is not None and figures and figure.start < figures[-1].end:
                figure = None
        if figure is None:
            i += 1
            continue
        if n is not None:
            figure = _coordinated(doc, figure, n, floor=figures[-1].end if figures else 0)
            figure = _one_along(doc, figure, n, floor=figures[-1].end if figures else 0)
        figures.append(figure)
        i = max(figure.end, n.end if n else i + 1)
        later = _later_death(doc, figure)
        if later is not None:
            figures.append(later)
            i = later.end
    return figures


def _one_along(doc: Doc, figure: _Figure, n: _Number, *, floor: int) -> _Figure:
    """ "The bomber along with eight civilians were killed": one person named
    by a singular noun of ``person_nouns`` (with a determiner) before
    ``along_with`` and the figure is one more of them (9)."""
    if figure.start != n.start or figure.value is None:
        return figure
    v = _vocab()
    k = _phrase_before(doc, n.start, v["along_with"])
    if k is None or k < 2:
        return figure
    noun = doc[k - 1]
    if noun.tag_ != "NN" or noun.lemma_.lower() not in v["person_nouns"]:
        return figure
    start = min(t.i for t in noun.subtree if t.i < k)
    if start < floor or doc[start].lower_ not in v["one_more_determiners"]:
        return figure
    return _Figure(start, figure.end, figure.kind, figure.value + 1)


def _later_death(doc: Doc, figure: _Figure) -> _Figure | None:
    """The injured told as dying afterwards, right after their figure: "a
    guard was hurt and later died", "wounding a driver who later died of
    his injuries": the same people are dead (a killed figure of the
    injured count, joined to it). ``later_links`` open the clause, adverbs of
    ``between`` may stand before the death word, one of ``later_deaths``."""
    v = _vocab()
    if figure.kind != INJURED or figure.value is None:
        return None
    j = figure.end
    if j < len(doc) and doc[j].text == ",":
        j += 1
    if j >= len(doc) or doc[j].lower_ not in v["later_links"]:
        return None
    k = j + 1
    while k < len(doc) and k - j <= 3 and doc[k].lower_ in v["between"] and doc[k].lower_ not in _PASSIVE:
        k += 1
    end = _phrase_at(doc, k, v["later_deaths"])
    if end is None or doc[k].sent.start != doc[figure.start].sent.start:
        return None
    return _Figure(j, end, FATAL, figure.value)


def _partitive(doc: Doc, figure: _Figure) -> bool:
    """A killed figure counting part of people already named: "two of them
    later died", "1 of which died", "one of whom succumbed"."""
    words = [t.lower_ for t in doc[figure.start : figure.end]]
    heads = _vocab()["partitive_heads"]
    return any(a == "of" and b in heads for a, b in zip(words, words[1:], strict=False))


def _joinable(doc: Doc, a: _Figure, b: _Figure) -> bool:
    """A killed and an injured figure joined by 'and' or a comma; or the
    injured and those of them who died, later in the sentence ("five were
    wounded in the attack and two of them later died")."""
    if {a.kind, b.kind} != {FATAL, INJURED} or b.start < a.end:
        return False
    same_sentence = doc[a.start].sent.start == doc[b.start].sent.start
    gap = doc[a.end : b.start]
    if a.kind == INJURED and _partitive(doc, b) and b.start - a.end <= 8:
        return same_sentence and any(t.lower_ in (",", "and", ";") for t in gap)
    gap = _past_its_phrase(doc, a, gap)
    if len(gap) > 3:
        return False
    contrasts = _vocab()["contrast_words"]
    return same_sentence and all(
        t.lower_ in (",", "and", "while", "with", "another")
        or (t.pos_ == "ADV" and t.lower_ not in contrasts)
        for t in gap
    )  # "killing one and seriously injuring two", not "one dead, however three ..."


def _past_its_phrase(doc: Doc, a: _Figure, gap: Span) -> Span:
    """The gap after a figure, less a phrase on the figure's own verb that
    tells where or how ("four were killed in the shooting and another nine
    wounded", "two died at the scene and five were hurt"): a preposition
    that hangs on a word of the figure, with its object, up to
    ``JOIN_PHRASE_MAX`` words. The figure and the one after it still count
    one happening."""
    if not len(gap) or gap[0].dep_ != "prep" or not a.start <= gap[0].head.i < a.end:
        return gap
    end = gap[0].right_edge.i + 1
    if end - gap.start > JOIN_PHRASE_MAX or end > gap.end:
        return gap
    return doc[end : gap.end]


def _names_deaths(sent: Span) -> bool:
    """The sentence names deaths (a word of ``coded_toll_words``)."""
    words = _vocab()["coded_toll_words"]
    return any(t.lower_ in words for t in sent)


def _coded_toll(doc: Doc, i: int) -> _Figure | None:
    """A coder's note on the toll it coded, at the word "coded" (``coded_words``):
    "unknown fatalities coded as 10", "(coded as 10 fatalities per event)",
    "only 12 coded here". Event datasets write the figure they settled on
    beside the story: that figure is the toll, in a sentence that names
    deaths (``coded_toll_words``). A number that counts something else
    ("coded as four separate events") is no toll: the word after it must be
    a death word or no word at all."""
    v = _vocab()
    if doc[i].lower_ not in v["coded_words"] or not _names_deaths(doc[i].sent):
        return None
    if i + 2 < len(doc) and doc[i + 1].lower_ in ("as", "at"):
        n = _number_at(doc, i + 2)
        start = i
    else:
        k = i - 1
        n = next(
            (m for j in range(max(doc[i].sent.start, k - 3), k + 1)
             if (m := _number_at(doc, j)) is not None and m.end == k + 1),
            None,
        )  # fmt: skip
        start = n.start if n is not None else i
    if n is None or n.value is None:
        return None
    end = max(n.end, i + 1)
    after = doc[end] if end < len(doc) else None
    if after is not None and after.is_alpha and after.lower_ not in v["coded_toll_words"]:
        if after.lower_ not in v["coded_asides"]:
            return None
    elif after is not None and after.lower_ in v["coded_toll_words"]:
        end += 1
    return _Figure(start, end, FATAL, n.value)


def _with_coded_tolls(doc: Doc, figures: list[_Figure]) -> list[_Figure]:
    """The figures and the coder's notes on the toll (``_coded_toll``), in
    text order. A note inside a killed figure found already ("killed two
    men (coded as 3 fatalities)", the people phrase reaching into the
    brackets) or after a killed figure of its own sentence corrects that figure ("63
    deaths were reported over the month (only 21 coded here)": 21): the
    figure reaches to the note and takes its count."""
    out = list(figures)
    for tok in doc:
        if tok.lower_ not in _vocab()["coded_words"]:
            continue
        found = _coded_toll(doc, tok.i)
        if found is None:
            continue
        inside = [n for n, f in enumerate(out) if f.start <= tok.i < f.end]
        if inside:  # "killed two men (coded as 3 fatalities)": one phrase
            f = out[inside[0]]
            if f.kind == FATAL:
                out[inside[0]] = _Figure(f.start, max(f.end, found.end), FATAL, found.value)
            continue
        if any(f.start < found.end and found.start < f.end for f in out):
            continue
        sent = doc[found.start].sent
        told = [
            n for n, f in enumerate(out)
            if f.kind == FATAL and sent.start <= f.start and f.end <= found.start
        ]  # fmt: skip
        if told:
            f = out[told[-1]]
            out[told[-1]] = _Figure(f.start, found.end, FATAL, found.value)
        else:
            out.append(found)
    return sorted(out, key=lambda f: f.start)


def _share_of(doc: Doc, i: int) -> tuple[int, int] | None:
    """ "fatalities spread over three events", "deaths divided between two
    locations": at a verb of ``share_verbs``, right after a toll noun
    (``share_subjects``; not "killed, spread over four villages", where the
    dead are spread, not the toll), a preposition of ``share_preps`` and a count of ``share_units``
    after it. (The count of shares, the token after the phrase), or None."""
    v = _vocab()
    tok = doc[i]
    if tok.lower_ not in v["share_verbs"] or i + 2 >= len(doc) or doc[i + 1].lower_ not in v["share_preps"]:
        return None
    if i == tok.sent.start or doc[i - 1].lower_ not in v["share_subjects"]:
        return None
    j = i + 2 + (doc[i + 2].lower_ == "the")
    count, end = _count_at(doc, j)
    if count is None or count < 2 or end >= len(doc) or doc[end].lower_ not in v["share_units"]:
        return None
    return count, end + 1


def _shared_out(doc: Doc, figures: list[_Figure]) -> list[_Figure]:
    """A toll a coder spread over several events ("Fatalities spread over 3
    days of fighting", "10 fatalities spread over three events"): each
    event takes its share, the figure divided by the count and rounded
    (half up). The figure shared is the last killed figure with a count
    before the phrase, in its paragraph."""
    text = extensions.text_of(doc)
    out = list(figures)
    for tok in doc:
        share = _share_of(doc, tok.i)
        if share is None:
            continue
        count, _end = share
        k = next(
            (n for n in range(len(out) - 1, -1, -1)
             if out[n].kind == FATAL and out[n].value is not None and out[n].start < tok.i),
            None,
        )  # fmt: skip
        if k is None or "\n\n" in text[doc[out[k].start].idx : tok.idx]:
            continue
        f = out[k]
        out[k] = _Figure(f.start, f.end, f.kind, (2 * f.value + count) // (2 * count))
    return out


class CasualtyFinder:
    """Fills ``doc.spans["fp_casualties"]``."""

    def __call__(self, doc: Doc) -> Doc:
        extensions.register()
        doc.user_data[_DATE_TOKENS] = {
            i
            for s in doc.spans.get("fp_dates", [])
            if s.label_ == "DATE"
            for i in range(s.start, s.end)
        }
        figures = _shared_out(doc, _with_coded_tolls(doc, _figures(doc)))
        del doc.user_data[_DATE_TOKENS]
        spans, k = [], 0
        while k < len(figures):
            a = figures[k]
            pair = [a]
            if k + 1 < len(figures) and _joinable(doc, a, figures[k + 1]):
                pair.append(figures[k + 1])
            if (
                len(pair) == 2
                and pair[0].kind == FATAL
                and k + 2 < len(figures)
                and _joinable(doc, pair[1], figures[k + 2])
            ):
                pair.append(figures[k + 2])  # "killing one and injuring two who later died"
            k += len(pair)
            span = Span(doc, pair[0].start, pair[-1].end, label="CASUALTY")
            values: dict[str, int | None] = {}
            for f in pair:
                if f.kind in values and values[f.kind] is not None and f.value is not None:
                    values[f.kind] += f.value
                else:
                    values[f.kind] = f.value if f.kind not in values else None
            span._.fp_casualty = Casualty(values.get(FATAL), values.get(INJURED), span.text)
            spans.append(span)
        doc.spans[SPAN_KEY] = spans
        return doc


@Language.factory("flashpoint_casualties")
def make_casualty_finder(nlp: Language, name: str) -> CasualtyFinder:
    return CasualtyFinder()
