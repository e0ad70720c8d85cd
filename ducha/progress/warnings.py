"""预警, computed from the data as SQL expressions so lists can filter and count by them.

- red: the item is past its deadline, neither closed out nor rated done, or it is rated
  存在突出问题;
- yellow: a responsible unit's report is overdue, or a report shows the item behind schedule;
- blue: the reports are due within `DUE_SOON` and a responsible unit has not reported.
"""

from __future__ import annotations

import datetime

from django.db.models import Case, Exists, F, FilteredRelation, OuterRef, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from ducha.ledger.models import WorkItem
from ducha.progress import missing
from ducha.progress.enums import REPORT_IN, Warning
from ducha.progress.models import ProgressReport, ReportingDeadline
from ducha.review.enums import StatusMeaning
from ducha.review.models import Round

DUE_SOON = datetime.timedelta(days=3)


def warning_expression(round: Round, due: datetime.datetime | None, now: datetime.datetime) -> Case:
    today = timezone.localdate(now)
    closed = missing.closed()
    # An item rated done in this round is finished, whatever its deadline says.
    not_done = Q(rating_done=False)
    serious = Q(rating_status_code=StatusMeaning.SERIOUS)
    behind = Exists(
        ProgressReport.objects.filter(
            item=OuterRef("pk"), round=round, state__in=REPORT_IN, behind_schedule=True
        )
    )
    red = (Q(deadline__lt=today) & ~closed & not_done) | serious
    yellow = Q(behind)
    blue = Q(pk__in=[])
    if due is not None and now > due:
        yellow |= missing.missing_report(round)
    elif due is not None and now > due - DUE_SOON:
        blue = missing.missing_report(round)
    return Case(
        When(red, then=Value(Warning.RED)),
        When(yellow, then=Value(Warning.YELLOW)),
        When(blue, then=Value(Warning.BLUE)),
        default=Value(Warning.NONE),
    )


def with_warnings(
    items: QuerySet[WorkItem], round: Round, now: datetime.datetime | None = None
) -> QuerySet[WorkItem]:
    """Annotate `warning` (a Warning value) on each item for the round.

    The round's rating is joined once (at most one row per item) rather than looked up by a
    subquery per use; `rating_status_id` and `rating_status_label` come with it.
    """
    now = now or timezone.now()
    due = round_due(round)
    rated = items.annotate(
        round_rating=FilteredRelation("ratings", condition=Q(ratings__round=round))
    ).annotate(
        rating_status_id=F("round_rating__status_id"),
        rating_status_label=F("round_rating__status__label"),
        rating_status_code=F("round_rating__status__code"),
        rating_done=Coalesce(F("round_rating__status__is_done"), Value(False)),
    )
    return rated.annotate(warning=warning_expression(round, due, now))


def round_due(round: Round) -> datetime.datetime | None:
    try:
        return round.reporting.due
    except ReportingDeadline.DoesNotExist:
        return None
