"""What the reader gives: the bulletin as read, with what it found wrong on the way."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from ducha.bulletins.document import BulletinDocument, Category, HighlightEntry, LeaderRef
from ducha.bulletins.document import RecommendationEntry as RecommendationEntry


class Severity:
    ERROR = "error"
    WARNING = "warning"
    # Not a defect of the text: something the reader could not map (a status phrase its
    # table does not decide, a number it could not assign), said rather than guessed.
    NOTE = "note"


@dataclass(frozen=True)
class Finding:
    """A defect: where (offset into the text as given, and the text itself) and what to do."""

    code: str
    severity: str
    excerpt: str
    offset: int
    message: str
    suggestion: str = ""


@dataclass(frozen=True)
class ReadCategory:
    """A status as the bulletin states it; count None when it names items without a number.

    Phrases that mean one status are summed (超进度10个、达进度162个 → 172), each kept in
    `phrases`; `within` marks a count restated as part of the others (6 of them completed
    early), which is not added to the total."""

    status: str
    canonical_status: str | None
    count: int | None
    percent: float | None = None
    examples: tuple[str, ...] = ()
    phrases: tuple[tuple[str, int | None], ...] = ()
    within: bool = False


@dataclass(frozen=True)
class ReadGroup:
    """Items the text counts together (共62个, 建设工程23个) and the statuses it gives them."""

    size: int | None
    name: str
    categories: tuple[ReadCategory, ...] = ()


@dataclass(frozen=True)
class Section:
    number: int
    marker: str  # as written: 一、 (一) 1、 1. (1)
    heading: str
    text: str = ""
    children: tuple[Section, ...] = ()


@dataclass(frozen=True)
class ReadDocument:
    title: str = ""
    issuer: str = ""
    published_at: str | None = None
    period: str = ""
    scope: str = ""
    year: int | None = None  # the year the text gives its period, if it gives one
    total: int | None = None
    total_reason: str = ""  # why this number is the total
    total_candidates: tuple[int, ...] = ()  # every total the text states
    categories: tuple[ReadCategory, ...] = ()
    groups: tuple[ReadGroup, ...] = ()
    sections: tuple[Section, ...] = ()
    highlights: tuple[HighlightEntry, ...] = ()
    recommendations: tuple[RecommendationEntry, ...] = ()
    units: tuple[str, ...] = ()
    leaders: tuple[LeaderRef, ...] = ()
    source: str = ""
    findings: tuple[Finding, ...] = ()

    @property
    def has_errors(self) -> bool:
        return any(f.severity == Severity.ERROR for f in self.findings)

    @property
    def defects(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity != Severity.NOTE)

    def to_dict(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        for highlight in data["highlights"]:
            highlight.pop("units_partial", None)
        return data

    def to_bulletin(self, on_track: frozenset[str] = frozenset()) -> BulletinDocument:
        """The document for the renderers: stated counts only (an unstated count is 0)."""
        categories = tuple(
            Category(
                code=c.canonical_status or "",
                label=c.status,
                count=c.count or 0,
                examples=c.examples,
                on_track=(c.canonical_status or "") in on_track,
            )
            for c in self.categories
        )
        return BulletinDocument(
            title=self.title,
            issuer=self.issuer,
            period=self.period,
            scope=self.scope,
            categories=categories,
            highlights=self.highlights,
            recommendations=self.recommendations,
        )


@dataclass
class Draft:
    """The document while the steps fill it in."""

    meta: dict[str, str] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
