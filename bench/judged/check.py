"""Check the judged sets: valid YAML/NDJSON, known external_ids, allowed styles (and forms).

Run from the repository root: python3 bench/judged/check.py
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
STYLES = {"question", "keyword", "mixed", "nonsense", "off_topic"}


def seed_ids() -> set[str]:
    ids: set[str] = set()

    def walk(items: list[dict]) -> None:
        for item in items:
            ids.add(item["external_id"])
            walk(item.get("children") or [])

    for name in ("resources", "projects", "networks", "toolkit"):
        walk(yaml.safe_load((ROOT / "seed" / f"{name}.yaml").read_text(encoding="utf-8")))
    return ids


def check_questions(path: Path, known: set[str]) -> list[str]:
    errors: list[str] = []
    items = yaml.safe_load(path.read_text(encoding="utf-8"))
    seen: set[str] = set()
    styles: Counter[str] = Counter()
    for i, item in enumerate(items):
        where = f"{path.name}[{i}] {item.get('q')!r}"
        if set(item) - {"q", "answers", "style", "note", "form"} or not {"q", "answers", "style"} <= set(item):
            errors.append(f"{where}: keys {sorted(item)}")
        if item.get("form", "radical") not in {"radical", "mutated"}:
            errors.append(f"{where}: form {item.get('form')!r}")
        if item["q"].casefold() in seen:
            errors.append(f"{where}: duplicate question")
        seen.add(item["q"].casefold())
        style = item.get("style")
        styles[style] += 1
        if style not in STYLES:
            errors.append(f"{where}: style {style!r}")
        answers = item.get("answers") or []
        if len(answers) != len(set(answers)):
            errors.append(f"{where}: repeated answer")
        if (style in {"nonsense", "off_topic"}) != (not answers):
            errors.append(f"{where}: empty answers go with nonsense/off_topic only")
        for a in answers:
            if a not in known:
                errors.append(f"{where}: unknown external_id {a}")
    print(f"{path.name}: {len(items)} questions, {dict(styles)}")
    return errors


def corpus_ids(path: Path) -> tuple[set[str], list[str]]:
    ids: set[str] = set()
    errors: list[str] = []
    if not path.exists():
        return ids, errors
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        item = json.loads(line)
        if item["external_id"] in ids:
            errors.append(f"corpus line {n}: duplicate id")
        ids.add(item["external_id"])
        words = len(item["body"].split())
        if not 80 <= words <= 400:
            errors.append(f"corpus {item['external_id']}: body of {words} words")
    print(f"{path.name}: {len(ids)} case studies")
    return ids, errors


def main() -> int:
    errors = check_questions(HERE / "seed_questions.yaml", seed_ids())
    errors += check_questions(HERE / "welsh_questions.yaml", seed_ids())
    ids, more = corpus_ids(HERE / "corpus.ndjson")
    errors += more
    if (HERE / "corpus_questions.yaml").exists():
        errors += check_questions(HERE / "corpus_questions.yaml", ids)
    for e in errors:
        print(e)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
