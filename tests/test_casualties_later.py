"""The injured told as dying afterwards ("a protester was injured and later
died", "five were wounded and two of them later died"): rule logic on
hand-built Docs (fast tier). Sentences written for these tests."""

from __future__ import annotations

from flashpoint.nlp import extensions
from flashpoint.nlp.casualties import SPAN_KEY, CasualtyFinder
from handdocs import build


def tolls(rows: str) -> list[tuple[str, int | None, int | None]]:
    extensions.register()
    doc = CasualtyFinder()(build(rows))
    return [(s.text, s._.fp_casualty.fatalities, s._.fp_casualty.injuries) for s in doc.spans[SPAN_KEY]]


def test_the_injured_who_later_died_are_dead():
    assert tolls(
        """
A 1 det DET DT -
protester 3 nsubjpass NOUN NN -
was 3 auxpass AUX VBD be
injured 3 ROOT VERB VBN injure
and 3 cc CCONJ CC -
later 6 advmod ADV RB -
died 3 conj VERB VBD die
. 3 punct PUNCT . -
"""
    ) == [("A protester was injured and later died", 1, 1)]


def test_a_relative_clause_of_a_later_death():
    assert tolls(
        """
Troops 1 nsubj NOUN NNS troop
wounded 1 ROOT VERB VBD wound
a 3 det DET DT -
driver 1 dobj NOUN NN -
who 6 nsubj PRON WP -
later 6 advmod ADV RB -
died 3 relcl VERB VBD die
. 1 punct PUNCT . -
"""
    ) == [("wounded a driver who later died", 1, 1)]


def test_those_of_the_injured_who_died_join_their_figure():
    assert tolls(
        """
Five 1 nummod NUM CD -
people 3 nsubjpass NOUN NNS person
were 3 auxpass AUX VBD be
wounded 3 ROOT VERB VBN wound
in 3 prep ADP IN -
the 6 det DET DT -
raid 4 pobj NOUN NN -
and 3 cc CCONJ CC -
two 12 nsubj NUM CD -
of 8 prep ADP IN -
them 9 pobj PRON PRP they
later 12 advmod ADV RB -
died 3 conj VERB VBD die
. 3 punct PUNCT . -
"""
    ) == [("Five people were wounded in the raid and two of them later died", 2, 5)]


def test_a_clause_that_tells_no_death_adds_none():
    assert tolls(
        """
Police 1 nsubj NOUN NNS police
wounded 1 ROOT VERB VBD wound
three 3 nummod NUM CD -
men 1 dobj NOUN NNS man
who 6 nsubj PRON WP -
were 6 aux AUX VBD be
fleeing 3 relcl VERB VBG flee
. 1 punct PUNCT . -
"""
    ) == [("wounded three men", None, 3)]


def test_killed_and_injured_joined_across_an_adverb():
    assert tolls(
        """
Troops 1 nsubj NOUN NNS troop
fired 1 ROOT VERB VBD fire
, 1 punct PUNCT , -
killing 1 advcl VERB VBG kill
one 5 nummod NUM CD -
man 3 dobj NOUN NN -
and 3 cc CCONJ CC -
badly 8 advmod ADV RB -
injuring 3 conj VERB VBG injure
two 10 nummod NUM CD -
boys 8 dobj NOUN NNS boy
. 1 punct PUNCT . -
"""
    ) == [("killing one man and badly injuring two boys", 1, 2)]
