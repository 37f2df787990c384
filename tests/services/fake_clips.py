"""A clip row and media file without any decoding, for tests that need no real video."""

from __future__ import annotations

import hashlib
from pathlib import Path

from attune_app.domain.models import Clip
from attune_app.services import add_family, add_session, consent_status, get_clip, record_consent
from attune_app.services.consent_actions import require_recording_consent
from attune_app.services.importing import import_clip
from attune_app.store import records
from attune_app.store.audit import now_iso
from attune_app.store.library import Library


def add_fake_clip(
    library: Library,
    *,
    frame_count: int = 250,
    content: bytes = b"clip",
    recording_consent: bool = True,
) -> Clip:
    """A clip row and a media file without decoding anything (for tests that need no video).

    Like a real import (`attune import`, the GUI's import), the family has current recording
    consent unless `recording_consent=False`."""
    family = add_family(library, "F-001")
    if recording_consent and consent_status(library, family.id)["recording"] != "given":
        record_consent(library, family.id, "recording", given_on="2020-01-01")
    session = add_session(library, family.id, "2026-01-05")
    digest = hashlib.sha256(content).hexdigest()
    (library.media_dir / f"{digest}.mp4").write_bytes(content)
    with library.transaction() as db:
        clip_id = records.insert(
            db,
            "clips",
            {
                "session_id": session.id,
                "media_hash": digest,
                "media_ext": ".mp4",
                "original_name": "visit.mp4",
                "size_bytes": len(content),
                "frame_count": frame_count,
                "fps": 25.0,
                "duration_s": frame_count / 25.0,
                "width": 640,
                "height": 360,
                "rotation": 0,
                "has_audio": 0,
                "codec_name": "h264",
                "imported_at": now_iso(),
            },
        )
        library.audit("import_clip", "clip", clip_id, {"media_hash": digest})
    return get_clip(library, clip_id)


def import_with_consent(
    library: Library, path: Path, *, family_ref: str, session_date: str | None = None
) -> Clip:
    """Import a real file as `attune import --consent-recorded-on` does: the family's recording
    consent first (recorded if missing), then the clip."""
    require_recording_consent(library, family_ref, consent_recorded_on="2020-01-01")
    return import_clip(library, path, family_ref=family_ref, session_date=session_date)
