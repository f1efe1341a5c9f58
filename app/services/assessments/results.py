"""Scores of a round as one link holder may see them: per statement and principle, self (the
owner), team (the owner and colleagues together) and peer (reviewers who have submitted), the
spread where the team disagrees, strengths, and an action plan whose suggestions come from the
statement's related entries and then a search of the knowledge base.

Who sees what: the owner and colleagues see peer figures only from submitted reviewers; a
reviewer who has not submitted sees only its own answers' scores; once it has, it sees self
and peer side by side."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from statistics import fmean
from typing import Any

from sqlalchemy import select
from sqlmodel import Session, col

from app.models.assessment import (
    Action,
    AssessmentAnswer,
    AssessmentLink,
    AssessmentResponse,
    AssessmentRound,
    PrincipleResult,
    RespondentCounts,
    Results,
    RoundPrinciple,
    Scores,
    StatementResult,
    Suggestion,
    TargetValue,
)
from app.models.framework import Framework
from app.services.assessments import frameworks
from app.services.assessments.answers import Access, targets

STRENGTH = 4.0  # a combined score at least this is a strength
WEAK = 2.0  # at most this puts the statement in the action plan
SUGGESTIONS = 5

# Searches the knowledge base (published entries) for a text: (kind, id, slug, title, summary).
Searcher = Callable[[str, int], list[tuple[str, int, str, str, str]]]


@dataclass
class Respondents:
    """The answers in a round, by who gave them: {statement: level} per response."""

    owner: list[dict[str, int | None]] = field(default_factory=list)
    team: list[dict[str, int | None]] = field(default_factory=list)  # the owner's included
    peer: list[dict[str, int | None]] = field(default_factory=list)
    team_count: int = 0
    peer_count: int = 0
    peer_submitted: int = 0
    viewer_sees_peer_only: bool = False


def _mean(values: Sequence[int | float]) -> float | None:
    return round(fmean(values), 2) if values else None


def gather(session: Session, *, round_row: AssessmentRound, viewer: AssessmentLink | None) -> Respondents:
    """The answers the viewer may see (viewer None: all, as the benchmark counts them)."""
    rows = session.execute(
        select(AssessmentResponse, AssessmentLink)
        .join(AssessmentLink, col(AssessmentLink.id) == col(AssessmentResponse.link_id))
        .where(col(AssessmentResponse.round_id) == round_row.id)
        .order_by(col(AssessmentResponse.id))
    ).all()
    response_ids = [response.id for response, _link in rows]
    levels: dict[int, dict[str, int | None]] = {rid: {} for rid in response_ids if rid is not None}
    if response_ids:
        for answer in session.scalars(
            select(AssessmentAnswer).where(col(AssessmentAnswer.response_id).in_(response_ids))
        ):
            levels[answer.response_id][answer.statement_key] = answer.level
    out = Respondents()
    all_links = session.scalars(
        select(AssessmentLink).where(col(AssessmentLink.assessment_id) == round_row.assessment_id)
    ).all()
    out.team_count = sum(1 for link in all_links if link.role == "team" and link.revoked_at is None)
    out.peer_count = sum(1 for link in all_links if link.role == "peer" and link.revoked_at is None)
    viewer_response = next((r for r, link in rows if viewer is not None and link.id == viewer.id), None)
    if (
        viewer is not None
        and viewer.role == "peer"
        and (viewer_response is None or viewer_response.submitted_at is None)
    ):
        out.viewer_sees_peer_only = True
        if viewer_response is not None and viewer_response.id is not None:
            out.peer.append(levels[viewer_response.id])
        out.peer_submitted = sum(1 for r, link in rows if link.role == "peer" and r.submitted_at is not None)
        return out
    for response, link in rows:
        assert response.id is not None
        given = levels[response.id]
        if link.role == "owner":
            out.owner.append(given)
            out.team.append(given)
        elif link.role == "team":
            out.team.append(given)
        elif response.submitted_at is not None:
            out.peer.append(given)
            out.peer_submitted += 1
    return out


def _levels(responses: list[dict[str, int | None]], keys: Sequence[str]) -> list[int]:
    return [level for given in responses for key in keys if (level := given.get(key)) is not None]


@dataclass
class Figures:
    principles: list[PrincipleResult]
    statements: list[StatementResult]
    overall: Scores
    combined: dict[str, float | None]  # statement → the score strengths and actions go by


def figures(session: Session, *, framework: Framework, seen: Respondents, target_of: dict[str, TargetValue]) -> Figures:
    statements: list[StatementResult] = []
    combined: dict[str, float | None] = {}
    principles: list[PrincipleResult] = []
    for p in framework.principles:
        keys = [s["key"] for s in p["statements"]]
        for s in p["statements"]:
            key = s["key"]
            own = _levels(seen.owner, [key])
            team = _levels(seen.team, [key])
            peer = _levels(seen.peer, [key])
            statements.append(
                StatementResult(
                    key=key,
                    principle=p["key"],
                    text=frameworks.text(s["text"]),
                    self=_mean(own),
                    mean=_mean(team),
                    min=min(team) if team else None,
                    max=max(team) if team else None,
                    spread=max(team) - min(team) if team else None,
                    count=len(team),
                    peer=_mean(peer),
                )
            )
            combined[key] = _mean(peer) if seen.viewer_sees_peer_only else _mean(team)
        self_score = _mean(_levels(seen.owner, keys))
        peer_score = _mean(_levels(seen.peer, keys))
        answered = sum(1 for key in keys if combined[key] is not None)
        principles.append(
            PrincipleResult(
                key=p["key"],
                title=frameworks.text(p["title"]),
                self=self_score,
                team=_mean(_levels(seen.team, keys)),
                peer=peer_score,
                gap=round(peer_score - self_score, 2) if peer_score is not None and self_score is not None else None,
                target=target_of.get(p["key"]),
                answered=answered,
                statements=len(keys),
            )
        )
    overall = Scores(
        self=_mean([p.self for p in principles if p.self is not None]),
        team=_mean([p.team for p in principles if p.team is not None]),
        peer=_mean([p.peer for p in principles if p.peer is not None]),
    )
    return Figures(principles=principles, statements=statements, overall=overall, combined=combined)


_WORD = re.compile(r"[^\W\d_]{4,}", re.UNICODE)
SEARCH_WORDS = 12


def search_text(statement: str) -> str:
    """A statement's words, any of which may match (a search requires all the words it is given)."""
    words: list[str] = []
    for word in _WORD.findall(statement.lower()):
        if word not in words:
            words.append(word)
    return " OR ".join(words[:SEARCH_WORDS])


def suggestions(
    session: Session, *, related: list[list[Any]], statement: str, search: Searcher | None
) -> list[Suggestion]:
    refs = [(str(kind), int(entry_id)) for kind, entry_id in related]
    cards = frameworks.entry_cards(session, refs)
    out: list[Suggestion] = []
    seen: set[tuple[str, int]] = set()
    for ref in refs:
        card = cards.get(ref)
        if card is not None and ref not in seen and len(out) < SUGGESTIONS:
            seen.add(ref)
            out.append(Suggestion(**card.model_dump(), why="related"))
    query = search_text(statement)
    if search is not None and len(out) < SUGGESTIONS and query:
        for kind, entry_id, slug, title, summary in search(query, SUGGESTIONS + len(seen)):
            if (kind, entry_id) in seen or len(out) >= SUGGESTIONS:
                continue
            seen.add((kind, entry_id))
            out.append(
                Suggestion(
                    kind=kind, id=entry_id, slug=slug, title=title, summary=summary,
                    url=f"/api/v1/{kind}/{entry_id}", why="search",
                )
            )  # fmt: skip
    return out


def results(session: Session, *, access: Access, round_row: AssessmentRound, search: Searcher | None) -> Results:
    framework = frameworks.by_id(session, framework_id=round_row.framework_id)
    seen = gather(session, round_row=round_row, viewer=access.link)
    target_of = (
        {}
        if access.role == "peer"
        else {
            t.principle_key: TargetValue(level=t.level, date=t.date)
            for t in targets(session, assessment_id=round_row.assessment_id)
        }
    )
    fig = figures(session, framework=framework, seen=seen, target_of=target_of)
    info = frameworks.statements(framework)
    strengths = [key for key, score in fig.combined.items() if score is not None and score >= STRENGTH]
    weak = sorted(
        ((score, i, key) for i, (key, score) in enumerate(fig.combined.items()) if score is not None and score <= WEAK),
    )
    actions = []
    for score, _i, key in weak:
        statement = info[key]
        statement_text = frameworks.text(statement.data["text"])
        actions.append(
            Action(
                statement=key,
                principle=statement.principle,
                text=statement_text,
                level=score,
                advice=frameworks.text(statement.data["advice"]),
                suggestions=suggestions(
                    session, related=statement.data["related"], statement=statement_text, search=search
                ),
            )
        )
    return Results(
        round=round_row.number,
        status=round_row.status,
        lang=frameworks.language_of(framework),
        overall=fig.overall,
        principles=fig.principles,
        statements=fig.statements,
        strengths=strengths,
        actions=actions,
        respondents=RespondentCounts(team=seen.team_count, peer=seen.peer_count, peer_submitted=seen.peer_submitted),
    )


def round_scores(
    session: Session, *, access: Access | None, round_row: AssessmentRound
) -> tuple[list[RoundPrinciple], Scores]:
    """Per principle and overall, without the action plan (the comparison of rounds; the benchmark)."""
    framework = frameworks.by_id(session, framework_id=round_row.framework_id)
    seen = gather(session, round_row=round_row, viewer=access.link if access is not None else None)
    fig = figures(session, framework=framework, seen=seen, target_of={})
    principles = [
        RoundPrinciple(key=p.key, title=p.title, self=p.self, team=p.team, peer=p.peer) for p in fig.principles
    ]
    return principles, fig.overall
