"""Helpers for the tests that hold flashpoint's entity recogniser and
parser to spaCy's own (``test_entity_decoder``, ``test_stepped_parser``):
a component of a blank pipeline with every weight drawn at random (so that
the moves' scores differ from token to token and every move gets chosen
somewhere), and the dev-set texts both compare on."""

from __future__ import annotations

import json
from pathlib import Path

import numpy
import spacy

#: texts of a few sentences each, with line breaks, runs of spaces, a
#: one-word text and an empty one
SHORT_TEXTS = [
    "Rebels said on Tuesday they had seized two towns near Goma.\n\n"
    "The United Nations mission in Congo reported 14 dead.",
    "  Police in Lahore arrested   three men.\nMinister Ahmed Khan said\nnothing.",
    "Kyiv", "", "The talks in Geneva ended without a deal, the ministry said",
    "Shelling hit the port overnight; the navy said its ships were not damaged.",
]


def random_component(factory: str, name: str, labels, seed: int):
    """A ``factory`` component called ``name`` on a blank English pipeline,
    with ``labels`` and random weights drawn with ``seed``."""
    nlp = spacy.blank("en")
    component = nlp.add_pipe(factory, name=name)
    for label in labels:
        component.add_label(label)
    nlp.initialize()
    rng = numpy.random.default_rng(seed)
    for layer in component.model.walk():
        for param in layer.param_names:
            if layer.has_param(param):
                value = layer.get_param(param)
                layer.set_param(param, rng.normal(0, 1, value.shape).astype(value.dtype))
    return component


def dev_texts(shared_dir: Path) -> list[str]:
    """news_dev's articles and the first 300 ACLED notes."""
    texts: list[str] = []
    for path, limit in (("news_dev/articles.jsonl", None), ("acled_world/input.jsonl", 300)):
        with open(shared_dir / "eval" / path, encoding="utf-8") as lines:
            texts += [json.loads(line)["text"] for line in lines if line.strip()][:limit]
    return texts
