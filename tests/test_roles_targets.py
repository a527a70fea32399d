"""Source and target selection: who an act is aimed at when the target is
named through a noun phrase, a protest's purpose or a threatened act, and
what is no target (adjuncts, a ceasefire's place). Sentences written for
these tests."""

from __future__ import annotations

import pytest


def _codes(doc):
    return [(e.event_type, e.source.code if e.source else None, e.target.code if e.target else None)
            for e in doc._.fp_events]


FOUND = [
    # the author of an accused or investigated act, not its victims
    ("Kenya is investigating alleged abuses by Kenyan militants against Somali refugees.",
     "ACCUSE", "KEN", "KEN"),
    ("Ghana opened an inquiry into killings committed by Togolese soldiers near the border.",
     "ACCUSE", "GHA", "TGO"),
    # a recipient the parser leaves dangling after "to"
    ("Chile has granted asylum to three Bolivian opposition leaders hiding in a consulate since March.",
     "AID", "CHL", "BOL"),
    # a container noun stands for the people it belongs to
    ("A shelter for Sudanese refugees was attacked by Chadian gunmen, killing nine people.",
     "ASSAULT", "TCD", "SDN"),
    # a rejected offer comes from someone
    ("Morocco rejected a new proposal from Algeria for talks on the border.", "REJECT", "MAR", "DZA"),
    # a protest's purpose names its target, before its place
    ("Filipino students blocked a highway to show their anger at Chinese fishing policies.",
     "PROTEST", "PHL", "CHN"),
    ("Thousands of people marched through Taipei in defiance of Chinese authorities.",
     "PROTEST", "TWN", "CHN"),
    # a threat aimed at the place of the threatened act
    ("The Kenyan president threatened to impose a curfew in Mombasa.", "THREATEN", "KEN", "KEN"),
    # the addressee of a carried request comes before the actors in its clause
    ("The Kenyan president issued a firm reminder on Friday to Uganda that it must work with UN monitors.",
     "REQUEST", "KEN", "UGA"),
    # firing to disperse a crowd is aimed at the crowd (of the police's state)
    ("Ugandan soldiers opened fire to disperse opposition supporters on Sunday.", "ASSAULT", "UGA", "UGA"),
    # a nominal event in a verb's phrase is the verb subject's
    ("Kenyan students threw stones at police during protests against the government.",
     "PROTEST", "KEN", "KEN"),
    # a material act's place stays its target
    ("Indian jets carried out strikes in Pakistan on Tuesday.", "ASSAULT", "IND", "PAK"),
    # stateless civilians take the state where they act
    ("Thousands of workers blocked roads in Nairobi in protest against Ugandan import rules.",
     "PROTEST", "KEN", "UGA"),
    # a cooperative act is aimed at its purpose's recipient
    ("Kenya reopened its northern border to allow the delivery of food aid to Somalia.",
     "RETREAT", "KEN", "SOM"),
    # the subject through a predicative adjective
    ("Kenyan police were responsible for killing two Ugandan traders.", "ASSAULT", "KEN", "UGA"),
    # the passive subject of a trigger verb is its patient, even of an
    # in-verb ("take part in" makes its subject act)
    ("Three Norwegians were taken hostage near the dam on Sunday.", "ASSAULT", None, "NOR"),
    # a verb that always names its victim, with none: a reduced passive
    ("Four UNICEF workers kidnapped near the camp on Sunday.", "ASSAULT", None, "UN"),
    # the foe of an act is not its owner (see NEVER)
    ("Ghana refused to commit to any assistance to the French-led campaign against Mali.",
     "REJECT", "GHA", "FRA"),
]


@pytest.mark.parametrize(("sentence", "etype", "source", "target"), FOUND,
                         ids=[f"{c[1]}-{i}" for i, c in enumerate(FOUND)])
def test_target_found(code_text, sentence, etype, source, target):
    doc = code_text(sentence)
    assert (etype, source, target) in _codes(doc), _codes(doc)


NOT_TARGETS = [
    # an adjunct of manner or time names no participant
    ("The Togolese minister agreed to step down without going back to Togo.", "AGREE", "TGO"),
    # a ceasefire declared in a place is not aimed at that place's state
    ("The rebel group declared a truce on Friday in northern Mali after weeks of fighting.", "RETREAT", "MLI"),
    # a parenthesis that describes a place or a party names no participant
    ("About 300 rioters attacked the offices of a daily in Larnaca (a paper critical of Russia's policy) on Monday.",
     "ASSAULT", "RUS"),
]


@pytest.mark.parametrize(("sentence", "etype", "wrong"), NOT_TARGETS,
                         ids=[f"{c[1]}-{i}" for i, c in enumerate(NOT_TARGETS)])
def test_no_target_from_adjunct_or_place(code_text, sentence, etype, wrong):
    doc = code_text(sentence)
    codes = _codes(doc)
    assert any(t == etype for t, _, _ in codes), codes
    assert not any(t == etype and tgt == wrong for t, _, tgt in codes), codes


def test_state_alone_is_not_its_own_rebels(code_text):
    from flashpoint.coding.roles import same_actor
    from flashpoint.models import Actor

    assert not same_actor(Actor(code="HRV"), Actor(code="HRV", sector="REB"))
    assert same_actor(Actor(code="HRV"), Actor(code="HRV", sector="MIL"))


def test_active_conjunct_of_a_passive_takes_its_subject(code_text):
    doc = code_text("Peru's interior minister has been charged by prosecutors over the killings and will resign.")
    codes = _codes(doc)
    resign = [c for c in codes if c[0] in ("RETREAT", "AGREE") and c[1] == "PER"]
    assert resign, codes


def test_participle_noun_is_the_source(code_text):
    doc = code_text("Police in Accra arrested students protesting fuel prices in the capital.")
    assert any(t == "PROTEST" and s is not None for t, s, _ in _codes(doc)), _codes(doc)


def test_dateline_taken_for_a_subject_does_not_hide_the_real_one(code_text):
    doc = code_text("GARISSA, May 4 - Kenyan police ended a long siege of a school in the north on Friday, "
                    "killing all nine gunmen inside, officials said.")
    assert any(t == "ASSAULT" and s == "KEN" for t, s, _ in _codes(doc)), _codes(doc)


def test_cause_of_an_emotion_is_not_an_author(code_text):
    doc = code_text("Students angered by the arrest of a Kenyan activist stormed a police station in Nairobi.")
    assert not any(s == "KEN" and t == "ASSAULT" and tgt != "KEN" for t, s, tgt in _codes(doc)), _codes(doc)


ANY = "*"

# (sentence, (type, source, target) no event of it may have; ANY matches any)
NEVER = [
    pytest.param("Ghana refused to commit to any assistance to the French-led campaign against Mali.",
                 ("REJECT", "GHA", "MLI"), id="foe-of-an-act-is-not-its-owner"),
    pytest.param("Police fired tear gas during demonstrations in Nairobi.", ("PROTEST", "KEN", ANY),
                 id="state-forces-in-a-scene-are-not-the-protesters"),
    pytest.param("Gunmen killed nine villagers in Mombasa.", ("ASSAULT", "KEN", ANY),
                 id="armed-group-takes-no-state-from-the-place"),
    pytest.param("Kenya's foreign minister, who flew to Nairobi on Friday, offered Kenya's help in ending the crisis.",
                 ("AGREE", ANY, "KEN"), id="own-state-as-possessor-is-no-target"),
    pytest.param("The Kenyan president pledged to modernize Kenya and reform the courts.", ("AGREE", ANY, "KEN"),
                 id="own-state-as-object-of-a-promised-act-is-no-target"),
    pytest.param("Exiled opposition leaders met Kenyan officials in London on Monday.", (ANY, "GBR", ANY),
                 id="opposition-abroad-takes-no-state-from-the-meeting-place"),
    pytest.param("Kenyan police broke up a rally held by students at a college in Nakuru "
                 "to oppose the sending of troops to Somalia.", ("COERCE", ANY, "SOM"),
                 id="stateless-victims-take-the-place-not-a-state-further-down"),
    pytest.param("Hackers outraged by the publication of a report by Kenyan officials defaced Ugandan websites.",
                 ("COERCE", "KEN", ANY), id="cause-of-an-emotion-is-not-an-author"),
]


@pytest.mark.parametrize(("sentence", "pattern"), NEVER)
def test_never_coded(code_text, sentence, pattern):
    codes = _codes(code_text(sentence))
    assert not any(all(p in (ANY, c) for p, c in zip(pattern, code, strict=True)) for code in codes), codes


@pytest.mark.parametrize(("sentence", "source"), [
    # a named agency or outlet in the "by" phrase of "was reported killed" tells of the act
    ("One villager was reported killed by UNICEF on Sunday.", None),
    # a party that can act is the agent
    ("Two farmers were reported killed by soldiers on Sunday.", "MIL"),
])
def test_reporter_of_a_passive_report_is_no_agent(code_text, sentence, source):
    doc = code_text(sentence)
    sources = [e.source for e in doc._.fp_events if e.event_type == "ASSAULT"]
    assert sources, _codes(doc)
    assert all((s.sector if s else None) == source for s in sources), sources

