from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from ducha.api.main import api
from ducha.core.views import healthz
from ducha.outbox import views as outbox_views

admin.site.site_header = _("ducha supervision office")
admin.site.site_title = _("ducha")
admin.site.index_title = _("Administration")

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("ducha.accounts.urls")),
    path("office/bulletins/", include("ducha.bulletins.urls")),
    path("office/ledger/", include("ducha.ledger.urls")),
    path("office/outbox/", include("ducha.outbox.urls")),
    path("me/channels/", outbox_views.my_channels, name="my_channels"),
    path("office/audit/", include("ducha.auditlog.urls")),
    path("cockpit/", include("ducha.cockpit.urls")),
    path("office/assessment/", include("ducha.assessment.urls")),
    path("", include("ducha.search.urls")),
    path("", include("ducha.portal.urls")),
    path("", include("ducha.progress.urls")),
    path("", include("ducha.documents.urls")),
    path("api/", api.urls),
]
