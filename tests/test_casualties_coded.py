"""A coder's note on the toll it coded ("unknown fatalities coded as 10",
"only 12 coded here") and a toll spread over several coded events
("fatalities spread over three days"): rule logic on hand-built Docs (fast
tier). Sentences written for these tests."""

from __future__ import annotations

from handdocs import tolls


def test_unknown_fatalities_coded_as_a_number():
    assert tolls(
        """
Unknown 1 amod ADJ JJ -
fatalities 2 nsubjpass NOUN NNS fatality
coded 2 ROOT VERB VBN code
as 2 prep ADP IN -
7 3 pobj NUM CD -
. 2 punct PUNCT . -
"""
    ) == [("coded as 7", 7, None)]


def test_a_number_of_events_coded_is_no_toll():
    assert tolls(
        """
Looters 1 nsubj NOUN NNS looter
killed 1 ROOT VERB VBD kill
traders 1 dobj NOUN NNS trader
, 1 punct PUNCT , -
coded 1 advcl VERB VBN code
as 4 prep ADP IN -
three 7 nummod NUM CD -
separate 7 amod ADJ JJ -
events 5 pobj NOUN NNS event
. 1 punct PUNCT . -
"""
    ) == []


def test_a_coded_share_corrects_the_reported_total():
    assert tolls(
        """
40 1 nummod NUM CD -
deaths 2 nsubjpass NOUN NNS death
were 3 auxpass AUX VBD be
reported 3 ROOT VERB VBN report
( 6 punct PUNCT -LRB- -
only 6 advmod ADV RB -
12 3 appos NUM CD -
coded 6 acl VERB VBN code
here 7 advmod ADV RB -
) 6 punct PUNCT -RRB- -
. 3 punct PUNCT . -
"""
    ) == [("40 deaths were reported ( only 12 coded", 12, None)]


def test_fatalities_spread_over_days_give_each_its_share():
    assert tolls(
        """
Nine 1 nummod NUM CD -
herders 3 nsubjpass NOUN NNS herder
were 3 auxpass AUX VBD be
killed 3 ROOT VERB VBN kill
, 3 punct PUNCT , -
fatalities 6 nsubj NOUN NNS fatality
spread 3 advcl VERB VBN spread
over 6 prep ADP IN -
four 9 nummod NUM CD -
days 7 pobj NOUN NNS day
. 3 punct PUNCT . -
"""
    ) == [("Nine herders were killed", 2, None)]


def test_a_share_rounds_half_up():
    assert tolls(
        """
Seven 1 nummod NUM CD -
fatalities 2 nsubj NOUN NNS fatality
spread 2 ROOT VERB VBN spread
over 2 prep ADP IN -
two 5 nummod NUM CD -
locations 3 pobj NOUN NNS location
. 2 punct PUNCT . -
"""
    ) == [("Seven fatalities", 4, None)]


def test_people_spread_over_places_are_no_share():
    assert tolls(
        """
Nine 1 nummod NUM CD -
herders 3 nsubjpass NOUN NNS herder
were 3 auxpass AUX VBD be
killed 3 ROOT VERB VBN kill
, 3 punct PUNCT , -
spread 3 advcl VERB VBN spread
over 5 prep ADP IN -
four 8 nummod NUM CD -
villages 6 pobj NOUN NNS village
. 3 punct PUNCT . -
"""
    ) == [("Nine herders were killed", 9, None)]
