"""Which items a cockpit figure covers: what the user may see, narrowed to a leader or unit.

The figures and the item lists behind them read the same scope and the same filters, so
a bar's count is always the length of the list it links to.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from ducha.accounts.roles import roles_of
from ducha.ledger.models import WorkItem
from ducha.progress.permissions import items_visible_to, unit_items_q
from ducha.review.enums import StatusMeaning
from ducha.review.models import Rating, Round, Status

ItemLeader = WorkItem.leaders.through
UNRATED = "none"  # the status value of items the round has not rated
NO_LEADER = "none"  # the leader value of items without a lead leader


def severity(status: Status | None) -> int:
    """How bad a status is, for "got worse": done < on track < lagging < serious."""
    if status is None:
        return -1
    if status.is_done:
        return 0
    if status.is_on_track:
        return 1
    return 3 if status.meaning == StatusMeaning.SERIOUS else 2


@dataclass(frozen=True)
class Scope:
    """The items a cockpit shows: the user's, or for the office a chosen leader's or unit's."""

    user: Any
    leader: int | None = None
    unit: int | None = None

    @property
    def can_choose(self) -> bool:
        return roles_of(self.user).is_office

    def items(self) -> QuerySet[WorkItem]:
        items = items_visible_to(self.user)
        if self.leader:
            items = items.filter(
                pk__in=ItemLeader.objects.filter(leader_id=self.leader).values("workitem_id")
            )
        if self.unit:
            items = items.filter(unit_items_q([self.unit]))
        return items

    def query(self) -> dict[str, Any]:
        return {
            key: value for key, value in (("leader", self.leader), ("unit", self.unit)) if value
        }


def scope_for(user: Any, *, leader: int | None = None, unit: int | None = None) -> Scope:
    """Who may open the cockpit, and what they see: the office all items (narrowed to a
    leader or a unit if asked), a leader the items they lead (never widened)."""
    roles = roles_of(user)
    if not (roles.is_office or roles.leader_ids):
        raise PermissionDenied
    if not roles.is_office:
        return Scope(user)
    return Scope(user, leader=leader, unit=unit)


@dataclass(frozen=True)
class ItemFilter:
    """The list behind one bar or slice: a status (or unrated) by leader, lead unit, source."""

    status: str = ""  # a status id, UNRATED, or "" for any
    leader: int | None = None
    no_leader: bool = False  # items without a lead leader (the cockpit's row of them)
    lead_unit: int | None = None
    source: int | None = None

    def apply(self, items: QuerySet[WorkItem], round: Round) -> QuerySet[WorkItem]:
        rated = Rating.objects.filter(round=round)
        if self.status == UNRATED:
            items = items.exclude(pk__in=rated.values("item_id"))
        elif self.status.isdigit():
            items = items.filter(pk__in=rated.filter(status_id=int(self.status)).values("item_id"))
        if self.leader:
            items = items.filter(
                pk__in=ItemLeader.objects.filter(leader_id=self.leader).values("workitem_id")
            )
        if self.no_leader:
            items = items.exclude(pk__in=ItemLeader.objects.values("workitem_id"))
        if self.lead_unit:
            items = items.filter(lead_unit_id=self.lead_unit)
        if self.source:
            items = items.filter(source_id=self.source)
        return items
