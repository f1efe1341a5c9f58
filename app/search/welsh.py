"""Welsh for search: its analysis, its initial mutations, and the bilingual glossary.

No search engine ships a Welsh stemmer, and Welsh words change their first letters after the
words before them (the initial mutations): "cyd-gynhyrchu" (co-production) is also written
"gyd-gynhyrchu" (soft), "nghyd-gynhyrchu" (nasal) and "chyd-gynhyrchu" (aspirate). Undoing
a mutation is ambiguous ("g-" may be a radical g- or a softened c-; "f-" comes from b- or
m-; a word starting with a vowel may have lost a g-), so a word stands for every radical
form it may come from (`radicals`): the index keeps those of each Welsh word in fields of
their own, and a query word is expanded the same way, so that a mutated and a radical form
meet on a radical they share. The exact form is searched as well, in the Welsh text fields,
weighted above the radicals (app/search/documents.py).

Pure functions over plain strings; the data (stop words, glossary) lives beside this module.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from itertools import product
from pathlib import Path

from tantivy import Filter, TextAnalyzer, TextAnalyzerBuilder, Tokenizer

WELSH = "ckb_cy"  # the Welsh text fields' analyzer: lowercase, accents folded, stop words out
MAX_TOKEN = 40
VOWELS = frozenset("aeiouwy")
_HERE = Path(__file__).parent


def fold(text: str) -> str:
    """Lowercase, Welsh accents folded (ŵ ŷ â ê î ô û ë ï → w y a e i o u e i)."""
    text = text.lower()
    if text.isascii():
        return text
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    lines = (_HERE / "stopwords_cy.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(fold(word) for line in lines if (word := line.split("#", 1)[0].strip()))


def analyzer() -> TextAnalyzer:
    return (
        TextAnalyzerBuilder(Tokenizer.simple())
        .filter(Filter.remove_long(MAX_TOKEN))
        .filter(Filter.lowercase())
        .filter(Filter.ascii_fold())
        .filter(Filter.custom_stopword(sorted(stop_words())))
        .build()
    )


ANALYZER = analyzer()


def terms(text: str) -> list[str]:
    """The index terms of a Welsh text (stop words left out)."""
    return list(ANALYZER.analyze(text))


# --- mutations -------------------------------------------------------------------------------

# What a word's first letters may be a mutation of, longest first; the first rule that fits
# applies. Soft: c→g, p→b, t→d, b→f, m→f, d→dd, ll→l, rh→r, g→(dropped); nasal: c→ngh, p→mh,
# t→nh, g→ng, b→m, d→n; aspirate: c→ch, p→ph, t→th. Undone: g→c, b→p, d→t, f→b/m, dd→d,
# l→ll/gl, r→rh/gr, ngh→c, mh→p, nh→t, ng→g, m→b, n→d, ch→c, ph→p, th→t. A digraph that is
# a radical of its own (ff, ll, rh) undoes nothing.
_UNDO: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("ngh", ("c",)),
    ("mh", ("p",)),
    ("nh", ("t",)),
    ("ng", ("g",)),
    ("ch", ("c",)),
    ("ph", ("p",)),
    ("th", ("t",)),
    ("dd", ("d",)),
    ("ff", ()),
    ("ll", ()),
    ("rh", ()),
    ("g", ("c",)),
    ("b", ("p",)),
    ("d", ("t",)),
    ("f", ("b", "m")),
    ("l", ("ll", "gl")),
    ("r", ("rh", "gr")),
    ("m", ("b",)),
    ("n", ("d",)),
)
MIN_MUTABLE = 2  # a single letter left by an apostrophe is not a word to mutate


def radicals(word: str) -> tuple[str, ...]:
    """Every form this (folded) word may be the mutation of, the word itself first: "gyd" →
    ("gyd", "cyd"); "nghaerdydd" → ("nghaerdydd", "caerdydd"); "wasanaeth" → ("wasanaeth",
    "gwasanaeth"); "hawdd" → ("hawdd", "awdd")."""
    if len(word) < MIN_MUTABLE or not word[0].isalpha():
        return (word,)
    out = [word]
    first = word[0]
    if first in VOWELS:
        out.append("g" + word)  # soft mutation drops a g-
    elif first == "h" and word[1] in VOWELS:
        out.append(word[1:])  # h- put before a vowel
    else:
        for prefix, undone in _UNDO:
            if word.startswith(prefix):
                out.extend(radical + word[len(prefix) :] for radical in undone)
                break
    return tuple(dict.fromkeys(out))


_SOFT = {"ll": "l", "rh": "r", "c": "g", "p": "b", "t": "d", "g": "", "b": "f", "d": "dd", "m": "f"}
_NASAL = {"c": "ngh", "p": "mh", "t": "nh", "g": "ng", "b": "m", "d": "n"}
_ASPIRATE = {"c": "ch", "p": "ph", "t": "th"}
_UNMUTATED = ("ch", "ph", "th", "dd", "ff", "ng")  # radicals whose first letter is not mutated


def mutations(radical: str) -> tuple[str, ...]:
    """The forms a radical takes after the words that mutate it, the radical first (used to
    mark mutated words in snippets): "cyd" → ("cyd", "gyd", "nghyd", "chyd")."""
    if len(radical) < MIN_MUTABLE:
        return (radical,)
    out = [radical]
    if radical[0] in VOWELS:
        out.append("h" + radical)
    elif not radical.startswith(_UNMUTATED):
        head = radical[:2] if radical[:2] in _SOFT else radical[:1]
        rest = radical[len(head) :]
        for table in (_SOFT, _NASAL, _ASPIRATE):
            if head in table and (table[head] or rest[:1] not in ("", "'")):
                out.append(table[head] + rest)
    return tuple(dict.fromkeys(w for w in out if len(w) >= MIN_MUTABLE))


def radical_terms(text: str) -> list[str]:
    """The radicals field of a Welsh text: each word's candidate radicals (its own form among
    them), and those of its hyphenated compounds joined ("gyd-gynhyrchu" → "gydgynhyrchu",
    "cydgynhyrchu"), as the query side joins them."""
    out: list[str] = []
    for term in terms(text):
        out.extend(radicals(term))
    for joined in compounds(text):
        out.extend(radicals(joined))
    return out


# --- compounds -------------------------------------------------------------------------------

_HYPHENATED = re.compile(r"\w+(?:[-\u2010\u2011]\w+)+")
JOINERS = re.compile(r"[-\u2010\u2011\u2012\u2013\u2014\u00ad_/]+")


def compounds(text: str) -> list[str]:
    """The hyphenated compounds of a Welsh text joined and folded ("Cyd-gynhyrchu" →
    "cydgynhyrchu"), as the English ones are (documents.compounds): a search for the joined
    word finds the hyphenated one, and the other way round."""
    if "-" not in text and "\u2010" not in text and "\u2011" not in text:
        return []
    return [fold(JOINERS.sub("", match)) for match in _HYPHENATED.findall(text)]


# --- the glossary ----------------------------------------------------------------------------

_APOSTROPHES = re.compile(r"['\u2019\u2018`]")


def normalise(text: str) -> str:
    """The comparable form of a Welsh word or phrase: folded, no apostrophes or hyphens."""
    text = JOINERS.sub("", _APOSTROPHES.sub("", fold(text)))
    return " ".join(text.split())


@dataclass(frozen=True)
class Glossary:
    english: dict[str, tuple[str, ...]]  # normalised Welsh term (radical) → its English terms
    longest: int  # most words in one Welsh term

    def lookup(self, words: list[str]) -> tuple[str, ...]:
        """The English for these Welsh words, mutated or not ("becyn cymorth" → toolkit)."""
        if len(words) > self.longest:
            return ()
        forms = [radicals(normalise(word)) for word in words]
        found: list[str] = []
        for combination in product(*forms):
            found.extend(self.english.get(" ".join(combination), ()))
        return tuple(dict.fromkeys(found))


def load_glossary(path: Path) -> Glossary:
    english: dict[str, list[str]] = {}
    longest = 1
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) < 2 or not parts[0].strip() or not parts[1].strip():
            continue
        welsh = normalise(parts[0])
        english.setdefault(welsh, [])
        if parts[1].strip() not in english[welsh]:
            english[welsh].append(parts[1].strip())
        longest = max(longest, len(welsh.split()))
    return Glossary({k: tuple(v) for k, v in english.items()}, longest)


@lru_cache(maxsize=1)
def default_glossary() -> Glossary:
    return load_glossary(_HERE / "glossary.tsv")
