"""Input readers, cleaning and near-duplicate detection (flashpoint.ingest).

Every input file is written into tmp_path here; the article texts are made up
for these tests."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from flashpoint.ingest import (
    NearDuplicateIndex,
    clean_article,
    clean_text,
    load_furniture,
    normalise_published,
    read_inputs,
)
from flashpoint.ingest.clean import FURNITURE_FILE, normalise_text
from flashpoint.models import Article, Rejection

STORY = (
    "Artillery along the disputed frontier stopped firing late on Saturday, "
    "residents of several hill villages said.\n\n"
    "Farmers who had spent four nights in bunkers returned to their fields on "
    "Sunday to count damaged roofs and dead livestock.\n\n"
    "Officials on both sides said a hotline call between military commanders "
    "had produced the understanding, though neither side published its terms."
)

LONG_STORY = STORY + (
    "\n\nIn the largest town on the Indian side, shopkeepers raised their shutters "
    "for the first time since Tuesday, and queues formed outside the two petrol pumps "
    "that still had fuel. A district officer said relief camps would stay open for "
    "another week because many families feared the calm would not last.\n\n"
    "Across the line, residents of a village near the river said a school and a "
    "small mosque had been hit on Friday night. Hospital staff in the nearest city "
    "said they had treated more than forty people for shrapnel wounds since the "
    "exchanges began, most of them farmers caught in the open.\n\n"
    "Diplomats in both capitals cautioned that the understanding was informal and "
    "could break down if either army reported a new violation. Foreign governments "
    "urged the two sides to keep the hotline open and to resume regular talks."
)

OTHER_STORY = (
    "The central bank left its policy rate unchanged on Thursday and said "
    "inflation in food prices was easing faster than it had expected in March. "
    "Exporters welcomed the decision, while two members of the committee voted "
    "for a quarter-point cut to support lending to small firms."
)


def page(*, title: str = "Border guns fall silent", body: str = STORY, extra_head: str = "") -> str:
    paragraphs = "".join(f"<p>{p}</p>\n" for p in body.split("\n\n"))
    return (
        "<!DOCTYPE html><html><head>"
        f"<title>{title} | The Valley Courier</title>"
        '<meta property="og:site_name" content="The Valley Courier">'
        f'<meta property="og:title" content="{title}">'
        '<meta property="article:published_time" content="2025-05-11T09:30:00+05:30">'
        f"{extra_head}</head><body>"
        '<nav><a href="/">Home</a> <a href="/world">World</a></nav>'
        f"<article><h1>{title}</h1>\n<p>By Ravi Menon, Staff Reporter</p>\n{paragraphs}"
        "<p>Also Read | Markets rally as the guns fall quiet</p></article>"
        "<footer>Leave a Comment</footer></body></html>"
    )


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def read(*paths, **kwargs) -> tuple[list[Article], list[Rejection]]:
    items = list(read_inputs([str(p) for p in paths], **kwargs))
    articles = [i for i in items if isinstance(i, Article)]
    rejections = [i for i in items if isinstance(i, Rejection)]
    assert len(articles) + len(rejections) == len(items)
    return articles, rejections


@pytest.fixture
def good(tmp_path) -> Path:
    """A good input that must still be read beside every bad one."""
    return write(tmp_path / "good.txt", STORY)


def assert_only_good(articles, rejections, bad: Path | str, reason: str) -> None:
    assert [a.doc_id for a in articles] == ["good"]
    assert len(rejections) == 1
    assert rejections[0].name == str(bad)
    assert reason in rejections[0].reason


# --- input kinds ---------------------------------------------------------


def test_text_file_with_sidecar(tmp_path):
    txt = write(tmp_path / "report-1.txt", STORY)
    meta = {
        "published": "May 10, 2025",
        "url": "https://example.org/r1",
        "outlet": "The Valley Courier",
        "title": "Guns fall silent",
    }
    write(tmp_path / "report-1.meta.json", json.dumps(meta))
    (article,), rejections = read(txt)
    assert rejections == []
    assert article.doc_id == "report-1"
    assert article.text == STORY
    assert article.published == "2025-05-10"
    assert article.url == "https://example.org/r1"
    assert article.outlet == "The Valley Courier"
    assert article.title == "Guns fall silent"
    assert article.source_path == str(txt)


def test_text_file_without_sidecar_has_no_metadata(tmp_path):
    (article,), _ = read(write(tmp_path / "bare.txt", STORY))
    assert article.doc_id == "bare"
    assert (article.published, article.url, article.outlet, article.title) == (None,) * 4


def test_markdown_file_passed_directly_is_read(tmp_path):
    (article,), rejections = read(write(tmp_path / "notes.md", STORY))
    assert rejections == []
    assert article.doc_id == "notes"


def test_html_page_body_and_metadata(tmp_path):
    html = write(tmp_path / "courier-0511.html", page())
    (article,), rejections = read(html)
    assert rejections == []
    assert article.doc_id == "courier-0511"
    assert article.title == "Border guns fall silent"
    assert article.outlet == "The Valley Courier"
    assert article.published == "2025-05-11"
    assert "hotline call between military commanders" in article.text
    # navigation, headline, byline, related link and comment prompt are gone
    assert article.text.startswith("Artillery along the disputed frontier")
    for furniture in ("Home", "Ravi Menon", "Also Read", "Markets rally", "Leave a Comment"):
        assert furniture not in article.text


def test_html_sidecar_overrides_page_metadata(tmp_path):
    html = write(tmp_path / "page.html", page())
    write(
        tmp_path / "page.meta.json",
        json.dumps(
            {"published": "2025-05-12", "outlet": "Hill Times", "url": "https://h.example/1"}
        ),
    )
    (article,), _ = read(html)
    assert article.published == "2025-05-12"
    assert article.outlet == "Hill Times"
    assert article.url == "https://h.example/1"
    assert article.title == "Border guns fall silent"  # not in the sidecar: page's own


def test_jsonl_text_and_html_lines(tmp_path):
    lines = [
        {"id": "a1", "text": STORY, "published": "2025-05-10T08:00:00Z", "outlet": "Wire"},
        {"id": 42, "html": page(title="Second page")},
    ]
    corpus = write(tmp_path / "corpus.jsonl", "\n".join(json.dumps(x) for x in lines) + "\n\n")
    articles, rejections = read(corpus)
    assert rejections == []
    assert [a.doc_id for a in articles] == ["a1", "42"]
    assert articles[0].published == "2025-05-10T08:00:00+00:00"
    assert articles[0].outlet == "Wire"
    assert articles[0].source_path == f"{corpus}:1"
    assert articles[1].title == "Second page"
    assert articles[1].outlet == "The Valley Courier"
    assert "Farmers who had spent four nights" in articles[1].text


def test_directory_is_read_recursively_in_sorted_order(tmp_path):
    corpus = tmp_path / "corpus"
    write(corpus / "b.txt", STORY)
    write(corpus / "a" / "z.txt", STORY)
    write(corpus / "a" / "deep" / "page.html", page())
    write(corpus / "a" / "z.meta.json", json.dumps({"published": "2025-05-09"}))
    write(corpus / "README.md", "# How this corpus was collected")
    write(corpus / "dispatch.md", STORY)
    write(corpus / "dispatch.meta.json", json.dumps({"title": "Dispatch"}))
    write(corpus / "notes.csv", "a,b\n1,2\n")
    write(corpus / ".hidden.txt", STORY)
    write(corpus / "c.jsonl", json.dumps({"id": "c1", "text": OTHER_STORY}) + "\n")
    articles, rejections = read(corpus)
    assert rejections == []
    assert [a.doc_id for a in articles] == ["page", "z", "b", "c1", "dispatch"]
    assert articles[1].published == "2025-05-09"
    assert articles[4].title == "Dispatch"


# --- bad inputs: each rejected by name, the good input still read ---------


def test_binary_file_with_nul_bytes(tmp_path, good):
    bad = write(tmp_path / "photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20)
    assert_only_good(*read(bad, good), bad, "binary")


def test_binary_file_of_control_bytes(tmp_path, good):
    bad = write(tmp_path / "blob.txt", bytes(range(1, 32)) * 40 + b"\xff\xfe" * 10)
    assert_only_good(*read(bad, good), bad, "binary")


def test_empty_file(tmp_path, good):
    bad = write(tmp_path / "empty.txt", "")
    assert_only_good(*read(bad, good), bad, "empty file")


def test_whitespace_only_file(tmp_path, good):
    bad = write(tmp_path / "blank.txt", "  \n\t\r\n   \n")
    assert_only_good(*read(bad, good), bad, "empty file")


def test_invalid_utf8_is_rejected_not_guessed(tmp_path, good):
    bad = write(tmp_path / "latin.txt", "Troops entered the café district.".encode("latin-1"))
    assert_only_good(*read(bad, good), bad, "not valid UTF-8")


def test_utf8_with_byte_order_mark_is_read(tmp_path):
    bom = write(tmp_path / "bom.txt", b"\xef\xbb\xbf" + STORY.encode("utf-8"))
    (article,), rejections = read(bom)
    assert rejections == []
    assert article.text == STORY


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ('{"id": "x", "text": "unterminated', "malformed JSON"),
        (json.dumps({"text": STORY}), "missing id"),
        (json.dumps({"id": "x", "title": "no body"}), "neither text nor html"),
        (json.dumps(["id", "text"]), "not a JSON object"),
    ],
)
def test_malformed_jsonl_line(tmp_path, line, reason):
    good_line = json.dumps({"id": "good", "text": STORY})
    corpus = write(
        tmp_path / "feed.jsonl", f"{good_line}\n{line}\n{good_line.replace('good', 'g2')}\n"
    )
    articles, rejections = read(corpus)
    assert [a.doc_id for a in articles] == ["good", "g2"]
    assert [r.name for r in rejections] == [f"{corpus}:2"]
    assert reason in rejections[0].reason


def test_binary_file_named_jsonl(tmp_path, good):
    bad = write(tmp_path / "archive.jsonl", b"\x1f\x8b\x08\x00" + bytes(range(256)) * 8)
    assert_only_good(*read(bad, good), bad, "binary")


def test_html_without_article_text(tmp_path, good):
    bad = write(tmp_path / "nav.html", "<html><body><nav><a href='/'>Home</a></nav></body></html>")
    assert_only_good(*read(bad, good), bad, "no article text found")


def test_jsonl_html_without_article_text(tmp_path):
    line = json.dumps({"id": "n", "html": "<html><body><div>Menu</div></body></html>"})
    corpus = write(tmp_path / "pages.jsonl", line + "\n")
    articles, rejections = read(corpus)
    assert articles == []
    assert rejections == [Rejection(f"{corpus}:1", "no article text found")]


def test_file_over_size_limit(tmp_path, good):
    bad = write(tmp_path / "long.txt", STORY * 10)
    assert_only_good(*read(bad, good, max_bytes=len(STORY) * 5), bad, "too large")


def test_fifty_megabyte_file_is_rejected(tmp_path, good):
    bad = tmp_path / "huge.txt"
    with bad.open("wb") as fh:
        fh.write(STORY.encode("utf-8"))
        fh.truncate(50 * 1024 * 1024)  # sparse: nothing more is written
    articles, rejections = read(bad, good)
    assert_only_good(articles, rejections, bad, "too large (50.0 MB, limit 10.0 MB)")


def test_jsonl_line_over_size_limit(tmp_path):
    lines = [json.dumps({"id": "big", "text": STORY * 20}), json.dumps({"id": "ok", "text": STORY})]
    corpus = write(tmp_path / "c.jsonl", "\n".join(lines) + "\n")
    articles, rejections = read(corpus, max_bytes=len(STORY) * 5)
    assert [a.doc_id for a in articles] == ["ok"]
    assert [r.name for r in rejections] == [f"{corpus}:1"]
    assert "longer than the limit" in rejections[0].reason


def test_missing_path(tmp_path, good):
    bad = tmp_path / "nowhere.txt"
    assert_only_good(*read(bad, good), bad, "no such file or directory")


def test_directory_with_nothing_supported(tmp_path, good):
    bad = tmp_path / "scans"
    write(bad / "page1.pdf", b"%PDF-1.4")
    write(bad / "README.md", "about the scans")
    assert_only_good(*read(bad, good), bad, "no supported files")


def test_unsupported_file_passed_directly(tmp_path, good):
    bad = write(tmp_path / "report.pdf", b"%PDF-1.4")
    assert_only_good(*read(bad, good), bad, "unsupported file type '.pdf'")


def test_broken_sidecar_is_reported_and_article_still_read(tmp_path):
    txt = write(tmp_path / "r.txt", STORY)
    side = write(tmp_path / "r.meta.json", "{published: May}")
    articles, rejections = read(txt)
    assert [a.doc_id for a in articles] == ["r"]
    assert articles[0].published is None
    assert [r.name for r in rejections] == [str(side)]
    assert "sidecar" in rejections[0].reason


def test_file_of_only_furniture(tmp_path, good):
    bad = write(tmp_path / "stub.txt", "Advertisement\n\nLeave a Comment\n")
    assert_only_good(*read(bad, good), bad, "only page furniture")


# --- cleaning --------------------------------------------------------------


@pytest.mark.parametrize(
    "furniture",
    [
        "Also Read | Airlines reroute flights around the closed airspace",
        "Also read: Why the river treaty matters",
        "READ MORE: Inside the hotline between the two armies",
        "Related: Timeline of the week's clashes",
        "Leave a Comment",
        "What do you think? Let us know in the comments below.",
        "By Jane Doe",
        "By Jane Doe, Staff Reporter",
        "Written by Farah Siddiqui",
        "Share this article",
        "Follow us on X and Instagram for live updates",
        "Advertisement",
    ],
)
def test_furniture_line_is_removed(furniture):
    text = f"The army said the posts were quiet.\n{furniture}\nSchools reopened on Monday."
    assert clean_text(text) == "The army said the posts were quiet.\nSchools reopened on Monday."


@pytest.mark.parametrize(
    "sentence",
    [
        "India also read out a list of targets at the briefing.",
        "Also, the ministry read a statement to reporters on Friday.",
        "By Wednesday evening, the shelling had moved further north.",
        "By May 9, thousands had left the border villages.",
        "By then, both air forces were on alert.",
        "The bridge was damaged by artillery fire, officials said.",
        "Related talks are due to resume in Geneva.",
        "Delegates agreed to share this assessment with the United Nations.",
        "An advertisement in a Lahore daily urged calm.",
    ],
)
def test_real_sentences_are_kept(sentence):
    text = f"The army said the posts were quiet.\n{sentence}\nSchools reopened on Monday."
    assert clean_text(text) == text


def test_every_furniture_pattern_matches_its_examples_and_keeps_the_rest():
    data = yaml.safe_load(FURNITURE_FILE.read_text(encoding="utf-8"))
    furniture = load_furniture()
    assert data["patterns"]
    for entry in data["patterns"]:
        for line in entry["examples"]:
            assert furniture.match(line) == entry["name"], line
        for line in entry.get("keep", []):
            assert furniture.match(line) is None, line


def test_user_furniture_file_extends_the_patterns(tmp_path):
    extra = write(
        tmp_path / "mine.yaml",
        "patterns:\n  - name: tagline\n    pattern: '(?i)with inputs from \\w+'\n",
    )
    furniture = load_furniture(extra)
    assert clean_text("Shops shut.\nWith inputs from PTI\n", furniture=furniture) == "Shops shut."


def test_normalisation_keeps_text_otherwise_identical():
    decomposed = "Cafe\u0301 owners in Muzaffarabad closed early.   \r\n\r\n\r\n\r\nThe road  reopened.\t\r\n"
    assert (
        clean_text(decomposed) == "Café owners in Muzaffarabad closed early.\n\nThe road  reopened."
    )


def test_single_blank_lines_between_paragraphs_are_kept():
    assert clean_text(STORY) == STORY


def test_meta_title_repeated_at_top_is_removed():
    text = "Border guns fall silent\n\nBorder guns fall silent\n\n" + STORY
    cleaned, title = clean_article(text, title="Border Guns Fall Silent | The Valley Courier")
    assert cleaned == STORY
    assert title == "Border Guns Fall Silent | The Valley Courier"


def test_first_line_repeated_as_second_loses_the_repeat():
    text = "Border guns fall silent\n\nBorder guns fall silent\n\n" + STORY
    cleaned, title = clean_article(text)
    assert cleaned == "Border guns fall silent\n\n" + STORY
    assert title == "Border guns fall silent"


def test_headline_that_is_not_the_title_stays():
    text = "Villages count the damage\n\n" + STORY
    cleaned, title = clean_article(text, title="Border guns fall silent")
    assert cleaned == text
    assert title == "Border guns fall silent"


def test_title_in_the_middle_of_the_body_stays():
    text = STORY + "\n\nBorder guns fall silent"
    assert clean_text(text, title="Border guns fall silent") == text


def test_headline_repeated_around_a_byline_is_removed():
    text = "Border guns fall silent\nBy Jane Doe\nBorder guns fall silent\n" + STORY
    assert clean_text(text) == "Border guns fall silent\n" + STORY


LINE = st.sampled_from(
    [
        "Border guns fall silent",
        "Also Read | Markets rally",
        "By Jane Doe",
        "Shelling resumed near the river on Friday.",
        "Share this article",
        "",
        "   ",
        "The road reopened.\r",
        "Cafe\u0301 owners closed early.  ",
    ]
)


@given(st.lists(LINE, max_size=12), st.sampled_from([None, "Border guns fall silent"]))
def test_cleaning_is_idempotent_and_only_removes_lines(lines, title):
    text = "\n".join(lines)
    cleaned = clean_text(text, title=title)
    assert clean_text(cleaned, title=title) == cleaned
    source = normalise_text(text).split("\n")
    kept = iter(source)
    assert all(any(line == s for s in kept) for line in cleaned.split("\n") if line)


# --- publication dates -------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-05-10", "2025-05-10"),
        ("2025-05-10T14:30:00+05:30", "2025-05-10T14:30:00+05:30"),
        ("2025-05-10T09:00:00Z", "2025-05-10T09:00:00+00:00"),
        ("May 10, 2025", "2025-05-10"),
        ("10 May 2025 14:30", "2025-05-10T14:30:00"),
        ("yesterday", None),
        ("not a date", None),
        (None, None),
        ("", None),
    ],
)
def test_published_is_normalised_to_iso(value, expected):
    assert normalise_published(value) == expected


# --- near-duplicates ---------------------------------------------------------


def test_lightly_edited_copy_is_a_near_duplicate():
    index = NearDuplicateIndex()
    index.add("orig", LONG_STORY)
    index.add("bank", OTHER_STORY)
    edited = LONG_STORY.replace("late on Saturday", "on Saturday night").replace("forty", "40")
    match = index.match("SRINAGAR (Reuters) - " + edited)
    assert match is not None
    assert match.doc_id == "orig"
    assert match.similarity >= 0.8


def test_unrelated_article_is_not_a_near_duplicate():
    index = NearDuplicateIndex()
    index.add("orig", LONG_STORY)
    assert index.duplicate_of(OTHER_STORY) is None


def test_heavily_rewritten_copy_is_not_a_near_duplicate():
    index = NearDuplicateIndex()
    index.add("orig", LONG_STORY)
    half = STORY + "\n\n" + OTHER_STORY
    assert index.duplicate_of(half) is None


def test_seen_reports_the_first_copy_and_remembers_originals():
    index = NearDuplicateIndex(threshold=0.7)
    assert index.seen("a", STORY) is None
    assert index.seen("b", STORY + " Reuters") == "a"
    assert index.seen("c", OTHER_STORY) is None
    assert "b" not in index
    assert len(index) == 2


def test_threshold_is_configurable():
    edited = STORY.replace(
        "Farmers who had spent four nights in bunkers", "Families sheltering underground"
    )
    strict = NearDuplicateIndex(threshold=0.99)
    loose = NearDuplicateIndex(threshold=0.5)
    for index in (strict, loose):
        index.add("orig", STORY)
    assert strict.duplicate_of(edited) is None
    assert loose.duplicate_of(edited) == "orig"


def test_a_list_of_other_stories_headlines_is_furniture():
    from flashpoint.ingest.clean import clean_text

    body = ("Rebels attacked a garrison in the north on Friday, the army said.\n\n"
            "Officials gave no toll.\n")
    related = "-\nFerry sinks off the coast, dozens missing\n-\nMayor jailed in bribery case\n-\nMarkets rally on rate hopes\n"
    cleaned = clean_text(body + related)
    assert cleaned == body.strip()
    # one dash before a lone subhead is no list: kept
    single = body + "-\nWhat comes next\n\nThe talks resume on Monday."
    assert "What comes next" in clean_text(single)
