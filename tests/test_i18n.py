"""Welsh and English: the request's language, and catalogues that leave nothing untranslated."""

from __future__ import annotations

import pytest

from app import i18n, messages


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("cy", "cy"),
        ("cy-GB,cy;q=0.9,en-GB;q=0.8", "cy"),
        ("en-GB,en;q=0.9,cy;q=0.8", "en"),
        ("fr-FR, cy;q=0.5", "cy"),
        ("en;q=0.4, cy;q=0.6", "cy"),
        ("cy;q=0", None),
        ("de, fr", None),
        ("", None),
        ("*", None),
    ],
)
def test_accept_language(header, expected):
    assert i18n.from_accept_language(header) == expected


def test_every_message_of_the_code_is_translated_into_every_language():
    """The test that fails on any string missing in either language: the code's messages
    (extracted as `python -m app messages` extracts them) against each .po file."""
    gaps = messages.check()
    missing = {name: found for name, found in gaps.missing.items() if found}
    stale = {name: found for name, found in gaps.stale.items() if found}
    assert not missing, f"untranslated (run python -m app messages, then translate): {missing}"
    assert not stale, f"translated but no longer in the code (run python -m app messages): {stale}"


def test_the_catalogues_compile_and_answer_in_welsh():
    i18n.translations.cache_clear()
    for domain in messages.SOURCES:
        assert i18n.translations("cy", domain) is not None
