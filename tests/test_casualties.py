"""flashpoint_casualties: killed / injured figures and the event they belong
to. Sentences written for these tests."""

from __future__ import annotations

import pytest

from flashpoint.coding.event_tolls import casualties_for_event
from flashpoint.models import Event, Evidence
from flashpoint.nlp.casualties import Casualty
from flashpoint.nlp.pipeline import make_doc


@pytest.fixture(scope="module")
def cas_nlp(model_with):
    return model_with("flashpoint_casualties")


@pytest.fixture(scope="module")
def run(cas_nlp):
    def run(text: str):
        return cas_nlp(make_doc(cas_nlp, text))

    return run


def figures(doc) -> list[tuple[int | None, int | None, str]]:
    return [
        (s._.fp_casualty.fatalities, s._.fp_casualty.injuries, s._.fp_casualty.text)
        for s in doc.spans["fp_casualties"]
    ]


def trigger(doc, word: str):
    tok = next(t for t in doc if t.text == word)
    return doc[tok.i : tok.i + 1]


def toll(doc, word: str, *others: str) -> Casualty | None:
    return casualties_for_event(doc, trigger(doc, word), [trigger(doc, w) for w in others])


@pytest.mark.parametrize(
    ("text", "killed", "injured", "words"),
    [
        (
            "Mortar fire hit the bazaar, killing 9 shoppers and injuring 40.",
            9,
            40,
            "killing 9 shoppers and injuring 40",
        ),
        ("The car bomb left 14 people dead.", 14, None, "14 people dead"),
        ("The raids caused 18 deaths and 35 injuries.", 18, 35, "18 deaths and 35 injuries"),
        ("The death toll rose to 27 by evening.", 27, None, "death toll rose to 27"),
        ("Police said 11 people were killed.", 11, None, "11 people were killed"),
        (
            "Seven constables were killed and 12 wounded.",
            7,
            12,
            "Seven constables were killed and 12 wounded",
        ),
        ("Two smugglers were shot dead at the fence.", 2, None, "Two smugglers were shot dead"),
        ("Villagers found the bodies of three herders.", 3, None, "bodies of three herders"),
        ("The landslide of shells claimed 19 lives.", 19, None, "claimed 19 lives"),
        ("The toll by nightfall: 21 dead, 30 injured.", 21, 30, "21 dead, 30 injured"),
        ("Gunmen killed 17 pilgrims near the shrine.", 17, None, "killed 17 pilgrims"),
        (
            "At least 8 villagers killed and 22 injured in the barrage.",
            8,
            22,
            "At least 8 villagers killed and 22 injured",
        ),
        ("The brigade said it killed five.", 5, None, "killed five"),
        ("One person died in the fire.", 1, None, "One person died"),
        # the historic present of short incident notes
        ("Two herders die in the raid.", 2, None, "Two herders die"),
        ("One porter succumbs to his injuries.", 1, None, "One porter succumbs to his injuries"),
        ("Four of them were wounded.", None, 4, "Four of them were wounded"),
        ("The blast hurt 6 workers.", None, 6, "hurt 6 workers"),
        ("The army said it killed 100 terrorists.", 100, None, "killed 100 terrorists"),
        # a verb with its own object counts the object, not its subject
        ("Five gunmen killed three guards.", 3, None, "killed three guards"),
        ("Two soldiers guarding the post killed an intruder.", 1, None, "killed an intruder"),
        # one team is not counted as one victim
        (
            "Two guards escorting a health team were shot dead near the market.",
            2,
            None,
            "Two guards escorting a health team were shot dead",
        ),
        # qualifiers and ranges keep the stated minimum
        ("The shelling killed at least 26 people.", 26, None, "killed at least 26 people"),
        ("More than 30 soldiers died in the ambush.", 30, None, "More than 30 soldiers died"),
        ("Up to 40 people were killed, officials feared.", 40, None, "Up to 40 people were killed"),
        (
            "Between 15 to 20 people were killed in the flood of rockets.",
            15,
            None,
            "15 to 20 people were killed",
        ),
        ("Officials said 15-20 villagers died.", 15, None, "15-20 villagers died"),
        ("Officials said 15–20 villagers died.", 15, None, "15–20 villagers died"),
    ],
)
def test_forms(run, text, killed, injured, words):
    assert figures(run(text)) == [(killed, injured, words)]


@pytest.mark.parametrize(
    ("text", "killed", "injured"),
    [
        # number words
        ("Twenty-six people were killed in the raid.", 26, None),
        ("Forty-one porters were injured.", None, 41),
        ("Two dozen recruits were killed.", 24, None),
        ("A dozen were wounded at the checkpoint.", None, 12),
        ("Half a dozen guards died.", 6, None),
        ("Thirteen people were killed and fifty-nine injured.", 13, 59),
        ("The strike killed 1,200 fighters.", 1200, None),
        # tolls, asides and coordination
        ("The death toll from the bombing of the bus depot rose to 19 on Sunday.", 19, None),
        (
            "The number of people killed in the raids on the two towns has risen to 23, with 50 others wounded.",
            23,
            50,
        ),
        ("The tally of the injured reached 64.", None, 64),
        ("Nine herders, including two boys, were killed.", 9, None),
        ("Officials said 8 soldiers and 12 civilians died.", 20, None),
        ("The figure was above the 26 dead and 40 injured it had given earlier.", 26, 40),
        # a figure of its own is not summed with the next
        ("The blast killed 5 soldiers and 3 civilians were injured.", 5, 3),
        # parse-based subjects, martyrdom, nominal killings, "another"
        ("Two guards escorting a health team were shot dead near the market.", 2, None),
        ("Three suspected smugglers were shot dead at the fence.", 3, None),
        ("A constable embraced martyrdom in the attack.", 1, None),
        ("Four soldiers embraced martyrdom and nine others were wounded.", 4, 9),
        ("Officials recalled the killing of 17 pilgrims at the shrine.", 17, None),
        ("A porter was killed and another injured when the shell landed.", 1, 1),
        ("Rebels killed a guard and wounded another at the gate.", 1, 1),
        ("Another 12 people were wounded in the blast.", None, 12),
    ],
)
def test_killed_and_injured(run, text, killed, injured):
    assert [(k, i) for k, i, _ in figures(run(text))] == [(killed, injured)]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("The clashes led to dozens of fatalities.", "dozens of fatalities"),
        ("Scores were injured in the stampede.", "Scores were injured"),
        ("Hundreds died in the offensive.", "Hundreds died"),
        ("Several soldiers were killed.", "Several soldiers were killed"),
        ("The shelling caused heavy casualties and 3 casualties more.", "3 casualties"),
    ],
)
def test_vague_quantities_keep_text_without_figure(run, text, words):
    found = figures(run(text))
    assert [w for _, _, w in found] == [words]
    assert all(k is None and i is None for k, i, _ in found)


@pytest.mark.parametrize(
    "text",
    [
        "Air defences shot down 25 drones over the port.",
        "Missiles hit nine sites across the province.",
        "The president threatened a 26% tariff on steel.",
        "The air force lost five jets in 2021.",
        "The camp lies 100 km from the border.",
        "No one was killed in the attack.",
        "Seven gunmen killed the guards.",
        # a number the parse ties to a thing counts no one
        "The army said it had shot down 12 foreign-made drones over the city.",
    ],
)
def test_non_casualty_numbers_are_ignored(run, text):
    assert figures(run(text)) == []


def agrees(found: Casualty | None, expected) -> bool:
    """``expected``: None (no toll), a Casualty (the whole toll) or a number
    (its fatalities)."""
    if expected is None or isinstance(expected, Casualty):
        return found == expected
    return found is not None and found.fatalities == expected


INTERCEPTED = "Rangers intercepted 12 drones over the harbour, and artillery shelling killed 8 fishermen."
TRACED = "Investigators traced the March 3 bombing, which killed 19 commuters."
MARKET = "The market bombing, which killed 19 commuters, shocked the city."
FOLLOWED = "Drone strikes on the airbase were followed by rebel shelling that killed 13."
AVENGE = "The air force bombed depots to avenge the ambush that killed 14 guards."


@pytest.mark.parametrize(
    ("text", "word", "others", "expected"),
    [
        # a figure attaches to the clause it modifies
        pytest.param(INTERCEPTED, "intercepted", ["shelling"], None, id="clause-1"),
        pytest.param(INTERCEPTED, "shelling", ["intercepted"], Casualty(8, None, "killed 8 fishermen"),
                     id="clause-2"),
        # a relative clause's figure goes to its noun
        pytest.param(TRACED, "bombing", ["traced"], 19, id="relative-clause-1"),
        pytest.param(TRACED, "traced", ["bombing"], None, id="relative-clause-2"),
        # a trigger inside the expression does not compete
        pytest.param(MARKET, "bombing", ["killed"], 19, id="trigger-inside-the-expression-1"),
        pytest.param(MARKET, "killed", ["bombing"], 19, id="trigger-inside-the-expression-2"),
        # "followed by shelling that killed"
        pytest.param(FOLLOWED, "strikes", ["shelling"], None, id="followed-by-1"),
        pytest.param(FOLLOWED, "shelling", ["strikes"], Casualty(13, None, "killed 13"), id="followed-by-2"),
        # a trailing result clause goes to the preceding event
        pytest.param("Rebels fired rockets at the depot on Monday, resulting in 4 deaths and 9 injuries.",
                     "fired", [], Casualty(4, 9, "4 deaths and 9 injuries"), id="trailing-result-clause"),
        # no figure in the sentence
        pytest.param("Commandos raided a hideout in the hills. Later 5 people were killed in a separate blast.",
                     "raided", [], None, id="no-figure-in-the-sentence"),
        # a figure in a background clause is not the trigger's
        pytest.param("The navy sank two patrol boats on Friday, a week after raiders killed 11 sailors.",
                     "sank", [], None, id="figure-in-a-background-clause"),
        # a figure under another event noun is not the trigger's
        pytest.param(AVENGE, "bombed", [], None, id="figure-under-another-event-noun-1"),
        pytest.param(AVENGE, "ambush", ["bombed"], 14, id="figure-under-another-event-noun-2"),
        # a light verb's object is the trigger's own event
        pytest.param("Militants opened fire on a bus, killing three passengers.", "opened", [],
                     Casualty(3, None, "killing three passengers"), id="light-verb-object"),
    ],
)
def test_the_toll_of_an_event(run, text, word, others, expected):
    found = toll(run(text), word, *others)
    assert agrees(found, expected), found


def test_event_coded_as_a_condemnation_takes_no_toll(run):
    doc = run("The council condemned the ambush that killed 9 soldiers.")
    condemned = trigger(doc, "condemned")
    evidence = Evidence(sentence=doc.text, start=0, end=len(doc.text))
    doc._.fp_events = [
        Event(
            doc_id="t",
            event_type="ACCUSE",
            evidence=evidence,
            _trigger_span=(condemned.start, condemned.end),
        )
    ]
    assert casualties_for_event(doc, condemned, []) is None


def test_pipeline_registers_the_component(cas_nlp):
    assert "flashpoint_casualties" in cas_nlp.pipe_names


# --- short South Asian reports ---------------------------------------------------------


def _toll(doc, word):
    token = next(t for t in doc if t.text == word)
    return casualties_for_event(doc, doc[token.i : token.i + 1], [])


@pytest.mark.parametrize(
    ("text", "word", "fatalities"),
    [
        ("Gunmen shot dead a shopkeeper in the bazaar.", "shot", 1),
        ("A constable was killed when rebels fired on a post.", "fired", 1),
        ("Two policemen were martyred in the attack.", "martyred", 2),
        ("Two soldiers succumbed to injuries after the ambush.", "succumbed", 2),
        ("Six labourers from Punjab were shot dead by gunmen.", "shot", 6),
        ("Two cadres of the PLA (M) were killed in the gunfight.", "killed", 2),
        ("Eight jawans and their driver were killed in the blast.", "killed", 9),
        ("The blast killed a total of 12 people.", "killed", 12),
        # phrases holding their own object
        ("Three soldiers lost their lives when a mine went off.", "lost", 3),
        ("Two terrorists were neutralised in the operation.", "neutralised", 2),
    ],
)
def test_report_tolls(code_text, text, word, fatalities):
    toll = _toll(code_text(text), word)
    assert toll is not None and toll.fatalities == fatalities


def test_a_without_a_person_is_no_toll(code_text):
    doc = code_text("Gunmen killed a number of cattle and a few goats.")
    toll = _toll(doc, "killed")
    assert toll is None or toll.fatalities is None


def test_also_killed_adds_to_the_main_event(code_text):
    doc = code_text(
        "Troops killed three militants in the gunfight; one soldier was also killed in it."
    )
    events = [e for e in doc._.fp_events if e.event_type == "ASSAULT"]
    tolls = sorted(e.fatalities for e in events if e.fatalities)
    assert max(tolls) == 4  # the encounter: 3 militants and a soldier
    assert 1 in tolls or len(tolls) == 1  # the "also killed" event keeps its own


def test_also_killed_in_the_next_sentence_adds(code_text):
    doc = code_text("Troops killed two militants in Kulgam. A soldier was also killed.")
    token = next(t for t in doc if t.text == "killed")
    assert casualties_for_event(doc, doc[token.i : token.i + 1], []).fatalities == 3


# --- third pass: parse-based subjects, martyrdom, nominal killings, "another" -----


@pytest.mark.parametrize("digits", ["12345678", "9" * 5000])
def test_a_run_of_digits_too_long_for_a_toll_is_no_count(code_text, digits):
    """No toll reaches ten million: the run is an id or noise, and the rest
    of the article is coded as usual (a 5,000-digit run once made Python
    refuse to read it and the article was rejected)."""
    doc = code_text(f"Gunmen killed {digits} people in the town. Police arrested two suspects.")
    assert [e.fatalities for e in doc._.fp_events if e.event_type == "ASSAULT"] == [None]
    assert any(e.event_type == "COERCE" for e in doc._.fp_events)


@pytest.mark.parametrize(
    ("text", "killed"),
    [
        # a second count of people adds to the first
        ("The bodies of two men and four women were found in a ravine.", 6),
        ("Gunmen shot dead two guards and a driver at the toll plaza.", 3),
        # quoted words, parts of a toll and sacrifices
        ('A drone strike on the farm "killed" six boys and a man, the governor said.', 7),
        ("Two teachers among eleven people were killed in the blast.", 11),
        ("Two guards alongside 4 other residents were killed in the raid.", 6),
        ("Three guards (Ali, Omar and Bilal) alongside 4 other villagers from Kano State were killed.", 7),
        ("Five border guards also made the ultimate sacrifice in the fighting.", 5),
    ],
)
def test_killed_only(run, text, killed):
    assert [k for k, _, _ in figures(run(text))] == [killed]


