from django.urls import path, re_path

from ducha.ledger import views

app_name = "ledger"
urlpatterns = [
    path("import/", views.import_start, name="import"),
    path("import/<uuid:token>/", views.import_status, name="import_status"),
    path("import/<uuid:token>/confirm/", views.import_confirm, name="import_confirm"),
    path("import/<uuid:token>/restart/", views.import_restart, name="import_restart"),
    path("template.xlsx", views.template_download, name="template"),
    re_path(r"^export\.(?P<fmt>xlsx|csv|json)$", views.export_ledger, name="export"),
    re_path(
        r"^ratings/(?P<code>[-\w]+)\.(?P<fmt>xlsx|csv|json)$",
        views.export_ratings,
        name="export_ratings",
    ),
]
