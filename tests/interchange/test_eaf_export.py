"""ELAN export: valid against the official EAFv3.0.xsd, readable by pympi-ling with the same
annotations, timed by each frame's exact presentation time, one tier set per coder."""

from __future__ import annotations

from pathlib import Path

from lxml import etree
from pympi.Elan import Eaf

from attune_app.domain.models import Clip
from attune_app.interchange.eaf_schema import eaf_schema_path, schema_errors
from attune_app.interchange.frame_times import clip_clock
from attune_app.services import act_as, add_tag
from attune_app.store.library import Library
from tests.interchange.conftest import VFR_PATTERN_90K
from tests.interchange.helpers import export_clip


def _two_coders(library: Library, clip: Clip) -> None:
    add_tag(
        library,
        clip.id,
        in_frame=3,
        out_frame=20,
        cue_frame=4,
        cue_code="smiles",
        response_frame=9,
        response_code="smiles_back",
        principle_codes=["receiving_initiatives", "turning_towards"],
        note="she smiled",
    )
    act_as(library, "Supervisor Sam", "supervisor")
    add_tag(library, clip.id, in_frame=8, out_frame=8, cue_frame=8, cue_code="reaches")
    add_tag(library, clip.id, in_frame=10, out_frame=40, response_frame=12, response_code="waits")


def test_the_shipped_schema_is_the_official_eaf_3_0(library: Library) -> None:
    root = etree.parse(str(eaf_schema_path())).getroot()
    assert root.tag == "{http://www.w3.org/2001/XMLSchema}schema"
    text = eaf_schema_path().read_text(encoding="utf-8")
    assert "VERSION 3.0" in text and 'name="ANNOTATION_DOCUMENT"' in text


def test_export_validates_and_pympi_reads_the_same_annotations(
    library: Library, vfr_clip: Clip, tmp_path: Path
) -> None:
    _two_coders(library, vfr_clip)
    path = export_clip(library, vfr_clip.id, "eaf", tmp_path / "tags.eaf")
    assert schema_errors(path.read_bytes()) == []
    slots = etree.parse(str(path)).getroot().iterfind("TIME_ORDER/TIME_SLOT")
    values = [int(slot.get("TIME_VALUE", "-1")) for slot in slots]
    # 10 annotations (6 + 2 + 2 for the three tags), two slots each, in time order as ELAN writes
    assert values == sorted(values) and len(values) == 20
    eaf = Eaf(str(path))
    clock = clip_clock(library, vfr_clip)
    ms = lambda t: round(t * 1000)  # noqa: E731
    me = next(t for t in eaf.get_tier_names() if t.startswith("infant cue (") and "Sam" not in t)
    assert eaf.get_annotation_data_for_tier(me) == [
        (ms(clock.time_s(4)), ms(clock.time_s(5)), "smiles")
    ]
    sam_cues = eaf.get_annotation_data_for_tier("infant cue (Supervisor Sam)")
    assert sam_cues == [(ms(clock.time_s(8)), ms(clock.time_s(9)), "reaches")]
    sam_responses = eaf.get_annotation_data_for_tier("parent response (Supervisor Sam)")
    assert sam_responses == [(ms(clock.time_s(12)), ms(clock.time_s(13)), "waits")]
    # two principles of one tag: one vocabulary entry each, on two lanes spanning in..out
    principles = sorted(
        v
        for t in eaf.get_tier_names()
        if t.startswith("principle")
        for v in eaf.get_annotation_data_for_tier(t)
    )
    span = (ms(clock.time_s(3)), ms(clock.end_s(20)))
    assert principles == [(*span, "receiving_initiatives"), (*span, "turning_towards")]
    note_tier = next(t for t in eaf.get_tier_names() if t.startswith("note (") and "Sam" not in t)
    assert eaf.get_annotation_data_for_tier(note_tier) == [(*span, "she smiled")]


def test_times_are_the_frames_presentation_times_not_frame_over_fps(
    library: Library, vfr_clip: Clip, tmp_path: Path
) -> None:
    add_tag(library, vfr_clip.id, in_frame=9, out_frame=9, cue_frame=9, cue_code="smiles")
    path = export_clip(library, vfr_clip.id, "eaf", tmp_path / "tags.eaf")
    (cue,) = Eaf(str(path)).get_annotation_data_for_tier(
        next(t for t in Eaf(str(path)).get_tier_names() if t.startswith("infant cue"))
    )
    # frame 9 starts after the phone clock's first nine frame durations (a 15 fps hiccup
    # among them): 32250 / 90 kHz = 358 ms, not 9 / 25 fps = 360 ms; it lasts 3000 ticks
    assert sum(VFR_PATTERN_90K[:9]) == 32250
    assert cue[:2] == (358, 392)


def test_vocabularies_come_from_the_scheme_with_descriptions(
    library: Library, vfr_clip: Clip, tmp_path: Path
) -> None:
    add_tag(library, vfr_clip.id, in_frame=0, out_frame=2)
    path = export_clip(library, vfr_clip.id, "eaf", tmp_path / "tags.eaf")
    root = etree.parse(str(path)).getroot()
    cue_cv = root.find("CONTROLLED_VOCABULARY[@CV_ID='attune-cue']")
    assert cue_cv is not None
    value = cue_cv.find("CV_ENTRY_ML[@CVE_ID='cve_looks_at_parent']/CVE_VALUE")
    assert value is not None and value.text == "looks_at_parent"
    assert value.get("DESCRIPTION", "").startswith("Looks at parent")
    assert "infant_cues_parent_responses v1" in value.get("DESCRIPTION", "")


def test_media_descriptor_is_relative_with_a_mime_type(
    library: Library, vfr_clip: Clip, tmp_path: Path
) -> None:
    add_tag(library, vfr_clip.id, in_frame=0, out_frame=2)
    path = export_clip(library, vfr_clip.id, "eaf", tmp_path / "tags.eaf")
    text = path.read_text(encoding="utf-8")
    media = etree.parse(str(path)).getroot().find("HEADER/MEDIA_DESCRIPTOR")
    assert media is not None
    assert media.get("MIME_TYPE") == "video/mp4"
    assert media.get("MEDIA_URL") == f"./{vfr_clip.media_name}"
    assert str(Path.home()) not in text and "F-001" not in text
    assert str(library.path) not in text
