"""Validated data model of the bot's content (committee, programme, funding areas, FAQ)."""

from __future__ import annotations

from datetime import date
from typing import Literal, Self

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from pydantic_core import InitErrorDetails, PydanticCustomError

AreaCode = Literal["A", "B", "C", "D", "E", "F", "G", "J"]

#: Every funding area of REGIO AKTIV covered by the cooperation agreement, in display order.
AREA_CODES: tuple[AreaCode, ...] = ("A", "B", "C", "D", "E", "F", "G", "J")


def _located_error(
    model: str, loc: tuple[str | int, ...], message: str, value: object
) -> ValidationError:
    """Build a validation error that points at one field of one item.

    A plain ValueError raised in a model validator is reported at the model itself; naming
    the offending item lets the loader show the YAML line the content editor has to fix.
    """
    detail = InitErrorDetails(
        type=PydanticCustomError("content_error", message), loc=loc, input=value
    )
    return ValidationError.from_exception_data(model, [detail])


class _Frozen(BaseModel):
    """Immutable model that rejects unknown keys, so typos in the YAML are caught."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class Text(_Frozen):
    """A text in German (primary) and English."""

    de: str = Field(min_length=1)
    en: str = Field(min_length=1)

    def get(self, lang: str) -> str:
        """Return the English text for language codes starting with "en", else German."""
        return self.en if lang.lower().startswith("en") else self.de


class Institution(_Frozen):
    """A member institution of the RAK."""

    name: str = Field(min_length=1)
    short_name: str = Field(min_length=1)


class FundingArea(_Frozen):
    """A funding area (Förderbereich) of REGIO AKTIV."""

    code: AreaCode
    name: Text
    short_name: Text | None = None
    goal: Literal[1, 2] | None = Field(
        default=None,
        description="Which of the programme's two aims the area serves by its name (the "
        "sources assign none explicitly); None for J and for an area known by name only.",
    )
    target_group: Text
    aim: Text
    projects: Text


class Contact(_Frozen):
    """The contact point of the Regionale Koordination (office, unit and person as addressed in
    each language; the postal address is the same in both)."""

    office: Text
    unit: Text
    street: str = Field(min_length=1)
    postal_code: str = Field(pattern=r"^\d{5}$")
    city: str = Field(min_length=1)
    person: Text
    first_name: str = Field(min_length=1)
    last_name: str = Field(min_length=1)
    phone: str = Field(min_length=1)
    fax: str = Field(min_length=1)
    email: str | None = None
    office_hours: Text
    latitude: float = Field(ge=-90, le=90)
    longitude: float = Field(ge=-180, le=180)


class Programme(_Frozen):
    """The funding programme the RAK steers."""

    name: str = Field(min_length=1)
    fund: str = Field(min_length=1)
    funding_period_start: date
    funding_period_end: date
    grant_notice_date: date
    aims: list[Text] = Field(min_length=1)

    @model_validator(mode="after")
    def _period_is_ordered(self) -> Self:
        if self.funding_period_start >= self.funding_period_end:
            raise _located_error(
                "Programme",
                ("funding_period_end",),
                "funding_period_end must be after funding_period_start",
                self.funding_period_end,
            )
        return self


class FaqEntry(_Frozen):
    """A question with its answer; keywords are extra German search words."""

    #: at most 60 characters: the FAQ button carries it (`faq:<id>`, Telegram allows 64 bytes)
    id: str = Field(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=60)
    question: Text
    answer: Text
    keywords: list[str] = Field(default_factory=list)


class PrivacyNotice(_Frozen):
    """The privacy notice (Art. 13 GDPR) for /datenschutz, section by section."""

    controller: Text
    data: Text
    purposes: Text
    legal_basis: Text
    retention: Text
    recipients: Text
    rights: Text
    contact: Text
    #: the one line shown before a dialog asks for personal data
    short: Text


class Content(_Frozen):
    """Everything the bot tells its users about the RAK and REGIO AKTIV."""

    committee_name: Text
    committee_short: str = Field(min_length=1)
    founded: date
    about: Text
    institutions: list[Institution] = Field(min_length=8, max_length=8)
    programme: Programme
    funding_areas: list[FundingArea]
    contact: Contact
    faq: list[FaqEntry] = Field(min_length=1)
    privacy: PrivacyNotice
    not_handled: list[str] = Field(
        default_factory=list,
        description="Programmes and services people ask about that the office does not handle "
        "(e.g. Bürgergeld): a question about them is handed over, never answered from the FAQ.",
    )

    @model_validator(mode="after")
    def _areas_complete(self) -> Self:
        seen: set[str] = set()
        for index, area in enumerate(self.funding_areas):
            if area.code in seen:
                raise _located_error(
                    "Content",
                    ("funding_areas", index, "code"),
                    f"duplicate funding area code {area.code!r}",
                    area.code,
                )
            seen.add(area.code)
        missing = [code for code in AREA_CODES if code not in seen]
        if missing:
            raise _located_error(
                "Content",
                ("funding_areas",),
                f"missing funding area codes: {', '.join(missing)}",
                sorted(seen),
            )
        order = tuple(area.code for area in self.funding_areas)
        if order != AREA_CODES:
            raise _located_error(
                "Content",
                ("funding_areas",),
                f"funding areas must be listed in the order {', '.join(AREA_CODES)}",
                list(order),
            )
        return self

    @model_validator(mode="after")
    def _faq_ids_unique(self) -> Self:
        seen: set[str] = set()
        for index, entry in enumerate(self.faq):
            if entry.id in seen:
                raise _located_error(
                    "Content", ("faq", index, "id"), f"duplicate FAQ id {entry.id!r}", entry.id
                )
            seen.add(entry.id)
        return self

    def area(self, code: str) -> FundingArea:
        """Return the funding area with the given code (case-insensitive)."""
        wanted = code.strip().upper()
        for area in self.funding_areas:
            if area.code == wanted:
                return area
        raise KeyError(code)

    def faq_entry(self, entry_id: str) -> FaqEntry:
        """Return the FAQ entry with the given id."""
        for entry in self.faq:
            if entry.id == entry_id:
                return entry
        raise KeyError(entry_id)
