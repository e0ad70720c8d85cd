from django.urls import path

from ducha.cockpit import views

app_name = "cockpit"
urlpatterns = [
    path("", views.cockpit, name="index"),
    path("items/", views.items, name="items"),
]
