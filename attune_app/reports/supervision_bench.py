"""Supervision benchmark figures (not a timed test):
`python -m attune_app.reports.supervision_bench`.

It lives beside the reports, not in `services`, because it times a report and the layers let
reports use services but not the other way round.

1. The supervision list of 1,000 sessions (200 families, 5 practitioners, one clip and four
   tags each, a third returned or signed off, some comment threads): all of it, and filtered
   by state and by practitioner. Target < 50 ms.
2. The report of a family with 3 cycles (one 10-minute clip each, 40 answered moments per
   cycle, comments and a sign-off), as PDF and as HTML, first (with matplotlib's import) and
   warm. Target < 3 s.
"""

from __future__ import annotations

import argparse
import hashlib
import statistics
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from attune_app.reports.session_report import report_family
from attune_app.services.supervision import ReviewFilter, review_queue
from attune_app.store import records
from attune_app.store.audit import now_iso
from attune_app.store.library import Library

LIST_TARGET_MS = 50.0
REPORT_TARGET_MS = 3000.0


def _clip(db: object, session_id: int, seed: str, minutes: float) -> int:
    digest = hashlib.sha256(seed.encode()).hexdigest()
    frames = int(minutes * 60 * 25)
    return records.insert(
        db,  # type: ignore[arg-type]
        "clips",
        {
            "session_id": session_id, "media_hash": digest, "media_ext": ".mp4",
            "original_name": "visit.mp4", "size_bytes": 1, "frame_count": frames, "fps": 25.0,
            "duration_s": frames / 25.0, "width": 320, "height": 240, "rotation": 0,
            "has_audio": 0, "codec_name": "h264", "imported_at": now_iso(),
        },
    )  # fmt: skip


def _tag(db: object, clip_id: int, cue: int, latency: int, author: int) -> None:
    now = now_iso()
    records.insert(
        db,  # type: ignore[arg-type]
        "tags",
        {
            "clip_id": clip_id, "in_frame": cue, "out_frame": cue + latency + 25,
            "cue_frame": cue, "cue_code": "smiles", "response_frame": cue + latency,
            "response_code": "smiles_back", "principle_codes": '["receiving_initiatives"]',
            "author_id": author, "created_at": now, "updated_at": now,
        },
    )  # fmt: skip


def build_sessions(library: Library, sessions: int = 1000) -> None:
    with library.transaction() as db:
        people = [_person(db, f"P{n}", "practitioner") for n in range(5)]
        sup = _person(db, "S", "supervisor")
        families = [
            records.insert(db, "families", {"ref": f"F-{n:04d}", "created_at": now_iso()})
            for n in range(200)
        ]
        for n in range(sessions):
            values = {
                "family_id": families[n % 200], "practitioner_id": people[n % 5],
                "date": f"2026-{1 + n % 12:02d}-{1 + n % 28:02d}", "kind": "filming",
                "cycle": 1 + n // 200,
            }  # fmt: skip
            session_id = records.insert(db, "sessions", values)
            clip_id = _clip(db, session_id, f"s{n}", 0.2)
            for k in range(4):
                _tag(db, clip_id, 20 + k * 50, 10 + k, people[n % 5])
            if n % 3:
                state = "returned" if n % 3 == 1 else "signed_off"
                db.execute(
                    "INSERT INTO review_states (session_id, state, reason, person_id, at) "
                    "VALUES (?, ?, '', ?, ?)",
                    [session_id, state, sup, now_iso()],
                )
            if n % 4 == 0:
                db.execute(
                    "INSERT INTO comments (author_id, text, created_at, session_id) "
                    "VALUES (?, 'look', ?, ?)",
                    [sup, now_iso(), session_id],
                )


def build_family(library: Library) -> None:
    with library.transaction() as db:
        who = _person(db, "Pat", "practitioner")
        family = records.insert(db, "families", {"ref": "F-BENCH", "created_at": now_iso()})
        for cycle in (1, 2, 3):
            values = {"family_id": family, "practitioner_id": who, "date": f"2026-0{cycle}-01",
                      "kind": "filming", "cycle": cycle}  # fmt: skip
            session_id = records.insert(db, "sessions", values)
            clip_id = _clip(db, session_id, f"family {cycle}", 10.0)
            for k in range(40):
                _tag(db, clip_id, 100 + k * 300, 50 - cycle * 10 + k % 7, who)
            for _ in range(5):
                db.execute(
                    "INSERT INTO comments (author_id, text, created_at, session_id) "
                    "VALUES (?, 'A good moment to show the parent', ?, ?)",
                    [who, now_iso(), session_id],
                )


def _median_ms(run: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def _person(db: object, name: str, profile: str) -> int:
    values = {"display_name": name, "profile": profile, "created_at": now_iso()}
    return records.insert(db, "people", values)  # type: ignore[arg-type]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=15)
    options = parser.parse_args()
    repeats = options.repeats
    rows: list[tuple[str, float, float]] = []
    with tempfile.TemporaryDirectory(prefix="attune-supervision-bench-") as work:
        out = Path(work)
        with Library.open(out / "lib", create=True, auto_backup=False) as library:
            build_sessions(library)
            found = library.db.execute("SELECT id FROM people WHERE profile = 'supervisor'")
            library.actor = int(found.fetchone()[0])
            assert len(review_queue(library)) == 1000
            for name, where in (
                ("list 1,000 sessions", ReviewFilter()),
                ("list, state = returned", ReviewFilter(state="returned")),
                ("list, practitioner + family", ReviewFilter(practitioner_id=1, family_ref="F-00")),
            ):
                ms = _median_ms(partial(review_queue, library, where), repeats)
                rows.append((name, ms, LIST_TARGET_MS))
            build_family(library)

            def family(suffix: str) -> Callable[[], object]:
                return lambda: report_family(library, "F-BENCH", out / f"family{suffix}")

            rows.append(
                ("family report PDF, first", _median_ms(family(".pdf"), 1), REPORT_TARGET_MS)
            )
            rows.append(
                ("family report PDF, warm", _median_ms(family(".pdf"), 5), REPORT_TARGET_MS)
            )
            rows.append(
                ("family report HTML, warm", _median_ms(family(".html"), 5), REPORT_TARGET_MS)
            )
    print(f"{'measure':32} {'median ms':>10} {'target ms':>10} {'ratio':>7}")
    for name, value, target in rows:
        print(f"{name:32} {value:10.1f} {target:10.0f} {value / target:7.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
