"""The flashpoint pipeline: the spaCy English model plus flashpoint's
components. This is the one module that knows every component, which layer
owns it and in which order they run; it sits above ``nlp`` (the Doc
annotators) and ``coding`` (the event and quote coders), so neither has to
import the other's components.

Each component is a spaCy factory, registered both when its module is
imported and through the ``spacy_factories`` entry points of the installed
package, so ``nlp.add_pipe("flashpoint_events")`` works in a user's own
pipeline after ``pip install``.
"""

from __future__ import annotations

import importlib
from pathlib import Path

import spacy
from spacy.language import Language

from flashpoint.nlp.attribute_index import index_attribute_ruler
from flashpoint.nlp.blas import multiply_with_numpy
from flashpoint.nlp.pipeline import MODEL, make_doc

__all__ = ["COMPONENTS", "FACTORIES", "MODEL", "load_pipeline", "make_doc", "register_components"]

# Every component, in pipeline order, with the module that defines it.
# Actors, dates, places and casualties annotate the Doc (``nlp``); the event
# and quote coders read those annotations, and attributes then gives each
# event its date, place and toll (``coding``). ``flashpoint_paragraphs`` runs
# before the parser (line breaks end sentences), the rest after it.
# The first four add nothing: they take the place of the model's own
# attribute ruler, entity recogniser, parser and lemmatizer, with the same
# rules and weights, and give the same annotations faster (``SPEEDIER``).
FACTORIES: dict[str, str] = {
    "flashpoint_attribute_ruler": "flashpoint.nlp.attribute_index",
    "flashpoint_entity_recognizer": "flashpoint.nlp.entity_decoder",
    "flashpoint_dependency_parser": "flashpoint.nlp.stepped_parser",
    "flashpoint_lemmatizer": "flashpoint.nlp.lemmatizer",
    "flashpoint_paragraphs": "flashpoint.nlp.paragraphs",
    "flashpoint_actors": "flashpoint.nlp.actors",
    "flashpoint_dates": "flashpoint.nlp.dates",
    "flashpoint_places": "flashpoint.nlp.places",
    "flashpoint_casualties": "flashpoint.nlp.casualties",
    "flashpoint_events": "flashpoint.coding.events",
    "flashpoint_quotes": "flashpoint.coding.quotes",
    "flashpoint_attributes": "flashpoint.coding.attributes",
}
#: spaCy's factories whose components ``load_model`` has made by flashpoint's
#: own, where the model declares them (the lemmatizer in an English model
#: only: it keeps the English lemmatizer's rules)
SPEEDIER = {"ner": "flashpoint_entity_recognizer", "parser": "flashpoint_dependency_parser",
            "lemmatizer": "flashpoint_lemmatizer"}  # fmt: skip
_ENGLISH_ONLY = {"lemmatizer"}
COMPONENTS = tuple(name for name in FACTORIES if name not in (
    "flashpoint_attribute_ruler", *SPEEDIER.values(), "flashpoint_paragraphs"))


def register_components() -> None:
    """Import every component's module, which registers its factory (for a
    source checkout that was not installed, where entry points are absent)."""
    for module in dict.fromkeys(FACTORIES.values()):
        importlib.import_module(module)


def load_model(model: str = MODEL) -> Language:
    """``spacy.load(model)``, each of its components that spaCy's ``ner``,
    ``parser`` or (English) ``lemmatizer`` factory makes made by flashpoint's
    instead (``SPEEDIER``: the same weights, rules and annotations, faster);
    the others as the model has them.
    Every layer multiplies with numpy's BLAS (``nlp.blas``)."""
    register_components()
    config = _model_config(model)
    english = config.get("nlp", {}).get("lang") == "en"
    overrides = {name: {"factory": SPEEDIER[block["factory"]]}
                 for name, block in config.get("components", {}).items()
                 if block.get("factory") in SPEEDIER and "source" not in block
                 and (english or block["factory"] not in _ENGLISH_ONLY)}  # fmt: skip
    return multiply_with_numpy(
        spacy.load(model, config={"components": overrides} if overrides else {}))


def _model_config(model: str) -> dict:
    """The ``config.cfg`` of a model folder or installed model package (its
    data folder, named as spaCy's packages name it); empty where there is
    none to read, so that ``spacy.load`` says what is wrong with the name."""
    path = Path(model)
    if not path.exists():
        if not spacy.util.is_package(model):
            return {}
        path = spacy.util.get_package_path(model)
        meta = spacy.util.get_model_meta(path)
        path = path / f"{meta['lang']}_{meta['name']}-{meta['version']}"
    config = path / "config.cfg"
    return spacy.util.load_config(config, interpolate=False) if config.exists() else {}


def load_pipeline(*, model: str = MODEL, config: dict[str, dict] | None = None) -> Language:
    """The English model with every flashpoint component added; ``config``:
    per component name, the settings of its factory, as spaCy's ``add_pipe``
    takes them (``{"flashpoint_actors": {"extra_dictionaries": [...]}}``)."""
    register_components()
    config = config or {}
    unknown = set(config) - set(FACTORIES)
    if unknown:
        raise ValueError(
            f"no flashpoint component {sorted(unknown)}; the components: {', '.join(FACTORIES)}"
        )
    nlp = load_model(model)
    index_attribute_ruler(nlp)
    paragraphs = config.get("flashpoint_paragraphs", {})
    nlp.add_pipe("flashpoint_paragraphs", before="parser", config=paragraphs)
    for name in COMPONENTS:
        nlp.add_pipe(name, config=config.get(name, {}))
    return nlp
