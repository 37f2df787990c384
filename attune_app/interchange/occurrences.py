"""Timed values read from a file (ELAN annotations, BORIS events) and how they become drafts.

Each occurrence sits on a layer (an ELAN tier, a BORIS subject). Its target field comes from
the mapping, or from the file itself when Attune wrote it (`kind`). Occurrences with the same
`group` (the tag an Attune file names, or the annotation an ELAN symbolic child belongs to)
make one tag; others make one tag per distinct span.
"""

from __future__ import annotations

from dataclasses import dataclass

from attune_app.interchange.codebook import CodeBook
from attune_app.interchange.drafts import ReadResult, TagDraft, clean_text
from attune_app.interchange.frame_times import FrameClock
from attune_app.interchange.mapping import TagMapping

KNOWN_KINDS = ("moment", "cue", "response", "principle", "note")


@dataclass(frozen=True)
class Occurrence:
    source: str  # for reports: "tier 'X' annotation a12 at 3.200 s"
    layer: str
    value: str
    start_s: float
    end_s: float  # equal to start_s for a point event
    kind: str | None = None  # set when the file says what it is (Attune's own files)
    group: str | None = None
    coder: str | None = None
    rating: int | None = None


def to_drafts(
    occurrences: list[Occurrence],
    mapping: TagMapping | None,
    codebook: CodeBook,
    clock: FrameClock,
    result: ReadResult,
) -> None:
    """Add to `result` the drafts the occurrences make, and what could not be mapped."""
    unmapped_layers: dict[str, int] = {}
    unmapped_values: dict[tuple[str, str], int] = {}
    groups: dict[tuple[str | None, str], TagDraft] = {}
    key: tuple[str | None, str]
    for occ in occurrences:
        target, code = _target(occ, mapping, codebook)
        if target is None:
            if code == "layer":
                unmapped_layers[occ.layer] = unmapped_layers.get(occ.layer, 0) + 1
            else:
                key = (occ.layer, occ.value)
                unmapped_values[key] = unmapped_values.get(key, 0) + 1
            continue
        if not _within(occ, clock, result):
            continue
        first = clock.nearest_frame(occ.start_s)
        last = first if occ.end_s <= occ.start_s else clock.nearest_end_frame(occ.end_s, first)
        key = (occ.coder, occ.group or f"span {first}-{last}")
        n = 1
        while occ.group is None and _taken(groups.get(key), target):
            n += 1  # two cues at one span of different tiers: two tags
            key = (occ.coder, f"span {first}-{last} #{n}")
        draft = groups.get(key)
        if draft is None:
            draft = TagDraft(occ.source, first, last, coder=occ.coder)
            groups[key] = draft
            result.drafts.append(draft)
        _apply(draft, target, code, first, last, occ, result)
    for layer, count in sorted(unmapped_layers.items()):
        result.skipped.append(f"tier '{layer}': not mapped ({count} annotations left out)")
    for (layer, value), count in sorted(unmapped_values.items()):
        result.skipped.append(
            f"tier '{layer}': value '{value}' is not mapped to a code ({count} left out)"
        )


def _within(occ: Occurrence, clock: FrameClock, result: ReadResult) -> bool:
    """Whether the occurrence lies on the clip; if not, a problem: the file is for other media."""
    slack = 0.5 * clock.duration_s / max(clock.frame_count, 1)
    if occ.start_s < -slack or occ.end_s > clock.duration_s + slack:
        result.problems.append(
            f"{occ.source}: {occ.start_s:.3f}-{occ.end_s:.3f} s is outside the clip "
            f"(0-{clock.duration_s:.3f} s): the file belongs to another or longer recording"
        )
        return False
    return True


def _taken(draft: TagDraft | None, target: str) -> bool:
    return (
        draft is not None
        and target in ("cue", "response")
        and getattr(draft, f"{target}_frame") is not None
    )


def _target(
    occ: Occurrence, mapping: TagMapping | None, codebook: CodeBook
) -> tuple[str | None, str]:
    """(target field, code or text); (None, "layer"|"value") when it cannot be mapped."""
    rule = mapping.tiers.get(occ.layer) if mapping else None
    if rule is None:
        if occ.kind in KNOWN_KINDS and (mapping is None or not mapping.tiers):
            return occ.kind, occ.value
        return None, "layer"
    if rule.target == "note":
        return "note", occ.value
    if occ.value in rule.values:
        return rule.target, rule.values[occ.value]
    if codebook.fits(rule.target, occ.value):
        return rule.target, occ.value
    return None, "value"


def _apply(
    draft: TagDraft,
    target: str,
    code: str,
    first: int,
    last: int,
    occ: Occurrence,
    result: ReadResult,
) -> None:
    if target == "moment":
        draft.in_frame, draft.out_frame = first, last
        words = code.split()
        if len(words) == 2 and words[0] == "rating" and words[1].isdigit():
            draft.rating = int(words[1])
    elif occ.kind is None:  # not Attune's own file: the tag covers all that makes it up
        draft.in_frame, draft.out_frame = min(draft.in_frame, first), max(draft.out_frame, last)
    if target in ("cue", "response"):
        if getattr(draft, f"{target}_frame") is not None:
            result.problems.append(f"{occ.source}: a second {target} for one tag.")
            return
        setattr(draft, f"{target}_frame", first)
        setattr(draft, f"{target}_code", code or None)
    elif target == "principle":
        if code:
            draft.principle_codes.append(code)
    elif target == "note":
        text = clean_text(code)
        draft.note = f"{draft.note}\n{text}" if draft.note else text
    if occ.rating is not None:
        draft.rating = occ.rating
