"""ELAN EAF files as ELAN writes them (formats 2.7 to 3.0), read into timed occurrences.

Handles several tiers and linguistic types, controlled vocabularies (2.7 `CV_ENTRY` and 2.8+
`CV_ENTRY_ML`), reference annotations (a symbolic association takes its parent's span; the
children of a symbolic subdivision share it out equally, in their `PREVIOUS_ANNOTATION` order),
time slots without a time (placed evenly between the aligned slots around them, as ELAN shows
them) and the `TIME_ORIGIN` offset of the video's media descriptor (an offset of another
medium, an audio recording say, does not move the video).
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass, field

from lxml import etree

from attune_app.interchange.drafts import clean_text
from attune_app.interchange.eaf_writer import ATTUNE_FORMAT, TYPE_KIND
from attune_app.interchange.occurrences import Occurrence

_ATTUNE_ID = re.compile(r"^t(\d+)_")


@dataclass
class EafFile:
    occurrences: list[Occurrence] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    written_by_attune: bool = False
    media_duration_s: float | None = None
    video_offset_ms: int = 0
    overlaps: dict[str, list[str]] = field(default_factory=dict)  # tier -> problems
    tier_order: list[str] = field(default_factory=list)

    def layers(self) -> dict[str, Counter[str]]:
        """Each tier (in the file's order) and how often each value occurs on it."""
        found: dict[str, Counter[str]] = {tier: Counter() for tier in self.tier_order}
        for occ in self.occurrences:
            found.setdefault(occ.layer, Counter())[occ.value] += 1
        return {tier: values for tier, values in found.items() if values}


@dataclass
class _Annotation:
    annotation_id: str
    tier: str
    value: str
    start_ms: float | None = None
    end_ms: float | None = None
    ref: str | None = None
    previous: str | None = None


def read_eaf(data: bytes, *, source: str = "EAF") -> EafFile:
    result = EafFile()
    try:
        parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
        root = etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError as error:
        result.problems.append(
            f"{source} is not well-formed XML (line {error.lineno}: {error.msg}); "
            "open it in ELAN and save it again, or choose another file."
        )
        return result
    if root.tag != "ANNOTATION_DOCUMENT":
        result.problems.append(f"{source} is XML but not an ELAN file (its root is <{root.tag}>).")
        return result
    _read_header(root, result, source)
    if result.problems:
        return result
    slots = _slot_times(root)
    types = {t.get("LINGUISTIC_TYPE_ID", ""): t for t in root.iterfind("LINGUISTIC_TYPE")}
    vocab = _vocabularies(root)
    annotations: dict[str, _Annotation] = {}
    tiers = list(root.iterfind("TIER"))
    tier_info: dict[str, tuple[str | None, str | None, str]] = {}  # id -> parent, annotator, type
    for tier in tiers:
        tier_id = tier.get("TIER_ID", "")
        type_id = tier.get("LINGUISTIC_TYPE_REF", "")
        tier_info[tier_id] = (tier.get("PARENT_REF"), tier.get("ANNOTATOR"), type_id)
        result.tier_order.append(tier_id)
        cv = types.get(type_id, etree.Element("x")).get("CONTROLLED_VOCABULARY_REF")
        for a in _tier_annotations(tier, tier_id, slots, vocab.get(cv or "", {})):
            annotations[a.annotation_id] = a
    _resolve_references(annotations, tier_info, types)
    offset = result.video_offset_ms
    for a in annotations.values():
        if a.start_ms is None or a.end_ms is None:
            result.notes.append(f"tier '{a.tier}' annotation {a.annotation_id}: no time, left out")
            continue
        _parent, annotator, type_id = tier_info[a.tier]
        coder = annotator or _inherited_annotator(a.tier, tier_info)
        kind = TYPE_KIND.get(type_id) if result.written_by_attune else None
        group = f"annotation {_root(a, annotations)}" if a.ref is not None else None
        if kind is not None:
            match = _ATTUNE_ID.match(a.annotation_id)
            group = f"tag {match.group(1)}" if match else None
        start_s, end_s = (a.start_ms + offset) / 1000, (a.end_ms + offset) / 1000
        result.occurrences.append(
            Occurrence(
                source=f"tier '{a.tier}' annotation {a.annotation_id} at {start_s:.3f} s",
                layer=a.tier,
                value=a.value,
                start_s=start_s,
                end_s=end_s,
                kind=kind,
                group=group,
                coder=coder,
            )
        )
    result.occurrences.sort(key=lambda o: (o.start_s, _lane_order(o.layer)))
    _find_overlaps(result, annotations, tier_info, types)
    return result


_LANE = re.compile(r"^(?P<kind>.*?)(?: (?P<lane>\d+))? (?P<coder>\(.*\))$")


def _lane_order(tier: str) -> tuple[str, str, int]:
    """Attune's lanes in their numbered order ("principle (Ana)", "principle 2 (Ana)", ...,
    "principle 10 (Ana)"), so a tag's principles, one lane each, come back in the order they
    were written; other tiers by name."""
    match = _LANE.match(tier)
    if match is None:
        return tier, "", 0
    return match["kind"], match["coder"], int(match["lane"] or 1)


def _read_header(root: etree._Element, result: EafFile, source: str) -> None:
    header = root.find("HEADER")
    if header is None:
        result.problems.append(f"{source} has no HEADER: it is not a complete ELAN file.")
        return
    units = header.get("TIME_UNITS", "milliseconds")
    if units != "milliseconds":
        result.problems.append(
            f"{source} counts time in {units}; Attune reads milliseconds. In ELAN, save it again "
            "(ELAN writes milliseconds)."
        )
    descriptors = list(header.iterfind("MEDIA_DESCRIPTOR"))
    video = next((d for d in descriptors if d.get("MIME_TYPE", "").startswith("video")), None)
    if (
        video is None
        and descriptors
        and not any(d.get("MIME_TYPE", "").startswith("audio") for d in descriptors[:1])
    ):
        video = descriptors[0]
    if video is not None:
        try:
            result.video_offset_ms = int(video.get("TIME_ORIGIN") or 0)
        except ValueError:
            result.problems.append(f"{source}: the video's TIME_ORIGIN is not a number.")
    for prop in header.iterfind("PROPERTY"):
        name, text = prop.get("NAME", ""), (prop.text or "").strip()
        if name == "attune:format" and text == ATTUNE_FORMAT:
            result.written_by_attune = True
        elif name == "attune:media_duration_ms" and text.isdigit():
            result.media_duration_s = int(text) / 1000


def _slot_times(root: etree._Element) -> dict[str, float | None]:
    """Every time slot's time as written (None for a slot without one)."""
    found: dict[str, float | None] = {}
    for slot in root.iterfind("TIME_ORDER/TIME_SLOT"):
        raw = slot.get("TIME_VALUE")
        found[slot.get("TIME_SLOT_ID", "")] = float(raw) if raw and raw.isdigit() else None
    return found


def _place_unaligned(
    annotations: list[_Annotation], refs: list[tuple[str, str]], slots: dict[str, float | None]
) -> None:
    """Times for a tier's slots that have none: spread evenly between the aligned slots around
    them along the tier's chain of annotations, as ELAN shows them (a time subdivision of
    1.2-2.6 s into two parts with an unaligned middle slot divides at 1.9 s)."""
    chain: list[str] = []
    for ref1, ref2 in refs:
        if not chain or chain[-1] != ref1:
            chain.append(ref1)
        chain.append(ref2)
    times = [slots.get(s) for s in chain]
    known = [i for i, t in enumerate(times) if t is not None]
    placed: dict[str, float] = {}
    for i, t in enumerate(times):
        if t is not None:
            continue
        before = [j for j in known if j < i]
        after = [j for j in known if j > i]
        if before and after:
            a, b = before[-1], after[0]
            ta, tb = times[a], times[b]
            assert ta is not None and tb is not None
            placed[chain[i]] = ta + (tb - ta) * (i - a) / (b - a)
    for annotation, (ref1, ref2) in zip(annotations, refs, strict=True):
        annotation.start_ms = slots.get(ref1) if slots.get(ref1) is not None else placed.get(ref1)
        annotation.end_ms = slots.get(ref2) if slots.get(ref2) is not None else placed.get(ref2)


def _vocabularies(root: etree._Element) -> dict[str, dict[str, str]]:
    found: dict[str, dict[str, str]] = {}
    for cv in root.iterfind("CONTROLLED_VOCABULARY"):
        entries: dict[str, str] = {}
        for entry in cv.iterfind("CV_ENTRY_ML"):
            value = entry.find("CVE_VALUE")
            entries[entry.get("CVE_ID", "")] = (value.text or "") if value is not None else ""
        for entry in cv.iterfind("CV_ENTRY"):  # EAF 2.7
            key = entry.get("CVE_ID") or (entry.text or "")
            entries[key] = entry.text or ""
        found[cv.get("CV_ID", "")] = entries
    return found


def _tier_annotations(
    tier: etree._Element, tier_id: str, slots: dict[str, float | None], cv: dict[str, str]
) -> list[_Annotation]:
    found = []
    aligned: list[_Annotation] = []
    refs: list[tuple[str, str]] = []
    for wrapper in tier.iterfind("ANNOTATION"):
        for a in wrapper:
            value = clean_text((a.findtext("ANNOTATION_VALUE") or "").strip())
            if not value and a.get("CVE_REF") in cv:
                value = cv[a.get("CVE_REF", "")]
            item = _Annotation(a.get("ANNOTATION_ID", ""), tier_id, value)
            if a.tag == "ALIGNABLE_ANNOTATION":
                aligned.append(item)
                refs.append((a.get("TIME_SLOT_REF1", ""), a.get("TIME_SLOT_REF2", "")))
            elif a.tag == "REF_ANNOTATION":
                item.ref = a.get("ANNOTATION_REF")
                item.previous = a.get("PREVIOUS_ANNOTATION")
            found.append(item)
    order = {slot: i for i, slot in enumerate(slots)}
    paired = sorted(zip(aligned, refs, strict=True), key=lambda p: order.get(p[1][0], 0))
    _place_unaligned([p[0] for p in paired], [p[1] for p in paired], slots)
    return found


def _resolve_references(
    annotations: dict[str, _Annotation],
    tier_info: dict[str, tuple[str | None, str | None, str]],
    types: dict[str, etree._Element],
) -> None:
    """Give reference annotations their times, parents first."""
    children: dict[tuple[str, str], list[_Annotation]] = {}
    for a in annotations.values():
        if a.ref is not None:
            children.setdefault((a.ref, a.tier), []).append(a)
    done: set[str] = set()

    def resolve(a: _Annotation, depth: int = 0) -> None:
        if a.annotation_id in done or depth > 50:
            return
        done.add(a.annotation_id)
        if a.ref is None:
            return
        parent = annotations.get(a.ref)
        if parent is None:
            return
        resolve(parent, depth + 1)
        if parent.start_ms is None or parent.end_ms is None:
            return
        siblings = _ordered(children.get((a.ref, a.tier), [a]))
        stereotype = types.get(tier_info[a.tier][2], etree.Element("x")).get("CONSTRAINTS")
        if stereotype == "Symbolic_Subdivision" and len(siblings) > 1:
            share = (parent.end_ms - parent.start_ms) / len(siblings)
            k = siblings.index(a)
            a.start_ms, a.end_ms = parent.start_ms + k * share, parent.start_ms + (k + 1) * share
        else:
            a.start_ms, a.end_ms = parent.start_ms, parent.end_ms

    for a in list(annotations.values()):
        resolve(a)


def _root(a: _Annotation, annotations: dict[str, _Annotation]) -> str:
    """The time-aligned annotation a reference annotation hangs from."""
    seen = {a.annotation_id}
    while a.ref is not None and a.ref in annotations and a.ref not in seen:
        a = annotations[a.ref]
        seen.add(a.annotation_id)
    return a.annotation_id


def _ordered(siblings: list[_Annotation]) -> list[_Annotation]:
    """Children of one parent in their PREVIOUS_ANNOTATION chain order."""
    by_previous = {a.previous: a for a in siblings}
    first = by_previous.get(None)
    if first is None:
        return siblings
    chain = [first]
    while (nxt := by_previous.get(chain[-1].annotation_id)) is not None and len(chain) < len(
        siblings
    ):
        chain.append(nxt)
    return chain if len(chain) == len(siblings) else siblings


def _inherited_annotator(
    tier: str, tier_info: dict[str, tuple[str | None, str | None, str]]
) -> str | None:
    seen = set()
    parent = tier_info[tier][0]
    while parent and parent in tier_info and parent not in seen:
        seen.add(parent)
        if tier_info[parent][1]:
            return tier_info[parent][1]
        parent = tier_info[parent][0]
    return None


def _find_overlaps(
    result: EafFile,
    annotations: dict[str, _Annotation],
    tier_info: dict[str, tuple[str | None, str | None, str]],
    types: dict[str, etree._Element],
) -> None:
    """Annotations of one time-aligned tier that overlap: ELAN never writes these."""
    by_tier: dict[str, list[_Annotation]] = {}
    for a in annotations.values():
        if a.ref is None and a.start_ms is not None and a.end_ms is not None:
            by_tier.setdefault(a.tier, []).append(a)
    for tier, items in by_tier.items():
        items.sort(key=lambda a: (a.start_ms or 0.0, a.end_ms or 0.0))
        for prev, cur in itertools.pairwise(items):
            assert prev.end_ms is not None and cur.start_ms is not None
            if cur.start_ms < prev.end_ms:
                result.overlaps.setdefault(tier, []).append(
                    f"tier '{tier}': annotations {prev.annotation_id} "
                    f"({(prev.start_ms or 0) / 1000:.3f}-{prev.end_ms / 1000:.3f} s) and "
                    f"{cur.annotation_id} (from {cur.start_ms / 1000:.3f} s) overlap; "
                    "ELAN does not allow that on one tier, so the file is damaged"
                )
