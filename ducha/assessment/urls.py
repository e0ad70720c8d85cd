from django.urls import path

from ducha.assessment import views

app_name = "assessment"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:year>/", views.ranking, name="ranking"),
    path("<int:year>/units/<int:unit_id>/", views.unit, name="unit"),
    path("<int:year>/rules/", views.rules, name="rules"),
    path("<int:year>/freeze/", views.freeze, name="freeze"),
    path("<int:year>/scores.xlsx", views.export, name="export"),
]
