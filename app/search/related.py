"""Entries related to one entry: the relations editors made first, then the entries nearest in
meaning and those sharing its keywords, fused; published entries only, never itself."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from tantivy import DocAddress, Occur, Query, Searcher

from app.search.documents import SCHEMA, entry_key
from app.search.embedding import embed_one, entry_text
from app.search.index import SearchIndex
from app.search.service import doc_id
from app.search.vectors import VectorStore

Reason = Literal["related", "meaning", "keywords"]
Ref = tuple[str, int]
RELATED_FLOOR = 0.3  # as for search (service.MEANING_FLOOR): less similar than this is not related
RRF_K = 20  # meaning and shared keywords count alike; a small k lets the top of each lead


@dataclass
class RelatedEntry:
    kind: str
    id: int
    slug: str
    title: str
    summary: str
    reason: Reason


def related_entries(
    index: SearchIndex,
    vectors: VectorStore | None,
    *,
    ref: Ref,
    entry: Mapping[str, Any],
    explicit: Sequence[Ref],
    limit: int,
) -> list[RelatedEntry]:
    """`entry`: its title, keywords and summary (embedded when it has no vector, as a draft
    has not); `explicit`: the refs of its relations the caller may see, in order."""
    searcher = index.searcher()
    seen: set[tuple[int, int]] = set()
    ordered: list[tuple[DocAddress, Reason]] = []
    for address in _published_in_order(searcher, [r for r in explicit if r != ref]):
        ordered.append((address, "related"))
        seen.add(_key(address))

    wanted = limit - len(ordered)
    if wanted > 0:
        skip = {ref, *explicit}
        pool = wanted + len(skip)
        by_meaning = [a for a in _nearest(searcher, vectors, ref, entry, pool, skip) if _key(a) not in seen]
        by_keywords = [a for a in _sharing_keywords(searcher, entry, pool, skip) if _key(a) not in seen]
        scores: dict[tuple[int, int], float] = {}
        addresses: dict[tuple[int, int], DocAddress] = {}
        for ranked in (by_meaning, by_keywords):
            for rank, address in enumerate(ranked):
                scores[_key(address)] = scores.get(_key(address), 0.0) + 1.0 / (RRF_K + rank + 1)
                addresses[_key(address)] = address
        sharing = {_key(a) for a in by_keywords}
        for key in sorted(scores, key=lambda k: -scores[k])[:wanted]:
            ordered.append((addresses[key], "keywords" if key in sharing else "meaning"))

    out = []
    for address, reason in ordered[:limit]:
        doc = searcher.doc(address)
        out.append(
            RelatedEntry(
                kind=str(doc.get_first("kind")),
                id=doc_id(doc),
                slug=str(doc.get_first("slug")),
                title=str(doc.get_first("title")),
                summary=str(doc.get_first("summary") or ""),
                reason=reason,
            )
        )
    return out


def _key(address: DocAddress) -> tuple[int, int]:
    return (address.segment_ord, address.doc)


def _published() -> Query:
    return Query.const_score_query(Query.term_query(SCHEMA, "status", "published"), 0.0)


def _not(refs: Iterable[Ref]) -> list[tuple[Occur, Query]]:
    return [(Occur.MustNot, Query.term_query(SCHEMA, "key", entry_key(*r))) for r in refs]


def _published_in_order(searcher: Searcher, refs: Sequence[Ref]) -> list[DocAddress]:
    """The published ones of these entries, in the order given (each scores count - rank)."""
    if not refs:
        return []
    ranked = Query.boolean_query(
        [
            (
                Occur.Should,
                Query.const_score_query(Query.term_query(SCHEMA, "key", entry_key(*r)), float(len(refs) - i)),
            )
            for i, r in enumerate(refs)
        ]
    )
    query = Query.boolean_query([(Occur.Must, ranked), (Occur.Must, _published())])
    return [a for _, a in searcher.search(query, len(refs), count=False).hits]


def _nearest(
    searcher: Searcher, vectors: VectorStore | None, ref: Ref, entry: Mapping[str, Any], pool: int, skip: set[Ref]
) -> list[DocAddress]:
    if vectors is None:
        return []
    snapshot = vectors.snapshot
    at = snapshot.row_of(ref)
    vector = snapshot.matrix[at] if at is not None else embed_one(entry_text(entry))
    if vector is None:
        return []
    nearest = [r for r, _ in snapshot.nearest(vector, pool + len(skip), RELATED_FLOOR) if r not in skip]
    return _published_in_order(searcher, nearest)[:pool]


def _sharing_keywords(searcher: Searcher, entry: Mapping[str, Any], pool: int, skip: set[Ref]) -> list[DocAddress]:
    """Entries with the most (and the rarest) of this entry's keywords."""
    values = sorted({" ".join(k.lower().split()) for k in entry.get("keywords") or [] if k.strip()})
    if not values:
        return []
    shared = Query.boolean_query([(Occur.Should, Query.term_query(SCHEMA, "keyword_value", v)) for v in values])
    query = Query.boolean_query([(Occur.Must, shared), (Occur.Must, _published()), *_not(skip)])
    return [a for _, a in searcher.search(query, pool, count=False).hits]
