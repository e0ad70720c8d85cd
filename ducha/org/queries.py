"""Finding units and leaders by the names people write: full name, short name, alias."""

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q

from ducha.org.models import Leader, Unit, UnitAlias

# Titles a leader cell may carry after (or before) the name: 石迎军常务副市长.
LEADER_TITLES = ("常务副市长", "副市长", "市长", "副秘书长", "秘书长", "副书记", "书记", "主任")


def normalize_name(text: str) -> str:
    """Names compared without spaces of any width."""
    return re.sub(r"\s+", "", text.replace("\u3000", " "))


def _valid(
    valid_from: datetime.date | None, valid_to: datetime.date | None, on: datetime.date | None
) -> bool:
    if on is None:
        return True
    return (valid_from is None or valid_from <= on) and (valid_to is None or on <= valid_to)


class UnitDirectory:
    """All units and aliases, loaded once, so thousands of rows resolve without a query each.

    A name matches a unit's full name, its short name, or an alias valid on the day asked
    about. Full names win over short names, short names over aliases; a name that still
    matches several units is ambiguous and resolves to none.
    """

    def __init__(self, units: Iterable[Unit], aliases: Iterable[UnitAlias]) -> None:
        self._full: dict[str, list[Unit]] = defaultdict(list)
        self._short: dict[str, list[Unit]] = defaultdict(list)
        self._alias: dict[str, list[tuple[UnitAlias, Unit]]] = defaultdict(list)
        by_id: dict[int, Unit] = {}
        for unit in units:
            by_id[unit.pk] = unit
            self._full[normalize_name(unit.name)].append(unit)
            self._short[normalize_name(unit.short_name)].append(unit)
        for alias in aliases:
            if alias.unit_id in by_id:
                self._alias[normalize_name(alias.name)].append((alias, by_id[alias.unit_id]))

    @classmethod
    def load(cls) -> UnitDirectory:
        return cls(Unit.objects.all(), UnitAlias.objects.all())

    def find(self, name: str, *, on: datetime.date | None = None) -> Unit | None:
        key = normalize_name(name)
        for candidates in (self._full.get(key, []), self._short.get(key, [])):
            current = [u for u in candidates if _valid(u.valid_from, u.valid_to, on)]
            if len(current) == 1:
                return current[0]
        aliased = {
            u.pk: u for a, u in self._alias.get(key, []) if _valid(a.valid_from, a.valid_to, on)
        }
        return next(iter(aliased.values())) if len(aliased) == 1 else None

    def add(self, unit: Unit) -> None:
        self._full[normalize_name(unit.name)].append(unit)
        self._short[normalize_name(unit.short_name)].append(unit)


def resolve_unit(name: str, *, on: datetime.date | None = None) -> Unit | None:
    """The unit called `name` (full name, short name or alias valid `on`), or None."""
    key = normalize_name(name)
    units = Unit.objects.filter(Q(name=key) | Q(short_name=key) | Q(aliases__name=key)).distinct()
    aliases = UnitAlias.objects.filter(name=key)
    return UnitDirectory(units, aliases).find(key, on=on)


def split_leader(text: str) -> tuple[str, str]:
    """石迎军常务副市长 → (石迎军, 常务副市长); 常务副市长石迎军 likewise; 石迎军 → (石迎军, "")."""
    text = normalize_name(text)
    for title in LEADER_TITLES:
        if text.endswith(title) and len(text) > len(title):
            return text[: -len(title)], title
        if text.startswith(title) and len(text) > len(title):
            return text[len(title) :], title
    return text, ""


class LeaderDirectory:
    """Leaders by name, or by name and title when two leaders share a name."""

    def __init__(self, leaders: Iterable[Leader]) -> None:
        self._by_name: dict[str, list[Leader]] = defaultdict(list)
        self._by_full: dict[str, Leader] = {}
        for leader in leaders:
            self.add(leader)

    @classmethod
    def load(cls) -> LeaderDirectory:
        return cls(Leader.objects.all())

    def add(self, leader: Leader) -> None:
        self._by_name[normalize_name(leader.name)].append(leader)
        self._by_full[normalize_name(str(leader))] = leader

    def find(self, text: str) -> Leader | None:
        """石迎军常务副市长 (as exports write), 石迎军, or 常务副市长石迎军."""
        exact = self._by_full.get(normalize_name(text))
        if exact is not None:
            return exact
        name, title = split_leader(text)
        candidates = self._by_name.get(name, [])
        if title:
            candidates = [c for c in candidates if c.title == title] or candidates
        if len(candidates) > 1:
            candidates = [c for c in candidates if c.active]
        return candidates[0] if len(candidates) == 1 else None


def resolve_leader(text: str) -> Leader | None:
    """The leader written as 石迎军 or 石迎军常务副市长, or None if unknown or ambiguous."""
    return LeaderDirectory.load().find(text)  # leaders are a few dozen


@dataclass(frozen=True)
class UnitMatch:
    """A unit found by one of its names; `valid` says whether that name held on the day."""

    unit: Unit
    valid: bool

    @property
    def successor(self) -> Unit | None:
        """The unit that finally replaced this one (following renames to the end)."""
        seen: set[int] = set()
        current = self.unit
        while current.replaced_by_id and current.pk not in seen:
            seen.add(current.pk)
            current = current.replaced_by  # type: ignore[assignment]
        return None if current.pk == self.unit.pk else current


def _alias_valid(alias: UnitAlias, day: datetime.date) -> bool:
    return (alias.valid_from is None or alias.valid_from <= day) and (
        alias.valid_to is None or day <= alias.valid_to
    )


def match_unit(name: str, *, on: datetime.date) -> UnitMatch | None:
    """How `name` (short name, full name or alias) matches the registry on `on`, valid or not.

    Unlike `resolve_unit`, a name that is no longer valid still matches, so the reader can say
    which unit replaced it; a valid match is preferred.
    """
    matches: list[UnitMatch] = [
        UnitMatch(unit, unit.is_valid_on(on))
        for unit in Unit.objects.filter(Q(short_name=name) | Q(name=name)).select_related(
            "replaced_by"
        )
    ]
    for alias in UnitAlias.objects.filter(name=name).select_related("unit__replaced_by"):
        matches.append(
            UnitMatch(alias.unit, alias.unit.is_valid_on(on) and _alias_valid(alias, on))
        )
    if not matches:
        return None
    return next((m for m in matches if m.valid), matches[0])


def registry_is_empty() -> bool:
    return not Unit.objects.exists()


def unit_problem(name: str, day: datetime.date) -> str | None:
    """Why `name` is not a unit on `day`, in Chinese; None when it is one."""
    match = match_unit(name, on=day)
    if match is None:
        return f"单位名录中没有“{name}”，也没有以它为别名的单位。"
    if match.valid:
        return None
    successor = match.successor
    if successor is not None:
        return f"“{name}”在{day.year}年已不再使用，已由“{successor.short_name}”取代。"
    return f"“{name}”在{day.isoformat()}不在有效期内。"
