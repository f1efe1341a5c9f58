"""The seeded self-evaluation framework (seed/frameworks.yaml) as content: every text in English
and Welsh, keys unique and well formed, a five-level ascending scale, each principle resting on a
toolkit principle, three first-person statements per principle, and every related entry one
that the seed holds. Each failure names the framework, principle or statement at fault."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from app.seed import read_seed
from tests.conftest import SEED_DIR

SEED = read_seed(Path(SEED_DIR))
IDS = {(kind, entry["external_id"]) for kind, entries in SEED.items() for entry in entries}
FRAMEWORKS: list[dict[str, Any]] = yaml.safe_load((Path(SEED_DIR) / "frameworks.yaml").read_text(encoding="utf-8"))
KEY = re.compile(r"^[a-z0-9-]+$")
LANGUAGES = {"en", "cy"}


def _texts(framework: dict[str, Any]) -> list[tuple[str, Any]]:
    found = [(f"{framework['slug']}.{name}", framework[name]) for name in ("title", "summary", "not_applicable")]
    for level in framework["scale"]:
        found += [(f"scale {level['level']}.{name}", level[name]) for name in ("label", "description")]
    for principle in framework["principles"]:
        found += [(f"{principle['key']}.{name}", principle[name]) for name in ("title", "summary")]
        for statement in principle["statements"]:
            found += [(f"{statement['key']}.{name}", statement[name]) for name in ("text", "help", "advice")]
    return found


def test_the_seed_holds_the_toolkit_framework() -> None:
    assert [framework["slug"] for framework in FRAMEWORKS] == ["co-production-self-evaluation"]


def test_every_text_is_in_english_and_welsh_without_addresses() -> None:
    problems = []
    for framework in FRAMEWORKS:
        for where, value in _texts(framework):
            if not isinstance(value, dict) or set(value) != LANGUAGES:
                problems.append(f"{where}: needs exactly en and cy")
            elif not all(isinstance(text, str) and text.strip() for text in value.values()):
                problems.append(f"{where}: empty text")
            elif any(re.search(r"https?://|www\.", text) for text in value.values()):
                problems.append(f"{where}: a web address")
    assert not problems, "\n".join(problems)


def test_keys_are_well_formed_and_unique() -> None:
    seen: dict[str, str] = {}
    problems = []
    for framework in FRAMEWORKS:
        keys = [("framework", framework["slug"])]
        for principle in framework["principles"]:
            keys.append(("principle", principle["key"]))
            keys += [("statement", statement["key"]) for statement in principle["statements"]]
        for what, key in keys:
            if not KEY.match(key):
                problems.append(f"{what} {key!r}: not [a-z0-9-]+")
            if key in seen:
                problems.append(f"{what} {key}: also a {seen[key]}")
            seen[key] = what
    assert not problems, "\n".join(problems)


def test_the_scale_has_five_ascending_levels() -> None:
    for framework in FRAMEWORKS:
        assert [level["level"] for level in framework["scale"]] == [1, 2, 3, 4, 5], framework["slug"]


def test_principles_rest_on_the_toolkit_principles() -> None:
    for framework in FRAMEWORKS:
        sections = [principle["section"] for principle in framework["principles"]]
        assert len(sections) == 8 and len(set(sections)) == 8, framework["slug"]
        missing = [s for s in sections if ("toolkit-sections", s) not in IDS or not s.startswith("tk-principles-")]
        assert not missing, f"{framework['slug']}: not toolkit principles: {missing}"


def test_each_principle_has_three_first_person_statements() -> None:
    problems = []
    for framework in FRAMEWORKS:
        for principle in framework["principles"]:
            statements = principle["statements"]
            if len(statements) != 3:
                problems.append(f"{principle['key']}: {len(statements)} statements")
            for statement in statements:
                if not re.match(r"(We|Our) ", statement["text"]["en"]):
                    problems.append(f"{statement['key']}: English text not in the first person plural")
                if not re.match(r"(Rydym|Mae ein) ", statement["text"]["cy"]):
                    problems.append(f"{statement['key']}: Welsh text not in the first person plural")
    assert not problems, "\n".join(problems)


def test_every_related_entry_exists_in_the_seed() -> None:
    problems = []
    for framework in FRAMEWORKS:
        for principle in framework["principles"]:
            for statement in principle["statements"]:
                related = [(ref["kind"], ref["external_id"]) for ref in statement["related"]]
                if not 2 <= len(related) <= 4:
                    problems.append(f"{statement['key']}: {len(related)} related entries, not 2 to 4")
                if len(set(related)) != len(related):
                    problems.append(f"{statement['key']}: an entry related twice")
                problems += [
                    f"{statement['key']}: no entry {kind}/{ext}" for kind, ext in related if (kind, ext) not in IDS
                ]
    assert not problems, "\n".join(problems)
