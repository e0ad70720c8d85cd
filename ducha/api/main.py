"""The JSON API under /api/: routers per app, calling the same services and permissions."""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.renderers import BaseRenderer
from ninja.security import django_auth

from ducha.api.progress import router as progress_router


class ChineseJSONRenderer(BaseRenderer):
    """JSON with Chinese text as it is, not as \\u escapes."""

    media_type = "application/json"

    def render(self, request: HttpRequest, data: Any, *, response_status: int) -> str:
        return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)


api = NinjaAPI(
    title="ducha",
    urls_namespace="api",
    renderer=ChineseJSONRenderer(),
    auth=django_auth,
    docs_url=None,
)


@api.exception_handler(ValidationError)
def invalid(request: HttpRequest, error: ValidationError) -> HttpResponse:
    return api.create_response(request, {"detail": error.messages}, status=400)


@api.exception_handler(PermissionDenied)
def forbidden(request: HttpRequest, error: PermissionDenied) -> HttpResponse:
    return api.create_response(request, {"detail": str(error) or "forbidden"}, status=403)


api.add_router("/", progress_router)
