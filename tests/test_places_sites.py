"""A town named in a facility's or a road's name (``places._names_a_site``)
and a road told by the town it serves (``place_filters.route_after``).
Hand-built Docs; the names are made up."""

from __future__ import annotations

from flashpoint.nlp.gazetteer import load_cues
from flashpoint.nlp.place_filters import route_after
from flashpoint.nlp.places import _names_a_site
from handdocs import build, token

CUES = load_cues()

# "Crowds blocked the Aville Ring Road ."
RING_ROAD = """
Crowds 1 nsubj NOUN NNS crowd
blocked 1 ROOT VERB VBD block
the 5 det DET DT -
Aville 5 compound PROPN NNP -
Ring 5 compound PROPN NNP -
Road 1 dobj PROPN NNP -
. 1 punct PUNCT . -
"""

# "Gunmen hit a bus on the Aville - Bville highway ."
HYPHEN_ROAD = """
Gunmen 1 nsubj NOUN NNS gunman
hit 1 ROOT VERB VBD -
a 3 det DET DT -
bus 1 dobj NOUN NN -
on 1 prep ADP IN -
the 9 det DET DT -
Aville 8 compound PROPN NNP -
- 8 punct PUNCT HYPH -
Bville 9 compound PROPN NNP -
highway 4 pobj NOUN NN -
. 1 punct PUNCT . -
"""

# "Lawyers marched outside the Aville High Court ."
HIGH_COURT = """
Lawyers 1 nsubj NOUN NNS lawyer
marched 1 ROOT VERB VBD march
outside 1 prep ADP IN -
the 6 det DET DT -
Aville 6 compound PROPN NNP -
High 6 compound PROPN NNP -
Court 2 pobj PROPN NNP -
. 1 punct PUNCT . -
"""

# "Aville 's new road was opened ." : a possessive, not a name of the road
OWNER = """
Aville 3 poss PROPN NNP -
's 0 case PART POS -
new 3 amod ADJ JJ -
road 5 nsubjpass NOUN NN -
was 5 auxpass AUX VBD be
opened 5 ROOT VERB VBN open
. 5 punct PUNCT . -
"""

# "Aville Ventures sued the firm ." : a company, no facility
COMPANY = """
Aville 1 compound PROPN NNP -
Ventures 2 nsubj PROPN NNPS -
sued 2 ROOT VERB VBD sue
the 4 det DET DT -
firm 2 dobj NOUN NN -
. 2 punct PUNCT . -
"""

# "Police blocked Hamilton Road ." : a street's own name, capitalised
STREET = """
Police 1 nsubj NOUN NN -
blocked 1 ROOT VERB VBD block
Hamilton 3 compound PROPN NNP -
Road 1 dobj PROPN NNP -
. 1 punct PUNCT . -
"""


def test_a_town_before_a_ring_road_names_it():
    assert _names_a_site(token(build(RING_ROAD), "Aville"), CUES)


def test_both_towns_of_a_hyphened_highway_name_it():
    doc = build(HYPHEN_ROAD)
    assert _names_a_site(token(doc, "Aville"), CUES)
    assert _names_a_site(token(doc, "Bville"), CUES)


def test_a_town_before_a_court_named_with_other_words():
    assert _names_a_site(token(build(HIGH_COURT), "Aville"), CUES)


def test_an_owner_or_a_company_names_no_site():
    assert not _names_a_site(token(build(OWNER), "Aville"), CUES)
    assert not _names_a_site(token(build(COMPANY), "Aville"), CUES)


def test_a_road_noun_in_lower_case_tells_the_town_it_serves():
    doc = build(HYPHEN_ROAD)
    assert route_after(doc, token(doc, "highway").i, CUES)


def test_a_capitalised_road_noun_is_a_street_name():
    doc = build(STREET)
    assert not route_after(doc, token(doc, "Road").i, CUES)


# "Workers protested at the Aville Fertilizers Company headquarters ."
FIRM = """
Workers 1 nsubj NOUN NNS worker
protested 1 ROOT VERB VBD protest
at 1 prep ADP IN -
the 7 det DET DT -
Aville 5 compound PROPN NNP -
Fertilizers 6 compound PROPN NNPS -
Company 7 compound PROPN NNP -
headquarters 2 pobj NOUN NN -
. 1 punct PUNCT . -
"""


def test_a_firm_named_after_a_town_does_not_site_its_offices_there():
    assert not _names_a_site(token(build(FIRM), "Aville"), CUES)
