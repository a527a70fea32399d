"""The injured told as dying afterwards ("a protester was injured and later
died", "five were wounded and two of them later died"): rule logic on
hand-built Docs (fast tier). Sentences written for these tests."""

from __future__ import annotations

from flashpoint.nlp import extensions
from flashpoint.nlp.casualties import CasualtyFinder
from handdocs import build, tolls


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


def test_a_number_that_is_itself_the_subject_counts_the_dead():
    assert tolls(
        """
One 9 nsubjpass NUM CD -
of 0 prep ADP IN -
the 3 det DET DT -
guards 1 pobj NOUN NNS guard
standing 3 acl VERB VBG stand
at 4 prep ADP IN -
the 7 det DET DT -
gate 5 pobj NOUN NN -
was 9 auxpass AUX VBD be
killed 9 ROOT VERB VBN kill
. 9 punct PUNCT . -
"""
    ) == [("One of the guards standing at the gate was killed", 1, None)]


def test_one_person_named_along_with_a_figure_is_one_more():
    assert tolls(
        """
The 1 det DET DT -
driver 7 nsubjpass NOUN NN -
along 1 prep ADP IN -
with 2 prep ADP IN -
two 5 nummod NUM CD -
passengers 3 pobj NOUN NNS passenger
were 7 auxpass AUX VBD be
killed 7 ROOT VERB VBN kill
. 7 punct PUNCT . -
"""
    ) == [("The driver along with two passengers were killed", 3, None)]


_SWALLOWED = """
The 2 det DET DT -
first 2 amod ADJ JJ -
raids 2 ROOT NOUN NNS raid
since 6 mark SCONJ IN -
the 5 det DET DT -
governor 6 nsubj NOUN NN -
took 2 advcl VERB VBD take
charge 6 dobj NOUN NN -
killed 6 advcl VERB VBN kill
12 10 nummod NUM CD -
villagers 8 dobj NOUN NNS villager
. 2 punct PUNCT . -
"""


def test_a_predicate_the_parser_hung_in_a_background_clause_is_the_sentence_s():
    from flashpoint.coding.event_tolls import _stray_predicate, casualties_for_event

    extensions.register()
    doc = CasualtyFinder()(build(_SWALLOWED))
    doc._.fp_events = []
    assert _stray_predicate(doc[8])
    toll = casualties_for_event(doc, doc[2:3], [])
    assert toll is not None and toll.fatalities == 12
    # a clause with its own subject is a background clause
    other = CasualtyFinder()(build(_SWALLOWED.replace("killed 6 advcl VERB VBN kill",
                                                      "killed 6 conj VERB VBD kill")))
    other._.fp_events = []
    assert not _stray_predicate(other[8])
    assert casualties_for_event(other, other[2:3], []) is None


def test_killed_and_injured_joined_across_a_phrase_on_the_killed_verb():
    assert tolls(
        """
Four 1 nummod NUM CD -
traders 3 nsubjpass NOUN NNS trader
were 3 auxpass AUX VBD be
killed 3 ROOT VERB VBN kill
in 3 prep ADP IN -
the 6 det DET DT -
shooting 4 pobj NOUN NN -
and 3 cc CCONJ CC -
another 9 det DET DT -
nine 11 nsubjpass NUM CD -
were 11 auxpass AUX VBD be
wounded 3 conj VERB VBN wound
. 3 punct PUNCT . -
"""
    ) == [("Four traders were killed in the shooting and another nine were wounded", 4, 9)]


def test_a_long_phrase_between_two_figures_keeps_them_apart():
    found = tolls(
        """
Two 1 nummod NUM CD -
men 3 nsubjpass NOUN NNS man
were 3 auxpass AUX VBD be
killed 3 ROOT VERB VBN kill
in 3 prep ADP IN -
the 9 det DET DT -
old 9 amod ADJ JJ -
northern 9 amod ADJ JJ -
border 9 compound NOUN NN -
market 4 pobj NOUN NN -
of 9 prep ADP IN -
the 12 det DET DT -
district 10 pobj NOUN NN -
and 3 cc CCONJ CC -
five 16 nsubjpass NUM CD -
were 16 auxpass AUX VBD be
hurt 3 conj VERB VBN hurt
. 3 punct PUNCT . -
"""
    )
    assert [(f, i) for _, f, i in found] == [(2, None), (None, 5)]



def test_a_contrasting_account_is_no_part_of_the_toll():
    found = tolls(
        """
Medics 1 nsubj NOUN NNS medic
reported 1 ROOT VERB VBD report
three 3 nummod NUM CD -
injuries 1 dobj NOUN NNS injury
, 1 punct PUNCT , -
however 7 advmod ADV RB -
five 7 nummod NUM CD -
deaths 1 conj NOUN NNS death
. 1 punct PUNCT . -
"""
    )
    assert [(f, i) for _, f, i in found] == [(None, 3), (5, None)]
