"""Consent per purpose (recording, supervision, training, research), with expiry and withdrawal."""

from __future__ import annotations

from datetime import date as Date

from attune_app.domain.models import CONSENT_PURPOSES, Consent
from attune_app.store import records
from attune_app.store.errors import InvalidChangeError
from attune_app.store.library import Library

CONSENT_STATES = ("none", "given", "expired", "withdrawn")


class ConsentRequiredError(InvalidChangeError):
    """A use of a family's recordings that their consent does not cover; nothing was changed."""

    def __init__(self, message: str, *, family_id: int, purpose: str) -> None:
        super().__init__(message)
        self.family_id = family_id
        self.purpose = purpose


def require_consent(
    library: Library, family_id: int, purpose: str, *, on: Date | None = None
) -> Consent:
    """The family's consent for `purpose` that is current on `on` (today), or
    `ConsentRequiredError` saying which family, what is missing and what to do."""
    if purpose not in CONSENT_PURPOSES:
        raise InvalidChangeError(f"A consent purpose is one of {', '.join(CONSENT_PURPOSES)}.")
    day = (on or Date.today()).isoformat()
    found = _consents(library, family_id, purpose)
    current = [c for c in found if _state(c, day) == "given"]
    if current:
        return current[-1]
    family = records.get(library.db, "families", family_id, records.family)
    state = _purpose_state(found, day)
    why = {
        "none": "has no",
        "expired": "has only an expired",
        "withdrawn": "has withdrawn its",
    }[state]
    use = "a review with the family or anything else" if purpose == "recording" else purpose
    raise ConsentRequiredError(
        f"Family {family.ref} {why} {purpose} consent, so its clips cannot be used for "
        f"{use}; nothing was changed. Record the family's {purpose} consent first "
        "with its date, or leave their clips out.",
        family_id=family_id,
        purpose=purpose,
    )


def record_consent(
    library: Library,
    family_id: int,
    purpose: str,
    *,
    given_on: Date | str,
    expires_on: Date | str | None = None,
) -> Consent:
    if purpose not in CONSENT_PURPOSES:
        raise InvalidChangeError(f"A consent purpose is one of {', '.join(CONSENT_PURPOSES)}.")
    given, expires = _iso(given_on), _iso(expires_on) if expires_on is not None else None
    if expires is not None and expires < given:
        raise InvalidChangeError("A consent cannot expire before the day it was given.")
    with library.transaction() as db:
        records.get(db, "families", family_id, records.family)
        values = {
            "family_id": family_id,
            "purpose": purpose,
            "given_on": given,
            "expires_on": expires,
            "recorded_by": library.actor,
        }
        consent_id = records.insert(db, "consents", values)
        library.audit("record_consent", "consent", consent_id, values)
    return records.get(library.db, "consents", consent_id, records.consent)


def withdraw_consent(
    library: Library, family_id: int, purpose: str, *, withdrawn_on: Date | str | None = None
) -> list[Consent]:
    """Mark every current consent of that purpose withdrawn; returns the consents changed."""
    day = _iso(withdrawn_on or Date.today())
    with library.transaction() as db:
        current = _consents(library, family_id, purpose)
        changed = [c for c in current if c.withdrawn_on is None]
        if not changed:
            raise InvalidChangeError(f"There is no {purpose} consent to withdraw for this family.")
        for consent in changed:
            records.update(db, "consents", consent.id, {"withdrawn_on": day})
            library.audit("withdraw_consent", "consent", consent.id, {"withdrawn_on": day})
    return [records.get(library.db, "consents", c.id, records.consent) for c in changed]


def consent_status(library: Library, family_id: int, *, on: Date | None = None) -> dict[str, str]:
    """purpose -> 'given' | 'expired' | 'withdrawn' | 'none' on `on` (today)."""
    day = (on or Date.today()).isoformat()
    return {
        purpose: _purpose_state(_consents(library, family_id, purpose), day)
        for purpose in CONSENT_PURPOSES
    }


def list_consents(library: Library, family_id: int) -> list[Consent]:
    return records.select(
        library.db,
        "SELECT * FROM consents WHERE family_id = ? ORDER BY given_on, id",
        [family_id],
        records.consent,
    )


def _consents(library: Library, family_id: int, purpose: str) -> list[Consent]:
    return records.select(
        library.db,
        "SELECT * FROM consents WHERE family_id = ? AND purpose = ? ORDER BY given_on, id",
        [family_id, purpose],
        records.consent,
    )


def _purpose_state(found: list[Consent], day: str) -> str:
    """'given' when any consent is current on `day` (a later one, not yet in force, does not
    hide it); otherwise the state of the latest consent already given by then."""
    states = [_state(c, day) for c in found if c.given_on <= day]
    if "given" in states:
        return "given"
    return states[-1] if states else "none"


def _state(consent: Consent, day: str) -> str:
    if consent.withdrawn_on is not None and consent.withdrawn_on <= day:
        return "withdrawn"
    if consent.expires_on is not None and consent.expires_on < day:
        return "expired"
    return "given" if consent.given_on <= day else "none"


def _iso(value: Date | str) -> str:
    text = value.isoformat() if isinstance(value, Date) else value
    try:
        Date.fromisoformat(text)
    except ValueError as error:
        raise InvalidChangeError(f"'{text}' is not a date; write it as YYYY-MM-DD.") from error
    return text
