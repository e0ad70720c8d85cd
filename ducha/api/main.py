"""The JSON API under /api/: routers per app, calling the same services and permissions."""

from __future__ import annotations

import json
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from ninja import NinjaAPI
from ninja.openapi.docs import DocsBase
from ninja.renderers import BaseRenderer
from ninja.security import django_auth

from ducha.api.assessment import router as assessment_router
from ducha.api.cockpit import router as cockpit_router
from ducha.api.progress import router as progress_router


class ChineseJSONRenderer(BaseRenderer):
    """JSON with Chinese text as it is, not as \\u escapes."""

    media_type = "application/json"

    def render(self, request: HttpRequest, data: Any, *, response_status: int) -> str:
        return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)


class OwnStaticSwagger(DocsBase):
    """Swagger UI from our own static files (vendored from npm): no CDN, no inline script."""

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        context = {"api": api, "openapi_url": self.get_openapi_url(api, kwargs)}
        return render(request, "api/docs.html", context)


# The schema and its docs page are for logged-in users only, like the API itself.
api = NinjaAPI(
    title="ducha",
    urls_namespace="api",
    renderer=ChineseJSONRenderer(),
    auth=django_auth,
    docs=OwnStaticSwagger(),
    docs_url="/docs/",
    docs_decorator=login_required,
)


@api.exception_handler(ValidationError)
def invalid(request: HttpRequest, error: ValidationError) -> HttpResponse:
    return api.create_response(request, {"detail": error.messages}, status=400)


@api.exception_handler(PermissionDenied)
def forbidden(request: HttpRequest, error: PermissionDenied) -> HttpResponse:
    return api.create_response(request, {"detail": str(error) or "forbidden"}, status=403)


api.add_router("/", progress_router)
api.add_router("/", cockpit_router)
api.add_router("/", assessment_router)
