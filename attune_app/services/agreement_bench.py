"""Agreement benchmark figures (not a timed test): `python -m attune_app.services.agreement_bench`.

Two codings of one long clip, each with `--events` onsets (half cues, half responses, one cue
and one response per tag), the second coder a noisy copy of the first (onsets shifted by up to
0.6 s, some codes changed, some events dropped or added). Measures every statistic together
(event matching, time-unit kappa, Krippendorff's alpha, latency) and the JSON, and prints
optimal against greedy matching side by side.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections.abc import Callable
from functools import partial
from typing import Any

from attune_app.domain import agreement_stats as stats
from attune_app.domain.models import Tag
from attune_app.services.agreement import ClipTimes, Coding, compare_codings, events_of
from attune_app.services.agreement_json import report_as_json

CUES = ("looks_at_parent", "smiles", "vocalises", "reaches", "looks_away", "fusses")
RESPONSES = ("looks_back", "smiles_back", "names", "imitates", "waits", "soothes")
FPS = 25.0
TARGET_MS = 200.0


def make_codings(events: int, rng: random.Random) -> tuple[ClipTimes, Coding, Coding]:
    tags_a: list[Tag] = []
    tags_b: list[Tag] = []
    frame = 10
    for k in range(events // 2):
        cue = frame + rng.randint(0, 10)
        response = cue + rng.randint(5, 40)
        out = response + rng.randint(10, 30)
        cue_code, response_code = rng.choice(CUES), rng.choice(RESPONSES)
        tags_a.append(_tag(k, cue, response, out, cue_code, response_code))
        if rng.random() > 0.08:  # the second coder misses some moments
            shift_cue, shift_resp = rng.randint(-15, 15), rng.randint(-15, 15)
            b_cue = cue_code if rng.random() > 0.15 else rng.choice(CUES)
            b_resp = response_code if rng.random() > 0.15 else rng.choice(RESPONSES)
            tags_b.append(
                _tag(
                    100_000 + k,
                    max(cue + shift_cue, 0),
                    max(response + shift_resp, 0),
                    out,
                    b_cue,
                    b_resp,
                )
            )
        frame = out + rng.randint(5, 60)
    frame_count = frame + 100
    times = ClipTimes.nominal(1, frame_count, FPS)
    return times, Coding("A", 1, tuple(tags_a)), Coding("B", 2, tuple(tags_b))


def _tag(tag_id: int, cue: int, response: int, out: int, cue_code: str, resp_code: str) -> Tag:
    first = min(cue, response)
    return Tag(
        id=tag_id,
        clip_id=1,
        in_frame=first,
        out_frame=max(out, cue, response),
        cue_frame=cue,
        cue_code=cue_code,
        response_frame=response,
        response_code=resp_code,
        principle_codes=("being_attentive",) if tag_id % 3 else ("waiting", "guiding"),
    )


def best_ms(run: Callable[[], Any], repeats: int) -> tuple[float, Any]:
    """Median milliseconds of CPU time (this process), which a busy shared machine disturbs
    less than wall time; `wall_ms` has the wall-clock figure."""
    timings, walls, result = [], [], None
    for _ in range(repeats):
        start, wall = time.process_time(), time.perf_counter()
        result = run()
        timings.append((time.process_time() - start) * 1000)
        walls.append((time.perf_counter() - wall) * 1000)
    _last_wall[0] = statistics.median(walls)
    return statistics.median(timings), result


_last_wall = [0.0]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=10_000, help="onsets per coder")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--tolerance-s", type=float, default=0.5)
    parser.add_argument("--time-unit-s", type=float, default=0.1)
    args = parser.parse_args(argv)
    times, a, b = make_codings(args.events, random.Random(11))
    events_a = sum(len(events_of(times, a, f)) for f in ("cue", "response"))
    events_b = sum(len(events_of(times, b, f)) for f in ("cue", "response"))
    print(
        f"clip: {times.frame_count} frames, {times.end_s / 60:.0f} min at {FPS:g} fps; "
        f"events: A {events_a}, B {events_b}; tolerance {args.tolerance_s} s, "
        f"time unit {args.time_unit_s} s ({times.end_s / args.time_unit_s:.0f} units x 3)"
    )

    def everything() -> Any:
        return compare_codings(
            times, [a, b], tolerance_s=args.tolerance_s, time_unit_s=args.time_unit_s
        )

    total_ms, report = best_ms(everything, args.repeats)
    total_wall = _last_wall[0]
    json_ms, _ = best_ms(lambda: report_as_json(report), args.repeats)
    json_wall = _last_wall[0]
    print(f"{'what':<48}{'cpu ms':>8}{'wall ms':>9}{'target':>8}{'cpu/target':>12}")
    print(
        f"{'every statistic together (compare_codings)':<48}{total_ms:>8.1f}{total_wall:>9.1f}",
        end="",
    )
    print(f"{TARGET_MS:>8.0f}{total_ms / TARGET_MS:>12.2f}")
    print(f"{'  + the JSON with every event (report_as_json)':<48}{json_ms:>8.1f}{json_wall:>9.1f}")

    crowded = crowded_onsets(args.events, random.Random(12))
    families = [
        ([e.time_s for e in events_of(times, a, f)], [e.time_s for e in events_of(times, b, f)])
        for f in ("cue", "response")
    ]
    print()
    print(f"{'matching':<22}{'method':<22}{'pairs':>7}{'total diff s':>14}{'cpu ms':>8}")
    for label, sets in (("the coded clip", families), ("crowded onsets", [crowded])):
        for name, match in (
            ("optimal (exact DP)", stats.match_optimal),
            ("greedy closest-first", stats.match_greedy),
        ):
            pairs, cost, spent = _matching_figures(match, sets, args.tolerance_s, args.repeats)
            print(f"{label:<22}{name:<22}{pairs:>7}{cost:>14.2f}{spent:>8.1f}")

    pair = report.pairs[0]
    overall = report_as_json(report)["pairs"][0]
    print()
    print(f"{'figure':<34}{'value':>10}")
    print(f"{'event kappa, overall':<34}{_fmt(overall['event_based']['overall']['kappa']):>10}")
    print(f"{'time-unit kappa, overall':<34}{_fmt(pair.time_units.overall.kappa):>10}")
    print(f"{'Krippendorff alpha, overall':<34}{_fmt(report.alpha['overall']):>10}")
    print(f"{'latency pairs':<34}{len(pair.latencies):>10}")
    return 0


def crowded_onsets(events: int, rng: random.Random) -> tuple[list[float], list[float]]:
    """Onsets 0.2-0.9 s apart (a burst of vocalising) and a second coder's jittered copy: here
    the closest pair first can take a partner another event needed."""
    a: list[float] = []
    t = 0.0
    for _ in range(events):
        t += rng.uniform(0.2, 0.9)
        a.append(t)
    b = [x + rng.uniform(-0.45, 0.45) for x in a if rng.random() > 0.1]
    return a, b


def _matching_figures(
    match: Callable[[list[float], list[float], float], list[tuple[int, int]]],
    sets: list[tuple[list[float], list[float]]],
    tolerance_s: float,
    repeats: int,
) -> tuple[int, float, float]:
    pairs, cost, spent = 0, 0.0, 0.0
    for ta, tb in sets:
        ms, found = best_ms(partial(match, ta, tb, tolerance_s), repeats)
        pairs += len(found)
        cost += stats.matching_cost_s(ta, tb, found)
        spent += ms
    return pairs, cost, spent


def _fmt(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


if __name__ == "__main__":
    raise SystemExit(main())
