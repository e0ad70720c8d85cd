"""Audited writes. Every domain service records its change through `record_event`."""

from __future__ import annotations

import datetime
import decimal
from typing import Any, TypeVar

from django.contrib.auth.models import AnonymousUser, User
from django.db import connections, models, transaction

from ducha.core.models import AuditEvent

M = TypeVar("M", bound=models.Model)
# Who makes a change: a user, or None for the system (demo loader, scheduled jobs).
Actor = User | None
# Whom a permission is asked for: a page's request.user (logged in or not), or a service's
# actor (None: the system).
Viewer = User | AnonymousUser | None


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, list | tuple):
        return [_json_value(v) for v in value]
    return value


def snapshot_fields(obj: models.Model) -> dict[str, Any]:
    """The object's own column values, JSON-safe, without many-to-many links (no query)."""
    return {
        field.attname: _json_value(field.value_from_object(obj))
        for field in obj._meta.concrete_fields
    }


def snapshot(obj: models.Model) -> dict[str, Any]:
    """The object's stored values, JSON-safe: foreign keys as ids, many-to-many as id lists."""
    data = snapshot_fields(obj)
    if obj.pk is not None:
        for m2m in obj._meta.many_to_many:
            data[m2m.name] = sorted(getattr(obj, m2m.name).values_list("pk", flat=True))
    return data


def event(
    action: str,
    target: models.Model,
    *,
    actor: Actor,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
) -> AuditEvent:
    """An unsaved audit event, for services that save many at once with bulk_create."""
    return AuditEvent(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        target_repr=str(target)[:255],
        before=before,
        after=after,
    )


def insert_events(events: list[AuditEvent]) -> None:
    """Save many audit events at once, as plain rows adapted by the database backend.

    For imports of tens of thousands of items, where bulk_create's per-object work
    would take longer than the rest of the import.
    """
    if not events:
        return
    connection = connections[AuditEvent.objects.db]
    ops, quote = connection.ops, connection.ops.quote_name
    columns = ["at", "actor_id", "action", "target_type", "target_id", "target_repr"]
    columns += ["before", "after"]
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        quote(AuditEvent._meta.db_table),
        ", ".join(quote(c) for c in columns),
        ", ".join(["%s"] * len(columns)),
    )
    rows = [
        (
            ops.adapt_datetimefield_value(e.at),
            e.actor_id,
            e.action,
            e.target_type,
            e.target_id,
            e.target_repr,
            None if e.before is None else ops.adapt_json_value(e.before, None),
            None if e.after is None else ops.adapt_json_value(e.after, None),
        )
        for e in events
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def record_event(
    action: str,
    target: models.Model,
    *,
    actor: Actor,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
) -> AuditEvent:
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        target_repr=str(target)[:255],
        before=before,
        after=after,
    )


def _action(obj: models.Model, verb: str) -> str:
    return f"{obj._meta.model_name}.{verb}"


@transaction.atomic
def save_audited(obj: M, *, actor: Actor, action: str | None = None) -> M:
    """Validate and save `obj`, recording its values before and after."""
    before = None
    if obj.pk is not None:
        stored = type(obj)._default_manager.filter(pk=obj.pk).first()
        before = snapshot(stored) if stored is not None else None
    obj.full_clean()
    obj.save()
    verb = "changed" if before is not None else "created"
    record_event(action or _action(obj, verb), obj, actor=actor, before=before, after=snapshot(obj))
    return obj


@transaction.atomic
def delete_audited(obj: models.Model, *, actor: Actor) -> None:
    before = snapshot(obj)
    record_event(_action(obj, "deleted"), obj, actor=actor, before=before, after=None)
    obj.delete()


@transaction.atomic
def record_m2m_change(obj: models.Model, before: dict[str, Any], *, actor: Actor) -> None:
    """Record a change of many-to-many links (saved after the object itself, e.g. by the admin)."""
    after = snapshot(obj)
    if after != before:
        record_event(_action(obj, "links_changed"), obj, actor=actor, before=before, after=after)
