"""flashpoint_paragraphs: a square-bracketed aside inside a sentence is no
sentence start, on a blank tokenizer (fast tier) and through the parser.
Sentences written for these tests."""

from __future__ import annotations

import pytest
import spacy

from flashpoint.nlp.paragraphs import mark_line_starts

_BLANK = spacy.blank("en")


def _starts(text: str) -> list[tuple[str, bool | None]]:
    doc = mark_line_starts(_BLANK(text))
    return [(t.text, t.is_sent_start) for t in doc]


def test_an_aside_mid_sentence_starts_nothing():
    starts = dict(_starts("Two guards died on Friday [4 June] when the convoy was hit"))
    assert starts["["] is False and starts["June"] is False and starts["when"] is False


def test_an_aside_after_a_full_stop_is_left_to_the_parser():
    starts = dict(_starts("A guard was shot. [Source: radio] The convoy turned back"))
    assert starts["["] is None


def test_an_aside_on_its_own_line_starts_it():
    starts = _starts("The convoy turned back\n[Source: radio]")
    bracket = next(flag for word, flag in starts if word == "[")
    assert bracket is True


@pytest.mark.model
def test_a_toll_before_a_dated_aside_reaches_the_shooting(code_text):
    doc = code_text(
        "Three strikers succumbed to gunshot wounds on Tuesday [4 March] when "
        "soldiers opened fire at strikers in Bulawayo."
    )
    assert len(list(doc.sents)) == 1
    fire = [e for e in doc._.fp_events if e.evidence.trigger == "opened fire"]
    assert fire and fire[0].fatalities == 3
