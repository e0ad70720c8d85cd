"""Evidence files: what may be uploaded, judged by the file's content, not its name."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.http import FileResponse, HttpResponse
from django.http.response import HttpResponseBase
from django.template.defaultfilters import filesizeformat
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

ALLOWED = {"pdf", "docx", "xlsx", "jpg", "png"}
EXTENSIONS = {
    "pdf": {"pdf"},
    "docx": {"docx"},
    "xlsx": {"xlsx"},
    "jpg": {"jpg", "jpeg"},
    "png": {"png"},
}
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "jpg": "image/jpeg",
    "png": "image/png",
}


@dataclass(frozen=True)
class CheckedFile:
    upload: UploadedFile[Any]
    kind: str
    size: int
    name: str


def sniff(head: bytes, whole: bytes | None = None) -> str | None:
    """The real type from the first bytes (and, for Office files, the zip's member names)."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if head.startswith(b"PK\x03\x04") and whole is not None:
        return _office_kind(whole)
    return None


def _office_kind(data: bytes) -> str | None:
    try:
        names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    except zipfile.BadZipFile:
        return None
    if "[Content_Types].xml" not in names:
        return None
    if any(n.startswith("word/") for n in names):
        return "docx"
    if any(n.startswith("xl/") for n in names):
        return "xlsx"
    return None


def check_upload(upload: UploadedFile[Any]) -> CheckedFile:
    """Refuse files that are too big, of a type we do not take, or not what their name says."""
    name = upload.name or ""
    size = upload.size or 0
    limit = settings.EVIDENCE_MAX_BYTES
    if size > limit:
        raise ValidationError(
            _("%(name)s is %(size)s; files may be at most %(limit)s.")
            % {"name": name, "size": filesizeformat(size), "limit": filesizeformat(limit)}
        )
    if size == 0:
        raise ValidationError(_("%(name)s is empty.") % {"name": name})
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    kind = sniff(data[:16], data)
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if kind is None or kind not in ALLOWED:
        raise ValidationError(
            _("%(name)s is not a PDF, Word (docx), Excel (xlsx), JPEG or PNG file.")
            % {"name": name}
        )
    if extension not in EXTENSIONS[kind]:
        raise ValidationError(
            _("%(name)s is named .%(ext)s but its content is %(kind)s.")
            % {"name": name, "ext": extension, "kind": kind.upper()}
        )
    return CheckedFile(upload=upload, kind=kind, size=size, name=name[-200:])


def evidence_response(evidence: Any) -> HttpResponseBase:
    """An evidence file as a download, for a user the caller has already checked.

    Behind nginx (EVIDENCE_ACCEL_REDIRECT set) the answer is empty and names the file in
    X-Accel-Redirect; nginx sends it from its internal location, so a large file does not
    hold a worker. Otherwise the application streams the file itself.
    """
    content_type = CONTENT_TYPES.get(evidence.kind, "application/octet-stream")
    prefix = settings.EVIDENCE_ACCEL_REDIRECT
    if not prefix:
        return FileResponse(
            evidence.file.open("rb"),
            as_attachment=True,
            filename=evidence.name,
            content_type=content_type,
        )
    response = HttpResponse(content_type=content_type)
    response["X-Accel-Redirect"] = prefix.rstrip("/") + "/" + quote(evidence.file.name)
    response["Content-Disposition"] = content_disposition_header(True, evidence.name)
    return response
