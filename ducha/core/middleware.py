"""Request-wide middleware: the interface language, the request id of logs and responses,
and requests refused whole (a NUL character anywhere)."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils import translation

from ducha.core.request import current_request_id, request_id_of


class LanguageMiddleware:
    """Like LocaleMiddleware, but ignores the browser's Accept-Language.

    A government office works in Chinese whatever the browser says; English is a choice
    the user makes (the language cookie set by Django's set_language view).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class RequestIdMiddleware:
    """Tags the request, its log lines and its response (X-Request-ID) with one id."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = request_id_of(request)
        # Kept until the response is closed (end_of_request): Django logs 4xx answers after
        # the middleware has returned.
        current_request_id.set(request_id)
        response = self.get_response(request)
        response.headers["X-Request-ID"] = request_id
        return response


def end_of_request(**kwargs: object) -> None:
    """Log lines between requests carry no request id (connected to request_finished)."""
    current_request_id.set("-")


class RefuseNulMiddleware:
    """Answer 400 to a request that carries a NUL character in its path, query, form
    fields or JSON body. No person types one; PostgreSQL cannot store one, and a lookup
    with one fails deep inside the database driver."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _carries_nul(request):
            return HttpResponseBadRequest(
                "请求中含有空字符（NUL），已拒绝。 (The request contains a NUL character.)",
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)


def _carries_nul(request: HttpRequest) -> bool:
    if "\x00" in request.path or "%00" in request.META.get("QUERY_STRING", ""):
        return True
    if any("\x00" in key or "\x00" in v for key, values in request.GET.lists() for v in values):
        return True
    content_type = request.META.get("CONTENT_TYPE", "")
    if content_type.startswith("application/json"):
        body = request.body
        return b"\\u0000" in body or b"\x00" in body
    if request.method == "POST" and content_type.startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        return any(
            "\x00" in key or "\x00" in str(v)
            for key, values in request.POST.lists()
            for v in values
        )
    return False
