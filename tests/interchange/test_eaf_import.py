"""Importing ELAN files as ELAN writes them: tiers and linguistic types, vocabularies, symbolic
associations and subdivisions, slots without times, the video's media offset; mapping reports;
bad input rejected whole, with one line per problem."""

from __future__ import annotations

from pathlib import Path

import pytest

from attune_app.domain.models import Clip
from attune_app.interchange.mapping import read_mapping
from attune_app.interchange.tag_import import (
    ImportRejectedError,
    import_tags,
    remove_imported_tags,
    restore_imported_tags,
)
from attune_app.services import add_tag, list_tags
from attune_app.store.library import Library
from tests.interchange.conftest import VFR_PATTERN_90K

DATA = Path(__file__).resolve().parents[1] / "data" / "eaf"


def _starts(count: int) -> list[float]:
    times, t = [], 0
    for i in range(count):
        times.append(t / 90_000)
        t += VFR_PATTERN_90K[i % len(VFR_PATTERN_90K)]
    return [*times, t / 90_000]  # and the clip's end


def frame_at(t_s: float, count: int = 120) -> int:
    starts = _starts(count)[:-1]
    return min(range(count), key=lambda f: (abs(starts[f] - t_s), f))


def last_frame_ending(t_s: float, count: int = 120) -> int:
    ends = _starts(count)[1:]
    return min(range(count), key=lambda f: (abs(ends[f] - t_s), f))


def test_elan_file_with_several_tiers_imports_through_a_mapping(
    library: Library, vfr_clip: Clip
) -> None:
    mapping = read_mapping(DATA / "elan_3_0_several_tiers.map.json")
    report = import_tags(library, DATA / "elan_3_0_several_tiers.eaf", vfr_clip.id, mapping=mapping)
    got = {
        (
            t.in_frame,
            t.out_frame,
            t.cue_frame,
            t.cue_code,
            t.response_frame,
            t.response_code,
            t.principle_codes,
            t.note,
        )
        for t in report.added
    }
    # every time is the ELAN time + 0.4 s: the video's offset (the audio's 5 s is ignored)
    smile = (frame_at(1.6), last_frame_ending(2.4))
    parent = (frame_at(1.6), last_frame_ending(3.0))
    reach = (frame_at(3.4), last_frame_ending(3.9))
    assert got == {
        (*smile, smile[0], "smiles", None, None, (), ""),
        # the association and the subdivision of one parent annotation make one tag,
        # the subdivision's children in PREVIOUS_ANNOTATION order
        (
            *parent,
            None,
            None,
            parent[0],
            "imitates",
            ("receiving_initiatives", "being_attentive"),
            "",
        ),
        # the unaligned slot of the time subdivision sits half way: 1.2 + 0.7 s (+ 0.4 s)
        (frame_at(1.6), last_frame_ending(2.3), None, None, None, None, (), "look"),
        (frame_at(2.3), last_frame_ending(3.0), None, None, None, None, (), "talk"),
        # a note with the same span as a cue joins its tag
        (*reach, reach[0], "reaches", None, None, (), "nice turn"),
    }
    assert report.skipped == (
        "tier 'Parent': not mapped (1 annotations left out)",
        "tier 'Transcription': not mapped (1 annotations left out)",
        "tier 'Infant': value 'looks at mum' is not mapped to a code (1 left out)",
    )
    assert any("Coder A" in note for note in report.notes)
    assert {t.id for t in list_tags(library, vfr_clip.id)} == {t.id for t in report.added}


def test_eaf_2_7_with_an_old_style_vocabulary(library: Library, vfr_clip: Clip) -> None:
    mapping = read_mapping(DATA / "elan_2_7_cv.map.json")
    report = import_tags(library, DATA / "elan_2_7_cv.eaf", vfr_clip.id, mapping=mapping)
    got = sorted((t.cue_frame, t.cue_code) for t in report.added)
    assert got == [(frame_at(0.5), "smiles"), (frame_at(2.5), "vocalises")]
    assert report.notes == ()
    extra = type(mapping)({**mapping.tiers, "Mum": type(mapping.tiers["Baby"])("response")})
    library.db.execute("DELETE FROM tags")
    again = import_tags(library, DATA / "elan_2_7_cv.eaf", vfr_clip.id, mapping=extra)
    assert again.notes == ("the mapping names tier 'Mum', which has no annotations in this file",)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("malformed.eaf", "not well-formed XML"),
        ("overlapping_annotations.eaf", "overlap"),
        ("longer_recording.eaf", "outside the clip"),
    ],
)
def test_bad_files_are_rejected_whole_with_a_reason(
    library: Library, vfr_clip: Clip, name: str, expected: str
) -> None:
    add_tag(library, vfr_clip.id, in_frame=1, out_frame=2)
    before = list_tags(library, vfr_clip.id)
    mapping = read_mapping(DATA / "elan_3_0_several_tiers.map.json")
    with pytest.raises(ImportRejectedError) as caught:
        import_tags(library, DATA / name, vfr_clip.id, mapping=mapping)
    assert any(expected in p for p in caught.value.problems)
    assert f"Nothing was imported from {name}" in str(caught.value)
    assert list_tags(library, vfr_clip.id) == before


def test_codes_not_in_the_scheme_reject_the_import(library: Library, vfr_clip: Clip) -> None:
    mapping = read_mapping(DATA / "elan_3_0_several_tiers.map.json")
    bad = {**mapping.tiers}
    bad["Infant cue"] = type(bad["Infant cue"])("cue", {"smile": "grins", "reach": "reaches"})
    with pytest.raises(ImportRejectedError) as caught:
        import_tags(
            library,
            DATA / "elan_3_0_several_tiers.eaf",
            vfr_clip.id,
            mapping=type(mapping)(bad),
        )
    assert [p for p in caught.value.problems if "'grins' is not a cue code" in p]
    assert list_tags(library, vfr_clip.id) == []


def test_an_import_is_undone_and_redone_exactly(library: Library, vfr_clip: Clip) -> None:
    kept = add_tag(library, vfr_clip.id, in_frame=50, out_frame=60, cue_code="smiles", cue_frame=50)
    mapping = read_mapping(DATA / "elan_3_0_several_tiers.map.json")
    report = import_tags(library, DATA / "elan_3_0_several_tiers.eaf", vfr_clip.id, mapping=mapping)
    after = list_tags(library, vfr_clip.id)
    remove_imported_tags(library, report.added)
    assert list_tags(library, vfr_clip.id) == [kept]
    restore_imported_tags(library, report.added)
    assert list_tags(library, vfr_clip.id) == after


def test_an_eaf_without_a_mapping_reports_every_tier_unmapped(
    library: Library, vfr_clip: Clip
) -> None:
    report = import_tags(library, DATA / "elan_2_7_cv.eaf", vfr_clip.id)
    assert report.added == ()
    assert report.skipped == ("tier 'Baby': not mapped (2 annotations left out)",)


def test_a_file_made_for_media_of_another_length_is_rejected(
    library: Library, vfr_clip: Clip, tmp_path: Path
) -> None:
    from tests.interchange.conftest import add_vfr_clip
    from tests.interchange.helpers import export_clip

    add_tag(library, vfr_clip.id, in_frame=1, out_frame=5, cue_frame=2, cue_code="smiles")
    longer = add_vfr_clip(library, frame_count=240, content=b"longer")
    for fmt in ("eaf", "json"):
        path = export_clip(library, vfr_clip.id, fmt, tmp_path / f"a.{fmt}")
        with pytest.raises(ImportRejectedError) as caught:
            import_tags(library, path, longer.id)
        (problem,) = caught.value.problems
        assert "made for media of 4.583 s, but this clip lasts 9.167 s" in problem
    assert list_tags(library, longer.id) == []
