"""The dashboard's paths: one segment per id, whatever the id holds."""

from flashpoint.links import absolute, actor_href, article_href, incident_href


def test_an_incident_id_with_path_characters_stays_one_segment():
    assert incident_href("a/b?c#d") == "/incidents/a%2Fb%3Fc%23d"


def test_an_article_id_that_is_a_url_is_encoded_whole():
    assert article_href("https://x.example/n/1") == "/articles/https%3A%2F%2Fx.example%2Fn%2F1"


def test_actor_and_absolute_paths():
    assert actor_href("IND") == "/actors/IND"
    assert absolute(incident_href("i1"), "https://dash.example/") == "https://dash.example/incidents/i1"
