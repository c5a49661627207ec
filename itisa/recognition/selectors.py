"""Public reads of recognitions: what the verification page may show, and nothing more."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from itisa.recognition.models import Recognition, RecognitionStatus
from itisa.recognition.services import CODE_ALPHABET, CODE_LENGTH
from itisa.register.models import AllianceLevel, AllianceStatus


@dataclass(frozen=True)
class CertificateFacts:
    name: str
    level: str
    level_label: str
    document_number: str
    recognised_on: date
    bureau: str
    status: str  # "valid" | "revoked"
    revoked_on: date | None


def normalise_code(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def verify_certificate(code: str) -> CertificateFacts | None:
    """The public facts behind a verification code, or None for an unknown code. A recalled plaque,
    or an alliance whose recognition was revoked in the register, shows as revoked."""
    code = normalise_code(code)
    if len(code) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in code):
        return None
    r = Recognition.objects.select_related("jurisdiction", "alliance").filter(verification_code=code).first()
    if r is None:
        return None
    revoked = r.status == RecognitionStatus.RECALLED or r.alliance.status == AllianceStatus.REVOKED
    return CertificateFacts(
        name=r.name, level=r.level, level_label=str(AllianceLevel(r.level).label), document_number=r.document_number,
        recognised_on=r.recognised_on, bureau=r.jurisdiction.name, status="revoked" if revoked else "valid",
        revoked_on=r.recalled_on)
