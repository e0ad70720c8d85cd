"""Reads of the unit registry used by the bulletin reader and the import."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Q

from ducha.org.models import Unit, UnitAlias


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


def resolve_unit(name: str, *, on: datetime.date) -> UnitMatch | None:
    """The unit called `name` (short name, full name or alias); a valid match is preferred."""
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
    match = resolve_unit(name, on=day)
    if match is None:
        return f"单位名录中没有“{name}”，也没有以它为别名的单位。"
    if match.valid:
        return None
    successor = match.successor
    if successor is not None:
        return f"“{name}”在{day.year}年已不再使用，已由“{successor.short_name}”取代。"
    return f"“{name}”在{day.isoformat()}不在有效期内。"
