"""Tags as an ELAN EAF 3.0 document.

Per coder, one tier set: the moment (in..out), the infant cue, the parent response, the
principles and the note. A cue or a response is one frame: its annotation runs from that
frame's presentation time to the next frame's. A moment, principle or note spans the tag's in
frame to the end of its out frame. Tags that overlap in time go on extra lanes of the same kind
("principle 2 (Ana)"), because ELAN never lets annotations of one tier overlap, and each of a
tag's principles is its own annotation so each is one entry of the controlled vocabulary.

Annotation ids carry the tag (`t12_cue`), so a file Attune wrote imports back into the same
tags without a mapping; the header's `attune:format` property says it is one.
"""

from __future__ import annotations

import mimetypes
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from lxml import etree

from attune_app.domain.models import Clip, Tag
from attune_app.interchange.codebook import CodeBook
from attune_app.interchange.eaf_schema import EAF_SCHEMA_URL
from attune_app.interchange.frame_times import FrameClock, to_ms

ATTUNE_FORMAT = "attune-tags 1"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
# Tier kinds: (linguistic type id, tier name, controlled vocabulary field or None)
KINDS = {
    "moment": ("attune-moment", "moment", None),
    "cue": ("attune-cue", "infant cue", "cue"),
    "response": ("attune-response", "parent response", "response"),
    "principle": ("attune-principle", "principle", "principle"),
    "note": ("attune-note", "note", None),
}
TYPE_KIND = {type_id: kind for kind, (type_id, _, _) in KINDS.items()}
_CV_TITLES = {
    "cue": "Infant cues (the baby's initiative)",
    "response": "Parent responses",
    "principle": "Principles of attuned interaction and their behaviours",
}
_MIME = {
    ".mp4": "video/mp4",
    ".m4v": "video/mp4",
    ".mov": "video/quicktime",
    ".mkv": "video/x-matroska",
    ".webm": "video/webm",
    ".avi": "video/x-msvideo",
}
# ELAN writes these four stereotypes into every file.
_CONSTRAINTS = (
    (
        "Time_Subdivision",
        "Time subdivision of parent annotation's time interval, no time gaps "
        "allowed within this interval",
    ),
    (
        "Symbolic_Subdivision",
        "Symbolic subdivision of a parent annotation. Annotations refering "
        "to the same parent are ordered",
    ),
    ("Symbolic_Association", "1-1 association with a parent annotation"),
    (
        "Included_In",
        "Time alignable annotations within the parent annotation's time interval, gaps are allowed",
    ),
)


@dataclass(frozen=True)
class EafAnnotation:
    annotation_id: str
    kind: str
    start_ms: int
    end_ms: int
    value: str
    cve_ref: str | None = None


def media_mime_type(ext: str) -> str:
    return _MIME.get(ext.lower()) or mimetypes.guess_type(f"x{ext}")[0] or "video/*"


def tag_annotations(tag: Tag, clock: FrameClock) -> list[EafAnnotation]:
    """What one tag becomes in ELAN, before it is placed on tiers."""
    start, end = to_ms(clock.time_s(tag.in_frame)), to_ms(clock.end_s(tag.out_frame))
    span = (start, max(end, start + 1))
    rating = f"rating {tag.rating}" if tag.rating is not None else ""
    found = [EafAnnotation(f"t{tag.id}_moment", "moment", *span, rating)]
    for kind, frame, code in (
        ("cue", tag.cue_frame, tag.cue_code),
        ("response", tag.response_frame, tag.response_code),
    ):
        if frame is None:
            continue
        at, until = to_ms(clock.time_s(frame)), to_ms(clock.end_s(frame))
        value = code or ""
        ref = f"cve_{code}" if code else None
        found.append(EafAnnotation(f"t{tag.id}_{kind}", kind, at, max(until, at + 1), value, ref))
    for k, code in enumerate(tag.principle_codes, start=1):
        found.append(
            EafAnnotation(f"t{tag.id}_principle{k}", "principle", *span, code, f"cve_{code}")
        )
    if tag.note:
        found.append(EafAnnotation(f"t{tag.id}_note", "note", *span, tag.note))
    return found


def _lanes(annotations: Iterable[EafAnnotation]) -> list[list[EafAnnotation]]:
    """Annotations on as few lanes as keep each lane free of overlaps (earliest first)."""
    lanes: list[list[EafAnnotation]] = []
    for a in sorted(annotations, key=lambda a: (a.start_ms, a.end_ms, a.annotation_id)):
        for lane in lanes:
            if lane[-1].end_ms <= a.start_ms:
                lane.append(a)
                break
        else:
            lanes.append([a])
    return lanes


def eaf_document(
    clip: Clip,
    tags: Iterable[tuple[Tag, str]],
    clock: FrameClock,
    codebook: CodeBook,
) -> bytes:
    """The EAF 3.0 bytes for `tags` (each with its coder's name) of `clip`."""
    by_coder: dict[str, list[EafAnnotation]] = {}
    for tag, coder in tags:
        by_coder.setdefault(coder, []).extend(tag_annotations(tag, clock))
    root = etree.Element(
        "ANNOTATION_DOCUMENT",
        {
            "AUTHOR": "Attune",
            "DATE": datetime.now(UTC).isoformat(timespec="seconds"),
            "FORMAT": "3.0",
            "VERSION": "3.0",
            f"{{{XSI}}}noNamespaceSchemaLocation": EAF_SCHEMA_URL,
        },
        nsmap={"xsi": XSI},
    )
    _header(root, clip, clock, codebook)
    slots = etree.SubElement(root, "TIME_ORDER")
    tiers = []
    slot_values: list[int] = []
    for coder in sorted(by_coder):
        for kind, (type_id, name, _) in KINDS.items():
            lanes = _lanes(a for a in by_coder[coder] if a.kind == kind) or [[]]
            for n, lane in enumerate(lanes, start=1):
                label = name if n == 1 else f"{name} {n}"
                tier = etree.Element(
                    "TIER",
                    {
                        "TIER_ID": f"{label} ({coder})",
                        "ANNOTATOR": coder,
                        "LINGUISTIC_TYPE_REF": type_id,
                    },
                )
                for a in lane:
                    _annotation(tier, a, slot_values)
                tiers.append(tier)
    # Slots in time order, as ELAN writes them (each annotation keeps its own two slots).
    order = sorted(range(len(slot_values)), key=lambda i: (slot_values[i], i))
    slot_id = {original: f"ts{n}" for n, original in enumerate(order, start=1)}
    for original in order:
        attrs = {"TIME_SLOT_ID": slot_id[original], "TIME_VALUE": str(slot_values[original])}
        etree.SubElement(slots, "TIME_SLOT", attrs)
    for tier in tiers:
        for aligned in tier.iter("ALIGNABLE_ANNOTATION"):
            for name in ("TIME_SLOT_REF1", "TIME_SLOT_REF2"):
                aligned.set(name, slot_id[int(aligned.get(name, "0"))])
    root.extend(tiers)
    _types_and_vocabularies(root, codebook)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))


def _header(root: etree._Element, clip: Clip, clock: FrameClock, codebook: CodeBook) -> None:
    header = etree.SubElement(root, "HEADER", {"MEDIA_FILE": "", "TIME_UNITS": "milliseconds"})
    relative = f"./{clip.media_name}"  # the library's content-hash name: no family, no home path
    etree.SubElement(
        header,
        "MEDIA_DESCRIPTOR",
        {
            "MEDIA_URL": relative,
            "MIME_TYPE": media_mime_type(clip.media_ext),
            "RELATIVE_MEDIA_URL": relative,
        },
    )
    properties = [
        ("attune:format", ATTUNE_FORMAT),
        ("attune:clip_frames", str(clock.frame_count)),
        ("attune:media_duration_ms", str(to_ms(clock.duration_s))),
        *(("attune:scheme", f"{s.name} v{s.version}") for s in codebook.schemes),
    ]
    for name, value in properties:
        etree.SubElement(header, "PROPERTY", {"NAME": name}).text = value


def _annotation(tier: etree._Element, a: EafAnnotation, slot_values: list[int]) -> None:
    slot_values.extend((a.start_ms, a.end_ms))
    n = len(slot_values)
    wrapper = etree.SubElement(tier, "ANNOTATION")
    attrs = {
        "ANNOTATION_ID": a.annotation_id,
        "TIME_SLOT_REF1": str(n - 2),  # indices into slot_values until slots are numbered
        "TIME_SLOT_REF2": str(n - 1),
    }
    if a.cve_ref:
        attrs["CVE_REF"] = a.cve_ref
    aligned = etree.SubElement(wrapper, "ALIGNABLE_ANNOTATION", attrs)
    etree.SubElement(aligned, "ANNOTATION_VALUE").text = a.value


def _types_and_vocabularies(root: etree._Element, codebook: CodeBook) -> None:
    for type_id, _, field in KINDS.values():
        attrs = {
            "LINGUISTIC_TYPE_ID": type_id,
            "TIME_ALIGNABLE": "true",
            "GRAPHIC_REFERENCES": "false",
        }
        if field:
            attrs["CONTROLLED_VOCABULARY_REF"] = type_id
        etree.SubElement(root, "LINGUISTIC_TYPE", attrs)
    etree.SubElement(
        root,
        "LANGUAGE",
        {
            "LANG_ID": "eng",
            "LANG_DEF": "http://cdb.iso.org/lg/CDB-00138502-001",
            "LANG_LABEL": "English (eng)",
        },
    )
    for stereotype, description in _CONSTRAINTS:
        etree.SubElement(root, "CONSTRAINT", {"STEREOTYPE": stereotype, "DESCRIPTION": description})
    for type_id, _, field in KINDS.values():
        if not field:
            continue
        cv = etree.SubElement(root, "CONTROLLED_VOCABULARY", {"CV_ID": type_id})
        etree.SubElement(cv, "DESCRIPTION", {"LANG_REF": "eng"}).text = _CV_TITLES[field]
        for entry in codebook.codes_for(field):
            item = etree.SubElement(cv, "CV_ENTRY_ML", {"CVE_ID": f"cve_{entry.code.key}"})
            value = etree.SubElement(
                item,
                "CVE_VALUE",
                {
                    "DESCRIPTION": f"{entry.description} ({entry.scheme} v{entry.version})",
                    "LANG_REF": "eng",
                },
            )
            value.text = entry.code.key
