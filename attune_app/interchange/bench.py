"""Interchange benchmark figures (not a timed test): `python -m attune_app.interchange.bench`.

A 15-minute phone clip (27,000 frames, variable frame rate, in a temporary library) with N tags
by two coders; measures writing each format (EAF including its XSD check and pympi-ling read
back), the two checks alone, and importing the EAF and the CSV back (parse, map, check, one
transaction). Figures print side by side with the per-tag cost.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from fractions import Fraction
from pathlib import Path

from attune_app.interchange.eaf_schema import pympi_annotation_counts, schema_errors
from attune_app.interchange.selection import select_tags
from attune_app.interchange.tag_export import export_tags
from attune_app.interchange.tag_import import import_tags
from attune_app.media.frame_index import FrameIndex, SeekPoint
from attune_app.services import act_as, add_family, add_session, ensure_local_person
from attune_app.store import records
from attune_app.store.audit import now_iso
from attune_app.store.library import Library

FRAMES = 27_000
PATTERN_90K = [3000, 3000, 3000, 3750, 3000, 3750, 3750, 3000, 6000, 3000, 3003, 2997]


def _clip(library: Library) -> int:
    pts, t = [], 0
    for i in range(FRAMES):
        pts.append(t)
        t += PATTERN_90K[i % len(PATTERN_90K)]
    index = FrameIndex(
        0, Fraction(1, 90_000), tuple(pts), tuple(range(FRAMES)), (SeekPoint(0, 0, 0, 0, 0),), t, 1
    )
    session = add_session(library, add_family(library, "F-bench").id, "2026-01-05")
    with library.transaction() as db:
        return records.insert(
            db,
            "clips",
            {
                "session_id": session.id,
                "media_hash": "0" * 64,
                "media_ext": ".mp4",
                "original_name": "bench.mp4",
                "size_bytes": 1,
                "frame_count": FRAMES,
                "fps": 30.0,
                "duration_s": index.duration_s,
                "width": 1920,
                "height": 1080,
                "rotation": 0,
                "has_audio": 1,
                "codec_name": "hevc",
                "imported_at": now_iso(),
                "frame_index": index.to_json(),
            },
        )


def _tags(library: Library, clip_id: int, count: int, rng: random.Random) -> None:
    from attune_app.services import add_tag

    for n in range(count):
        act_as(library, ["Practitioner Pat", "Supervisor Sam"][n % 2])
        start = rng.randrange(FRAMES - 300)
        add_tag(
            library,
            clip_id,
            in_frame=start,
            out_frame=start + rng.randrange(1, 300),
            cue_frame=start + 5,
            cue_code="smiles",
            response_frame=start + 30,
            response_code="smiles_back",
            principle_codes=["receiving_initiatives"],
            note="a short note",
        )


def _time(run: object) -> float:
    assert callable(run)
    t0 = time.perf_counter()
    run()
    return (time.perf_counter() - t0) * 1000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tags", type=int, default=1000)
    args = parser.parse_args(argv)
    with (
        tempfile.TemporaryDirectory() as work,
        Library.open(Path(work) / "lib", create=True, auto_backup=False) as library,
    ):
        ensure_local_person(library)
        clip_id = _clip(library)
        _tags(library, clip_id, args.tags, random.Random(7))
        selection = select_tags(library, clip_id=clip_id)
        rows = []
        for fmt in ("eaf", "csv", "json", "boris", "boris-aggregated"):
            out = Path(work) / f"out-{fmt}.{'tsv' if fmt.startswith('boris') else fmt}"
            ms = _time(lambda f=fmt, o=out: export_tags(library, selection, f, o))
            rows.append((f"export {fmt}", ms))
        eaf = Path(work) / "out-eaf.eaf"
        rows.append(("  of which XSD check", _time(lambda: schema_errors(eaf.read_bytes()))))
        rows.append(("  of which pympi-ling read", _time(lambda: pympi_annotation_counts(eaf))))
        for name in ("out-eaf.eaf", "out-csv.csv"):
            library.db.execute("DELETE FROM tags")
            path = Path(work) / name
            rows.append(
                (
                    f"import {path.suffix[1:]}",
                    _time(lambda p=path: import_tags(library, p, clip_id)),
                )
            )
        print(f"{args.tags} tags on a {FRAMES}-frame VFR clip")
        print(f"{'step':28} {'ms':>9} {'ms/tag':>8} {'x csv export':>13}")
        base = dict(rows)["export csv"]
        for name, ms in rows:
            print(f"{name:28} {ms:9.1f} {ms / args.tags:8.3f} {ms / base:13.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
