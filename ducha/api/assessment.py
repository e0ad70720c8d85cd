"""The assessment over JSON: a year's ranking (frozen if published) with every line."""

from __future__ import annotations

from typing import Annotated

from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema

from ducha.assessment import permissions, services

router = Router(tags=["assessment"])


class LineOut(Schema):
    round: str
    kind: str
    text: str
    points: str


class UnitScoreOut(Schema):
    unit_id: int
    unit: str
    rank: int
    score: str
    rounds: dict[str, str]
    lines: list[LineOut]


class RankingOut(Schema):
    year: int
    base: str
    frozen: bool
    frozen_at: str | None
    rounds: list[str]
    units: list[UnitScoreOut]


@router.get("assessment/{year}/", response=RankingOut)
def ranking(request: HttpRequest, year: Annotated[int, Field(ge=2000, le=2100)]) -> RankingOut:
    """The units' scores of a year, ranked, each with the lines that explain it; the frozen
    scores once the head has published them."""
    permissions.require(permissions.can_see_ranking(request.user))
    found = services.ranking_for(year)
    if found is None:
        raise Http404
    return RankingOut(
        year=found.year,
        base=str(found.base),
        frozen=found.frozen_at is not None,
        frozen_at=found.frozen_at,
        rounds=[code for code, _ in found.rounds],
        units=[
            UnitScoreOut(
                unit_id=u.unit_id,
                unit=u.unit,
                rank=u.rank,
                score=f"{u.score.normalize():f}",
                rounds={code: f"{value.normalize():f}" for code, value in u.rounds.items()},
                lines=[
                    LineOut(
                        round=line.round,
                        kind=line.kind,
                        text=line.text,
                        points=f"{line.points.normalize():f}",
                    )
                    for line in u.lines
                ],
            )
            for u in found.units
        ],
    )
