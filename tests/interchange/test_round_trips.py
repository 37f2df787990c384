"""Round trips: tags -> file -> tags keep frames, codes, coders (and notes and ratings where the
format carries them), on a variable-frame-rate clip, for every format Attune reads back."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from attune_app.domain.models import Clip
from attune_app.interchange.eaf_schema import schema_errors
from attune_app.interchange.tag_import import import_tags
from attune_app.services import act_as, add_tag, list_tags
from attune_app.store.library import Library
from tests.interchange.helpers import essence, export_clip

FRAMES = 120
CUES = ["looks_at_parent", "smiles", "reaches", "cries"]
RESPONSES = ["looks_back", "smiles_back", "waits", "soothes"]
PRINCIPLES = ["being_attentive", "receiving_initiatives", "turning_towards", "guiding"]
NOTE = st.text(alphabet="abcdefghij klmnop,.'!?éß", max_size=30).map(str.strip)


@st.composite
def tag_values(draw: st.DrawFn) -> dict[str, object]:
    a, b = sorted(draw(st.lists(st.integers(0, FRAMES - 1), min_size=2, max_size=2)))
    cue = draw(st.none() | st.integers(0, FRAMES - 1))
    response = draw(st.none() | st.integers(0, FRAMES - 1))
    return {
        "in_frame": a,
        "out_frame": b,
        "cue_frame": cue,
        "cue_code": draw(st.sampled_from(CUES)) if cue is not None else None,
        "response_frame": response,
        "response_code": draw(st.sampled_from(RESPONSES)) if response is not None else None,
        "principle_codes": draw(st.lists(st.sampled_from(PRINCIPLES), unique=True, max_size=3)),
        "rating": draw(st.none() | st.integers(0, 9)),
        "note": draw(NOTE),
        "coder": draw(st.sampled_from(["Practitioner Pat", "Supervisor Sam"])),
    }


def _round_trip(
    library: Library, clip: Clip, drawn: list[dict[str, object]], fmt: str, folder: Path
) -> None:
    library.db.execute("DELETE FROM tags")
    for values in drawn:
        values = dict(values)
        act_as(library, str(values.pop("coder")))
        add_tag(library, clip.id, **values)  # type: ignore[arg-type]
    before = list_tags(library, clip.id)
    suffix = {"boris": ".tsv", "boris-aggregated": ".tsv"}.get(fmt, f".{fmt}")
    path = export_clip(library, clip.id, fmt, folder / f"{fmt}-round-trip{suffix}")
    if fmt == "eaf":
        assert schema_errors(path.read_bytes()) == []
    library.db.execute("DELETE FROM tags")
    report = import_tags(library, path, clip.id)
    assert report.skipped == ()
    assert essence(list(report.added)) == essence(before)
    authors = sorted((t.in_frame, t.out_frame, t.author_id or 0) for t in report.added)
    assert authors == sorted((t.in_frame, t.out_frame, t.author_id or 0) for t in before)


SETTINGS = settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@SETTINGS
@given(drawn=st.lists(tag_values(), max_size=6))
def test_tags_eaf_tags(
    library: Library, vfr_clip: Clip, tmp_path: Path, drawn: list[dict[str, object]]
) -> None:
    _round_trip(library, vfr_clip, drawn, "eaf", tmp_path)


@SETTINGS
@given(drawn=st.lists(tag_values(), max_size=6))
def test_tags_csv_tags(
    library: Library, vfr_clip: Clip, tmp_path: Path, drawn: list[dict[str, object]]
) -> None:
    _round_trip(library, vfr_clip, drawn, "csv", tmp_path)


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    drawn=st.lists(tag_values(), max_size=4),
    fmt=st.sampled_from(["json", "boris", "boris-aggregated"]),
)
def test_tags_json_and_boris_tags(
    library: Library, vfr_clip: Clip, tmp_path: Path, drawn: list[dict[str, object]], fmt: str
) -> None:
    _round_trip(library, vfr_clip, drawn, fmt, tmp_path)


def test_ten_principle_lanes_come_back_to_their_own_tags(
    library: Library, vfr_clip: Clip, tmp_path: Path
) -> None:
    """Tags at one span need a lane per principle; lane 10 must not sort before lane 2."""
    a, r, t = PRINCIPLES[:3]
    codes = [[], [], [a, r], [a, r], [a, r, t], [a, r, t]]
    drawn = [
        {"in_frame": 0, "out_frame": 0, "principle_codes": c, "coder": "Practitioner Pat"}
        for c in codes
    ]
    _round_trip(library, vfr_clip, drawn, "eaf", tmp_path)
