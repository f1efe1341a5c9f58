"""Search across the four kinds: ranked hits with marked snippets, facets and suggestions."""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Literal

from tantivy import DocAddress, Document, Occur, Order, Query, Searcher, SnippetGenerator

from app.search import welsh
from app.search.analysis import STEM, folds, stems
from app.search.documents import FUZZY_FIELDS, LANGUAGE_FIELD, SCHEMA, entry_key, title_sort_text
from app.search.embedding import embed_one
from app.search.index import SearchIndex
from app.search.query import (
    ParsedQuery,
    highlight_query,
    loosened,
    meaning_text,
    negative_clauses,
    parse,
    required_query,
    text_query,
    welsh_highlight_query,
    welsh_possible,
    words_query,
)
from app.search.vectors import VectorStore

SearchSort = Literal["relevance", "newest", "title"]
SearchMode = Literal["hybrid", "keyword", "semantic"]
Fusion = Literal["weighted", "rrf"]
Matched = Literal["keyword", "meaning"]
Lang = Literal["en", "cy"]
_FACET_POOL = ThreadPoolExecutor(max_workers=4, thread_name_prefix="ckb-facets")
SNIPPET_CHARS = 220
PREFIX_TERMS = 30  # index terms a prefix is expanded to for marking snippets
LOOSE_SCAN_CHARS = 1500  # how much of a text is read to mark typo matches
SNIPPET_SCAN_CHARS = 5000  # how much of a body snippets are taken from
RARE_DOC_FREQ = 3  # a word in fewer documents than this is treated as a possible typo
FACET_SIZE = 30
FACET_NAMES = ("kind", "type", "keyword", "region", "decade", "language")
# Meaning: the nearest vectors looked at, and how similar (cosine) a vector must be to count.
# Below the floor lie the nonsense and off-topic queries: over the seed, "quantum
# chromodynamics", "zzzqqqxxy" and "cryptocurrency blockchain" come no nearer than 0.22 to any
# entry, while the entries that answer the judged questions sit above 0.3 (bench/quality.py).
MEANING_CANDIDATES = 200
MEANING_FLOOR = 0.3
# Rank fusion, as Typesense does it: 0.7 / keyword rank + 0.3 / meaning rank. The first
# keyword hit (an exact title, a phrase) stays first whatever meaning says, and an entry
# found by meaning alone enters from the third place down (measured against reciprocal rank
# fusion with k=60 in bench/quality.py).
KEYWORD_WEIGHT = 0.7
MEANING_WEIGHT = 0.3
RRF_K = 60


@dataclass
class Filters:
    kinds: list[str] = field(default_factory=list)
    types: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    regions: list[str] = field(default_factory=list)
    year_from: int | None = None
    year_to: int | None = None
    languages: list[str] = field(default_factory=list)  # entries with a version in one of these
    statuses: list[str] = field(default_factory=lambda: ["published"])  # empty: any status


@dataclass
class Hit:
    kind: str
    id: int
    slug: str
    title: str
    summary: str
    snippet: str
    score: float | None
    matched: list[Matched] = field(default_factory=list)
    lang: Lang = "en"  # the language of the title, summary and snippet shown


@dataclass
class Results:
    hits: list[Hit]
    total: int
    facets: dict[str, list[dict[str, Any]]]


def _variants(value: str) -> list[str]:
    """Filter values match whatever the case they were stored in, within reason."""
    value = " ".join(value.split())
    return list(dict.fromkeys([value, value.lower(), value.capitalize(), value.title(), value.upper()]))


def _filter_clauses(filters: Filters) -> list[Query]:
    out: list[Query] = [Query.exists_query("id")]  # entries only, never the marker document
    if filters.kinds:
        out.append(Query.term_set_query(SCHEMA, "kind", filters.kinds))
    if filters.statuses:
        out.append(Query.term_set_query(SCHEMA, "status", filters.statuses))
    for name, values in (
        ("type_value", filters.types),
        ("category_value", filters.categories),
        ("place_value", filters.places),
        ("region_value", filters.regions),
    ):
        if values:
            out.append(Query.term_set_query(SCHEMA, name, [v for value in values for v in _variants(value)]))
    for keyword in filters.keywords:
        out.append(Query.term_query(SCHEMA, "keyword_value", " ".join(keyword.lower().split())))
    if filters.languages:
        out.append(Query.term_set_query(SCHEMA, LANGUAGE_FIELD, filters.languages))
    if filters.year_from is not None:
        out.append(_range("year_end", filters.year_from, None))
    if filters.year_to is not None:
        out.append(_range("year_start", None, filters.year_to))
    return out


def _range(field_name: str, lower: int | None, upper: int | None) -> Query:
    from tantivy import FieldType

    return Query.range_query(SCHEMA, field_name, FieldType.Integer, lower, upper)


def build_query(searcher: Searcher, parsed: ParsedQuery, filters: Filters) -> Query:
    def is_rare(stem: str) -> bool:
        return sum(searcher.doc_freq(name, stem) for name in FUZZY_FIELDS) < RARE_DOC_FREQ

    clauses: list[tuple[Occur, Query]] = [(Occur.Must, text_query(parsed, is_rare))]
    # Filters narrow the match set without changing scores.
    clauses.extend((Occur.Must, Query.const_score_query(q, 0.0)) for q in _filter_clauses(filters))
    return Query.boolean_query(clauses)


def search(
    index: SearchIndex,
    q: str,
    filters: Filters,
    *,
    sort: SearchSort = "relevance",
    offset: int = 0,
    limit: int = 20,
    facets: bool = True,
    mode: SearchMode = "keyword",
    vectors: VectorStore | None = None,
    fusion: Fusion = "weighted",
    lang: Lang = "en",
) -> Results:
    """Ranked hits, their total and facets. `mode`: by the query's words (keyword), by what
    it means (semantic: the nearest vectors), or both fused (hybrid). Without a vector store,
    or when the query has no meaningful words, every mode searches by keyword. The words are
    read as English and as Welsh; `lang`: the language hits are shown in where they have it
    (an English answer shows a hit in Welsh when only its Welsh matched)."""
    searcher = index.searcher()
    parsed = parse(q)
    if not welsh_possible(parsed, searcher.doc_freq):
        parsed.languages = ("en",)
    scanning = _FACET_POOL.submit(_nearest, parsed, vectors) if mode != "keyword" and vectors is not None else None
    ranked_by_words = None
    if scanning is not None and mode == "hybrid" and sort == "relevance" and parsed.must:
        # Meanwhile rank by words: numpy and tantivy both let go of Python's lock, so on two
        # cores the vectors are scanned while the index is searched.
        words = words_query(parsed, _rare_in(searcher))
        assert words is not None
        query = Query.boolean_query([(Occur.Must, words), *_narrowing(parsed, filters)])
        ranked_by_words = searcher.search(query, offset + limit, count=False).hits
    nearest = scanning.result() if scanning is not None else None
    if nearest is None or (mode == "hybrid" and not nearest):
        results = _keyword_search(
            searcher, parsed, filters, sort=sort, offset=offset, limit=limit, facets=facets, lang=lang
        )
        loose = loosened(parsed) if mode == "hybrid" and results.total == 0 else None
        if loose is not None:
            # No entry holds every word and none is near enough in meaning: rather than a
            # dead end, the entries that hold most of the words, best first.
            return _keyword_search(
                searcher, loose, filters, sort=sort, offset=offset, limit=limit, facets=facets, lang=lang
            )
        return results
    if not nearest:  # semantic, and nothing is near enough in meaning
        return Results(hits=[], total=0, facets={name: [] for name in FACET_NAMES} if facets else {})
    return _meaning_search(
        searcher,
        parsed,
        filters,
        nearest,
        mode,
        sort=sort,
        offset=offset,
        limit=limit,
        facets=facets,
        fusion=fusion,
        ranked_by_words=ranked_by_words,
        lang=lang,
    )


def _rare_in(searcher: Searcher) -> Callable[[str], bool]:
    def is_rare(stem: str) -> bool:
        return sum(searcher.doc_freq(name, stem) for name in FUZZY_FIELDS) < RARE_DOC_FREQ

    return is_rare


def _narrowing(parsed: ParsedQuery, filters: Filters) -> list[tuple[Occur, Query]]:
    """The filters (scoring nothing) and the -exclusions."""
    return [(Occur.Must, Query.const_score_query(q, 0.0)) for q in _filter_clauses(filters)] + negative_clauses(parsed)


def _keyword_search(
    searcher: Searcher,
    parsed: ParsedQuery,
    filters: Filters,
    *,
    sort: SearchSort,
    offset: int,
    limit: int,
    facets: bool,
    lang: Lang,
) -> Results:
    query = build_query(searcher, parsed, filters)
    if parsed.is_empty and sort == "relevance":
        sort = "newest"  # nothing to rank by: show the newest first
    # Facets go over the whole match set, so they cost as much as the search itself; tantivy
    # lets go of the GIL, so they are counted on another thread meanwhile.
    counting = _FACET_POOL.submit(_facets, searcher, query) if facets else None
    addresses, scores, total = _top(searcher, query, sort, offset, limit)
    matched: list[Matched] = ["keyword"] if parsed.must else []
    hits = _hits(searcher, parsed, addresses, scores, lambda _: matched, lang=lang)
    return Results(hits=hits, total=total, facets=counting.result() if counting else {})


def _nearest(parsed: ParsedQuery, vectors: VectorStore) -> list[tuple[tuple[str, int], float]] | None:
    """The entries nearest in meaning to the query's words (above the floor), best first;
    None when the query has no meaningful words to look for."""
    vector = embed_one(meaning_text(parsed))
    if vector is None:
        return None
    return vectors.snapshot.nearest(vector, MEANING_CANDIDATES, MEANING_FLOOR)


def _meaning_search(
    searcher: Searcher,
    parsed: ParsedQuery,
    filters: Filters,
    nearest: list[tuple[tuple[str, int], float]],
    mode: SearchMode,
    *,
    sort: SearchSort,
    offset: int,
    limit: int,
    facets: bool,
    fusion: Fusion,
    ranked_by_words: list[tuple[float, DocAddress]] | None = None,
    lang: Lang = "en",
) -> Results:
    """Hybrid and semantic search: one tantivy query gives the match set (for the total,
    facets and sorting): (the words OR one of the nearest entries that still has the
    "phrases" and prefix* asked for) AND the filters AND NOT the -exclusions. Ranks by words
    and by meaning are fused for a page by relevance. `ranked_by_words`: the top
    `offset + limit` by words alone (within the filters), when already searched."""
    is_rare = _rare_in(searcher)

    count = len(nearest)
    rank_of: dict[int, list[tuple[str, int]]] = {}  # entry id → (kind, rank) of the nearest
    for rank, ((kind, entry_id), _) in enumerate(nearest):
        rank_of.setdefault(entry_id, []).append((kind, rank))
    # One term-set query over the nearest entries' keys (a single automaton, far cheaper than
    # a clause per key); a hit's rank is found again from its id (a fast field).
    nearest_keys = Query.term_set_query(SCHEMA, "key", [entry_key(*ref) for ref, _ in nearest])
    by_meaning: list[tuple[Occur, Query]] = [(Occur.Must, Query.const_score_query(nearest_keys, 0.0))]
    required = required_query(parsed)
    if required is not None:
        by_meaning.append((Occur.Must, Query.const_score_query(required, 0.0)))
    narrowing = _narrowing(parsed, filters)
    meaning_query = Query.boolean_query(by_meaning + narrowing)
    words = words_query(parsed, is_rare)
    if mode == "hybrid" and words is not None:
        either = Query.boolean_query([(Occur.Should, words), (Occur.Should, Query.boolean_query(by_meaning))])
        match_query = Query.boolean_query([(Occur.Must, either), *narrowing])
    else:
        words = None
        match_query = meaning_query
    counting = _FACET_POOL.submit(_facets, searcher, match_query) if facets else None

    meaning_rank = _meaning_ranks(searcher, meaning_query, count, rank_of)
    addresses: list[DocAddress]
    scores: list[float | None]
    keyword_rank: dict[tuple[int, int], int] = {}
    keyword_rank_complete = False
    if sort == "relevance":
        by_address = dict(meaning_rank.addresses)
        if words is not None:
            # Every hit of the fused top `offset + limit` is among the top `offset + limit`
            # by words and the hits by meaning.
            assert ranked_by_words is not None  # searched while the vectors were scanned
            for _, address in ranked_by_words:
                keyword_rank[_address_key(address)] = len(keyword_rank)
                by_address[_address_key(address)] = address
            keyword_rank_complete = len(ranked_by_words) < offset + limit
            # Every entry has one kind, so the kind facet counts the match set whole.
            total = sum(v["count"] for v in counting.result()["kind"]) if counting else _count(searcher, match_query)
        else:
            total = len(meaning_rank.ranks)
        fused = _fuse(keyword_rank, meaning_rank.ranks, fusion)
        page = fused[offset : offset + limit]
        addresses = [by_address[key] for key, _ in page]
        scores = [score for _, score in page]
    else:
        addresses, scores, total = _top(searcher, match_query, sort, offset, limit)
    docs = [searcher.doc(a) for a in addresses]
    if words is None:
        keyword_hits: set[tuple[int, int]] = set()
    elif keyword_rank_complete:
        keyword_hits = set(keyword_rank)
    else:
        keyword_hits = _matching(searcher, words, addresses, docs)

    def matched(address: DocAddress) -> list[Matched]:
        key = _address_key(address)
        how: list[Matched] = []
        if key in keyword_hits:
            how.append("keyword")
        if key in meaning_rank.ranks:
            how.append("meaning")
        return how

    hits = _hits(searcher, parsed, addresses, scores, matched, docs, lang=lang)
    return Results(hits=hits, total=total, facets=counting.result() if counting else {})


@dataclass
class _MeaningRanks:
    ranks: dict[tuple[int, int], int]  # hit (by address) → its rank among the nearest
    addresses: dict[tuple[int, int], DocAddress]


def _meaning_ranks(
    searcher: Searcher, query: Query, count: int, rank_of: dict[int, list[tuple[str, int]]]
) -> _MeaningRanks:
    """The nearest entries that the query lets through, with their rank by meaning."""
    hits = [a for _, a in searcher.search(query, count, count=False).hits]
    ranked: list[tuple[int, DocAddress]] = []
    for address, entry_id in zip(hits, searcher.fast_field_values("id", hits), strict=True):
        candidates = rank_of.get(int(entry_id or 0), [])
        if len(candidates) > 1:  # the same id in two kinds: the stored kind tells which
            kind = str(searcher.doc(address).get_first("kind"))
            candidates = [c for c in candidates if c[0] == kind]
        if candidates:
            ranked.append((candidates[0][1], address))
    ranked.sort(key=lambda item: item[0])
    return _MeaningRanks(
        ranks={_address_key(a): i for i, (_, a) in enumerate(ranked)},
        addresses={_address_key(a): a for _, a in ranked},
    )


def _count(searcher: Searcher, query: Query) -> int:
    return _matched(searcher.search(query, 1, count=True))


def _address_key(address: DocAddress) -> tuple[int, int]:
    return (address.segment_ord, address.doc)


def _fuse(
    keyword_rank: dict[tuple[int, int], int], meaning_rank: dict[tuple[int, int], int], fusion: Fusion
) -> list[tuple[tuple[int, int], float]]:
    """Hits in fused order, with their fused scores."""
    scores: dict[tuple[int, int], float] = {}
    for ranks, weight in ((keyword_rank, KEYWORD_WEIGHT), (meaning_rank, MEANING_WEIGHT)):
        for key, rank in ranks.items():
            part = weight / (rank + 1) if fusion == "weighted" else 1.0 / (RRF_K + rank + 1)
            scores[key] = scores.get(key, 0.0) + part
    return sorted(scores.items(), key=lambda item: (-item[1], keyword_rank.get(item[0], 1 << 30)))


def _matching(
    searcher: Searcher, words: Query, addresses: Sequence[DocAddress], docs: Sequence[Any]
) -> set[tuple[int, int]]:
    """Which of these hits (and their documents) the query's words match: a hit may come by
    meaning alone."""
    if not addresses:
        return set()
    keys = [entry_key(str(d.get_first("kind")), int(d.get_first("id"))) for d in docs]
    query = Query.boolean_query(
        [(Occur.Must, words), (Occur.Must, Query.const_score_query(Query.term_set_query(SCHEMA, "key", keys), 0.0))]
    )
    return {_address_key(a) for _, a in searcher.search(query, len(keys), count=False).hits}


def doc_id(doc: Document) -> int:
    """The entry id a document holds (tantivy types a field's value as anything)."""
    return int(str(doc.get_first("id")))


def _matched(result: Any) -> int:
    """The match count of a search run with count=True (tantivy's type stubs leave it out)."""
    return int(getattr(result, "count", 0) or 0)


def _top(
    searcher: Searcher, query: Query, sort: SearchSort, offset: int, limit: int
) -> tuple[list[DocAddress], list[float | None], int]:
    if sort == "relevance":
        result = searcher.search(query, limit, count=True, offset=offset)
        return [a for _, a in result.hits], [float(s) for s, _ in result.hits], _matched(result)
    if sort == "newest":
        result = searcher.search(query, limit, count=True, offset=offset, order_by_field="created", order=Order.Desc)
        return [a for _, a in result.hits], [None] * len(result.hits), _matched(result)
    # By title: the sort key covers the first 12 characters; hits that share a key with the
    # page are put in order by their full title here.
    result = searcher.search(query, offset + limit + 50, count=True, order_by_field="title_key", order=Order.Asc)
    keyed = [(int(k or 0), a) for k, a in result.hits]
    window = keyed[offset : offset + limit]
    if not window:
        return [], [], _matched(result)
    low, high = window[0][0], window[-1][0]
    span_start = next(i for i, (k, _) in enumerate(keyed) if k >= low)
    span = [(k, a) for k, a in keyed if low <= k <= high]
    span.sort(key=lambda item: (item[0], title_sort_text(str(searcher.doc(item[1]).get_first("title") or ""))))
    chosen = [a for _, a in span[offset - span_start : offset - span_start + limit]]
    return chosen, [None] * len(chosen), _matched(result)


def _hits(
    searcher: Searcher,
    parsed: ParsedQuery,
    addresses: Sequence[DocAddress],
    scores: Sequence[float | None],
    matched: Callable[[DocAddress], list[Matched]],
    docs: Sequence[Any] | None = None,
    *,
    lang: Lang = "en",
) -> list[Hit]:
    if not addresses:
        return []
    docs = docs if docs is not None else [searcher.doc(a) for a in addresses]
    shown = _shown_languages(searcher, parsed, addresses, docs, lang)
    marker = _Marker(searcher, parsed)
    welsh_marker = _Marker(searcher, parsed, welsh=True) if "cy" in shown else None
    hits = []
    for address, score, doc, language in zip(addresses, scores, docs, shown, strict=True):
        how = matched(address)
        # A hit found by meaning alone gets its summary, not a few stray words marked.
        by_meaning_only = how == ["meaning"]
        if language == "cy":
            assert welsh_marker is not None
            title = str(doc.get_first("title_cy") or doc.get_first("title"))
            summary = str(doc.get_first("summary_cy") or doc.get_first("summary") or "")
            view = _welsh_view(doc, summary)
            snippet = _plain_snippet(view, summary) if by_meaning_only else welsh_marker.snippet(view, summary)
        else:
            title = str(doc.get_first("title"))
            summary = str(doc.get_first("summary") or "")
            snippet = _plain_snippet(doc, summary) if by_meaning_only else marker.snippet(doc, summary)
        hits.append(
            Hit(
                kind=str(doc.get_first("kind")),
                id=doc_id(doc),
                slug=str(doc.get_first("slug")),
                title=title,
                summary=summary,
                snippet=snippet,
                score=round(score, 4) if score is not None else None,
                matched=how,
                lang=language,
            )
        )
    return hits


def _has_welsh(doc: Any) -> bool:
    return "cy" in doc.get_all(LANGUAGE_FIELD)


def _welsh_view(doc: Any, summary: str) -> Document:
    """A Welsh hit's text as the snippet makers read it: its Welsh summary and body, the
    English where it has no Welsh (a translation may leave fields out)."""
    body = str(doc.get_first("body_cy") or doc.get_first("body") or "")
    return Document(summary=[summary], body=[body])


def _shown_languages(
    searcher: Searcher, parsed: ParsedQuery, addresses: Sequence[DocAddress], docs: Sequence[Any], lang: Lang
) -> list[Lang]:
    """The language each hit is shown in: the answer's language where the entry has it; in an
    English answer, Welsh for an entry whose Welsh matched the words and whose English did not
    (a Welsh question: its snippet shows the Welsh words found)."""
    welsh_ = [_has_welsh(doc) for doc in docs]
    if not any(welsh_):
        return ["en"] * len(docs)
    if lang == "cy":
        return ["cy" if has else "en" for has in welsh_]
    if not parsed.must or "cy" not in parsed.languages:
        return ["en"] * len(docs)
    candidates = [(a, d) for a, d, has in zip(addresses, docs, welsh_, strict=True) if has]
    in_welsh = words_query(parsed, languages=("cy",))
    in_english = words_query(parsed, lambda _: False, languages=("en",), glossary=False)
    assert in_welsh is not None and in_english is not None
    matched_welsh = _matching(searcher, in_welsh, [a for a, _ in candidates], [d for _, d in candidates])
    candidates = [(a, d) for a, d in candidates if _address_key(a) in matched_welsh]
    matched_english = _matching(searcher, in_english, [a for a, _ in candidates], [d for _, d in candidates])
    return ["cy" if _address_key(a) in matched_welsh - matched_english else "en" for a in addresses]


def _plain_snippet(doc: Any, summary: str) -> str:
    return _escape(_shorten(summary or str(doc.get_first("body") or ""), SNIPPET_CHARS))


class _Marker:
    """Snippets with the matched words in <mark>, everything else HTML-escaped."""

    def __init__(self, searcher: Searcher, parsed: ParsedQuery, *, welsh: bool = False) -> None:
        self.generators: list[SnippetGenerator] = []
        self.fuzzy: list[str] = []
        self.phrase_only: set[str] = set()
        self.welsh = welsh
        units = parsed.positive_units()
        if welsh:
            # Welsh text: its words marked as the Welsh fields are analysed, mutated forms too.
            highlight_cy = welsh_highlight_query(parsed)
            if highlight_cy is not None:
                for name in ("summary_cy", "body_cy"):
                    generator = SnippetGenerator.create(searcher, highlight_cy, SCHEMA, name)
                    generator.set_max_num_chars(SNIPPET_CHARS)
                    self.generators.append(generator)
            return
        # A prefix (partic*) is marked through the index terms it stands for, found in the
        # term dictionary, so that tantivy marks them like any other term.
        expansions: dict[str, list[str]] = {}
        for unit in units:
            if unit.prefix:
                stem = stems(unit.prefix)
                for name in ("summary", "body"):
                    found = searcher.terms_with_prefix(name, stem[0] if stem else unit.prefix, limit=PREFIX_TERMS)
                    expansions.setdefault(name, []).extend(term for term, _ in found)
        highlight = highlight_query(parsed, expansions)
        if highlight is not None:
            for name in ("summary", "body"):
                generator = SnippetGenerator.create(searcher, highlight, SCHEMA, name)
                generator.set_max_num_chars(SNIPPET_CHARS)
                self.generators.append(generator)
        self.fuzzy = [stem for unit in units for stem in unit.fuzzy]
        # Terms that only occur inside phrases ("co" of "co production") are marked only
        # where they stand next to another marked term, not wherever they appear alone.
        single = {a.terms[0] for unit in units for a in unit.alternatives if len(a.terms) == 1}
        self.phrase_only = {
            t for unit in units for a in unit.alternatives if len(a.terms) > 1 for t in a.terms
        } - single

    def snippet(self, doc: Any, summary: str) -> str:
        # The snippet comes from the start of the text: a body of 100 KB is not read whole
        # (the generator tokenizes all it is given).
        body = str(doc.get_first("body") or "")
        if self.welsh:
            # The generators read the Welsh fields (of a Document given the Welsh text).
            doc = Document(summary_cy=[summary], body_cy=[body[:SNIPPET_SCAN_CHARS]])
        elif len(body) > SNIPPET_SCAN_CHARS:
            doc = Document(summary=[summary], body=[body[:SNIPPET_SCAN_CHARS]])
        for generator in self.generators:
            snippet = generator.snippet_from_doc(doc)
            fragment = snippet.fragment()
            if fragment and snippet.highlighted():
                data = fragment.encode("utf-8")
                ranges = self._phrase_aware([(r.start, r.end) for r in snippet.highlighted()], data)
                if ranges:
                    return _mark_bytes(data, ranges)
        if self.fuzzy:
            for text in (summary, str(doc.get_first("body") or "")):
                found = self._loose_matches(text)
                if found:
                    return _window(text, found)
        return _plain_snippet(doc, summary)

    def _phrase_aware(self, ranges: list[tuple[int, int]], data: bytes) -> list[tuple[int, int]]:
        if not self.phrase_only:
            return ranges
        ranges = sorted(ranges)
        kept = []
        for i, (start, end) in enumerate(ranges):
            terms = STEM.analyze(data[start:end].decode("utf-8", "ignore"))
            if terms and terms[0] in self.phrase_only:
                before = i > 0 and start - ranges[i - 1][1] <= 3
                after = i + 1 < len(ranges) and ranges[i + 1][0] - end <= 3
                if not (before or after):
                    continue
            kept.append((start, end))
        return kept

    def _loose_matches(self, text: str) -> list[tuple[int, int]]:
        """Character ranges of words one letter away from a fuzzy stem, in the start of the
        text (a typo is marked where it is found early; a long body is not read whole)."""
        out = []
        for token in STEM.pre_tokenize(text[:LOOSE_SCAN_CHARS]).tokens:
            if any(_within_one(token.text, f) for f in self.fuzzy):
                out.append((token.char_offset_from, token.char_offset_to))
        return out


def _escape(text: str) -> str:
    return html.escape(text, quote=False)


def _mark_bytes(data: bytes, ranges: list[tuple[int, int]]) -> str:
    out, pos = [], 0
    for start, end in sorted(ranges):
        if start < pos:
            continue
        out.append(_escape(data[pos:start].decode("utf-8", "ignore")))
        out.append("<mark>" + _escape(data[start:end].decode("utf-8", "ignore")) + "</mark>")
        pos = end
    out.append(_escape(data[pos:].decode("utf-8", "ignore")))
    return "".join(out)


def _window(text: str, ranges: list[tuple[int, int]]) -> str:
    """About SNIPPET_CHARS of text around the first match, matches marked."""
    first = ranges[0][0]
    start = max(0, first - SNIPPET_CHARS // 3)
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < first else start
    end = min(len(text), start + SNIPPET_CHARS)
    out, pos = [], start
    for a, b in ranges:
        if a < pos or b > end:
            continue
        out.append(_escape(text[pos:a]))
        out.append("<mark>" + _escape(text[a:b]) + "</mark>")
        pos = b
    out.append(_escape(text[pos:end]))
    return ("…" if start else "") + "".join(out).strip() + ("…" if end < len(text) else "")


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > limit // 2 else limit] + "…"


def _within_one(a: str, b: str) -> bool:
    """Damerau-Levenshtein distance of at most one (the same rule as the fuzzy query)."""
    if a == b:
        return True
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    if la == lb:
        diff = [i for i in range(la) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        return len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]
    if la > lb:
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i:] == b[i + 1 :]


def _facets(searcher: Searcher, query: Query) -> dict[str, list[dict[str, Any]]]:
    aggs = {
        "kind": {"terms": {"field": "kind", "size": 10}},
        "type": {"terms": {"field": "type_value", "size": FACET_SIZE}},
        "keyword": {"terms": {"field": "keyword_value", "size": FACET_SIZE}},
        "region": {"terms": {"field": "region_value", "size": FACET_SIZE}},
        "decade": {"histogram": {"field": "year_start", "interval": 10, "min_doc_count": 1}},
        "language": {"terms": {"field": LANGUAGE_FIELD, "size": 10}},
    }
    raw = searcher.aggregate(query, aggs)
    out: dict[str, list[dict[str, Any]]] = {}
    for name in ("kind", "type", "keyword", "region", "language"):
        out[name] = [{"value": b["key"], "count": int(b["doc_count"])} for b in raw.get(name, {}).get("buckets", [])]
    out["decade"] = [
        {"value": int(b["key"]), "count": int(b["doc_count"])}
        for b in raw.get("decade", {}).get("buckets", [])
        if b["doc_count"]
    ]
    return out


@dataclass
class Suggestion:
    kind: str
    id: int
    slug: str
    title: str
    lang: Lang = "en"


def suggest(
    index: SearchIndex, q: str, *, statuses: list[str], limit: int = 8, lang: Lang = "en"
) -> tuple[list[Suggestion], list[dict[str, Any]]]:
    """Titles with a word starting with what was typed (titles starting with it first), and
    keywords that start with it, in English and in Welsh (a Welsh first word mutated or not:
    "gyd-gyn" suggests "Cyd-gynhyrchu …"). A title is given in the answer's language where
    the entry has it, and in Welsh where only its Welsh title was typed."""
    words = folds(q)
    if not words:
        return [], []
    searcher = index.searcher()
    published = Query.term_set_query(SCHEMA, "status", statuses) if statuses else Query.exists_query("id")

    def prefix_query(field_name: str, forms: list[list[str]]) -> Query:
        either = [
            (Occur.Should, Query.phrase_prefix_query(SCHEMA, field_name, list[str | tuple[int, str]](form)))
            for form in forms
        ]
        return Query.boolean_query(
            [(Occur.Must, Query.boolean_query(either)), (Occur.Must, Query.const_score_query(published, 0.0))]
        )

    welsh_forms = [[radical, *words[1:]] for radical in welsh.radicals(words[0])]
    found: dict[tuple[int, int], tuple[Any, bool]] = {}  # address → (document, matched in Welsh only)
    for field_name, forms, in_welsh in (("title_prefix", [words], False), ("title_prefix_cy", welsh_forms, True)):
        for _, address in searcher.search(prefix_query(field_name, forms), limit * 3, count=False).hits:
            key = _address_key(address)
            if key not in found:
                found[key] = (searcher.doc(address), in_welsh)
    typed = " ".join(words)
    typed_forms = [" ".join(form) for form in welsh_forms]
    titles: list[Suggestion] = []
    for doc, welsh_only in found.values():
        shown_welsh = _has_welsh(doc) and doc.get_first("title_cy") and (lang == "cy" or welsh_only)
        titles.append(
            Suggestion(
                kind=str(doc.get_first("kind")),
                id=doc_id(doc),
                slug=str(doc.get_first("slug")),
                title=str(doc.get_first("title_cy") if shown_welsh else doc.get_first("title")),
                lang="cy" if shown_welsh else "en",
            )
        )

    def starts(s: Suggestion) -> bool:
        folded = " ".join(folds(s.title))
        return folded.startswith(typed) or any(folded.startswith(form) for form in typed_forms)

    titles.sort(key=lambda s: (not starts(s), len(s.title)))
    typed_raw = " ".join(q.lower().split())
    keywords: dict[str, int] = {}
    sources = [("keyword_value", [typed_raw])]
    welsh_keywords = (
        "keyword_value_cy",
        [radical + typed_raw[len(words[0]) :] for radical in welsh.radicals(words[0])],
    )
    if typed_raw.startswith(words[0]):
        sources.insert(0 if lang == "cy" else 1, welsh_keywords)
    for field_name, prefixes in sources:
        for prefix in prefixes:
            for term, count in searcher.terms_with_prefix(field_name, prefix, filter_query=published, limit=limit):
                keywords.setdefault(term, count)
    ranked = [{"value": term, "count": count} for term, count in keywords.items()]
    return titles[:limit], ranked[:limit]
