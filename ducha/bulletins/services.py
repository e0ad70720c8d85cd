"""Use cases of bulletins: draft → submitted → published, corrections, reads. Each audited."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from ducha.bulletins import permissions
from ducha.bulletins.compose import compose_bulletin
from ducha.bulletins.layout import opening_template_errors
from ducha.bulletins.models import OPEN_STATES, TRANSITIONS, Bulletin, BulletinState
from ducha.core.services import Actor, record_event, snapshot
from ducha.review.exports import open_data
from ducha.review.models import Round


def _audited(bulletin: Bulletin) -> dict[str, Any]:
    """The bulletin as the trail keeps it: its open data by count (the rows are kept once,
    in the bulletin itself)."""
    data = snapshot(bulletin)
    rows = data.pop("open_data", None)
    if rows is not None:
        data["open_data_rows"] = len(rows.get("rows", []))
    return data


def _check(allowed: bool, actor: Actor) -> None:
    # The system (actor None: demo loader, commands) acts without a user's roles.
    if actor is not None:
        permissions.require(allowed)


def _latest(round: Round) -> Bulletin | None:
    return Bulletin.objects.filter(round=round).order_by("-version").first()


def draft_document(bulletin: Bulletin) -> Any:
    """A draft as it would be published now: today's ratings with the draft's wording."""
    return compose_bulletin(bulletin.round, wording=bulletin.wording)


def version_document(bulletin: Bulletin) -> Any:
    """What a version says: its frozen snapshot once approved, else the draft as it stands."""
    if bulletin.snapshot is not None:
        return bulletin.snapshot_document()
    return draft_document(bulletin)


@transaction.atomic
def start_bulletin(round: Round, *, actor: Actor, change_note: str = "") -> Bulletin:
    """Open a new draft version of the round's bulletin.

    1. Lock the round's versions, so two inspectors cannot open two drafts at once.
    2. Refuse if a draft or submitted version is already open.
    3. A version after a published one is a correction: it needs a change note, and starts
       from the previous version's wording (the counts are composed afresh from the ratings).
    """
    _check(permissions.can_manage_bulletins(actor), actor)
    Round.objects.select_for_update().get(pk=round.pk)
    previous = _latest(round)
    if previous is not None and previous.state in OPEN_STATES:
        raise ValidationError(
            f"{round.name}已有未发布的通报（第{previous.version}版），请在其上修改。"
        )
    published = Bulletin.objects.filter(round=round, state=BulletinState.PUBLISHED).exists()
    if published and not change_note.strip():
        raise ValidationError("更正已发布的通报须写明更正说明。")
    version = (Bulletin.objects.filter(round=round).aggregate(n=Max("version"))["n"] or 0) + 1
    bulletin = Bulletin.objects.create(
        round=round,
        version=version,
        wording=dict(previous.wording) if previous else {},
        change_note=change_note.strip(),
        created_by=actor if getattr(actor, "pk", None) else None,
        author=previous.author if previous else "",
    )
    record_event("bulletin.drafted", bulletin, actor=actor, before=None, after=_audited(bulletin))
    return bulletin


@transaction.atomic
def update_wording(
    bulletin: Bulletin, *, actor: Actor, wording: dict[str, Any], change_note: str | None = None
) -> Bulletin:
    """Replace a draft's own text. Counts and examples are not part of it and stay computed."""
    bulletin = Bulletin.objects.select_for_update().get(pk=bulletin.pk)
    _check(permissions.can_edit(actor, bulletin), actor)
    if bulletin.state != BulletinState.DRAFT:
        raise ValidationError("只有草稿可以修改。")
    errors = opening_template_errors(wording.get("opening", "")) if wording.get("opening") else []
    if errors:
        raise ValidationError(errors)
    if change_note is not None and bulletin.version > 1 and not change_note.strip():
        raise ValidationError("更正已发布的通报须写明更正说明。")
    before = _audited(bulletin)
    bulletin.wording = wording
    if change_note is not None:
        bulletin.change_note = change_note.strip()
    bulletin.save(update_fields=["wording", "change_note"])
    record_event("bulletin.worded", bulletin, actor=actor, before=before, after=_audited(bulletin))
    return bulletin


def _move(bulletin: Bulletin, step: str, *, actor: Actor, **changes: Any) -> Bulletin:
    source, target = TRANSITIONS[step]
    if bulletin.state != source:
        raise ValidationError(
            f"第{bulletin.version}版通报当前为“{bulletin.get_state_display()}”，不能执行此操作。"
        )
    before = _audited(bulletin)
    bulletin.state = target
    for name, value in changes.items():
        setattr(bulletin, name, value)
    bulletin.save()
    record_event(f"bulletin.{step}", bulletin, actor=actor, before=before, after=_audited(bulletin))
    return bulletin


@transaction.atomic
def submit_bulletin(bulletin: Bulletin, *, actor: Actor) -> Bulletin:
    """Hand a draft over for approval by a second inspector or the head."""
    bulletin = Bulletin.objects.select_for_update().get(pk=bulletin.pk)
    _check(permissions.can_submit(actor, bulletin), actor)
    return _move(
        bulletin,
        "submit",
        actor=actor,
        submitted_by=actor if getattr(actor, "pk", None) else None,
        submitted_at=timezone.now(),
    )


@transaction.atomic
def return_bulletin(bulletin: Bulletin, *, actor: Actor) -> Bulletin:
    """Send a submitted bulletin back to its drafters."""
    bulletin = Bulletin.objects.select_for_update().get(pk=bulletin.pk)
    _check(permissions.can_return(actor, bulletin), actor)
    return _move(bulletin, "return", actor=actor, submitted_by=None, submitted_at=None)


@transaction.atomic
def approve_bulletin(
    bulletin: Bulletin, *, actor: Actor, at: datetime.datetime | None = None
) -> Bulletin:
    """Approve and publish a submitted bulletin.

    1. Lock it and check the approver is not its only reviewer (permissions.can_approve).
    2. Compose it from the ratings as they are now, with its wording, and freeze that
       document in `snapshot` and the rows of its open data in `open_data`: later rating
       changes alter neither until a correction is approved.
    3. Mark the version it corrects, if any, as superseded; the reads carry over.
    """
    bulletin = Bulletin.objects.select_for_update().get(pk=bulletin.pk)
    _check(permissions.can_approve(actor, bulletin), actor)
    published_at = at or timezone.now()
    document = compose_bulletin(bulletin.round, published_at=published_at, wording=bulletin.wording)
    previous = (
        Bulletin.objects.select_for_update()
        .filter(round=bulletin.round, state=BulletinState.PUBLISHED)
        .first()
    )
    read_count = 0
    if previous is not None:
        before = _audited(previous)
        previous.state = BulletinState.SUPERSEDED
        previous.save(update_fields=["state"])
        record_event(
            "bulletin.superseded", previous, actor=actor, before=before, after=_audited(previous)
        )
        read_count = previous.read_count
    return _move(
        bulletin,
        "approve",
        actor=actor,
        published_at=published_at,
        snapshot=document.to_dict(),
        open_data=open_data(bulletin.round),
        approved_by=actor if getattr(actor, "pk", None) else None,
        # Drafts are never read on the portal, so the previous version's reads are all.
        read_count=read_count,
    )


@transaction.atomic
def publish_bulletin(
    round: Round, *, actor: Actor, at: datetime.datetime | None = None, author: str = ""
) -> Bulletin:
    """Publish the round's bulletin in one go, as the system does when loading a round.

    Opens a draft if none is open, submits and approves it, each step audited as done by the
    system. People go through the steps one by one (start_bulletin, update_wording,
    submit_bulletin, approve_bulletin), and approval needs a second person.
    """
    if actor is not None:
        raise ValueError("publish_bulletin is the system's shortcut; people use approve_bulletin")
    bulletin = Bulletin.objects.filter(round=round, state__in=OPEN_STATES).first()
    if bulletin is None:
        note = "重新发布" if _latest(round) else ""
        bulletin = start_bulletin(round, actor=None, change_note=note)
    if author:
        bulletin.author = author
        bulletin.save(update_fields=["author"])
    if bulletin.state == BulletinState.DRAFT:
        bulletin = submit_bulletin(bulletin, actor=None)
    return approve_bulletin(bulletin, actor=None, at=at)


@transaction.atomic
def freeze_open_data(bulletin: Bulletin) -> Bulletin:
    """Give a version published before open data was frozen at approval its rows, once.

    Its open data used to be read live; from now on it stays as it is at this moment.
    """
    frozen = Bulletin.objects.filter(
        pk=bulletin.pk, state=BulletinState.PUBLISHED, open_data__isnull=True
    ).update(open_data=open_data(bulletin.round))
    bulletin.refresh_from_db()
    if frozen:
        record_event(
            "bulletin.open_data_frozen", bulletin, actor=None, before=None, after=_audited(bulletin)
        )
    return bulletin
