"""Trigger and grammar data may be split over several files in data/patterns/."""

from __future__ import annotations

import pytest

from flashpoint.coding import patterns


def test_extra_event_files_are_read_after_events_yaml(tmp_path, monkeypatch):
    (tmp_path / "events.yaml").write_text(
        "patterns:\n  - {id: a.one, type: AGREE, trigger: {lemma: [agree], pos: [VERB]}}\n")
    (tmp_path / "events_more.yaml").write_text(
        "patterns:\n  - {id: b.two, type: REJECT, trigger: {lemma: [refuse], pos: [VERB]}}\n")
    monkeypatch.setattr(patterns, "DATA_DIR", tmp_path)
    monkeypatch.setattr(patterns, "EVENTS_FILE", tmp_path / "events.yaml")
    files = patterns.pattern_files()
    assert [f.name for f in files] == ["events.yaml", "events_more.yaml"]
    assert patterns.pattern_files(tmp_path / "events.yaml") == [tmp_path / "events.yaml"]


def test_a_pattern_id_repeated_across_files_is_refused(tmp_path, monkeypatch):
    import pytest
    import spacy

    entry = "patterns:\n  - {id: a.one, type: AGREE, trigger: {lemma: [agree], pos: [VERB]}}\n"
    (tmp_path / "events.yaml").write_text(entry)
    (tmp_path / "events_dup.yaml").write_text(entry)
    monkeypatch.setattr(patterns, "DATA_DIR", tmp_path)
    monkeypatch.setattr(patterns, "EVENTS_FILE", tmp_path / "events.yaml")
    with pytest.raises(ValueError, match="appears twice"):
        patterns.build_pattern_set(spacy.blank("en").vocab)


def test_grammar_lists_from_extra_files_are_added(tmp_path, monkeypatch):
    (tmp_path / "grammar.yaml").write_text("say_verbs: [say]\nmode_words: {drone: drone}\n")
    (tmp_path / "grammar_more.yaml").write_text("say_verbs: [Conclude]\nmode_words: {jet: aerial}\n")
    monkeypatch.setattr(patterns, "DATA_DIR", tmp_path)
    monkeypatch.setattr(patterns, "GRAMMAR_FILE", tmp_path / "grammar.yaml")
    grammar = patterns.load_grammar.__wrapped__()
    assert grammar.say_verbs == frozenset({"say", "conclude"})
    assert grammar.mode_words == {"drone": "drone", "jet": "aerial"}


def test_a_misspelt_word_list_name_is_an_error_not_an_empty_list():
    from flashpoint.coding.patterns import load_grammar

    grammar = load_grammar()
    assert "locative_preps" in grammar.lists
    with pytest.raises(KeyError, match="locative_prep'"):
        grammar.lists.get("locative_prep", ())
    with pytest.raises(AttributeError):
        grammar.locative_prep  # noqa: B018


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({"id": "x", "type": "ASSAULT", "trigger": {"lemma": ["raid"]}, "priorty": 2},
         "unknown field.*priorty"),
        ({"id": "x", "type": "ASSAULT"}, "needs an id, a type and a trigger"),
        ({"id": "x", "type": "ATTACK", "trigger": {"lemma": ["raid"]}}, "not a PLOVER type"),
    ],
)
def test_a_bad_pattern_entry_fails_at_load_naming_the_file(entry, message):
    from flashpoint.coding.patterns import parse_patterns

    with pytest.raises(ValueError, match=message) as err:
        parse_patterns({"patterns": [entry]}, source="events_mine.yaml")
    assert "events_mine.yaml" in str(err.value) or "PLOVER" in str(err.value)


def test_every_data_file_reads_in_one_dialect_and_a_broken_one_names_file_and_line(tmp_path):
    from flashpoint.datafiles import DataFileError, parse_yaml, read_yaml

    assert parse_yaml("words: [on, off, yes, no]\nflag: true\n") == {
        "words": ["on", "off", "yes", "no"], "flag": True}
    broken = tmp_path / "mine.yaml"
    broken.write_text("patterns:\n  - id: a\n    type: [unclosed\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"mine\.yaml:\d+"):
        read_yaml(broken)
    listed = tmp_path / "list.yaml"
    listed.write_text("- a\n- b\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="must hold a mapping"):
        read_yaml(listed)
