"""A page with an inline style, to show that every fetched page is read for the policy."""

from django.http import HttpRequest, HttpResponse
from django.urls import path


def styled(request: HttpRequest) -> HttpResponse:
    return HttpResponse('<p style="color: red">红色提示</p>')


urlpatterns = [path("styled/", styled)]
