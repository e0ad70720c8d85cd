from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditLogConfig(AppConfig):
    """The office's pages of the audit trail (操作记录); the events themselves are core's."""

    name = "ducha.auditlog"
    verbose_name = _("Audit trail pages")
