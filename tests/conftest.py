"""Shared fixtures. The spaCy pipeline is loaded once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"

# A test that loads the trained English model carries the ``model`` marker,
# so that ``pytest -m "not model"`` is a fast tier that runs where the model
# is not installed at all. The marker is added here to every test that uses,
# even through another fixture, a fixture whose body loads the model
# (``spacy.load``, ``load_pipeline``), and to every test whose own body does;
# tests that run a command that loads it carry the marker in their own file.
_LOADS_MODEL = ("spacy.load(", "load_pipeline(")


def _loads_model(func) -> bool:
    import inspect

    try:
        source = inspect.getsource(func)
    except (OSError, TypeError):
        return False
    return any(call in source for call in _LOADS_MODEL)


def pytest_collection_modifyitems(config, items):
    for item in items:
        info = getattr(item, "_fixtureinfo", None)
        defs = info.name2fixturedefs.values() if info is not None else ()
        if _loads_model(getattr(item, "function", None)) or any(
                _loads_model(d.func) for fixture_defs in defs for d in fixture_defs):
            item.add_marker(pytest.mark.model)


@pytest.fixture(scope="session")
def nlp():
    from flashpoint.pipeline import load_pipeline

    return load_pipeline()


@pytest.fixture(scope="session")
def code_text(nlp):
    """code_text(text, published="2025-05-10") -> spaCy Doc with events and statements."""
    from datetime import date

    from flashpoint.nlp.pipeline import make_doc

    def run(text: str, published: str | None = "2025-05-10", doc_id: str = "t"):
        pub = date.fromisoformat(published) if published else None
        return nlp(make_doc(nlp, text, doc_id=doc_id, published=pub))

    return run


@pytest.fixture(scope="session")
def model_with():
    """model_with(name) -> the English model plus one flashpoint component,
    for unit tests of that component alone (loaded once per name)."""
    import spacy

    from flashpoint.pipeline import MODEL, register_components

    register_components()
    loaded: dict[str, object] = {}

    def build(component: str):
        if component not in loaded:
            nlp = spacy.load(MODEL)
            nlp.add_pipe(component)
            loaded[component] = nlp
        return loaded[component]

    return build


@pytest.fixture
def shared_dir() -> Path:
    if not (SHARED / "eval" / "score.py").exists():
        pytest.skip("../shared is absent: the dev-set checks need it")
    return SHARED
