from django.urls import path

from ducha.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.column, name="column"),
    path("bulletins/<slug:code>/", views.bulletin, name="bulletin"),
    path("bulletins/<slug:code>/document.<str:extension>", views.download, name="download"),
]
