"""Erasure reports its progress by step, and a cancel is honoured only before the irreversible
step: cancelled during the check, nothing changes; asked later, it is ignored and the family is
erased to the end (a half-erased family would still sit in its backups)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from attune_app.services import add_tag
from attune_app.services.erasure import (
    ERASURE_STEPS,
    IRREVERSIBLE_STEP,
    ErasureCancelled,
    ErasureStep,
    erase_family,
)
from attune_app.services.importing import import_clip
from attune_app.services.people import ensure_local_person
from attune_app.store.backup import list_backups
from attune_app.store.library import Library
from tests.services.fake_clips import add_fake_clip
from tests.services.video_files import write_test_clip

REF = "F-PROGRESS-1"


def _seed(library: Library, tmp_path: Path, clips: int = 2) -> list[str]:
    """`clips` films of the family, tagged, beside another family's; one manual backup."""
    add_fake_clip(library, content=b"another family's film")
    hashes = []
    for number in range(clips):
        source = write_test_clip(tmp_path / f"visit-{number}.mp4", frames=6, seed=100 * number)
        clip = import_clip(library, source, family_ref=REF, session_date=f"2026-02-0{number + 1}")
        add_tag(library, clip.id, in_frame=1, out_frame=4, note=f"QMARKprog{number}")
        hashes.append(clip.media_hash)
    library.backup(label="manual")
    return hashes


@pytest.fixture
def seeded(tmp_path: Path) -> Iterator[tuple[Library, list[str]]]:
    with Library.open(tmp_path / "library", create=True) as library:
        ensure_local_person(library)
        yield library, _seed(library, tmp_path)


def _family_count(library: Library) -> int:
    return int(library.db.execute("SELECT count(*) FROM families").fetchone()[0])


def test_progress_counts_every_step_to_its_end(seeded: tuple[Library, list[str]]) -> None:
    library, hashes = seeded
    backups = len(list_backups(library.backups_dir))
    seen: list[tuple[int, int]] = []
    steps: list[ErasureStep] = []
    report = erase_family(
        library, REF, confirm=REF, progress=lambda d, t: seen.append((d, t)), step=steps.append
    )
    assert [s.name for s in steps] == list(ERASURE_STEPS)
    counts = {s.name: s.count for s in steps}
    assert counts["files"] == len(hashes) and counts["backups"] == backups
    assert counts["records"] == sum(report.rows.values())
    total = 4 + len(hashes) + backups
    assert seen[-1] == (total, total)
    dones = [d for d, _t in seen]
    assert dones == sorted(dones) and set(range(total + 1)) <= set(dones)
    assert report.media_files == len(hashes)


def test_a_cancel_during_the_check_leaves_everything_in_place(
    seeded: tuple[Library, list[str]],
) -> None:
    library, hashes = seeded
    files_before = sorted(p.name for p in library.media_dir.iterdir())
    audit_before = library.db.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    backups_before = {b.path: b.path.stat().st_mtime_ns for b in list_backups(library.backups_dir)}
    steps: list[str] = []
    with pytest.raises(ErasureCancelled, match="nothing was erased"):
        erase_family(
            library, REF, confirm=REF, cancelled=lambda: True, step=lambda s: steps.append(s.name)
        )
    assert steps == ["check"]
    assert _family_count(library) == 2
    assert sorted(p.name for p in library.media_dir.iterdir()) == files_before
    assert all(any(h in name for name in files_before) for h in hashes)
    assert library.db.execute("SELECT count(*) FROM audit_log").fetchone()[0] == audit_before
    after = {b.path: b.path.stat().st_mtime_ns for b in list_backups(library.backups_dir)}
    assert after == backups_before
    assert library.db.execute("SELECT count(*) FROM erasures").fetchone()[0] == 0


def test_a_cancel_once_the_records_step_started_is_ignored(
    seeded: tuple[Library, list[str]],
) -> None:
    library, hashes = seeded
    started: list[str] = []
    report = erase_family(
        library,
        REF,
        confirm=REF,
        step=lambda s: started.append(s.name),
        cancelled=lambda: IRREVERSIBLE_STEP in started,  # the user presses Cancel too late
    )
    assert started == list(ERASURE_STEPS)
    assert report.media_files == len(hashes)
    assert _family_count(library) == 1
    assert not any(h in p.name for p in library.media_dir.iterdir() for h in hashes)
