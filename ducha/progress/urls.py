from __future__ import annotations

from django.urls import path, re_path

from ducha.progress import sheet_views, views

app_name = "progress"
urlpatterns = [
    path("workbench/", views.workbench, name="workbench"),
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/sheet.xlsx", sheet_views.sheet_download, name="sheet"),
    path("inbox/sheet/", sheet_views.sheet_upload, name="sheet_upload"),
    path("office/", views.home, name="home"),
    path("notifications/read/", views.notifications_read, name="notifications_read"),
    path("items/<int:pk>/", views.item_detail, name="item"),
    path("items/<int:pk>/units/<int:unit_id>/report/", views.report_save, name="report_save"),
    path(
        "items/<int:pk>/units/<int:unit_id>/extension/", views.extension_request, name="extension"
    ),
    path(
        "items/<int:pk>/units/<int:unit_id>/close-out/", views.close_out_request, name="close_out"
    ),
    path("items/<int:pk>/rounds/<slug:code>/statement/", views.statement, name="statement"),
    path("reports/<int:pk>/return/", views.report_return, name="report_return"),
    path("reports/<int:pk>/accept/", views.report_accept, name="report_accept"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence"),
    path("assignments/<int:pk>/acknowledge/", views.acknowledge, name="acknowledge"),
    path("extensions/<int:pk>/decide/", views.extension_decide, name="extension_decide"),
    path("close-outs/<int:pk>/decide/", views.close_out_decide, name="close_out_decide"),
    path("rounds/<slug:code>/ratings/", views.ratings, name="ratings"),
    path("rounds/<slug:code>/ratings/<int:pk>/", views.rate, name="rate"),
    path("rounds/<slug:code>/changes/", views.changes, name="changes"),
    re_path(
        r"^rounds/(?P<code>[-\w]+)/reports\.(?P<fmt>xlsx|csv|json)$",
        sheet_views.reports_export,
        name="reports_export",
    ),
]
