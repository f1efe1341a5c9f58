"""compounds() finds what its two patterns find, however it gets there."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from app.search.documents import compounds

HYPHENATED = re.compile(r"\w+(?:[-\u2010\u2011]\w+)+")
CO_SPACED = re.compile(r"\bco\s+[^\W\d_]\w*", re.IGNORECASE)
JOINER = re.compile(r"[-\u2010\u2011\s]+")


def reference(text: str) -> str:
    found = HYPHENATED.findall(text) + CO_SPACED.findall(text)
    return " ".join(JOINER.sub("", word) for word in found)


def test_examples() -> None:
    text = "Co-production (co-design), well\u2010being; a--b -x x- co production, Co\n design, taco x, co 2"
    assert compounds(text) == "Coproduction codesign wellbeing coproduction Codesign"
    assert compounds("İstanbul co op and CO-OP") == "COOP coop"  # lowercasing changes its length
    assert compounds("snake_co design, disco dancing, 2co x") == ""  # "co" inside a word


# Text made of the characters that matter here, so that hyphens and "co"s are frequent.
PIECES = st.sampled_from(
    ["co", "Co", "CO", " ", "\n", "\t", "-", "\u2010", "\u2011", "a", "é", "_", "1", "İ", ",", "x"]
)


@settings(max_examples=1000, deadline=None)
@given(st.lists(PIECES, max_size=40).map("".join))
def test_same_as_the_patterns(text: str) -> None:
    assert compounds(text) == reference(text)
