"""Quotations and their speakers.

Component ``flashpoint_quotes``: sets ``doc._.fp_statements`` to one
``models.Statement`` per direct quotation. Quotation marks: “ ” ‘ ’ " ' and
`` ''. An apostrophe inside or after a word (Pakistan’s, farmers') is not a
quotation mark: an opening mark follows a space or the start of a line and
precedes a word; a closing mark follows a word or punctuation and precedes
no letter.

The speaker is found from the parse, wherever the attribution stands:
- a speech verb above the quoted words ("said", "stated", "remarked",
  "labeled ... “a shame”", "the G7 statement read"): its subject, or for a
  participle ("stating, ‘...’") the subject of the verb it hangs from;
- the subject of the quoted words when the quote begins inside a clause
  (Rubio “urged them to ...”);
- a quote standing alone in its paragraph: the subject of the speech verb of
  the sentence before it ("X described Y as a critical step:");
- a quotation that closes its own sentence ("...?"): the bare attribution
  in the sentence right after it ("X asked on X.").
The words that name the speaker ("he", "the spokesman", a surname) are then
made precise from the paragraph and the article (``speaker_context.py``).
Each turn of a transcript's guests is a statement too
(``quote_transcripts.py``).
A quotation with no speaker found is kept (speaker None) only when it is
clearly a quotation (a full sentence or several words), not a scare-quoted
word or two.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from flashpoint.coding.patterns import Grammar, load_grammar
from flashpoint.coding.quote_transcripts import find_turns, turn_speaker
from flashpoint.coding.roles import FIRST_PERSON, ActorIndex, parse_source, span_actors
from flashpoint.coding.speaker_context import refine
from flashpoint.models import Actor, Evidence, Statement
from flashpoint.nlp.context import context_of
from flashpoint.nlp.extensions import text_of

# Opening mark, the quoted words (no paragraph break), closing mark.
QUOTE_RES = (
    re.compile(r"“([^”“\n]{1,1500}?)”"),
    re.compile(r"``([^`'\n]{1,1500}?)''"),
    re.compile(r'(?:(?<=^)|(?<=[\s(\[—–-]))"([^"\n]{1,1500}?)"(?![A-Za-z])', re.M),
    re.compile(r"(?:(?<=^)|(?<=[\s(\[—–-]))‘(?=\S)([^‘\n]{1,800}?)(?<=\S)’(?![A-Za-z])", re.M),
    re.compile(r"(?:(?<=^)|(?<=[\s(\[—–-]))'(?=[A-Za-z])([^'\n]{1,800}?)(?<=[^\s])'(?![A-Za-z])", re.M),
)
QUOTE_VERBS = {"urge", "describe", "label", "call", "term", "dub", "brand", "characterise",
               "characterize", "claim", "allege", "write", "tweet", "post", "warn", "vow",
               "pledge", "promise", "accuse", "ask", "demand", "read", "quote"}  # fmt: skip
MIN_WORDS_WITHOUT_SPEAKER = 5


@dataclass
class Quote:
    start: int  # character offsets of the quoted words (inside the marks)
    end: int
    text: str
    speaker: list[Actor]
    verb: Token | None
    why: str | None


def _marks(text: str) -> list[tuple[int, int]]:
    """The quoted spans of ``text``: multi-paragraph quotations first, then
    each pattern's matches that overlap none found before. The spans kept
    never overlap, so they are held sorted and a new one is checked against
    its two neighbours only (linear in the number of quotations, not
    quadratic: a text of thousands of quotation marks stays fast)."""
    spans = sorted(_paragraph_quotes(text))
    starts = [s for s, _ in spans]
    for rx in QUOTE_RES:
        for m in rx.finditer(text):
            s, e = m.span(1)
            at = bisect.bisect_left(starts, s)
            if (at > 0 and spans[at - 1][1] > s) or (at < len(spans) and spans[at][0] < e):
                continue
            spans.insert(at, (s, e))
            starts.insert(at, s)
    return spans


OPENERS = ("\u201c", '"', "``")
CLOSERS = ("\u201d", '"', "\'\'")
PARAGRAPH_RE = re.compile(r"[^\n]+")


def _unclosed(line: str, opener: str) -> bool:
    if opener == '"':
        return line.count('"') % 2 == 1
    closer = CLOSERS[OPENERS.index(opener)]
    return line.count(opener) > line.count(closer)


def _paragraph_quotes(text: str):
    """A quotation over several paragraphs opens each paragraph and closes
    only at the end of the last: one quotation from the first opening mark
    to the last closing mark (a run of paragraphs that each open with a
    mark; the first left open)."""
    lines = [(m.start(), m.group(0).rstrip()) for m in PARAGRAPH_RE.finditer(text) if m.group(0).strip()]
    n = 0
    while n < len(lines):
        start, line = lines[n]
        opener = next((o for o in OPENERS if line.startswith(o)), None)
        if opener is None or not _unclosed(line, opener):
            n += 1
            continue
        end = start + len(line)
        m = n + 1
        while m < len(lines) and lines[m][1].startswith(opener):
            nxt_start, nxt = lines[m]
            end = nxt_start + len(nxt)
            m += 1
            if not _unclosed(nxt, opener):
                closer = CLOSERS[OPENERS.index(opener)]
                found = text.rfind(closer, nxt_start, end)
                end = found if found > nxt_start else end
                break
        yield start + len(opener), end
        n = m


def _heading_speaker(span: Span, index: ActorIndex) -> list[Actor]:
    """A quotation in a paragraph that opens with a mark, under a heading
    line that names its speaker ("NARENDRA MODI, addressing the nation:"),
    with only such quoted paragraphs between: the heading's actor."""
    doc = span.doc
    text = text_of(doc)
    para_start = text.rfind("\n", 0, span.start_char) + 1
    if text[para_start:span.start_char].strip() not in OPENERS:
        return []
    offset = para_start
    for line in reversed(text[:para_start].split("\n")):
        offset -= len(line) + 1
        stripped = line.strip()
        if not stripped or stripped.startswith(OPENERS):
            continue
        if not stripped.endswith(":"):
            return []
        start, end = offset + 1, offset + 1 + len(line)
        for actor_span in index.spans:
            if start <= actor_span.start_char < end:
                actors = [a for a in span_actors(actor_span, with_text=True) if a.code]
                if actors:
                    return actors
        return []
    return []


def _clean(text: str) -> str:
    # The marks that open each paragraph of a long quotation are no words.
    text = re.sub(r"\n\s*(?:\u201c|\"|``)", "\n", text)
    return re.sub(r"\s+", " ", text).strip().rstrip(",").strip()


def find_quotes(doc: Doc, index: ActorIndex, grammar: Grammar | None = None) -> list[Quote]:
    """Every quotation in the Doc with its speaker, found once per Doc (kept
    in its context, ``nlp/context.py``); ``grammar``: the word lists to use,
    by default the index's."""
    context = context_of(doc)
    if context.quotes is not None:
        return context.quotes
    grammar = grammar or index.grammar
    quotes: list[Quote] = []
    text = text_of(doc)
    marks = _marks(text)
    speech = grammar.speech_verbs | grammar.claim_verbs | QUOTE_VERBS
    for start, end in marks:
        words = _clean(text[start:end])
        if not words:
            continue
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or len(span) == 0:
            continue
        speaker, verb, why = _speaker(span, index, grammar)
        speaker, why = refine(span, speaker, verb, why, index, speech, marks)
        clear = len(words.split()) >= MIN_WORDS_WITHOUT_SPEAKER
        if not speaker and not clear and verb is None:
            continue
        quotes.append(Quote(start, end, words, speaker, verb, why))
    for turn in find_turns(text, grammar, context.dictionary):
        span = doc.char_span(turn.start, turn.end, alignment_mode="expand")
        if turn.speaker.staff or span is None or len(span) == 0:
            continue
        if any(q.start <= turn.start and turn.end <= q.end for q in quotes):
            continue
        quotes.append(Quote(turn.start, turn.end, _clean(text[turn.start:turn.end]),
                            turn_speaker(doc, turn, index), None,
                            f"transcript turn of '{turn.speaker.label}'"))
    quotes.sort(key=lambda q: q.start)
    context.quotes = quotes
    return quotes


def _speaker(span: Span, index: ActorIndex, grammar: Grammar) -> tuple[list[Actor], Token | None, str | None]:
    inside = set(range(span.start, span.end))
    speech = grammar.speech_verbs | grammar.claim_verbs | QUOTE_VERBS
    # The quote's own root(s): tokens inside whose head lies outside.
    roots = [t for t in span if t.head.i not in inside or t.head.i == t.i]
    # 1. a speech verb above the quote ("the committee said any attempt by
    #    India 'will be ...'": the committee, not India), else the quoted
    #    clause's own subject (Rubio "urged them to ...")
    for root in roots:
        tok = root
        for _ in range(8):
            if tok.head.i == tok.i:
                break
            tok = tok.head
            if tok.i in inside:
                continue
            if tok.lemma_.lower() in speech:
                for subj in tok.children:
                    if subj.dep_ == "nsubj" and index.phrase(subj):
                        return index.phrase(subj), tok, f"subject of '{tok.text}'"
                role = parse_source(tok, index, grammar)
                if role:
                    return role.actors, tok, f"{role.rule} (speech verb '{tok.text}')"
                for subj in tok.children:
                    if subj.dep_ == "nsubj":
                        found = earlier_mention(subj, index)
                        if found:
                            return found, tok, f"'{subj.text}' named earlier (speech verb '{tok.text}')"
                return [], tok, None
        for child in root.children:
            if child.dep_ in ("nsubj", "nsubjpass") and child.i not in inside:
                found = index.phrase(child)
                if found:
                    return found, root, f"subject of the quoted '{root.text}'"
    # 2. speech verb elsewhere in the sentence(s), outside the quote: the
    #    attribution after or around it ("..., the G7 statement read.")
    sents = {t.sent.start: t.sent for t in span}
    after = _attribution_after(span)
    if after is not None:
        sents[after.start] = after
    for sent in sents.values():
        for tok in sent:
            if tok.i in inside or tok.pos_ not in ("VERB", "AUX"):
                continue
            if tok.lemma_.lower() in speech:
                role = parse_source(tok, index, grammar)
                if role:
                    return role.actors, tok, f"{role.rule} (speech verb '{tok.text}')"
                for subj in tok.children:
                    if subj.dep_ == "nsubj":
                        found = earlier_mention(subj, index)
                        if found:
                            return found, tok, f"'{subj.text}' named earlier (speech verb '{tok.text}')"
    # 3. a heading line names the speaker of the quoted paragraphs below it
    heading = _heading_speaker(span, index)
    if heading:
        return heading, None, "the heading line above the quoted paragraphs"
    # 4. the quote alone: the sentence before it introduces it ("... as a step:")
    first = span[0].sent
    if all(t.i in inside or t.is_punct or t.is_space for t in first) and first.start > 0:
        prev = span.doc[first.start - 1].sent
        for tok in prev:
            if tok.pos_ == "VERB" and (tok.lemma_.lower() in speech or tok.dep_ == "ROOT"):
                role = parse_source(tok, index, grammar)
                if role:
                    return role.actors, tok, f"{role.rule} in the sentence before"
    return [], None, None


def _attribution_after(span: Span) -> Span | None:
    """The sentence right after a quotation that closes its own sentence
    ('"Where is the truce?" X asked on X.'), when it is a bare attribution:
    a verb of saying with no clause or object of its own."""
    doc = span.doc
    last = span[-1].sent
    if last.end >= len(doc):
        return None
    nxt = doc[last.end].sent
    text = text_of(doc)
    if text[span.end_char:nxt.start_char].strip() not in ("", *CLOSERS, "\u2019", "'"):
        return None
    if not text[span.start_char:span.end_char].rstrip().endswith(("?", "!", ".")):
        return None
    root = nxt.root
    if any(c.dep_ in ("ccomp", "xcomp", "dobj", "advcl") for c in root.children):
        return None
    return nxt


def earlier_mention(subj: Token, index: ActorIndex) -> list[Actor]:
    """The actor a speaker with no actor of its own stands for, named
    earlier in the article: "the committee said" -> the National Security
    Committee; "Shah wrote" -> Home Minister Amit Shah; "the statement said"
    -> whoever issued the statement named before."""
    grammar = index.grammar
    if subj.pos_ not in ("NOUN", "PROPN"):
        return []
    if subj.lemma_.lower() in grammar.statement_nouns:
        for tok in reversed(subj.doc[: subj.i]):
            if tok.lemma_.lower() not in grammar.statement_nouns or tok.pos_ != "NOUN":
                continue
            role = parse_source(tok, index, grammar)
            if not role and tok.dep_ == "pobj" and tok.head.head.pos_ == "VERB":
                role = parse_source(tok.head.head, index, grammar)  # "said in a statement"
            if any(a.code for a in role.actors):
                return role.actors
        return []
    if subj.pos_ == "NOUN" and not any(c.dep_ == "det" and c.lower_ in ("the", "this") for c in subj.children):
        return []
    for tok in reversed(subj.doc[: subj.i]):
        if tok.lower_ != subj.lower_ and not (tok.pos_ == subj.pos_ == "NOUN" and tok.lemma_ == subj.lemma_):
            continue
        span = index.span_at(tok)
        actors = span_actors(span, with_text=True) if span is not None else index.phrase(tok) or index.modifiers(tok)
        actors = [a for a in actors if a.code]
        if actors:
            return actors
    return []


def first_person_speakers(doc: Doc, index: ActorIndex) -> dict[int, list[Actor]]:
    """Token index of each "we" / "I" / "our" inside a quotation -> the
    quotation's speaker, for the event coder."""
    out: dict[int, list[Actor]] = {}
    for quote in find_quotes(doc, index):
        if not quote.speaker:
            continue
        span = doc.char_span(quote.start, quote.end, alignment_mode="expand")
        for tok in span or []:
            if tok.lower_ in FIRST_PERSON:
                out[tok.i] = quote.speaker
    return out


class QuoteFinder:
    def __init__(self, *, grammar: Grammar | None = None):
        self.grammar = grammar or load_grammar()

    def __call__(self, doc: Doc) -> Doc:
        # The grammar flashpoint_events was built with, where it ran (it
        # finds the quotations first, for "I" and "we" inside them); else
        # this component's own.
        grammar = context_of(doc).grammar or self.grammar
        index = ActorIndex(doc, grammar)
        published = doc._.fp_published
        statements: list[Statement] = []
        # a token's sentence by bisection: linear over a text of many quotations
        text = text_of(doc)
        sents = list(doc.sents)
        starts = [sent.start for sent in sents]

        def sent_of(i: int) -> Span:
            return sents[bisect.bisect_right(starts, i) - 1]

        for quote in find_quotes(doc, index, grammar):
            span = doc.char_span(quote.start, quote.end, alignment_mode="expand")
            first, last = sent_of(span.start), sent_of(span.end - 1)
            start, end = first.start_char, last.end_char
            statements.append(
                Statement(
                    doc_id=doc._.fp_doc_id or "",
                    quote=quote.text,
                    evidence=Evidence(sentence=text[start:end], start=start, end=end,
                                      trigger=quote.verb.text if quote.verb is not None else None),
                    speaker=quote.speaker[0] if quote.speaker else None,
                    date=published.isoformat() if published else None,
                )
            )
        doc._.fp_statements = statements
        return doc


@Language.factory("flashpoint_quotes")
def make_quote_finder(nlp: Language, name: str) -> QuoteFinder:
    return QuoteFinder()
