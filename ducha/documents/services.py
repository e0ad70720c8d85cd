"""Use cases of numbered documents. Each is one transaction that checks who may do it,
gives the number, registers the document, queues its messages and writes the audit event."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ducha.accounts.roles import roles_of
from ducha.bulletins.models import Bulletin, BulletinState
from ducha.core.services import Actor, record_event, snapshot
from ducha.documents import delivery, wording
from ducha.documents.enums import Addressee, DocumentAction, DocumentKind
from ducha.documents.models import Document, EscalationRule
from ducha.documents.numbering import allocate, format_number, series_for
from ducha.ledger.models import WorkItem
from ducha.org.models import Unit
from ducha.progress.models import Assignment, ReportingDeadline
from ducha.progress.services import acknowledge_assignment, assign_item
from ducha.review.models import Round


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _user(actor: Actor) -> Actor:
    return actor if getattr(actor, "pk", None) else None


@dataclass(frozen=True)
class Issue:
    """A document to issue: its draft, whom it concerns, and how it is delivered."""

    draft: wording.Draft
    unit: Unit | None = None
    item: WorkItem | None = None
    round: Round | None = None
    addressee: str = Addressee.REPORTER
    copy_leaders: bool = False
    rule: EscalationRule | None = None
    bulletin: Bulletin | None = None


def preview(issue: Issue) -> list[delivery.Delivery]:
    """Who would receive the document, on which channel (nothing is written)."""
    if issue.unit is None:
        return []
    return delivery.plan(
        issue.unit, issue.item, addressee=issue.addressee, copy_leaders=issue.copy_leaders
    )


def register_document(issue: Issue, *, actor: Actor, now: datetime.datetime) -> Document:
    """Number, register, deliver and audit one document, in the caller's transaction."""
    draft = issue.draft
    series = series_for(draft.kind)
    year = timezone.localtime(now).year
    serial = allocate(draft.kind, year)
    plan = preview(issue)
    document = Document.objects.create(
        kind=draft.kind,
        level=draft.level,
        year=year,
        serial=serial,
        number=format_number(series.pattern, year, serial),
        title=draft.title[:120],
        issuer=series.issuer,
        printed_by=series.printed_by,
        main_to=draft.main_to[:300],
        copy_to=draft.copy_to[:300],
        body=draft.body,
        unit=issue.unit,
        item=issue.item,
        round=issue.round,
        rule=issue.rule,
        bulletin=issue.bulletin,
        recipients="\n".join(f"{d.who}（{d.channel_label}）" for d in plan),
        issued_at=now,
        issued_by=_user(actor),
    )
    kind = wording.kind_title(draft.kind, draft.level)
    if plan:
        delivery.send(
            plan,
            subject=f"【{kind}】{document.number}",
            text=f"{draft.body.splitlines()[0]}请登录系统签收。",
            url=(issue.item or document).get_absolute_url(),
            topic=f"document.{draft.kind}",
        )
    record_event(
        DocumentAction.ISSUED, document, actor=actor, before=None, after=snapshot(document)
    )
    return document


@transaction.atomic
def issue_document(issue: Issue, *, actor: Actor, now: datetime.datetime | None = None) -> Document:
    """发文 by hand: the office issues one document."""
    _require(actor is None or roles_of(actor).is_office)
    return register_document(issue, actor=actor, now=now or timezone.now())


def reporting_due(round: Round | None) -> datetime.datetime | None:
    deadline = ReportingDeadline.objects.filter(round=round).first() if round else None
    return deadline.due if deadline else None


def current_round() -> Round | None:
    return Round.objects.order_by("-period_end", "-pk").first()


@transaction.atomic
def assign_with_notice(item: WorkItem, *, unit: Unit, actor: Actor) -> Document | None:
    """交办 with its 督查通知单: the assignment and the numbered notice commit together.
    Assigning a unit that has the item already issues nothing."""
    already = Assignment.objects.filter(item=item, unit=unit).exists()
    # Checks the actor and the unit; the notice tells the unit, so the assignment does not.
    assign_item(item, unit=unit, actor=actor, notify=False)
    if already:
        return None
    round = current_round()
    draft = wording.notice(item, unit, due=reporting_due(round))
    issue = Issue(draft=draft, unit=unit, item=item, round=round)
    return register_document(issue, actor=actor, now=timezone.now())


@transaction.atomic
def acknowledge_document(document: Document, *, actor: Actor) -> Document:
    """签收: a reporter of the recipient unit confirms the unit has the document; a notice's
    assignment is acknowledged with it."""
    _require(document.unit_id is not None and document.unit_id in roles_of(actor).unit_ids)
    locked = Document.objects.select_for_update().get(pk=document.pk)
    if locked.acknowledged_at is not None:
        return locked
    before = snapshot(locked)
    locked.acknowledged_at = timezone.now()
    locked.acknowledged_by = actor
    locked.save(update_fields=["acknowledged_at", "acknowledged_by"])
    record_event(
        DocumentAction.ACKNOWLEDGED, locked, actor=actor, before=before, after=snapshot(locked)
    )
    if locked.kind == DocumentKind.NOTICE and locked.item_id and locked.unit_id:
        assignment = Assignment.objects.filter(item_id=locked.item_id, unit_id=locked.unit_id)
        for found in assignment:
            acknowledge_assignment(found, actor=actor)
    return locked


def validate_pattern(pattern: str) -> None:
    if "{n}" not in pattern:
        raise ValidationError(_("The number format must contain {n}."))


@transaction.atomic
def register_bulletin(bulletin: Bulletin, *, main_to: str, actor: Actor) -> Document:
    """The published bulletin gets its 期号 from the bulletin series and enters the register;
    its DOCX and PDF then carry the 版头 and the 主送 (the portal article does not)."""
    _require(roles_of(actor).is_office)
    if bulletin.state != BulletinState.PUBLISHED:
        raise ValidationError(_("Only a published bulletin can be registered."))
    if Document.objects.filter(bulletin=bulletin).exists():
        raise ValidationError(_("This bulletin is registered already."))
    draft = wording.Draft(
        kind=DocumentKind.BULLETIN,
        title=bulletin.round.title,
        main_to=main_to.strip().rstrip("：:"),
        body=f"{bulletin.round.name}督查通报。",
    )
    now = timezone.now()
    issue = Issue(draft=draft, round=bulletin.round, bulletin=bulletin)
    return register_document(issue, actor=actor, now=now)


@transaction.atomic
def urge_by_hand(issues: list[Issue], *, actor: Actor) -> list[Document]:
    """Issue the previewed documents, all or none."""
    _require(roles_of(actor).is_office)
    now = timezone.now()
    return [register_document(issue, actor=actor, now=now) for issue in issues]


@transaction.atomic
def save_settings(series: Any, rules: Any, *, actor: Actor) -> None:
    """The office's 文号 formats and escalation rules (model formsets), each change audited."""
    _require(roles_of(actor).is_office)
    for formset, action in (
        (series, DocumentAction.SERIES_CHANGED),
        (rules, DocumentAction.RULE_CHANGED),
    ):
        for form in formset.forms:
            if not form.has_changed() or not form.is_valid():
                continue
            # Rules are switched off (active), never deleted: issued documents name them.
            before = snapshot(form.instance) if form.instance.pk else None
            saved = form.save()
            record_event(action, saved, actor=actor, before=before, after=snapshot(saved))
