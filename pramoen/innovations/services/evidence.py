"""An innovation's evidence: photos (re-encoded, no metadata kept) and PDF documents, checked by content and
size; removed only while the innovation is a draft."""

from __future__ import annotations

import io
from pathlib import PurePath
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from pramoen.core.errors import ApplicationError
from pramoen.innovations.models import Innovation, InnovationEvidence
from pramoen.innovations.services.registry import EDITABLE, field_error
from pramoen.orgs.policy import Action, require

MAX_BYTES = 10 * 1024 * 1024


def _sniff(data: bytes) -> tuple[str, str] | None:
    if data.startswith(b"\xff\xd8\xff"):
        return "photo", "image/jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "photo", "image/png"
    if data.startswith(b"%PDF-"):
        return "document", "application/pdf"
    return None


@transaction.atomic
def evidence_add(
    *, actor: Any, innovation: Innovation, upload: UploadedFile, caption: str = ""
) -> InnovationEvidence:
    """A photo (re-encoded: no camera or location metadata kept) or a PDF, checked by content and size."""
    require(actor, Action.EDIT_AGENCY_DATA, agency=innovation.agency_id)
    name = PurePath(upload.name or "file").name[:200]
    if not upload.size:
        raise field_error("file", _("File “%(name)s”: the file is empty.") % {"name": name})
    if upload.size > MAX_BYTES:
        raise field_error("file", _("File “%(name)s”: larger than 10 MB.") % {"name": name})
    data = upload.read()
    found = _sniff(data[:16])
    if found is None:
        raise field_error(
            "file",
            _("File “%(name)s”: only photos (JPEG, PNG) and PDF documents are accepted.") % {"name": name},
        )
    kind, content_type = found
    stem = PurePath(name).stem[:60] or "file"
    evidence = InnovationEvidence(
        innovation=innovation, kind=kind, original_name=name, caption=caption.strip()[:300], uploaded_by=actor
    )
    if kind == "photo":
        try:
            image: Image.Image = Image.open(io.BytesIO(data))
            image.load()
        except (UnidentifiedImageError, OSError, Image.DecompressionBombError):
            raise field_error(
                "file", _("File “%(name)s”: the picture cannot be read.") % {"name": name}
            ) from None
        image = (ImageOps.exif_transpose(image) or image).convert("RGB")
        image.thumbnail((2400, 2400))
        out = io.BytesIO()
        image.save(out, "JPEG", quality=85)
        data, content_type = out.getvalue(), "image/jpeg"
        evidence.file.save(f"{stem}.jpg", ContentFile(data), save=False)
    else:
        evidence.file.save(f"{stem}.pdf", ContentFile(data), save=False)
    evidence.content_type = content_type
    evidence.size = len(data)
    evidence.save()
    return evidence


@transaction.atomic
def evidence_delete(*, actor: Any, evidence: InnovationEvidence) -> None:
    require(actor, Action.EDIT_AGENCY_DATA, agency=evidence.innovation.agency_id)
    if evidence.innovation.state not in EDITABLE:
        raise ApplicationError(_("A submitted innovation's evidence can no longer be removed."))
    evidence.file.delete(save=False)
    evidence.delete()
