"""Exporting a reel from the library: the gate (consent for the reel's purpose, checked at export
time), the render, and the audit entry (reel, purpose, file name and SHA-256; who and when are
the entry's own). Split in three so that a GUI can check and record on the thread that owns the
library and render on a worker: `prepare_export`, `render_export`, `record_export`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date as Date
from pathlib import Path

from attune_app.anonymise.anon_store import latest_confirmation
from attune_app.anonymise.confirmation import confirmation_problem
from attune_app.anonymise.reel_redaction import redaction_for
from attune_app.domain.consent import consent_needed
from attune_app.domain.models import Reel
from attune_app.domain.reel_timeline import ReelTimeline
from attune_app.export.output_plan import ExportSettings
from attune_app.export.redaction import Redaction
from attune_app.export.renderer import Progress, RenderResult, render_reel
from attune_app.export.sources import ClipMedia
from attune_app.media.frame_index import FrameIndex
from attune_app.services.clips import clip_frame_index_json, get_clip
from attune_app.services.consents import ConsentRequiredError, require_consent
from attune_app.services.reels import get_reel, reel_timeline
from attune_app.store.errors import InvalidChangeError
from attune_app.store.files import hash_file, safe_file_stem
from attune_app.store.library import Library


@dataclass(frozen=True)
class Refusal:
    """One reason an export may not go ahead: whose footage, what is missing (audited)."""

    message: str
    family_id: int | None
    missing: str  # e.g. "training consent", "reviewed anonymisation"


class ExportRefusedError(InvalidChangeError):
    """The reel may not be exported for its purpose; nothing was written."""

    def __init__(self, refusals: list[Refusal]) -> None:
        super().__init__("\n".join(r.message for r in refusals))
        self.refusals = refusals


@dataclass(frozen=True)
class ExportRequest:
    reel: Reel
    timeline: ReelTimeline
    settings: ExportSettings
    redaction: Redaction | None = None


# What must hold before a reel is exported. Each check returns its refusals (empty: fine).
GateCheck = Callable[[Library, ExportRequest], list[Refusal]]


def consent_check(library: Library, request: ExportRequest) -> list[Refusal]:
    """Every family the reel shows has the consent its purpose needs, today."""
    purpose = consent_needed(request.reel.purpose)
    refusals: list[Refusal] = []
    for family_id in _families_shown(library, request.timeline):
        try:
            require_consent(library, family_id, purpose)
        except ConsentRequiredError as refused:
            why = f"{request.reel.purpose.replace('_', ' ')} reel"
            refusals.append(
                Refusal(
                    f"This {why} cannot be exported: {refused}",
                    family_id,
                    f"{purpose} consent",
                )
            )
    return refusals


def anonymisation_check(library: Library, request: ExportRequest) -> list[Refusal]:
    """A training reel leaves only anonymised, as a trainer reviewed and confirmed it."""
    if request.reel.purpose != "training":
        return []
    problem = confirmation_problem(library, request.reel.id)
    if problem is None:
        return []
    message = f"This training reel cannot be exported: {problem}"
    return [Refusal(message, None, "reviewed anonymisation")]


GATE_CHECKS: list[GateCheck] = [consent_check, anonymisation_check]


def default_redaction(library: Library, reel: Reel) -> Redaction | None:
    """A training reel is always covered and muted as its anonymisation says; another reel only
    when a trainer has confirmed an anonymisation for it (supervision may use the same tools)."""
    if reel.purpose == "training" or latest_confirmation(library.db, reel.id) is not None:
        return redaction_for(library, reel.id)
    return None


@dataclass(frozen=True)
class PreparedExport:
    request: ExportRequest
    media: dict[int, ClipMedia] = field(default_factory=dict)


def prepare_export(
    library: Library,
    reel_id: int,
    settings: ExportSettings,
    *,
    redaction: Redaction | None = None,
    checks: list[GateCheck] | None = None,
) -> PreparedExport:
    """The reel as it is now, checked against every gate check; refusals are audited and raised
    as `ExportRefusedError`. Call on the thread that owns the library."""
    reel = get_reel(library, reel_id)
    if redaction is None:
        redaction = default_redaction(library, reel)
    request = ExportRequest(reel, reel_timeline(library, reel_id), settings, redaction)
    refusals = [
        r for check in (GATE_CHECKS if checks is None else checks) for r in check(library, request)
    ]
    if refusals:
        with library.transaction():
            for refusal in refusals:
                details = {
                    "purpose": reel.purpose,
                    "family_id": refusal.family_id,
                    "missing": refusal.missing,
                }
                library.audit("export_refused", "reel", reel_id, details)
        raise ExportRefusedError(refusals)
    return PreparedExport(request, {c: _clip_media(library, c) for c in request.timeline.clip_ids})


def render_export(
    prepared: PreparedExport,
    target: Path,
    *,
    progress: Progress | None = None,
    should_cancel: Callable[[], bool] | None = None,
) -> RenderResult:
    """Write the file (any thread; it does not touch the library). Raises `ExportError`."""
    request = prepared.request
    return render_reel(
        request.timeline,
        prepared.media,
        target,
        request.settings,
        redaction=request.redaction,
        progress=progress,
        should_cancel=should_cancel,
    )


def record_export(library: Library, prepared: PreparedExport, result: RenderResult) -> str:
    """Audit the finished export; returns the file's SHA-256."""
    digest = hash_file(result.path)
    reel = prepared.request.reel
    settings = prepared.request.settings
    details: dict[str, object] = {
        "purpose": reel.purpose,
        "file_name": result.path.name,
        "sha256": digest,
        "quality": settings.quality,
        "captions": settings.captions,
        "watermarked": bool(settings.watermark),
        "redacted": prepared.request.redaction is not None,
        "frames": result.plan.frame_count,
    }
    if prepared.request.redaction is not None:
        details["redaction_fingerprint"] = prepared.request.redaction.fingerprint()
    if result.sidecar is not None:
        details["sidecar_file_name"] = result.sidecar.name
        details["sidecar_sha256"] = hash_file(result.sidecar)
    with library.transaction():
        library.audit("export_reel", "reel", reel.id, details)
    return digest


def export_reel(
    library: Library,
    reel_id: int,
    target: Path,
    settings: ExportSettings,
    *,
    redaction: Redaction | None = None,
    progress: Progress | None = None,
    should_cancel: Callable[[], bool] | None = None,
) -> tuple[RenderResult, str]:
    """Check, render and audit in one call (the CLI's way); returns the result and SHA-256."""
    prepared = prepare_export(library, reel_id, settings, redaction=redaction)
    result = render_export(prepared, target, progress=progress, should_cancel=should_cancel)
    return result, record_export(library, prepared, result)


def default_file_name(library: Library, reel_id: int, *, on: Date | None = None) -> str:
    """'<reel name>-<date>.mp4', with any family reference of the reel taken out."""
    reel = get_reel(library, reel_id)
    name = reel.name
    for family_id in _families_shown(library, reel_timeline(library, reel_id)):
        row = library.db.execute("SELECT ref FROM families WHERE id = ?", [family_id]).fetchone()
        if row and row[0]:
            name = _without(name, str(row[0]))
    stem = safe_file_stem(name, fallback="reel")
    return f"{stem}-{(on or Date.today()).isoformat()}.mp4"


def _without(text: str, ref: str) -> str:
    lowered, needle = text.lower(), ref.lower()
    while needle and needle in lowered:
        at = lowered.index(needle)
        text = text[:at] + text[at + len(ref) :]
        lowered = text.lower()
    return text


def _families_shown(library: Library, timeline: ReelTimeline) -> list[int]:
    found: dict[int, None] = {}
    for clip_id in timeline.clip_ids:
        row = library.db.execute(
            "SELECT s.family_id FROM clips c JOIN sessions s ON s.id = c.session_id WHERE c.id = ?",
            [clip_id],
        ).fetchone()
        if row is not None:
            found.setdefault(int(row[0]), None)
    return list(found)


def _clip_media(library: Library, clip_id: int) -> ClipMedia:
    clip = get_clip(library, clip_id)
    saved = clip_frame_index_json(library, clip_id)
    index = None
    if saved is not None:
        try:
            index = FrameIndex.from_json(saved)
        except (ValueError, KeyError):
            index = None  # rebuilt by demuxing
    return ClipMedia(library.media_source(clip), f"clip {clip_id}", index)
