"""Typed resources: the actor dictionary a component is configured with is
the one every rule reads (through the Doc's context), never a second copy
loaded behind the component's back."""

from __future__ import annotations

import ast
import shutil
from datetime import date
from pathlib import Path

import pytest
import spacy

from flashpoint.nlp.context import context_of

SRC = Path(__file__).resolve().parent.parent / "src" / "flashpoint"

# Two invented states, laid out like data/actors/countries.csv.
INVENTED_STATES = (
    "code,name,aliases,adjectives,capitals,nationals\n"
    "XQA,Qandoria,,Qandorian,Velmara,Qandorians\n"
    "XQB,Brastovia,,Brastovian,Korvesk,Brastovians\n"
)
# A verb the built-in patterns do not code, in a user's extra trigger file.
EXTRA_PATTERNS = """
patterns:
  - id: mine.scold
    type: ACCUSE
    trigger: {lemma: [scold], pos: [VERB]}
"""
MEDIATION = (
    "{a} and {b} clashed along the border on Monday. "
    "The United Nations urged restraint and offered to mediate."
)


def _calls_of(name: str):
    """(module, enclosing function) of every call of ``name`` in src/."""
    for path in SRC.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        module = ".".join(path.relative_to(SRC.parent).with_suffix("").parts)
        for func in ast.walk(tree):
            if not isinstance(func, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for node in ast.walk(func):
                if isinstance(node, ast.Call) and getattr(node.func, "id", None) == name:
                    yield module, func.name


def test_only_the_component_loads_the_actor_dictionary():
    """Rules read the dictionary from the Doc's context; a rule that loaded
    its own would ignore the component's ``extra_dictionaries``."""
    assert set(_calls_of("load_dictionary")) == {("flashpoint.nlp.actors", "_load_resources")}


def test_a_doc_the_actors_component_never_saw_has_no_context():
    doc = spacy.blank("en")("Nothing was annotated here.")
    with pytest.raises(ValueError, match="flashpoint_actors"):
        context_of(doc)


@pytest.fixture(scope="module")
def invented_dictionary(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("actors")
    (folder / "countries.csv").write_text(INVENTED_STATES, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def invented_nlp(invented_dictionary):
    from flashpoint.pipeline import load_pipeline

    return load_pipeline(config={"flashpoint_actors": {"extra_dictionaries": [str(invented_dictionary)]}})


def _coded(nlp, text: str) -> set[tuple]:
    from flashpoint.nlp.pipeline import make_doc

    doc = nlp(make_doc(nlp, text, published=date(2025, 3, 4)))
    assert context_of(doc).dictionary.countries.get("XQA") == "Qandoria"
    return {(e.event_type, e.source.code if e.source else None, e.target.code if e.target else None)
            for e in doc._.fp_events}


# States an extra dictionary adds are coded as the built-in ones are.
EXTRA_STATE_CASES = [
    # a third party's offer to mediate is aimed at the two states in focus
    (MEDIATION.format(a="Qandoria", b="Brastovia"), {("REQUEST", "UN", "XQA"), ("REQUEST", "UN", "XQB")}),
    (MEDIATION.format(a="India", b="Pakistan"), {("REQUEST", "UN", "IND"), ("REQUEST", "UN", "PAK")}),
    # a protest by people of one state with no target is aimed at that state
    ("Qandorian students staged demonstrations on Monday.", {("PROTEST", "XQA", "XQA")}),
    ("Kenyan students staged demonstrations on Monday.", {("PROTEST", "KEN", "KEN")}),
]


@pytest.mark.model
@pytest.mark.parametrize(("text", "expected"), EXTRA_STATE_CASES)
def test_rules_use_the_configured_extra_dictionary(invented_nlp, text, expected):
    # the third party's and the protesters' records (the clash of the two
    # states is coded too, and is not what this test is about)
    sources = {src for _, src, _ in expected}
    assert {k for k in _coded(invented_nlp, text) if k[1] in sources} == expected


@pytest.fixture
def user_files(tmp_path, invented_dictionary) -> dict[str, Path]:
    """An extra dictionary and an extra trigger file of the user's own."""
    extra = tmp_path / "my_actors"
    shutil.copytree(invented_dictionary, extra)
    patterns = tmp_path / "my_patterns.yaml"
    patterns.write_text(EXTRA_PATTERNS, encoding="utf-8")
    return {"dictionary": extra, "patterns": patterns}


def test_event_settings_are_in_the_spacy_config(user_files):
    from flashpoint.pipeline import register_components

    register_components()
    nlp = spacy.blank("en")
    nlp.add_pipe("flashpoint_events", config={"extra_patterns": [str(user_files["patterns"])]})
    config = nlp.config["components"]["flashpoint_events"]
    assert config["extra_patterns"] == [str(user_files["patterns"])]
    assert config["patterns_path"] is None and config["grammar_path"] is None
    assert "mine.scold" in nlp.get_pipe("flashpoint_events").patterns.patterns


def test_a_missing_trigger_file_is_named(tmp_path):
    from flashpoint.pipeline import register_components

    register_components()
    nlp = spacy.blank("en")
    coder = nlp.add_pipe("flashpoint_events", config={"extra_patterns": [str(tmp_path / "gone.yaml")]})
    with pytest.raises(FileNotFoundError, match="gone.yaml"):
        coder(nlp("A sentence."))


def test_saved_components_keep_their_files_without_the_originals(tmp_path, user_files):
    """nlp.to_disk copies the user's files into the saved pipeline;
    spacy.load rebuilds the components from those copies."""
    from flashpoint.pipeline import register_components

    register_components()
    nlp = spacy.blank("en")
    nlp.add_pipe("flashpoint_actors", config={"extra_dictionaries": [str(user_files["dictionary"])]})
    nlp.add_pipe("flashpoint_events", config={"extra_patterns": [str(user_files["patterns"])]})
    nlp.to_disk(tmp_path / "saved")
    shutil.rmtree(user_files["dictionary"])
    user_files["patterns"].unlink()
    loaded = spacy.load(tmp_path / "saved")
    assert loaded.get_pipe("flashpoint_actors").dictionary.countries["XQB"] == "Brastovia"
    assert "mine.scold" in loaded.get_pipe("flashpoint_events").patterns.patterns
    saved = loaded.get_pipe("flashpoint_events").settings["extra_patterns"]
    assert [Path(p).is_relative_to(tmp_path / "saved") for p in saved] == [True]


@pytest.mark.model
def test_a_saved_full_pipeline_codes_with_the_users_files(tmp_path, user_files):
    from flashpoint.nlp.pipeline import make_doc
    from flashpoint.pipeline import load_pipeline

    nlp = load_pipeline(config={
        "flashpoint_actors": {"extra_dictionaries": [str(user_files["dictionary"])]},
        "flashpoint_events": {"extra_patterns": [str(user_files["patterns"])]},
    })  # fmt: skip
    nlp.to_disk(tmp_path / "saved")
    shutil.rmtree(user_files["dictionary"])
    user_files["patterns"].unlink()
    loaded = spacy.load(tmp_path / "saved")
    assert loaded.pipe_names == nlp.pipe_names
    # the model's attribute ruler is saved as the indexed one, with its rules
    ruler = loaded.get_pipe("attribute_ruler")
    assert type(ruler).__name__ == "IndexedAttributeRuler"
    assert ruler.patterns == nlp.get_pipe("attribute_ruler").patterns
    text = "Qandoria scolded Brastovia on Tuesday."
    for pipeline in (nlp, loaded):
        doc = pipeline(make_doc(pipeline, text, published=date(2025, 3, 4)))
        found = {(e.event_type, e.source.code, e.target.code) for e in doc._.fp_events}
        assert found == {("ACCUSE", "XQA", "XQB")}
