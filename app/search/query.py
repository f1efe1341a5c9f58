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

from app.search import welsh
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
from app.search.documents import (
    FUZZY_FIELDS,
    SCHEMA,
    SINGLE_TERM_FIELDS,
    TEXT_FIELDS,
    WELSH_RADICAL_FIELDS,
    WELSH_SINGLE_TERM_FIELDS,
    WELSH_TEXT_FIELDS,
)

MAX_UNITS = 32  # query words and phrases considered; the rest are ignored
FUZZY_MIN_LENGTH = 5
FUZZY_BOOST = 0.1  # a forgiven typo scores far below a real match
PREFIX_MIN_LENGTH = 2
TIE_BREAKER = 0.3
# A Welsh word finds English-only entries through the glossary (app/search/glossary.tsv), at
# this share of the weight of the English word itself: the entries in the words typed first,
# mutated or not (the radicals weigh a third of the exact form, and more than this).
GLOSSARY_BOOST = 0.25
# A Welsh phrase typed with its first word mutated ("becyn cymorth") is looked for with that
# word's radicals too, in the Welsh text, weighted as the radicals fields weigh the body.
RADICAL_PHRASE_WEIGHT = 0.4
Languages = tuple[str, ...]
BOTH: Languages = ("en", "cy")

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
    # The same words read as Welsh (app/search/welsh.py): their terms in the Welsh text fields
    # (single terms or phrases), the candidate radicals of the word (joined, if hyphenated) in
    # the radicals fields, and the English terms the glossary gives for them.
    welsh: set[Alternative] = field(default_factory=set)
    radicals: tuple[str, ...] = ()
    welsh_variants: set[Alternative] = field(default_factory=set)  # a phrase, its head's radicals
    glossary: set[Alternative] = field(default_factory=set)
    english: tuple[str, ...] = ()  # the glossary's English for the words, as written there
    welsh_prefix: str | None = None
    # A Welsh stop word ("y", "a", "yn"): nothing to look for in Welsh text (the English
    # reading still looks for the word).
    welsh_stop: bool = False


@dataclass
class ParsedQuery:
    must: list[list[Unit]] = field(default_factory=list)  # AND of OR-groups
    must_not: list[Unit] = field(default_factory=list)
    # The readings searched: English and Welsh, or English alone when the index has none of
    # the Welsh forms of some word (see welsh_possible), which spares English queries the cost.
    languages: Languages = ("en", "cy")

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


def parse(text: str, synonyms: Synonyms | None = None, glossary: welsh.Glossary | None = None) -> ParsedQuery:
    synonyms = synonyms or default_synonyms()
    glossary = glossary or welsh.default_glossary()
    longest = max(synonyms.longest, glossary.longest)
    raws = _lex(text)
    parsed = ParsedQuery()
    i = 0
    count = 0
    while i < len(raws) and count < MAX_UNITS:
        raw = raws[i]
        # A synonym spanning several plain words ("participatory budgeting", "co production").
        span = 1
        if not raw.phrase and not raw.negated:
            for size in range(min(longest, len(raws) - i), 1, -1):
                window = raws[i : i + size]
                if any(r.phrase or r.negated or (r.joined_or and j) for j, r in enumerate(window)):
                    continue
                found = [r.text for r in window]
                if synonyms.group_of(found) is not None or glossary.lookup(found):
                    span = size
                    break
        words = [r.text for r in raws[i : i + span]]
        unit = _unit(words, raw.phrase, synonyms, glossary)
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


def _unit(words: list[str], phrase: bool, synonyms: Synonyms, glossary: welsh.Glossary) -> Unit | None:
    text = " ".join(words)
    if phrase:
        alternatives = phrase_alternatives(text)
        welsh_terms = welsh.terms(text)
        cymraeg = {Alternative(tuple(welsh_terms))} if welsh_terms else set()
        return Unit(text, alternatives, quoted=True, welsh=cymraeg) if alternatives or cymraeg else None
    if len(words) == 1 and text.endswith("*"):
        prefix = "".join(folds(text.rstrip("*")))
        if len(prefix) < PREFIX_MIN_LENGTH:
            return None
        return Unit(text, prefix=prefix, welsh_prefix=prefix)
    unit = _english_unit(words, synonyms)
    if unit is None:
        return None
    _add_welsh(unit, words, glossary)
    # Synonyms are one word as far as search goes: in Welsh text too (an English name inside
    # Welsh text is found by any member of its group, as in English text).
    for member in synonyms.group_of(words) or ():
        if member.split() != words:
            _add_welsh(unit, member.split(), glossary, stop=False)
    return unit


def _add_welsh(unit: Unit, words: list[str], glossary: welsh.Glossary, *, stop: bool = True) -> None:
    """The Welsh reading of a query word (or of the words of a glossary term), added to
    what the unit has."""
    text = " ".join(words)
    welsh_terms = welsh.terms(text)
    if not welsh_terms:
        # Nothing but stop words ("y", "a'r", "i'w"): nothing to look for in Welsh text.
        unit.welsh_stop = stop and len(words) == 1
        return
    unit.welsh.add(Alternative(tuple(welsh_terms)))
    joined = welsh.terms(welsh.JOINERS.sub("", text)) if len(words) == 1 and welsh.JOINERS.search(text) else []
    if len(joined) == 1:
        unit.welsh.add(Alternative((joined[0],)))  # "cyd-gynhyrchu" also as "cydgynhyrchu"
    if len(words) == 1:
        single = joined[0] if len(joined) == 1 else welsh_terms[0] if len(welsh_terms) == 1 else None
        if single is not None:
            unit.radicals = tuple(dict.fromkeys([*unit.radicals, *welsh.radicals(single)]))
    elif len(welsh_terms) > 1:
        head, *rest = welsh_terms
        unit.welsh_variants |= {Alternative((radical, *rest)) for radical in welsh.radicals(head)[1:]}
    english = glossary.lookup(words)
    unit.english = tuple(dict.fromkeys([*unit.english, *english]))
    for term in english:
        unit.glossary |= member_alternatives(term)
    unit.glossary -= unit.alternatives


def _english_unit(words: list[str], synonyms: Synonyms) -> Unit | None:
    text = " ".join(words)
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


def _any_field(alternative: Alternative, fields: dict[str, float], weight: float = 1.0) -> Query:
    per_field = [Query.boost_query(_field_query(name, alternative), boost * weight) for name, boost in fields.items()]
    return Query.disjunction_max_query(per_field, TIE_BREAKER)


_NOTHING = Query.term_query(SCHEMA, "key", "\x00")  # no document has this key


def unit_query(
    unit: Unit, is_rare: Callable[[str], bool] = lambda _: True, languages: Languages = BOTH, glossary: bool = True
) -> Query:
    """Any alternative of the unit in any field, the best field counting most. A word that is
    rare in the index (likely a typo) also matches words one letter away, scoring low. Read
    as English and as Welsh (or as one of them, `languages`); `glossary`: with the English
    the glossary gives for Welsh words."""
    # The better of the two readings counts, not their sum: an entry with a Welsh version is
    # not ranked higher for a name its two versions share ("Edgar Cahn").
    readings = []
    if "en" in languages:
        readings.append(_english_clauses(unit, is_rare, glossary))
    if "cy" in languages:
        readings.append(_welsh_clauses(unit))
    queries = [_any_of(should) for should in readings if should]
    if not queries:
        return _NOTHING
    return queries[0] if len(queries) == 1 else Query.disjunction_max_query(queries, 0.0)


def _any_of(should: list[tuple[Occur, Query]]) -> Query:
    return should[0][1] if len(should) == 1 else Query.boolean_query(should)


def _welsh_clauses(unit: Unit) -> list[tuple[Occur, Query]]:
    should: list[tuple[Occur, Query]] = []
    if unit.welsh_prefix is not None:
        prefix: list[str | tuple[int, str]] = [unit.welsh_prefix]
        should.append((Occur.Should, Query.phrase_prefix_query(SCHEMA, "title_prefix_cy", prefix)))
        for name in ("summary_cy", "body_cy"):
            should.append((Occur.Should, Query.boost_query(Query.phrase_prefix_query(SCHEMA, name, prefix), 0.5)))
    for alternative in sorted(unit.welsh, key=lambda a: a.terms):
        fields = WELSH_TEXT_FIELDS if len(alternative.terms) > 1 else WELSH_SINGLE_TERM_FIELDS
        should.append((Occur.Should, _any_field(alternative, fields)))
    for radical in unit.radicals:
        should.append((Occur.Should, _any_field(Alternative((radical,)), WELSH_RADICAL_FIELDS)))
    for alternative in sorted(unit.welsh_variants, key=lambda a: a.terms):
        should.append((Occur.Should, _any_field(alternative, WELSH_TEXT_FIELDS, RADICAL_PHRASE_WEIGHT)))
    return should


def _english_clauses(unit: Unit, is_rare: Callable[[str], bool], glossary: bool) -> list[tuple[Occur, Query]]:
    should: list[tuple[Occur, Query]] = []
    if unit.glossary and glossary:
        # The English terms count once, however many spellings the glossary gives.
        per_field = [
            Query.boost_query(_field_query(name, alternative), boost * GLOSSARY_BOOST)
            for alternative in sorted(unit.glossary, key=lambda a: a.terms)
            for name, boost in (TEXT_FIELDS if len(alternative.terms) > 1 else SINGLE_TERM_FIELDS).items()
        ]
        should.append((Occur.Should, Query.disjunction_max_query(per_field, TIE_BREAKER)))
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
    return should


def _group_query(
    group: list[Unit], is_rare: Callable[[str], bool], languages: Languages = BOTH, glossary: bool = True
) -> Query:
    if len(group) == 1:
        return unit_query(group[0], is_rare, languages, glossary)
    return Query.boolean_query([(Occur.Should, unit_query(u, is_rare, languages, glossary)) for u in group])


def negative_clauses(parsed: ParsedQuery) -> list[tuple[Occur, Query]]:
    """The -exclusions, as MustNot clauses (typos are not forgiven in what is excluded)."""
    return [(Occur.MustNot, unit_query(unit, lambda _: False)) for unit in parsed.must_not]


def text_query(parsed: ParsedQuery, is_rare: Callable[[str], bool] = lambda _: True) -> Query:
    words = words_query(parsed, is_rare)
    clauses: list[tuple[Occur, Query]] = [(Occur.Must, words if words is not None else Query.all_query())]
    clauses.extend(negative_clauses(parsed))
    return Query.boolean_query(clauses)


def welsh_possible(parsed: ParsedQuery, doc_freq: Callable[[str, str], int]) -> bool:
    """Whether the Welsh reading of the query can match anything: every group has a word
    some form of which is in the Welsh radicals fields (each Welsh word's own form is there
    too), a Welsh stop word, or a prefix. `doc_freq(field, term)`: the index's."""

    def possible(unit: Unit) -> bool:
        if unit.welsh_stop or unit.welsh_prefix is not None:
            return True
        terms = set(unit.radicals) | {t for a in unit.welsh | unit.welsh_variants for t in a.terms}
        return any(doc_freq(name, term) for term in terms for name in WELSH_RADICAL_FIELDS)

    groups = [group for group in parsed.must if not all(unit.welsh_stop for unit in group)]
    return bool(groups) and all(any(possible(unit) for unit in group) for group in groups)


def words_query(
    parsed: ParsedQuery,
    is_rare: Callable[[str], bool] = lambda _: True,
    languages: Languages | None = None,
    glossary: bool = True,
) -> Query | None:
    """What the query's words match (every group), without its exclusions; None if no words.
    Read as English (with the glossary's English for Welsh words) and as Welsh, `languages`:
    an entry matches when every word is found in one reading, its English or its Welsh (a
    Welsh stop word asks nothing of the Welsh), and scores as the better of the two."""
    if not parsed.must:
        return None
    readings: list[Query] = []
    for language in languages if languages is not None else parsed.languages:
        groups = [
            (Occur.Must, _group_query(group, is_rare, (language,), glossary))
            for group in parsed.must
            if language != "cy" or not all(unit.welsh_stop for unit in group)
        ]
        if groups:
            readings.append(groups[0][1] if len(groups) == 1 else Query.boolean_query(groups))
    if not readings:
        return _NOTHING
    return readings[0] if len(readings) == 1 else Query.disjunction_max_query(readings, 0.0)


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
    return ParsedQuery(must=[parsed.positive_units()], must_not=parsed.must_not, languages=parsed.languages)


def meaning_text(parsed: ParsedQuery) -> str:
    """The words whose meaning is looked for: every word and phrase not excluded; a Welsh term
    of the glossary as its English (the embedding model reads English)."""
    return " ".join(_meaning_words(unit) for unit in parsed.positive_units())


def _meaning_words(unit: Unit) -> str:
    return unit.english[0] if unit.english else unit.text.rstrip("*")


def highlight_query(parsed: ParsedQuery, expansions: dict[str, list[str]]) -> Query | None:
    """The terms and phrases to mark in snippets: the query's own, and the index terms its
    prefixes stand for (`expansions`: field → terms). Typos are marked apart."""
    clauses: list[tuple[Occur, Query]] = []
    for unit in parsed.positive_units():
        for alternative in unit.alternatives | unit.marks | unit.glossary:
            for name in ("summary", "body"):
                clauses.append((Occur.Should, _field_query(name, alternative)))
    for name, terms in expansions.items():
        clauses.extend((Occur.Should, Query.term_query(SCHEMA, name, term)) for term in terms)
    return Query.boolean_query(clauses) if clauses else None


def welsh_highlight_query(parsed: ParsedQuery) -> Query | None:
    """The Welsh terms to mark in Welsh snippets: the words typed, and every mutated form of
    their radicals ("cyd-gynhyrchu" marks "gyd-gynhyrchu", "nghyd-gynhyrchu" …)."""
    clauses: list[tuple[Occur, Query]] = []
    for unit in parsed.positive_units():
        alternatives = unit.welsh | unit.welsh_variants
        for alternative in unit.welsh | unit.welsh_variants:
            head, *rest = alternative.terms
            for radical in welsh.radicals(head):
                alternatives.update(Alternative((form, *rest)) for form in welsh.mutations(radical))
        for alternative in alternatives:
            for name in ("summary_cy", "body_cy"):
                clauses.append((Occur.Should, _field_query(name, alternative)))
        if unit.welsh_prefix:
            prefix: list[str | tuple[int, str]] = [unit.welsh_prefix]
            for name in ("summary_cy", "body_cy"):
                clauses.append((Occur.Should, Query.phrase_prefix_query(SCHEMA, name, prefix)))
    return Query.boolean_query(clauses) if clauses else None
