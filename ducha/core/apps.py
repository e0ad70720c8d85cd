from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "ducha.core"
    verbose_name = _("Audit trail")

    def ready(self) -> None:
        from django.core.signals import request_finished

        from ducha.core.middleware import end_of_request

        request_finished.connect(end_of_request, dispatch_uid="ducha.end_of_request")
