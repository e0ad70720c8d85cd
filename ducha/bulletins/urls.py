from django.urls import path

from ducha.bulletins import views

app_name = "bulletins"
urlpatterns = [
    path("import-bulletin/", views.import_bulletin_view, name="import"),
]
