"""A deterministic generator of realistic entries of the four kinds, for the benchmarks.

    python -m bench.generate --entries 10000 [--seed 1]

writes one NDJSON file per kind into bench/data/<entries>-s<seed>/ (gitignored); the
benchmarks read those files when they exist and generate them otherwise. Everything comes
from seeded random generators, so the same arguments give the same bytes on any machine.

What the text looks like, and why:
- words are drawn with Zipf weights from bench/vocabulary.txt (a few thousand words: those of
  the seed's source documents, most frequent first, then co-production domain words and
  general English), plus a long tail of made-up words with Zipf weights of their own, so that
  the corpus has both very common terms (long posting lists) and rare ones, as real text does;
- each entry has a topic whose words and keywords recur in its text, places and
  organisations from UK nations, regions and London boroughs (some international), years
  1990-2025 leaning recent;
- hyphenated compounds (co-production, place-based, well-being) come from the vocabulary, and
  about one sentence in twenty-five carries a typo;
- bodies of 0.3-3 KB like the seed entries, and three in a thousand of 30-100 KB;
- one entry in ten has a Welsh version (`translations: {"cy": …}`): a title and sentences
  drawn from the Welsh of the seed's toolkit (seed/toolkit.yaml), real Welsh with its
  mutations, from a random stream of its own (the English is the same with or without it).
"""

from __future__ import annotations

import argparse
import bisect
import itertools
import json
import math
import random
import re
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import orjson
import yaml

GENERATOR_VERSION = 4
BENCH_DIR = Path(__file__).resolve().parent
DATA_DIR = BENCH_DIR / "data"

KINDS: tuple[str, ...] = ("projects", "resources", "networks", "toolkit-sections")
# Mostly projects (research and case studies) and resources, as in the knowledge base.
KIND_SHARES = {"projects": 0.50, "resources": 0.38, "networks": 0.08, "toolkit-sections": 0.04}
SINGULAR = {"projects": "project", "resources": "resource", "networks": "network", "toolkit-sections": "section"}

BODY_MIN, BODY_MAX = 300, 3_000  # bytes, drawn log-uniformly
LONG_SHARE = 0.003  # share of entries with a much longer body
LONG_MIN, LONG_MAX = 30_000, 100_000
TAIL_WORDS = 40_000  # made-up words of the long tail
TAIL_SHARE = 0.07  # share of word tokens drawn from the tail
TYPO_SHARE = 0.04  # share of sentences with one misspelt word
TOPIC_SHARE = 0.55  # share of sentences carrying one of the entry's topic words
TITLE_SUBTITLE_SHARE = 0.8  # share of template titles given words of their own
WELSH_SHARE = 0.1  # share of entries with a Welsh version
SEED_TOOLKIT = BENCH_DIR.parent / "seed" / "toolkit.yaml"

# --- the world the entries talk about ------------------------------------------------------

# Places, topics, keywords, names and organisations: data, in bench/world.yaml.
_WORLD: dict[str, Any] = yaml.safe_load((BENCH_DIR / "world.yaml").read_text(encoding="utf-8"))
LONDON_BOROUGHS: tuple[str, ...] = tuple(_WORLD["london_boroughs"])
UK_PLACES: dict[str, str] = _WORLD["uk_places"]  # place → its English region or nation
NATIONS: tuple[str, ...] = tuple(_WORLD["nations"])
INTERNATIONAL: dict[str, str] = _WORLD["international"]  # place → country
TOPICS: tuple[tuple[str, str], ...] = tuple((phrase, keyword) for phrase, keyword in _WORLD["topics"])
KEYWORDS: tuple[str, ...] = tuple(_WORLD["keywords"])
GROUPS: tuple[str, ...] = tuple(_WORLD["groups"])
PROGRAMME_NOUNS: tuple[str, ...] = tuple(_WORLD["programme_nouns"])
RESOURCE_NOUNS: tuple[str, ...] = tuple(_WORLD["resource_nouns"])
LESSONS: tuple[str, ...] = tuple(_WORLD["lessons"])
RESOURCE_TYPES: tuple[tuple[str, int], ...] = tuple(_WORLD["resource_types"].items())
CATEGORIES: tuple[str, ...] = tuple(_WORLD["categories"])
NETWORK_TYPES: tuple[tuple[str, int], ...] = tuple(_WORLD["network_types"].items())
FIRST_NAMES: tuple[str, ...] = tuple(_WORLD["first_names"])
SURNAMES: tuple[str, ...] = tuple(_WORLD["surnames"])
ORG_SUFFIXES: tuple[str, ...] = tuple(_WORLD["org_suffixes"])
NATIONAL_ORGS: tuple[str, ...] = tuple(_WORLD["national_orgs"])
UNIVERSITIES: tuple[str, ...] = tuple(_WORLD["universities"])
ROLES: tuple[str, ...] = tuple(_WORLD["roles"])
FUNDERS: tuple[str, ...] = tuple(_WORLD["funders"])
PRINCIPLES: tuple[str, ...] = tuple(_WORLD["principles"])
STOPWORDS: frozenset[str] = frozenset(_WORLD["stopwords"])


@dataclass(frozen=True)
class Vocabulary:
    """The words text is drawn from: `population[i]` with cumulative weight `cum[i]`."""

    real: tuple[str, ...]  # bench/vocabulary.txt, most frequent first
    tail: tuple[str, ...]  # made-up words, most frequent first
    population: tuple[str, ...]
    cum: tuple[float, ...]

    def words(self, rng: random.Random, k: int) -> list[str]:
        return rng.choices(self.population, cum_weights=self.cum, k=k)


def _zipf(n: int, shift: float, exponent: float = 1.0) -> list[float]:
    return [1.0 / (rank + shift) ** exponent for rank in range(1, n + 1)]


def _tail_words(count: int, taken: set[str]) -> list[str]:
    """Pronounceable made-up words (names, jargon, rare terms), the same on every run."""
    rng = random.Random("ckb-bench-tail")
    onsets = [
        "b",
        "br",
        "c",
        "ch",
        "cl",
        "d",
        "dr",
        "f",
        "fl",
        "g",
        "gr",
        "h",
        "j",
        "k",
        "l",
        "m",
        "n",
        "p",
        "pr",
        "r",
        "s",
        "sh",
        "sl",
        "st",
        "t",
        "th",
        "tr",
        "v",
        "w",
        "y",
        "z",
    ]
    vowels = ["a", "e", "i", "o", "u", "ai", "ea", "ee", "ie", "oa", "ou"]
    codas = ["", "", "", "n", "r", "l", "s", "th", "nd", "st", "m", "ck", "x"]
    out: list[str] = []
    seen = set(taken)
    while len(out) < count:
        word = "".join(rng.choice(onsets) + rng.choice(vowels) for _ in range(rng.choice((2, 2, 3, 3, 4))))
        word += rng.choice(codas)
        if word not in seen:
            seen.add(word)
            out.append(word)
    return out


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    real = tuple(
        line.strip()
        for line in (BENCH_DIR / "vocabulary.txt").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    )
    tail = tuple(_tail_words(TAIL_WORDS, set(real)))
    real_w = _zipf(len(real), 2.7)
    tail_w = _zipf(len(tail), 10.0)
    real_scale = (1 - TAIL_SHARE) / sum(real_w)
    tail_scale = TAIL_SHARE / sum(tail_w)
    cum = list(itertools.accumulate([w * real_scale for w in real_w] + [w * tail_scale for w in tail_w]))
    # Proper nouns of the vocabulary are written capitalised in the text.
    proper = {w.lower() for place in (*LONDON_BOROUGHS, *UK_PLACES, *NATIONS, *INTERNATIONAL) for w in place.split()}
    proper -= STOPWORDS
    shown = tuple(w.capitalize() if w in proper else w for w in real)
    return Vocabulary(real=real, tail=tail, population=shown + tail, cum=tuple(cum))


def typo(word: str, rng: random.Random) -> str:
    """The word with one letter dropped, doubled, swapped with the next or replaced."""
    i = rng.randrange(1, len(word) - 1)
    op = rng.randrange(4)
    if op == 0:
        out = word[:i] + word[i + 1 :]
    elif op == 1:
        out = word[:i] + word[i] + word[i:]
    elif op == 2 and word[i] != word[i + 1]:
        out = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    else:
        letter = rng.choice([c for c in "abcdefghijklmnoprstuvwy" if c != word[i]])
        out = word[:i] + letter + word[i + 1 :]
    return out


# --- text ----------------------------------------------------------------------------------


class Writer:
    """Sentences, paragraphs and bodies for one entry, around its topic words."""

    def __init__(self, rng: random.Random, topic_words: Sequence[str]) -> None:
        self.rng = rng
        self.vocab = vocabulary()
        self.topic_words = list(topic_words)

    def sentence(self, lo: int = 6, hi: int = 24) -> str:
        rng = self.rng
        words = self.vocab.words(rng, rng.randint(lo, hi))
        if self.topic_words and rng.random() < TOPIC_SHARE:
            words[rng.randrange(len(words))] = rng.choice(self.topic_words)
        if rng.random() < TYPO_SHARE:
            long = [i for i, w in enumerate(words) if len(w) >= 5 and w.isalpha()]
            if long:
                i = rng.choice(long)
                words[i] = typo(words[i], rng)
        if len(words) > 10 and rng.random() < 0.4:
            words[rng.randrange(3, len(words) - 3)] += ","
        first = words[0]
        words[0] = first[:1].upper() + first[1:]
        return " ".join(words) + ("?" if rng.random() < 0.03 else ".")

    def paragraph(self) -> str:
        return " ".join(self.sentence() for _ in range(self.rng.randint(2, 6)))

    def text(self, target_bytes: int, first: str = "") -> str:
        """Paragraphs until about target_bytes (the first one may be given: bodies often
        begin with their summary, as the seed entries do)."""
        parts = [first] if first else []
        size = len(first)
        while size < target_bytes:
            paragraph = self.paragraph()
            parts.append(paragraph)
            size += len(paragraph) + 2
        return "\n\n".join(parts)


def _body_size(rng: random.Random) -> int:
    if rng.random() < LONG_SHARE:
        return rng.randint(LONG_MIN, LONG_MAX)
    return int(math.exp(rng.uniform(math.log(BODY_MIN), math.log(BODY_MAX))))


def _year(rng: random.Random) -> int:
    """1990-2025, most entries from the last fifteen years."""
    return min(2025, max(1990, round(rng.triangular(1990, 2026, 2019))))


def _weighted(rng: random.Random, pairs: Sequence[tuple[str, int]]) -> str:
    values = [value for value, _ in pairs]
    return rng.choices(values, weights=[weight for _, weight in pairs])[0]


# Keywords with Zipf weights, so that keyword facets have a few large values and a long tail.
_KEYWORD_CUM = list(itertools.accumulate(_zipf(len(KEYWORDS), 3.0)))


def _keywords(rng: random.Random, topic_keyword: str) -> list[str]:
    out = [topic_keyword]
    for _ in range(rng.randint(1, 7)):
        keyword = KEYWORDS[bisect.bisect(_KEYWORD_CUM, rng.random() * _KEYWORD_CUM[-1])]
        if keyword.casefold() not in {k.casefold() for k in out}:
            out.append(keyword)
    return out


def _place(rng: random.Random) -> tuple[str | None, str | None]:
    """(place, region): a London borough, a UK place, a whole nation, abroad, or nowhere."""
    roll = rng.random()
    if roll < 0.40:
        return rng.choice(LONDON_BOROUGHS), "London"
    if roll < 0.75:
        place = rng.choice(tuple(UK_PLACES))
        region = UK_PLACES[place]
        if region not in ("Scotland", "Wales", "Northern Ireland") and rng.random() < 0.3:
            region = "England"
        return place, region
    if roll < 0.85:
        return None, rng.choice(NATIONS)
    if roll < 0.95:
        place = rng.choice(tuple(INTERNATIONAL))
        return place, INTERNATIONAL[place]
    return None, None


def _person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}"


def _organisation(rng: random.Random, place: str | None) -> str:
    roll = rng.random()
    if roll < 0.45 and place:
        return f"{place} {rng.choice(ORG_SUFFIXES)}"
    if roll < 0.8:
        return rng.choice(NATIONAL_ORGS)
    return rng.choice(UNIVERSITIES)


def _domain(name: str) -> str:
    return "".join(c for c in name.lower() if c.isalnum())[:24] or "example"


def _url(rng: random.Random, org: str, title: str) -> str:
    path = "-".join("".join(c for c in w.lower() if c.isalnum()) for w in title.split()[:6]).strip("-")
    return f"https://www.{_domain(org)}.org.uk/{path or 'page'}-{rng.randrange(1000)}"


def _topic(rng: random.Random) -> tuple[str, str, list[str]]:
    """(topic phrase, its keyword, the words its text leans on)."""
    phrase, keyword = rng.choice(TOPICS)
    words = list(dict.fromkeys(w for w in [*phrase.split(), *keyword.split()] if w not in STOPWORDS))
    return phrase, keyword, words


def _title_case(text: str) -> str:
    return text[:1].upper() + text[1:]


def _specific(title: str, writer: Writer, rng: random.Random, share: float) -> str:
    """Most real titles say something of their own; templates alone would repeat far more
    often than titles do (and a slug clash costs the app more than a new slug)."""
    if rng.random() >= share:
        return title
    extra = _extra_words(writer, rng)
    return f"{title} ({extra})" if ":" in title else f"{title}: {extra}"


def _extra_words(writer: Writer, rng: random.Random) -> str:
    """Two to four content words (no stopwords) from the vocabulary."""
    wanted = rng.randint(2, 4)
    words: list[str] = []
    while len(words) < wanted:
        words.extend(w for w in writer.vocab.words(rng, 8) if w.lower() not in STOPWORDS)
    return " ".join(words[:wanted])


# --- one entry of each kind ----------------------------------------------------------------


def project(rng: random.Random, index: int, *, project_type: str | None = None) -> dict[str, Any]:
    phrase, keyword, topic_words = _topic(rng)
    writer = Writer(rng, topic_words)
    place, region = _place(rng)
    where = place or region
    kind = project_type or ("case_study" if rng.random() < 0.8 else "research")
    group = rng.choice(GROUPS)
    templates = [
        f"{_title_case(phrase)} in {where}" if where else f"{_title_case(phrase)} with {group}",
        f"Co-producing {phrase} with {group}",
        f"{where or 'The'} {phrase} {rng.choice(PROGRAMME_NOUNS)}",
        f"{_title_case(phrase)}: {rng.choice(LESSONS)}",
        f"Working with {group} on {phrase}" + (f" in {where}" if where else ""),
        f"{_title_case(_extra_words(writer, rng))}: {phrase} {rng.choice(PROGRAMME_NOUNS)}",
    ]
    title = _specific(rng.choice(templates), writer, rng, TITLE_SUBTITLE_SHARE)
    summary = " ".join(writer.sentence(10, 26) for _ in range(rng.randint(1, 3)))
    start = _year(rng)
    end = None if rng.random() < 0.25 else min(2030, start + rng.randint(0, 6))
    contributors = []
    for _ in range(rng.randint(1, 4)):
        org = _organisation(rng, place)
        contributors.append({"name": _person(rng), "organisation": org, "role": rng.choice(ROLES)})
    organisations = list(dict.fromkeys([c["organisation"] for c in contributors] + [_organisation(rng, place)]))
    item: dict[str, Any] = {
        "external_id": f"bench-project-{index:06d}",
        "title": title,
        "project_type": kind,
        "start_year": start,
        "end_year": end,
        "place": place,
        "region": region,
        "contributors": contributors,
        "organisations": organisations,
        "publications": [
            {
                "title": f"{_title_case(phrase)}: {rng.choice(LESSONS)}",
                "url": None,
                "year": min(2025, start + rng.randint(0, 3)),
            }
            for _ in range(rng.choice((0, 0, 1, 1, 2)))
        ],
        "outcomes": " ".join(writer.sentence() for _ in range(rng.choice((0, 0, 1, 2, 3)))),
        "funding": f"Funded by {rng.choice(FUNDERS)}." if rng.random() < 0.35 else None,
        "summary": summary,
        "body": writer.text(_body_size(rng), first=summary if rng.random() < 0.6 else ""),
        "keywords": _keywords(rng, keyword),
        "links": [],
    }
    if rng.random() < 0.3:
        item["links"] = [{"url": _url(rng, organisations[0], title), "label": "Project website"}]
    return item


def resource(rng: random.Random, index: int) -> dict[str, Any]:
    phrase, keyword, topic_words = _topic(rng)
    writer = Writer(rng, topic_words)
    place, _region = _place(rng) if rng.random() < 0.35 else (None, None)
    noun = rng.choice(RESOURCE_NOUNS)
    templates = [
        f"{_title_case(phrase)} {noun}",
        f"A guide to {phrase}",
        f"{_title_case(phrase)} and {rng.choice(TOPICS)[0]}: {rng.choice(LESSONS)}",
        f"Co-production in {phrase}: {rng.choice(LESSONS)}",
        f"{_title_case(_extra_words(writer, rng))} {noun}",
        f"{_title_case(phrase)} in {place}" if place else f"The {phrase} {noun}",
    ]
    title = _specific(rng.choice(templates), writer, rng, TITLE_SUBTITLE_SHARE)
    publisher = _organisation(rng, place)
    summary = " ".join(writer.sentence(10, 26) for _ in range(rng.randint(1, 3)))
    return {
        "external_id": f"bench-resource-{index:06d}",
        "title": title,
        "type": _weighted(rng, RESOURCE_TYPES),
        "authors": [_person(rng) for _ in range(rng.choice((0, 0, 1, 1, 2, 3)))],
        "publisher": publisher,
        "year": _year(rng) if rng.random() < 0.9 else None,
        "url": _url(rng, publisher, title) if rng.random() < 0.6 else None,
        "category": rng.choice(CATEGORIES),
        "place": place,
        "summary": summary,
        "body": writer.text(_body_size(rng), first=summary if rng.random() < 0.6 else ""),
        "keywords": _keywords(rng, keyword),
        "links": [],
    }


def network(rng: random.Random, index: int) -> dict[str, Any]:
    phrase, keyword, topic_words = _topic(rng)
    writer = Writer(rng, topic_words)
    place, region = _place(rng)
    where = place or region or "National"
    network_type = _weighted(rng, NETWORK_TYPES)
    title = rng.choice(
        [
            f"{where} {phrase} {network_type}",
            f"{where} Co-production {rng.choice(('Network', 'Forum', 'Alliance', 'Partnership'))}",
            f"{_title_case(phrase)} {rng.choice(('Network', 'Forum', 'Alliance', 'Collective'))}",
        ]
    )
    title = _specific(title, writer, rng, TITLE_SUBTITLE_SHARE)
    organisation = _organisation(rng, place)
    summary = writer.sentence(10, 26)
    return {
        "external_id": f"bench-network-{index:06d}",
        "title": title,
        "organisation": organisation,
        "region": region,
        "url": _url(rng, organisation, title) if rng.random() < 0.8 else None,
        "network_type": network_type,
        "summary": summary,
        "body": writer.text(_body_size(rng), first=summary),
        "keywords": _keywords(rng, keyword),
        "links": [],
    }


def toolkit_section(rng: random.Random, index: int) -> dict[str, Any]:
    phrase, keyword, topic_words = _topic(rng)
    writer = Writer(rng, topic_words)
    title = rng.choice(
        [
            f"{rng.choice(PRINCIPLES)}: {phrase}",
            f"Step {rng.randint(1, 12)}: {_extra_words(writer, rng)}",
            f"{rng.choice(PRINCIPLES)} in {phrase}",
        ]
    )
    title = _specific(title, writer, rng, TITLE_SUBTITLE_SHARE)
    summary = writer.sentence(10, 26)
    return {
        "external_id": f"bench-section-{index:06d}",
        "title": title,
        "summary": summary,
        "body": writer.text(_body_size(rng), first=summary if rng.random() < 0.5 else ""),
        "keywords": _keywords(rng, keyword),
        "links": [],
    }


MAKERS = {"projects": project, "resources": resource, "networks": network, "toolkit-sections": toolkit_section}


def kind_counts(total: int) -> dict[str, int]:
    counts = {kind: int(total * share) for kind, share in KIND_SHARES.items()}
    counts["projects"] += total - sum(counts.values())
    return counts


def entries_of(kind: str, count: int, seed: int = 1) -> Iterator[dict[str, Any]]:
    """`count` entries of one kind; each kind has its own random stream (and its Welsh one)."""
    rng = random.Random(f"ckb-bench/{seed}/{kind}")
    welsh_rng = random.Random(f"ckb-bench-welsh/{seed}/{kind}")
    make = MAKERS[kind]
    for index in range(count):
        item = make(rng, index)
        if welsh_rng.random() < WELSH_SHARE:
            item["translations"] = {"cy": welsh_version(welsh_rng)}
        yield item


@dataclass(frozen=True)
class WelshText:
    titles: tuple[str, ...]
    sentences: tuple[str, ...]
    keywords: tuple[str, ...]


_SENTENCE_END = re.compile(r"(?<=[.!?:])\s+")


@lru_cache(maxsize=1)
def welsh_text() -> WelshText:
    """The Welsh of the seed's toolkit: its titles, sentences and keywords."""
    titles: list[str] = []
    sentences: list[str] = []
    keywords: list[str] = []

    def walk(sections: Sequence[dict[str, Any]]) -> None:
        for section in sections:
            welsh = (section.get("translations") or {}).get("cy") or {}
            if welsh.get("title"):
                titles.append(welsh["title"])
            for name in ("summary", "body"):
                for line in str(welsh.get(name) or "").splitlines():
                    line = line.strip().lstrip("-#*> ").strip()
                    sentences.extend(part for part in _SENTENCE_END.split(line) if len(part) > 20)
            keywords.extend(welsh.get("keywords") or [])
            walk(section.get("children") or [])

    walk(yaml.safe_load(SEED_TOOLKIT.read_text(encoding="utf-8")))
    return WelshText(tuple(titles), tuple(sentences), tuple(dict.fromkeys(keywords)))


def welsh_version(rng: random.Random) -> dict[str, Any]:
    """A Welsh title, summary, body and keywords, drawn from the seed's Welsh."""
    text = welsh_text()
    body_sentences = rng.sample(text.sentences, rng.randint(4, 20))
    return {
        "title": rng.choice(text.titles),
        "summary": " ".join(rng.sample(text.sentences, 2)),
        "body": "\n\n".join(" ".join(body_sentences[i : i + 4]) for i in range(0, len(body_sentences), 4)),
        "keywords": rng.sample(text.keywords, rng.randint(1, 4)),
    }


def entries(total: int, seed: int = 1) -> Iterator[tuple[str, dict[str, Any]]]:
    """`total` entries of the four kinds, (kind, item), kind by kind."""
    for kind, count in kind_counts(total).items():
        for item in entries_of(kind, count, seed):
            yield kind, item


def case_studies(count: int, seed: int = 1) -> Iterator[dict[str, Any]]:
    """Projects of type case_study, for the bulk-load benchmark."""
    rng = random.Random(f"ckb-bench/{seed}/case-studies")
    for index in range(count):
        yield project(rng, index, project_type="case_study")


# --- files ---------------------------------------------------------------------------------


def corpus_dir(total: int, seed: int, data_dir: Path = DATA_DIR) -> Path:
    return data_dir / f"{total}-s{seed}"


def write_corpus(total: int, seed: int = 1, data_dir: Path = DATA_DIR) -> Path:
    """Write <kind>.ndjson files and a manifest; returns their folder."""
    out = corpus_dir(total, seed, data_dir)
    out.mkdir(parents=True, exist_ok=True)
    counts = kind_counts(total)
    for kind, count in counts.items():
        tmp = out / f"{kind}.ndjson.tmp"
        with tmp.open("wb") as f:
            for item in entries_of(kind, count, seed):
                f.write(orjson.dumps(item))
                f.write(b"\n")
        tmp.replace(out / f"{kind}.ndjson")
    manifest = {"generator_version": GENERATOR_VERSION, "entries": total, "seed": seed, "counts": counts}
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return out


def load_corpus(total: int, seed: int = 1, data_dir: Path = DATA_DIR) -> dict[str, list[dict[str, Any]]]:
    """The corpus by kind, read from bench/data when written by this generator version,
    generated and written otherwise."""
    folder = corpus_dir(total, seed, data_dir)
    manifest_path = folder / "manifest.json"
    fresh = False
    if manifest_path.exists():
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        fresh = manifest.get("generator_version") == GENERATOR_VERSION
    if not fresh:
        write_corpus(total, seed, data_dir)
    out: dict[str, list[dict[str, Any]]] = {}
    for kind in KINDS:
        with (folder / f"{kind}.ndjson").open("rb") as f:
            out[kind] = [orjson.loads(line) for line in f]
    return out


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", type=int, default=10_000, help="how many entries in all (10000 or 100000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=DATA_DIR, help="data folder (default bench/data)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    folder = write_corpus(args.entries, args.seed, args.out)
    elapsed = time.perf_counter() - started
    for kind, count in kind_counts(args.entries).items():
        path = folder / f"{kind}.ndjson"
        print(f"{count:>7} {kind:<17} {path.stat().st_size / 1e6:8.1f} MB  {path}")
    print(f"generated {args.entries} entries in {elapsed:.1f} s")


if __name__ == "__main__":
    main()
