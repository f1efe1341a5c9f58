"""How text becomes terms, for indexing and for queries alike.

Tantivy analyses indexed text (tokenize, lowercase, fold accents, English stemming). What
its Python bindings cannot do (no synonym filter), we do in the query: each query word is
expanded into the alternatives it should match:
- hyphenation: "co-production" ↔ "coproduction" ↔ "co production" (the index has "co" +
  "production" for the hyphenated and spaced forms, "coproduction" for the joined one);
- synonyms from synonyms.txt: "PB" ↔ "participatory budgeting", and word families that
  stemming alone does not join ("co-production" ↔ "co-produce").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from tantivy import Filter, TextAnalyzer, TextAnalyzerBuilder, Tokenizer

STEMMED = "ckb"  # full-text fields
FOLDED = "ckb_prefix"  # the title and keywords for search-as-you-type: no stemming
MAX_TOKEN = 40


def _builder() -> TextAnalyzerBuilder:
    return (
        TextAnalyzerBuilder(Tokenizer.simple())
        .filter(Filter.remove_long(MAX_TOKEN))
        .filter(Filter.lowercase())
        .filter(Filter.ascii_fold())
    )


def stemmed_analyzer() -> TextAnalyzer:
    return _builder().filter(Filter.stemmer("english")).build()


def folded_analyzer() -> TextAnalyzer:
    return _builder().build()


STEM = stemmed_analyzer()
FOLD = folded_analyzer()

# Hyphens and dashes people put inside compound words.
_JOINERS = re.compile(r"[-\u2010\u2011\u2012\u2013\u2014\u00ad_/]+")
_APOSTROPHES = re.compile(r"['\u2019\u2018`]")


def stems(text: str) -> list[str]:
    return list(STEM.analyze(text))


def folds(text: str) -> list[str]:
    return list(FOLD.analyze(text))


@dataclass(frozen=True)
class Alternative:
    """One way a query unit may match: a single term, or a phrase of terms."""

    terms: tuple[str, ...]


def word_alternatives(word: str) -> set[Alternative]:
    """The ways a single query word (possibly hyphenated) may appear in the index."""
    out: set[Alternative] = set()
    parts = stems(word)
    if parts:
        out.add(Alternative(tuple(parts)))
    if _JOINERS.search(word):
        joined = stems(_JOINERS.sub("", word))
        if joined:
            out.add(Alternative(tuple(joined)))
    lowered = word.lower()
    # "coproduction" also as "co production" / "co-production".
    if lowered.startswith("co") and len(lowered) > 5 and lowered[2:3].isalpha() and not _JOINERS.search(word):
        rest = stems(word[2:])
        if rest:
            out.add(Alternative(("co", *rest)))
    return out


def phrase_alternatives(text: str) -> set[Alternative]:
    """A multi-word phrase: its words in order; hyphenated words inside stay parted."""
    terms = stems(text)
    return {Alternative(tuple(terms))} if terms else set()


def normalise(text: str) -> str:
    """The comparable form of a word or phrase, for looking up synonyms."""
    text = _APOSTROPHES.sub("", text.lower())
    text = _JOINERS.sub("", text)
    return " ".join(text.split())


@dataclass(frozen=True)
class Synonyms:
    groups: tuple[tuple[str, ...], ...]
    index: dict[str, int]  # normalised member → group number
    longest: int  # most words in one member

    def group_of(self, words: list[str]) -> tuple[str, ...] | None:
        number = self.index.get(normalise(" ".join(words)))
        return None if number is None else self.groups[number]


def load_synonyms(path: Path) -> Synonyms:
    groups: list[tuple[str, ...]] = []
    index: dict[str, int] = {}
    longest = 1
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        members = tuple(m.strip() for m in line.split(",") if m.strip())
        if len(members) < 2:
            continue
        number = len(groups)
        groups.append(members)
        for member in members:
            index.setdefault(normalise(member), number)
            # "co production" spelt with a space must find the group of "co-production" too.
            index.setdefault(normalise(member.replace("-", " ")), number)
            longest = max(longest, len(member.replace("-", " ").split()))
    return Synonyms(tuple(groups), index, longest)


@lru_cache(maxsize=1)
def default_synonyms() -> Synonyms:
    return load_synonyms(Path(__file__).with_name("synonyms.txt"))


def member_alternatives(member: str) -> set[Alternative]:
    """A synonym group member as query alternatives (single word or phrase)."""
    words = member.split()
    if len(words) == 1:
        return word_alternatives(member)
    out = phrase_alternatives(member)
    joined = stems(_JOINERS.sub("", "".join(words)))
    if joined and len(words) == 2:
        out.add(Alternative(tuple(joined)))  # "time banking" also as "timebanking"
    return out
