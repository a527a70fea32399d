"""The one reader of data tables and the shape check of YAML data files:
a broken table or file fails naming the file, the line or key, and why."""

import pytest

from flashpoint.datafiles import ANY, WORD, DataFileError, check_shape, read_csv


def test_comments_and_blank_lines_are_skipped_and_cells_stripped():
    rows = read_csv(text="name, code\n# a note\n\n Lagos , NGA \n", source="t.csv")
    assert rows == [{"name": "Lagos", "code": "NGA"}]


def test_a_missing_column_names_the_file_and_header_line():
    with pytest.raises(DataFileError, match=r"t\.csv:2: the header lacks the column\(s\) code"):
        read_csv(text="# intro\nname\nLagos\n", source="t.csv", columns=("code",))


def test_an_empty_required_cell_names_its_line():
    text = "name,code\nLagos,NGA\n# skipped\nAbuja,\n"
    with pytest.raises(DataFileError, match=r"t\.csv:4: the column 'code' is empty"):
        read_csv(text=text, source="t.csv", required=("code",))


def test_a_row_longer_than_the_header_is_refused():
    with pytest.raises(DataFileError, match="more cells than the header"):
        read_csv(text="name\nLagos,NGA\n", source="t.csv")


def test_shape_accepts_words_lists_and_optional_keys():
    shape = {"weights": {"*": float}, "words?": [WORD], "free?": ANY}
    assert check_shape({"weights": {"a": 1, "b": 0.5}, "words": ["x", 3]}, shape, source="f")


@pytest.mark.parametrize("data, message", [
    ({"weights": {"a": "high"}}, r"f: weights\.a must be float, not str"),
    ({"weights": {}, "extra": 1}, r"unknown key 'extra' \(known: weights, words\)"),
    ({}, r"lacks the key 'weights'"),
    ({"weights": {}, "words": "x"}, r"words must be a list"),
    ({"weights": {"a": True}}, r"weights\.a must be float, not a boolean"),
])  # fmt: skip
def test_shape_errors_name_the_key_path(data, message):
    with pytest.raises(DataFileError, match=message):
        check_shape(data, {"weights": {"*": float}, "words?": [WORD]}, source="f")


def test_every_packaged_file_with_a_shape_has_it():
    import flashpoint.datafiles as datafiles

    for kind in datafiles.SHAPES:
        assert isinstance(datafiles.read_yaml(datafiles._DATA_DIR / kind), dict), kind


def test_a_users_weights_file_is_checked_against_the_packaged_shape(tmp_path):
    from flashpoint.analyze import load_intensity

    weights = tmp_path / "weights.yaml"
    weights.write_text("types:\n  ASSAULT: heavy\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"weights\.yaml: types\.ASSAULT must be float, not str"):
        load_intensity(weights)


def test_a_misspelt_key_in_a_word_file_is_named(tmp_path):
    from flashpoint.datafiles import read_yaml

    words = tmp_path / "rules.yaml"
    words.write_text("visit_verb:\n  - tour\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"unknown key 'visit_verb'"):
        read_yaml(words, kind="actors/rules.yaml")
