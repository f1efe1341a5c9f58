"""The benchmark of a framework: how opted-in organisations score per principle (the newest
completed round of each), as a distribution; nothing is shown below the minimum number of
organisations, and no organisation is ever named."""

from __future__ import annotations

from statistics import median, quantiles

from sqlalchemy import select
from sqlmodel import Session, col

from app.models.assessment import Assessment, AssessmentRound
from app.models.framework import Benchmark, BenchmarkPrinciple
from app.services.assessments import frameworks
from app.services.assessments.results import round_scores


def benchmark(session: Session, *, slug: str, minimum: int) -> Benchmark:
    framework = frameworks.newest(session, slug=slug)
    rows = session.execute(
        select(AssessmentRound, Assessment)
        .join(Assessment, col(Assessment.id) == col(AssessmentRound.assessment_id))
        .where(
            col(Assessment.framework_slug) == slug,
            col(Assessment.benchmark).is_(True),
            col(AssessmentRound.status) == "completed",
        )
        .order_by(col(AssessmentRound.completed_at).desc(), col(AssessmentRound.id).desc())
    ).tuples()
    newest: dict[str, AssessmentRound] = {}  # one per organisation (by name), its newest completed round
    for round_row, assessment in rows:
        newest.setdefault(" ".join(assessment.organisation.casefold().split()), round_row)
    contributors = len(newest)
    shown = contributors >= minimum
    principles: list[BenchmarkPrinciple] = []
    if shown:
        scores: dict[str, list[float]] = {key: [] for key in frameworks.principle_keys(framework)}
        for round_row in newest.values():
            for principle in round_scores(session, access=None, round_row=round_row)[0]:
                if principle.key in scores and principle.team is not None:
                    scores[principle.key].append(principle.team)
        for p in framework.principles:
            values = sorted(scores[p["key"]])
            if not values:
                continue
            q1, _q2, q3 = quantiles(values, n=4, method="inclusive") if len(values) > 1 else (values[0],) * 3
            principles.append(
                BenchmarkPrinciple(
                    key=p["key"],
                    title=frameworks.text(p["title"]),
                    count=len(values),
                    min=values[0],
                    q1=round(q1, 2),
                    median=round(median(values), 2),
                    q3=round(q3, 2),
                    max=values[-1],
                )
            )
    return Benchmark(
        slug=framework.slug,
        version=framework.version,
        contributors=contributors,
        minimum=minimum,
        shown=shown,
        principles=principles,
    )
