from django.urls import path

from ducha.bulletins import views

app_name = "bulletins"
urlpatterns = [
    path("", views.index, name="index"),
    path("rounds/<slug:code>/start/", views.start, name="start"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/submit/", views.submit, name="submit"),
    path("<int:pk>/return/", views.send_back, name="return"),
    path("<int:pk>/approve/", views.approve, name="approve"),
    path("<int:pk>/document.<str:extension>", views.preview, name="preview"),
    path("import/", views.import_bulletin_view, name="import"),
]
