"""Role kinds: decisions read the kind a finder gives a role (reciprocal,
reflexive, suicide, domestic, asked to act), never its explanation text, so
rewording an explanation cannot change a record. Sentences written for
these tests."""

from __future__ import annotations

import pytest

from flashpoint.coding.role import Role, RoleKind, lasting_kind


def test_each_other_is_a_target_by_its_kind_not_its_words():
    assert Role([], "each other", kind=RoleKind.RECIPROCAL)
    assert not Role([], "reciprocal")
    assert not Role([], None, kind=RoleKind.REFLEXIVE)


@pytest.mark.parametrize(
    ("kind", "kept"),
    [(RoleKind.DOMESTIC, RoleKind.DOMESTIC), (RoleKind.RECIPROCAL, None),
     (RoleKind.REFLEXIVE, None), (RoleKind.SUICIDE, None), (RoleKind.ASKED_TO_ACT, None),
     (None, None)],
)  # fmt: skip
def test_a_role_built_on_another_keeps_only_a_lasting_kind(kind, kept):
    assert lasting_kind(Role([], "why", kind=kind)) is kept


# One sentence per kind: each other, itself, a suicide attack, the source's
# own state, object control, and a third party's offer to the dyad in focus.
KIND_SENTENCES = [
    "Ukrainian and Russian gunners fired at each other across the river on Sunday.",
    "The Malian army said it would defend itself against any incursion.",
    "A bomber blew himself up outside a police station in Kandahar on Friday.",
    "Kenyan police dispersed a rally in Nairobi on Saturday.",
    "The African Union urged both sides to return to the negotiating table.",
    "Peru and Ecuador clashed along the border on Monday. "
    "The United Nations urged restraint and offered to mediate.",
]


def _records(doc):
    return [(e.event_type, e.source.code if e.source else None, e.target.code if e.target else None,
             e.modality) for e in doc._.fp_events]


@pytest.mark.model
def test_rewording_every_explanation_changes_no_record(code_text, monkeypatch):
    """The same records when every role's explanation is garbled as it is
    set: no decision reads the words."""
    plain = [_records(code_text(text)) for text in KIND_SENTENCES]
    assert any(plain), "the sentences code events"

    def garbled(self, name, value):
        if name == "rule" and isinstance(value, str):
            value = "~" + value[::-1]
        object.__setattr__(self, name, value)

    monkeypatch.setattr(Role, "__setattr__", garbled)
    assert [_records(code_text(text)) for text in KIND_SENTENCES] == plain
