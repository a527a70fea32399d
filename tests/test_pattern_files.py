"""Trigger and grammar data may be split over several files in data/patterns/."""

from __future__ import annotations

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
