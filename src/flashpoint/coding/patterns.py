"""Trigger patterns and grammar word lists, read from ``data/patterns/``.

``events.yaml`` holds the trigger patterns (lemmas plus dependency shapes);
each is compiled into a spaCy ``DependencyMatcher`` pattern. ``grammar.yaml``
holds the word lists the role and modality rules use. Both are plain data a
user can extend; ``load_patterns`` / ``load_grammar`` take other paths.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import numpy
from spacy.attrs import HEAD
from spacy.matcher import DependencyMatcher
from spacy.tokens import Doc, Token
from spacy.vocab import Vocab

from flashpoint.datafiles import read_yaml
from flashpoint.models import PLOVER_TYPES

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "patterns"
EVENTS_FILE = DATA_DIR / "events.yaml"
GRAMMAR_FILE = DATA_DIR / "grammar.yaml"


@dataclass
class Pattern:
    """One trigger pattern from events.yaml."""

    id: str
    type: str
    trigger: dict
    with_: list[dict] = field(default_factory=list)
    without: list[dict] = field(default_factory=list)
    mode: str | None = None
    contexts: list[str] = field(default_factory=list)
    intent: bool = False
    priority: int = 0
    source_sector_types: dict[str, str] = field(default_factory=dict)
    speaker_source: bool = False
    embeds: bool = False
    absorbs: bool = False
    unsaid_type: str | None = None

    @property
    def nodes(self) -> int:
        return 1 + len(self.with_)

    def is_nominal(self, token: Token) -> bool:
        return token.pos_ in ("NOUN", "PROPN")


@dataclass
class Match:
    """A pattern that fired: the trigger token and the other matched tokens."""

    pattern: Pattern
    trigger: Token
    tokens: list[Token]

    @property
    def rank(self) -> tuple[int, int]:
        return (self.pattern.priority, self.pattern.nodes)

    def slot(self, name: str) -> Token | None:
        """The token matched by the pattern node whose ``id`` is ``name``
        (``source`` and ``target`` are role slots: see ``coding.rules_roles``)."""
        for n, spec in enumerate(self.pattern.with_, 1):
            if spec.get("id") == name and n < len(self.tokens):
                return self.tokens[n]
        return None


def _attrs(spec: dict) -> dict:
    attrs: dict = {}
    if spec.get("lemma"):
        attrs["LEMMA"] = {"IN": list(spec["lemma"])}
    if spec.get("lower"):
        attrs["LOWER"] = {"IN": list(spec["lower"])}
    if spec.get("pos"):
        attrs["POS"] = {"IN": list(spec["pos"])}
    if spec.get("dep"):
        attrs["DEP"] = {"IN": list(spec["dep"])}
    return attrs


def _case_variants(spec: dict) -> dict:
    """Lemmas are matched as given and in lower case (spaCy lemmatises
    proper nouns and some sentence-initial words with capitals)."""
    out = dict(spec)
    if spec.get("lemma"):
        lemmas = list(spec["lemma"])
        out["lemma"] = lemmas + [x.capitalize() for x in lemmas if x.capitalize() not in lemmas]
    return out


def compile_pattern(pattern: Pattern) -> list[dict]:
    """The DependencyMatcher form of one pattern."""
    trig = _case_variants(pattern.trigger)
    nodes = [{"RIGHT_ID": "trigger", "RIGHT_ATTRS": _attrs(trig)}]
    for n, spec in enumerate(pattern.with_):
        node_id = spec.get("id") or f"n{n}"
        nodes.append(
            {
                "LEFT_ID": spec.get("of", "trigger"),
                "REL_OP": spec.get("rel", ">"),
                "RIGHT_ID": node_id,
                "RIGHT_ATTRS": _attrs(_case_variants(spec)) or {"ORTH": {"NOT_IN": [""]}},
            }
        )
    return nodes


def _token_fits(token: Token, spec: dict) -> bool:
    if spec.get("dep") and token.dep_ not in spec["dep"]:
        return False
    if spec.get("lemma") and token.lemma_.lower() not in spec["lemma"]:
        return False
    if spec.get("lower") and token.lower_ not in spec["lower"]:
        return False
    return not (spec.get("pos") and token.pos_ not in spec["pos"])


def vetoed(pattern: Pattern, trigger: Token) -> bool:
    """True when a `without` shape is present among the trigger's children
    (or, with ``below: [deps]``, among the children of the trigger's
    children in those relations; with ``right: true`` only after them)."""
    for spec in pattern.without:
        below = spec.get("below")
        parents = [c for c in trigger.children if c.dep_ in below] if below else [trigger]
        for parent in parents:
            for child in parent.children:
                if _token_fits(child, spec) and (not spec.get("right") or child.i > parent.i):
                    return True
    return False


#: the token attributes a node of ``compile_pattern`` tests, by Matcher name
_NODE_ATTRS = ("LEMMA", "LOWER", "POS", "DEP", "ORTH")
#: the attributes a trigger is looked up by (one of them, with IN)
_WORD_ATTRS = ("LEMMA", "LOWER", "ORTH")


def _node_test(attrs: dict) -> tuple | None:
    """A node's ``RIGHT_ATTRS`` as ``((token attribute, values, wanted), ...)``
    (the token fits where each attribute's value is in ``values`` as
    ``wanted`` says), or None for a test that is not a set test of
    ``_NODE_ATTRS``."""
    test = []
    for name, spec in sorted(attrs.items()):
        if name not in _NODE_ATTRS or not isinstance(spec, dict) or len(spec) != 1:
            return None
        (op, values), = spec.items()
        if op not in ("IN", "NOT_IN") or not all(isinstance(v, str) for v in values):
            return None
        test.append((name, frozenset(values), op == "IN"))
    return tuple(test)


class TriggerIndexedMatcher(DependencyMatcher):
    """spaCy's ``DependencyMatcher`` with the same matches, in the same order,
    found by way of each pattern's first node (the trigger). spaCy's runs a
    token ``Matcher`` with every node of every pattern over the whole Doc and
    walks each matched token's ancestors to its tree: with two hundred
    patterns whose nodes match any word, most of ``extract``'s time. This one
    looks the trigger up by its words (lemmas or forms), and only in a parse tree that holds a
    trigger tests the pattern's other nodes, on that tree's tokens. A pattern
    it cannot index (a node testing other attributes, a trigger without
    a list of words, a Span) is matched by spaCy's own way."""

    def __init__(self, vocab: Vocab, **kwargs) -> None:
        super().__init__(vocab, **kwargs)
        #: matcher key of a node -> its test (``_as_ids``); (column, word id)
        #: -> the (key, pattern number) whose trigger takes that word
        self._tests: dict = {}
        self._by_word: dict[tuple[int, int], list[tuple]] = {}
        self._indexed = True

    def add(self, key, patterns, *, on_match=None) -> None:
        super().add(key, patterns, on_match=on_match)
        key = self._normalize_key(key)
        first = len(self._patterns[key]) - len(patterns)
        for n in range(first, len(self._patterns[key])):
            tests = [self._as_ids(_node_test(node[0])) for node in self._patterns[key][n]]
            trigger = tests[self._root[key][n]] if tests else None
            words = next(((a, v) for a, v, want in trigger or () if _NODE_ATTRS[a] in _WORD_ATTRS and want), None)
            if any(t is None for t in tests) or words is None:
                self._indexed = False
                continue
            for node_key, test in zip(self._tokens_to_key[key][n], tests, strict=True):
                self._tests[node_key] = test
            attr, values = words
            for word in sorted(values):
                self._by_word.setdefault((attr, word), []).append((key, n))

    def _as_ids(self, test: tuple | None) -> tuple | None:
        """A node's test on the ids ``Doc.to_array`` gives: the attribute's
        column, the values' ids in the vocabulary's strings."""
        if test is None:
            return None
        strings = self.vocab.strings
        return tuple((_NODE_ATTRS.index(name), frozenset(strings.add(v) for v in values), wanted)
                     for name, values, wanted in test)  # fmt: skip

    def __call__(self, doclike):
        if not self._indexed or not isinstance(doclike, Doc):
            return super().__call__(doclike)
        doc = doclike
        if not len(doc):
            return []
        table = doc.to_array([*_NODE_ATTRS, HEAD])
        values = [table[:, k].tolist() for k in range(len(_NODE_ATTRS))]
        heads = (numpy.arange(len(doc)) + table[:, -1].view(numpy.int64)).tolist()
        roots = _tree_roots(heads)
        # (key, pattern number) -> the trees holding a word its trigger takes
        trees: dict[tuple, set[int]] = {}
        for attr in {_NODE_ATTRS.index(a) for a in _WORD_ATTRS}:
            for i, word in enumerate(values[attr]):
                for entry in self._by_word.get((attr, word), ()):
                    trees.setdefault(entry, set()).add(roots[i])
        members: dict[int, list[int]] = {}
        for i, root in enumerate(roots):
            members.setdefault(root, []).append(i)
        order = {root: k for k, root in enumerate(members)}
        positions = {root: _TreePositions(tokens, self._tests, values)
                     for root, tokens in members.items()}  # fmt: skip
        found: list = []
        cache: dict = {}
        for key in self._patterns:
            for n, (tree, node_keys) in enumerate(zip(self._tree[key], self._tokens_to_key[key], strict=True)):
                for root in sorted(trees.get((key, n), ()), key=order.__getitem__):
                    for nodes in self._get_matches(cache, doc, tree, node_keys, positions[root]):
                        found.append((key, nodes))
        for i, (match_id, _) in enumerate(found):
            on_match = self._callbacks.get(match_id)
            if on_match is not None:
                on_match(self, doc, i, found)
        return found


class _TreePositions(dict):
    """One parse tree's tokens that fit each node (by matcher key), in text
    order, worked out when a pattern first asks; nodes with the same test
    share them."""

    def __init__(self, tokens: list[int], tests: dict, values: list[list[int]]) -> None:
        super().__init__()
        self.tokens = tokens
        self.tests = tests
        self.values = values
        self.by_test: dict[tuple, list[int]] = {}

    def __missing__(self, node_key):
        test = self.tests[node_key]
        fits = self.by_test.get(test)
        if fits is None:
            fits = self.tokens
            for attr, values, wanted in test:
                column = self.values[attr]
                fits = [i for i in fits if (column[i] in values) == wanted]
            self.by_test[test] = fits
        self[node_key] = fits
        return fits


def _tree_roots(heads: list[int]) -> list[int]:
    """The root of each token's parse tree (the token itself where it has
    no head), as spaCy's ``Token.ancestors`` reaches it; ``heads``: each
    token's head."""
    roots = [-1] * len(heads)
    for i in range(len(heads)):
        path = []
        j = i
        while roots[j] < 0 and heads[j] != j and len(path) <= len(heads):
            path.append(j)
            j = heads[j]
        root = roots[j] if roots[j] >= 0 else j
        for k in path:
            roots[k] = root
        roots[j] = root
    return roots


@dataclass
class PatternSet:
    patterns: dict[str, Pattern]
    matcher: DependencyMatcher

    def matches(self, doc: Doc) -> list[Match]:
        """Every pattern that fired, best first for each trigger token."""
        found: dict[tuple[str, int], Match] = {}
        for match_id, token_ids in self.matcher(doc):
            pid = doc.vocab.strings[match_id]
            pattern = self.patterns[pid]
            # The first node of a DependencyMatcher pattern is the anchor.
            trigger = doc[token_ids[0]]
            if vetoed(pattern, trigger):
                continue
            key = (pid, trigger.i)
            if key not in found:
                found[key] = Match(pattern, trigger, [doc[i] for i in token_ids])
        return sorted(found.values(), key=lambda m: (m.trigger.i, [-x for x in m.rank]))

    def best_per_trigger(self, doc: Doc) -> list[Match]:
        """One match per trigger token: the highest ranked."""
        best: dict[int, Match] = {}
        for m in self.matches(doc):
            cur = best.get(m.trigger.i)
            if cur is None or m.rank > cur.rank:
                best[m.trigger.i] = m
        return [best[i] for i in sorted(best)]


def _pattern_keys() -> frozenset[str]:
    """The fields a pattern entry may have: ``Pattern``'s, ``with_`` spelt ``with``."""
    from dataclasses import fields

    return frozenset("with" if f.name == "with_" else f.name for f in fields(Pattern))


def parse_patterns(raw: dict, *, source: str = "patterns") -> dict[str, Pattern]:
    """Patterns by id. An unknown or misspelt field, a missing id, type or
    trigger, a repeated id or a type that is not PLOVER's fails here, naming
    ``source`` (the file) and the pattern."""
    out: dict[str, Pattern] = {}
    allowed = _pattern_keys()
    for n, entry in enumerate(raw.get("patterns", []), 1):
        if not isinstance(entry, dict) or not {"id", "type", "trigger"} <= set(entry):
            raise ValueError(f"{source}: pattern #{n} needs an id, a type and a trigger")
        pid = entry["id"]
        unknown = sorted(set(entry) - allowed)
        if unknown:
            raise ValueError(f"{source}: pattern {pid!r}: unknown field(s) {', '.join(unknown)} "
                             f"(known: {', '.join(sorted(allowed))})")
        if pid in out:
            raise ValueError(f"pattern id {pid!r} appears twice")
        if entry.get("unsaid_type") and entry["unsaid_type"] not in PLOVER_TYPES:
            raise ValueError(f"pattern {pid!r}: {entry['unsaid_type']!r} is not a PLOVER type")
        if entry["type"] not in PLOVER_TYPES:
            raise ValueError(f"pattern {pid!r}: {entry['type']!r} is not a PLOVER type")
        out[pid] = Pattern(
            id=pid,
            type=entry["type"],
            trigger=entry["trigger"],
            with_=list(entry.get("with") or []),
            without=list(entry.get("without") or []),
            mode=entry.get("mode"),
            contexts=list(entry.get("contexts") or []),
            intent=bool(entry.get("intent", False)),
            priority=int(entry.get("priority", 0)),
            source_sector_types=dict(entry.get("source_sector_types") or {}),
            speaker_source=bool(entry.get("speaker_source", False)),
            embeds=bool(entry.get("embeds", False)),
            absorbs=bool(entry.get("absorbs", False)),
            unsaid_type=entry.get("unsaid_type"),
        )
    return out


def pattern_files(path: Path | None = None, extra: Sequence[Path] = ()) -> list[Path]:
    """The trigger files: ``path`` alone, or events.yaml then every
    events_*.yaml beside it; then the ``extra`` files, in order."""
    if path is not None:
        return [path, *extra]
    return [EVENTS_FILE, *sorted(DATA_DIR.glob("events_*.yaml")), *extra]


def build_pattern_set(vocab: Vocab, *, path: Path | None = None,
                      extra: Sequence[Path] = ()) -> PatternSet:
    """The trigger patterns of ``pattern_files(path, extra)``, compiled; a
    pattern id used twice is an error naming the file."""
    patterns: dict[str, Pattern] = {}
    for f in pattern_files(path, extra):
        if not f.exists():
            raise FileNotFoundError(f"trigger pattern file not found: {f}")
        for pid, pattern in parse_patterns(read_yaml(f), source=f.name).items():
            if pid in patterns:
                raise ValueError(f"{f.name}: pattern id {pid!r} appears twice")
            patterns[pid] = pattern
    matcher = TriggerIndexedMatcher(vocab)
    for pid, pattern in patterns.items():
        matcher.add(pid, [compile_pattern(pattern)])
    return PatternSet(patterns, matcher)


class WordLists(dict):
    """Word lists by name. A name that is not in the grammar files is an
    error, never an empty list: a misspelt list name would otherwise switch a
    rule off without a word. ``get`` takes no default for that reason."""

    def __missing__(self, name: str) -> frozenset[str]:
        raise KeyError(f"no word list {name!r} in the grammar files (data/patterns/grammar*.yaml)")

    def get(self, name: str, default: object = None) -> frozenset[str]:  # type: ignore[override]
        return self[name]


@dataclass(frozen=True)
class Grammar:
    """The word lists of grammar.yaml, as sets and maps."""

    lists: WordLists
    mode_words: dict[str, str]
    context_words: dict[str, str]

    def __getattr__(self, name: str) -> frozenset[str]:
        try:
            return self.lists[name]
        except KeyError as exc:
            raise AttributeError(name) from exc


def _grammar_raw(path: Path | None) -> dict:
    """grammar.yaml, with the word lists and maps of every grammar_*.yaml beside it added."""
    if path is not None:
        return read_yaml(path)
    raw = read_yaml(GRAMMAR_FILE)
    for extra in sorted(DATA_DIR.glob("grammar_*.yaml")):
        for key, value in read_yaml(extra).items():
            if isinstance(value, list):
                raw[key] = list(raw.get(key) or []) + value
            elif isinstance(value, dict):
                raw[key] = {**(raw.get(key) or {}), **value}
    return raw


@cache
def load_grammar(path: Path | None = None) -> Grammar:
    raw = _grammar_raw(path)
    # Word lists are lower-case lemmas; *_types lists name PLOVER types.
    lists = WordLists(
        (k, frozenset(str(x) if k.endswith("_types") else str(x).lower() for x in v))
        for k, v in raw.items()
        if isinstance(v, list)
    )
    return Grammar(
        lists=lists,
        mode_words={str(k): str(v) for k, v in (raw.get("mode_words") or {}).items()},
        context_words={str(k): str(v) for k, v in (raw.get("context_words") or {}).items()},
    )
