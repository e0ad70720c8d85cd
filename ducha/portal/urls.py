from django.urls import path, re_path

from ducha.portal import opendata, views

app_name = "portal"
urlpatterns = [
    path("", views.column, name="column"),
    path("bulletins/<slug:code>/", views.bulletin, name="bulletin"),
    path("bulletins/<slug:code>/document.<str:extension>", views.download, name="download"),
    re_path(
        r"^bulletins/(?P<code>[-\w]+)/data\.(?P<fmt>csv|json)$",
        opendata.round_data,
        name="bulletin_data",
    ),
    re_path(
        r"^bulletins/(?P<code>[-\w]+)/v(?P<version>[0-9]{1,4})/data\.(?P<fmt>csv|json)$",
        opendata.round_data,
        name="bulletin_version_data",
    ),
]
