"""Use cases of the reporting workflow. Each is one transaction, checks who may do it and
writes its audit event; the pages, the admin and the API all call these."""

from __future__ import annotations

import datetime
import decimal
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from ducha.core.services import Actor, record_event, save_audited, snapshot
from ducha.ledger.models import WorkItem
from ducha.org.models import Unit
from ducha.progress import permissions
from ducha.progress.enums import (
    REPORT_EDITABLE,
    REPORT_IN,
    REPORT_TRANSITIONS,
    REQUEST_TRANSITIONS,
    ReportState,
    RequestState,
    can_move,
)
from ducha.progress.files import CheckedFile
from ducha.progress.limits import VALUE_LIMIT
from ducha.progress.links import item_url
from ducha.progress.models import (
    Assignment,
    CloseOutRequest,
    CombinedStatement,
    Evidence,
    ExtensionRequest,
    Notification,
    ProgressReport,
    ReportingDeadline,
    TargetValue,
)
from ducha.progress.notify import notify_unit
from ducha.progress.sheets import SheetPlan
from ducha.progress.suggestion import Suggestion, measure, suggest
from ducha.review.models import Rating, Round, Status, status_labels
from ducha.review.services import set_rating


class Conflict(ValidationError):
    """Someone else changed the object since the user's page was built."""


def _stale() -> Conflict:
    return Conflict(_("Someone else changed this in the meantime. Reload the page and try again."))


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied(_("You may not do this."))


def _check_version(current: int, expected: int | None) -> None:
    if expected is not None and current != expected:
        raise _stale()


def _move(report: ProgressReport, wanted: str) -> None:
    if not can_move(REPORT_TRANSITIONS, report.state, wanted):
        raise ValidationError(
            _("A report that is %(state)s cannot become %(wanted)s.")
            % {"state": report.get_state_display(), "wanted": ReportState(wanted).label}
        )
    report.state = wanted


UNSENT = "〔未报送的草稿，内容仅本单位可见〕"


def report_snapshot(report: ProgressReport) -> dict[str, Any]:
    """The report's fields with its values and files, as the audit trail keeps them.

    A draft (or a returned report being reworked) belongs to its unit until it is sent:
    the trail, which the office and the administrators read, keeps only that it changed
    and how long the text is, never the text, values or files themselves.
    """
    if report.state in REPORT_EDITABLE:
        hidden = {"narrative": UNSENT, "narrative_chars": len(report.narrative)}
        return snapshot(report) | hidden | {"values": UNSENT, "evidence": UNSENT}
    values = TargetValue.objects.filter(report=report).values_list("target_id", "value")
    return snapshot(report) | {
        "values": {str(t): str(v) for t, v in values},
        "evidence": list(Evidence.objects.filter(report=report).values_list("name", flat=True)),
    }


def _lock(report: ProgressReport, expected_version: int | None) -> ProgressReport:
    locked = ProgressReport.objects.select_for_update().get(pk=report.pk)
    _check_version(locked.version, expected_version)
    return locked


def _touch(report: ProgressReport, actor: Actor) -> None:
    report.version += 1
    report.updated_at = timezone.now()
    report.updated_by = actor if getattr(actor, "pk", None) else None


def round_values(item: WorkItem, round: Round) -> dict[int, decimal.Decimal]:
    """Each target's value summed over the units' reports that are in for the round."""
    rows = (
        TargetValue.objects.filter(
            report__item=item, report__round=round, report__state__in=REPORT_IN
        )
        .values("target_id")
        .annotate(total=Sum("value"))
    )
    return {row["target_id"]: row["total"] for row in rows}


def suggestion_for(item: WorkItem, round: Round) -> Suggestion | None:
    return suggest(
        list(item.targets.all()),
        list(item.milestones.all()),
        round_values(item, round),
        round.cutoff,
        labels=status_labels(),
    )


@transaction.atomic
def save_report(
    item: WorkItem,
    round: Round,
    *,
    unit: Unit,
    actor: Actor,
    narrative: str,
    values: Mapping[int, decimal.Decimal],
    files: Sequence[CheckedFile] = (),
    expected_version: int | None = None,
    submit: bool = False,
) -> ProgressReport:
    """A unit writes (and with `submit`, sends) its part of the item's report for the round.

    1. lock (or create) the unit's report and check the page was built from its version;
    2. refuse unless the report is a draft or was returned;
    3. store the narrative, the values of the item's targets and the new evidence files;
    4. on submit: move to submitted and derive whether the item is behind schedule;
    5. audit the change with the values before and after.
    """
    _require(permissions.can_report_for(actor, item, unit.pk))
    report, created = ProgressReport.objects.select_for_update().get_or_create(
        item=item, round=round, unit=unit
    )
    if not created:
        # 0 is the version of a report that does not exist yet.
        _check_version(report.version, expected_version)
    elif expected_version not in (None, 0):
        raise _stale()
    if report.state not in REPORT_EDITABLE:
        raise ValidationError(_("This report has been sent and can no longer be changed."))
    # Checked before any file is written, so a refused report leaves no file behind.
    if submit and not narrative.strip():
        raise ValidationError(_("Describe the progress before sending the report."))
    before = None if created else report_snapshot(report)
    report.narrative = narrative
    _store_values(report, item, values)
    _store_files(report, files, actor)
    if submit:
        _submit(report, item, round)
    if not created:
        _touch(report, actor)
    else:
        report.updated_by = actor if getattr(actor, "pk", None) else None
    report.full_clean(validate_unique=False, validate_constraints=False)
    report.save()
    action = "report.submitted" if submit else "report.saved"
    record_event(action, report, actor=actor, before=before, after=report_snapshot(report))
    return report


def _submit(report: ProgressReport, item: WorkItem, round: Round) -> None:
    _move(report, ReportState.SUBMITTED)
    report.submitted_at = timezone.now()
    report.return_reason = ""
    values = round_values(item, round)
    for tv in report.values.all():  # this report counts before it is saved as submitted
        values[tv.target_id] = values.get(tv.target_id, decimal.Decimal(0)) + tv.value
    parts = measure(list(item.targets.all()), list(item.milestones.all()), values, round.cutoff)
    report.behind_schedule = any(p.behind for p in parts)


def _store_values(
    report: ProgressReport, item: WorkItem, values: Mapping[int, decimal.Decimal]
) -> None:
    targets = {t.pk: t for t in item.targets.all()}
    unknown = set(values) - set(targets)
    if unknown:
        raise ValidationError(_("Values were given for targets this item does not have."))
    for target_id, value in values.items():
        if not value.is_finite() or value < 0:
            raise ValidationError(_("Values cannot be negative."))
        if value >= VALUE_LIMIT or value != value.quantize(decimal.Decimal("0.01")):
            raise ValidationError(
                _("Values have at most 12 digits before the decimal point and 2 after it.")
            )
        TargetValue.objects.update_or_create(
            report=report, target_id=target_id, defaults={"value": value}
        )
    TargetValue.objects.filter(report=report).exclude(target_id__in=list(values)).delete()


def _store_files(report: ProgressReport, files: Sequence[CheckedFile], actor: Actor) -> None:
    for checked in files:
        evidence = Evidence(
            report=report,
            name=checked.name,
            kind=checked.kind,
            size=checked.size,
            uploaded_by=actor if getattr(actor, "pk", None) else None,
        )
        # The file is written before the commit; a rolled-back report can leave an orphan
        # file under MEDIA_ROOT but never a row pointing at a missing file.
        evidence.file.save(checked.name, checked.upload, save=False)
        evidence.save()


@transaction.atomic
def return_report(
    report: ProgressReport, *, reason: str, actor: Actor, expected_version: int | None = None
) -> ProgressReport:
    """The office sends a report back (退回) with the reason; the unit is told."""
    _require(permissions.can_review(actor))
    if not reason.strip():
        raise ValidationError(_("Give the reason for returning the report."))
    report = _lock(report, expected_version)
    before = report_snapshot(report)
    _move(report, ReportState.RETURNED)
    report.return_reason = reason.strip()
    report.reviewed_at = timezone.now()
    _touch(report, actor)
    report.save()
    record_event(
        "report.returned", report, actor=actor, before=before, after=report_snapshot(report)
    )
    notify_unit(
        report.unit_id,
        subject=f"【督查室】报告被退回：{report.item}",
        text=f"您单位报送的“{report.item}”进展情况已被退回，原因：{report.return_reason}",
        url=report.get_absolute_url(),
        topic="report.returned",
    )
    return report


@transaction.atomic
def accept_report(
    report: ProgressReport, *, actor: Actor, expected_version: int | None = None
) -> ProgressReport:
    _require(permissions.can_review(actor))
    report = _lock(report, expected_version)
    before = report_snapshot(report)
    _move(report, ReportState.ACCEPTED)
    report.reviewed_at = timezone.now()
    _touch(report, actor)
    report.save()
    record_event(
        "report.accepted", report, actor=actor, before=before, after=report_snapshot(report)
    )
    return report


@transaction.atomic
def rate_item(
    round: Round,
    item: WorkItem,
    *,
    status: Status,
    actor: Actor,
    note: str = "",
    expected_rating_id: int | None = None,
    expected_updated_at: datetime.datetime | None = None,
) -> Rating:
    """The office rates the item, confirming or overriding the computed suggestion.

    An override needs a note. Both the rating and the decision about the suggestion are
    recorded, so the trail shows what was suggested, why, and what was chosen.
    """
    _require(permissions.can_review(actor))
    current = Rating.objects.select_for_update().filter(round=round, item=item).first()
    if expected_updated_at is not None and (
        current is None or current.updated_at != expected_updated_at
    ):
        raise _stale()
    if expected_updated_at is None and expected_rating_id == 0 and current is not None:
        raise _stale()
    found = suggestion_for(item, round)
    overrides = found is not None and found.status_code != status.code
    if overrides and not note.strip():
        raise ValidationError(_("Explain in a note why you rate differently from the suggestion."))
    rating = set_rating(
        round,
        item,
        status=status,
        note=note.strip(),
        actor=actor,
        example_order=current.example_order if current else None,
    )
    if found is not None:
        record_event(
            "rating.suggestion_overridden" if overrides else "rating.suggestion_confirmed",
            rating,
            actor=actor,
            before={"suggested": found.status_code, "reason": found.reason},
            after={"status": status.code, "note": note.strip()},
        )
    return rating


@transaction.atomic
def assign_item(item: WorkItem, *, unit: Unit, actor: Actor, notify: bool = True) -> Assignment:
    """交办: hand the item to a unit responsible for it; its reporters are told (unless the
    caller tells them itself, as the numbered notice does)."""
    _require(permissions.can_review(actor))
    responsible = unit.pk == item.lead_unit_id or item.co_units.filter(pk=unit.pk).exists()
    if not responsible:
        raise ValidationError(_("Only the item's lead unit and co-units can be assigned it."))
    assignment, created = Assignment.objects.get_or_create(
        item=item,
        unit=unit,
        defaults={"assigned_by": actor if getattr(actor, "pk", None) else None},
    )
    if created:
        record_event(
            "assignment.created", assignment, actor=actor, before=None, after=snapshot(assignment)
        )
    if created and notify:
        notify_unit(
            unit.pk,
            subject=f"【督查室】交办事项：{item}",
            text=f"督查室向您单位交办了“{item}”，请签收。",
            url=item_url(item.pk),
            topic="assignment.created",
        )
    return assignment


@transaction.atomic
def acknowledge_assignment(assignment: Assignment, *, actor: Actor) -> Assignment:
    """签收: a reporter of the unit confirms the unit has received the item."""
    from ducha.accounts.roles import roles_of

    _require(assignment.unit_id in roles_of(actor).unit_ids)
    locked = Assignment.objects.select_for_update().get(pk=assignment.pk)
    if locked.acknowledged_at is not None:
        return locked
    before = snapshot(locked)
    locked.acknowledged_at = timezone.now()
    locked.acknowledged_by = actor
    locked.save()
    record_event(
        "assignment.acknowledged", locked, actor=actor, before=before, after=snapshot(locked)
    )
    return locked


@transaction.atomic
def request_extension(
    item: WorkItem, *, unit: Unit, requested_deadline: datetime.date, reason: str, actor: Actor
) -> ExtensionRequest:
    _require(permissions.can_report_for(actor, item, unit.pk))
    if not reason.strip():
        raise ValidationError(_("Give the reason for the extension."))
    if item.deadline and requested_deadline <= item.deadline:
        raise ValidationError(_("The requested deadline must be later than the current one."))
    if ExtensionRequest.objects.filter(item=item, unit=unit, state=RequestState.PENDING).exists():
        raise ValidationError(_("Your unit already has a pending extension request for this item."))
    request = ExtensionRequest(
        item=item,
        unit=unit,
        current_deadline=item.deadline,
        requested_deadline=requested_deadline,
        reason=reason.strip(),
        requested_by=actor,
    )
    return save_audited(request, actor=actor, action="extension.requested")


def _decide(request: Any, *, approve: bool, reason: str, actor: Actor) -> dict[str, Any]:
    _require(permissions.can_decide(actor))
    if not reason.strip():
        raise ValidationError(_("Give the reason for the decision."))
    wanted = RequestState.APPROVED if approve else RequestState.DENIED
    if not can_move(REQUEST_TRANSITIONS, request.state, wanted):
        raise ValidationError(_("This request has already been decided."))
    before = snapshot(request)
    request.state = wanted
    request.decision_reason = reason.strip()
    request.decided_at = timezone.now()
    request.decided_by = actor
    request.save()
    return before


@transaction.atomic
def request_close_out(item: WorkItem, *, unit: Unit, summary: str, actor: Actor) -> CloseOutRequest:
    """办结/销号: the lead unit reports the work done and asks to close the item."""
    _require(permissions.can_report_for(actor, item, unit.pk) and unit.pk == item.lead_unit_id)
    if not summary.strip():
        raise ValidationError(_("Summarise the work done."))
    open_states = [RequestState.PENDING, RequestState.APPROVED]
    if CloseOutRequest.objects.filter(item=item, state__in=open_states).exists():
        raise ValidationError(_("This item already has a close-out request."))
    request = CloseOutRequest(item=item, unit=unit, summary=summary.strip(), requested_by=actor)
    return save_audited(request, actor=actor, action="close_out.requested")


# What the unit is told of a decision: (subject, sentence after the item's name), by kind
# of request and verdict.
_DECISION_WORDS = {
    "extension": {
        True: ("延期申请已批准", "的延期申请已批准"),
        False: ("延期申请未批准", "的延期申请未批准"),
    },
    "close_out": {True: ("已批准销号", "已批准销号"), False: ("未批准销号", "未批准销号")},
}


@transaction.atomic
def decide_request(
    request: ExtensionRequest | CloseOutRequest, *, approve: bool, reason: str, actor: Actor
) -> ExtensionRequest | CloseOutRequest:
    """The office head approves or denies an extension or close-out request, with the reason;
    an approved extension moves the item's deadline. The unit is told either way."""
    kind = "extension" if isinstance(request, ExtensionRequest) else "close_out"
    request = type(request).objects.select_for_update().get(pk=request.pk)
    before = _decide(request, approve=approve, reason=reason, actor=actor)
    record_event(f"{kind}.decided", request, actor=actor, before=before, after=snapshot(request))
    if approve and isinstance(request, ExtensionRequest):
        _extend_deadline(request, actor=actor)
    subject, sentence = _DECISION_WORDS[kind][approve]
    notify_unit(
        request.unit_id,
        subject=f"【督查室】{subject}：{request.item}",
        text=f"“{request.item}”{sentence}。{request.decision_reason}",
        url=item_url(request.item_id),
        topic=f"{kind}.decided",
    )
    return request


def _extend_deadline(request: ExtensionRequest, *, actor: Actor) -> None:
    item = WorkItem.objects.select_for_update().get(pk=request.item_id)
    item_before = snapshot(item)
    item.deadline = request.requested_deadline
    item.save(update_fields=["deadline"])
    record_event(
        "workitem.deadline_extended", item, actor=actor, before=item_before, after=snapshot(item)
    )


@transaction.atomic
def write_combined_statement(
    item: WorkItem, round: Round, *, text: str, actor: Actor, expected_version: int | None = None
) -> CombinedStatement:
    """The office writes, once, the statement that stands for all units' parts."""
    _require(permissions.can_review(actor))
    if not text.strip():
        raise ValidationError(_("The combined statement cannot be empty."))
    statement = CombinedStatement.objects.select_for_update().filter(item=item, round=round).first()
    before = None
    if statement is None:
        if expected_version not in (None, 0):
            raise _stale()
        statement = CombinedStatement(item=item, round=round)
    else:
        _check_version(statement.version, expected_version)
        before = snapshot(statement)
        statement.version += 1
    statement.text = text.strip()
    statement.updated_at = timezone.now()
    statement.updated_by = actor if getattr(actor, "pk", None) else None
    statement.save()
    action = "combined_statement.changed" if before else "combined_statement.created"
    record_event(action, statement, actor=actor, before=before, after=snapshot(statement))
    return statement


@transaction.atomic
def set_reporting_deadline(
    round: Round, *, due: datetime.datetime, actor: Actor
) -> ReportingDeadline:
    deadline = ReportingDeadline.objects.select_for_update().filter(round=round).first()
    deadline = deadline or ReportingDeadline(round=round)
    deadline.due = due
    return save_audited(deadline, actor=actor)


@transaction.atomic
def mark_notifications_read(*, actor: Actor) -> int:
    # Not audited: reading one's messages changes nothing the office answers for.
    return Notification.objects.filter(user=actor, read_at=None).update(read_at=timezone.now())


@dataclass(frozen=True)
class SheetResult:
    saved: int
    submitted: int
    unchanged: int


@transaction.atomic
def import_progress_sheet(
    plan: SheetPlan, round: Round, *, actor: Actor, filename: str = ""
) -> SheetResult:
    """A unit's filled-in progress sheet becomes its reports, all of them or none.

    1. refuse a plan with errors (nothing is written);
    2. save (or send) each changed part through `save_report`, which checks that the
       uploader reports for that unit, that the report may still change, and that nobody
       changed it since the sheet was read; each report is audited on its own;
    3. audit the upload as a whole on the round, unless it changed nothing.
    """
    if not plan.ok:
        raise ValidationError(_("The sheet has errors; nothing was saved."))
    for planned in plan.reports:
        if planned.action == "keep":
            continue
        part = planned.part
        save_report(
            part.item,
            round,
            unit=part.unit,
            actor=actor,
            narrative=planned.narrative,
            values=planned.values,
            expected_version=part.report.version if part.report else None,
            submit=planned.action == "submit",
        )
    result = SheetResult(plan.count("save"), plan.count("submit"), plan.count("keep"))
    if result.saved + result.submitted == 0:
        return result  # the same sheet again: nothing happened, nothing to record
    after = {"file": filename[-200:], "sheet": plan.sheet} | asdict(result)
    record_event("progress_sheet.imported", round, actor=actor, before=None, after=after)
    return result
