"""Which clauses around a trigger share its place (``event_places._own_clause``
and ``_lead_in_clause``). Hand-built Docs; the names are made up."""

from __future__ import annotations

from flashpoint.coding.event_places import _lead_in_clause, _own_clause
from flashpoint.nlp.gazetteer import load_cues
from handdocs import build, token

# "Guards in Aville fought with traders after the guards tried to stop the sale ."
CONTROL = """
Guards 3 nsubj NOUN NNS guard
in 0 prep ADP IN -
Aville 1 pobj PROPN NNP -
fought 3 ROOT VERB VBD fight
with 3 prep ADP IN -
traders 4 pobj NOUN NNS trader
after 9 mark SCONJ IN -
the 8 det DET DT -
guards 9 nsubj NOUN NNS guard
tried 3 advcl VERB VBD try
to 11 aux PART TO -
stop 9 xcomp VERB VB -
the 13 det DET DT -
sale 11 dobj NOUN NN -
. 3 punct PUNCT . -
"""

# "After passing a gate in Aville , they were held by guards ."
PARTICIPLE = """
After 8 prep ADP IN after
passing 0 pcomp VERB VBG pass
a 3 det DET DT -
gate 1 dobj NOUN NN -
in 3 prep ADP IN -
Aville 4 pobj PROPN NNP -
, 8 punct PUNCT , -
they 8 nsubjpass PRON PRP -
held 8 ROOT VERB VBN hold
by 8 agent ADP IN -
guards 9 pobj NOUN NNS guard
. 8 punct PUNCT . -
"""

# "After shelling a gate in Aville , they were held by guards ." (an attack)
ATTACK = PARTICIPLE.replace("passing 0 pcomp VERB VBG pass", "shelling 0 pcomp VERB VBG shell")

# "Two days after passing a gate in Aville , they were held ." (a distance in time)
LATER = """
Two 1 nummod NUM CD two
days 2 npadvmod NOUN NNS day
after 10 prep ADP IN after
passing 2 pcomp VERB VBG pass
a 5 det DET DT -
gate 3 dobj NOUN NN -
in 5 prep ADP IN -
Aville 6 pobj PROPN NNP -
, 10 punct PUNCT , -
they 10 nsubjpass PRON PRP -
held 10 ROOT VERB VBN hold
. 10 punct PUNCT . -
"""

# "Guards held them after they passed a gate in Aville ." (a clause with its own subject)
SUBJECT = """
Guards 1 nsubj NOUN NNS guard
held 1 ROOT VERB VBD hold
them 1 dobj PRON PRP -
after 5 mark SCONJ IN -
they 5 nsubj PRON PRP -
passed 1 advcl VERB VBD pass
a 7 det DET DT -
gate 5 dobj NOUN NN -
in 7 prep ADP IN -
Aville 8 pobj PROPN NNP -
. 1 punct PUNCT . -
"""


def test_the_control_verb_over_a_trigger_is_its_own_clause():
    doc = build(CONTROL)
    assert _own_clause(token(doc, "stop")) == {token(doc, "tried")}
    assert _own_clause(token(doc, "fought")) == set()


def test_a_subjectless_participle_after_a_marker_leads_in_to_the_event():
    doc = build(PARTICIPLE)
    assert _lead_in_clause(token(doc, "After"), load_cues())


def test_an_attack_a_distance_in_time_or_a_clause_of_its_own_is_no_lead_in():
    cues = load_cues()
    assert not _lead_in_clause(token(build(ATTACK), "After"), cues)
    assert not _lead_in_clause(token(build(LATER), "after"), cues)
    assert not _lead_in_clause(token(build(SUBJECT), "after"), cues)


# "they went marching in Xtown singing party songs", with "Xtown singing party
# songs" parsed as one noun phrase, the object of "in"
MISPARSED = """
they 1 nsubj PRON PRP -
went 1 ROOT VERB VBD go
marching 1 xcomp VERB VBG march
in 2 prep ADP IN -
Xtown 7 compound PROPN NNP -
singing 7 compound NOUN NN -
party 7 compound NOUN NN -
songs 3 pobj NOUN NNS song
. 1 punct PUNCT . -
"""

# "fighting broke out in Xsin el Fil": the name goes on after an article
ARTICLE = """
fighting 1 nsubj NOUN NN -
broke 1 ROOT VERB VBD break
out 1 prt ADP RP -
in 1 prep ADP IN -
Xsin 6 compound PROPN NNP -
el 6 compound NOUN NN -
Fil 3 pobj PROPN NNP -
. 1 punct PUNCT . -
"""


def test_a_name_after_a_preposition_parsed_into_the_words_after_it_is_governed_by_it():
    from flashpoint.nlp.place_filters import after_prep_before_participle

    doc = build(MISPARSED)
    assert after_prep_before_participle(doc[4:5], load_cues())
    assert not after_prep_before_participle(doc[6:7], load_cues())  # no name
    doc = build(ARTICLE)
    assert not after_prep_before_participle(doc[4:5], load_cues())


# "four were wounded after soldiers fired on them in Aville ."
TOLL = """
four 2 nsubjpass NUM CD -
were 2 auxpass AUX VBD be
wounded 2 ROOT VERB VBN wound
after 5 mark SCONJ IN -
soldiers 5 nsubj NOUN NNS soldier
fired 2 advcl VERB VBD fire
on 5 prep ADP IN -
them 6 pobj PRON PRP -
in 5 prep ADP IN -
Aville 8 pobj PROPN NNP -
. 2 punct PUNCT . -
"""

# "four were wounded by troops days after soldiers fired in Aville ."
AGENT = """
four 2 nsubjpass NUM CD -
were 2 auxpass AUX VBD be
wounded 2 ROOT VERB VBN wound
by 2 agent ADP IN -
troops 3 pobj NOUN NNS troop
days 6 npadvmod NOUN NNS day
after 8 mark SCONJ IN -
soldiers 8 nsubj NOUN NNS soldier
fired 2 advcl VERB VBD fire
in 8 prep ADP IN -
Aville 9 pobj PROPN NNP -
. 2 punct PUNCT . -
"""


def test_a_clause_after_a_toll_with_no_agent_tells_its_cause():
    from flashpoint.coding.event_places import _cause_clause

    doc = build(TOLL)
    assert _cause_clause(token(doc, "fired"), token(doc, "after"))
    doc = build(AGENT)
    assert not _cause_clause(token(doc, "fired"), token(doc, "after"))


# "men travelling from Aville toward Bville were seized ."
ROUTE = """
men 7 nsubjpass NOUN NNS man
travelling 0 acl VERB VBG travel
from 1 prep ADP IN -
Aville 2 pobj PROPN NNP -
toward 1 prep ADP IN -
Bville 4 pobj PROPN NNP -
were 7 auxpass AUX VBD be
seized 7 ROOT VERB VBN seize
. 7 punct PUNCT . -
"""


def test_where_people_were_heading_comes_after_the_other_places():
    from flashpoint.coding.event_places import _destination

    doc = build(ROUTE)
    assert _destination(doc[5:6])
    assert not _destination(doc[3:4])


def test_a_firm_told_by_its_nationality_does_not_place_the_event(code_text):
    doc = code_text("Youths protested against a Canadian mining company and police fired tear gas.")
    assert not [e for e in doc._.fp_events
                if e.location is not None and e.location.country == "CAN"]  # fmt: skip
    doc = code_text("Kenyan police fired tear gas at rioters in a village.")
    assert [e for e in doc._.fp_events if e.location is not None and e.location.country == "KEN"]
