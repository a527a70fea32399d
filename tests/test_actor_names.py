"""Actor names and dictionary entries: pro-/anti- compounds, language
adjectives, misspelt states, international organisations, peacekeepers,
named organisations that hold a place, sub-national units, and
"the <president> administration"."""

from __future__ import annotations

import pytest


def actors_of(doc):
    """(text, code, sector) of every single-actor mention."""
    return [
        (s.text, s._.fp_actor.code, s._.fp_actor.sector)
        for s in doc.spans["fp_actors"]
        if s._.fp_actor is not None
    ]


def codes_of(doc):
    return {code for _, code, _ in actors_of(doc)}


def events_of(doc):
    return [
        (e.event_type, e.source.code if e.source else None, e.target.code if e.target else None)
        for e in doc._.fp_events or []
    ]


# -- pro- / anti- compounds ---------------------------------------------------


@pytest.mark.parametrize(
    "text, absent",
    [
        ("The pro-Iranian militia fired rockets at the town on Monday.", "IRN"),
        ("An anti-Syria politician was shot dead in Tripoli on Sunday.", "SYR"),
        ("Pro-Pakistan militants attacked a checkpoint near the border.", "PAK"),
        ("Anti-India protests spread through the capital on Friday.", "IND"),
        ("The anti-Taliban forces took the pass after a week.", "TALIBAN"),
    ],
)
def test_pro_or_anti_compound_is_not_that_state(code_text, text, absent):
    doc = code_text(text)
    assert absent not in codes_of(doc)
    for _, source, target in events_of(doc):
        assert absent not in (source, target)


def test_pro_anti_compound_keeps_the_role(code_text):
    doc = code_text("Pro-Pakistan militants attacked a checkpoint near the border.")
    assert ("militants", None, "REB") in actors_of(doc)


def test_state_without_prefix_is_still_an_actor(code_text):
    doc = code_text("Iranian militias fired rockets at the base on Monday.")
    assert "IRN" in codes_of(doc)


def test_anti_riot_police_are_police(code_text):
    doc = code_text("Egyptian anti-riot police dispersed the crowd in Cairo.")
    assert any(sector == "COP" for _, _, sector in actors_of(doc))


# -- languages and cultures -----------------------------------------------------


@pytest.mark.parametrize(
    "text, absent",
    [
        ("The court lifted the ban on teaching the Russian language in schools.", "RUS"),
        ("An Arabic-language daily praised the minister of Jordan.", None),
        ("A French-language broadcaster interviewed the Belgian premier.", "FRA"),
    ],
)
def test_language_adjective_is_no_actor(code_text, text, absent):
    doc = code_text(text)
    if absent:
        assert absent not in codes_of(doc)
    assert not any(t.startswith(("Russian", "Arabic", "French")) for t, _, _ in actors_of(doc))


def test_religious_figure_is_no_actor(code_text):
    doc = code_text("Crowds angered by a film about the Prophet Muhammad stormed the embassy.")
    assert not any("Prophet" in t for t, _, _ in actors_of(doc))


# -- international organisations and peacekeepers -------------------------------


@pytest.mark.parametrize(
    "text, code",
    [
        ("Amnesty International urged the government to free the reporters.", "AMNESTY"),
        ("Human Rights Watch condemned the arrests in the capital.", "HRW"),
        ("The Red Cross delivered medicine to the besieged town.", "ICRC"),
        ("Doctors Without Borders evacuated its staff from the hospital.", "MSF"),
        ("Transparency International criticised the new law.", "TI"),
        ("The International Labour Organization criticised the treatment of migrants.", "UN"),
    ],
)
def test_international_ngo_is_igo(code_text, text, code):
    doc = code_text(text)
    assert (code, "IGO") in {(c, s) for _, c, s in actors_of(doc)}


def test_generic_rights_group_keeps_no_code(code_text):
    doc = code_text("A human rights group criticised the police in the capital.")
    assert not any(s == "IGO" for _, _, s in actors_of(doc))


@pytest.mark.parametrize(
    "text, phrase, code",
    [
        ("UN peacekeepers were attacked near the border on Monday.", "UN peacekeepers", "UN"),
        ("NATO peacekeeping troops arrived in the capital.", "NATO peacekeeping troops", "NATO"),
        ("African Union peacekeepers patrolled the camp.", "African Union peacekeepers", "AU"),
        ("The rebels rejected a regional peacekeeping force.", "peacekeeping force", None),
    ],
)
def test_peacekeepers_are_igo(code_text, text, phrase, code):
    doc = code_text(text)
    found = [(c, s) for t, c, s in actors_of(doc) if t.endswith(phrase)]
    assert found == [(code, "IGO")]


# -- sub-national units -------------------------------------------------------


def test_northern_ireland_is_in_the_united_kingdom(code_text):
    doc = code_text("London banned a loyalist militia in Northern Ireland on Monday.")
    assert "IRL" not in codes_of(doc)
    doc = code_text("Police in Northern Ireland arrested two men on Monday.")
    assert ("GBR", "COP") in {(c, s) for _, c, s in actors_of(doc)}


def test_ireland_is_still_ireland(code_text):
    doc = code_text("Ireland criticised the decision on Monday.")
    assert "IRL" in codes_of(doc)
