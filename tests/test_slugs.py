"""The quick path for plain titles gives exactly what python-slugify gives."""

from hypothesis import given, settings
from hypothesis import strategies as st
from slugify import slugify

from app.services.slugs import MAX_SLUG, _plain_slug, base_slug

TITLES = [
    "Co-production in health: what works?",
    "It's our service -- and yours",
    "Budget of 1,000,000 pounds, 2,5 years",
    "  Leading and trailing  ",
    "A/B testing (with users) & carers",
    "Café culture",
    "!!!",
    "x" * 120,
    "word " * 30,
]


def _reference(title: str) -> str:
    return slugify(title, max_length=MAX_SLUG, word_boundary=True, save_order=True)


def test_known_titles_agree() -> None:
    for title in TITLES:
        quick = _plain_slug(title)
        if quick is not None:
            assert quick == _reference(title), title
    assert _plain_slug("Café culture") is None  # not ASCII: slugify transliterates
    assert _plain_slug("A/B testing (with users) & carers") is None  # may hold an entity
    assert _plain_slug("x" * 120) is None  # long: slugify truncates at a word boundary
    assert base_slug("1,000", "project") == "project-1000"


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=127), max_size=120))
def test_any_ascii_title_agrees(title: str) -> None:
    quick = _plain_slug(title)
    if quick is not None:
        assert quick == _reference(title)
