"""Every string the frontend shows goes through t()/tn()/tf() (frontend/js/i18n.js), so that
`python -m app messages` finds it and the Welsh catalogue has it: the scripts are scanned for
string literals in the places text is shown (textContent, the children of h() and fill(),
the labels, hints and messages of fields, ARIA labels) that are not wrapped in a t() call."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

FRONTEND = Path(__file__).resolve().parent.parent / "frontend"

LITERAL = r"""(?:'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\.)*`)"""
SHOWN = [
    # $el.textContent = 'Words'
    re.compile(rf"\.textContent\s*=\s*(?P<s>{LITERAL})"),
    # A field's or a status's words: { label: 'Words', hint: … }
    re.compile(
        rf"\b(?:label|hint|missing|invalid|noun|legend|addLabel|itemName|itemsName|tag|text|detail)\s*:\s*(?P<s>{LITERAL})"
    ),
    # h('p', {}, 'Words') and h('p', { class: 'x' }, 'Words', …): a child after the attributes
    re.compile(rf"\bh\(\s*'[a-z0-9]+'\s*,\s*\{{[^{{}}]*\}}\s*,\s*(?P<s>{LITERAL})"),
    # fill($el, 'Words', …)
    re.compile(rf"\bfill\(\s*[$\w.]+\s*,\s*(?P<s>{LITERAL})"),
    # $el.setAttribute('aria-label', 'Words')
    re.compile(rf"setAttribute\(\s*'(?:aria-label|title|placeholder|alt)'\s*,\s*(?P<s>{LITERAL})"),
    # new Error('…') is for developers, not shown; throw messages are left out on purpose.
]
WORDS = re.compile(r"[A-Za-z]{2}")


def scripts() -> list[Path]:
    return [*sorted(FRONTEND.glob("js/**/*.js")), FRONTEND / "widget.js"]


def words_in(literal: str) -> bool:
    """Whether a literal holds words of its own (not only `${values}` and punctuation)."""
    body = re.sub(r"\$\{[^}]*\}", "", literal[1:-1])
    return bool(WORDS.search(body))


def untranslated(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"/\*.*?\*/", lambda m: "\n" * m.group(0).count("\n"), text, flags=re.DOTALL)
    text = re.sub(r"(?m)^\s*//.*$", "", text)
    found = []
    for pattern in SHOWN:
        for match in pattern.finditer(text):
            if words_in(match.group("s")):
                line = text.count("\n", 0, match.start()) + 1
                found.append(f"{path.relative_to(FRONTEND)}:{line}: {match.group('s')[:80]}")
    return found


def test_the_scan_finds_words_outside_t():
    """The scan itself: what it must find, and what it must leave."""
    sample = FRONTEND / "js" / "__sample__.js"
    cases = {
        "$status.textContent = 'Loading…'": True,
        "$status.textContent = `${count} found`": True,
        "$status.textContent = t('Loading…')": False,
        "const f = { name: 'title', label: 'Title', type: 'text' }": True,
        "const f = { name: 'title', label: t('Title'), type: 'text' }": False,
        "h('p', { class: 'lead' }, 'Tell us about it')": True,
        "h('p', {}, t('Tell us about it'))": False,
        "h('span', { class: 'meta' }, ` – ${kindLabel(r.kind)}`)": False,
        "fill($main, 'Words')": True,
        "$list.setAttribute('aria-label', 'Suggestions')": True,
    }
    try:
        for code, expected in cases.items():
            sample.write_text(code + "\n", encoding="utf-8")
            assert bool(untranslated(sample)) is expected, code
    finally:
        sample.unlink(missing_ok=True)


@pytest.mark.parametrize("path", scripts(), ids=lambda p: str(p.relative_to(FRONTEND)))
def test_every_shown_string_goes_through_t(path):
    assert untranslated(path) == [], "shown without t() (frontend/js/i18n.js):\n" + "\n".join(untranslated(path))
