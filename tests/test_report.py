"""The briefing (``flashpoint report``) on the sample corpus: every section,
figures that are the store's own, article text escaped, PDF through Chromium,
Markdown that parses."""

from __future__ import annotations

import json
import re
from datetime import date
from importlib.resources import files
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from typer.testing import CliRunner

from flashpoint import analyze, fuse, report
from flashpoint.cli import app
from flashpoint.intake import ingest
from flashpoint.store import Store

SECTIONS = ("summary", "developments", "escalation", "casualties", "statements", "mediation",
            "method")  # fmt: skip
MD_HEADINGS = ["Summary", "Key developments", "Escalation", "Casualties", "Who said what",
               "Mediation and diplomacy"]  # fmt: skip
HAS_CHROMIUM = report.find_chromium() is not None
runner = CliRunner()


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory, nlp) -> str:
    path = tmp_path_factory.mktemp("report") / "sample.db"
    store = Store(path)
    try:
        ingest([str(files("flashpoint") / "data" / "sample")], store, nlp=nlp)
    finally:
        store.close()
    return str(path)


@pytest.fixture
def store(sample_db):
    s = Store(sample_db)
    yield s
    s.close()


@pytest.fixture(scope="module")
def brief(sample_db) -> dict:
    with Store(sample_db) as s:
        return report.collect(s, dyad="IND-PAK")


@pytest.fixture(scope="module")
def html(brief) -> str:
    return report.render_html(brief, svg=report.chart_svg(brief))


def _section(html: str, name: str) -> str:
    match = re.search(rf'<(section|footer) id="{name}">(.*?)</\1>', html, re.S)
    assert match, f"no section {name}"
    return match.group(2)


# --- content ------------------------------------------------------------------------------


def test_every_section_is_present_and_filled(html):
    for name in SECTIONS:
        assert _section(html, name).strip()
    assert 'src="data:image/svg+xml;base64,' in _section(html, "escalation")
    assert "<tr>" in _section(html, "casualties") and "<li>" in _section(html, "statements")
    assert "flashpoint 0." in _section(html, "method") and "generated" in _section(html, "method")


def test_nothing_is_loaded_from_the_network(html):
    # links to the sources (<a href>) are for the reader to follow; nothing is fetched
    assert not re.search(r'src\s*=\s*"(https?:)?//', html)
    assert not re.search(r'<link[^>]*href\s*=\s*"(https?:)?//', html)
    assert re.search(r'<a href="https?://', html)
    assert "@import" not in html and "url(" not in html and "<script" not in html.lower()


def test_headline_counts_are_the_stores(brief, store):
    articles = store.articles(with_text=False)
    days = sorted(a["published"][:10] for a in articles if a.get("published"))
    assert (brief["since"], brief["until"]) == (days[0], days[-1])
    assert brief["counts"]["articles"] == len(articles)
    assert brief["counts"]["outlets"] == len({a["outlet"] for a in articles if a.get("outlet")})
    # the incidents that make the dyad's picture, the same list the dashboard counts
    crisis = analyze.crisis_incidents(fuse.stored_incidents(store), "IND-PAK")
    assert brief["counts"]["incidents"] == len(crisis) > 0
    assert brief["totals"] == analyze.casualty_totals(crisis)


def test_key_developments_are_stored_incidents_and_include_the_most_reported(brief, store):
    incidents = {i["id"]: i for i in fuse.stored_incidents(store)}
    rows = brief["developments"]
    assert 0 < len(rows) <= 8
    for row in rows:
        assert row["id"] in incidents
        assert row["sources"] == incidents[row["id"]]["sources"]
    touching = [i for i in incidents.values() if report.touches(i, ("IND", "PAK"))
                and i["id"] in {r["id"] for r in rows} | {i["id"]}]  # fmt: skip
    most_reported = max(i["sources"] for i in touching)
    assert max(r["sources"] for r in rows) == most_reported
    assert [r["date"] or "9999" for r in rows] == sorted(r["date"] or "9999" for r in rows)


def test_the_deadliest_incident_and_its_range_are_in_the_casualty_table(brief, store, html):
    since, until = date.fromisoformat(brief["since"]), date.fromisoformat(brief["until"])
    tolls = [i for i in fuse.stored_incidents(store)
             if report.touches(i, ("IND", "PAK")) and (i["fatalities"] or {}).get("best")
             and report._in_period(report.incident_day(i), since, until)]  # fmt: skip
    deadliest = max(tolls, key=lambda i: (i["fatalities"]["best"], i["fatalities"]["high"]))
    f = deadliest["fatalities"]
    top = brief["casualties"][0]
    assert (top["killed"]["low"], top["killed"]["best"], top["killed"]["high"]) == (
        f["low"], f["best"], f["high"])  # fmt: skip
    table = _section(html, "casualties")
    assert f"{f['low']} / <b>{f['best']}</b> / {f['high']}" in table
    outlet = store.article(f["sources"]["best"][0])["outlet"]
    assert outlet in table
    place = (deadliest.get("location") or {}).get("name")
    if place:
        assert place in table


def test_statements_are_stored_quotes_with_speakers(brief, store):
    quotes = {" ".join(s["quote"].split()) for s in store.statements()}
    assert brief["statements"]
    for st in brief["statements"]:
        assert st["speaker"]
        assert st["quote"].removesuffix(" ...").rstrip() in " ".join(quotes) or any(
            q.startswith(st["quote"].removesuffix(" ...")) for q in quotes)  # fmt: skip
    speakers = [s["speaker"] for s in brief["statements"]]
    assert max(speakers.count(s) for s in speakers) <= 2


def test_mediation_follows_the_diplomacy_timeline(brief, store):
    period = [i for i in fuse.stored_incidents(store)
              if report._in_period(report.incident_day(i), date.fromisoformat(brief["since"]),
                                   date.fromisoformat(brief["until"]))]  # fmt: skip
    rows = analyze.diplomacy(period, "IND-PAK")
    assert brief["mediation"]["events"] == len(rows)
    kinds = {k["kind"]: k for k in brief["mediation"]["kinds"]}
    assert set(kinds) == {r["kind"] for r in rows}
    offers = {r["actor"] for r in rows if r["kind"] == "offer to mediate"}
    if offers:
        status = brief["mediation"]["status"]
        for code in offers:
            assert report.code_name(code) in status


def test_a_narrower_period_narrows_everything(store):
    narrow = report.collect(store, dyad="IND-PAK", since="2025-05-07", until="2025-05-10")
    for row in narrow["developments"]:
        assert "2025-05-07" <= row["date"] <= "2025-05-10"
    in_range = [a for a in store.articles(with_text=False)
                if "2025-05-07" <= (a.get("published") or "")[:10] <= "2025-05-10"]  # fmt: skip
    assert narrow["counts"]["articles"] == len(in_range)
    assert all("2025-05-07" <= r["date"] <= "2025-05-10" for r in narrow["escalation"])


def test_an_empty_store_gives_a_report_that_says_so(tmp_path):
    with Store(tmp_path / "empty.db") as s:
        result = report.write_report(s, tmp_path / "empty.html")
    text = result.path.read_text(encoding="utf-8")
    assert "No incident in this period" in text and "No casualty figure" in text


# --- small pieces -------------------------------------------------------------------------


def test_describe_builds_one_line_from_the_incident():
    incident = {"event_type": "ASSAULT", "mode": "aerial", "source": {"code": "IND"},
                "target": {"code": "PAK", "name": "Someone Else"},
                "location": {"name": "Muzaffarabad"},
                "fatalities": {"low": 2, "best": 3, "high": 8}, "injuries": {"best": None}}  # fmt: skip
    assert report.describe(incident) == (
        "India attacked Pakistan (air or missile strike) at Muzaffarabad; 3 (range 2-8) killed"
    )
    talk = {"event_type": "CONSULT", "source": {"code": "USA", "name": "Marco Rubio"},
            "target": None}  # fmt: skip
    assert report.describe(talk) == "Marco Rubio (United States) held talks"


def test_default_dyad_is_the_busiest_pair():
    incidents = [{"source": {"code": a}, "target": {"code": b}}
                 for a, b in [("PAK", "IND"), ("IND", "PAK"), ("USA", "IND"), ("IND", None)]]  # fmt: skip
    assert report.default_dyad(incidents) == "IND-PAK"
    assert report.default_dyad([]) is None


def test_markdown_escape_makes_text_inert():
    out = report.markdown_escape("a | b <script>x</script> [link](http://x) *bold*\nnext")
    assert "<" not in out and "\n" not in out
    assert "\\|" in out and "\\[link\\]" in out and "\\*bold\\*" in out
    rendered = MarkdownIt("commonmark").render(out)
    assert "<a " not in rendered and "<script" not in rendered and "<em>" not in rendered


def test_report_format_from_extension():
    assert report.report_format("x/brief.PDF") == "pdf"
    assert report.report_format("brief.markdown") == "md"
    with pytest.raises(ValueError):
        report.report_format("brief.docx")


def test_page_count_of_a_pdf():
    fake = b"%PDF-1.4\n<< /Type /Pages /Count 2 >>\n<< /Type /Page >>\n<</Type/Page/Parent 1>>"
    assert report.pdf_page_count(fake) == 2


# --- hostile input -------------------------------------------------------------------------

HOSTILE_TEXT = (
    'SRINAGAR, May 8 - Pakistani troops shelled villages in Kupwara on Thursday, killing four '
    'civilians, Indian police said.\n\n'
    '"We will answer every provocation <script>alert(2)</script> with force," Indian Defence '
    'Minister Rajnath Singh said on Thursday.\n'
)  # fmt: skip
HOSTILE_TITLE = 'Shelling kills four <script>alert("t")</script> in Kupwara'


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory, nlp) -> str:
    folder = tmp_path_factory.mktemp("hostile")
    (folder / "hostile.txt").write_text(HOSTILE_TEXT, encoding="utf-8")
    meta = {"published": "2025-05-08", "outlet": "Wire <img src=x onerror=alert(3)>",
            "title": HOSTILE_TITLE}  # fmt: skip
    (folder / "hostile.meta.json").write_text(json.dumps(meta), encoding="utf-8")
    path = folder / "hostile.db"
    with Store(path) as s:
        ingest([str(folder / "hostile.txt")], s, nlp=nlp)
    return str(path)


def test_article_text_is_escaped_in_html(hostile_db, tmp_path):
    with Store(hostile_db) as s:
        brief = report.collect(s, dyad="IND-PAK")
        assert any(r["first_title"] == HOSTILE_TITLE for r in brief["developments"])
        assert any("<script>" in st["quote"] for st in brief["statements"])
        html = report.write_report(s, tmp_path / "h.html").path.read_text(encoding="utf-8")
    assert "<script" not in html.lower() and "<img src=x" not in html
    assert "&lt;script&gt;alert(&#34;t&#34;)&lt;/script&gt;" in html  # the title
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in html  # the quote
    assert "Wire &lt;img src=x onerror=alert(3)&gt;" in html  # the outlet


def test_article_text_is_inert_in_markdown(hostile_db, tmp_path):
    with Store(hostile_db) as s:
        md = report.write_report(s, tmp_path / "h.md").path.read_text(encoding="utf-8")
    assert "<script" not in md and "<img" not in md and "&lt;script&gt;alert(2)" in md
    assert "<script" not in MarkdownIt("commonmark").enable("table").render(md)


# --- formats -------------------------------------------------------------------------------


def test_markdown_variant_parses_into_sections_and_tables(store, tmp_path):
    result = report.write_report(store, tmp_path / "brief.md", dyad="IND-PAK")
    text = result.path.read_text(encoding="utf-8")
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    headings = [tokens[i + 1].content for i, t in enumerate(tokens)
                if t.type == "heading_open" and t.tag == "h2"]  # fmt: skip
    assert headings == MD_HEADINGS
    tables = 0
    for i, t in enumerate(tokens):
        if t.type == "table_open":
            tables += 1
            j, widths, cells = i, [], 0
            while tokens[j].type != "table_close":
                if tokens[j].type in ("th_open", "td_open"):
                    cells += 1
                if tokens[j].type == "tr_close":
                    widths.append(cells)
                    cells = 0
                j += 1
            assert len(set(widths)) == 1 and len(widths) >= 2  # every row as wide as the header
    assert tables >= 4
    images = [c for t in tokens if t.children for c in t.children if c.type == "image"]
    assert images and images[0].attrs["src"] == "brief.escalation.svg"
    chart = tmp_path / "brief.escalation.svg"
    assert result.extra_files == (chart,)
    assert chart.read_text(encoding="utf-8").lstrip().startswith("<svg")


@pytest.mark.skipif(not HAS_CHROMIUM, reason="Chromium is not installed (apt-get install chromium)")
def test_pdf_is_a_real_pdf_of_one_to_three_pages(store, tmp_path):
    result = report.write_report(store, tmp_path / "brief.pdf", dyad="IND-PAK")
    data = result.path.read_bytes()
    assert data.startswith(b"%PDF")
    assert 1 <= result.pages <= 3
    assert result.pages == report.pdf_page_count(data)
    counts = [int(n) for n in re.findall(rb"/Type\s*/Pages\b[^>]*?/Count\s+(\d+)", data)]
    counts += [int(n) for n in re.findall(rb"/Count\s+(\d+)[^>]*?/Type\s*/Pages\b", data)]
    assert result.pages in counts or not counts


def test_pdf_without_chromium_fails_with_a_clear_message(store, tmp_path, monkeypatch):
    monkeypatch.setenv(report.CHROMIUM_ENV, str(tmp_path / "no-such-chromium"))
    assert report.find_chromium() is None
    with pytest.raises(report.RendererMissing, match="apt-get install chromium"):
        report.write_report(store, tmp_path / "brief.pdf")
    assert not (tmp_path / "brief.pdf").exists()
    # HTML still works
    assert report.write_report(store, tmp_path / "brief.html").path.exists()


# --- command line ---------------------------------------------------------------------------


def test_cli_writes_html(sample_db, tmp_path):
    out = tmp_path / "brief.html"
    result = runner.invoke(app, ["report", "--db", sample_db, "--dyad", "ind-pak",
                                 "--since", "2025-04-22", "-o", str(out)])  # fmt: skip
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert "dyad IND-PAK" in text and "22 April 2025" in text


def test_cli_usage_errors_exit_2(sample_db, tmp_path):
    bad_ext = runner.invoke(app, ["report", "--db", sample_db, "-o", str(tmp_path / "b.docx")])
    assert bad_ext.exit_code == 2
    bad_date = runner.invoke(app, ["report", "--db", sample_db, "--since", "May 7",
                                   "-o", str(tmp_path / "b.html")])  # fmt: skip
    assert bad_date.exit_code == 2
    assert not Path(tmp_path / "b.html").exists()


def test_cli_pdf_without_chromium_exits_1_naming_it(sample_db, tmp_path, monkeypatch):
    monkeypatch.setenv(report.CHROMIUM_ENV, str(tmp_path / "absent"))
    result = runner.invoke(app, ["report", "--db", sample_db, "-o", str(tmp_path / "b.pdf")])
    assert result.exit_code == 1
    assert "Chromium" in result.output and not (tmp_path / "b.pdf").exists()


@pytest.mark.skipif(not HAS_CHROMIUM, reason="Chromium is not installed (apt-get install chromium)")
def test_a_pdf_too_long_is_printed_again_with_shorter_lists(store, tmp_path, monkeypatch):
    printed: list[str] = []
    real = report.html_to_pdf

    def spy(html, output, **kwargs):
        printed.append(html)
        return real(html, output, **kwargs)

    monkeypatch.setattr(report, "html_to_pdf", spy)
    monkeypatch.setattr(report, "MAX_PAGES", 1)
    result = report.write_report(store, tmp_path / "brief.pdf", dyad="IND-PAK")
    assert len(printed) == 1 + len(report.SHORTER)  # the sample never fits one page
    rows = [_section(h, "developments").count('<td class="date">') for h in printed]
    assert rows[0] > rows[-1] and rows[-1] <= report.SHORTER[-1]["developments"]
    assert result.pages == report.pdf_page_count(result.path.read_bytes())


# -- citations, on a hand-built store (no model) ------------------------------------


@pytest.fixture
def cited_store(tmp_path):
    """The hand-built events of tests/test_export.py; article c's URL is hostile."""
    from flashpoint.models import Article
    from test_export import ARTICLES, EVENTS

    urls = {"a": "https://news.example/a (1)", "b": "http://news.example/b",
            "c": "javascript:alert(1)"}  # fmt: skip
    store = Store(str(tmp_path / "cited.db"))
    for a in ARTICLES:
        store.save_article(Article(doc_id=a["doc_id"], text=f"Text of {a['doc_id']}.",
                                   published=a["published"], outlet=a["outlet"],
                                   url=urls[a["doc_id"]], title=f"Title {a['doc_id']}"),
                           [e for e in EVENTS if e["doc_id"] == a["doc_id"]])  # fmt: skip
    fuse.fuse_pending(store)
    yield store
    store.close()


@pytest.mark.parametrize("url, link", [
    ("https://news.example/x", "https://news.example/x"),
    ("http://news.example/a b", "http://news.example/a%20b"),
    ("javascript:alert(1)", None),
    ("data:text/html,<b>x</b>", None),
    ("news.example/x", None),
    (None, None),
])  # fmt: skip
def test_only_web_addresses_become_links(url, link):
    assert report.safe_url(url) == link


def test_developments_and_casualty_figures_cite_sources_and_incident_pages(cited_store):
    brief = report.collect(cited_store, dyad="IND-PAK", base_url="http://dash.example:9000/")
    strike = next(d for d in brief["developments"] if d["sources"] == 2)
    assert [(a["outlet"], a["url"]) for a in strike["cited"]] == [
        ("Wire A", "https://news.example/a%20%281%29"), ("Wire B", "http://news.example/b")]
    assert strike["incident_url"] == f"http://dash.example:9000/incidents/{strike['id']}"
    shelling = next(c for c in brief["casualties"] if c["killed"]["best"] == 3)
    assert shelling["incident_url"].startswith("http://dash.example:9000/incidents/")
    (cited,) = shelling["sources"][0]["cited"]
    assert (cited["outlet"], cited["url"]) == ("Wire C", None)  # a hostile URL is no link


def test_html_and_markdown_briefings_link_their_sources(cited_store, tmp_path):
    brief = report.collect(cited_store, dyad="IND-PAK")
    html = report.render_html(brief)
    assert '<a href="https://news.example/a%20%281%29">Wire A</a>' in html
    assert 'href="http://127.0.0.1:8000/incidents/' in html
    assert "javascript:" not in html
    md = report.render_markdown(brief)
    assert "[Wire A](https://news.example/a%20%281%29)" in md
    assert "[incident page](http://127.0.0.1:8000/incidents/" in md
    assert "javascript" not in md and "Wire C" in md
    links = [t for t in MarkdownIt().parse(md) if t.type == "inline"]
    hrefs = {c.attrs.get("href") for t in links for c in t.children or [] if c.type == "link_open"}
    assert "https://news.example/a%20%281%29" in hrefs


def test_cli_report_takes_the_dashboards_address(cited_store, tmp_path):
    db = str(cited_store.engine.url.database)
    out = tmp_path / "b.md"
    result = CliRunner().invoke(app, ["report", "--db", db, "-o", str(out), "--dyad", "IND-PAK",
                                      "--base-url", "https://dash.example/fp/"])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "(https://dash.example/fp/incidents/" in out.read_text(encoding="utf-8")
    bad = CliRunner().invoke(app, ["report", "--db", db, "-o", str(out),
                                   "--base-url", "javascript:x"])  # fmt: skip
    assert bad.exit_code == 2
