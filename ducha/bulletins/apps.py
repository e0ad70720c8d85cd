from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BulletinsConfig(AppConfig):
    name = "ducha.bulletins"
    verbose_name = _("Bulletins")

    def ready(self) -> None:
        from ducha.bulletins import checks  # noqa: F401  (registers the font check)
