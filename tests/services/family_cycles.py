"""A family with three filming cycles of known tags, for the report tests and benchmark."""

from __future__ import annotations

from attune_app.services import add_tag
from attune_app.services.people import act_as
from attune_app.store.library import Library
from tests.services.fake_clips import add_fake_clip

# per cycle: (cue frame, response frame) of each answered moment; 25 fps, 250-frame clips
CYCLE_MOMENTS = (
    ((10, 60), (100, 150)),  # 2.0 s and 2.0 s
    ((10, 35), (100, 125), (150, 175)),  # 1.0 s each
    ((10, 20), (100, 110), (150, 160), (200, 210)),  # 0.4 s each
)


def add_family_with_cycles(library: Library, practitioner: str = "Pat") -> list[int]:
    """Three sessions (cycles 1-3) of family F-001, one 10 s clip each; returns session ids."""
    act_as(library, practitioner)
    sessions = []
    for cycle, moments in enumerate(CYCLE_MOMENTS, start=1):
        clip = add_fake_clip(library, content=f"cycle {cycle}".encode())
        for cue, response in moments:
            add_tag(
                library,
                clip.id,
                in_frame=cue,
                out_frame=response + 5,
                cue_frame=cue,
                cue_code="smiles",
                response_frame=response,
                response_code="smiles_back",
                principle_codes=["receiving_initiatives"],
                note="Mrs Private smiled",  # a note never reaches a report
            )
        add_tag(library, clip.id, in_frame=5, out_frame=5, cue_frame=5, cue_code="looks_away")
        sessions.append(clip.session_id)
    return sessions
