from django.urls import path

from ducha.search import views

app_name = "search"
urlpatterns = [
    path("office/search/", views.office_search, name="office"),
    path("search/", views.portal_search, name="portal"),
]
