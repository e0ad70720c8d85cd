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
    # The office's own wording of the opening, with 【期间】 and 【总数】 where the computed
    # period and total go (layout.OPENING_FIELDS); empty means the standard sentence.
    opening_template: str = ""
    # 版记 (GB/T 9704 §7.4), optional: 抄送 organs, 印发机关; the 印发日期 is the issue date.
    copy_to: tuple[str, ...] = ()
    printed_by: str = ""
    # 版头 (GB/T 9704 §7.2), optional: the issuing office in red and the 期号 (or 文号) from
    # the register, and the 主送机关; the portal article shows none of them.
    masthead: str = ""
    number: str = ""
    main_to: tuple[str, ...] = ()

    @property
    def total(self) -> int:
        return sum(c.count for c in self.categories)

    @property
    def on_track_categories(self) -> tuple[Category, ...]:
        return tuple(c for c in self.categories if c.on_track)

    @property
    def on_track_total(self) -> int:
        return sum(c.count for c in self.on_track_categories)

    @property
    def has_colophon(self) -> bool:
        return bool(self.copy_to or self.printed_by)

    def to_dict(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        data["total"] = self.total
        for key in ("issued_on", "published_at"):
            value = getattr(self, key)
            data[key] = value.isoformat() if value else None
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> BulletinDocument:
        """The inverse of to_dict: how a published bulletin is read back from its snapshot."""
        published_at = data.get("published_at")
        issued_on = data.get("issued_on")
        return cls(
            title=data["title"],
            issuer=data["issuer"],
            period=data["period"],
            scope=data["scope"],
            categories=tuple(
                Category(**{**c, "examples": tuple(c["examples"])}) for c in data["categories"]
            ),
            highlights=tuple(
                HighlightEntry(
                    **{
                        **h,
                        "leaders": tuple(LeaderRef(**lead) for lead in h["leaders"]),
                        "units": tuple(h["units"]),
                    }
                )
                for h in data["highlights"]
            ),
            recommendations=tuple(
                RecommendationEntry(**{**r, "points": tuple(r["points"])})
                for r in data["recommendations"]
            ),
            issued_on=datetime.date.fromisoformat(issued_on) if issued_on else None,
            published_at=datetime.datetime.fromisoformat(published_at) if published_at else None,
            round_code=data.get("round_code", ""),
            extra=data.get("extra", {}),
            opening_template=data.get("opening_template", ""),
            copy_to=tuple(data.get("copy_to", ())),
            printed_by=data.get("printed_by", ""),
            masthead=data.get("masthead", ""),
            number=data.get("number", ""),
            main_to=tuple(data.get("main_to", ())),
        )
