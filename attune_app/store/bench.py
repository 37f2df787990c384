"""Store benchmark figures (not a timed test): `python -m attune_app.store.bench`.

Builds a library of 200 clips and 100,000 tags (each with its audit entry) in a temporary
folder, then measures: open, listing one clip's tags, full-text search, single tag inserts
(one transaction with its audit entry, synchronous=FULL so fsync included) and check.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from attune_app.store import queries, records
from attune_app.store.audit import now_iso
from attune_app.store.check import check_library
from attune_app.store.library import Library

WORDS = [
    "smiled",
    "looked",
    "waited",
    "turn",
    "reached",
    "named",
    "mirrored",
    "soothed",
    "calm",
    "giggle",
    "bottle",
    "toy",
    "blanket",
    "song",
    "nappy",
    "peekaboo",
    "eyes",
    "face",
    "hand",
    "voice",
    "pause",
    "lovely",
    "gentle",
    "quick",
    "slow",
    "followed",
    "lead",
]
TARGETS_MS = {"open": 200.0, "list": 10.0, "search": 50.0}


def build(path: Path, clips: int, tags: int, rng: random.Random) -> list[int]:
    with Library.open(path, create=True, auto_backup=False) as library, library.transaction() as db:
        family = records.insert(db, "families", {"ref": "F-bench", "created_at": now_iso()})
        session = records.insert(
            db, "sessions", {"family_id": family, "date": "2026-01-01", "kind": "filming"}
        )
        clip_ids = [_add_clip(library, session, n) for n in range(clips)]
        for n in range(tags):
            _add_tag(library, clip_ids[n % clips], rng)
    return clip_ids


def _add_clip(library: Library, session: int, n: int) -> int:
    content = f"bench clip {n}".encode()
    digest = hashlib.sha256(content).hexdigest()
    (library.media_dir / f"{digest}.mp4").write_bytes(content)
    values = {
        "session_id": session, "media_hash": digest, "media_ext": ".mp4",
        "original_name": f"clip{n}.mp4", "size_bytes": len(content), "frame_count": 9000,
        "fps": 25.0, "duration_s": 360.0, "width": 1920, "height": 1080, "rotation": 0,
        "has_audio": 1, "codec_name": "h264", "imported_at": now_iso(),
    }  # fmt: skip
    clip_id = records.insert(library.db, "clips", values)
    library.audit("import_clip", "clip", clip_id, {"media_hash": digest})
    return clip_id


def _add_tag(library: Library, clip_id: int, rng: random.Random) -> int:
    start = rng.randrange(0, 8900)
    now = now_iso()
    values = {
        "clip_id": clip_id, "in_frame": start, "out_frame": start + rng.randrange(1, 100),
        "cue_frame": start, "cue_code": "smiles", "response_frame": start + rng.randrange(1, 40),
        "response_code": "smiles_back", "principle_codes": '["receiving_initiatives"]',
        "note": " ".join(rng.choices(WORDS, k=8)), "created_at": now, "updated_at": now,
    }  # fmt: skip
    tag_id = records.insert(library.db, "tags", values)
    library.audit("add_tag", "tag", tag_id, {"clip_id": clip_id, "in_frame": start})
    return tag_id


def timed_ms(action: Callable[[], Any], repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return times


def _once(action: Callable[[], Any]) -> float:
    return timed_ms(action, 1)[0]


def measure(path: Path, clip_ids: list[int], inserts: int, rng: random.Random) -> dict[str, str]:
    with Library.open(path) as library:
        library.backup()  # so the measured opens find nothing changed
    opens = timed_ms(lambda: Library.open(path).close(), 5)
    figures = {"open": _fmt(opens)}
    with Library.open(path, auto_backup=False) as library:
        some = rng.sample(clip_ids, 20)
        lists = [_once(partial(queries.tags_for_clip, library.db, clip_id)) for clip_id in some]
        figures["list"] = _fmt(lists) + f" ({len(queries.tags_for_clip(library.db, some[0]))} tags)"
        terms = ["smiled", "peekaboo blanket", "gent", "lovely quick toy"]
        searches = [_once(partial(queries.search, library.db, term)) for term in terms * 3]
        figures["search"] = _fmt(searches) + f" (top 200 hits; terms {terms})"
        figures["insert"] = _insert_figures(library, clip_ids, inserts, rng)
        start = time.perf_counter()
        report = check_library(library, repair=False)
        figures["check"] = f"{(time.perf_counter() - start) * 1000:.0f} ms (ok={report.ok})"
    return figures


def _insert_figures(library: Library, clip_ids: list[int], count: int, rng: random.Random) -> str:
    def insert_one() -> None:
        with library.transaction():
            _add_tag(library, rng.choice(clip_ids), rng)

    times = sorted(timed_ms(insert_one, count))
    p50, p95 = times[len(times) // 2], times[int(len(times) * 0.95)]
    return f"p50 {p50:.2f} ms, p95 {p95:.2f} ms over {count} inserts"


def _fmt(times_ms: list[float]) -> str:
    return f"median {statistics.median(times_ms):.2f} ms, max {max(times_ms):.2f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--clips", type=int, default=200)
    parser.add_argument("--tags", type=int, default=100_000)
    parser.add_argument("--inserts", type=int, default=200)
    args = parser.parse_args()
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "library"
        start = time.perf_counter()
        clip_ids = build(path, args.clips, args.tags, rng)
        print(f"built {args.clips} clips, {args.tags} tags in {time.perf_counter() - start:.1f} s")
        figures = measure(path, clip_ids, args.inserts, rng)
    for name, text in figures.items():
        target = TARGETS_MS.get(name)
        print(f"{name:>7}: {text}" + (f"  [target < {target:.0f} ms]" if target else ""))


if __name__ == "__main__":
    main()
