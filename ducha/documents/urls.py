from django.urls import path

from ducha.documents import views

app_name = "documents"
urlpatterns = [
    path("office/documents/", views.register, name="register"),
    path("office/documents/settings/", views.office_settings, name="settings"),
    path("office/documents/urge/", views.urge, name="urge"),
    path("office/documents/bulletin/", views.register_bulletin, name="register_bulletin"),
    path("documents/<int:pk>/", views.detail, name="detail"),
    path("documents/<int:pk>.<str:extension>", views.download, name="download"),
    path("documents/<int:pk>/acknowledge/", views.acknowledge, name="acknowledge"),
    path("items/<int:pk>/assign/", views.assign, name="assign"),
]
