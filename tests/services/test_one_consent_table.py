"""One table says which consent a reel's purpose needs (`attune_app.domain.consent`): the reels
service (adding, `reel_consent_problems`), the export gate and the consent badge beside a reel
item must all name the same consent, for every purpose, and refuse or allow together."""

from __future__ import annotations

import re

import pytest

from attune_app.domain.consent import CONSENT_NEEDED, consent_needed
from attune_app.domain.models import CONSENT_PURPOSES, REEL_PURPOSES
from attune_app.export.output_plan import ExportSettings
from attune_app.export.reel_export import ExportRequest, consent_check
from attune_app.services.consents import (
    ConsentRequiredError,
    record_consent,
    withdraw_consent,
)
from attune_app.services.reels import (
    add_range_to_reel,
    create_reel,
    get_reel,
    reel_consent_problems,
    reel_timeline,
)
from attune_app.store.library import Library
from tests.services.fake_clips import add_fake_clip
from ui.safeguarding.consent_badges import reel_item_badge


def test_the_table_is_the_practice() -> None:
    """A parent sees their own film under the recording consent; others see it only with the
    consent for that use (domain brief: consent per purpose)."""
    assert CONSENT_NEEDED == {
        "parent_review": "recording",
        "supervision": "supervision",
        "training": "training",
    }
    assert set(CONSENT_NEEDED) == set(REEL_PURPOSES)
    assert set(CONSENT_NEEDED.values()) <= set(CONSENT_PURPOSES)
    with pytest.raises(KeyError):
        consent_needed("research_reel")


def _badge_consent(badge: str) -> tuple[str, str]:
    found = re.fullmatch(r" · F-001: (\w+) consent (.+)", badge)
    assert found, badge
    return found[1], found[2]


def _gate_missing(library: Library, reel_id: int) -> list[str]:
    request = ExportRequest(
        get_reel(library, reel_id), reel_timeline(library, reel_id), ExportSettings()
    )
    return [r.missing for r in consent_check(library, request)]


@pytest.mark.parametrize("purpose", REEL_PURPOSES)
def test_service_gate_and_badge_agree(library: Library, purpose: str) -> None:
    clip = add_fake_clip(library, recording_consent=False)
    family_id = 1
    reel = create_reel(library, "Reel", purpose)

    # nothing given: the service refuses, naming the consent
    with pytest.raises(ConsentRequiredError) as refused:
        add_range_to_reel(library, reel.id, clip.id, 0, 10)
    service_needs = refused.value.purpose

    # every other consent given: still refused, for the same one
    for other in CONSENT_PURPOSES:
        if other != service_needs:
            record_consent(library, family_id, other, given_on="2020-01-01")
    with pytest.raises(ConsentRequiredError):
        add_range_to_reel(library, reel.id, clip.id, 0, 10)

    # that one given: the service adds, the gate lets it out, the badge names it as given
    record_consent(library, family_id, service_needs, given_on="2020-01-01")
    item = add_range_to_reel(library, reel.id, clip.id, 0, 10)
    assert reel_consent_problems(library, reel.id) == []
    assert _gate_missing(library, reel.id) == []
    assert _badge_consent(reel_item_badge(library, reel.id, item.clip_id)) == (
        service_needs,
        "given",
    )

    # withdrawn (the low-level record only, so the item stays): all three say so, for it
    withdraw_consent(library, family_id, service_needs, withdrawn_on="2020-06-01")
    [problem] = reel_consent_problems(library, reel.id)
    assert f"{service_needs} consent" in problem
    assert _gate_missing(library, reel.id) == [f"{service_needs} consent"]
    assert _badge_consent(reel_item_badge(library, reel.id, item.clip_id)) == (
        service_needs,
        "withdrawn",
    )
    assert service_needs == consent_needed(purpose)
