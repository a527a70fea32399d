"""Tolls of real copy: killed words joined to another verb, "to death",
labels ("Fatalities: 4"), people phrases with a side or an "of" phrase,
ranges, and a toll told on its own after its incident. Sentences written
for these tests."""

from __future__ import annotations

import pytest

from flashpoint.nlp.pipeline import make_doc


@pytest.fixture(scope="module")
def cas_nlp(model_with):
    return model_with("flashpoint_casualties")


@pytest.fixture(scope="module")
def figures(cas_nlp):
    def run(text: str):
        doc = cas_nlp(make_doc(cas_nlp, text))
        return [
            (s._.fp_casualty.fatalities, s._.fp_casualty.injuries)
            for s in doc.spans["fp_casualties"]
        ]

    return run


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A shepherd was shot and killed near the well.", [(1, None)]),
        ("Two traders were abducted and killed on the highway.", [(2, None)]),
        ("Villagers beat the suspect to death.", [(1, None)]),
        ("The crowd caught a thief and stoned him to death.", [(1, None)]),
        ("The mob burned two men alive.", [(2, None)]),
        ("Guards fired into the crowd, killing a 17-year-old student.", [(1, None)]),
        ("Fatalities: 6.", [(6, None)]),
        ("Injured - 9.", [(None, 9)]),
        ("Rebels ambushed the convoy. 4 were injured; 1 fatality.", [(None, 4), (1, None)]),
        ("The militia said 14 of its fighters were killed.", [(14, None)]),
        ("The army said three on its side were wounded.", [(None, 3)]),
        ("Bandits killed six members of his family and two neighbours.", [(8, None)]),
        ("Between 20 and 30 villagers were killed in the raid.", [(20, None)]),
        ("Gunmen killed twelve farmers.", [(12, None)]),
        # one person told without a number
        ("The driver was shot and killed near the depot.", [(1, None)]),
        ("Herder killed by bandits near the river.", [(1, None)]),
        ("The boy died of his wounds.", [(1, None)]),
        ("Gunmen killed the village chief.", [(1, None)]),
        ("A teacher and her son were killed in the raid.", [(2, None)]),
        ("A mob beat to death a patient at the clinic.", [(1, None)]),
        ("A widow was burnt to death at the farm.", [(1, None)]),
        ("A nurse was abducted, tortured and killed by bandits.", [(1, None)]),
        ("A herder was found dead near the river.", [(1, None)]),
        ("Four traders were robbed then killed on the road.", [(4, None)]),
        ("The landslide claimed the lives of nine miners.", [(9, None)]),
        ("A ferry passenger drowned when the boat capsized.", [(1, None)]),
        ("Two bodies were later recovered from the lake.", [(2, None)]),
        ("Troops clashed with herders, a body was then found in the field.", [(1, None)]),
        ("Three men were found in the barn.", []),
        ("Five people were reported killed as police fired on the crowd.", [(5, None)]),
        ("Two marchers succumbed to bullet wounds on Monday.", [(2, None)]),
        ("He died in hospital.", [(1, None)]),
        ("One guard was reported to have been killed.", [(1, None)]),
        ("Three traders were abducted and murdered.", [(3, None)]),
        ("Two herders were beaten, tortured and killed.", [(2, None)]),
        ("Soldiers execute 4 prisoners in the yard.", [(4, None)]),
        ("The body of a young man was found in the river.", [(1, None)]),
        ("Mourners gathered after the assassination of a village elder.", [(1, None)]),
        # a number in a date or an age counts no one
        ("3 March. 4 traders died in the fire.", [(4, None)]),
        ("Her 16 year old son was killed.", [(1, None)]),
        # the killers are no toll
        ("Four men raped and killed a girl.", [(1, None)]),
        ("A gang attacked and killed two guards.", [(2, None)]),
        ("More than 40 people were wounded.", [(None, 40)]),
    ],
)
def test_forms(figures, text, expected):
    assert figures(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "No casualties were reported after the shelling.",
        "Rebels shelled the town but nobody was hurt.",
        "None of the passengers were injured.",
        "The mob burned the tyres to the ground.",
        "Police beat the drums of the parade.",
        "Nobody was killed in the raid.",
        "No civilian died in the strike.",
        "The vote killed the peace plan.",
        "Troops shot down two drones.",
        "A UN body said the talks failed.",
        "He said the talks failed.",
        "Four people were arrested and charged.",
    ],
)
def test_no_toll(figures, text):
    assert all(f == (None, None) for f in figures(text))


@pytest.mark.parametrize(
    ("text", "word", "fatalities", "injuries"),
    [
        ("Police fired on marchers in the square. One person dead.", "fired", 1, None),
        ("Bandits attacked a market. Fatalities: 3.", "attacked", 3, None),
        ("Rebels ambushed the convoy. 4 were injured; 1 fatality.", "ambushed", 1, 4),
        # a wounded count completes the incident that has its dead only
        (
            "Mourning was declared after 30 pilgrims were killed by gunmen. "
            "The victims were killed in a night attack on a shrine. "
            "Another 12 people were wounded.",
            "30",
            30,
            12,
        ),
        # a toll that no event of its sentence takes goes to its incident
        (
            "Gunmen ambushed a bus near the border. One passenger died before troops arrived.",
            "ambushed",
            1,
            None,
        ),
        # the attackers' own losses are no toll of their attack
        (
            "Bandits raided a village near the border. Police said two bandits were killed.",
            "raided",
            None,
            None,
        ),
        ("Bandits raided a village near the border. Two farmers were killed.", "raided", 2, None),
        # the incident's sentence tells a firing and a dispersal: the firing harms most
        ("Soldiers fired shots and tear gas to disperse the crowd. One person dead.", "fired", 1, None),
        ("Soldiers fired shots and tear gas to disperse the crowd. One person dead.", "disperse", None, None),
        # the dead and the wounded told apart in one sentence, and one more dead after
        (
            "Police fired on the march, with the death of a porter, while an officer was "
            "wounded. Another porter died in hospital.",
            "fired",
            2,
            1,
        ),
        # "another" inside a figure of its own adds nothing to the incident before
        (
            "Drones struck the depot, wounding four guards. A porter was killed and another injured.",
            "struck",
            None,
            4,
        ),
        # the incident has its dead already: a later figure is another's
        ("Rebels shelled the town, killing two. Three soldiers died.", "shelled", 2, None),
    ],
)
def test_a_toll_told_on_its_own_goes_to_its_incident(code_text, text, word, fatalities, injuries):
    doc = code_text(text)
    event = next(
        e
        for e in doc._.fp_events
        if e.evidence.trigger.startswith(word) or (e.casualty_text or "").startswith(word)
    )
    assert (event.fatalities, event.injuries) == (fatalities, injuries)


def test_a_toll_after_a_paragraph_break_is_not_lent(code_text):
    doc = code_text("Police fired on marchers in the square.\n\nOne person dead.")
    event = next(e for e in doc._.fp_events if e.evidence.trigger.startswith("fired"))
    assert event.fatalities is None
