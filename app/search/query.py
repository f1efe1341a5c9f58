"""The query language people already know, turned into a tantivy query.

    participatory budgeting      both words (AND)
    "time banking"               the phrase
    housing -london              housing, not london
    wales OR scotland            either
    partic*                      words starting with partic

Nothing a person types is an error: stray operators and punctuation are ignored, and a
query with no words left matches everything (filters and facets still apply).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from tantivy import Occur, Query

from app.search.analysis import (
    Alternative,
    Synonyms,
    default_synonyms,
    folds,
    member_alternatives,
    phrase_alternatives,
    stems,
    word_alternatives,
)
from app.search.documents import FUZZY_FIELDS, SCHEMA, SINGLE_TERM_FIELDS, TEXT_FIELDS

MAX_UNITS = 32  # query words and phrases considered; the rest are ignored
FUZZY_MIN_LENGTH = 5
FUZZY_BOOST = 0.1  # a forgiven typo scores far below a real match
PREFIX_MIN_LENGTH = 2
TIE_BREAKER = 0.3

_TOKEN = re.compile(r'(?P<neg>[-+]?)(?:"(?P<phrase>[^"]*)"?|(?P<word>[^\s"]+))')


@dataclass
class Unit:
    """One thing to look for: a word, a phrase or a prefix, with its alternatives."""

    text: str
    alternatives: set[Alternative] = field(default_factory=set)
    fuzzy: list[str] = field(default_factory=list)  # stems to match with one wrong letter
    prefix: str | None = None  # folded prefix, for partic*
    # Phrases only marked in snippets, not searched: "co" + word, which the index holds joined
    # (see documents.compounds), so the costly phrase over the common "co" is not needed.
    marks: set[Alternative] = field(default_factory=set)
    quoted: bool = False  # typed as a "phrase"


@dataclass
class ParsedQuery:
    must: list[list[Unit]] = field(default_factory=list)  # AND of OR-groups
    must_not: list[Unit] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not self.must and not self.must_not

    def positive_units(self) -> list[Unit]:
        return [unit for group in self.must for unit in group]


@dataclass
class _Raw:
    negated: bool
    text: str
    phrase: bool
    joined_or: bool = False  # this unit is OR-ed with the one before


def _lex(text: str) -> list[_Raw]:
    raws: list[_Raw] = []
    pending_or = False
    for match in _TOKEN.finditer(text):
        negated = match.group("neg") == "-"
        if match.group("phrase") is not None:
            raws.append(_Raw(negated, match.group("phrase"), True, pending_or))
            pending_or = False
            continue
        word = match.group("word")
        if word in ("OR", "|", "||"):
            pending_or = bool(raws)
            continue
        if word in ("AND", "&&", "NOT"):
            continue
        raws.append(_Raw(negated, word, False, pending_or))
        pending_or = False
    return raws


def parse(text: str, synonyms: Synonyms | None = None) -> ParsedQuery:
    synonyms = synonyms or default_synonyms()
    raws = _lex(text)
    parsed = ParsedQuery()
    i = 0
    count = 0
    while i < len(raws) and count < MAX_UNITS:
        raw = raws[i]
        # A synonym spanning several plain words ("participatory budgeting", "co production").
        span = 1
        if not raw.phrase and not raw.negated:
            for size in range(min(synonyms.longest, len(raws) - i), 1, -1):
                window = raws[i : i + size]
                if any(r.phrase or r.negated or (r.joined_or and j) for j, r in enumerate(window)):
                    continue
                if synonyms.group_of([r.text for r in window]) is not None:
                    span = size
                    break
        words = [r.text for r in raws[i : i + span]]
        unit = _unit(words, raw.phrase, synonyms)
        i += span
        if unit is None:
            continue
        count += 1
        if raw.negated:
            parsed.must_not.append(unit)
        elif raw.joined_or and parsed.must:
            parsed.must[-1].append(unit)
        else:
            parsed.must.append([unit])
    return parsed


def _unit(words: list[str], phrase: bool, synonyms: Synonyms) -> Unit | None:
    text = " ".join(words)
    if phrase:
        alternatives = phrase_alternatives(text)
        return Unit(text, alternatives, quoted=True) if alternatives else None
    if len(words) == 1 and text.endswith("*"):
        prefix = "".join(folds(text.rstrip("*")))
        if len(prefix) < PREFIX_MIN_LENGTH:
            return None
        return Unit(text, prefix=prefix)
    group = synonyms.group_of(words)
    alternatives = set()
    if group is not None:
        for member in group:
            alternatives |= member_alternatives(member)
    if len(words) == 1:
        alternatives |= word_alternatives(text)
    else:
        alternatives |= phrase_alternatives(text)
    marks = {a for a in alternatives if len(a.terms) > 1 and a.terms[0] == "co"}
    alternatives = (alternatives - marks) | {Alternative(("".join(a.terms[:2]), *a.terms[2:])) for a in marks}
    if not alternatives:
        return None
    fuzzy: list[str] = []
    if len(words) == 1 and group is None:
        fuzzy = [alt.terms[0] for alt in alternatives if len(alt.terms) == 1 and len(alt.terms[0]) >= FUZZY_MIN_LENGTH]
    return Unit(text, alternatives, fuzzy, marks=marks)


def _field_query(field_name: str, alternative: Alternative) -> Query:
    if len(alternative.terms) == 1:
        return Query.term_query(SCHEMA, field_name, alternative.terms[0])
    return Query.phrase_query(SCHEMA, field_name, list(alternative.terms))


def unit_query(unit: Unit, is_rare: Callable[[str], bool] = lambda _: True) -> Query:
    """Any alternative of the unit in any field, the best field counting most. A word that is
    rare in the index (likely a typo) also matches words one letter away, scoring low."""
    should: list[tuple[Occur, Query]] = []
    if unit.prefix is not None:
        should.append((Occur.Should, Query.phrase_prefix_query(SCHEMA, "title_prefix", [unit.prefix])))
        for field_name in ("summary", "body"):
            # Stems are prefixes of their words, so a folded prefix cut to its stem finds them.
            prefix_stems: list[str | tuple[int, str]] = list(stems(unit.prefix))
            if prefix_stems:
                should.append(
                    (Occur.Should, Query.boost_query(Query.phrase_prefix_query(SCHEMA, field_name, prefix_stems), 0.5))
                )
    for alternative in sorted(unit.alternatives, key=lambda a: a.terms):
        fields = TEXT_FIELDS if len(alternative.terms) > 1 else SINGLE_TERM_FIELDS
        per_field = [Query.boost_query(_field_query(name, alternative), boost) for name, boost in fields.items()]
        should.append((Occur.Should, Query.disjunction_max_query(per_field, TIE_BREAKER)))
    for stem in unit.fuzzy:
        if not is_rare(stem):
            continue
        per_field = [
            Query.boost_query(Query.fuzzy_term_query(SCHEMA, name, stem, 1, True), FUZZY_BOOST * TEXT_FIELDS[name])
            for name in FUZZY_FIELDS
        ]
        should.append((Occur.Should, Query.disjunction_max_query(per_field, TIE_BREAKER)))
    if len(should) == 1:
        return should[0][1]
    return Query.boolean_query(should)


def _group_query(group: list[Unit], is_rare: Callable[[str], bool]) -> Query:
    if len(group) == 1:
        return unit_query(group[0], is_rare)
    return Query.boolean_query([(Occur.Should, unit_query(u, is_rare)) for u in group])


def negative_clauses(parsed: ParsedQuery) -> list[tuple[Occur, Query]]:
    """The -exclusions, as MustNot clauses (typos are not forgiven in what is excluded)."""
    return [(Occur.MustNot, unit_query(unit, lambda _: False)) for unit in parsed.must_not]


def text_query(parsed: ParsedQuery, is_rare: Callable[[str], bool] = lambda _: True) -> Query:
    clauses: list[tuple[Occur, Query]] = [(Occur.Must, _group_query(group, is_rare)) for group in parsed.must]
    if not clauses:
        clauses.append((Occur.Must, Query.all_query()))
    clauses.extend(negative_clauses(parsed))
    return Query.boolean_query(clauses)


def words_query(parsed: ParsedQuery, is_rare: Callable[[str], bool] = lambda _: True) -> Query | None:
    """What the query's words match (every group), without its exclusions; None if no words."""
    if not parsed.must:
        return None
    return Query.boolean_query([(Occur.Must, _group_query(group, is_rare)) for group in parsed.must])


def _is_explicit(unit: Unit) -> bool:
    return unit.prefix is not None or unit.quoted


def required_query(parsed: ParsedQuery) -> Query | None:
    """What an entry found by meaning must still contain: the "phrases" and prefix* the
    person typed on purpose (a group of them OR-ed), not the plain words, which meaning
    stands in for. None when there are none."""
    groups = [group for group in parsed.must if all(_is_explicit(unit) for unit in group)]
    if not groups:
        return None
    return Query.boolean_query([(Occur.Must, _group_query(group, lambda _: False)) for group in groups])


def loosened(parsed: ParsedQuery) -> ParsedQuery | None:
    """The same query with its plain words OR-ed instead of all required: for a question no
    entry holds every word of ("unpaid carers" when no entry says "unpaid"). None when the
    query has fewer than two groups or anything typed on purpose (a "phrase", a prefix*),
    which must keep binding."""
    if len(parsed.must) < 2 or any(_is_explicit(unit) for unit in parsed.positive_units()):
        return None
    return ParsedQuery(must=[parsed.positive_units()], must_not=parsed.must_not)


def meaning_text(parsed: ParsedQuery) -> str:
    """The words whose meaning is looked for: every word and phrase not excluded."""
    return " ".join(unit.text.rstrip("*") for unit in parsed.positive_units())


def highlight_query(parsed: ParsedQuery, expansions: dict[str, list[str]]) -> Query | None:
    """The terms and phrases to mark in snippets: the query's own, and the index terms its
    prefixes stand for (`expansions`: field → terms). Typos are marked apart."""
    clauses: list[tuple[Occur, Query]] = []
    for unit in parsed.positive_units():
        for alternative in unit.alternatives | unit.marks:
            for name in ("summary", "body"):
                clauses.append((Occur.Should, _field_query(name, alternative)))
    for name, terms in expansions.items():
        clauses.extend((Occur.Should, Query.term_query(SCHEMA, name, term)) for term in terms)
    return Query.boolean_query(clauses) if clauses else None
