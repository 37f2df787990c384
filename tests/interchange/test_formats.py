"""BORIS tables as BORIS writes them, subtitles of tags, a real phone (VFR) clip, the audit of
exports, and nothing left behind when a check fails."""

from __future__ import annotations

import json
from pathlib import Path

import av
import pytest
from corpus import make_clip
from pympi.Elan import Eaf

from attune_app.domain.models import Clip
from attune_app.interchange.mapping import parse_mapping
from attune_app.interchange.tag_export import ExportCheckError, write_eaf
from attune_app.interchange.tag_import import ImportRejectedError, import_tags
from attune_app.services import add_tag, import_clip, list_tags
from attune_app.store.library import Library
from tests.interchange.helpers import essence, export_clip

BORIS_AGGREGATED = (
    "Observation id\tObservation date\tDescription\tMedia file\tTotal length\tFPS\tSubject\t"
    "Behavior\tBehavioral category\tModifiers\tBehavior type\tStart (s)\tStop (s)\t"
    "Duration (s)\tComment start\tComment stop\n"
    "obs1\t2024-01-02\t\tvisit.mp4\t4.58\t30\tBaby\tgaze\tlook\t\tSTATE\t0.400\t1.200\t0.800\t\t\n"
    "obs1\t2024-01-02\t\tvisit.mp4\t4.58\t30\tBaby\tsmile\tface\t\tPOINT\t2.000\t2.000\tNA\t\t\n"
    "obs1\t2024-01-02\t\tvisit.mp4\t4.58\t30\tMum\tsmile\tface\t\tPOINT\t2.300\t2.300\tNA\t\t\n"
    "obs1\t2024-01-02\t\tvisit.mp4\t4.58\t30\tMum\tpoke\t\t\tPOINT\t3.000\t3.000\tNA\t\t\n"
)
BORIS_TABULAR = (
    "Observation id\tMedia file\tTotal length\tFPS\tSubject\tBehavior\tModifiers\t"
    "Behavior type\tStatus\tTime\n"
    "obs1\tvisit.mp4\t4.58\t30\tBaby\tgaze\t\tSTATE\tSTART\t0.400\n"
    "obs1\tvisit.mp4\t4.58\t30\tBaby\tsmile\t\tPOINT\tPOINT\t2.000\n"
    "obs1\tvisit.mp4\t4.58\t30\tBaby\tgaze\t\tSTATE\tSTOP\t1.200\n"
)
MAPPING = parse_mapping(
    {
        "tiers": {
            "Baby": {"as": "cue", "values": {"gaze": "looks_at_parent", "smile": "smiles"}},
            "Mum": {"as": "response", "values": {"smile": "smiles_back"}},
        }
    }
)


@pytest.mark.parametrize("text", [BORIS_AGGREGATED, BORIS_TABULAR], ids=["aggregated", "tabular"])
def test_boris_tables_import_through_a_mapping_by_subject(
    library: Library, vfr_clip: Clip, tmp_path: Path, text: str
) -> None:
    path = tmp_path / "boris.tsv"
    path.write_text(text, encoding="utf-8")
    report = import_tags(library, path, vfr_clip.id, mapping=MAPPING)
    got = sorted((t.cue_code or "", t.response_code or "") for t in report.added)
    expected = [("looks_at_parent", ""), ("smiles", "")]
    if text is BORIS_AGGREGATED:
        expected.insert(0, ("", "smiles_back"))
        assert report.skipped == ("tier 'Mum': value 'poke' is not mapped to a code (1 left out)",)
    assert got == expected


def test_a_boris_state_that_never_stops_is_a_problem(
    library: Library, vfr_clip: Clip, tmp_path: Path
) -> None:
    path = tmp_path / "boris.tsv"
    path.write_text(BORIS_TABULAR.rsplit("obs1", 1)[0], encoding="utf-8")
    with pytest.raises(ImportRejectedError) as caught:
        import_tags(library, path, vfr_clip.id, mapping=MAPPING)
    assert any("starts but never stops" in p for p in caught.value.problems)


def test_tag_subtitles_show_each_cue_at_its_frame(
    library: Library, vfr_clip: Clip, tmp_path: Path
) -> None:
    add_tag(
        library,
        vfr_clip.id,
        in_frame=9,
        out_frame=20,
        cue_frame=9,
        cue_code="smiles",
        response_frame=12,
        response_code="smiles_back",
        note="private words",
    )
    srt = export_clip(library, vfr_clip.id, "srt", tmp_path / "tags.srt").read_text("utf-8")
    assert srt.startswith("1\n00:00:00,358 --> 00:00:00,817\nInfant cue: Smiles\n\n2\n")
    assert "Parent response: Smiles back" in srt and "private" not in srt
    vtt = export_clip(library, vfr_clip.id, "vtt", tmp_path / "tags.vtt").read_text("utf-8")
    assert vtt.startswith("WEBVTT\n\n00:00:00.358 --> 00:00:00.817\nInfant cue: Smiles\n")


def test_a_real_phone_clip_keeps_its_frame_times(library: Library, tmp_path: Path) -> None:
    source = make_clip("h264_vfr_phone", tmp_path / "corpus").path
    clip = import_clip(library, source, family_ref="F-2")
    with av.open(str(source)) as container:
        stream = container.streams.video[0]
        times = sorted(float(f.pts * f.time_base) for f in container.decode(stream))
    times = [t - times[0] for t in times]
    add_tag(library, clip.id, in_frame=8, out_frame=40, cue_frame=9, cue_code="reaches")
    path = export_clip(library, clip.id, "eaf", tmp_path / "phone.eaf")
    eaf = Eaf(str(path))
    tier = next(t for t in eaf.get_tier_names() if t.startswith("infant cue"))
    (cue,) = eaf.get_annotation_data_for_tier(tier)
    assert cue[:2] == (round(times[9] * 1000), round(times[10] * 1000))
    assert round(times[9] * 1000) != round(9 / clip.fps * 1000)  # VFR: not n / fps
    before = list_tags(library, clip.id)
    library.db.execute("DELETE FROM tags")
    assert essence(list(import_tags(library, path, clip.id).added)) == essence(before)


def test_exports_are_audited_without_names_or_free_text(
    library: Library, vfr_clip: Clip, tmp_path: Path
) -> None:
    add_tag(library, vfr_clip.id, in_frame=1, out_frame=3, note="Amelia cried")
    export_clip(library, vfr_clip.id, "csv", tmp_path / "Amelia tags.csv")
    row = library.db.execute(
        "SELECT action, entity, entity_id, details FROM audit_log ORDER BY id DESC LIMIT 1"
    ).fetchone()
    assert row[:3] == ("export_tags", "clip", vfr_clip.id)
    details = json.loads(row[3])
    assert details == {"format": "csv", "clip_ids": [vfr_clip.id], "tags": 1, "files": 1}


def test_a_file_that_fails_its_check_leaves_nothing_behind(tmp_path: Path) -> None:
    target = tmp_path / "out.eaf"
    with pytest.raises(ExportCheckError):
        write_eaf(target, b"<ANNOTATION_DOCUMENT/>")
    assert list(tmp_path.iterdir()) == []
