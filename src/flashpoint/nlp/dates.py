"""Temporal expressions.

Component ``flashpoint_dates`` fills ``doc.spans["fp_dates"]`` with the date
expressions of an article, each span's ``span._.fp_date`` a
:class:`ResolvedDate` resolved against ``doc._.fp_published``; without a
publication date a relative expression stays unresolved (date None, text
kept). Which expression dates an event is decided in
:mod:`flashpoint.coding.event_dates`.

The words the patterns are built from live in ``data/dates.yaml``, with the
conventions for each precision: a week is dated by its Monday, a month by its
1st (or the 5th / 15th / 25th for early / mid / late), a year by January 1st.
A weekday is the most recent such day strictly before publication, the
publication day itself when it falls on that weekday. "The week of 12 March" is that week (its Monday). A night named by one day
("Tuesday night", "Friday night and into Saturday morning") is that day; a
night named by two dates ("the night of May 6-7") is the later one, as is
"overnight" (the publication day), since overnight operations are mostly
reported on the day they fell after midnight. A stretch of days ("between
3 and 12 July", "3-12 July") is dated by its last day, at the precision of its length. "Over the weekend" is the most
recent Saturday on or before publication, at day precision.

A dateline ("PESHAWAR, Jan 5:", "Srinagar, May 8 (Wire):") gives the day the
report was filed, which may be a day before publication (a morning paper):
when it holds a date, relative expressions ("on Tuesday", "last night") are
resolved against that date, not the publication date, and its date is kept in
``doc.spans["fp_dateline_date"]``. The day a report opens with ("26
February. Police ...", "On 12 March 2024, gunmen ...") is kept in
``doc.spans["fp_lead_date"]``. Story-relative phrases ("the next day", "two
days earlier", "hours later", "at dawn") are labelled ``SAME_DAY`` with the
days they count from the day of the story told so far (resolved per event),
and the timestamps that open a live blog's entries go in
``doc.spans["fp_liveblog"]`` with their entry's day.

Numeric dates ("6/10/2018", "on 12/06") are read day/month or month/day,
whichever fits and lies nearest publication in the past; a date that is
part of a name ("the February 14 Youth Coalition") is no date.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache, lru_cache
from pathlib import Path

from dateparser.date import DateDataParser
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from flashpoint.datafiles import read_yaml
from flashpoint.nlp import extensions

DATA = Path(__file__).resolve().parent.parent / "data" / "dates.yaml"
SPAN_KEY = "fp_dates"
DATELINE_DATE_KEY = "fp_dateline_date"
LEAD_DATE_KEY = "fp_lead_date"
LIVEBLOG_KEY = "fp_liveblog"
SAME_DAY_LABEL = "SAME_DAY"

# A dateline opens the text: a place in capitals or title case, an optional
# region, an optional date, an optional agency in brackets, then a colon or a
# dash ("PESHAWAR, Jan 5:", "Srinagar, May 8 (Wire):", "NEW DELHI --"; two
# places joined by a slash, "ISLAMABAD/NEW DELHI, May 8 -", give the first), or the
# whole in brackets ("(Kupwara, J&K) Two militants ...").
_NAME = r"[A-Z][A-Za-z.'\-]*(?:\s+[A-Z][A-Za-z.'\-]*){0,3}"
_DATELINE = re.compile(
    rf"^\s*(?P<open>\(\s*)?(?P<place>{_NAME})(?P<second>\s*/\s*{_NAME})?"
    rf"(?:\s*,\s*(?P<region>[A-Z][A-Za-z&.\-]*(?:\s+[A-Z&][A-Za-z&.\-]*){{0,3}}))??"
    r"(?:\s*,\s*(?P<date>(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}|\d{1,2}\s+[A-Z][a-z]{2,8}\.?)(?:,?\s+\d{4})?))?"
    r"\s*(?:\((?P<agency>[^)\n]{1,40})\)\s*)?"
    r"(?P<end>:|\u2014|\u2013|--|\s-\s|(?<=[A-Za-z&.])\)(?=\s))"
)


def _dateline(text: str) -> re.Match | None:
    m = _DATELINE.match(text)
    if m is None or (m.group("end") == ")" and not m.group("open")):
        return None
    if m.group("open") and m.group("end") != ")":
        return None
    return m


def dateline_place_chars(text: str) -> tuple[int, int] | None:
    """Character offsets of the dateline's place, or None without a dateline."""
    m = _dateline(text)
    return m.span("place") if m else None


def dateline_shared(text: str) -> bool:
    """A dateline of several bureaus ("BANGKOK/PHNOM PENH -"): the story was
    written from both, so its first place is no place of the events."""
    m = _dateline(text)
    return bool(m and m.group("second"))


def dateline_date_chars(text: str) -> tuple[int, int] | None:
    """Character offsets of the dateline's date, or None."""
    m = _dateline(text)
    return m.span("date") if m and m.group("date") else None


def _timestamp_regex() -> re.Pattern:
    data = _vocab().data
    zones = _alt(data["time_zones"])
    return re.compile(
        rf"^[ \t]*(?:(?i:updated|posted)[: ]+)?(?:[01]?\d|2[0-3])[:.][0-5]\d"
        rf"(?:\s*(?i:am|pm|hrs))?(?:\s*{zones})?[ \t]*(?:[-\u2013\u2014|:]|(?=\n))",
        re.MULTILINE,
    )


def _liveblog_entries(doc: Doc, dates: list[Span]) -> list[Span]:
    """The timestamps that open a live blog's entries ("10:45 IST - ...",
    "21:10 IST \u2014 ..."), each labelled with its entry's day: the last
    date heading above it (a line that is only a date: "Saturday, May 10"),
    else the publication day. Two such entries at least, or none: an
    ordinary article has no entries."""
    text = extensions.text_of(doc)
    entries = [
        m
        for m in _timestamp_regex().finditer(text)
        if text[m.end() : m.end() + 1] not in ("\n", "")
        and not m.group().strip()[:1].isalpha()  # "Updated 14:20" heads the page
    ]
    if len(entries) < 2:
        return []
    headings = []
    for span in dates:
        line_start = text.rfind("\n", 0, span.start_char) + 1
        line_end = text.find("\n", span.end_char)
        line = text[line_start : line_end if line_end >= 0 else len(text)]
        value = span._.fp_date
        if value.date and value.precision == "day" and len(line.strip()) <= len(span.text) + 2:
            headings.append((span.start_char, value.date))
    published = doc._.fp_published
    found = []
    for m in entries:
        day = next((d for start, d in reversed(headings) if start < m.start()), None)
        day = day or (published.isoformat() if published else None)
        span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
        if span is None or day is None:
            continue
        entry = Span(doc, span.start, span.end, label="LIVEBLOG")
        entry._.fp_date = ResolvedDate(day, "day", entry.text.strip())
        found.append(entry)
    return found


@dataclass
class ResolvedDate:
    date: str | None  # YYYY-MM-DD
    precision: str | None  # day / week / month / year
    text: str
    # A story-relative expression ("the next day", "two days earlier"):
    # days from the day of the story told so far (date None until resolved).
    offset: int = 0
    # A day an anniversary recalls ("the anniversary of independence on 15
    # August 1971"): the old day itself (``date`` is the anniversary's).
    recalled: str | None = None


# --- vocabulary and patterns ------------------------------------------------


def _alt(words, *, ignore_case: bool = True) -> str:
    """A regex alternation of the words, longest first, spaces as \\s+."""
    parts = [r"\s+".join(map(re.escape, w.split())) for w in sorted(words, key=len, reverse=True)]
    body = "|".join(parts)
    return f"(?i:{body})" if ignore_case else f"(?:{body})"


@dataclass
class _Vocab:
    data: dict
    patterns: list[tuple[re.Pattern, Callable]]


@cache
def _vocab() -> _Vocab:
    data = read_yaml(DATA)
    months = {k: v for k, v in data["months"].items()}
    all_months = {**months, **data["month_abbreviations"]}
    data["all_months"] = all_months
    mon_full = _alt(months, ignore_case=False)
    mon_any = rf"(?:{_alt(months, ignore_case=False)}|{_alt(data['month_abbreviations'], ignore_case=False)}\.?)"
    wd = _alt(data["weekdays"], ignore_case=False)
    day = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?![\d:])"
    year = r"(?:19|20)\d{2}(?!\d)"
    qual = _alt(data["day_qualifiers"])
    part = _alt(data["day_parts"])
    hours = _alt(data["hours_of"])
    b = r"(?<![\w-])"  # a word start
    md = rf"(?P<mon>{mon_any})\s+(?P<d1>{day})(?:\s*[-–]\s*(?P<d2>{day}))?(?:,?\s+(?P<y>{year}))?"
    dm = rf"(?:the\s+)?(?P<d1>{day})(?:\s*[-–]\s*(?P<d2>{day}))?\s+(?:of\s+)?(?P<mon>{mon_any})(?:,?\s+(?P<y>{year}))?"
    one_wd = rf"(?:{qual}\s+)?(?:(?i:the\s+)?{hours}\s+)?{wd}(?:\s+{part})?"
    weekday = (
        rf"(?:(?P<back>{_alt(data['weekday_back'])})\s+|(?P<fwd>{_alt(data['weekday_forward'])})\s+)?"
        rf"(?:{qual}\s+)?(?:(?i:the\s+)?{hours}\s+)?(?P<wd>{wd})(?:\s+{part})?"
        rf"(?:\s+(?i:and\s+into|and|into|to|through)\s+{one_wd})?"
    )
    rel = data["relative"]
    ago_n = _alt(data["small_numbers"])
    patterns = []
    for calendar in (md, dm):
        patterns += [
            (rf"{b}(?:the\s+)?(?i:night)\s+of\s+{calendar}", _resolve_night_of),
            (rf"{b}(?:(?i:the)\s+)?(?i:week)\s+of\s+{calendar}", _resolve_week_of),
            (rf"{b}{wd},?\s+{calendar}", _resolve_explicit),
            (rf"{b}{calendar}", _resolve_explicit),
        ]
    patterns += [
        (rf"{b}(?P<y>{year})-(?P<m>[01]\d)-(?P<d1>[0-3]\d)(?!\d)", _resolve_iso),
        (rf"{b}(?P<d1>{day})-(?P<mon>{mon_any})-(?P<y>{year})", _resolve_explicit),
        (rf"{b}(?P<a>[0-3]?\d)/(?P<bb>[0-3]?\d)/(?P<y>{year})(?![\d/])", _resolve_numeric),
        (rf"{b}(?P<a>[0-3]?\d)\.(?P<bb>[0-3]?\d)\.(?P<y>{year})(?![\d.]\d)", _resolve_numeric),
        (
            rf"{b}(?i:on)\s+(?P<x>(?P<a>[0-3]?\d)/(?P<bb>[0-3]?\d)/(?P<yy>\d{{2}}))(?![\d/])",
            _resolve_numeric,
        ),
        (
            rf"{b}(?:(?i:on)|(?i:the\s+)?{hours})\s+(?:(?i:a)\s+)?"
            rf"(?P<x>(?P<a>[0-3]?\d)/(?P<bb>[0-3]?\d))(?![\d/])",
            _resolve_numeric,
        ),
        (
            rf"{b}(?P<part>{_alt(data['month_parts'])})[\s-]+(?P<mon>{mon_full})(?:,?\s+(?P<y>{year}))?",
            _resolve_month,
        ),
        (rf"{b}(?P<mon>{mon_full}),?\s+(?:of\s+)?(?P<y>{year})", _resolve_month),
        (
            rf"{b}{_alt(data['month_preps'])}\s+(?P<x>(?P<mon>{mon_full}))(?![\w-]|\s+\d)",
            _resolve_month,
        ),
        (rf"{b}(?P<x>(?P<qual>(?i:early|mid|late))[\s-]+(?P<y>{year}))", _resolve_year),
        (rf"{b}{_alt(data['year_preps'])}\s+(?P<x>(?P<y>{year}))(?![\w%-])", _resolve_year),
        (
            rf"{b}(?i:the)\s+(?P<x>(?P<y>{year}))(?=\s+(?:[A-Z][\w-]*\s+){{0,2}}"
            rf"{_alt([n + 's' for n in data['anaphoric_nouns']] + list(data['anaphoric_nouns']))}\b)",
            _resolve_year,
        ),
        (rf"{b}{weekday}(?![\w-])", _resolve_weekday),
        (rf"{b}(?P<rel>{_alt(rel)})(?![\w-])", _resolve_relative),
        (
            rf"{b}(?P<n>\d{{1,2}}|{ago_n})\s+(?P<unit>{_alt(data['ago_units'])})\s+(?i:ago)(?![\w-])",
            _resolve_ago,
        ),
    ]
    return _Vocab(data, [(re.compile(p), f) for p, f in patterns])


def date_words() -> dict:
    """The vocabulary of ``data/dates.yaml`` (read once)."""
    return _vocab().data


# --- resolution ---------------------------------------------------------------

Resolution = tuple[date | None, str | None]


def _day(m: re.Match, group: str) -> int:
    return int(re.match(r"\d+", m.group(group)).group())


def _month_number(m: re.Match) -> int:
    return _vocab().data["all_months"][m.group("mon").rstrip(".")]


def _pick_year(month: int, day: int, pub: date) -> date | None:
    """A month and day without a year: the nearest such date to publication,
    a future one counting double (the past is preferred)."""
    best, best_cost = None, None
    for y in (pub.year - 1, pub.year, pub.year + 1):
        try:
            cand = date(y, month, day)
        except ValueError:
            continue
        delta = (cand - pub).days
        cost = -delta if delta <= 0 else 2 * delta
        if best_cost is None or cost < best_cost:
            best, best_cost = cand, cost
    return best


def _calendar(m: re.Match, pub: date | None, which: str) -> Resolution:
    month, day = _month_number(m), _day(m, which)
    if m.group("y"):
        try:
            return date(int(m.group("y")), month, day), "day"
        except ValueError:
            return None, None
    if pub is None:
        return None, "day"
    return _pick_year(month, day, pub), "day"


def _resolve_explicit(m: re.Match, pub: date | None) -> Resolution:
    """ "May 7", "7 May 2025"; a run of days ("6-7 August", "May 14-16")
    is a stretch, dated by its last day as "between 6 and 7 August" is, at
    a day's precision for two days running, else a week's."""
    if not m.groupdict().get("d2"):
        return _calendar(m, pub, "d1")
    first, _ = _calendar(m, pub, "d1")
    last, precision = _calendar(m, pub, "d2")
    if first is None or last is None or last < first:
        return _calendar(m, pub, "d1")
    return last, ("day" if (last - first).days <= 1 else "week")


def _resolve_night_of(m: re.Match, pub: date | None) -> Resolution:
    return _calendar(m, pub, "d2" if m.group("d2") else "d1")


def _resolve_week_of(m: re.Match, pub: date | None) -> Resolution:
    """ "the week of 12 March": that week, dated by its Monday."""
    day, _ = _calendar(m, pub, "d1")
    if day is None:
        return None, "week"
    return day - timedelta(days=day.weekday()), "week"


def _resolve_iso(m: re.Match, pub: date | None) -> Resolution:
    try:
        return date(int(m.group("y")), int(m.group("m")), int(m.group("d1"))), "day"
    except ValueError:
        return None, None


def _resolve_numeric(m: re.Match, pub: date | None) -> Resolution:
    """ "6/10/2018", "6.10.2018", "on 11/08", "the night of 11/08", "on
    11/08/18" (a two-digit year of this century, none after publication):
    day/month or month/day. A number above 12
    settles the order; otherwise the reading nearest publication wins, a day
    after publication costing double (the past is preferred), and with no
    publication date day/month, the order of most of the world's press."""
    a, b = int(m.group("a")), int(m.group("bb"))
    readings = [(a, b), (b, a)] if a != b else [(a, b)]  # (day, month)
    year = m.groupdict().get("y")
    if m.groupdict().get("yy"):  # "on 14/7/18": a year of this century
        year = str(2000 + int(m.group("yy")))
        if pub is not None and int(year) > pub.year:
            return None, None
    found = []
    for day, month in readings:
        if not 1 <= month <= 12:
            continue
        if year:
            try:
                found.append(date(int(year), month, day))
            except ValueError:
                continue
        elif pub is not None:
            cand = _pick_year(month, day, pub) if day <= 31 else None
            if cand is not None:
                found.append(cand)
    if not found:
        return None, None
    if pub is None:
        return found[0], "day"

    def cost(d: date) -> int:
        delta = (d - pub).days
        return -delta if delta <= 0 else 2 * delta

    return min(found, key=cost), "day"


def _resolve_month(m: re.Match, pub: date | None) -> Resolution:
    month = _month_number(m)
    part = m.groupdict().get("part")
    day = _vocab().data["month_parts"][" ".join(part.lower().split())] if part else 1
    if m.groupdict().get("y"):
        return date(int(m.group("y")), month, day), "month"
    if pub is None:
        return None, "month"
    ahead = month - pub.month
    if ahead > 0 and 2 * ahead >= 12 - ahead:
        return date(pub.year - 1, month, day), "month"
    if ahead < 0 and 2 * (12 + ahead) < -ahead:
        return date(pub.year + 1, month, day), "month"
    return date(pub.year, month, day), "month"


def _resolve_year(m: re.Match, pub: date | None) -> Resolution:
    return date(int(m.group("y")), 1, 1), "year"


def _resolve_weekday(m: re.Match, pub: date | None, *, ahead: bool = False) -> Resolution:
    if pub is None:
        return None, "day"
    target = _vocab().data["weekdays"][m.group("wd")]
    back = (pub.weekday() - target) % 7
    if m.group("fwd"):
        return pub + timedelta(days=(target - pub.weekday()) % 7 or 7), "day"
    if ahead:
        return pub + timedelta(days=(target - pub.weekday()) % 7), "day"
    if m.group("back") and back == 0:
        back = 7
    return pub - timedelta(days=back), "day"


def _shift(pub: date, unit: str, offset: int) -> date:
    if unit == "week":
        return pub - timedelta(days=pub.weekday()) + timedelta(weeks=offset)
    if unit == "weekend":
        saturday = pub - timedelta(days=(pub.weekday() - 5) % 7)
        return saturday + timedelta(weeks=offset)
    if unit == "month":
        index = pub.year * 12 + pub.month - 1 + offset
        return date(index // 12, index % 12 + 1, 1)
    return date(pub.year + offset, 1, 1)


def _resolve_relative(m: re.Match, pub: date | None) -> Resolution:
    spec = _vocab().data["relative"][" ".join(m.group("rel").lower().split())]
    if "days" in spec:
        precision = "day"
        return (pub + timedelta(days=spec["days"]) if pub else None), precision
    unit = spec["unit"]
    precision = "day" if unit == "weekend" else unit
    return (_shift(pub, unit, spec["offset"]) if pub else None), precision


def _resolve_ago(m: re.Match, pub: date | None) -> Resolution:
    data = _vocab().data
    raw = m.group("n").lower()
    n = int(raw) if raw.isdigit() else data["small_numbers"][raw]
    precision = data["ago_units"][m.group("unit").lower()]
    if pub is None:
        return None, precision
    if precision == "day":
        return pub - timedelta(days=n), "day"
    if precision == "week":
        return _shift(pub - timedelta(weeks=n), "week", 0), "week"
    return _shift(pub, precision, -n), precision


# --- finding the expressions ---------------------------------------------------


def _char_span(doc: Doc, start: int, end: int) -> Span | None:
    return doc.char_span(start, end, alignment_mode="expand")


def _pattern_spans(doc: Doc, pub: date | None) -> Iterator[tuple[Span, Resolution]]:
    for regex, resolve in _vocab().patterns:
        for m in regex.finditer(extensions.text_of(doc)):
            start, end = m.span("x") if "x" in regex.groupindex else m.span()
            span = _char_span(doc, start, end)
            if span is None or _names_a_thing(span):
                continue
            if resolve is _resolve_weekday and not m.group("back") and _looks_ahead(span):
                yield span, _resolve_weekday(m, pub, ahead=True)
            else:
                yield span, resolve(m, pub)


def _names_a_thing(span: Span) -> bool:
    """A date that is part of a name: "the February 14 Youth Coalition",
    "the 13th of May Square", "the 6 October bridge": the word after it is
    one of ``name_heads``; or a bare month followed by "of" and a capital
    ("the May of Hope rally")."""
    doc = span.doc
    if span.end < len(doc) and doc[span.end].lower_ in _vocab().data["name_heads"]:
        return True
    # "the March of Return": a bare month with "of" and a name after it
    months = _vocab().data["months"]
    return (
        len(span) == 1
        and span[0].text in months
        and span.end + 1 < len(doc)
        and doc[span.end].lower_ == "of"
        and doc[span.end + 1].text[:1].isupper()
    )


def _looks_ahead(span: Span) -> bool:
    """A weekday in a planned, future clause ("will meet on Thursday",
    "closed until Saturday", "is scheduled to vote on Monday")."""
    data = _vocab().data
    doc = span.doc
    before = doc[span.start - 1] if span.start > 0 else None
    if before is not None and before.lower_ in data["future_preps"]:
        return True
    verb = span.root
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    if verb.pos_ not in ("VERB", "AUX"):
        return False
    if any(c.dep_ in ("aux", "auxpass") and c.lower_ in data["future_aux"] for c in verb.children):
        return True
    return verb.dep_ == "xcomp" and verb.head.lemma_.lower() in data["future_heads"]


def _entity_spans(doc: Doc, pub: date | None) -> Iterator[tuple[Span, Resolution]]:
    """The model's DATE/TIME entities that hold an anchor, resolved with
    dateparser (only with a publication date to resolve against)."""
    if pub is None:
        return
    data = _vocab().data
    anchors = {w.lower() for w in (*data["entity_anchors"], *data["all_months"], *data["weekdays"])}
    durations = {w.lower() for w in data["entity_duration_words"]}
    for ent in doc.ents:
        if ent.label_ not in ("DATE", "TIME"):
            continue
        words = {t.lower_.rstrip(".") for t in ent}
        if words & durations or not words & anchors or _names_a_thing(ent):
            continue
        resolved = _dateparser_reading(ent.text, pub)
        if resolved is not None:
            yield ent, resolved


@lru_cache(maxsize=4096)
def _dateparser_reading(text: str, pub: date) -> Resolution | None:
    """dateparser's date and precision for ``text`` against the publication
    date (kept: the same words recur within an article and across a day's)."""
    found = _date_parser(pub).get_date_data(text)
    if found.date_obj is None:
        return None
    precision = found.period if found.period in ("day", "week", "month", "year") else "day"
    day = found.date_obj.date()
    # the conventions of this module: a month by its 1st, a year by January
    # 1st, a week by its Monday (dateparser keeps the publication's day)
    if precision == "month":
        day = day.replace(day=1)
    elif precision == "year":
        day = day.replace(month=1, day=1)
    elif precision == "week":
        day = day - timedelta(days=day.weekday())
    return day, precision


@lru_cache(maxsize=64)
def _date_parser(pub: date) -> DateDataParser:
    """dateparser set to read relative dates against ``pub``, preferring the past."""
    return DateDataParser(
        languages=["en"],
        settings={
            "RELATIVE_BASE": datetime(pub.year, pub.month, pub.day),
            "PREFER_DATES_FROM": "past",
        },
    )


class DateFinder:
    """Fills ``doc.spans["fp_dates"]``: the pattern matches first, then the
    model's entities that no pattern covered; no two spans overlap."""

    def __call__(self, doc: Doc) -> Doc:
        extensions.register()
        dateline = _dateline_date(doc)
        reference = dateline[1] if dateline else doc._.fp_published
        taken: set[int] = set()
        spans = []
        found = list(_pattern_spans(doc, reference))
        if dateline:
            found.append((dateline[0], (dateline[1], "day")))
        # Longest first, so "the night of May 6-7" wins over "May 6-7".
        found.sort(key=lambda f: (-(f[0].end - f[0].start), f[0].start))
        for span, (when, precision) in [*found, *_entity_spans(doc, reference)]:
            if taken & set(range(span.start, span.end)):
                continue
            taken.update(range(span.start, span.end))
            span = Span(doc, span.start, span.end, label="DATE")
            iso = when.isoformat() if when else None
            span._.fp_date = ResolvedDate(iso, precision, span.text)
            spans.append(span)
        for span in _same_day_spans(doc):
            if not taken & set(range(span.start, span.end)):
                taken.update(range(span.start, span.end))
                spans.append(span)
        spans = _anniversaries(doc, spans, doc._.fp_published)
        doc.spans[SPAN_KEY] = _spans_of_days(doc, sorted(spans, key=lambda s: s.start))
        doc.spans[LIVEBLOG_KEY] = _liveblog_entries(doc, doc.spans[SPAN_KEY])
        doc.spans[DATELINE_DATE_KEY] = [
            s for s in spans if dateline and s.start == dateline[0].start and s._.fp_date.date
        ]
        doc.spans[LEAD_DATE_KEY] = [] if doc.spans[DATELINE_DATE_KEY] else _lead_date(doc)
        return doc


def anniversary_noun(span: Span) -> Token | None:
    """The anniversary noun (``anniversary_nouns``) a day follows in its
    sentence, within ``anniversary_reach`` words and no verb between them
    ("the anniversary of independence on 15 August 1971"), or None."""
    data = _vocab().data
    nouns = set(data["anniversary_nouns"])
    doc = span.doc
    for tok in reversed(doc[max(span.sent.start, span.start - data["anniversary_reach"]) : span.start]):
        if tok.pos_ in ("VERB", "AUX"):
            return None
        if tok.lower_ in nouns:
            return tok
    return None


def _anniversaries(doc: Doc, spans: list[Span], pub: date | None) -> list[Span]:
    """A day that an anniversary recalls ("marked the anniversary of
    independence on 15 August 1971", "on the eve of the anniversary of the
    uprising of 12 March 2011") is the day of an old happening, no day of
    the news: what the report tells fell on the anniversary, that day and
    month in the year nearest publication (the past preferred, as for a
    day written without its year), or on a day counted from it by a word
    before the noun ("the eve of the anniversary": the day before,
    ``anniversary_offsets``). The old day is kept as the span's
    ``recalled`` day: the happening the anniversary recalls, named inside
    its phrase ("the massacre"), keeps it (``coding.event_dates``). Only a
    day of an earlier year: a day of this one ("on the eve of the
    anniversary, on 14 August") is the day of the news itself."""
    offsets = _vocab().data["anniversary_offsets"]
    for span in spans:
        value = span._.fp_date
        if pub is None or value.date is None or value.precision != "day" or span.label_ != "DATE":
            continue
        noun = anniversary_noun(span)
        if noun is None:
            continue
        old = date.fromisoformat(value.date)
        day = _pick_year(old.month, old.day, pub)
        if day is None or day.year <= old.year:
            continue  # "on the eve of the anniversary, on 14 August": the day itself
        words = [t.lower_ for t in doc[max(span.sent.start, noun.i - 4) : noun.i]]
        for word, shift in offsets.items():
            if word in words and "of" in words[words.index(word) :]:
                day += timedelta(days=int(shift))
                break
        span._.fp_date = ResolvedDate(day.isoformat(), "day", value.text, recalled=value.date)
    return spans


def _spans_of_days(doc: Doc, spans: list[Span]) -> list[Span]:
    """ "between 3 and 12 July", "from 3 July to 12 July": two days joined
    as the bounds of a stretch of time (``stretch_openers`` before the
    first, ``stretch_links`` between them) are one expression, dated by its
    last day (the stretch is told whole once it is over), at the precision
    of its length: a day for two days running, else a week, a month or a
    year as it fits. "Since 3 July" and "until 12 July" stay bounds (see
    ``span_preps``)."""
    data = _vocab().data
    openers, links = set(data["stretch_openers"]), set(data["stretch_links"])
    out: list[Span] = []
    k = 0
    while k < len(spans):
        first = spans[k]
        second = spans[k + 1] if k + 1 < len(spans) else None
        if (
            second is None
            or first.start == 0
            or doc[first.start - 1].lower_ not in openers
            or second.start != first.end + 1
            or doc[first.end].lower_ not in links
            or first.label_ != "DATE"
            or second.label_ != "DATE"
        ):
            out.append(first)
            k += 1
            continue
        a, b = first._.fp_date, second._.fp_date
        if a.date is None or b.date is None or a.precision != "day" or b.precision != "day":
            out.append(first)
            k += 1
            continue
        start, end = date.fromisoformat(a.date), date.fromisoformat(b.date)
        if start.year != end.year and second.text.strip()[-4:].isdigit():
            start = start.replace(year=end.year) if (start.month, start.day) <= (end.month, end.day) else start
        days = (end - start).days
        if days < 0:
            out.append(first)
            k += 1
            continue
        precision = "day" if days <= 1 else "week" if days <= 7 else "month" if days <= 62 else "year"
        span = Span(doc, first.start - 1, second.end, label="DATE")
        span._.fp_date = ResolvedDate(b.date, precision, span.text)
        out.append(span)
        k += 2
    return out


def _lead_date(doc: Doc) -> list[Span]:
    """The date a report opens with: "26 February. Police dispersed ...",
    "On 12 March 2024, gunmen ...", "Week of 3 May: ...". Such a report is
    the story of that day: an event of its first paragraph that no date of
    its own dates takes it (as a dateline's date). Only a day or a week, only
    before the text's first verb and within its first words
    (``lead_date_reach``), and not the day of a report ("On Friday,
    officials said ...") unless the report is an opening aside ("As
    reported on 3 May, gunmen ...") or brings the news of the acts ("On 3
    May, a rights group reported that ...", ``_brings_news``)."""
    reach = _vocab().data["lead_date_reach"]
    spans = [s for s in doc.spans.get(SPAN_KEY, []) if s.label_ == "DATE"]
    if not spans:
        return []
    first = spans[0]
    opening = [t for t in doc[: first.start] if not t.is_space]
    aside = _as_reported(opening)
    aside_i = aside.i if aside is not None else -1
    verbs = [t for t in opening if t.pos_ in ("VERB", "AUX") and t.i != aside_i]
    if len(opening) > reach or verbs:
        return []
    value = first._.fp_date
    if value.date is None or value.precision not in ("day", "week"):
        return []
    head = first.root
    while head.pos_ not in ("VERB", "AUX") and head.head.i != head.i:
        head = head.head
    speech = _vocab().data["speech_lemmas"]
    if (
        head.i != aside_i
        and head.pos_ in ("VERB", "AUX")
        and head.lemma_.lower() in speech
        and not _agentless_passive(head)
        and not _brings_news(head)
    ):
        return []  # "On Friday, officials said ...": the day of a report
    return [first]


def _brings_news(verb: Token) -> bool:
    """ "On 3 May, a rights group reported that gunmen burned ...", "On 3
    May, the family reported his disappearance": a verb of ``news_lemmas``
    in the active past tells that news of the acts came that day, as the
    agentless "it was reported" does; monitors' and coders' notes open so.
    Not "said", "claimed" or "announced": what someone says is their
    statement, its day no day of the acts. The past passive with its
    reporter ("On 3 May, it was reported by a local paper that ...") is the
    same news."""
    if verb.lemma_.lower() not in _vocab().data["news_lemmas"]:
        return False
    if verb.tag_ == "VBD":
        return True
    return verb.tag_ == "VBN" and any(
        c.dep_ == "auxpass" and c.lower_ in ("was", "were") for c in verb.children
    )


def _agentless_passive(verb: Token) -> bool:
    """ "On 3 May, it was reported that ...", "On 3 May, clashes were
    reported in ...": a report with no reporter, whose day is the day the
    acts it tells became known (see ``coding.event_dates.evidential_report``)."""
    return any(c.dep_ == "auxpass" for c in verb.children) and not any(
        c.dep_ == "agent" for c in verb.children
    )


def _as_reported(opening: list[Token]) -> Token | None:
    """The reporting verb of an opening aside ("As reported on 3 May, ...",
    "Reported on 3 May: ..."): a report that gives no other day is the
    story of its report's day."""
    if opening and opening[0].lower_ == "as":
        opening = opening[1:]
    if not opening:
        return None
    verb = opening[0]
    speech = _vocab().data["speech_lemmas"]
    if verb.pos_ in ("VERB", "AUX") and verb.lemma_.lower() in speech and verb.tag_ == "VBN":
        return verb
    return None


@cache
def _story_regexes() -> tuple[re.Pattern, re.Pattern, dict[str, int]]:
    data = _vocab().data
    offsets = {" ".join(p.lower().split()): 0 for p in data["same_day_phrases"]}
    offsets.update(
        {" ".join(str(p).lower().split()): int(n) for p, n in data["story_relative"].items()}
    )
    fixed = re.compile(rf"(?<![\w-]){_alt(offsets)}(?![\w-])")
    counted = re.compile(
        rf"(?<![\w-])(?P<n>\d{{1,2}}|{_alt(data['small_numbers'])})\s+(?i:days?)\s+"
        rf"(?P<dir>{_alt(data['story_directions'])})(?![\w-])"
    )
    return fixed, counted, offsets


def _same_day_spans(doc: Doc) -> list[Span]:
    """Story-relative expressions, labelled SAME_DAY and resolved per event
    (``coding.event_dates.date_for_event``) against the day of the story
    told so far: "hours later", "later that day" (that day), "the next day",
    "the day before" (``story_relative``: a day after or before it), "two
    days earlier" (a count of days and a direction of
    ``story_directions``)."""
    data = _vocab().data
    fixed, counted, offsets = _story_regexes()
    found = []
    text = extensions.text_of(doc)
    matches = [(m, offsets[" ".join(m.group().lower().split())]) for m in fixed.finditer(text)]
    for m in counted.finditer(text):
        raw = m.group("n").lower()
        n = int(raw) if raw.isdigit() else data["small_numbers"][raw]
        matches.append((m, n * data["story_directions"][m.group("dir").lower()]))
    for m, offset in sorted(matches, key=lambda pair: (pair[0].start(), -pair[0].end())):
        span = _char_span(doc, *m.span())
        if span is None or any(f.start < span.end and span.start < f.end for f in found):
            continue
        span = Span(doc, span.start, span.end, label=SAME_DAY_LABEL)
        span._.fp_date = ResolvedDate(None, "day", span.text, offset)
        found.append(span)
    return found


def _dateline_date(doc: Doc) -> tuple[Span, date] | None:
    """The dateline's date span and its day (resolved against publication)."""
    chars = dateline_date_chars(extensions.text_of(doc))
    span = _char_span(doc, *chars) if chars else None
    if span is None:
        return None
    text = extensions.text_of(doc)[chars[0] : chars[1]]
    for regex, resolve in _vocab().patterns:
        m = regex.fullmatch(text)
        if m is not None and resolve is _resolve_explicit:
            when, _ = resolve(m, doc._.fp_published)
            return (span, when) if when else None
    return None


@Language.factory("flashpoint_dates")
def make_date_finder(nlp: Language, name: str) -> DateFinder:
    return DateFinder()
