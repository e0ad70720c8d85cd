from django.urls import path

from ducha.auditlog import views

app_name = "auditlog"
urlpatterns = [
    path("", views.index, name="index"),
    path("export.xlsx", views.export, name="export"),
]
