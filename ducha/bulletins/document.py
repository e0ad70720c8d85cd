"""The bulletin as plain data: what every renderer reads and every composer produces.

It holds facts (counts, names, texts), never sentences: the wording is made in layout.py,
so that a renderer cannot state a number that is not in the data.
"""

from __future__ import annotations

import dataclasses
import datetime
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Category:
    """The items of one status: how many, and the ones the bulletin names as examples."""

    code: str
    label: str
    count: int
    examples: tuple[str, ...] = ()
    on_track: bool = False


@dataclass(frozen=True)
class LeaderRef:
    name: str
    title: str


@dataclass(frozen=True)
class HighlightEntry:
    number: int
    title: str
    leaders: tuple[LeaderRef, ...] = ()
    units: tuple[str, ...] = ()
    units_partial: bool = False
    text: str = ""


@dataclass(frozen=True)
class RecommendationEntry:
    number: int
    subject: str
    points: tuple[str, ...] = ()


@dataclass(frozen=True)
class BulletinDocument:
    title: str
    issuer: str
    period: str
    scope: str
    categories: tuple[Category, ...]
    highlights: tuple[HighlightEntry, ...] = ()
    recommendations: tuple[RecommendationEntry, ...] = ()
    issued_on: datetime.date | None = None
    published_at: datetime.datetime | None = None
    round_code: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(c.count for c in self.categories)

    @property
    def on_track_categories(self) -> tuple[Category, ...]:
        return tuple(c for c in self.categories if c.on_track)

    @property
    def on_track_total(self) -> int:
        return sum(c.count for c in self.on_track_categories)

    def to_dict(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        data["total"] = self.total
        for key in ("issued_on", "published_at"):
            value = getattr(self, key)
            data[key] = value.isoformat() if value else None
        return data
