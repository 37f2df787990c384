"""Kill a writing process at random moments; the library must stay whole every time."""

from __future__ import annotations

import hashlib
import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from attune_app.store import records
from attune_app.store.audit import now_iso
from attune_app.store.check import check_library
from attune_app.store.errors import LibraryBusyError
from attune_app.store.library import Library

ROOT = Path(__file__).resolve().parents[2]
KILLS = 32
MOST_TAGS_BEFORE_A_KILL = 12
HANG_S = 300.0  # only a guard against a writer that never writes; no result depends on it


def _library_with_a_clip(path: Path) -> int:
    with Library.open(path, create=True) as library, library.transaction() as db:
        content = b"crash-test media"
        digest = hashlib.sha256(content).hexdigest()
        (library.media_dir / f"{digest}.mp4").write_bytes(content)
        family = records.insert(db, "families", {"ref": "F-crash", "created_at": now_iso()})
        session = records.insert(
            db, "sessions", {"family_id": family, "date": "2026-01-01", "kind": "filming"}
        )
        values = {
            "session_id": session, "media_hash": digest, "media_ext": ".mp4",
            "original_name": "x.mp4", "size_bytes": len(content), "frame_count": 250,
            "fps": 25.0, "duration_s": 10.0, "width": 64, "height": 64, "rotation": 0,
            "has_audio": 0, "codec_name": "h264", "imported_at": now_iso(),
        }  # fmt: skip
        return records.insert(db, "clips", values)


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_killed_writers_never_lose_a_printed_tag(tmp_path: Path) -> None:
    path = tmp_path / "library"
    clip_id = _library_with_a_clip(path)
    rng = random.Random(1234)
    printed: set[int] = set()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for _ in range(KILLS):
        child = subprocess.Popen(
            [sys.executable, "-m", "tests.store.crash_writer", str(path), str(clip_id)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=ROOT,
            env=env,
        )
        printed |= _kill_while_writing(child, rng)
        out, err = child.communicate()
        assert child.returncode == -signal.SIGKILL, err.decode()
        lines = out.decode().split("\n")
        printed |= {int(line) for line in lines[:-1]}  # the last piece has no newline: not printed
        _assert_whole(path, printed)
    assert len(printed) > KILLS  # the kills really did land while tags were being written


def _kill_while_writing(child: subprocess.Popen[bytes], rng: random.Random) -> set[int]:
    """Kill the writer once it has committed and printed a random number of tags, a random
    fraction of a write later: the kill lands inside the writing loop however long the child
    took to start (on a busy machine, longer than any fixed wait). Returns the ids it read."""
    assert child.stdout is not None and child.stderr is not None
    guard = threading.Timer(HANG_S, child.kill)
    guard.start()
    try:
        read = set()
        for _ in range(rng.randint(1, MOST_TAGS_BEFORE_A_KILL)):
            line = child.stdout.readline()
            assert line.endswith(b"\n"), f"the writer stopped: {child.stderr.read().decode()}"
            read.add(int(line))
        time.sleep(rng.uniform(0.0, 0.02))  # where in the next write the kill lands
        child.send_signal(signal.SIGKILL)
    finally:
        guard.cancel()
    return read


def _assert_whole(path: Path, printed: set[int]) -> None:
    with Library.open(path, auto_backup=False) as library:
        report = check_library(library)
        assert report.ok, report.problems
        assert library.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        ids = {row[0] for row in library.db.execute("SELECT id FROM tags")}
        assert printed <= ids
        audited = {
            row[0]
            for row in library.db.execute(
                "SELECT entity_id FROM audit_log WHERE action = 'add_tag' AND entity = 'tag'"
            )
        }
        assert ids == audited  # every tag that exists has its audit entry, and no more


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_other_process_is_named_then_its_crashed_lock_taken_over(tmp_path: Path) -> None:
    path = tmp_path / "library"
    Library.open(path, create=True).close()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys\n"
            "from attune_app.store.library import Library\n"
            "library = Library.open(sys.argv[1])\n"
            "print('open', flush=True)\n"
            "sys.stdin.read()\n",  # holds the library until killed, however long that takes
            str(path),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == b"open\n"
        with pytest.raises(LibraryBusyError, match=f"process {holder.pid}, since "):
            Library.open(path)
        with Library.open(path, read_only=True) as view:
            assert view.db.execute("SELECT count(*) FROM coding_schemes").fetchone()[0] > 0
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.communicate()
    with Library.open(path) as library:
        assert any(f"process {holder.pid}" in notice for notice in library.notices)
