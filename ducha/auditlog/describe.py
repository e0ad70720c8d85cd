"""Audit events in words: who, when, what, and each changed value before → after.

Stored events hold column values (foreign keys as ids, choices as codes). Here ids become
names, codes become labels and columns become their verbose names, in one query per
kind of object referred to on the page, however many events it shows.
"""

from __future__ import annotations

import datetime
import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ducha.core.actions import action_label
from ducha.core.models import AuditEvent

HIDDEN = {"id", "password"}
MAX_TEXT = 200
EMPTY = "—"
# Keys of events that are not model fields (logins and the like).
DETAIL_LABELS = {
    "username": gettext_lazy("username"),
    "ip": gettext_lazy("IP address"),
    "path": gettext_lazy("page"),
    "user_agent": gettext_lazy("browser"),
}


@dataclass(frozen=True)
class Change:
    label: str
    before: str
    after: str


@dataclass
class EventRow:
    at: datetime.datetime
    actor: str
    action: str
    kind: str
    target: str
    changes: list[Change] = field(default_factory=list)
    # "changed": before → after; "created": the values after; "deleted": the values before.
    shape: str = "changed"


def person_name(user: User | None) -> str:
    """How the trail names a person: their name, else their login."""
    if user is None:
        return _("system")
    return str(user.first_name or user.get_username())


def kind_label(target_type: str) -> str:
    model = _model(target_type)
    return str(model._meta.verbose_name) if model is not None else target_type


def _model(target_type: str) -> type[models.Model] | None:
    try:
        return apps.get_model(target_type)
    except (LookupError, ValueError):
        return None


def _field(model: type[models.Model] | None, key: str) -> models.Field[Any, Any] | None:
    if model is None:
        return None
    found: Any
    try:
        found = model._meta.get_field(key)
    except FieldDoesNotExist:
        found = next((f for f in model._meta.concrete_fields if f.attname == key), None)
    return found if isinstance(found, models.Field) else None


def changed_keys(event: AuditEvent, model: type[models.Model] | None) -> list[str]:
    """The keys to show: what changed, or every non-empty value of a creation or deletion.

    Fields people cannot edit (a published snapshot, ids) are the system's own record and
    would only bury the change.
    """
    before, after = event.before or {}, event.after or {}
    if event.before is None or event.after is None:
        keys = [k for k, v in (before or after).items() if v not in (None, "", [], {})]
    else:
        keys = event.changed_fields()
    shown = []
    for key in keys:
        fld = _field(model, key)
        if key not in HIDDEN and (fld is None or fld.editable):
            shown.append(key)
    return shown


class NameBook:
    """Names of the objects that the page's events refer to by id, read in bulk."""

    def __init__(self) -> None:
        self.wanted: dict[type[models.Model], set[Any]] = defaultdict(set)
        self.names: dict[type[models.Model], dict[Any, str]] = {}

    def want(self, fld: models.Field[Any, Any], value: Any) -> None:
        if fld.is_relation and fld.related_model is not None and value not in (None, ""):
            ids = value if isinstance(value, list) else [value]
            self.wanted[fld.related_model].update(ids)

    def load(self) -> None:
        user_model = get_user_model()
        for model, ids in self.wanted.items():
            objects = model._default_manager.select_related().in_bulk(list(ids))
            namer: Callable[[Any], str] = person_name if model is user_model else str
            self.names[model] = {pk: namer(obj) for pk, obj in objects.items()}

    def name(self, model: Any, pk: Any) -> str:
        return self.names.get(model, {}).get(pk) or f"#{pk}"


def _text(value: Any) -> str:
    if value in (None, "", [], {}):
        return EMPTY
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, dict | list):
        value = json.dumps(value, ensure_ascii=False)
    text = str(value)
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1] + "…"


def _datetime_text(value: Any) -> str | None:
    if not isinstance(value, str) or "T" not in value:
        return None
    try:
        moment = datetime.datetime.fromisoformat(value)
    except ValueError:
        return None
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return f"{moment:%Y-%m-%d %H:%M}"


def value_text(fld: models.Field[Any, Any] | None, value: Any, book: NameBook) -> str:
    """One stored value in words: names for ids, labels for codes."""
    if fld is None or value in (None, "", []):
        return _datetime_text(value) or _text(value)
    if fld.is_relation and fld.related_model is not None:
        ids = value if isinstance(value, list) else [value]
        return "、".join(book.name(fld.related_model, pk) for pk in ids)
    if fld.choices:
        return _text(dict(fld.flatchoices).get(value, value))
    return _datetime_text(value) or _text(value)


def _label(model: Any, key: str, fld: models.Field[Any, Any] | None) -> str:
    if fld is not None:
        return str(fld.verbose_name)
    return str(DETAIL_LABELS.get(key, key))


def describe(events: Sequence[AuditEvent]) -> list[EventRow]:
    """The events as rows in words (actors must be select_related)."""
    plan: list[tuple[AuditEvent, list[tuple[str, models.Field[Any, Any] | None]]]] = []
    book = NameBook()
    for event in events:
        model = _model(event.target_type)
        keys = [(k, _field(model, k)) for k in changed_keys(event, model)]
        for key, fld in keys:
            for side in (event.before or {}, event.after or {}):
                if fld is not None:
                    book.want(fld, side.get(key))
        plan.append((event, keys))
    book.load()
    return [_row(event, keys, book) for event, keys in plan]


def _row(
    event: AuditEvent, keys: Iterable[tuple[str, models.Field[Any, Any] | None]], book: NameBook
) -> EventRow:
    before, after = event.before or {}, event.after or {}
    model = _model(event.target_type)
    changes = [
        Change(
            label=_label(model, key, fld),
            before=value_text(fld, before.get(key), book) if event.before is not None else EMPTY,
            after=value_text(fld, after.get(key), book) if event.after is not None else EMPTY,
        )
        for key, fld in keys
    ]
    return EventRow(
        at=timezone.localtime(event.at),
        actor=person_name(event.actor),
        action=action_label(event.action),
        kind=kind_label(event.target_type),
        target=event.target_repr,
        changes=changes,
        shape="created"
        if event.before is None
        else "deleted"
        if event.after is None
        else "changed",
    )
