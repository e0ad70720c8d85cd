"""The office's bulletin import: upload, preview (findings and what would be created), import."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from ducha.bulletins.forms import ImportBulletinForm
from ducha.bulletins.import_services import import_bulletin
from ducha.bulletins.importer import ImportRefused, build_plan
from ducha.bulletins.permissions import can_import_bulletins
from ducha.bulletins.reader.inputs import ReaderInputError
from ducha.bulletins.reader.installation import extract_upload, read_installation_text

TEMPLATE = "bulletins/import_bulletin.html"


def _text_of(form: ImportBulletinForm) -> str:
    upload = form.cleaned_data.get("file")
    if upload is not None:
        return extract_upload(upload.read(), upload.name)
    return str(form.cleaned_data["text"])


@login_required
def import_bulletin_view(request: HttpRequest) -> HttpResponse:
    if not can_import_bulletins(request.user):
        raise PermissionDenied
    form = ImportBulletinForm(request.POST or None, request.FILES or None)
    context: dict[str, object] = {"form": form}
    if request.method == "POST" and form.is_valid():
        try:
            text = _text_of(form)
            doc = read_installation_text(text)
            plan = build_plan(doc, code=form.cleaned_data["code"], period=form.period())
            if "confirm" in request.POST:
                round = import_bulletin(doc, plan, actor=request.user)
                messages.success(request, _("Imported as round %(code)s.") % {"code": round.code})
                return redirect(reverse("bulletins:import"))
        except (ReaderInputError, ImportRefused) as error:
            form.add_error(None, str(error))
        except ValidationError as error:
            form.add_error(None, _("Nothing was imported: %s") % "；".join(error.messages))
        else:
            context |= {"doc": doc, "plan": plan, "text": text}
    return render(request, TEMPLATE, context)
