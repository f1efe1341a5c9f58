"""The quick checks of write fields say what the plain ones say."""

from hypothesis import given, settings
from hypothesis import strategies as st

from app.models.fields import _BIDI_CONTROLS, _CONTROL, _PLAIN_LINE, _clean_line, _has_control

TEXT = st.text(alphabet=st.characters(max_codepoint=0x3000), max_size=40)


@settings(max_examples=500, deadline=None)
@given(TEXT)
def test_control_characters_are_found_as_the_pattern_finds_them(value: str) -> None:
    assert _has_control(value) == bool(_CONTROL.search(value))


@settings(max_examples=500, deadline=None)
@given(TEXT)
def test_a_plain_line_needs_no_cleaning(value: str) -> None:
    if _PLAIN_LINE.fullmatch(value) and "  " not in value:
        assert " ".join(value.split()) == value
        assert not _has_control(value)
    if "\x00" not in value and not _BIDI_CONTROLS.search(value):  # refused
        assert _clean_line(_clean_line(value)) == _clean_line(value)
