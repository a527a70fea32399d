"""Quotations and their speakers, on sentences written for these tests."""

from __future__ import annotations


def _quotes(doc):
    return {(s.speaker.code if s.speaker else None, s.quote) for s in doc._.fp_statements}


def test_attribution_after_the_quote(code_text):
    doc = code_text("“We will respond firmly to any aggression,” the Indian foreign minister said.")
    assert ("IND", "We will respond firmly to any aggression") in _quotes(doc)


def test_attribution_before_with_stating(code_text):
    doc = code_text("Marco Rubio addressed reporters, stating, ‘Both sides must step back now.’")
    assert ("USA", "Both sides must step back now.") in _quotes(doc)


def test_partial_quote_after_labeled(code_text):
    doc = code_text("The Chinese foreign minister labeled the strikes “regrettable”.")
    assert ("CHN", "regrettable") in _quotes(doc)


def test_organisation_statement_read(code_text):
    doc = code_text("“We urge restraint from all parties,” the EU statement read.")
    assert ("EU", "We urge restraint from all parties") in _quotes(doc)


def test_quote_inside_clause_takes_its_subject(code_text):
    doc = code_text("In the readout, Rubio “pressed both leaders to reopen their hotline” on Sunday.")
    assert ("USA", "pressed both leaders to reopen their hotline") in _quotes(doc)


def test_quote_in_its_own_paragraph(code_text):
    text = ("The Pakistani foreign minister described the truce as a relief:\n"
            "“Our people can finally sleep through the night.”")
    doc = code_text(text)
    assert ("PAK", "Our people can finally sleep through the night.") in _quotes(doc)


def test_straight_double_quotes(code_text):
    doc = code_text('India said "the operation was measured and precise" in a statement.')
    assert ("IND", "the operation was measured and precise") in _quotes(doc)


def test_apostrophes_are_not_quotes(code_text):
    doc = code_text("Pakistan’s army chief and India’s foreign minister spoke on Monday.")
    assert doc._.fp_statements == []


def test_scare_quoted_word_without_speaker_is_dropped(code_text):
    doc = code_text("The so-called ‘surgical’ raids continued for a third night.")
    assert doc._.fp_statements == []


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
