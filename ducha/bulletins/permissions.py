"""Who may do what with bulletins: the one place these rules live.

The office (inspectors and the head) drafts, words and submits bulletins. Approval needs a
second pair of eyes: the office head, or an inspector other than the one who submitted it.
The public sees only published versions (queries.published_bulletins).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest

from ducha.accounts.models import Role
from ducha.accounts.roles import roles_of
from ducha.bulletins.models import Bulletin, BulletinState
from ducha.core.services import Viewer


def can_manage_bulletins(user: Viewer) -> bool:
    return roles_of(user).is_office


def can_edit(user: Viewer, bulletin: Bulletin) -> bool:
    return can_manage_bulletins(user) and bulletin.state == BulletinState.DRAFT


def can_submit(user: Viewer, bulletin: Bulletin) -> bool:
    return can_edit(user, bulletin)


def can_approve(user: Viewer, bulletin: Bulletin) -> bool:
    """The head, or another inspector than the submitter; never one's own submission alone."""
    if bulletin.state != BulletinState.SUBMITTED or not can_manage_bulletins(user):
        return False
    # can_manage_bulletins refuses None, so `user` is a person here.
    return roles_of(user).has(Role.HEAD) or (
        user is not None and user.pk != bulletin.submitted_by_id
    )


def can_return(user: Viewer, bulletin: Bulletin) -> bool:
    return can_approve(user, bulletin)


def bulletins_visible_to(user: Viewer) -> QuerySet[Bulletin]:
    """Every version, drafts included, for the office; nothing for anyone else."""
    queryset = Bulletin.objects.select_related("round", "submitted_by", "approved_by")
    return queryset if can_manage_bulletins(user) else queryset.none()


def get_bulletin_for_user(request: HttpRequest, pk: int, *, write: bool = False) -> Bulletin:
    """404 for what the user may not see; 403 when `write` and the draft is not editable."""
    bulletin = bulletins_visible_to(request.user).filter(pk=pk).first()
    if bulletin is None:
        raise Http404
    if write and not can_edit(request.user, bulletin):
        raise PermissionDenied
    return bulletin


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def can_import_bulletins(user: Viewer) -> bool:
    """Importing a published bulletin creates a round: the office's inspectors and head."""
    return roles_of(user).is_office
