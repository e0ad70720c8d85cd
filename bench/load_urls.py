"""The site's URLs plus /trivial/, a view that does nothing, through the same middleware."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from ducha.urls import urlpatterns as site


def trivial(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("trivial/", trivial), *site]
