"""Typed resources: the actor dictionary a component is configured with is
the one every rule reads (through the Doc's context), never a second copy
loaded behind the component's back."""

from __future__ import annotations

import ast
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


def test_only_the_component_factory_loads_the_actor_dictionary():
    """Rules read the dictionary from the Doc's context; a rule that loaded
    its own would ignore the component's ``extra_dictionaries``."""
    assert set(_calls_of("load_dictionary")) == {("flashpoint.nlp.actors", "make_actor_finder")}


def test_a_doc_the_actors_component_never_saw_has_no_context():
    doc = spacy.blank("en")("Nothing was annotated here.")
    with pytest.raises(ValueError, match="flashpoint_actors"):
        context_of(doc)


@pytest.fixture(scope="module")
def invented_dictionary(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("actors")
    (folder / "countries.csv").write_text(INVENTED_STATES, encoding="utf-8")
    return folder


@pytest.mark.model
def test_rules_use_the_configured_extra_dictionary(invented_dictionary):
    """A third party's offer to mediate is aimed at the two states in focus,
    whether they are built-in states or states an extra dictionary adds."""
    from flashpoint.nlp.pipeline import make_doc
    from flashpoint.pipeline import load_pipeline

    nlp = load_pipeline(config={"flashpoint_actors": {"extra_dictionaries": [str(invented_dictionary)]}})
    for (a, b), codes in ((("Qandoria", "Brastovia"), {"XQA", "XQB"}),
                          (("India", "Pakistan"), {"IND", "PAK"})):  # fmt: skip
        doc = nlp(make_doc(nlp, MEDIATION.format(a=a, b=b), published=date(2025, 3, 4)))
        assert context_of(doc).dictionary.countries.get("XQA") == "Qandoria"
        requests = [e for e in doc._.fp_events if e.event_type == "REQUEST"]
        assert {e.source.code for e in requests} == {"UN"}
        assert {e.target.code for e in requests if e.target} == codes
