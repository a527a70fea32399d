"""The engine's searches (``Engine.first``): the rules of a search stage run
in their declared order and the first that finds something wins; a result
a rule leaves on ``query.found`` is the answer when no later rule finds one.
Also: the role finders and the agency rules are in the one registry, in the
order the coder tries them (fast tier: no model)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from flashpoint.coding import engine, events  # noqa: F401  (events registers the rules)
from flashpoint.coding.engine import Engine, Rule, rules


@dataclass
class Query:
    word: str
    found: str | None = None
    found_by: str | None = None
    seen: tuple[str, ...] = ()


def _rule(rule_id: str, order: int, func, **options) -> Rule:
    func.__doc__ = func.__doc__ or "A test rule."
    return Rule(rule_id, "find_target", order, func, None, tuple(options.items()))


def _trace(name, answer=None, leave=None):
    def func(q: Query):
        q.seen += (name,)
        if leave is not None:
            q.found = leave
        return answer
    return func


@pytest.fixture
def registry(monkeypatch):
    """A registry of test rules only, in place of the coder's."""
    table: dict[str, Rule] = {}
    monkeypatch.setattr(engine, "_REGISTRY", table)
    return table


def test_the_first_rule_that_finds_wins_in_declared_order(registry):
    # declared out of order: the order, not the registration, decides
    for r in (_rule("find_target.c", 30, _trace("c", answer="C")),
              _rule("find_target.a", 10, _trace("a")),
              _rule("find_target.b", 20, _trace("b", answer="B"))):
        registry[r.id] = r
    q = Query("x")
    assert Engine().first("find_target", q) == ("find_target.b", "B")
    assert q.seen == ("a", "b")  # c never ran


def test_a_result_left_for_later_rules_is_the_answer_when_none_finds(registry):
    for r in (_rule("find_target.parse", 10, _trace("parse", leave="P")),
              _rule("find_target.later", 20, _trace("later"))):
        registry[r.id] = r
    q = Query("x")
    assert Engine().first("find_target", q) == ("find_target.parse", "P")
    assert q.seen == ("parse", "later")


def test_a_later_rule_that_finds_beats_the_result_left(registry):
    for r in (_rule("find_target.parse", 10, _trace("parse", leave="P")),
              _rule("find_target.later", 20, _trace("later", answer="L"))):
        registry[r.id] = r
    assert Engine().first("find_target", Query("x")) == ("find_target.later", "L")


def test_skipped_rules_do_not_run_and_nothing_found_is_none(registry):
    r = _rule("find_target.guarded", 10, _trace("guarded", answer="G"), guards=frozenset({"armed"}))
    registry[r.id] = r
    q = Query("x")
    assert Engine().first("find_target", q, skip=lambda rule: bool(rule.option("guards") & {"armed"})) \
        == (None, None)
    assert q.seen == ()
    assert r.option("missing", "default") == "default"


def test_the_finders_run_in_the_order_of_the_old_call_chain():
    assert [r.id for r in rules("find_source")] == [
        "find_source.parse", "find_source.stray_agent", "find_source.fronted_subject"]
    assert [r.id for r in rules("find_target")] == [
        "find_target.protest_object", "find_target.protest_demand", "find_target.parse",
        "find_target.purpose", "find_target.phrase_state"]


def test_the_agency_rules_are_the_engines_with_their_guards():
    agency = rules("agency")
    assert [r.id for r in agency][:3] == [
        "agency.hazard_agent", "agency.hazard_cause", "agency.blast_without_attacker"]
    assert agency[-1].id == "agency.under_fire"
    assert all(r.example is not None for r in agency)
    by_id = {r.id: r for r in agency}
    assert by_id["agency.hazard_agent"].option("guards") == frozenset({"armed_agent"})
    assert by_id["agency.dismissal"].option("guards") == frozenset()
    assert by_id["agency.criticism"].option("guards") is None  # the default guards apply


def test_search_stages_say_which_stage_runs_them():
    by_name = engine.STAGE_BY_NAME
    assert by_name["find_source"].within == "source"
    assert by_name["find_target"].within == "target"
    assert by_name["agency"].within == "document"
    assert all(by_name[s].exclusive for s in ("find_source", "find_target", "agency"))
