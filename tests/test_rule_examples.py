"""Every coding rule's own example (``@rule(..., example=Example(...))``),
run through the whole pipeline: the records it names are among the
sentence's records, the types it rules out are not, and the rule itself
fired (it changed a record, dropped a trigger or an event, or found a
record's source or target), so each example shows its rule at work."""

from __future__ import annotations

import pytest

from flashpoint.coding import events  # noqa: F401  (registers the rules)
from flashpoint.coding.engine import STAGES, Example, rules

EXAMPLES = [r for r in rules() if r.example is not None]


def _record(event) -> str:
    src = event.source.code if event.source and event.source.code else "-"
    tgt = event.target.code if event.target and event.target.code else "-"
    return f"{event.event_type} {src}>{tgt}"


def _matches(want: str, got: list[str]) -> bool:
    if " " not in want:
        return any(g.split()[0] == want for g in got)
    typ, pair = want.split()
    if ">" not in pair:
        pair += ">"
    src, tgt = pair.split(">")
    for g in got:
        g_typ, g_pair = g.split()
        g_src, g_tgt = g_pair.split(">")
        if g_typ == typ and g_src == src and (not tgt or g_tgt == tgt):
            return True
    return False


def test_every_stage_has_rules_and_every_rule_an_example():
    assert {r.stage for r in rules()} == {s.name for s in STAGES}
    assert [r.id for r in rules() if r.example is None] == []


@pytest.mark.parametrize("rule", EXAMPLES, ids=[r.id for r in EXAMPLES])
def test_rule_example(rule, code_text):
    example: Example = rule.example
    doc = code_text(example.text, published=example.published)
    got = [_record(e) for e in doc._.fp_events]
    for want in example.records:
        assert _matches(want, got), f"{rule.id}: {want} not in {got}"
    for typ in example.absent:
        assert all(g.split()[0] != typ for g in got), f"{rule.id}: {typ} in {got}"
    fired = {line.split(":")[0] for t in doc._.fp_event_trace for line in t.get("rules", [])}
    fired |= {rule_id for rule_id, _, _ in doc._.fp_rule_drops}
    # the finder that gave a record's source or target (find_source, find_target)
    fired |= {t.get(f"{role}_finder") for t in doc._.fp_event_trace for role in ("source", "target")}
    assert rule.id in fired, f"{rule.id} did not fire on its example: {sorted(fired)}"
