"""Audit action codes and what they mean in words: the one list the trail pages read.

Codes are stable (stored in AuditEvent.action); labels are for people. Services that the
admin saves generically record `<model>.created`, `.changed`, `.deleted` and
`.links_changed`; those are named by their verb (see `action_label`).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

LOGIN_SUCCEEDED = "login.succeeded"
LOGIN_FAILED = "login.failed"
LOGIN_LOCKED_OUT = "login.locked_out"
LOGGED_OUT = "login.logged_out"
PASSWORD_CHANGED = "password.changed"

ACTION_LABELS = {
    LOGIN_SUCCEEDED: _("logged in"),
    LOGIN_FAILED: _("failed login"),
    LOGIN_LOCKED_OUT: _("login locked out"),
    LOGGED_OUT: _("logged out"),
    PASSWORD_CHANGED: _("changed password"),
    "user.created": _("created user"),
    "membership.created": _("granted role"),
    "workitem.created": _("created work item"),
    "workitem.changed": _("changed work item"),
    "workitem.deadline_extended": _("extended deadline"),
    "ledgerimport.created": _("uploaded ledger"),
    "ledgerimport.confirmed": _("imported ledger"),
    "round.created": _("created round"),
    "round.imported": _("imported bulletin as round"),
    "rating.created": _("rated item"),
    "rating.changed": _("changed rating"),
    "rating.suggestion_confirmed": _("confirmed suggested status"),
    "rating.suggestion_overridden": _("overrode suggested status"),
    "highlight.created": _("added highlight"),
    "recommendation.created": _("added recommendation"),
    "report.saved": _("saved report draft"),
    "report.submitted": _("sent report"),
    "report.returned": _("returned report"),
    "report.accepted": _("accepted report"),
    "assignment.created": _("assigned item"),
    "assignment.acknowledged": _("acknowledged assignment"),
    "extension.requested": _("requested extension"),
    "extension.decided": _("decided extension"),
    "close_out.requested": _("requested close-out"),
    "close_out.decided": _("decided close-out"),
    "combined_statement.created": _("wrote combined statement"),
    "combined_statement.changed": _("changed combined statement"),
    "progress_sheet.imported": _("imported progress sheet"),
    "bulletin.drafted": _("drafted bulletin"),
    "bulletin.worded": _("edited bulletin wording"),
    "bulletin.submit": _("submitted bulletin for approval"),
    "bulletin.return": _("returned bulletin"),
    "bulletin.approve": _("approved and published bulletin"),
    "bulletin.superseded": _("bulletin corrected by a new version"),
    "document.issued": _("issued document"),
    "document.acknowledged": _("acknowledged document"),
    "document_series.changed": _("changed document number format"),
    "escalation_rule.changed": _("changed escalation rule"),
    "userchannels.changed": _("changed notification channels"),
}
VERB_LABELS = {
    "created": _("created"),
    "changed": _("changed"),
    "deleted": _("deleted"),
    "links_changed": _("changed links of"),
}


def action_label(code: str) -> str:
    """The action in words; a generic `<model>.<verb>` reads as the verb."""
    if code in ACTION_LABELS:
        return str(ACTION_LABELS[code])
    verb = code.rsplit(".", 1)[-1]
    return str(VERB_LABELS[verb]) if verb in VERB_LABELS else code
