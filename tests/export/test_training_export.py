"""A training reel leaves only anonymised: refused until a trainer confirms the anonymisation
as it is now, and then exported with its boxes covered."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from attune_app import services
from attune_app.anonymise.boxes import Rect
from attune_app.anonymise.confirmation import confirm
from attune_app.anonymise.detection import detect_reel
from attune_app.anonymise.editing import add_box, add_mute, update_settings
from attune_app.domain.models import Clip
from attune_app.export.output_plan import ExportSettings
from attune_app.export.reel_export import ExportRefusedError, export_reel
from attune_app.media import open_video
from attune_app.media.synthetic import read_frame_index
from attune_app.store.library import Library
from tests.media.media_clips import ClipSpec, write_clip

DRAFT = ExportSettings(quality="draft", captions="none")
BOX = Rect(200, 150, 320, 240)  # bottom-right corner, clear of the drawn frame index


@pytest.fixture
def training_reel(library: Library, tmp_path: Path) -> tuple[Clip, int, int]:
    spec = ClipSpec("visit", frames=30, rate=25, options={"g": "10"})
    source = write_clip(spec, tmp_path)
    clip = services.import_clip(library, source, family_ref="F-3", session_date="2026-02-01")
    family_id = library.db.execute(
        "SELECT family_id FROM sessions WHERE id = ?", [clip.session_id]
    ).fetchone()[0]
    services.record_consent(library, family_id, "training", given_on="2026-01-01")
    reel = services.create_reel(library, "Waiting for a turn", "training")
    item = services.add_range_to_reel(library, reel.id, clip.id, 4, 19)
    return clip, reel.id, item.id


def test_training_export_waits_for_a_confirmed_anonymisation(
    library: Library, training_reel: tuple[Clip, int, int], tmp_path: Path
) -> None:
    clip, reel_id, item_id = training_reel
    with pytest.raises(ExportRefusedError, match="Faces have not been looked for"):
        export_reel(library, reel_id, tmp_path / "early.mp4", DRAFT)
    detect_reel(library, reel_id)
    add_box(library, reel_id, clip.id, 4, BOX, reel_item_id=item_id)
    update_settings(library, reel_id, fill="solid")
    with pytest.raises(ExportRefusedError, match="No trainer has reviewed"):
        export_reel(library, reel_id, tmp_path / "unreviewed.mp4", DRAFT)
    services.act_as(library, "Tess", profile="trainer")
    confirm(library, reel_id)
    out = tmp_path / "training.mp4"
    export_reel(library, reel_id, out, DRAFT)
    with open_video(out) as video:
        shown = [video.read(i) for i in range(video.frame_count)]
    assert [read_frame_index(f) for f in shown] == list(range(4, 20))
    for frame in shown:
        patch = frame[BOX.y0 + 8 : BOX.y1 - 8, BOX.x0 + 8 : BOX.x1 - 8].astype(int)
        assert np.ptp(patch, axis=(0, 1)).max() <= 12  # one solid colour, nothing of the face
    assert not list(tmp_path.glob("unreviewed*")) and not list(tmp_path.glob("early*"))
    add_mute(library, reel_id, clip.id, 0.2, 0.4)  # any change voids the confirmation
    with pytest.raises(ExportRefusedError, match="changed after Tess confirmed"):
        export_reel(library, reel_id, tmp_path / "changed.mp4", DRAFT)
