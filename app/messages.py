"""The message catalogues kept with Babel: what the code says, found in it (extraction), and
each language's .po file brought up to date with it. `python -m app messages` updates them;
`python -m app messages --check` (and tests/test_i18n.py) fails on any message that is not
translated into every language, or translated but no longer in the code.

Two domains: `messages`, what the server says (Python: `_()`, `N_()`, `ngettext()`; the
templates: `{% trans %}` and `_()`), and `frontend`, what the browser shows (the scripts'
`t()` calls). English is the source language: its catalogue is the code itself.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from app.i18n import DEFAULT, LANGUAGES, LOCALE_DIR

ROOT = Path(__file__).resolve().parent.parent
JINJA_OPTIONS = {
    "extensions": "jinja2.ext.i18n",
    "block_start_string": "<!--%",
    "block_end_string": "%-->",
    "trimmed": "true",
}
# (directory, method map, options, keywords) per domain.
SOURCES: dict[str, list[tuple[Path, list[tuple[str, str]], dict[str, dict[str, Any]], dict[str, Any]]]] = {
    "messages": [
        (
            ROOT / "app",
            [("**.py", "python"), ("templates/**.html", "jinja2")],
            {"templates/**.html": JINJA_OPTIONS},
            {"_": None, "N_": None, "gettext": None, "ngettext": (1, 2)},
        ),
        (
            ROOT / "frontend",
            [("index.html", "jinja2")],
            {"index.html": JINJA_OPTIONS},
            # {% trans %} blocks are gettext calls to the extractor.
            {"_": None, "gettext": None, "ngettext": (1, 2)},
        ),
    ],
    "frontend": [
        (
            ROOT / "frontend",
            [("js/**.js", "javascript"), ("widget.js", "javascript")],
            {},
            {"t": None, "tn": (1, 2), "tf": None},
        ),
    ],
}


def extract(domain: str) -> Catalog:
    """Every message the code of a domain says, with where it says it."""
    catalog = Catalog(domain=domain, project="Co-production Knowledge Base", charset="utf-8")
    for directory, methods, options, keywords in SOURCES[domain]:
        for filename, lineno, message, comments, _context in extract_from_dir(
            str(directory), method_map=methods, options_map=options, keywords=keywords, comment_tags=("Translators:",)
        ):
            location = (str((directory / filename).relative_to(ROOT)), lineno)
            catalog.add(message, locations=[location], auto_comments=comments)
    return catalog


def po_path(language: str, domain: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{domain}.po"


def translated_languages() -> Iterator[str]:
    return (language for language in LANGUAGES if language != DEFAULT)


def update() -> list[str]:
    """Bring every language's catalogues up to date with the code (new messages added
    untranslated, gone ones dropped); returns the files written."""
    written = []
    for domain in SOURCES:
        template = extract(domain)
        for language in translated_languages():
            path = po_path(language, domain)
            if path.exists():
                with path.open("rb") as po:
                    catalog = read_po(po, locale=language, domain=domain)
            else:
                catalog = Catalog(locale=language, domain=domain, project=template.project, charset="utf-8")
            catalog.update(template, no_fuzzy_matching=True)
            catalog.obsolete.clear()
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("wb") as po:
                write_po(po, catalog, width=100, sort_output=True, omit_header=False)
            written.append(str(path.relative_to(ROOT)))
    return written


@dataclass
class Gaps:
    missing: dict[str, list[str]] = field(default_factory=dict)  # "cy/frontend" → messages untranslated
    stale: dict[str, list[str]] = field(default_factory=dict)  # translated, no longer in the code

    def __bool__(self) -> bool:
        return any(self.missing.values()) or any(self.stale.values())


def check() -> Gaps:
    """Every message of the code translated into every language, and nothing else."""
    gaps = Gaps()
    for domain in SOURCES:
        wanted = {str(m.id) if isinstance(m.id, str) else str(m.id[0]) for m in extract(domain) if m.id}
        for language in translated_languages():
            path = po_path(language, domain)
            have: dict[str, str] = {}
            if path.exists():
                with path.open("rb") as po:
                    for message in read_po(po, locale=language, domain=domain):
                        if not message.id:
                            continue
                        key = message.id if isinstance(message.id, str) else message.id[0]
                        text = message.string if isinstance(message.string, str) else (message.string or [""])[0]
                        have[str(key)] = "" if message.fuzzy else str(text or "")
            name = f"{language}/{domain}"
            gaps.missing[name] = sorted(m for m in wanted if not have.get(m))
            gaps.stale[name] = sorted(m for m in have if m not in wanted)
    return gaps
