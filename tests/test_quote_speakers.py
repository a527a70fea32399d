"""Quote speakers in real-style reports: transcripts, pronouns and roles
resolved within the paragraph, people named in full before, attributions in
the sentence after a quotation. Sentences written for these tests."""

from __future__ import annotations


def _statements(doc):
    return [(s.speaker, s.quote) for s in doc._.fp_statements]


def _speaker_of(doc, words):
    for speaker, quote in _statements(doc):
        if words in quote:
            return speaker
    raise AssertionError(f"no statement with {words!r}: {_statements(doc)}")


TRANSCRIPT = (
    "EVENING BULLETIN - transcript, 3 March 2025.\n\n"
    "HOST (MARIA GOMEZ): Welcome back. Shelling resumed near the border overnight.\n\n"
    "PETER NOLAN (REPORTER, KABUL): Maria, the guns fell silent only at dawn.\n\n"
    "GOMEZ: What is behind the new round of fighting?\n\n"
    "NOLAN: Officials here blame the other side, as usual.\n\n"
    "HELEN BRANDT (ANALYST): Neither government can afford a long war this winter.\n\n"
    "GOMEZ: And the talks?\n\n"
    "Brandt: They are stalled until both armies pull back their heavy guns.\n"
)


def test_transcript_turns_of_a_guest_are_statements(code_text):
    doc = code_text(TRANSCRIPT)
    speaker = _speaker_of(doc, "Neither government can afford a long war")
    assert speaker is not None and speaker.sector == "ANALYST" and speaker.name == "Helen Brandt"
    # a later turn under the surname alone, in ordinary case
    later = _speaker_of(doc, "They are stalled until both armies pull back")
    assert later is not None and later.name == "Helen Brandt"


def test_transcript_turns_of_the_programme_are_not(code_text):
    quotes = [q for _, q in _statements(code_text(TRANSCRIPT))]
    assert not any("Welcome back" in q or "guns fell silent" in q or "blame the other side" in q
                   for q in quotes)


def test_a_dateline_is_no_transcript_label(code_text):
    doc = code_text("KABUL: Officials said the border crossing would reopen on Monday.\n\n"
                    "Traders welcomed the decision.")
    assert _statements(doc) == []


def test_live_blog_labels_are_no_transcript(code_text):
    text = ("UPDATE: The border crossing has reopened after two days.\n\n"
            "BREAKING: Sirens sounded again in the northern districts tonight.\n\n"
            "UPDATE: Schools will stay closed on Monday, the district office says.\n")
    assert _statements(code_text(text)) == []


def test_he_said_is_the_person_who_spoke_in_the_paragraph(code_text):
    text = ("The Indian foreign secretary Vikram Misri told reporters the guns had fallen silent.\n\n"
            "In Islamabad, Deputy Prime Minister and Foreign Minister Ishaq Dar wrote on X that the truce "
            "would hold. \u201cWe never wanted this war,\u201d he said.")
    assert _speaker_of(code_text(text), "We never wanted this war").code == "PAK"


def test_a_plain_role_takes_the_state_of_the_paragraph_speaker(code_text):
    text = ("From Rawalpindi: the ISPR says its air defences downed a dozen drones overnight. "
            "Debris fell on an empty field. Nobody was hurt on the ground. "
            "\u201cIndia will get a fitting reply to this attack,\u201d the military spokesman said.")
    speaker = _speaker_of(code_text(text), "fitting reply")
    assert (speaker.code, speaker.sector) == ("PAK", "MIL")


def test_a_surname_takes_the_state_of_the_person_named_in_full(code_text):
    text = ("Omar Abdullah, chief minister of Jammu and Kashmir, said schools in the border districts "
            "would stay closed. \u201cThe safety of our children comes first,\u201d Abdullah wrote on X.")
    assert _speaker_of(code_text(text), "safety of our children").code == "IND"


def test_attribution_in_the_sentence_after_a_question(code_text):
    text = ("Blasts were heard over the city after dark. \u201cWhere has the truce gone?\u201d "
            "Omar Abdullah, chief minister of Jammu and Kashmir, asked on X.")
    speaker = _speaker_of(code_text(text), "Where has the truce gone")
    assert speaker is not None and speaker.code == "IND"


def test_a_following_sentence_with_its_own_clause_is_no_attribution(code_text):
    text = ("\u201cThe border will stay shut.\u201d The Pakistani army said on Monday that it had "
            "moved troops to the frontier.")
    speaker = _speaker_of(code_text(text), "The border will stay shut")
    assert speaker is None or speaker.code != "PAK"
