"""Quotations and their speakers, on sentences written for these tests."""

from __future__ import annotations

import pytest


def _quotes(doc):
    return {(s.speaker.code if s.speaker else None, s.quote) for s in doc._.fp_statements}


@pytest.mark.parametrize(
    ("text", "speaker", "quote"),
    [
        pytest.param("“We will respond firmly to any aggression,” the Indian foreign minister said.",
                     "IND", "We will respond firmly to any aggression", id="attribution-after-the-quote"),
        pytest.param("Marco Rubio addressed reporters, stating, ‘Both sides must step back now.’",
                     "USA", "Both sides must step back now.", id="attribution-before-with-stating"),
        pytest.param("The Chinese foreign minister labeled the strikes “regrettable”.",
                     "CHN", "regrettable", id="partial-quote-after-labeled"),
        pytest.param("“We urge restraint from all parties,” the EU statement read.",
                     "EU", "We urge restraint from all parties", id="organisation-statement-read"),
        pytest.param("In the readout, Rubio “pressed both leaders to reopen their hotline” on Sunday.",
                     "USA", "pressed both leaders to reopen their hotline",
                     id="quote-inside-clause-takes-its-subject"),
        pytest.param("The Pakistani foreign minister described the truce as a relief:\n"
                     "“Our people can finally sleep through the night.”",
                     "PAK", "Our people can finally sleep through the night.",
                     id="quote-in-its-own-paragraph"),
        pytest.param('India said "the operation was measured and precise" in a statement.',
                     "IND", "the operation was measured and precise", id="straight-double-quotes"),
        pytest.param("Pakistan's National Security Committee met in Islamabad on Thursday. "
                     "In a statement, the committee said any attempt by India to divert the rivers "
                     "“will be met with full force”.",
                     "PAK", "will be met with full force",
                     id="the-committee-said-is-the-committee-named-before"),
        pytest.param("Home Minister Amit Shah praised the security forces on Sunday. "
                     "“This is a decisive blow against the insurgency,” Shah wrote on X.",
                     "IND", "This is a decisive blow against the insurgency",
                     id="a-surname-alone-is-the-person-named-before"),
    ],
)
def test_quote_and_speaker(code_text, text, speaker, quote):
    quotes = _quotes(code_text(text))
    assert (speaker, quote) in quotes, quotes


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Pakistan’s army chief and India’s foreign minister spoke on Monday.",
                     id="apostrophes-are-not-quotes"),
        pytest.param("The so-called ‘surgical’ raids continued for a third night.",
                     id="scare-quoted-word-without-speaker-is-dropped"),
    ],
)
def test_no_statement(code_text, text):
    assert code_text(text)._.fp_statements == []


def test_statement_fields(code_text):
    text = "Calm returned.\n“We want peace,” the Pakistani prime minister said."
    doc = code_text(text, published="2025-05-11")
    st = doc._.fp_statements[0]
    assert st.date == "2025-05-11"
    assert text[st.evidence.start:st.evidence.end] == st.evidence.sentence
    assert "We want peace" in st.evidence.sentence
    assert st.to_dict()["kind"] == "statement"


def test_first_person_in_quote_is_the_speaker(code_text):
    doc = code_text("“We call on India to stop the firing,” the Pakistani foreign ministry said.")
    events = [e for e in doc._.fp_events if e.event_type == "REQUEST"]
    assert events and events[0].source.code == "PAK" and events[0].target.code == "IND"


SPEECH = (
    "The text below gives part of a speech.\n\n"
    "SHEIKH HASINA, speaking in Dhaka:\n\n"
    "“Our country has suffered enough. We will not let anyone push us into a war.\n\n"
    "“Myanmar must take back its people. Our patience is not endless.”\n\n"
    "The speech was broadcast live."
)


def test_paragraphs_of_one_quotation_are_one_quotation(code_text):
    quotes = _quotes(code_text(SPEECH))
    assert len(quotes) == 1, quotes
    (_, quote), = quotes
    assert quote.startswith("Our country has suffered enough") and quote.endswith("not endless."), quote
    assert "“" not in quote, quote


def test_a_heading_line_names_the_speaker_of_quoted_paragraphs(code_text):
    quotes = _quotes(code_text(SPEECH))
    assert {code for code, _ in quotes} == {"BGD"}, quotes


def test_first_person_under_a_heading_is_the_heading_s_person(code_text):
    doc = code_text("PUSHPA KAMAL DAHAL, speaking in Kathmandu:\n\n"
                    "“We condemn the firing on our pilgrims by Indian guards.”")
    codes = {(e.event_type, e.source.code if e.source else None) for e in doc._.fp_events}
    assert ("ACCUSE", "NPL") in codes, codes
