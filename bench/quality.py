"""Search quality on judged questions, per search mode: success@5, MRR@10 and how often a
question gets no result at all.

    python -m bench.quality [--judged bench/judged]

Two sets, each in an empty database of its own, searched in-process through the same
function the API calls (`app.search.service.search`):
 - the seed (seed/*.yaml, loaded as `python -m app seed` does) and
   `seed_questions.yaml`, and over the same seed the Welsh queries of `welsh_questions.yaml`
   (the toolkit is in Welsh too; mutated forms; English-only entries through the glossary),
   reported beside the English;
 - the corpus of case studies (`corpus.ndjson`, sent through the bulk upsert the bulk API
   uses) and `corpus_questions.yaml`, when they exist.
A question is a `q`, the external_ids that answer it (`answers`) and a `style`; questions
with no answers (off-topic, nonsense) count towards "quiet": the share that rightly got
nothing by meaning (no hit found only by meaning) and nothing at all.

Modes: keyword, semantic, hybrid (as served), and hybrid with reciprocal rank fusion
(k=60) instead of the weighted fusion, to compare the two. Figures are printed and written
to bench/results/quality-<time>.json.
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import select

from app.cli import migrate_to_head
from app.config import REPO_ROOT, Settings
from app.db import Database
from app.kinds import KINDS
from app.search.index import SearchIndex
from app.search.service import Filters, Fusion, SearchMode, search
from app.search.vectors import VectorStore
from app.seed import load as load_seed
from app.services import bulk, keys, writes
from app.services.access import Caller
from bench import report

DEFAULT_JUDGED = REPO_ROOT / "bench" / "judged"
VARIANTS: dict[str, tuple[SearchMode, Fusion]] = {
    "keyword": ("keyword", "weighted"),
    "semantic": ("semantic", "weighted"),
    "hybrid": ("hybrid", "weighted"),
    "hybrid (rrf)": ("hybrid", "rrf"),
}


def build(work: Path, fill: Callable[[Database], object]) -> tuple[Database, SearchIndex, VectorStore]:
    settings = Settings(database_url=f"sqlite:///{work / 'ckb.sqlite3'}", index_dir=work / "index")
    migrate_to_head(settings)
    db = Database(settings)
    fill(db)
    index, vectors = SearchIndex(settings.resolved_index_dir), VectorStore(settings.resolved_index_dir)
    with db.reading() as session:
        index.rebuild(session)
        vectors.rebuild(session)
    index.release_writer()
    vectors.release_writer()
    return db, index, vectors


def fill_corpus(path: Path) -> Callable[[Database], object]:
    def fill(db: Database) -> None:
        items = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        with db.reading() as session:
            caller = writes.author_of(session, Caller(role="admin", partner_id=keys.house_partner_id(session)))
        with db.writing() as session:
            results = bulk.upsert(session, KINDS["projects"], caller, items)
        refused = [r for r in results if r.status == "error"]
        if refused:
            raise RuntimeError(f"{len(refused)} corpus items refused, e.g. {refused[0]}")

    return fill


def external_ids(db: Database) -> dict[tuple[str, int], str]:
    out: dict[tuple[str, int], str] = {}
    with db.reading() as session:
        for kind in KINDS.values():
            table = kind.table.__table__  # type: ignore[attr-defined]
            for entry_id, external_id in session.execute(select(table.c.id, table.c.external_id)):
                if external_id:
                    out[(kind.name, entry_id)] = external_id
    return out


def evaluate(
    db: Database, index: SearchIndex, vectors: VectorStore, questions: Sequence[dict[str, Any]]
) -> dict[str, Any]:
    names = external_ids(db)
    out: dict[str, Any] = {}
    for variant, (mode, fusion) in VARIANTS.items():
        answered: list[dict[str, Any]] = []
        quiet: list[dict[str, Any]] = []
        for item in questions:
            results = search(
                index, item["q"], Filters(), limit=10, facets=False, mode=mode, vectors=vectors, fusion=fusion
            )
            found = [names.get((h.kind, h.id), "") for h in results.hits]
            if not item["answers"]:
                by_meaning = [h for h in results.hits if h.matched == ["meaning"]]
                quiet.append({"q": item["q"], "total": results.total, "by_meaning_only": len(by_meaning)})
                continue
            wanted = set(item["answers"])
            rank = next((i + 1 for i, name in enumerate(found) if name in wanted), None)
            answered.append(
                {
                    "q": item["q"],
                    "style": item.get("style"),
                    "form": item.get("form"),
                    "rank": rank,
                    "total": results.total,
                    "top": found[:5],
                }
            )
        n = len(answered) or 1
        out[variant] = {
            "questions": len(answered),
            "success_at_5": round(sum(1 for a in answered if a["rank"] and a["rank"] <= 5) / n, 3),
            "mrr_at_10": round(sum(1 / a["rank"] for a in answered if a["rank"]) / n, 3),
            "no_result_share": round(sum(1 for a in answered if a["total"] == 0) / n, 3),
            "by_style": _by_style(answered),
            "by_form": _by_style(answered, "form") if any(a["form"] for a in answered) else {},
            "quiet_questions": len(quiet),
            "quiet_with_nothing": sum(1 for q in quiet if q["total"] == 0),
            "quiet_with_nothing_by_meaning": sum(1 for q in quiet if q["by_meaning_only"] == 0),
            "answers": answered,
            "quiet": quiet,
        }
    return out


def _by_style(answered: Sequence[dict[str, Any]], key: str = "style") -> dict[str, dict[str, float]]:
    styles: dict[str, list[dict[str, Any]]] = {}
    for a in answered:
        styles.setdefault(str(a[key]), []).append(a)
    return {
        style: {
            "n": len(items),
            "success_at_5": round(sum(1 for a in items if a["rank"] and a["rank"] <= 5) / len(items), 3),
        }
        for style, items in styles.items()
    }


def print_table(title: str, figures: dict[str, Any]) -> None:
    rows = []
    for variant, f in figures.items():
        styles = ", ".join(
            f"{s} {v['success_at_5']:.2f} ({v['n']})" for s, v in sorted({**f["by_style"], **f["by_form"]}.items())
        )
        rows.append(
            [
                variant,
                f["questions"],
                f"{f['success_at_5']:.3f}",
                f"{f['mrr_at_10']:.3f}",
                f"{f['no_result_share']:.3f}",
                f"{f['quiet_with_nothing']}/{f['quiet_questions']}"
                f" ({f['quiet_with_nothing_by_meaning']} none by meaning)",
                styles,
            ]
        )
    report.table(
        title,
        ["mode", "questions", "success@5", "MRR@10", "no result", "no-answer questions: empty", "success@5 by style"],
        rows,
    )


def run(judged: Path) -> dict[str, Any]:
    results: dict[str, Any] = {"benchmark": "quality", "judged": str(judged)}
    sets: list[tuple[str, Callable[[Database], object], Path]] = [
        ("seed", lambda db: load_seed(db, REPO_ROOT / "seed"), judged / "seed_questions.yaml")
    ]
    if (judged / "corpus.ndjson").exists() and (judged / "corpus_questions.yaml").exists():
        sets.append(("corpus", fill_corpus(judged / "corpus.ndjson"), judged / "corpus_questions.yaml"))
    for name, fill, questions_path in sets:
        work = Path(tempfile.mkdtemp(prefix=f"ckb-bench-quality-{name}-"))
        try:
            db, index, vectors = build(work, fill)
            questions = yaml.safe_load(questions_path.read_text(encoding="utf-8"))
            results[name] = evaluate(db, index, vectors, questions)
            welsh_path = judged / "welsh_questions.yaml"
            if name == "seed" and welsh_path.exists():
                welsh = yaml.safe_load(welsh_path.read_text(encoding="utf-8"))
                results["seed_welsh"] = evaluate(db, index, vectors, welsh)
            db.dispose()
        finally:
            shutil.rmtree(work, ignore_errors=True)
        print_table(f"Judged questions over the {name} ({questions_path.name})", results[name])
        if name == "seed" and "seed_welsh" in results:
            print_table("Judged Welsh queries over the seed (welsh_questions.yaml)", results["seed_welsh"])
            print_languages(results["seed"], results["seed_welsh"])
    return results


def print_languages(english: dict[str, Any], welsh: dict[str, Any]) -> None:
    """English and Welsh over the same seed, side by side, per mode."""
    rows = [
        [
            variant,
            f"{english[variant]['success_at_5']:.3f} / {english[variant]['mrr_at_10']:.3f}",
            f"{welsh[variant]['success_at_5']:.3f} / {welsh[variant]['mrr_at_10']:.3f}",
            f"{welsh[variant]['no_result_share']:.3f}",
        ]
        for variant in english
    ]
    report.table(
        "English and Welsh over the seed: success@5 / MRR@10",
        [
            "mode",
            f"English ({english['keyword']['questions']})",
            f"Welsh ({welsh['keyword']['questions']})",
            "Welsh: no result",
        ],
        rows,
    )


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Search quality on judged questions (see bench/README.md).")
    parser.add_argument("--judged", type=Path, default=DEFAULT_JUDGED, help="folder of the judged sets")
    args = parser.parse_args(argv)
    started = report.environment()
    results = run(args.judged)
    path = report.write_results("quality", results, started)
    report.console.print(f"results: {path}")


if __name__ == "__main__":
    main()
