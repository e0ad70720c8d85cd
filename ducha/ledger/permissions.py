"""Who may do what with the ledger. Views and templates ask here, nowhere else."""

from __future__ import annotations

import uuid

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from ducha.accounts.roles import roles_of
from ducha.core.services import Viewer
from ducha.ledger.models import LedgerImport


def can_import_ledger(user: Viewer) -> bool:
    """The office keeps the ledger; units and leaders only read their part of it."""
    return roles_of(user).is_office


def can_export_ledger(user: Viewer) -> bool:
    return roles_of(user).is_office


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def get_import_for_user(request: HttpRequest, token: str) -> LedgerImport:
    """An import job of the office; 404 for anyone else or an unknown token."""
    require(can_import_ledger(request.user))
    try:
        key = uuid.UUID(str(token))
    except ValueError:
        raise Http404 from None
    job = LedgerImport.objects.select_related("default_source").filter(token=key).first()
    if job is None:
        raise Http404
    return job
