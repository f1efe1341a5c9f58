"""The fixed query mix of the search benchmark, drawn deterministically from the corpus, and
its translation for each engine (the app's query language, SQLite FTS5, PostgreSQL).

200 queries: single common words, single rare words, 2-3 words, "phrases", prefixes
(`partic*`), typos (`partcipatory`), and some of each with a kind filter; and 100 prefixes
for search-as-you-type. Beside them, 50 Welsh queries (`build_welsh`, over the entries' Welsh
versions): words as written and mutated, hyphenated compounds mutated, 2-3 words with
their stop words, and "phrases"; timed with the English ones, reported apart.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from app.search import welsh
from bench.generate import STOPWORDS, typo, vocabulary

UnitType = Literal["word", "phrase", "prefix"]
_WORD = re.compile(r"[a-z]+(?:-[a-z]+)*")

# How many queries of each sort (200 in all).
MIX = {
    "common word": 35,
    "rare word": 30,
    "2-3 words": 40,
    "phrase": 25,
    "prefix": 20,
    "typo": 25,
    "with kind filter": 25,
}
SUGGEST_PREFIXES = 100
WELSH_MIX = {
    "Welsh word": 15,
    "Welsh word, mutated": 15,
    "Welsh compound, mutated": 8,
    "Welsh words": 7,
    "Welsh phrase": 5,
}
WELSH_PREFIX = "Welsh"  # the categories of the Welsh queries start with it
_WELSH_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


@dataclass(frozen=True)
class Unit:
    type: UnitType
    text: str


@dataclass(frozen=True)
class BenchQuery:
    category: str
    units: tuple[Unit, ...]
    kind: str | None = None  # a kind filter (plural kind name)

    @property
    def q(self) -> str:
        """The query in the app's language."""
        parts = []
        for unit in self.units:
            if unit.type == "phrase":
                parts.append(f'"{unit.text}"')
            elif unit.type == "prefix":
                parts.append(f"{unit.text}*")
            else:
                parts.append(unit.text)
        return " ".join(parts)

    def params(self, per_page: int = 20) -> dict[str, Any]:
        """Query parameters of GET /api/v1/search."""
        out: dict[str, Any] = {"q": self.q, "per_page": per_page}
        if self.kind:
            out["kind"] = self.kind
        return out

    def fts5_match(self) -> str:
        """An FTS5 MATCH expression: every unit a quoted string (so hyphens and punctuation are
        never operators), prefixes with `*`, all ANDed."""
        parts = []
        for unit in self.units:
            quoted = '"' + unit.text.replace('"', '""') + '"'
            parts.append(quoted + ("*" if unit.type == "prefix" else ""))
        return " AND ".join(parts)

    def pg_parts(self) -> tuple[str, list[str]]:
        """(websearch_to_tsquery text of the words and phrases, prefixes for to_tsquery)."""
        web = []
        prefixes = []
        for unit in self.units:
            if unit.type == "prefix":
                prefixes.append(unit.text)
            elif unit.type == "phrase":
                web.append(f'"{unit.text}"')
            else:
                web.append(unit.text)
        return " ".join(web), prefixes


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def build(corpus: Mapping[str, Sequence[Mapping[str, Any]]], seed: int = 1) -> list[BenchQuery]:
    """The 200 queries. They come from the text of the corpus itself, so that phrases and rare
    words match something, and from the vocabulary, so that they are common or rare as meant."""
    rng = random.Random(f"ckb-bench-queries/{seed}")
    vocab = vocabulary()
    real = set(vocab.real)
    tail = set(vocab.tail)
    entries = [item for items in corpus.values() for item in items]
    sample = [entries[i] for i in sorted(rng.sample(range(len(entries)), min(3000, len(entries))))]
    counts: Counter[str] = Counter()
    for item in sample:
        counts.update(_words(item["body"]))

    # Common: frequent content words; middling: the next band; rare: tail words the sample has.
    content = [w for w in vocab.real[:2500] if w not in STOPWORDS and len(w) >= 4 and counts[w] > 0]
    common = content[:150]
    middling = content[150:1500]
    rare = sorted(w for w in counts if w in tail and counts[w] <= 2)
    typo_sources = [w for w in content[:1200] if len(w) >= 6 and w.isalpha()]

    def phrase() -> str:
        while True:
            words = _words(rng.choice(sample)["body"])
            if len(words) < 10:
                continue
            n = rng.choice((2, 2, 3))
            start = rng.randrange(len(words) - n)
            chunk = words[start : start + n]
            if not all(w in STOPWORDS for w in chunk):
                return " ".join(chunk)

    def misspelt() -> str:
        while True:
            wrong = typo(rng.choice(typo_sources), rng)
            if wrong not in real and len(wrong) >= 5:
                return wrong

    def prefix() -> str:
        word = rng.choice([w for w in common + middling[:300] if len(w) >= 6 and w.isalpha()])
        return word[: rng.randint(4, min(6, len(word) - 2))]

    makers: dict[str, Callable[[], tuple[Unit, ...]]] = {
        "common word": lambda: (Unit("word", rng.choice(common)),),
        "rare word": lambda: (Unit("word", rng.choice(rare)),),
        "2-3 words": lambda: tuple(
            Unit("word", w) for w in rng.sample(common[:60], 1) + rng.sample(middling, rng.choice((1, 2)))
        ),
        "phrase": lambda: (Unit("phrase", phrase()),),
        "prefix": lambda: (Unit("prefix", prefix()),),
        "typo": lambda: (Unit("word", misspelt()),),
    }
    out: list[BenchQuery] = []
    for category, count in MIX.items():
        for _ in range(count):
            if category == "with kind filter":
                sort = rng.choice(("common word", "2-3 words", "phrase", "prefix", "typo"))
                kind = rng.choice(("projects", "projects", "resources", "resources", "networks"))
                out.append(BenchQuery(f"{category} ({sort})", makers[sort](), kind))
            else:
                out.append(BenchQuery(category, makers[category]()))
    return out


def suggest_prefixes(corpus: Mapping[str, Sequence[Mapping[str, Any]]], seed: int = 1) -> list[str]:
    """What people type into the search box: the start of a title word (2-6 letters), and
    sometimes a whole word then the start of the next."""
    rng = random.Random(f"ckb-bench-suggest/{seed}")
    titles = [item["title"] for items in corpus.values() for item in items]
    out: list[str] = []
    while len(out) < SUGGEST_PREFIXES:
        words = [w for w in _words(rng.choice(titles)) if len(w) >= 3]
        if not words:
            continue
        i = rng.randrange(len(words))
        word = words[i]
        if rng.random() < 0.15 and i + 1 < len(words):
            nxt = words[i + 1]
            out.append(f"{word} {nxt[: rng.randint(1, min(4, len(nxt)))]}")
        else:
            out.append(word[: rng.randint(2, min(6, len(word)))])
    return out


def is_welsh(query: BenchQuery) -> bool:
    return query.category.startswith(WELSH_PREFIX)


def build_welsh(corpus: Mapping[str, Sequence[Mapping[str, Any]]], seed: int = 1) -> list[BenchQuery]:
    """The Welsh queries, from the Welsh versions of the corpus's entries: content words (not
    stop words, 4 letters or more), each as written or given a mutation it takes after the
    words that cause it ("cymuned" → "gymuned", "nghymuned", "chymuned")."""
    rng = random.Random(f"ckb-bench-welsh-queries/{seed}")
    texts = [
        str(item["translations"]["cy"].get("body") or "")
        for items in corpus.values()
        for item in items
        if (item.get("translations") or {}).get("cy")
    ]
    if not texts:
        return []
    stop = welsh.stop_words()
    counts: Counter[str] = Counter()
    for text in texts[:2000]:
        counts.update(w.lower() for w in _WELSH_WORD.findall(text))
    words = [w for w, _ in counts.most_common() if "-" not in w and len(w) >= 4 and welsh.fold(w) not in stop]
    compounds = [w for w, _ in counts.most_common() if "-" in w]
    band = words[20:400]

    def mutated(word: str) -> str:
        forms = welsh.mutations(word)[1:]
        return rng.choice(forms) if forms else word

    def chunk() -> list[str]:
        while True:
            found = _WELSH_WORD.findall(rng.choice(texts))
            if len(found) < 10:
                continue
            n = rng.choice((2, 3))
            start = rng.randrange(len(found) - n)
            part = [w.lower() for w in found[start : start + n]]
            if any(welsh.fold(w) not in stop for w in part):
                return part

    makers: dict[str, Callable[[], tuple[Unit, ...]]] = {
        "Welsh word": lambda: (Unit("word", rng.choice(band)),),
        "Welsh word, mutated": lambda: (Unit("word", mutated(rng.choice(band))),),
        "Welsh compound, mutated": lambda: (Unit("word", mutated(rng.choice(compounds or band))),),
        "Welsh words": lambda: tuple(Unit("word", w) for w in chunk()),
        "Welsh phrase": lambda: (Unit("phrase", " ".join(chunk())),),
    }
    return [BenchQuery(category, makers[category]()) for category, count in WELSH_MIX.items() for _ in range(count)]
