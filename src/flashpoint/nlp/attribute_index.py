"""Component ``flashpoint_attribute_ruler``: the English model's attribute
ruler (tag to part of speech and morphology, lemma exceptions), with its
one-token rules looked up instead of matched.

spaCy's ``AttributeRuler`` runs every rule through its ``Matcher``: on each
token the English model's 179 rules test the token's tag, lower-case form
and dependency label, some 17 predicate calls a token. That was an eighth
of the plain model's time, as much as the parser. Almost every rule looks at
one token only, and what such a rule decides depends on nothing but that
token's tag, lower-case form, dependency label and whether it is a space.
So this ruler works out, once per such combination, which one-token rules
fit it (testing only the rules that require the token's own tag or form,
and those that require neither), and keeps the answer; the few rules over
two tokens (``gon na``, ``let 's``) and any rule it cannot read still go
through a ``Matcher`` of their own.

The annotations are the same as the model's own ruler gives: the same rules,
applied in the same order (a later rule overrides an earlier one), tested
on the Doc as it was before any rule was applied. ``index_attribute_ruler``
swaps the model's ruler for this one, keeping its name and its rules.

A rule is read as a one-token rule where its one token tests only the
attributes in ``ONE_TOKEN_ATTRS`` with a value or ``IN``, ``NOT_IN`` or
``REGEX``; anything else (other attributes, operators, several alternative
token patterns under one rule) goes to the ``Matcher``.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from spacy.attrs import DEP, IS_SPACE, LOWER, TAG
from spacy.errors import Errors
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc, Token
from spacy.tokens._retokenize import set_token_attrs

#: the token attributes a one-token rule may test, with how to read each
ONE_TOKEN_ATTRS: dict[str, Callable[[Token], object]] = {
    "TAG": lambda token: token.tag_,
    "LOWER": lambda token: token.lower_,
    "DEP": lambda token: token.dep_,
    "IS_SPACE": lambda token: token.is_space,
}
#: the same attributes as ``Doc.to_array`` columns: the key of the look-up
_KEY_COLUMNS = [TAG, LOWER, DEP, IS_SPACE]
#: combinations kept before the look-up table starts afresh (bounds memory
#: on an endless stream of new words)
MEMO_LIMIT = 200_000

TokenTest = Callable[[Token], bool]


def _value_test(attr: str, spec) -> TokenTest | None:
    """A test of one attribute as the Matcher reads ``spec``; None where this
    module does not read it."""
    read = ONE_TOKEN_ATTRS[attr]
    if isinstance(spec, dict):
        if len(spec) != 1:
            return None
        (op, arg), = spec.items()
        if op == "IN":
            values = frozenset(arg)
            return lambda token: read(token) in values
        if op == "NOT_IN":
            values = frozenset(arg)
            return lambda token: read(token) not in values
        if op == "REGEX":
            regex = re.compile(arg)
            return lambda token: bool(regex.search(str(read(token))))
        return None
    if isinstance(spec, bool | str):
        return lambda token: read(token) == spec
    return None


def one_token_anchor(alternatives: list[list[dict]]) -> tuple[str, str] | None:
    """The one value a one-token rule requires of the token's tag, else of
    its lower-case form, as (attribute, value): only tokens with it need be
    tested; None where the rule requires neither one value."""
    token = alternatives[0][0]
    for attr in ("TAG", "LOWER"):
        if isinstance(token.get(attr), str):
            return attr, token[attr]
    return None


def one_token_test(alternatives: list[list[dict]]) -> TokenTest | None:
    """The test of a rule whose one pattern is one token with attributes
    this module reads; None for any other rule (it goes to the Matcher)."""
    if len(alternatives) != 1 or len(alternatives[0]) != 1:
        return None
    tests = []
    for attr, spec in alternatives[0][0].items():
        test = _value_test(attr, spec) if attr in ONE_TOKEN_ATTRS else None
        if test is None:
            return None
        tests.append(test)
    return lambda token: all(test(token) for test in tests)


class IndexedAttributeRuler(AttributeRuler):
    """An ``AttributeRuler`` that looks its one-token rules up by the token's
    tag, lower-case form, dependency label and space flag (see the module
    docstring); the rest go through a ``Matcher`` of their own."""

    def __init__(self, vocab, name: str = "attribute_ruler", **kwargs) -> None:
        super().__init__(vocab, name, **kwargs)
        self._reset()

    def _reset(self) -> None:
        # one-token rules, (rule, test), by the tag or the form they require
        # (``one_token_anchor``), and those that require neither
        self._by_anchor: dict[tuple[str, str], list[tuple[int, TokenTest]]] = {}
        self._unanchored: list[tuple[int, TokenTest]] = []
        self._others = Matcher(self.vocab, validate=False)
        self._memo: dict[tuple, tuple[int, ...]] = {}
        self._keys: list[int] = []  # each rule's Matcher key, by rule

    def clear(self) -> None:
        super().clear()
        self._reset()

    def add(self, patterns, attrs: dict, index: int = 0) -> None:
        rule = len(self.attrs)
        super().add(patterns, attrs, index)
        self._keys.append(self.vocab.strings[str(rule)])
        patterns = list(patterns)
        test = one_token_test(patterns) if index in (0, -1) else None
        if test is None:
            self._others.add(str(rule), patterns)
        else:
            anchor = one_token_anchor(patterns)
            listed = self._unanchored if anchor is None else self._by_anchor.setdefault(anchor, [])
            listed.append((rule, test))
        self._memo = {}

    def _rules_for(self, token: Token) -> tuple[int, ...]:
        """The one-token rules that fit ``token``, in rule order."""
        by_anchor = self._by_anchor
        candidates = [*by_anchor.get(("TAG", token.tag_), ()),
                      *by_anchor.get(("LOWER", token.lower_), ()), *self._unanchored]  # fmt: skip
        return tuple(sorted(rule for rule, test in candidates if test(token)))

    def match(self, doc: Doc) -> list[tuple[int, int, int, int]]:
        """What ``AttributeRuler.match`` gives: (rule, rule key, start, end)
        for every rule that fits, sorted by rule."""
        keys = self._keys
        found = []
        memo = self._memo
        if len(memo) > MEMO_LIMIT:
            memo.clear()
        tokens = map(tuple, doc.to_array(_KEY_COLUMNS).tolist()) if len(doc) else ()
        for i, token_key in enumerate(tokens):
            rules = memo.get(token_key)
            if rules is None:
                rules = memo[token_key] = self._rules_for(doc[i])
            for rule in rules:
                found.append((rule, keys[rule], i, i + 1))
        if len(self._others):
            strings = self.vocab.strings
            for key, start, end in self._others(doc, allow_missing=True, as_spans=False):
                found.append((int(strings[key]), key, start, end))
        found.sort()
        return found

    def set_annotations(self, doc: Doc, matches) -> None:
        """As ``AttributeRuler.set_annotations``, without a Span a match."""
        for rule, _key, start, end in matches:
            index = self.indices[rule]
            at = start + index if index >= 0 else end + index
            if not start <= at < end:
                patterns = self.matcher.get(str(rule))
                raise ValueError(Errors.E1001.format(
                    patterns=patterns, span=[t.text for t in doc[start:end]], index=index))
            set_token_attrs(doc[at], self.attrs[rule])


@Language.factory("flashpoint_attribute_ruler", default_config={"validate": False})
def make_indexed_attribute_ruler(nlp: Language, name: str, validate: bool) -> IndexedAttributeRuler:
    return IndexedAttributeRuler(nlp.vocab, name, validate=validate)


def index_attribute_ruler(nlp: Language, name: str = "attribute_ruler") -> None:
    """Swap the pipeline's spaCy ``AttributeRuler`` called ``name`` for an
    ``IndexedAttributeRuler`` with the same name and rules; nothing where
    there is none."""
    if name not in nlp.pipe_names:
        return
    old = nlp.get_pipe(name)
    if type(old) is not AttributeRuler:
        return
    patterns = old.patterns
    new = nlp.replace_pipe(name, "flashpoint_attribute_ruler")
    new.add_patterns(patterns)
