from django.urls import path

from ducha.outbox import views

app_name = "outbox"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/retry/", views.retry, name="retry"),
]
