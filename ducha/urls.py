from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("ducha supervision office")
admin.site.site_title = _("ducha")
admin.site.index_title = _("Administration")

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("ducha.accounts.urls")),
    path("office/", include("ducha.bulletins.urls")),
    path("", include("ducha.portal.urls")),
]
