"""A death told as the outcome of a blow ("leading to her death"), a bracketed
editor's note after a toll, and the flogging verbs of ``death_verbs``: rule
logic on hand-built Docs (fast tier) and the same forms through the model.
Sentences written for these tests."""

from __future__ import annotations

import pytest

from flashpoint.coding.attr_carriers import _within_one_side
from flashpoint.models import Actor, Event, Evidence
from flashpoint.nlp.casualties import _caused_death, _in_note, _modifies_a_noun
from flashpoint.nlp.pipeline import make_doc
from handdocs import build, token

_LEADING = """
A 1 det DET DT -
guard 2 nsubjpass NOUN NN -
was 2 auxpass AUX VBD be
struck 2 ROOT VERB VBN strike
, 2 punct PUNCT , -
leading 2 advcl VERB VBG lead
to 5 prep ADP IN -
her 8 poss PRON PRP$ -
death 6 pobj NOUN NN -
. 2 punct PUNCT . -
"""

_SINCE = """
Since 6 prep ADP IN -
his 2 poss PRON PRP$ -
death 0 pobj NOUN NN -
, 6 punct PUNCT , -
the 5 det DET DT -
movement 6 nsubj NOUN NN -
split 6 ROOT VERB VBD -
. 6 punct PUNCT . -
"""

_THEIR = """
It 1 nsubj PRON PRP -
caused 1 ROOT VERB VBD cause
their 3 poss PRON PRP$ -
deaths 1 dobj NOUN NNS death
. 1 punct PUNCT . -
"""


def test_a_death_led_to_counts_one():
    doc = build(_LEADING)
    figure = _caused_death(doc, token(doc, "death").i)
    assert figure is not None and figure.value == 1
    assert doc[figure.start : figure.end].text == "leading to her death"


def test_a_death_in_background_is_no_toll():
    doc = build(_SINCE)
    assert _caused_death(doc, token(doc, "death").i) is None


def test_a_plural_owner_counts_no_one():
    doc = build(_THEIR)
    assert _caused_death(doc, token(doc, "deaths").i) is None


def test_a_bracketed_note_is_no_object():
    doc = build(
        """
One 1 nummod NUM CD -
trader 2 nsubj NOUN NN -
killed 2 ROOT VERB VBN kill
[ 2 dep X XX -
note 2 dobj NOUN NN -
] 2 punct PUNCT -RRB- -
"""
    )
    assert _in_note(doc, 3, 4)
    assert not _in_note(doc, 3, 3 - 1)


def test_a_hurt_word_before_a_noun_describes_it():
    doc = build(
        """
Two 2 nummod NUM CD -
wounded 2 amod ADJ JJ -
guards 3 nsubj NOUN NNS guard
died 3 ROOT VERB VBD die
"""
    )
    assert _modifies_a_noun(doc, 1)
    left = build(
        """
It 1 nsubj PRON PRP -
left 1 ROOT VERB VBD leave
two 4 nummod NUM CD -
wounded 4 amod ADJ JJ -
guards 1 dobj NOUN NNS guard
"""
    )
    assert not _modifies_a_noun(left, 3)  # "left two wounded guards": injured 2
    told = build(
        """
Two 1 nsubj NUM CD -
wounded 1 ROOT VERB VBN wound
"""
    )
    assert not _modifies_a_noun(told, 1)


def _event(source: str | None, target: str | None) -> Event:
    return Event(
        doc_id="d",
        event_type="ASSAULT",
        evidence=Evidence("s", 0, 1),
        source=Actor(code=source) if source else None,
        target=Actor(code=target) if target else None,
    )


def test_violence_within_one_side():
    assert _within_one_side(_event("KEN", "KEN"))
    protest = _event("KEN", "KEN")
    protest.event_type = "PROTEST"
    assert not _within_one_side(protest)
    assert not _within_one_side(_event("REB", "MIL"))
    assert not _within_one_side(_event(None, None))


@pytest.fixture(scope="module")
def figures(model_with):
    nlp = model_with("flashpoint_casualties")

    def run(text: str):
        doc = nlp(make_doc(nlp, text))
        return [s._.fp_casualty.fatalities for s in doc.spans["fp_casualties"]]

    return run


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Villagers whipped a cattle thief to death.", [1]),
        ("Guards clubbed the prisoner, which later resulted in his death.", [1]),
        ("Herders and farmers fought in the valley. One farmer killed [size=none]", [1]),
        ("Since his death in 2010, the movement has split.", []),
        ("Two wounded herders later died in a clinic.", [2]),
        ("Three injured soldiers were flown out.", [None]),
        ("Vigilantes seized a cattle thief whom the crowd stoned to death.", [1]),
        ("The old trader eventually passed away on Sunday.", [1]),
        ("The committee passed the budget.", []),
        ("A man was hurt and 1 person ended up dying.", [1]),
    ],
)
def test_outcome_forms(figures, text, expected):
    assert figures(text) == expected


@pytest.mark.model
def test_a_toll_of_fighting_within_one_side(code_text):
    doc = code_text("Kenyan students clashed at a college in Nakuru. One student died.")
    clash = [e for e in doc._.fp_events if "clashed" in e.evidence.trigger]
    assert clash and clash[0].fatalities == 1


@pytest.mark.model
def test_own_losses_of_an_attack_stay_apart(code_text):
    doc = code_text("Rebels shelled an army base in Gao. Two rebels were killed.")
    shelling = [e for e in doc._.fp_events if e.evidence.trigger == "shelled"]
    assert shelling and shelling[0].fatalities is None


@pytest.mark.model
def test_an_attack_told_as_the_trigger_own_noun(code_text):
    doc = code_text(
        "Two alleged burglars were stabbed during a street attack in Kisumu that"
        " caused the death of one of them."
    )
    stabbed = [e for e in doc._.fp_events if e.evidence.trigger == "stabbed"]
    assert stabbed and stabbed[0].fatalities == 1


def test_deaths_before_an_intervention_are_not_its_toll(code_text):
    doc = code_text("Rival traders fought at a market in Mombasa. One trader died before police "
                    "arrived to disperse the crowd.")
    dispersal = [e for e in doc._.fp_events if e.event_type == "COERCE"]
    assert dispersal and all(e.fatalities is None for e in dispersal)
    doc = code_text("Two protesters died after police fired on the crowd.")
    assert [e for e in doc._.fp_events if e.event_type == "ASSAULT" and e.fatalities == 2]
