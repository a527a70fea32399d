"""Temporal expressions and event dates.

Component ``flashpoint_dates`` fills ``doc.spans["fp_dates"]`` with the date
expressions of an article, each span's ``span._.fp_date`` a
:class:`ResolvedDate` resolved against ``doc._.fp_published``; without a
publication date a relative expression stays unresolved (date None, text
kept). ``date_for_event(doc, trigger)`` picks the expression that dates an
event.

The words the patterns are built from live in ``data/dates.yaml``, with the
conventions for each precision: a week is dated by its Monday, a month by its
1st (or the 5th / 15th / 25th for early / mid / late), a year by January 1st.
A weekday is the most recent such day strictly before publication, the
publication day itself when it falls on that weekday. A night named by one day
("Tuesday night", "Friday night and into Saturday morning") is that day; a
night named by two dates ("the night of May 6-7") is the later one, as is
"overnight" (the publication day), since overnight operations are mostly
reported on the day they fell after midnight. "Over the weekend" is the most
recent Saturday on or before publication, at day precision.

A dateline ("PESHAWAR, Jan 5:", "Srinagar, May 8 (Wire):") gives the day the
report was filed, which may be a day before publication (a morning paper):
when it holds a date, relative expressions ("on Tuesday", "last night") are
resolved against that date, not the publication date, and an event of the
first paragraph that no date expression dates takes the dateline's day
(``doc.spans["fp_dateline_date"]``). A report that opens with a day ("26
February. Police ...", "On 12 March 2024, gunmen ...") is the story of that
day: its first paragraph's undated events take it
(``doc.spans["fp_lead_date"]``). Story-relative phrases ("the next day",
"two days earlier", "hours later", "at dawn") count from the day of the
story told so far; an undated event in the simple past right after a dated
deed of its paragraph takes that day (``date_from_story``). Otherwise an
event without a date of its own stays undated: the publication date is
never an event's date.

Numeric dates ("6/10/2018", "on 12/06") are read day/month or month/day,
whichever fits and lies nearest publication in the past; a date that is
part of a name ("the February 14 Youth Coalition") is no date.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
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
PARAGRAPH_MIN_CHARS = 150  # a shorter line is a headline, not a paragraph

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


#: the key of ``doc.user_data`` holding where the first paragraph ends
FIRST_PARAGRAPH_KEY = "fp_first_paragraph_end"


def in_first_paragraph(doc: Doc, token_i: int) -> bool:
    """Whether a token lies in the article's first paragraph: up to the first
    blank line, else up to the end of the first line of some length (a
    headline above it belongs to it), else the whole text (where it ends is
    found once per Doc)."""
    end = doc.user_data.get(FIRST_PARAGRAPH_KEY)
    if end is None:
        text = extensions.text_of(doc)
        end = text.find("\n\n")
        if end < 0:
            offset = 0
            for line in text.split("\n"):
                offset += len(line) + 1
                if len(line.strip()) >= PARAGRAPH_MIN_CHARS:
                    end = offset - 1
                    break
        doc.user_data[FIRST_PARAGRAPH_KEY] = end
    return end < 0 or doc[token_i].idx < end


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
            (rf"{b}{wd},?\s+{calendar}", _resolve_explicit),
            (rf"{b}{calendar}", _resolve_explicit),
        ]
    patterns += [
        (rf"{b}(?P<y>{year})-(?P<m>[01]\d)-(?P<d1>[0-3]\d)(?!\d)", _resolve_iso),
        (rf"{b}(?P<d1>{day})-(?P<mon>{mon_any})-(?P<y>{year})", _resolve_explicit),
        (rf"{b}(?P<a>[0-3]?\d)/(?P<bb>[0-3]?\d)/(?P<y>{year})(?![\d/])", _resolve_numeric),
        (
            rf"{b}(?i:on)\s+(?:(?i:a)\s+)?(?P<x>(?P<a>[0-3]?\d)/(?P<bb>[0-3]?\d))(?![\d/])",
            _resolve_numeric,
        ),
        (
            rf"{b}(?P<part>{_alt(data['month_parts'])})[\s-]+(?P<mon>{mon_full})(?:,?\s+(?P<y>{year}))?",
            _resolve_month,
        ),
        (rf"{b}(?P<mon>{mon_full}),?\s+(?P<y>{year})", _resolve_month),
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
    return _calendar(m, pub, "d1")


def _resolve_night_of(m: re.Match, pub: date | None) -> Resolution:
    return _calendar(m, pub, "d2" if m.group("d2") else "d1")


def _resolve_iso(m: re.Match, pub: date | None) -> Resolution:
    try:
        return date(int(m.group("y")), int(m.group("m")), int(m.group("d1"))), "day"
    except ValueError:
        return None, None


def _resolve_numeric(m: re.Match, pub: date | None) -> Resolution:
    """ "6/10/2018", "on 11/08": day/month or month/day. A number above 12
    settles the order; otherwise the reading nearest publication wins, a day
    after publication costing double (the past is preferred), and with no
    publication date day/month, the order of most of the world's press."""
    a, b = int(m.group("a")), int(m.group("bb"))
    readings = [(a, b), (b, a)] if a != b else [(a, b)]  # (day, month)
    year = m.groupdict().get("y")
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
    one of ``name_heads``."""
    doc = span.doc
    return span.end < len(doc) and doc[span.end].lower_ in _vocab().data["name_heads"]


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
    return found.date_obj.date(), precision


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
        doc.spans[SPAN_KEY] = sorted(spans, key=lambda s: s.start)
        doc.spans[LIVEBLOG_KEY] = _liveblog_entries(doc, doc.spans[SPAN_KEY])
        doc.spans[DATELINE_DATE_KEY] = [
            s for s in spans if dateline and s.start == dateline[0].start and s._.fp_date.date
        ]
        doc.spans[LEAD_DATE_KEY] = [] if doc.spans[DATELINE_DATE_KEY] else _lead_date(doc)
        return doc


def _lead_date(doc: Doc) -> list[Span]:
    """The date a report opens with: "26 February. Police dispersed ...",
    "On 12 March 2024, gunmen ...", "Week of 3 May: ...". Such a report is
    the story of that day: an event of its first paragraph that no date of
    its own dates takes it (as a dateline's date). Only a day or a week, only
    before the text's first verb and within its first words
    (``lead_date_reach``), and not the day of a report ("On Friday,
    officials said ...") unless the report is an opening aside ("As
    reported on 3 May, gunmen ...")."""
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
    if head.i != aside_i and head.pos_ in ("VERB", "AUX") and head.lemma_.lower() in speech:
        return []  # "On Friday, officials said ...": the day of a report
    return [first]


def _as_reported(opening: list[Token]) -> Token | None:
    """The reporting verb of an opening aside ("As reported on 3 May, ..."):
    a report that gives no other day is the story of its report's day."""
    if len(opening) < 2 or opening[0].lower_ != "as":
        return None
    verb = opening[1]
    speech = _vocab().data["speech_lemmas"]
    return verb if verb.pos_ in ("VERB", "AUX") and verb.lemma_.lower() in speech else None


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
    """Story-relative expressions, labelled SAME_DAY and resolved per event by
    ``date_for_event`` against the day of the story told so far: "hours
    later", "later that day" (that day), "the next day", "the day before"
    (``story_relative``: a day after or before it), "two days earlier" (a
    count of days and a direction of ``story_directions``)."""
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


# --- the date of an event -------------------------------------------------------


def _ancestors(token: Token) -> list[Token]:
    """The token and its heads up to the root."""
    chain = [token]
    while chain[-1].head.i != chain[-1].i:
        chain.append(chain[-1].head)
    return chain


def _tree_path(a: Token, b: Token) -> tuple[int, list[Token], list[Token]] | None:
    """Length of the dependency path from a to b, the tokens on a's way up
    (a excluded, the common ancestor included) and those on the way down to b
    (the common ancestor and b excluded)."""
    up_a, up_b = _ancestors(a), _ancestors(b)
    index_b = {t.i: n for n, t in enumerate(up_b)}
    for n, tok in enumerate(up_a):
        if tok.i in index_b:
            return n + index_b[tok.i], up_a[1 : n + 1], up_b[1 : index_b[tok.i]]
    return None


def _sentence_dates(doc: Doc, sent: Span) -> list[Span]:
    return [s for s in doc.spans.get(SPAN_KEY, []) if sent.start <= s.start < sent.end]


def _closest_date(trigger: Span, dates: list[Span]) -> Span | None:
    """The date syntactically closest to the trigger. A date reached only by
    climbing through a reporting verb ("On Friday, officials said ...") dates
    the report, not the trigger; one that modifies another event noun ("...
    condemned the April 22 attack") dates that event, unless the noun is the
    object of a light verb trigger ("launched strikes on Wednesday")."""
    data = _vocab().data
    speech = set(data["speech_lemmas"])
    event_nouns = set(data["anaphoric_nouns"])
    light = trigger.root.lemma_.lower() in data["light_verbs"]
    root = trigger.root
    best, best_key = None, None
    for span in dates:
        if span.start < trigger.end and trigger.start < span.end:
            return span
        if _in_when_clause(root, span):
            return span  # "since 2019, when a bombing killed 40": the clause's own time
        if span.root.head.lower_ in data["span_preps"] and span.root.dep_ == "pobj":
            continue  # "since 2018", "until May 31": a span of time, no event's day
        path = _tree_path(root, span.root)
        if path is None:
            continue
        distance, climbed, descended = path
        if any(t.lemma_ in speech and t.pos_ in ("VERB", "AUX") for t in climbed):
            continue
        if _climbs_out(root, climbed):
            continue
        if _enters_background(descended, root):
            continue
        if any(
            t.lemma_.lower() in event_nouns
            and t.pos_ in ("NOUN", "PROPN")
            and not trigger.start <= t.i < trigger.end
            and not (light and t.head.i == root.i and t.dep_ == "dobj")
            and not _own_event_noun(root, t)
            for t in descended
        ):
            continue
        key = (distance, abs(span.start - root.i))
        if best_key is None or key < best_key:
            best, best_key = span, key
    return best


def _in_when_clause(root: Token, span: Span) -> bool:
    """The trigger lies in a "when" clause that describes the date ("since
    2019, when New Delhi downgraded ties after a bombing killed 40", "in
    2016, when militants stormed a base"): what the clause tells happened
    then."""
    for clause in span.root.children:
        if clause.dep_ not in ("relcl", "advcl") or clause.i < span.end:
            continue
        if not any(c.lower_ == "when" and c.dep_ == "advmod" for c in clause.children):
            continue
        if clause.i == root.i or clause.is_ancestor(root):
            return True
    return False


def _enters_background(descended: list[Token], root: Token | None = None) -> bool:
    """The way down to a date enters a background clause ("killed ... after
    India struck camps on Wednesday": Wednesday dates the strike), a
    background phrase ("killed after the death of two men the day before",
    "attacked him ahead of a rally the next day"). A
    clause opened by "when" or "as" is the same event told again ("were
    killed when militants ambushed a patrol on Wednesday")."""
    markers = set(_vocab().data["background_markers"])
    if any(
        t.pos_ in ("ADP", "ADV") and t.lower_ in markers and t.dep_ in ("prep", "advmod")
        for t in descended
    ):
        return True
    return any(
        any(c.dep_ == "mark" and c.lower_ in markers for c in t.children)
        and not same_incident_clause(t)
        and not _toll_of_the_attack(root, t)
        and not _hours_apart(t)
        for t in descended
    )


def _hours_apart(verb: Token) -> bool:
    """A background clause only hours or minutes away is the same day:
    "shelled the town hours after the talks on Friday collapsed"
    (``same_day_gaps``, on the clause's verb or on its marker)."""
    gaps = set(_vocab().data["same_day_gaps"])
    heads = [verb, *(c for c in verb.children if c.dep_ == "mark")]
    return any(c.dep_ == "npadvmod" and c.lemma_.lower() in gaps for h in heads for c in h.children)


def _toll_of_the_attack(root: Token | None, verb: Token) -> bool:
    """A toll told with the attack that caused it is one incident: "Three
    people were injured after shots were fired along the road on Sunday",
    "two died after gunmen attacked the bus on Monday": the trigger is a
    killed / injured word (``toll_lemmas``) and the clause's verb an attack
    (``antecedent_verbs``)."""
    data = _vocab().data
    return (
        root is not None
        and root.lemma_.lower() in data["toll_lemmas"]
        and verb.lemma_.lower() in data["antecedent_verbs"]
    )


def same_incident_clause(verb: Token) -> bool:
    """A background clause that goes on telling the same incident: its
    subject is a pronoun for the people just named and its verb is no attack
    ("were shot dead after they crossed the fence in Ferozepur on Sunday")."""
    data = _vocab().data
    if verb.pos_ not in ("VERB", "AUX") or verb.lemma_.lower() in data["antecedent_verbs"]:
        return False
    return any(
        c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in data["same_incident_subjects"]
        for c in verb.children
    )


def _own_event_noun(root: Token, noun: Token) -> bool:
    """An event noun in a phrase on the trigger that names the trigger's own
    event ("were injured in a cross-border firing on Sunday", "killed in an
    encounter on Tuesday")."""
    prep = noun.head
    return (
        noun.dep_ == "pobj"
        and prep.head.i == root.i
        and prep.lower_ in _vocab().data["own_event_preps"]
        and root.pos_ in ("VERB", "AUX")
    )


def _climbs_out(root: Token, climbed: list[Token]) -> bool:
    """The way up from the trigger leaves its event: out of a background
    clause ("after India struck camps") or out of a phrase on another verb
    ("shut on Wednesday in protest at the killings")."""
    data = _vocab().data
    markers = set(data["background_markers"])
    if not climbed:
        return False
    gaps = set(data["same_day_gaps"])
    for tok in [root, *climbed[:-1]]:
        if any(c.dep_ in ("mark", "advmod") and c.lower_ in markers for c in tok.children):
            if not any(c.dep_ == "npadvmod" and c.lemma_.lower() in gaps for c in tok.children):
                return True  # "hours after India struck" is the same day as its clause
    return any(
        (t.pos_ == "ADP" and t.lower_ in markers)  # "a fortnight after the massacre"
        or (
            t.pos_ == "ADP"
            and t.dep_ == "prep"
            and t.head.pos_ in ("VERB", "AUX")
            and t.lower_ not in data["link_preps"]
        )
        for t in climbed
    )


def _refers_back(trigger: Span) -> bool:
    data = _vocab().data
    root = trigger.root
    if root.lemma_.lower() not in data["anaphoric_nouns"] or root.pos_ not in ("NOUN", "PROPN"):
        return False
    return any(c.dep_ == "det" and c.lower_ in data["anaphoric_determiners"] for c in root.children)


def _from_previous_sentence(doc: Doc, trigger: Span) -> Span | None:
    """'The attack ...' continuing a sentence that dated an attack-like event
    to a day ("stormed a post on April 30", "the strikes on Wednesday") takes
    that date."""
    sent = trigger.sent
    if sent.start == 0 or not _refers_back(trigger):
        return None
    previous = doc[sent.start - 1].sent
    dates = _sentence_dates(doc, previous)
    data = _vocab().data
    antecedents = {trigger.root.lemma_.lower()}
    if trigger.root.lemma_.lower() in data["generic_event_nouns"]:
        antecedents.update((*data["anaphoric_nouns"], *data["antecedent_verbs"]))
    for tok in previous:
        if tok.lemma_.lower() in antecedents:
            found = _closest_date(doc[tok.i : tok.i + 1], dates)
            # a month or a year ("In August 2019 ...", "last month's attack")
            # is too vague to say which event "the ambush" is: no date
            if found is not None and found._.fp_date.precision == "day":
                return found
    return None


def date_for_event(
    doc: Doc, trigger: Span, *, earlier: Sequence[str | None] = ()
) -> ResolvedDate | None:
    """The date of the event whose trigger is ``trigger``: a date expression of
    its sentence tied to it, else (conservatively) the date of the same event
    in the sentence before, else, in the first paragraph, the dateline's
    date, else, in a live blog's entry, the entry's day, else None. Never the
    publication date by itself in an ordinary article.

    ``earlier``: the days (YYYY-MM-DD) of the article's events before this
    one. "Hours later" / "later that day" takes the latest of them: the story
    told so far (None when there is none)."""
    dates = _sentence_dates(doc, trigger.sent)
    dateline = list(doc.spans.get(DATELINE_DATE_KEY, []))
    dates = [d for d in dates if d not in dateline]
    found = _closest_date(trigger, dates) if dates else _from_previous_sentence(doc, trigger)
    if found is None and dates:
        found = _report_day(trigger, dates)
    if found is None and dateline and in_first_paragraph(doc, trigger.start):
        found = dateline[0]
    lead = doc.spans.get(LEAD_DATE_KEY, [])
    if found is None and lead and in_first_paragraph(doc, trigger.start):
        found = lead[0]
    if found is None:
        found = _liveblog_entry(doc, trigger)
    if found is None:
        return None if dates else _news_of_the_day(doc, trigger)
    value = found._.fp_date
    if found.label_ == SAME_DAY_LABEL:
        days = [d for d in earlier if d]
        lead = doc.spans.get(LEAD_DATE_KEY, [])
        if not days and lead and lead[0]._.fp_date.precision == "day":
            days = [lead[0]._.fp_date.date]
        if not days:
            return None
        day = date.fromisoformat(max(days)) + timedelta(days=value.offset)
        return ResolvedDate(day.isoformat(), "day", value.text)
    return ResolvedDate(value.date, value.precision, value.text)


def _news_of_the_day(doc: Doc, trigger: Span) -> ResolvedDate | None:
    """The publication day for an act told in the present perfect with no
    date words in its sentence ("Pakistan and Afghanistan have agreed to a
    ceasefire", "Police have detained 40 people"): the news of the day the
    report was written. Not for an event named by a noun (it may be an older
    one: "the attack has been condemned"), nor for a perfect of duration
    ("have been fighting", "has long demanded") or one under a modal ("would
    have struck"). None without a publication date."""
    published = doc._.fp_published
    root = trigger.root
    if published is None or root.pos_ not in ("VERB", "AUX") or root.tag_ != "VBN":
        return None
    aux = [c for c in root.children if c.dep_ in ("aux", "auxpass")]
    perfect = [c for c in aux if c.lower_ in ("has", "have", "'ve", "'s")]
    if not perfect or any(c.tag_ == "MD" for c in aux):
        return None
    if any(
        c.dep_ == "advmod" and c.lower_ in _vocab().data["duration_adverbs"] for c in root.children
    ):
        return None
    words = doc[perfect[0].i : root.i + 1].text
    day = published if isinstance(published, date) else date.fromisoformat(str(published)[:10])
    return ResolvedDate(day.isoformat(), "day", words)


def date_of_the_report(doc: Doc, trigger: Span) -> ResolvedDate | None:
    """The publication day for a verbal act (a statement, an appeal, an
    agreement, a threat) that no date words in its sentence date: "He also
    thanked the mediators", "the union says force is forbidden". What a news
    report tells of what someone said or agreed, undated, is that day's news.
    Only for an act told by a verb in the simple past, the present or the
    present perfect: a past perfect ("had agreed") is earlier, a perfect of
    duration ("has long demanded") or a progressive ("has been demanding") is
    no one day (a present progressive, "they are committing to peace", is),
    and a noun may name an older act ("the agreement"). The
    caller asks only for verbal (non-material) acts. None without a
    publication date."""
    published = doc._.fp_published
    if published is None:
        return None
    sent = trigger.sent
    if any(sent.start <= s.start < sent.end for s in doc.spans.get(SPAN_KEY, [])):
        return None
    verb = trigger.root
    while verb.pos_ not in ("VERB", "AUX") and verb.dep_ in ("xcomp", "dobj", "prt") and verb.head.i != verb.i:
        verb = verb.head
    if verb.pos_ not in ("VERB", "AUX"):
        return None
    aux = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if any(c.lower_ in ("had", "'d", "been") or c.tag_ == "MD" for c in aux):
        return None  # earlier, or not done yet ("will deploy")
    if verb.tag_ == "VBG" and not any(c.lower_ in ("is", "are", "am", "'s", "'re") for c in aux):
        return None
    if verb.tag_ not in ("VBD", "VBZ", "VBP", "VB", "VBN", "VBG"):
        return None
    if verb.tag_ == "VBN" and not any(c.lower_ in ("has", "have", "'ve", "was", "were", "is", "are") for c in aux):
        return None
    if any(c.dep_ == "advmod" and c.lower_ in _vocab().data["duration_adverbs"] for c in verb.children):
        return None
    day = published if isinstance(published, date) else date.fromisoformat(str(published)[:10])
    return ResolvedDate(day.isoformat(), "day", None)


def date_from_story(
    doc: Doc, trigger: Span, earlier: Sequence[tuple[Span, ResolvedDate | None]]
) -> ResolvedDate | None:
    """The day of an event that no date words date, told in the simple past
    (or the past progressive) right after an event or a deed dated to a day:
    one incident told over several sentences ("Police broke up the sit-in on
    16 June. Several workers were wounded.", "... They were protesting the
    expulsion of two pupils."). ``earlier``: the trigger spans of the
    article's events before this one with their dates (None when not dated
    to a day), in text order; the dates of deeds no event was coded for
    count too (``_story_dates``).

    The dated event or deed must be in the same paragraph, at most
    ``story_carry_sentences`` sentences back. Not for a sentence with date
    words of its own (they date it or deliberately do not), nor for a verb
    in another tense: a past perfect ("had warned") is before it, a present
    or a future is not that day, nor for an event named by a noun (it may be
    another, earlier one: "The ambush was condemned by officials")."""
    data = _vocab().data
    sent = trigger.sent
    if any(sent.start <= s.start < sent.end for s in doc.spans.get(SPAN_KEY, [])):
        return None
    root = trigger.root
    if root.pos_ not in ("VERB", "AUX") or not (_simple_past(root) or _progressive(root)):
        return None  # "The ambush was condemned": a noun may name another event
    reach = data["story_carry_sentences"]
    told = [(span.start, span, day) for span, day in earlier if day is not None]
    told += [(span.start, span, span._.fp_date) for span in _story_dates(doc)]
    for _, span, day in sorted(told, key=lambda item: item[0], reverse=True):
        if span.start >= trigger.start or not (day.date and day.precision == "day"):
            continue
        if "\n\n" in extensions.text_of(doc)[span.end_char : trigger.start_char]:
            return None
        starts = {t.sent.start for t in doc[span.start : trigger.start + 1] if not t.is_space}
        if len(starts) - 1 > reach:
            return None
        return ResolvedDate(day.date, "day", day.text)
    return None


def _story_dates(doc: Doc) -> list[Span]:
    """Dates that tell the day of something done (an event the coder may not
    have coded: "Rival supporters clashed on Friday, 15 June. One of them was
    injured."), not the day of a report ("On Friday, police said ...") nor
    a bound of time ("since May 3")."""
    data = _vocab().data
    speech = set(data["speech_lemmas"])
    found = []
    for span in doc.spans.get(SPAN_KEY, []):
        if span.label_ != "DATE" or span._.fp_date.precision != "day":
            continue
        if span.root.head.lower_ in data["span_preps"]:
            continue
        verb = span.root
        while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
            verb = verb.head
        if verb.pos_ in ("VERB", "AUX") and verb.lemma_.lower() in speech:
            continue
        found.append(span)
    return found


def _simple_past(root: Token) -> bool:
    """The clause of the trigger is in the simple past (active or passive):
    its verb (the trigger or the verb it hangs from) is a past form with no
    auxiliary of another tense."""
    verb = root
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    if verb.pos_ not in ("VERB", "AUX") or verb.tag_ not in ("VBD", "VBN"):
        return False
    other = set(_vocab().data["not_past_aux"])
    aux = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if verb.tag_ == "VBN" and not aux:
        return verb.dep_ in ("ROOT", "conj", "acl", "advcl")  # "One rioter killed."
    return not any(c.lower_ in other for c in aux)


def _report_day(trigger: Span, dates: list[Span]) -> Span | None:
    """The day of a report of a just-done act, when the report's day is the
    sentence's only date: "Early on Saturday India said it had struck eight
    sites" (a past perfect whose actor is the speaker), "Airstrikes pounded
    the city and killed 40 people, medics said on Tuesday" (the simple past
    told first, its source after it: the news of that day), "The navy said
    Tuesday it was deploying ships" (the progressive: under way that day).
    Otherwise the date dates only the report: "On Friday, officials said
    rebels had burned the office", "On Thursday the army said troops
    shelled camps" (it may be days before)."""
    root = trigger.root
    verb = root
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    report = _report_verb(verb)
    if report is None or len(dates) != 1:
        return None
    perfect = any(c.dep_ == "aux" and c.lower_ == "had" for c in verb.children)
    if perfect and not _self_report(verb):
        return None
    if not perfect and not _progressive(verb) and not (_simple_past(verb) and report.i > verb.i):
        return None  # "On Thursday the army said troops shelled ...": the report's day
    span = dates[0]
    head = span.root
    while head.dep_ in ("pobj", "prep", "advmod", "npadvmod") and head.head is not head:
        head = head.head
        if head.i == report.i:
            break
    if head.i != report.i or not any(t.dep_ in ("pobj", "npadvmod") for t in span):
        return None  # ("Late on Thursday": the day's word is the object)
    return span if span._.fp_date.precision == "day" else None


def _report_verb(verb: Token) -> Token | None:
    """The reporting verb a clause is told under: its head ("said it had
    struck"), or an attribution after it ("..., medics said on Tuesday")."""
    speech = set(_vocab().data["speech_lemmas"])
    while verb.dep_ == "conj" and verb.head.i != verb.i:
        verb = verb.head
    head = verb.head
    if verb.dep_ == "ccomp" and head.pos_ in ("VERB", "AUX") and head.lemma_.lower() in speech:
        return head
    for child in verb.children:
        if (
            child.dep_ in ("ccomp", "parataxis")
            and child.i > verb.i
            and child.pos_ in ("VERB", "AUX")
            and child.lemma_.lower() in speech
        ):
            return child
    return None


def _progressive(verb: Token) -> bool:
    """ "was deploying", "were fleeing": a past progressive."""
    return verb.tag_ == "VBG" and any(
        c.dep_ == "aux" and c.lower_ in ("was", "were") for c in verb.children
    )


def _self_report(act: Token) -> bool:
    """The act's subject is the speaker: "it", "we", "they", "its forces"."""
    own = set(_vocab().data["self_report_pronouns"])
    for child in act.children:
        if child.dep_ in ("nsubj", "nsubjpass"):
            return child.lower_ in own or any(
                c.dep_ == "poss" and c.lower_ in own for c in child.children
            )
    return False


def _liveblog_entry(doc: Doc, trigger: Span) -> Span | None:
    """The timestamp of the live-blog entry the trigger is written in."""
    before = [s for s in doc.spans.get(LIVEBLOG_KEY, []) if s.end <= trigger.start]
    return before[-1] if before else None


@Language.factory("flashpoint_dates")
def make_date_finder(nlp: Language, name: str) -> DateFinder:
    return DateFinder()
