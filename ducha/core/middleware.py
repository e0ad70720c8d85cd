"""Request-wide middleware: the interface language, and the request id of logs and responses."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
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
