"""Who files a dossier, and for whom; who decides it.

- The applicant is a person (`individual`) or an organisation (`organization`: its name required, its tax code
  checked by domain.identity.check_tax_code when given). Older records have no kind: an organisation's name or tax
  code on them makes them an organisation's.
- A representative may file for the applicant ("nộp thay", "ủy quyền"): their name and identity number are required,
  with their relationship to the applicant or the authorisation paper they bring ("Giấy ủy quyền số …"), or both.
  The representative is never the applicant themself (the same identity number is refused).
- The receiving unit (the one-stop unit of this station) and the deciding agency are kept apart: Decree 118/2025/
  NĐ-CP lets a provincial centre accept a dossier whatever the administrative boundary inside the province, so the
  agency that decides is a fact of its own. The catalogue gives each procedure's deciding agency; the officer may
  name another at intake.

Plain Python: no Qt, no store.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from counter_app.domain.field_limits import FIELD_LIMITS
from counter_app.domain.text import normalize_text
from counter_app.domain.validation import FieldError, check_printable, clean_id_number, mask_id_number


class ApplicantKind(StrEnum):
    INDIVIDUAL = "individual"
    ORGANIZATION = "organization"


APPLICANT_KIND_LABELS = {ApplicantKind.INDIVIDUAL: "Cá nhân", ApplicantKind.ORGANIZATION: "Tổ chức"}
# Words an officer or a script may type for a kind.
_KIND_WORDS = {
    "individual": ApplicantKind.INDIVIDUAL,
    "person": ApplicantKind.INDIVIDUAL,
    "ca nhan": ApplicantKind.INDIVIDUAL,
    "cá nhân": ApplicantKind.INDIVIDUAL,
    "organization": ApplicantKind.ORGANIZATION,
    "organisation": ApplicantKind.ORGANIZATION,
    "to chuc": ApplicantKind.ORGANIZATION,
    "tổ chức": ApplicantKind.ORGANIZATION,
}
# Relationships the intake form offers (typed text is kept as typed).
RELATIONSHIPS = (
    "Được ủy quyền",
    "Người đại diện theo pháp luật",
    "Cha/mẹ",
    "Vợ/chồng",
    "Con",
    "Anh/chị/em",
    "Người giám hộ",
)
UNKNOWN_AGENCY = "(chưa ghi cơ quan giải quyết)"


def _text(field: str, value: Any, errors: list[FieldError]) -> str:
    text = normalize_text(value) if isinstance(value, str) else ""
    if not text:
        return ""
    check_printable(field, text, errors)
    limit = FIELD_LIMITS[field]
    if len(text) > limit:
        errors.append(FieldError(field, f"dài quá {limit} ký tự (hiện có {len(text)})."))
    return text


def applicant_kind(kind: str | None, organization: str | None, tax_code: str | None, errors: list[FieldError]) -> str:
    """The applicant's kind: as chosen, or (None) an organisation's when its name or tax code is given."""
    text = normalize_text(kind).lower() if kind else ""
    if not text:
        return (ApplicantKind.ORGANIZATION if (organization or tax_code) else ApplicantKind.INDIVIDUAL).value
    found = _KIND_WORDS.get(text)
    if found is None:
        errors.append(FieldError("applicant_kind", "chỉ nhận individual (cá nhân) hoặc organization (tổ chức)."))
        return ApplicantKind.INDIVIDUAL.value
    return found.value


def check_organization(kind: str, organization: str | None, tax_code: str | None, errors: list[FieldError]) -> None:
    """An organisation's dossier names the organisation; a person's has no organisation name or tax code."""
    if kind == ApplicantKind.ORGANIZATION.value and not organization:
        errors.append(FieldError("organization", "hồ sơ của tổ chức phải ghi tên tổ chức."))
    if kind == ApplicantKind.INDIVIDUAL.value and (organization or tax_code):
        field = "organization" if organization else "tax_code"
        errors.append(
            FieldError(field, "người nộp là cá nhân: không ghi tên tổ chức, mã số thuế (hoặc chọn «Tổ chức»).")
        )


@dataclass(frozen=True)
class Representative:
    """A person filing the dossier for the applicant."""

    name: str
    id_number: str
    relationship: str = ""
    authorisation: str = ""  # the paper they bring: "Giấy ủy quyền số 12/2026/GUQ ngày 01/12/2026"

    def to_payload(self) -> dict[str, str | None]:
        return {
            "representative_name": self.name,
            "representative_id": self.id_number,
            "relationship": self.relationship or None,
            "authorisation": self.authorisation or None,
        }

    @classmethod
    def from_payload(cls, payload: dict[str, Any]) -> Representative | None:
        name = payload.get("representative_name")
        if not isinstance(name, str) or not name:
            return None
        return cls(
            name,
            str(payload.get("representative_id") or ""),
            str(payload.get("relationship") or ""),
            str(payload.get("authorisation") or ""),
        )

    def describe(self, *, masked: bool = True) -> str:
        """ "Trần Văn B (CCCD ••••••••1234), Được ủy quyền, Giấy ủy quyền số 12/UQ" — masked where lists show it."""
        number = mask_id_number(self.id_number) if masked else self.id_number
        parts = [f"{self.name} (giấy tờ {number})" if number else self.name]
        parts += [p for p in (self.relationship, self.authorisation) if p]
        return ", ".join(parts)


def clean_representative(
    name: str | None,
    id_number: str | None,
    relationship: str | None,
    authorisation: str | None,
    errors: list[FieldError],
    *,
    current_year: int,
    applicant_id: str | None = None,
) -> Representative | None:
    """The representative as typed and checked; None when nothing about one was given."""
    given = [normalize_text(v) for v in (name, id_number, relationship, authorisation) if isinstance(v, str)]
    if not any(given):
        return None
    found: list[FieldError] = []
    clean_name = _text("representative_name", name, found)
    if not clean_name:
        found.append(FieldError("representative_name", "nộp thay: phải ghi họ tên người nộp thay."))
    elif any(ch.isdigit() for ch in clean_name):
        found.append(FieldError("representative_name", "không được chứa chữ số."))
    number_errors: list[FieldError] = []
    number = clean_id_number(id_number, number_errors, current_year)
    found += [FieldError("representative_id", e.message) for e in number_errors]
    if not number and not number_errors:
        found.append(FieldError("representative_id", "nộp thay: phải ghi số CCCD/giấy tờ của người nộp thay."))
    if number and applicant_id and number == applicant_id:
        found.append(
            FieldError("representative_id", "trùng số giấy tờ của người nộp: người nộp thay phải là người khác.")
        )
    relation = _text("relationship", relationship, found)
    paper = _text("authorisation", authorisation, found)
    if not relation and not paper:
        found.append(
            FieldError(
                "relationship", "nộp thay: ghi quan hệ với người nộp hoặc giấy ủy quyền (ví dụ «Giấy ủy quyền số …»)."
            )
        )
    errors += found
    if found:
        return None
    return Representative(clean_name, number or "", relation, paper)


def clean_deciding_agency(value: str | None, catalogue_default: str, errors: list[FieldError]) -> str | None:
    """The agency that decides the dossier: as typed at intake, else the procedure's (catalogue); None if neither."""
    typed = _text("deciding_agency", value, errors)
    return typed or normalize_text(catalogue_default) or None


def agency_key(value: str | None) -> str:
    """A report's group for a dossier's deciding agency (dossiers received before it was recorded: one group)."""
    return normalize_text(value) or UNKNOWN_AGENCY
