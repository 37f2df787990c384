"""An `AgreementReport` as JSON values (every figure named, with its parameters and the events
behind it, so a third party can recompute it) and as plain text for a person."""

from __future__ import annotations

from typing import Any

from attune_app.domain import agreement_stats as stats
from attune_app.services.agreement import (
    EVENT_FAMILIES,
    AgreementReport,
    CodedEvent,
    FamilyComparison,
    LatencyPair,
    PairComparison,
)
from attune_app.services.agreement_time_units import UNIT_FAMILIES, UnitTable

FORMAT = "attune-agreement/1"
DEFINITIONS = {
    "matching": (
        "Onsets of one family (cue or response) paired one-to-one by time alone, codes not "
        "considered: the most pairs with |time difference| <= tolerance_s, then the least "
        "total difference (exact dynamic programme; optimal, not greedy)."
    ),
    "agreement": "a matched pair whose two codes are the same",
    "disagreement": "a matched pair whose codes differ",
    "only_a / only_b": "an event that only coder a (b) marked: no partner within tolerance_s",
    "percent_agreement": "100 * agreements / (matched pairs + only_a + only_b)",
    "percent_agreement_of_matched": "100 * agreements / matched pairs",
    "kappa": (
        "Cohen's (1960) kappa of the confusion matrix over matched and unmatched events, "
        "an unmatched event's missing partner counted as the category '(unmarked)'"
    ),
    "time_unit": (
        "each coding sampled at the start of every time_unit_s (unit k starts at k * "
        "time_unit_s), using the frame on screen then; cue code from the cue frame to the tag's "
        "out frame, response code from the response frame to the tag's out frame, principles "
        "(sorted set joined by '+') over the tag's in..out frames; a later onset wins where "
        "one coder's tags overlap; '(unmarked)' units count; overall pools the families' units"
    ),
    "krippendorff_alpha": "nominal alpha of all coders over the same time units",
    "latency": (
        "for a cue pair and a response pair that match the same two tags: response time - "
        "cue time per coder, and b's latency - a's"
    ),
    "times": "seconds from the first frame, from each frame's own presentation time",
}


def report_as_json(report: AgreementReport) -> dict[str, Any]:
    clip = report.clip
    return {
        "format": FORMAT,
        "clip": {
            "id": clip.clip_id,
            "frame_count": clip.frame_count,
            "fps": clip.fps,
            "duration_s": round(clip.end_s, 6),
            "frame_times": clip.source,
        },
        "coders": [
            {"name": c.name, "person_id": c.person_id, "tags": len(c.tags)} for c in report.codings
        ],
        "parameters": {
            "tolerance_s": report.tolerance_s,
            "time_unit_s": report.time_unit_s,
            "event_families": list(EVENT_FAMILIES),
            "time_unit_families": list(UNIT_FAMILIES),
            "unmarked_category": stats.UNMARKED,
            "time_epsilon_s": stats.TIME_EPSILON_S,
        },
        "definitions": DEFINITIONS,
        "pairs": [_pair_json(pair) for pair in report.pairs],
        "krippendorff_alpha": {
            "level": "nominal",
            "coders": [c.name for c in report.codings],
            "units": "time units",
            **report.alpha,
        },
    }


def _pair_json(pair: PairComparison) -> dict[str, Any]:
    families = [pair.events[f] for f in EVENT_FAMILIES]
    return {
        "a": pair.a,
        "b": pair.b,
        "event_based": {
            **{f.family: family_json(f) for f in families},
            "overall": _overall_json(families),
        },
        "time_unit": {
            **{name: _units_json(t) for name, t in pair.time_units.families.items()},
            "overall": _units_json(pair.time_units.overall),
        },
        "latency": latency_json(pair.latencies),
    }


def family_json(family: FamilyComparison) -> dict[str, Any]:
    a, b = family.labels
    categories = [stats.UNMARKED, *sorted((set(a) | set(b)) - {stats.UNMARKED})]
    return {
        **_counts_json(a, b, categories, len(family.pairs)),
        "per_code": {code: _code_json(a, b, code) for code in categories[1:]},
        "matching": {
            "optimal_pairs": len(family.pairs),
            "optimal_total_difference_s": round(sum(abs(p.difference_s) for p in family.pairs), 6),
        },
        "matched": [
            {"a": _event(p.a), "b": _event(p.b), "difference_s": round(p.difference_s, 6)}
            for p in family.pairs
        ],
        "unmatched_a": [_event(e) for e in family.only_a],
        "unmatched_b": [_event(e) for e in family.only_b],
    }


def _overall_json(families: list[FamilyComparison]) -> dict[str, Any]:
    a: list[str] = []
    b: list[str] = []
    for family in families:
        fa, fb = family.labels
        a += [_prefixed(family.family, x) for x in fa]
        b += [_prefixed(family.family, x) for x in fb]
    categories = [stats.UNMARKED, *sorted((set(a) | set(b)) - {stats.UNMARKED})]
    return _counts_json(a, b, categories, sum(len(f.pairs) for f in families))


def _prefixed(family: str, code: str) -> str:
    return code if code == stats.UNMARKED else f"{family}:{code}"


def _counts_json(a: list[str], b: list[str], categories: list[str], pairs: int) -> dict[str, Any]:
    agreements = sum(1 for x, y in zip(a, b, strict=True) if x == y)
    only_a = sum(1 for y in b if y == stats.UNMARKED)
    only_b = sum(1 for x in a if x == stats.UNMARKED)
    matrix = stats.confusion_matrix(a, b, categories)
    return {
        "events_a": pairs + only_a,
        "events_b": pairs + only_b,
        "matched_pairs": pairs,
        "agreements": agreements,
        "disagreements": pairs - agreements,
        "only_a": only_a,
        "only_b": only_b,
        "percent_agreement": _round(stats.percent(agreements, len(a))),
        "percent_agreement_of_matched": _round(stats.percent(agreements, pairs)),
        "kappa": _round(stats.cohen_kappa(matrix)),
        "confusion": {"rows": "a", "columns": "b", "categories": categories, "matrix": matrix},
    }


def _code_json(a: list[str], b: list[str], code: str) -> dict[str, Any]:
    rows = list(zip(a, b, strict=True))
    agreements = sum(1 for x, y in rows if x == y == code)
    involved = [(x, y) for x, y in rows if code in (x, y)]
    only_a = sum(1 for x, y in involved if x == code and y == stats.UNMARKED)
    only_b = sum(1 for x, y in involved if y == code and x == stats.UNMARKED)
    return {
        "agreements": agreements,
        "disagreements": len(involved) - agreements - only_a - only_b,
        "only_a": only_a,
        "only_b": only_b,
        "percent_agreement": _round(stats.percent(agreements, len(involved))),
    }


def _units_json(table: UnitTable) -> dict[str, Any]:
    return {
        "units": table.units,
        "agreements": table.agreements,
        "percent_agreement": _round(stats.percent(table.agreements, table.units)),
        "kappa": _round(table.kappa),
        "confusion": {
            "rows": "a",
            "columns": "b",
            "categories": list(table.categories),
            "matrix": [list(row) for row in table.matrix],
        },
    }


def latency_json(latencies: tuple[LatencyPair, ...]) -> dict[str, Any]:
    differences = [abs(p.difference_s) for p in latencies]
    return {
        "pairs": len(latencies),
        "mean_abs_difference_s": _round(sum(differences) / len(differences))
        if differences
        else None,
        "max_abs_difference_s": _round(max(differences)) if differences else None,
        "matched": [
            {
                "a_tag": p.a_tag_id,
                "b_tag": p.b_tag_id,
                "a_latency_s": round(p.a_latency_s, 6),
                "b_latency_s": round(p.b_latency_s, 6),
                "a_latency_frames": p.a_latency_frames,
                "b_latency_frames": p.b_latency_frames,
                "difference_s": round(p.difference_s, 6),
            }
            for p in latencies
        ],
    }


def _event(event: CodedEvent) -> dict[str, Any]:
    return {
        "tag": event.tag_id,
        "frame": event.frame,
        "time_s": round(event.time_s, 6),
        "code": event.code,
    }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 6)


def report_as_text(report: AgreementReport) -> str:
    """A plain summary for a person: the figures, not the event lists."""
    data = report_as_json(report)
    clip = data["clip"]
    lines = [
        f"Clip {clip['id']}: {clip['frame_count']} frames, {clip['duration_s']:.2f} s "
        f"(times from {clip['frame_times'].replace('_', ' ')})",
        f"Tolerance {report.tolerance_s:g} s, time unit {report.time_unit_s:g} s",
    ]
    for pair in data["pairs"]:
        lines += ["", f"{pair['a']} (a) and {pair['b']} (b)", "  Events (onsets matched):"]
        for name in (*EVENT_FAMILIES, "overall"):
            f = pair["event_based"][name]
            lines.append(
                f"    {name:<9} pairs {f['matched_pairs']}, agree {f['agreements']}, "
                f"disagree {f['disagreements']}, only {pair['a']} {f['only_a']}, "
                f"only {pair['b']} {f['only_b']}; {_pct(f['percent_agreement'])} agreement, "
                f"kappa {_num(f['kappa'])}"
            )
        lines.append(f"  Time units of {report.time_unit_s:g} s:")
        for name in (*UNIT_FAMILIES, "overall"):
            t = pair["time_unit"][name]
            lines.append(
                f"    {name:<9} {t['units']} units, {_pct(t['percent_agreement'])} agreement, "
                f"kappa {_num(t['kappa'])}"
            )
        lat = pair["latency"]
        lines.append(
            f"  Latency: {lat['pairs']} cue-response pairs both marked; difference mean "
            f"{_num(lat['mean_abs_difference_s'])} s, largest {_num(lat['max_abs_difference_s'])} s"
        )
    alpha = data["krippendorff_alpha"]
    lines += [
        "",
        f"Krippendorff's alpha (nominal, {', '.join(alpha['coders'])}, time units): "
        + ", ".join(f"{name} {_num(alpha[name])}" for name in (*UNIT_FAMILIES, "overall")),
    ]
    return "\n".join(lines) + "\n"


def _num(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1f}%"
